"""Minutes without HTTP: drafting, approval and its transitions, read-only after approval, amendments,
publishing (a bulletin for a general meeting, notifications otherwise), action items in the register,
the stash of a signed-out save, search, and `flask meetings tick` reminding overdue action items."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bulletins.models import Bulletin
from intranet.actions.models import ActionItem, ActionStatus
from intranet.audit.models import AuditEntry
from intranet.domain import DomainError, PermissionDenied
from intranet.extensions import db
from intranet.localtime import local_today
from intranet.notifications.models import Notification
from meetings.models import AgendaItem, MinutesStatus, SeriesKind
from meetings.services import minutes as service
from meetings.services.minutes import MinutesTexts
from meetings.widgets import search_results


@pytest.fixture
def agenda(meeting):
    items = [AgendaItem(series=meeting.series, meeting=meeting, title=title, position=n)
             for n, title in enumerate(["Budget 2027", "Winter roads"])]
    db.session.add_all(items)
    db.session.commit()
    return items


def _texts(agenda, budget="We discussed the **budget**.", decisions="Approved the draft budget."):
    return MinutesTexts(notes="All present.", items={agenda[0].id: {"discussion": budget, "decisions": decisions},
                                                       agenda[1].id: {"discussion": "", "decisions": ""}})


def _notes(person, subject):
    return list(db.session.scalars(select(Notification).where(
        Notification.person_id == person.id, Notification.subject == subject)))


def _approved(people, meeting, agenda):
    minutes = service.save_draft(people["hr"], meeting, _texts(agenda))
    service.submit(people["hr"], minutes)
    service.approve(people["cabinet"], minutes)
    db.session.commit()
    return minutes


def test_the_secretary_drafts_and_saving_again_keeps_one_draft(people, meeting, agenda):
    minutes = service.save_draft(people["hr"], meeting, _texts(agenda))
    db.session.commit()
    again = service.save_draft(people["hr"], meeting, _texts(agenda, budget="Corrected while typing"))
    db.session.commit()
    assert again.id == minutes.id and minutes.state is MinutesStatus.DRAFT
    assert minutes.notes == "All present."
    assert minutes.text_of(agenda[0].id, "discussion") == "Corrected while typing"
    assert str(agenda[1].id) not in minutes.texts  # empty texts are not kept
    assert db.session.scalar(select(AuditEntry.action).where(AuditEntry.action == "meetings.minutes_started"))


def test_only_the_secretary_and_the_chair_write(people, meeting, agenda):
    with pytest.raises(PermissionDenied):
        service.save_draft(people["employee"], meeting, _texts(agenda))


def test_texts_for_items_not_on_the_agenda_are_ignored_and_long_ones_refused(people, meeting, agenda):
    minutes = service.save_draft(people["hr"], meeting, MinutesTexts(notes="", items={99999: {"discussion": "x"}}))
    assert minutes.texts == {}
    with pytest.raises(DomainError) as refused:
        service.save_draft(people["hr"], meeting, _texts(agenda, budget="x" * (service.TEXT_MAX + 1)))
    assert refused.value.field == f"discussion-{agenda[0].id}"


def test_statuses_refuse_illegal_moves(people, meeting, agenda):
    minutes = service.save_draft(people["hr"], meeting, _texts(agenda))
    with pytest.raises(DomainError):
        minutes.approve()  # a draft is not approved without being submitted
    minutes.submit()
    with pytest.raises(DomainError):
        minutes.submit()
    minutes.return_to_draft("Add the attendance")
    assert minutes.state is MinutesStatus.DRAFT
    with pytest.raises(DomainError):
        minutes.return_to_draft("again")


def test_submit_tells_the_chair_and_the_chair_returns_with_a_comment(people, meeting, agenda):
    minutes = service.save_draft(people["hr"], meeting, _texts(agenda))
    service.submit(people["hr"], minutes)
    service.submit(people["hr"], minutes)  # a double click
    db.session.commit()
    assert minutes.state is MinutesStatus.SUBMITTED
    assert len(_notes(people["cabinet"], f"minutes:{minutes.id}")) == 1
    with pytest.raises(PermissionDenied):
        service.approve(people["hr"], minutes)  # the secretary does not approve
    with pytest.raises(DomainError) as refused:
        service.return_to_draft(people["cabinet"], minutes, "  ")
    assert refused.value.field == "comment"
    service.return_to_draft(people["cabinet"], minutes, "Add who presented the budget.")
    db.session.commit()
    assert minutes.state is MinutesStatus.DRAFT and minutes.return_comment == "Add who presented the budget."
    assert _notes(people["hr"], f"minutes:{minutes.id}")
    assert not [n for n in _notes(people["cabinet"], f"minutes:{minutes.id}") if n.read_at is None]


def test_approved_minutes_are_read_only_and_members_are_told(people, meeting, agenda):
    minutes = _approved(people, meeting, agenda)
    assert minutes.state is MinutesStatus.APPROVED and minutes.approved_by_id == people["cabinet"].id
    with pytest.raises(DomainError):
        service.save_draft(people["hr"], meeting, _texts(agenda, budget="Rewritten"))
    db.session.rollback()
    with pytest.raises(DomainError):
        service.add_action_item(people["hr"], meeting, agenda[0], title="Late", owner=people["employee"],
                                due_on=None)
    db.session.rollback()
    assert minutes.text_of(agenda[0].id, "discussion") == "We discussed the **budget**."
    assert _notes(people["employee"], f"minutes:{minutes.id}")  # a member of the series
    assert "budget" in minutes.search_text
    service.approve(people["cabinet"], minutes)  # a double click changes nothing
    assert len(_notes(people["employee"], f"minutes:{minutes.id}")) == 1


def test_an_amendment_keeps_who_when_why_and_what_changed(people, meeting, agenda):
    minutes = _approved(people, meeting, agenda)
    with pytest.raises(DomainError) as refused:
        service.amend(people["hr"], minutes, "", _texts(agenda, decisions="Approved with changes."))
    assert refused.value.field == "reason"
    amendment = service.amend(people["hr"], minutes, "The decision was misquoted",
                              _texts(agenda, decisions="Approved with changes."))
    db.session.commit()
    assert amendment.author_id == people["hr"].id and amendment.at is not None
    assert amendment.changes == [{"item": "Budget 2027", "part": "decisions", "before": "Approved the draft budget.",
                                  "after": "Approved with changes."}]
    assert minutes.text_of(agenda[0].id, "decisions") == "Approved with changes."
    assert minutes.state is MinutesStatus.APPROVED
    # the same correction again (a double click) is the same amendment; nothing changed otherwise is refused
    assert service.amend(people["hr"], minutes, "The decision was misquoted",
                         _texts(agenda, decisions="Approved with changes.")) is amendment
    with pytest.raises(DomainError):
        service.amend(people["hr"], minutes, "Another reason", _texts(agenda, decisions="Approved with changes."))
    assert [a.reason for a in minutes.amendments] == ["The decision was misquoted"]


def test_a_draft_cannot_be_amended(people, meeting, agenda):
    minutes = service.save_draft(people["hr"], meeting, _texts(agenda))
    with pytest.raises(DomainError):
        service.amend(people["hr"], minutes, "why", _texts(agenda, budget="other"))


def test_a_general_meetings_minutes_are_published_as_an_all_staff_bulletin(people, make_series, make_meeting):
    general = make_series(kind=SeriesKind.GENERAL, members_all=True, member_unit_id=None,
                          titles={"en": "General staff meeting", "sq": "Mbledhja e përgjithshme"})
    meeting = make_meeting(general, local_today() + timedelta(days=3))
    item = AgendaItem(series=general, meeting=meeting, title="The year ahead")
    db.session.add(item)
    db.session.commit()
    minutes = service.save_draft(people["hr"], meeting, MinutesTexts(
        notes="", items={item.id: {"discussion": "The Mayor presented the plan.", "decisions": ""}}))
    service.submit(people["hr"], minutes)
    service.approve(people["cabinet"], minutes)
    db.session.commit()
    bulletin = db.session.scalar(select(Bulletin))
    assert bulletin is not None and bulletin.audience_all and bulletin.status == "published"
    assert minutes.published_url == f"/bulletins/{bulletin.id}"
    assert "Mbledhja e përgjithshme" in bulletin.titles["sq"] and "General staff meeting" in bulletin.titles["en"]
    assert all("The Mayor presented the plan." in body for body in bulletin.bodies.values())
    assert all(f"/meetings/{meeting.id}/minutes" in body for body in bulletin.bodies.values())


def test_action_items_go_to_the_register_with_the_series_source(people, meeting, agenda):
    due = local_today() + timedelta(days=7)
    action = service.add_action_item(people["hr"], meeting, agenda[0], title="Send the budget table",
                                     owner=people["employee"], due_on=due)
    again = service.add_action_item(people["hr"], meeting, agenda[0], title="Send the budget table",
                                    owner=people["employee"], due_on=due)
    db.session.commit()
    assert again.id == action.id  # a double click is one item
    assert action.source_plugin == "meetings"
    assert action.source_key == f"series:{meeting.series_id}:meeting:{meeting.id}:item:{agenda[0].id}"
    assert action.source_url == f"/meetings/{meeting.id}/minutes#item-{agenda[0].id}"
    assert action.source_label["en"] == "Weekly meeting" and action.owner_id == people["employee"].id
    assert service.minutes_of(meeting) is not None  # the draft was started with it
    grouped = service.action_items_of_series(meeting.series)
    assert grouped[ActionStatus.OPEN] == [action]
    assert service.action_items_of(meeting) == {agenda[0].id: [action]}
    assert db.session.scalar(select(Notification).where(Notification.person_id == people["employee"].id,
                                                        Notification.subject == f"action:{action.id}"))


def test_an_action_item_needs_an_item_of_this_agenda_and_a_title(people, meeting, agenda, make_meeting):
    other = make_meeting(meeting.series, local_today() + timedelta(days=20))
    stranger = AgendaItem(series=meeting.series, meeting=other, title="Elsewhere")
    db.session.add(stranger)
    db.session.commit()
    with pytest.raises(DomainError) as refused:
        service.add_action_item(people["hr"], meeting, stranger, title="x", owner=people["employee"], due_on=None)
    assert refused.value.field == "action_item"
    with pytest.raises(DomainError) as refused:
        service.add_action_item(people["hr"], meeting, agenda[0], title=" ", owner=people["employee"], due_on=None)
    assert refused.value.field == "action_title"


def test_a_stash_token_names_its_person_and_meeting_only(app, people, meeting, make_meeting):
    other = make_meeting(meeting.series, local_today() + timedelta(days=20))
    with app.test_request_context():
        token = service.stash_token(people["hr"], meeting)
        assert service.stash_owner(token, meeting) == people["hr"]
        assert service.stash_owner(token, other) is None
        assert service.stash_owner(token + "x", meeting) is None
        assert service.stash_owner(None, meeting) is None
    service.stash(people["hr"], meeting, {"notes": "typed after the session ended"})
    service.stash(people["hr"], meeting, {"notes": "typed even later"})
    db.session.commit()
    assert service.stash_for(people["hr"], meeting).values == {"notes": "typed even later"}
    service.save_draft(people["hr"], meeting, MinutesTexts(notes="typed even later", items={}))
    db.session.commit()
    assert service.stash_for(people["hr"], meeting) is None  # saving drops it


def test_search_finds_approved_minutes_for_those_who_may_read_them(app, people, meeting, agenda, make_person,
                                                                   units):
    draft_only = service.save_draft(people["hr"], meeting, _texts(agenda))
    db.session.commit()
    with app.test_request_context():
        assert search_results(people["employee"], "budget", 10) == []  # a draft is not found
    service.submit(people["hr"], draft_only)
    service.approve(people["cabinet"], draft_only)
    db.session.commit()
    outsider = make_person("Olsa Outsider", unit=units["other"])
    with app.test_request_context():
        [hit] = search_results(people["employee"], "Budget draft", 10)
        assert hit.url == f"/meetings/{meeting.id}/minutes" and "budget" in hit.snippet
        assert search_results(outsider, "budget", 10) == []


def test_meetings_tick_reminds_owners_of_overdue_action_items(app, people, meeting, agenda):
    action = service.add_action_item(people["hr"], meeting, agenda[0], title="Overdue task",
                                     owner=people["employee"], due_on=local_today() - timedelta(days=2))
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["meetings", "tick"])
    assert result.exit_code == 0, result.output
    assert "owners reminded: 1" in result.output
    db.session.expire_all()
    assert db.session.get(ActionItem, action.id).reminded_on == local_today()
    again = app.test_cli_runner().invoke(args=["meetings", "tick"])
    assert "owners reminded: 0" in again.output
