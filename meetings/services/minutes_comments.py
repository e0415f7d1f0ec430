"""The members' comment round on draft minutes, where the series asks for one (`comment_days` > 0).

The secretary (or the chair) sends the draft to the members with a deadline (by default
`comment_days` days ahead); members read the draft and comment on one agenda item or on the
minutes as a whole until the end of that day (local time); the chair sees every comment
beside the approval buttons. In such a series the draft goes to the chair only once the round
has ended. `flask meetings tick` closes rounds whose deadline has passed: the members'
"comment on the minutes" notifications are cleared and the secretary is told how many
comments came. Every function takes `now` so that tests run on a clock they control.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from flask_babel import format_datetime
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from intranet.audit.services import record
from intranet.domain import DomainError
from intranet.extensions import db
from intranet.localtime import local_today, start_of_local_day, to_local
from intranet.notifications.services import clear, notify, notify_many
from intranet.people.models import Person, utcnow
from intranet.permissions import can, require
from intranet.texts import Translated, clean_text
from meetings.membership import members_of
from meetings.models import AgendaItem, Minutes, MinutesComment, MinutesStatus

#: the longest comment
COMMENT_MAX = 2000
#: the furthest a deadline may be set
LONGEST_ROUND = timedelta(days=60)


def subject_of(minutes: Minutes) -> str:
    """The notifications asking members to comment (cleared once they comment, or the round closes)."""
    return f"minutes-comments:{minutes.id}"


def _url(minutes: Minutes) -> str:
    return f"/meetings/{minutes.meeting_id}/minutes#comments"


def asks_for_comments(minutes: Minutes) -> bool:
    return (minutes.meeting.series.comment_days or 0) > 0


def _local_day(at: datetime) -> date:
    """The meeting's local day: a notification names the day, not a time to the second."""
    local = to_local(at)
    assert local is not None
    return local.date()


def last_comment_day(minutes: Minutes) -> date | None:
    """The local day members comment through (the round ends at the start of the next day), as it was chosen."""
    if minutes.comments_until is None:
        return None
    until = to_local(minutes.comments_until)
    assert until is not None
    return (until - timedelta(microseconds=1)).date()


def default_deadline(minutes: Minutes, now: datetime | None = None) -> date:
    """The last local day members comment on, counted from today by the series' `comment_days`."""
    return local_today(now) + timedelta(days=max(minutes.meeting.series.comment_days or 0, 1))


def send_for_comments(actor: Person, minutes: Minutes, last_day: date, now: datetime | None = None) -> bool:
    """Send the draft to the members for comments until the end of `last_day` (local); they are told.

    Sending again while the round is open moves its deadline (nobody is told twice); the same
    deadline again (a double click) changes nothing. Returns True when members were told. Not committed.

    :raises DomainError: for a series that asks for no comments, minutes that are not a draft, or a
        deadline not after today ("last_day").
    """
    require(actor, "meetings.minutes_write", minutes, _l("Only the secretary or the chair writes the minutes."))
    now = now or utcnow()
    if not asks_for_comments(minutes):
        raise DomainError(_l("This series does not ask its members to comment on draft minutes."))
    minutes.require_draft()
    today = local_today(now)
    if last_day <= today:
        raise DomainError(_l("Give the members at least until tomorrow."), field="last_day")
    if last_day - today > LONGEST_ROUND:
        raise DomainError(_l("Choose a day within %(num)d days.", num=LONGEST_ROUND.days), field="last_day")
    until = start_of_local_day(last_day + timedelta(days=1))
    was_open = minutes.comments_open(now)
    if was_open and minutes.comments_until == until:
        return False
    minutes.comments_until, minutes.comments_closed_at = until, None
    meeting = minutes.meeting
    record(actor, "meetings.minutes_sent_for_comments", meeting, until=last_day.isoformat())
    if was_open:
        return False
    minutes.comments_sent_at = now
    notify_many([p for p in members_of(meeting.series) if p.id != actor.id], "meetings.minutes_comments",
                _l("Comment on the draft minutes of %(series)s on %(day)s by %(deadline)s",
                   series=Translated(meeting.series.titles or {}), day=_local_day(meeting.starts_at),
                   deadline=last_day),
                url=_url(minutes), subject=subject_of(minutes))
    return True


