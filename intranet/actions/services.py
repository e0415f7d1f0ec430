"""The action-item register's rules and writes, callable without HTTP.

Nothing here commits: every change (the item, its comment, the audit entry, the
notifications) joins the caller's transaction, so a view, a command or another
plugin's service commits it with the change that caused it.

    from intranet.actions.services import create_item
    create_item(secretary, title="Send the budget table", owner=arta, due_on=date(2026, 12, 18),
                source_plugin="meetings", source_key="minutes:12:item:3",
                source_url="/meetings/12/minutes#item-3", source_label=series.titles)

Who may do what is decided in `intranet.permissions` ("actions.update": the owner,
whoever created the item, or hr, cabinet and admin — "actions.manage_all";
"actions.read" and "actions.comment" add the directors of the owner's unit).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import date
from typing import cast

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, or_, update
from sqlalchemy.engine import CursorResult

from intranet.actions.models import OPEN_STATUSES, ActionComment, ActionItem, ActionStatus
from intranet.admin.services import action_escalation_days
from intranet.audit.services import record
from intranet.domain import DomainError
from intranet.extensions import db
from intranet.notifications.services import clear, notify, notify_many
from intranet.people.models import Person, Unit, utcnow
from intranet.permissions import directors_of, require
from intranet.security import safe_next
from intranet.texts import Translated, clean_text

log = logging.getLogger("ura.actions")

TITLE_MAX = 300
COMMENT_MAX = 2000
_OPEN_VALUES = [status.value for status in OPEN_STATUSES]


def subject_of(item: ActionItem) -> str:
    """The notifications' subject for an item: acting on it clears them (`notifications.clear`)."""
    return f"action:{item.id}"


def item_url(item: ActionItem) -> str:
    return f"/actions/{item.id}"


# --- creating -----------------------------------------------------------------------


def create_item(actor: Person | None, *, title: str, owner: Person, due_on: date | None = None,
                source_plugin: str, source_key: str, source_url: str = "",
                source_label: Mapping[str, str] | None = None) -> ActionItem:
    """Add an item for `owner` and tell them (kind "actions.assigned"), unless they made it themselves.

    The calling plugin checks who may raise items in its own terms (a meeting's secretary,
    hr for a survey); `actor` None is the system. `source_url` must be a local path;
    `source_label` is the source's title per language.

    :raises DomainError: for an empty or too long title ("title"), an inactive owner ("owner"),
        or a missing source ("source_key").
    """
    title = clean_text(title)
    if not title:
        raise DomainError(_l("Write what is to be done."), field="title")
    if len(title) > TITLE_MAX:
        raise DomainError(_l("Keep the title within %(max)d characters.", max=TITLE_MAX), field="title")
    if owner is None or not owner.active:
        raise DomainError(_l("Choose an active member of staff as the owner."), field="owner")
    if not source_plugin or not source_key:
        raise DomainError(_l("An action item needs to say where it came from."), field="source_key")
    item = ActionItem(
        title=title, owner=owner, due_on=due_on, status=ActionStatus.OPEN.value,
        source_plugin=source_plugin[:32], source_key=source_key[:100],
        source_url=safe_next(source_url, default="")[:500] if source_url else "",
        source_label=dict(Translated.cleaned(source_label)) if source_label else {},
        created_by=actor,
    )
    db.session.add(item)
    db.session.flush()
    record(actor, "action_item.created", item, title=title, owner_id=owner.id, source_key=item.source_key,
           due_on=due_on.isoformat() if due_on else None)
    if actor is None or actor.id != owner.id:
        notify(owner, "actions.assigned", _l("New action item for you: %(title)s", title=title),
               _l("Due %(day)s.", day=due_on) if due_on else "", url=item_url(item), subject=subject_of(item))
    return item


# --- status and comments -------------------------------------------------------------


def update_status(actor: Person, item: ActionItem, status: str | ActionStatus, comment: str = "") -> ActionItem:
    """Move the item to `status`, with `comment` (required when dropping), as one `ActionComment`.

    The same status again changes nothing (a double click, or two people at once): with a
    comment, the comment is added (once). Done and dropped clear everyone's unread
    notifications about the item.

    :raises PermissionDenied: unless the owner, the creator or "actions.manage_all".
    :raises DomainError: for an unknown status or an illegal move ("status"), a missing or
        too long comment ("comment").
    """
    require(actor, "actions.update", item, _l("Only the owner of this item, or whoever created it, can change it."))
    try:
        wanted = ActionStatus(status)
    except ValueError:
        raise DomainError(_l("Choose one of the statuses offered."), field="status") from None
    text = _comment_text(comment, required=wanted is ActionStatus.DROPPED and item.state is not wanted,
                         missing=_l("Say why the item is dropped."))
    if item.state is wanted:
        if text:
            add_comment(actor, item, text)
        return item
    before = item.state
    item.move_to(wanted)
    item.updated_at = utcnow()
    db.session.add(ActionComment(item=item, author=actor, text=text, status_from=before.value,
                                 status_to=wanted.value))
    record(actor, "action_item.status_changed", item, status_from=before.value, status_to=wanted.value)
    if not wanted.is_open:
        clear(subject_of(item))
    return item


def add_comment(actor: Person, item: ActionItem, text: str) -> ActionComment:
    """Add a comment; the same text as the same person's comment just before is not added
    twice (a double click). Returns the comment (the earlier one, then).

    :raises PermissionDenied: unless "actions.comment" on the item.
    :raises DomainError: for an empty or too long text ("comment").
    """
    require(actor, "actions.comment", item, _l("You cannot comment on this item."))
    text = _comment_text(text, required=True, missing=_l("Write a comment."))
    last = db.session.scalar(db.select(ActionComment).where(ActionComment.item_id == item.id)
                             .order_by(ActionComment.id.desc()).limit(1)) if item.id else None
    # The same person's same words again, straight after (alone or with a status change): a double click.
    if last is not None and last.author_id == actor.id and last.text == text:
        return last
    entry = ActionComment(item=item, author=actor, text=text)
    db.session.add(entry)
    record(actor, "action_item.commented", item)
    return entry


