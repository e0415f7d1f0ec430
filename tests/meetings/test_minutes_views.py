"""The minutes' pages submitted as drawn (`PageForm`): the editor (save, autosave, action item, submit),
a save that arrives after the session ended, the chair's review, the amendment, the print view."""

from __future__ import annotations

from datetime import timedelta

import pytest
from werkzeug.datastructures import MultiDict

from intranet.actions.models import ActionItem
from intranet.auth.models import SignInSession
from intranet.extensions import db
from intranet.localtime import local_today
from intranet.people.models import utcnow
from meetings.models import AgendaItem, MinutesStatus
from meetings.services import minutes as service
from tests.conftest import PageForm, sign_in


@pytest.fixture
def agenda(meeting):
    items = [AgendaItem(series=meeting.series, meeting=meeting, title=title, position=n)
             for n, title in enumerate(["Budget 2027", "Winter roads"])]
    db.session.add_all(items)
    db.session.commit()
    return items


def _editor(client, meeting):
    page = client.get(f"/meetings/{meeting.id}/minutes/edit")
    assert page.status_code == 200
    return PageForm(page.data, action=f"/meetings/{meeting.id}/minutes/edit")


def test_the_secretary_saves_adds_an_action_item_and_submits(client_as, people, meeting, agenda):
    secretary = client_as(people["hr"])
    form = _editor(secretary, meeting)
    assert {f"discussion-{agenda[0].id}", f"decisions-{agenda[1].id}", "notes", "action_title"} <= form.names()
    response = form.fill(notes="All present.", **{f"discussion-{agenda[0].id}": "Budget discussed."}).submit(
        secretary, button="save_draft")
    assert response.status_code == 302
    minutes = service.minutes_of(meeting)
    assert minutes.text_of(agenda[0].id, "discussion") == "Budget discussed."

    form = _editor(secretary, meeting)
    assert form.get(f"discussion-{agenda[0].id}") == "Budget discussed."
    due = (local_today() + timedelta(days=5)).isoformat()
    response = form.fill(action_item=str(agenda[0].id), action_owner=str(people["employee"].id),
                         action_title="Send the budget table", action_due=due).submit(
        secretary, button="add_action")
    assert response.status_code == 302
    [action] = db.session.scalars(db.select(ActionItem)).all()
    assert action.owner_id == people["employee"].id and action.due_on.isoformat() == due
    assert "Send the budget table" in secretary.get(f"/meetings/{meeting.id}/minutes/edit").get_data(as_text=True)

    response = _editor(secretary, meeting).submit(secretary, button="submit_minutes")
    assert response.status_code == 302
    db.session.expire_all()
    assert service.minutes_of(meeting).state is MinutesStatus.SUBMITTED
    # submitted: the editor sends the secretary to the minutes page
    assert secretary.get(f"/meetings/{meeting.id}/minutes/edit").status_code == 302


def test_an_action_item_without_a_title_comes_back_with_the_text_kept(client_as, people, meeting, agenda):
    secretary = client_as(people["hr"])
    form = _editor(secretary, meeting).fill(**{f"decisions-{agenda[0].id}": "Kept as typed"},
                                            action_owner=str(people["employee"].id))
    response = form.submit(secretary, button="add_action")
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "Kept as typed" in html and "Write what is to be done." in html
    assert 'id="action_title-error"' in html


def test_autosave_answers_with_the_time_saved(client_as, people, meeting, agenda):
    secretary = client_as(people["hr"])
    form = _editor(secretary, meeting).fill(notes="Typed so far")
    response = secretary.post(form.action, data=MultiDict([*form.data(), ("action", "autosave")]))
    assert response.status_code == 200 and response.json["saved"] is True
    assert response.json["message"].startswith("Saved at")
    assert service.minutes_of(meeting).notes == "Typed so far"