def add_comment(actor: Person, minutes: Minutes, body: str, item: AgendaItem | None = None,
                now: datetime | None = None) -> MinutesComment:
    """A member's comment on one agenda item (or, without one, on the minutes as a whole). Not committed.

    The same text again from the same person on the same item (a double click) is the same comment.
    The actor's "comment on the minutes" notification is cleared.

    :raises DomainError: after the deadline, without a text ("body"), or for an item not on the agenda ("item").
    """
    require(actor, "meetings.minutes_comment", minutes, _l("Only members comment on the draft minutes."))
    now = now or utcnow()
    if not minutes.comments_open(now):
        raise DomainError(_l("The time for comments has ended."), field="body")
    body = clean_text(body)
    if not body:
        raise DomainError(_l("Write your comment."), field="body")
    if len(body) > COMMENT_MAX:
        raise DomainError(_l("Keep this text within %(max)d characters.", max=COMMENT_MAX), field="body")
    if item is not None and item not in minutes.meeting.agenda:
        raise DomainError(_l("Choose an item of this meeting's agenda."), field="item")
    item_id = item.id if item is not None else None
    mine = [c for c in minutes.comments if c.person_id == actor.id]
    if mine and mine[-1].item_id == item_id and mine[-1].body == body:
        return mine[-1]
    comment = MinutesComment(minutes=minutes, person_id=actor.id, item_id=item_id, body=body, at=now)
    db.session.add(comment)
    db.session.flush()
    record(actor, "meetings.minutes_commented", minutes.meeting, item=item.title if item else "")
    clear(subject_of(minutes), actor)
    return comment


def comments_for(reader: Person, minutes: Minutes) -> list[MinutesComment]:
    """Every comment for the secretary and the chair (the chair approves with them in view); a member their own."""
    if can(reader, "meetings.minutes_write", minutes):
        return list(minutes.comments)
    return [c for c in minutes.comments if c.person_id == reader.id]


def require_round_done(minutes: Minutes, now: datetime | None = None) -> None:
    """In a series that asks for comments, the draft goes to the chair once the members' round has ended.

    :raises DomainError: when the round was not held, or is still open.
    """
    if not asks_for_comments(minutes):
        return
    if minutes.comments_sent_at is None:
        raise DomainError(_l("This series asks the members to comment first: send them the draft."))
    if minutes.comments_closed_at is None and minutes.comments_open(now or utcnow()):
        raise DomainError(_l("The members may comment until %(deadline)s; send the minutes to the chair after that.",
                             deadline=format_datetime(minutes.comments_until, "short")))


def close_rounds(now: datetime) -> int:
    """Close the comment rounds whose deadline has passed (for `flask meetings tick`): the members'
    notifications are cleared and the secretary is told how many comments came, once. Not committed."""
    closed = 0
    due = db.session.scalars(select(Minutes).where(
        Minutes.comments_until.is_not(None), Minutes.comments_until <= now, Minutes.comments_closed_at.is_(None)))
    for minutes in due:
        minutes.comments_closed_at = now
        closed += 1
        clear(subject_of(minutes))
        meeting = minutes.meeting
        secretary = meeting.series.secretary
        if secretary is not None and minutes.state is MinutesStatus.DRAFT:
            notify(secretary, "meetings.minutes",
                   # no plural form: a notification is a lazy string rendered for its reader, and
                   # `make messages` does not extract lazy_ngettext
                   _l("The comment period on the minutes of %(series)s has ended. Comments: %(num)d",
                      series=Translated(meeting.series.titles or {}), num=len(minutes.comments)),
                   url=_url(minutes), subject=f"minutes:{minutes.id}")
    return closed
