"""The pages, submitted as drawn (`PageForm`), and the calendar files parsed back with icalendar."""

from __future__ import annotations

from datetime import timedelta

from icalendar import Calendar

from intranet.extensions import db
from intranet.localtime import to_local
from intranet.people.models import utcnow
from meetings.models import ItemStatus, Meeting, MeetingSeries
from meetings.services import agenda
from meetings.services.calendar import tokens
from meetings.services.series import upcoming
from tests.conftest import PageForm


def test_a_member_proposes_and_the_chair_accepts(client_as, people, meeting):
    member = client_as(people["employee"])
    page = member.get(f"/meetings/{meeting.id}")
    assert page.status_code == 200
    form = PageForm(page.data, action=f"/meetings/{meeting.id}/propose")
    response = form.fill(title="Staff parking", note="Cars block the entrance", minutes_allotted="15").submit(member)
    assert response.status_code == 302
    [item] = meeting.proposals
    assert item.title == "Staff parking" and item.minutes_allotted == 15

    chair = client_as(people["cabinet"])
    page = chair.get(f"/meetings/{meeting.id}")
    form = PageForm(page.data, action=f"/meetings/items/{item.id}/decide")
    assert form.options(f"item-{item.id}-decision") == ["accept", "move", "park", "decline"]
    assert form.fill(**{f"item-{item.id}-decision": "accept"}).submit(chair).status_code == 302
    db.session.refresh(item)
    assert item.status == ItemStatus.ACCEPTED
    assert "Staff parking" in member.get(f"/meetings/{meeting.id}").get_data(as_text=True)


def test_an_empty_proposal_comes_back_with_a_message(client_as, people, meeting):
    member = client_as(people["employee"])
    form = PageForm(member.get(f"/meetings/{meeting.id}").data, action=f"/meetings/{meeting.id}/propose")
    response = form.fill(title="", note="Kept as typed").submit(member)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Kept as typed" in html and "invalid-feedback" in html


def test_declining_without_a_reason_is_refused_next_to_the_field(client_as, people, meeting):
    item = agenda.propose(people["employee"], meeting, title="Coffee")
    chair = client_as(people["cabinet"])
    form = PageForm(chair.get(f"/meetings/{meeting.id}").data, action=f"/meetings/items/{item.id}/decide")
    response = form.fill(**{f"item-{item.id}-decision": "decline"}).submit(chair)
    assert response.status_code == 422 and "Say why the proposal is declined." in response.get_data(as_text=True)


def test_after_the_deadline_the_page_says_proposals_are_closed(client_as, people, series, make_meeting):
    soon = make_meeting(series, (utcnow() + timedelta(days=1)).date())
    soon.starts_at = utcnow() + timedelta(hours=2)
    db.session.commit()
    html = client_as(people["employee"]).get(f"/meetings/{soon.id}").get_data(as_text=True)
    assert "Proposals for this meeting are closed." in html
    assert db.session.get(Meeting, soon.id).proposals == []


def test_the_cabinet_sets_up_a_series_and_plans_its_meetings(client_as, people, units):
    cabinet = client_as(people["cabinet"])
    form = PageForm(cabinet.get("/meetings/series/new").data, action="/meetings/series/new")
    form.fill(titles_sq="Mbledhja e drejtorisë", titles_en="Directorate meeting",
              chair_id=str(people["director"].id), member_unit_id=str(units["own"].id), recurrence="weekly",
              weekday="2", start_time="08:30", agenda_template="Reports\nPlans")
    response = form.submit(cabinet)
    assert response.status_code == 302
    series = db.session.scalar(db.select(MeetingSeries))
    assert series.titles == {"sq": "Mbledhja e drejtorisë", "en": "Directorate meeting"}
    plan = PageForm(cabinet.get(f"/meetings/series/{series.id}").data, action=f"/meetings/series/{series.id}/plan")
    assert plan.submit(cabinet).status_code == 302
    db.session.expire_all()
    meetings = upcoming(series, 12)
    assert len(meetings) >= 7 and all(m.items[0].title == "Reports" for m in meetings)


def test_a_series_without_a_title_comes_back(client_as, people):
    cabinet = client_as(people["cabinet"])
    form = PageForm(cabinet.get("/meetings/series/new").data, action="/meetings/series/new")
    response = form.fill(titles_sq="", session_dates="not a date").submit(cabinet)
    assert response.status_code == 422
    assert "not a date" in response.get_data(as_text=True)


def test_the_secretary_changes_the_meeting_in_local_time(client_as, people, meeting):
    secretary = client_as(people["hr"])
    form = PageForm(secretary.get(f"/meetings/{meeting.id}/edit").data, action=f"/meetings/{meeting.id}/edit")
    day = meeting.scheduled_for.isoformat()
    response = form.fill(starts_at=f"{day}T11:30", place="Hall 2").submit(secretary)
    assert response.status_code == 302
    db.session.refresh(meeting)
    assert to_local(meeting.starts_at).strftime("%H:%M") == "11:30" and meeting.sequence == 1


def test_attendance_as_drawn(client_as, people, meeting):
    secretary = client_as(people["hr"])
    form = PageForm(secretary.get(f"/meetings/{meeting.id}/attendance").data,
                    action=f"/meetings/{meeting.id}/attendance")
    form.check(f"person-{people['employee'].id}", "present").check(f"person-{people['director'].id}", "excused")
    assert form.submit(secretary).status_code == 302
    assert agenda.attendance_of(meeting) == {people["employee"].id: "present", people["director"].id: "excused"}


def test_the_invitation_keeps_its_uid_and_raises_its_sequence(client_as, people, meeting):
    member = client_as(people["employee"])
    first = Calendar.from_ical(member.get(f"/meetings/{meeting.id}/invitation.ics").data)
    [event] = first.walk("VEVENT")
    assert event["SEQUENCE"] == 0 and str(event["STATUS"]) == "CONFIRMED"
    assert event.decoded("DTSTART").replace(tzinfo=None) == meeting.starts_at
    agenda.update_meeting(people["hr"], meeting, starts_at=meeting.starts_at + timedelta(hours=2),
                          duration_minutes=60, place="Hall", online_url="")
    agenda.cancel_meeting(people["hr"], meeting, "Holiday")
    [again] = Calendar.from_ical(member.get(f"/meetings/{meeting.id}/invitation.ics").data).walk("VEVENT")
    assert str(again["UID"]) == str(event["UID"]) and again["SEQUENCE"] == 2
    assert str(again["STATUS"]) == "CANCELLED" and str(again["LOCATION"]) == "Hall"


def test_the_personal_feed_works_until_revoked(client, people, meeting, make_series, make_meeting):
    other = make_series(member_unit_id=None, titles={"en": "Not mine"})
    make_meeting(other, meeting.scheduled_for)
    token = tokens.create(people["employee"])
    response = client.get(f"/meetings/calendar/{token}.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    events = Calendar.from_ical(response.data).walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["Weekly meeting"]
    assert client.get("/meetings/calendar/wrong-token.ics").status_code == 404
    tokens.revoke(people["employee"])
    assert client.get(f"/meetings/calendar/{token}.ics").status_code == 404


def test_the_calendar_page_shows_a_new_address_once(client_as, people):
    person = client_as(people["employee"])
    form = PageForm(person.get("/meetings/calendar").data, action="/meetings/calendar")
    html = form.submit(person).get_data(as_text=True)
    assert "/meetings/calendar/" in html and ".ics" in html
