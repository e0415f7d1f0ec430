"""Minutes: the secretary's draft, the chair's approval, amendments, action items, and the stash.

The secretary writes per agenda item the discussion and the decisions (Markdown) and
general notes; every save (the editor's buttons, and the browser's autosave every few
seconds) writes the draft. Submitted minutes wait for the chair, who approves them (then
they are read-only and published: to all staff as a bulletin for a general meeting, to
the members by notification otherwise) or returns them with a comment. A correction to
approved minutes is an amendment with a reason; each keeps what changed.

Action items agreed at the meeting go to the host's register at once, with the source
key "series:<sid>:meeting:<mid>:item:<iid>", so `items_for_source("meetings", "series:<sid>:")`
gives the chair every item of a series.

A session that ends while the secretary types loses nothing: the editor carries a signed
stash token (person and meeting); a save that arrives signed out is kept as a
`MinutesStash` and shown in the editor after signing in again (README.md, Minutes).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from flask import current_app
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select

from intranet.actions.models import ActionItem, ActionStatus
from intranet.actions.services import create_item, items_for_source
from intranet.announcements import Announcement, NoPublisher, publish
from intranet.audit.services import record
from intranet.database import upsert
from intranet.domain import DomainError
from intranet.extensions import db
from intranet.i18n import enabled_languages
from intranet.notifications.emails import in_language
from intranet.notifications.services import clear, notify, notify_many
from intranet.people.models import Person, utcnow
from intranet.permissions import can, require
from intranet.texts import Translated, clean_text
from meetings.membership import members_of
from meetings.models import (
    AgendaItem,
    Meeting,
    MeetingSeries,
    MeetingStatus,
    Minutes,
    MinutesAmendment,
    MinutesStash,
    MinutesStatus,
    SeriesKind,
)
from meetings.services.minutes_comments import require_round_done

log = logging.getLogger("ura.meetings")

#: one text (the notes, or one item's discussion or decisions)
TEXT_MAX = 20_000
REASON_MAX = 1000
PARTS = ("discussion", "decisions")
#: a stash token is good for a working day (a signed-out save older than that is refused)
STASH_MAX_AGE = 12 * 3600
_STASH_SALT = "meetings.minutes-stash"


@dataclass
class MinutesTexts:
    """What the editor sends: the general notes and, per agenda item id, discussion and decisions."""

    notes: str
    items: dict[int, dict[str, str]]


def subject_of(minutes: Minutes) -> str:
    return f"minutes:{minutes.id}"


def minutes_url(meeting: Meeting) -> str:
    return f"/meetings/{meeting.id}/minutes"


def source_key(meeting: Meeting, item: AgendaItem) -> str:
    return f"series:{meeting.series_id}:meeting:{meeting.id}:item:{item.id}"


def minutes_of(meeting: Meeting) -> Minutes | None:
    return db.session.scalar(select(Minutes).where(Minutes.meeting_id == meeting.id))


def is_general(series: MeetingSeries) -> bool:
    """General meetings (all staff) publish their minutes to all staff."""
    return series.kind == SeriesKind.GENERAL or series.members_all


def _label(meeting: Meeting) -> Translated:
    return Translated(meeting.series.titles or {})


# --- the draft ---------------------------------------------------------------------------------


def _clean(texts: MinutesTexts, meeting: Meeting) -> tuple[str, dict[str, dict[str, str]]]:
    """The notes and the agenda items' texts, cleaned; only items of this meeting's agenda count."""
    notes = clean_text(texts.notes)
    if len(notes) > TEXT_MAX:
        raise DomainError(_l("Keep this text within %(max)d characters.", max=TEXT_MAX), field="notes")
    agenda_ids = {item.id for item in meeting.agenda}
    kept: dict[str, dict[str, str]] = {}
    for item_id, parts in texts.items.items():
        if item_id not in agenda_ids:
            continue
        cleaned = {}
        for part in PARTS:
            value = clean_text(parts.get(part))
            if len(value) > TEXT_MAX:
                raise DomainError(_l("Keep this text within %(max)d characters.", max=TEXT_MAX),
                                  field=f"{part}-{item_id}")
            if value:
                cleaned[part] = value
        if cleaned:
            kept[str(item_id)] = cleaned
    return notes, kept


def start_minutes(actor: Person, meeting: Meeting) -> Minutes:
    """The meeting's minutes, created as an empty draft when there are none (twice at once: one)."""
    require(actor, "meetings.minutes_write", meeting, _l("Only the secretary or the chair writes the minutes."))
    minutes = minutes_of(meeting)
    if minutes is not None:
        return minutes
    if meeting.status == MeetingStatus.CANCELLED:
        raise DomainError(_l("This meeting was cancelled; it has no minutes."))
    now = utcnow()
    # The unique meeting_id makes a double click (or two tabs) one row.
    upsert(Minutes, ["meeting_id"], {"meeting_id": meeting.id, "status": MinutesStatus.DRAFT.value,
                                     "created_at": now, "updated_at": now, "updated_by_id": actor.id},
           update=["meeting_id"])
    minutes = minutes_of(meeting)
    assert minutes is not None
    record(actor, "meetings.minutes_started", meeting)
    return minutes


