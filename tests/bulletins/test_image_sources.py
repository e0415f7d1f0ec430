"""An image in a bulletin cannot act as its reader: images come only from the bulletin's
own attachments or the app's static files, and no GET that a page can embed records anything."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bulletins import attachments
from bulletins.models import BulletinRead
from bulletins.rendering import image_sources, render_markdown
from intranet.extensions import db
from intranet.markdown import ImageSources
from tests.bulletins.test_attachments import PNG
from tests.conftest import PageForm


def readers_of(bulletin) -> set[int]:
    db.session.expire_all()
    return set(db.session.scalars(select(BulletinRead.person_id).where(BulletinRead.bulletin_id == bulletin.id)))


@pytest.mark.parametrize("src", [
    "/bulletins/3/open", "/bulletins/3", "/auth/logout", "https://evil.example/x.png", "//evil.example/x.png",
    "http://localhost/bulletins/3/open", "/static/../bulletins/3/open", "/static/%2e%2e/bulletins/3/open",
    "/static//bulletins", "/static/img/ura.svg?next=/bulletins/3/open", "static/img/ura.svg", "javascript:alert(1)",
    "/bulletins/1/attachments/99",
])
def test_images_from_anywhere_but_the_allowed_sources_are_refused(src):
    sources = ImageSources.of(["/bulletins/1/attachments/7"])
    assert not sources.allows(src)
    html = str(render_markdown(f"Look: ![the plan]({src})"))
    assert "<img" not in html and "the plan" in html  # the reader still gets the description


def test_static_files_and_the_bulletins_own_attachments_are_shown(people, write):
    bulletin = write(people["director"])
    attachment = attachments.add_attachment(people["director"], bulletin, "plan.png", PNG)
    own = f"/bulletins/{bulletin.id}/attachments/{attachment.id}"
    html = str(render_markdown(f"![the plan]({own}) ![logo](/static/img/ura.svg)", bulletin))
    assert f'src="{own}"' in html and 'src="/static/img/ura.svg"' in html
    # Another bulletin's attachment is not this one's.
    other = write(people["director"], title="Other")
    assert "<img" not in str(render_markdown(f"![the plan]({own})", other))
    assert image_sources(None).allows("/static/img/ura.svg")


def test_an_image_pointing_at_another_bulletin_records_no_reading_of_it(people, client_as, write):
    target = write(people["director"], title="Target")
    trap = write(people["director"], title="Trap",
                 body=f"![x](/bulletins/{target.id}/open) ![y](/bulletins/{target.id})")
    employee = client_as(people["employee"])
    page = employee.get(f"/bulletins/{trap.id}").get_data(as_text=True)
    assert f"/bulletins/{target.id}" not in page.split("<main", 1)[1].split("</main>", 1)[0].replace(
        f'href="/bulletins/{trap.id}', "")
    # What a browser would fetch for an image, had one slipped through: nothing is recorded.
    employee.get(f"/bulletins/{target.id}/open", headers={"Sec-Fetch-Dest": "image"})
    employee.get(f"/bulletins/{target.id}", headers={"Sec-Fetch-Dest": "image"})
    assert people["employee"].id not in readers_of(target)
    assert people["employee"].id in readers_of(trap)


def test_the_open_link_writes_nothing_and_the_page_itself_counts_the_reading(people, client_as, write):
    bulletin = write(people["director"])
    employee = client_as(people["employee"])
    response = employee.get(f"/bulletins/{bulletin.id}/open")
    assert response.status_code == 302 and response.location.endswith(f"/bulletins/{bulletin.id}")
    assert readers_of(bulletin) == set()
    employee.get(response.location, headers={"Sec-Fetch-Dest": "document"})
    employee.get(response.location)
    assert readers_of(bulletin) == {people["employee"].id}


def test_the_editors_preview_names_an_image_from_elsewhere(people, client_as, write):
    bulletin = write(people["director"], submit=False)
    director = client_as(people["director"])
    form = PageForm(director.get(f"/bulletins/{bulletin.id}/edit").data, action="",
                    base_url=f"/bulletins/{bulletin.id}/edit")
    body_field = next(name for name in sorted(form.names()) if name.startswith("body_"))
    form.fill(**{body_field: "![Staff](/bulletins/1/open)"})
    html = form.submit(director, button="preview").get_data(as_text=True)
    assert "Images can only come from this page&#39;s own attachments" in html
    assert "![Staff](/bulletins/1/open)" in html  # what the author typed is kept


def test_the_live_preview_shows_the_bulletins_own_attachment_and_names_others(people, units, make_person,
                                                                              client_as, write):
    bulletin = write(people["director"], submit=False)
    attachment = attachments.add_attachment(people["director"], bulletin, "plan.png", PNG)
    own = f"/bulletins/{bulletin.id}/attachments/{attachment.id}"
    director = client_as(people["director"])
    edit_page = director.get(f"/bulletins/{bulletin.id}/edit").get_data(as_text=True)
    preview_url = f"/bulletins/preview?bulletin={bulletin.id}"
    assert f'data-url="{preview_url}"' in edit_page
    shown = director.post(preview_url, data={"body": f"![the plan]({own})"}).get_json()
    assert shown["problem"] == "" and f'src="{own}"' in shown["html"]
    elsewhere = director.post(preview_url, data={"body": "![the plan](/bulletins/1/open)"}).get_json()
    assert "Images can only come from" in elsewhere["problem"] and "<img" not in elsewhere["html"]
    # Someone who may not edit the bulletin gets no view of its attachments through the preview.
    other_director = make_person("Other Director", unit=units["other"], head_of=units["other"])
    other = client_as(other_director).post(preview_url, data={"body": f"![the plan]({own})"}).get_json()
    assert "<img" not in other["html"]