#: the name the brief gives it; `add_comment` says what it does in a view's code
comment = add_comment


def _comment_text(value: str | None, *, required: bool, missing) -> str:
    text = clean_text(value)
    if required and not text:
        raise DomainError(missing, field="comment")
    if len(text) > COMMENT_MAX:
        raise DomainError(_l("Keep the comment within %(max)d characters.", max=COMMENT_MAX), field="comment")
    return text


# --- reading -----------------------------------------------------------------------------


def _still_to_do_first():
    return case((ActionItem.status.in_(_OPEN_VALUES), 0), else_=1)


def items_for_owner(person: Person, open_only: bool = True) -> list[ActionItem]:
    """The person's items: open and in progress first, by due day (undated last); then, unless
    `open_only`, done and dropped ones, most recently changed first."""
    query = db.select(ActionItem).where(ActionItem.owner_id == person.id)
    if open_only:
        query = query.where(ActionItem.status.in_(_OPEN_VALUES))
    return list(db.session.scalars(query.order_by(
        _still_to_do_first(), ActionItem.due_on.is_(None),
        case((ActionItem.status.in_(_OPEN_VALUES), ActionItem.due_on), else_=None),
        ActionItem.updated_at.desc(), ActionItem.id,
    )))


def items_for_source(plugin: str, key_prefix: str) -> dict[ActionStatus, list[ActionItem]]:
    """Every item a source raised (keys starting with `key_prefix`, e.g. "series:3:"), by
    status in the order open, in progress, done, dropped; each by due day. For a chair's
    or an officer's overview; every status is present, possibly empty."""
    found = db.session.scalars(
        db.select(ActionItem)
        .where(ActionItem.source_plugin == plugin, ActionItem.source_key.startswith(key_prefix, autoescape=True))
        .order_by(ActionItem.due_on.is_(None), ActionItem.due_on, ActionItem.id)
    )
    grouped: dict[ActionStatus, list[ActionItem]] = {status: [] for status in ActionStatus}
    for item in found:
        grouped[item.state].append(item)
    return grouped


def overdue_items(today: date) -> list[ActionItem]:
    """Open and in-progress items whose due day is before `today` (a local date), oldest first."""
    return list(db.session.scalars(
        db.select(ActionItem)
        .where(ActionItem.status.in_(_OPEN_VALUES), ActionItem.due_on.is_not(None), ActionItem.due_on < today)
        .order_by(ActionItem.due_on, ActionItem.id)
    ))


# --- reminders and escalation ------------------------------------------------------------


def remind_and_escalate(today: date) -> tuple[int, int]:
    """Remind each overdue item's owner (once a day at most), and once it is overdue by the
    grace period (`action_escalation_days()`, default 7) tell the owner's director(s), once.

    `today` is the local date (`intranet.localtime.local_today()`), passed in so tests and
    callers control the clock. Each send is claimed by a conditional UPDATE of the item's
    `reminded_on` / `escalated_on`, so two runs — one after the other, or overlapping —
    send each message once. Returns (owners reminded, items escalated). Does not commit.
    """
    grace = action_escalation_days()
    reminded = escalated = 0
    for item in overdue_items(today):
        if _claim(item, ActionItem.reminded_on, today):
            notify(item.owner, "actions.overdue",
                   _l("Overdue action item: %(title)s", title=item.title),
                   _l("It was due %(day)s.", day=item.due_on), url=item_url(item), subject=subject_of(item))
            reminded += 1
        if item.days_overdue(today) >= grace and item.escalated_on is None:
            directors = directors_above(item.owner)
            if not directors:
                log.info("overdue action item %s not escalated: nobody directs the unit of person %s",
                         item.id, item.owner_id)
                continue
            if _claim(item, ActionItem.escalated_on, today, once=True):
                notify_many(directors, "actions.escalated",
                            _l("%(owner)s's action item is overdue: %(title)s", owner=item.owner.name,
                               title=item.title),
                            _l("It was due %(day)s.", day=item.due_on), url=item_url(item),
                            subject=subject_of(item))
                record(None, "action_item.escalated", item, directors=[d.id for d in directors],
                       days_overdue=item.days_overdue(today))
                escalated += 1
    return reminded, escalated


def _claim(item: ActionItem, column, today: date, *, once: bool = False) -> bool:
    """Set `column` to today unless it already is (or, with `once`, is set at all); True if this call set it."""
    condition = column.is_(None) if once else or_(column.is_(None), column != today)
    result = db.session.execute(
        update(ActionItem).where(ActionItem.id == item.id, condition).values({column.key: today})
        .execution_options(synchronize_session=False)
    )
    claimed = (cast(CursorResult, result).rowcount or 0) == 1  # an UPDATE answers a CursorResult
    if claimed:
        setattr(item, column.key, today)
    return claimed


def directors_above(person: Person) -> list[Person]:
    """Who directs `person`: the directors of their unit other than themselves; for a person
    who directs their own unit (or a unit nobody directs), those of the nearest unit above."""
    unit_id, seen = person.unit_id, set()
    while unit_id is not None and unit_id not in seen:
        seen.add(unit_id)
        found = [director for director in directors_of(unit_id) if director.id != person.id]
        if found:
            return found
        unit_id = db.session.scalar(db.select(Unit.parent_id).where(Unit.id == unit_id))
    return []
