"""Calendars: an `.ics` invitation per meeting and a personal feed behind a revocable token.

Each meeting keeps one UID for life; every change raises its SEQUENCE, so Outlook
updates the event instead of adding a second one, and a cancelled meeting is sent
with STATUS:CANCELLED. The feed token works like the bulletins' Atom feed token:
only its SHA-256 is stored; creating a new one replaces the old, revoking deletes it.
"""

from __future__ import annotations

from datetime import UTC, timedelta
from urllib.parse import urlsplit

from flask import current_app
from icalendar import Calendar, Event
from sqlalchemy import select

from intranet.extensions import db
from intranet.notifications.emails import absolute_url
from intranet.people.models import Person, utcnow
from intranet.texts import Translated
from intranet.tokens import PersonalTokens
from meetings.membership import series_for
from meetings.models import CalendarToken, Meeting, MeetingStatus

#: how far back the personal feed reaches (older meetings drop out of the calendar)
FEED_PAST = timedelta(days=90)


#: the personal tokens behind the feed links
tokens = PersonalTokens(CalendarToken, "meetings.calendar_token")


def meeting_uid(meeting: Meeting) -> str:
    """Stable for the meeting's life: the same event in every calendar, whatever changes."""
    host = urlsplit(current_app.config["URA_BASE_URL"]).hostname or "ura"
    return f"meeting-{meeting.id}@{host}"


def _event(meeting: Meeting, language: str) -> Event:
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("sequence", meeting.sequence or 0)
    event.add("dtstamp", (meeting.updated_at or utcnow()).replace(tzinfo=UTC))
    event.add("last-modified", (meeting.updated_at or utcnow()).replace(tzinfo=UTC))
    event.add("dtstart", meeting.starts_at.replace(tzinfo=UTC))
    event.add("dtend", (meeting.starts_at + timedelta(minutes=meeting.duration_minutes or 60)).replace(tzinfo=UTC))
    event.add("summary", Translated(meeting.series.titles).in_language(language))
    if meeting.place or meeting.online_url:
        event.add("location", meeting.place or meeting.online_url)
    agenda = "\n".join(f"{n}. {item.title}" for n, item in enumerate(meeting.agenda, start=1))
    link = absolute_url(f"/meetings/{meeting.id}")
    event.add("description", "\n\n".join(filter(None, [agenda, meeting.online_url, link])))
    event.add("url", link)
    if meeting.status == MeetingStatus.CANCELLED:
        event.add("status", "CANCELLED")
    else:
        event.add("status", "CONFIRMED")
    return event


def _calendar(name: str, method: str | None = None) -> Calendar:
    cal = Calendar()
    cal.add("prodid", "-//Ura intranet//meetings//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    if method:
        cal.add("method", method)
    return cal


def invitation(meeting: Meeting, language: str) -> bytes:
    """One meeting as an `.ics` file: a REQUEST, or a CANCEL for a cancelled meeting."""
    cal = _calendar(Translated(meeting.series.titles).in_language(language),
                    "CANCEL" if meeting.status == MeetingStatus.CANCELLED else "PUBLISH")
    cal.add_component(_event(meeting, language))
    return cal.to_ical()


def feed(person: Person, name: str) -> bytes:
    """The person's meetings (from three months back) as one calendar, cancelled ones marked so."""
    cal = _calendar(name)
    series_ids = [s.id for s in series_for(person)]
    if series_ids:
        for meeting in db.session.scalars(select(Meeting).where(
                Meeting.series_id.in_(series_ids), Meeting.starts_at >= utcnow() - FEED_PAST)
                .order_by(Meeting.starts_at)):
            cal.add_component(_event(meeting, person.language))
    return cal.to_ical()
