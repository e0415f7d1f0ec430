"""Proposals, the chair's decisions, carry-forward and the parking lot, `flask meetings tick` — without HTTP."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from intranet.domain import DomainError, PermissionDenied
from intranet.extensions import db
from intranet.notifications.models import Notification
from meetings.models import AgendaItem, ItemStatus, MeetingStatus
from meetings.services import agenda
from meetings.services.agenda import proposal_deadline
from meetings.services.series import parking_lot
from meetings.services.tick import tick


def _notes(person, subject=None):
    query = select(Notification).where(Notification.person_id == person.id)
    if subject:
        query = query.where(Notification.subject == subject)
    return list(db.session.scalars(query))


def test_a_member_proposes_until_the_deadline(people, meeting):
    deadline = proposal_deadline(meeting)
    item = agenda.propose(people["employee"], meeting, title="Parking for staff", now=deadline - timedelta(minutes=1))
    assert item.status == ItemStatus.PROPOSED and item.proposed_by_id == people["employee"].id
    with pytest.raises(DomainError) as refused:
        agenda.propose(people["employee"], meeting, title="Too late", now=deadline)
    assert refused.value.field == "title" and "closed" in str(refused.value.message)


def test_a_double_click_makes_one_proposal(people, meeting):
    first = agenda.propose(people["employee"], meeting, title="Parking for staff")
    second = agenda.propose(people["employee"], meeting, title="Parking for staff")
    assert first.id == second.id
    assert len(meeting.proposals) == 1


def test_someone_outside_the_series_cannot_propose(make_person, units, meeting):
    outsider = make_person(unit=units["other"])
    with pytest.raises(PermissionDenied):
        agenda.propose(outsider, meeting, title="Not mine to ask")


def test_a_cancelled_meeting_takes_no_proposals(people, meeting):
    agenda.cancel_meeting(people["hr"], meeting, "The Mayor travels")
    with pytest.raises(DomainError):
        agenda.propose(people["employee"], meeting, title="Parking")


def test_accepting_tells_the_proposer_in_their_language(people, meeting):
    people["employee"].language = "sq"
    item = agenda.propose(people["employee"], meeting, title="Parking for staff")
    agenda.decide(people["cabinet"], item, "accept")
    assert item.status == ItemStatus.ACCEPTED and item in meeting.agenda
    [note] = _notes(people["employee"], f"meeting:{meeting.id}")
    # shown in the reader's language: the message and the series' title; the proposal as typed
    with force_locale("sq"):
        assert "Parking for staff" in note.shown_title and "Mbledhja javore" in note.shown_title
        assert "rendin e ditës" in note.shown_title
    with force_locale("en"):
        assert "is on the agenda of Weekly meeting" in note.shown_title
    assert note.message and note.url == f"/meetings/{meeting.id}"


def test_only_the_chair_decides(people, meeting):
    item = agenda.propose(people["employee"], meeting, title="Parking")
    with pytest.raises(PermissionDenied):
        agenda.decide(people["hr"], item, "accept")
    agenda.decide(people["cabinet"], item, "accept")
    with pytest.raises(DomainError):
        agenda.decide(people["cabinet"], item, "decline", reason="changed my mind")


def test_declining_needs_a_reason_which_the_proposer_reads(people, meeting):
    item = agenda.propose(people["employee"], meeting, title="A new coffee machine")
    with pytest.raises(DomainError) as refused:
        agenda.decide(people["cabinet"], item, "decline")
    assert refused.value.field == "reason"
    db.session.rollback()
    agenda.decide(people["cabinet"], item, "decline", reason="The budget is spent")
    assert item.status == ItemStatus.DECLINED
    [note] = _notes(people["employee"])
    assert "declined: The budget is spent" in note.shown_title


def test_moving_to_a_later_meeting_and_parking(people, series, meeting, make_meeting):
    later = make_meeting(series, meeting.scheduled_for + timedelta(days=7))
    moved = agenda.propose(people["employee"], meeting, title="Move me")
    parked = agenda.propose(people["employee"], meeting, title="Park me")
    with pytest.raises(DomainError):
        agenda.decide(people["cabinet"], moved, "move", to_meeting=meeting)
    db.session.rollback()
    agenda.decide(people["cabinet"], moved, "move", to_meeting=later)
    agenda.decide(people["cabinet"], parked, "park")
    assert moved.meeting_id == later.id and moved.status == ItemStatus.ACCEPTED
    assert parking_lot(series) == [parked] and parked.meeting_id is None
    agenda.schedule_parked(people["cabinet"], parked, later)
    assert [i.title for i in later.agenda] == ["Move me", "Park me"]


def test_items_not_reached_carry_forward_to_the_next_meeting(people, series, meeting, make_meeting):
    later = make_meeting(series, meeting.scheduled_for + timedelta(days=7))
    reached = agenda.add_item(people["hr"], meeting, title="Budget", presenter_id=None, minutes_allotted=20)
    missed = agenda.add_item(people["hr"], meeting, title="Staff parking", presenter_id=people["employee"].id,
                             minutes_allotted=10)
    carried = agenda.mark_held(people["hr"], meeting, {reached.id})
    assert meeting.status == MeetingStatus.HELD
    assert reached.status == ItemStatus.REACHED and missed.status == ItemStatus.CARRIED
    [copy] = carried
    assert copy.meeting_id == later.id and copy.carried_from_id == missed.id and copy.title == "Staff parking"
    assert copy.presenter_id == people["employee"].id and copy in later.agenda
    with pytest.raises(DomainError):
        agenda.mark_held(people["hr"], meeting, set())


def test_with_no_next_meeting_the_item_goes_to_the_parking_lot(people, series, meeting):
    missed = agenda.add_item(people["hr"], meeting, title="Staff parking", presenter_id=None, minutes_allotted=10)
    [copy] = agenda.mark_held(people["cabinet"], meeting, set())
    assert copy.status == ItemStatus.PARKED and copy.meeting_id is None and parking_lot(series) == [copy]
    assert missed.status == ItemStatus.CARRIED


def test_a_change_raises_the_sequence_and_a_cancelled_meeting_comes_back(people, meeting):
    assert meeting.sequence == 0
    agenda.update_meeting(people["hr"], meeting, starts_at=meeting.starts_at + timedelta(hours=1),
                          duration_minutes=90, place="Hall", online_url="")
    assert meeting.sequence == 1
    agenda.cancel_meeting(people["hr"], meeting, "Holiday")
    assert meeting.status == MeetingStatus.CANCELLED and meeting.sequence == 2
    agenda.reschedule_meeting(people["hr"], meeting)
    assert meeting.status == MeetingStatus.SCHEDULED and meeting.cancel_reason == ""
    with pytest.raises(PermissionDenied):
        agenda.cancel_meeting(people["employee"], meeting, "I'd rather not")


def test_attendance_is_one_mark_per_person(people, meeting):
    agenda.record_attendance(people["hr"], meeting, {people["employee"].id: "present", people["director"].id: "absent"})
    agenda.record_attendance(people["hr"], meeting, {people["director"].id: "excused"})
    assert agenda.attendance_of(meeting) == {people["employee"].id: "present", people["director"].id: "excused"}


def test_tick_closes_the_window_once_and_tells_the_chair(people, meeting):
    agenda.propose(people["employee"], meeting, title="Parking")
    agenda.propose(people["director"], meeting, title="Budget")
    deadline = proposal_deadline(meeting)
    assert tick(now=deadline - timedelta(minutes=5)).closed == 0
    assert tick(now=deadline).closed == 1
    assert tick(now=deadline + timedelta(minutes=5)).closed == 0
    [note] = _notes(people["cabinet"], f"meeting:{meeting.id}")
    assert note.shown_title.startswith("Proposals to decide") and note.shown_title.endswith(": 2")
    # deciding the last proposal clears (marks read) the chair's notification
    for item in list(meeting.proposals):
        agenda.decide(people["cabinet"], item, "accept")
    db.session.expire_all()
    assert note.read_at is not None


def test_tick_reminds_members_the_day_before_once(people, meeting):
    report = tick(now=meeting.starts_at - timedelta(hours=23))
    assert report.reminded >= 6
    assert tick(now=meeting.starts_at - timedelta(hours=22)).reminded == 0
    assert any("meets on" in n.shown_title for n in _notes(people["employee"]))


def test_no_item_without_a_title_in_the_database(people, meeting):
    assert db.session.scalar(select(AgendaItem).where(AgendaItem.title == "")) is None
