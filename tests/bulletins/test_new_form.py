"""The new-bulletin page as it is drawn: texts per language, a file attached at once, a local
publishing time, units chosen in a tree of checkboxes; the reviewer's side-by-side languages;
unit names in "My bulletins"; shares on the reach page; named history steps."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

from sqlalchemy import select

from bulletins import reading, services
from bulletins.models import Bulletin
from intranet.extensions import db
from tests.bulletins.conftest import NOW
from tests.forms import PageForm

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SIGNED = "Takimi i stafit të premten.\n\nMe respekt,\nDrejtoria e Arsimit"


def _new_form(client) -> PageForm:
    page = client.get("/bulletins/new")
    assert page.status_code == 200
    return PageForm(page.get_data(as_text=True), action="", base_url="http://localhost/bulletins/new")


def test_the_new_page_saves_texts_a_file_a_local_time_and_the_units_ticked(people, units, make_unit, client_as):
    sub = make_unit("SUB", "School inspection", parent_id=units["own"].id)
    client = client_as(people["director"])
    form = _new_form(client)
    assert {str(units["own"].id), str(sub.id), str(units["other"].id)} <= set(form.options("units"))
    assert form.get_all("units") == [str(units["own"].id)], "the director's own unit is ticked to start with"
    form.fill(title_sq="Takimi i stafit", body_sq=SIGNED, category="event", publish_at="2099-03-10T09:30")
    form.uncheck("units", str(units["own"].id)).check("units", str(sub.id))
    response = form.submit(client, button="save", files={"attachment": (io.BytesIO(PDF), "rendi.pdf")},
                           content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)
    bulletin = db.session.scalars(select(Bulletin)).one()
    assert bulletin.titles == {"sq": "Takimi i stafit"} and bulletin.bodies == {"sq": SIGNED}
    assert bulletin.publish_at == datetime(2099, 3, 10, 8, 30), "09:30 in Istog (CET) is 08:30 UTC"
    assert bulletin.audience_unit_ids == [sub.id]
    assert [a.filename for a in bulletin.attachments] == ["rendi.pdf"]
    page = client.get(f"/bulletins/{bulletin.id}/edit").get_data(as_text=True)
    assert 'value="2099-03-10T09:30"' in page, "the edit page shows the local time again"


def test_a_refused_file_is_named_next_to_the_field_and_nothing_is_saved_or_lost(people, units, client_as):
    client = client_as(people["director"])
    form = _new_form(client).fill(title_en="Staff meeting", body_en="On Friday.")
    response = form.submit(client, button="save", files={"attachment": (io.BytesIO(b"MZ\x90\x00"), "plan.pdf")},
                           content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="attachment-error"' in html and "not a PDF file" in html
    assert "Staff meeting" in html and "On Friday." in html
    assert db.session.scalar(select(Bulletin.id)) is None


def test_no_unit_ticked_is_named_next_to_the_tree(people, units, client_as):
    client = client_as(people["director"])
    form = _new_form(client).fill(title_en="Staff meeting", body_en="On Friday.").uncheck("units")
    response = form.submit(client, button="save", content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and 'id="units-error"' in html and "Choose who the bulletin is for" in html


def test_the_editor_draws_a_toolbar_and_a_unit_filter_for_javascript_only(people, client_as):
    html = client_as(people["director"]).get("/bulletins/new").get_data(as_text=True)
    assert 'role="toolbar"' in html and 'data-markdown-toolbar="body_sq"' in html
    assert 'data-unit-filter="units-tree" hidden' in html
    assert "js/markdown-toolbar.js" in html and "js/unit-filter.js" in html


def test_the_reviewer_sees_every_language_and_what_is_missing(people, write, client_as):
    bulletin = write(people["director"], audience_all=True, title="Takimi", body="Teksti.", language="sq")
    html = client_as(people["communications"]).get(f"/bulletins/{bulletin.id}").get_data(as_text=True)
    assert "Every language, side by side" in html
    assert "Missing in Serbian" in html and "Missing in English" in html and "Missing in Albanian" not in html


def test_my_bulletins_names_the_units(people, units, write, client_as):
    write(people["director"])
    html = client_as(people["director"]).get("/bulletins/mine").get_data(as_text=True)
    assert "Own directorate" in html and "1 group" not in html


def test_reach_shows_shares_per_unit(people, write, client_as):
    bulletin = write(people["communications"], audience_all=True, must_read=True,
                     acknowledge_by=NOW + timedelta(days=7))
    reading.acknowledge(people["employee"], bulletin, "en")
    html = client_as(people["communications"]).get(f"/bulletins/{bulletin.id}/report").get_data(as_text=True)
    assert "Reach by unit" in html and "17%" in html  # 1 of the unit's 6 people


def test_history_names_the_steps(people, write, client_as):
    bulletin = write(people["director"], audience_all=True)
    services.approve(people["communications"], bulletin, now=NOW)
    html = client_as(people["director"]).get(f"/bulletins/{bulletin.id}/history").get_data(as_text=True)
    assert "Sent for approval" in html and "Approved" in html and "<td>submitted</td>" not in html