def save_draft(actor: Person, meeting: Meeting, texts: MinutesTexts) -> Minutes:
    """Write the draft (created on the first save) and drop the actor's stash. Not committed.

    :raises PermissionDenied: unless the secretary or the chair.
    :raises DomainError: for minutes no longer a draft, or a text too long (its field).
    """
    minutes = start_minutes(actor, meeting)
    minutes.require_draft()
    notes, kept = _clean(texts, meeting)
    minutes.notes, minutes.texts = notes, kept
    minutes.updated_at, minutes.updated_by_id = utcnow(), actor.id
    drop_stash(actor, meeting)
    return minutes


def add_action_item(actor: Person, meeting: Meeting, item: AgendaItem, *, title: str, owner: Person | None,
                    due_on: date | None) -> ActionItem:
    """An action item agreed under an agenda item, in the host's register (the owner is told).

    The same title for the same owner under the same item again is the same item (a double click).

    :raises DomainError: for an item not on this meeting's agenda ("action_item"), minutes no
        longer a draft, or the register's refusals (title, owner).
    """
    minutes = start_minutes(actor, meeting)
    minutes.require_draft()
    if item.meeting_id != meeting.id or item not in meeting.agenda:
        raise DomainError(_l("Choose an item of this meeting's agenda."), field="action_item")
    if owner is None:
        raise DomainError(_l("Choose an active member of staff as the owner."), field="action_owner")
    key = source_key(meeting, item)
    existing = db.session.scalar(select(ActionItem).where(
        ActionItem.source_plugin == "meetings", ActionItem.source_key == key,
        ActionItem.owner_id == owner.id, ActionItem.title == clean_text(title)))
    if existing is not None:
        return existing
    try:
        return create_item(actor, title=title, owner=owner, due_on=due_on, source_plugin="meetings",
                           source_key=key, source_url=f"{minutes_url(meeting)}#item-{item.id}",
                           source_label=_label(meeting))
    except DomainError as error:
        raise DomainError(error.message, field={"title": "action_title", "owner": "action_owner"}.get(
            error.field or "", error.field)) from None


def action_items_of(meeting: Meeting) -> dict[int, list[ActionItem]]:
    """The meeting's action items by agenda item id."""
    found: dict[int, list[ActionItem]] = {}
    for items in items_for_source("meetings", f"series:{meeting.series_id}:meeting:{meeting.id}:").values():
        for action in items:
            found.setdefault(int(action.source_key.rsplit(":", 1)[1]), []).append(action)
    return found


def action_items_of_series(series: MeetingSeries) -> dict[ActionStatus, list[ActionItem]]:
    """Every action item of the series' meetings, by status (the chair's overview)."""
    return items_for_source("meetings", f"series:{series.id}:")


# --- approval ----------------------------------------------------------------------------------


def submit(actor: Person, minutes: Minutes) -> None:
    """The secretary sends the draft to the chair, who is told. Twice (a double click): once."""
    require(actor, "meetings.minutes_write", minutes, _l("Only the secretary or the chair writes the minutes."))
    if minutes.state is MinutesStatus.SUBMITTED:
        return
    # where the series asks for the members' comments, their round comes first (it closes at its deadline)
    require_round_done(minutes)
    minutes.submit()
    minutes.submitted_at = utcnow()
    meeting = minutes.meeting
    record(actor, "meetings.minutes_submitted", meeting)
    chair = meeting.series.chair
    if chair is not None and chair.id != actor.id:
        notify(chair, "meetings.minutes", _l("The minutes of %(series)s on %(day)s wait for your approval",
                                             series=_label(meeting), day=meeting.starts_at),
               url=minutes_url(meeting), subject=subject_of(minutes))