def test_a_save_after_the_session_ended_is_kept_for_after_signing_in(app, client_as, people, meeting, agenda):
    secretary = client_as(people["hr"])
    form = _editor(secretary, meeting).fill(notes="Typed before", **{f"discussion-{agenda[1].id}": "Snow ploughs"})
    # the session ends on the server (idle too long, or signed out elsewhere)
    db.session.execute(db.update(SignInSession).values(ended_at=utcnow()))
    db.session.commit()
    response = form.submit(secretary, button="save_draft")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    assert service.minutes_of(meeting) is None  # nothing was written in the minutes signed out

    # the autosave of a browser whose cookie is gone entirely: kept too, answered in JSON
    cookieless = app.test_client()
    typed_later = [*form.fill(notes="Typed later").data(), ("action", "autosave")]
    autosave = cookieless.post(form.action, data=MultiDict(typed_later))
    assert autosave.status_code == 401 and autosave.json["stashed"] is True

    sign_in(secretary, people["hr"])
    page = secretary.get(f"/meetings/{meeting.id}/minutes/edit").get_data(as_text=True)
    assert "Your session had ended while you were writing." in page
    restored = PageForm(page, action=f"/meetings/{meeting.id}/minutes/edit")
    assert restored.get("notes") == "Typed later" and restored.get(f"discussion-{agenda[1].id}") == "Snow ploughs"
    assert restored.submit(secretary, button="save_draft").status_code == 302
    assert service.minutes_of(meeting).notes == "Typed later"
    assert service.stash_for(people["hr"], meeting) is None


def test_a_forged_stash_token_keeps_nothing(app, people, meeting, agenda):
    response = app.test_client().post(f"/meetings/{meeting.id}/minutes/edit",
                                      data={"stash_token": "forged", "notes": "spam", "action": "autosave"})
    assert response.status_code == 401 and response.json["stashed"] is False
    assert service.stash_for(people["hr"], meeting) is None


def _submitted(people, meeting, agenda):
    minutes = service.save_draft(people["hr"], meeting, service.MinutesTexts(
        notes="", items={agenda[0].id: {"discussion": "Budget **discussed**.", "decisions": "Approved."}}))
    service.submit(people["hr"], minutes)
    db.session.commit()
    return minutes


def test_the_chair_returns_then_approves_and_a_member_reads(client_as, people, meeting, agenda):
    minutes = _submitted(people, meeting, agenda)
    chair = client_as(people["cabinet"])
    member = client_as(people["employee"])
    assert "not approved yet" in member.get(f"/meetings/{meeting.id}/minutes").get_data(as_text=True)

    form = PageForm(chair.get(f"/meetings/{meeting.id}/minutes").data,
                    action=f"/meetings/{meeting.id}/minutes/review")
    response = form.submit(chair, button="return")
    assert response.status_code == 422 and "Say what to change." in response.get_data(as_text=True)
    form.fill(comment="Name the presenter.").submit(chair, button="return")
    db.session.expire_all()
    assert minutes.state is MinutesStatus.DRAFT

    service.submit(people["hr"], minutes)
    db.session.commit()
    form = PageForm(chair.get(f"/meetings/{meeting.id}/minutes").data,
                    action=f"/meetings/{meeting.id}/minutes/review")
    assert form.submit(chair, button="approve").status_code == 302
    db.session.expire_all()
    assert minutes.state is MinutesStatus.APPROVED
    html = member.get(f"/meetings/{meeting.id}/minutes").get_data(as_text=True)
    assert "<strong>discussed</strong>" in html and "Approved." in html
    printed = member.get(f"/meetings/{meeting.id}/minutes/print").get_data(as_text=True)
    assert "minutes-print.css" in printed and "<nav" not in printed and "Budget 2027" in printed


def test_the_secretary_amends_approved_minutes_with_a_reason(client_as, people, meeting, agenda):
    minutes = _submitted(people, meeting, agenda)
    service.approve(people["cabinet"], minutes)
    db.session.commit()
    secretary = client_as(people["hr"])
    form = PageForm(secretary.get(f"/meetings/{meeting.id}/minutes/amend").data,
                    action=f"/meetings/{meeting.id}/minutes/amend")
    form.fill(**{f"decisions-{agenda[0].id}": "Approved with changes."})
    response = form.submit(secretary)
    assert response.status_code == 422 and "Say why the minutes are corrected." in response.get_data(as_text=True)
    assert "Approved with changes." in response.get_data(as_text=True)
    response = form.fill(reason="Misquoted decision").submit(secretary)
    assert response.status_code == 302
    html = client_as(people["employee"]).get(f"/meetings/{meeting.id}/minutes").get_data(as_text=True)
    assert "Misquoted decision" in html and "Hana HR" in html and "Approved with changes." in html


def test_the_chair_sees_the_series_action_items_by_status(client_as, people, meeting, agenda):
    service.add_action_item(people["hr"], meeting, agenda[0], title="Send the table", owner=people["employee"],
                            due_on=None)
    db.session.commit()
    html = client_as(people["cabinet"]).get(f"/meetings/series/{meeting.series_id}/action-items").get_data(
        as_text=True)
    assert "Send the table" in html and "Era Employee" in html
