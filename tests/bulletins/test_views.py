"""The pages: writing with a preview, approving, reading in my language, acknowledging, comments, the feed."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bulletins import reading, services
from bulletins.models import Bulletin, Comment
from intranet.audit.models import AuditEntry
from intranet.extensions import db
from tests.bulletins.conftest import NOW


def _form(unit, **overrides):
    data = {"title_en": "Staff meeting", "body_en": "On **Friday** at 10.", "category": "event",
            "units": str(unit.id), "comments_enabled": "y", "save": "Save"}
    data.update(overrides)
    return data


def test_the_preview_renders_without_saving_and_keeps_the_input(people, units, client_as):
    client = client_as(people["director"])
    response = client.post("/bulletins/new", data=_form(units["own"], preview="Preview", save=""))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Preview (not saved yet)" in html and "<strong>Friday</strong>" in html
    assert "On **Friday** at 10." in html  # the Markdown stays in the textarea
    assert db.session.scalar(select(Bulletin.id)) is None


def test_the_live_preview_renders_through_the_sanitiser_and_saves_nothing(people, client_as):
    client = client_as(people["director"])
    hostile = "On **Friday** <script>alert(1)</script>[x](javascript:y())"
    response = client.post("/bulletins/preview", data={"body": hostile})
    assert response.status_code == 200
    result = response.get_json()
    assert "<strong>Friday</strong>" in result["html"] and result["problem"] == ""
    assert "<script" not in result["html"] and "href=" not in result["html"]  # the link stays plain text
    assert db.session.scalar(select(Bulletin.id)) is None


def test_the_live_preview_names_an_image_without_alt_text(people, client_as):
    response = client_as(people["director"]).post("/bulletins/preview", data={"body": "![](https://x.example/a.png)"})
    assert response.status_code == 200
    assert "needs a description" in response.get_json()["problem"]


def test_the_live_preview_refuses_a_body_over_the_limit(people, client_as):
    response = client_as(people["communications"]).post("/bulletins/preview", data={"body": "x" * 50001})
    assert response.status_code == 400
    assert response.get_json()["problem"]


def test_an_image_without_alt_is_refused_next_to_the_field_with_the_input_kept(people, units, client_as):
    client = client_as(people["director"])
    response = client.post("/bulletins/new", data=_form(units["own"], body_en="See ![](https://x.example/a.png)"))
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="body_en-error"' in html and "needs a description" in html
    assert "See ![](https://x.example/a.png)" in html


def test_a_director_may_address_another_unit_with_the_approval_of_communications(people, units, client_as):
    response = client_as(people["director"]).post("/bulletins/new", data=_form(units["other"]))
    assert response.status_code == 302
    bulletin = db.session.scalars(select(Bulletin)).one()
    assert services.needs_approval(people["director"], bulletin)
    services.submit(people["director"], bulletin, now=NOW)
    assert bulletin.status == "submitted"


def test_write_submit_approve_read_acknowledge_through_the_pages(people, units, client_as):
    director, comms, employee = (client_as(people[r]) for r in ("director", "communications", "employee"))
    response = director.post("/bulletins/new", data=_form(units["own"], audience_all="y", must_read="y",
                                                          acknowledge_by="2099-01-31"))
    assert response.status_code == 302
    bulletin = db.session.scalars(select(Bulletin)).one()
    director.post(f"/bulletins/{bulletin.id}/submit")
    assert "Waiting for approval" in comms.get("/bulletins/review").get_data(as_text=True)
    comms.post(f"/bulletins/{bulletin.id}/review", data={"send_back": "Return", "comment": "Add the room."})
    page = director.get(f"/bulletins/{bulletin.id}").get_data(as_text=True)
    assert "Returned by Kaltrina Communications: Add the room." in page
    director.post(f"/bulletins/{bulletin.id}/submit")
    comms.post(f"/bulletins/{bulletin.id}/review", data={"approve": "Approve"})
    db.session.expire_all()
    assert bulletin.status == "published"
    feed = employee.get("/bulletins/").get_data(as_text=True)
    assert "Staff meeting" in feed and "Please acknowledge" in feed
    assert "Staff meeting" in employee.get("/").get_data(as_text=True)  # home: unread must-read
    employee.get(f"/bulletins/{bulletin.id}/open")
    employee.post(f"/bulletins/{bulletin.id}/acknowledge")
    page = employee.get(f"/bulletins/{bulletin.id}").get_data(as_text=True)
    assert "You acknowledged this bulletin" in page
    assert reading.acknowledgment(people["employee"], bulletin).language == "en"
    report = director.get(f"/bulletins/{bulletin.id}/report").get_data(as_text=True)
    assert "1 of 6 people in the audience have opened it." in report
    assert "1 of 6 have acknowledged" in report


def test_the_reader_sees_the_original_with_a_note_when_their_language_is_missing(people, client_as, write):
    bulletin = write(people["director"], title="Takimi", body="Teksti shqip.", language="sq")
    people["employee"].language = "sr"
    db.session.commit()
    html = client_as(people["employee"]).get(f"/bulletins/{bulletin.id}").get_data(as_text=True)
    assert "Teksti shqip." in html and 'lang="sq"' in html


def test_scheduled_dates_are_shown_to_the_author_and_communications(people, units, client_as, write):
    at = NOW + timedelta(days=3000)
    bulletin = write(people["director"], publish_at=at, expires_at=at + timedelta(days=10))
    assert bulletin.status == "scheduled"
    for role in ("director", "communications"):
        html = client_as(people[role]).get("/bulletins/mine").get_data(as_text=True)
        assert "Scheduled" in html and str(at.year) in html
    assert client_as(people["employee"]).get(f"/bulletins/{bulletin.id}").status_code == 403


def test_editing_a_published_bulletin_shows_updated(people, units, client_as, write):
    bulletin = write(people["director"], title="Staff meeting")
    client = client_as(people["director"])
    client.post(f"/bulletins/{bulletin.id}/edit", data=_form(units["own"], body_en="Moved to 11."))
    html = client_as(people["employee"]).get(f"/bulletins/{bulletin.id}").get_data(as_text=True)
    assert "Updated" in html and "Moved to 11." in html
    history = client.get(f"/bulletins/{bulletin.id}/history").get_data(as_text=True)
    assert "The offices have **no water** on Monday." in history


def test_comments_and_hiding_with_a_reason(people, client_as, write):
    bulletin = write(people["director"])
    client_as(people["employee"]).post(f"/bulletins/{bulletin.id}/comments", data={"body": "Which floor?"})
    comment = db.session.scalars(select(Comment)).one()
    client_as(people["director"]).post(f"/bulletins/{bulletin.id}/comments/{comment.id}/hide",
                                       data={"reason": "Answered by phone"})
    html = client_as(people["hr"]).get(f"/bulletins/{bulletin.id}").get_data(as_text=True)
    assert "Which floor?" not in html and "This comment was hidden." in html
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "bulletins.comment_hidden")).one()
    assert entry.details["reason"] == "Answered by phone"


def test_comments_can_be_switched_off(people, client_as, write):
    bulletin = write(people["director"], comments_enabled=False)
    response = client_as(people["employee"]).post(f"/bulletins/{bulletin.id}/comments", data={"body": "Hi"})
    assert response.status_code == 403


def test_feed_search_page(people, client_as, write):
    write(people["communications"], audience_all=True, title="Heating repairs")
    write(people["communications"], audience_all=True, title="Sports day")
    html = client_as(people["employee"]).get("/bulletins/?q=heating").get_data(as_text=True)
    assert "Heating repairs" in html and "Sports day" not in html


def test_pin_and_archive_through_the_pages(people, client_as, write):
    bulletin = write(people["director"])
    client_as(people["communications"]).post(f"/bulletins/{bulletin.id}/pin")
    db.session.expire_all()
    assert bulletin.pinned
    client_as(people["director"]).post(f"/bulletins/{bulletin.id}/archive")
    db.session.expire_all()
    assert bulletin.status == "archived" and not bulletin.pinned
    assert services.history(bulletin)[-1].action == "archived"


def test_the_intranet_search_finds_bulletins_i_may_read(people, units, make_person, client_as, write):
    write(people["director"], title="Heating repairs")
    assert "Heating repairs" in client_as(people["employee"]).get("/search?q=heating").get_data(as_text=True)
    outsider = make_person(unit=units["other"])
    assert "Heating repairs" not in client_as(outsider).get("/search?q=heating").get_data(as_text=True)


def test_the_demo_bulletins_load_once(app):
    from bulletins.demo import load_demo
    from intranet.demo import load_demo_organisation

    people = load_demo_organisation()
    load_demo(people)
    load_demo(people)
    statuses = sorted(b.status for b in db.session.scalars(select(Bulletin)))
    # four demo bulletins and one waiting for approval (the monthly report's demo is the reports plugin's)
    assert statuses == ["published"] * 4 + ["submitted"]
    assert any(b.must_read for b in db.session.scalars(select(Bulletin)))