def return_to_draft(actor: Person, minutes: Minutes, comment: str) -> None:
    """The chair sends the minutes back with a comment; the secretary is told.

    :raises DomainError: without a comment ("comment"), or unless submitted.
    """
    require(actor, "meetings.minutes_approve", minutes, _l("Only the chair approves the minutes."))
    comment = clean_text(comment)
    if not comment:
        raise DomainError(_l("Say what to change."), field="comment")
    if len(comment) > REASON_MAX:
        raise DomainError(_l("Keep this text within %(max)d characters.", max=REASON_MAX), field="comment")
    minutes.return_to_draft(comment)
    meeting = minutes.meeting
    record(actor, "meetings.minutes_returned", meeting)
    clear(subject_of(minutes))
    secretary = meeting.series.secretary
    if secretary is not None and secretary.id != actor.id:
        notify(secretary, "meetings.minutes", _l("The chair returned the minutes of %(series)s on %(day)s",
                                                 series=_label(meeting), day=meeting.starts_at),
               comment, url=f"{minutes_url(meeting)}/edit", subject=subject_of(minutes))


def approve(actor: Person, minutes: Minutes) -> None:
    """The chair approves: read-only from now on, and published.

    A general meeting's minutes go to all staff through the host's announcements (a
    bulletin); when nothing publishes announcements, or for any other series, the members
    are told. Approving twice (a double click) does nothing the second time.
    """
    require(actor, "meetings.minutes_approve", minutes, _l("Only the chair approves the minutes."))
    if minutes.state is MinutesStatus.APPROVED:
        return
    minutes.approve()
    minutes.approved_at, minutes.approved_by_id = utcnow(), actor.id
    minutes.search_text = search_text_of(minutes)
    meeting = minutes.meeting
    record(actor, "meetings.minutes_approved", meeting)
    clear(subject_of(minutes))
    if is_general(meeting.series):
        try:
            urls = publish(announcement_of(actor, minutes))
        except NoPublisher:
            log.info("minutes %s: no publisher of announcements; members are notified instead", minutes.id)
        else:
            minutes.published_url = urls[0][:300]
            return
    notify_many([p for p in members_of(meeting.series) if p.id != actor.id], "meetings.minutes",
                _l("The minutes of %(series)s on %(day)s are approved", series=_label(meeting),
                   day=meeting.starts_at),
                url=minutes_url(meeting), subject=subject_of(minutes))


def announcement_of(author: Person, minutes: Minutes) -> Announcement:
    """The minutes as an all-staff announcement: title and Markdown body in every enabled language."""
    meeting, titles, bodies = minutes.meeting, {}, {}
    for code in enabled_languages():
        with in_language(code):
            series = _label(meeting).in_language(code)
            titles[code] = _("Minutes: %(series)s, %(day)s", series=series,
                             day=format_date(meeting.starts_at, "long"))
            bodies[code] = minutes_markdown(minutes)
    return Announcement(author=author, titles=titles, bodies=bodies, source=("meetings", subject_of(minutes)),
                        url=minutes_url(meeting))


def minutes_markdown(minutes: Minutes) -> str:
    """The minutes as one Markdown text, headings in the current language."""
    lines = []
    if minutes.notes:
        lines += [minutes.notes, ""]
    for number, item in enumerate(minutes.meeting.agenda, start=1):
        lines += [f"## {number}. {item.title}", ""]
        for part, label in (("discussion", _("Discussion")), ("decisions", _("Decisions"))):
            text = minutes.text_of(item.id, part)
            if text:
                lines += [f"**{label}**", "", text, ""]
    return "\n".join(lines).strip()


def search_text_of(minutes: Minutes) -> str:
    words = [*(minutes.meeting.series.titles or {}).values(), minutes.notes]
    for item in minutes.meeting.agenda:
        words += [item.title, *(minutes.text_of(item.id, part) for part in PARTS)]
    return " ".join(" ".join(words).split()).lower()


# --- amendments --------------------------------------------------------------------------------


def amend(actor: Person, minutes: Minutes, reason: str, texts: MinutesTexts) -> MinutesAmendment:
    """Correct approved minutes: the reason and each changed text (before and after) are kept.

    Sent twice (a double click), the second finds nothing changed and returns the first.

    :raises DomainError: unless approved, without a reason ("reason"), or when nothing changed.
    """
    require(actor, "meetings.minutes_write", minutes, _l("Only the secretary or the chair writes the minutes."))
    if minutes.state is not MinutesStatus.APPROVED:
        raise DomainError(_l("Only approved minutes are amended; edit the draft instead."))
    reason = clean_text(reason)
    if not reason:
        raise DomainError(_l("Say why the minutes are corrected."), field="reason")
    if len(reason) > REASON_MAX:
        raise DomainError(_l("Keep this text within %(max)d characters.", max=REASON_MAX), field="reason")
    meeting = minutes.meeting
    notes, kept = _clean(texts, meeting)
    changes = []
    if notes != minutes.notes:
        changes.append({"item": "", "part": "notes", "before": minutes.notes, "after": notes})
    for item in meeting.agenda:
        for part in PARTS:
            before, after = minutes.text_of(item.id, part), kept.get(str(item.id), {}).get(part, "")
            if before != after:
                changes.append({"item": item.title, "part": part, "before": before, "after": after})
    if not changes:
        last = minutes.amendments[-1] if minutes.amendments else None
        if last is not None and last.author_id == actor.id and last.reason == reason:
            return last
        raise DomainError(_l("Nothing was changed."), field="reason")
    minutes.notes, minutes.texts = notes, kept
    minutes.updated_at, minutes.updated_by_id = utcnow(), actor.id
    minutes.search_text = search_text_of(minutes)
    amendment = MinutesAmendment(minutes=minutes, author_id=actor.id, reason=reason, changes=changes)
    db.session.add(amendment)
    db.session.flush()
    record(actor, "meetings.minutes_amended", meeting, reason=reason, parts=len(changes))
    return amendment


# --- the stash (a save that arrived after the session ended) -----------------------------------


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_STASH_SALT)


def stash_token(person: Person, meeting: Meeting) -> str:
    """The editor's hidden token: who may stash typed text for which meeting, signed."""
    return _serializer().dumps({"p": person.id, "m": meeting.id})


def stash_owner(token: str | None, meeting: Meeting) -> Person | None:
    """The person a stash token was made for, if it is genuine, recent and for this meeting."""
    if not token:
        return None
    try:
        data = _serializer().loads(token, max_age=STASH_MAX_AGE)
    except BadSignature:
        return None
    if not isinstance(data, dict) or data.get("m") != meeting.id:
        return None
    person = db.session.get(Person, data.get("p"))
    return person if person is not None and person.active else None


def stash(person: Person, meeting: Meeting, values: dict[str, str]) -> None:
    """Keep what `person` typed (the editor's fields by name) until they sign in again. Not committed."""
    kept = {name: str(value)[:TEXT_MAX] for name, value in values.items()}
    upsert(MinutesStash, ["meeting_id", "person_id"],
           {"meeting_id": meeting.id, "person_id": person.id, "values": kept, "stashed_at": utcnow()},
           update=["values", "stashed_at"])
    log.info("minutes editor: typed text stashed person=%s meeting=%s", person.id, meeting.id)


def stash_for(person: Person, meeting: Meeting) -> MinutesStash | None:
    return db.session.scalar(select(MinutesStash).where(
        MinutesStash.meeting_id == meeting.id, MinutesStash.person_id == person.id))


def drop_stash(person: Person, meeting: Meeting) -> None:
    found = stash_for(person, meeting)
    if found is not None:
        db.session.delete(found)


# --- reading and search ------------------------------------------------------------------------


def search_minutes(person: Person, query: str, limit: int) -> list[Minutes]:
    """Approved minutes containing `query` that `person` may read, newest meeting first."""
    words = query.lower().split()
    if not words:
        return []
    statement = select(Minutes).join(Meeting).where(Minutes.status == MinutesStatus.APPROVED.value)
    for word in words:
        statement = statement.where(Minutes.search_text.contains(word, autoescape=True))
    found = []
    for minutes in db.session.scalars(statement.order_by(Meeting.starts_at.desc()).limit(limit * 4)):
        if can(person, "meetings.minutes_read", minutes):
            found.append(minutes)
        if len(found) >= limit:
            break
    return found


