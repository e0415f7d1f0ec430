"""Notifying people: in-app always, plus email or a daily digest as each person chooses.

Nothing here commits. Every row (the notification, the outbox message, a
preference) joins the caller's transaction, so the change that caused a message
and the message itself are committed together, or rolled back together.

    from flask_babel import lazy_gettext as _l
    notify(person, "bulletins.published", _l("New bulletin: %(title)s", title=b.title),
           url=f"/bulletins/{b.id}")

Pass lazy strings (`lazy_gettext`) for the title and body: they are translated
into each recipient's own language.
"""

from __future__ import annotations

import logging
from datetime import datetime
from functools import cache
from typing import cast

from flask import current_app, g, has_request_context
from flask_babel import lazy_gettext as _l
from sqlalchemy import BindParameter, bindparam, func, or_, update
from sqlalchemy.engine import CursorResult

from intranet.admin.services import organisation_name
from intranet.database import upsert
from intranet.domain import DomainError, PermissionDenied
from intranet.extensions import db
from intranet.notifications.emails import absolute_url, in_language, language_of, render_email
from intranet.notifications.messages import freeze, render
from intranet.notifications.models import DELIVERIES, Notification, NotificationPreference, OutboxMessage
from intranet.people.models import Person, utcnow
from intranet.plugins import declared
from intranet.security import safe_next
from intranet.signals import NotificationKind

log = logging.getLogger("ura.notifications")
outbox_log = logging.getLogger("ura.outbox")

#: the host's own kinds; plugins add theirs through `Plugin(notification_kinds=...)`
HOST_KINDS = [
    # Role changes and deactivation are security-relevant: by email unless the person opts out.
    NotificationKind("intranet.account", _l("Your account and roles"), default_delivery="email"),
    NotificationKind("actions.assigned", _l("An action item assigned to you")),
    NotificationKind("actions.overdue", _l("Your action item is overdue"), default_delivery="email"),
    NotificationKind("actions.escalated", _l("An action item of your staff is overdue"), default_delivery="email"),
]


class UnknownNotificationKind(LookupError):
    """`notify` was called with a kind neither the host nor an enabled plugin declares."""


def known_kinds() -> dict[str, NotificationKind]:
    """Every kind people can choose a delivery for: the host's, then each enabled plugin's.

    :raises ValueError: when two declare the same key.
    """
    kinds: dict[str, NotificationKind] = {}
    for kind in HOST_KINDS + [kind for _plugin, kinds in declared("notification_kinds") for kind in kinds]:
        if kind.key in kinds:
            raise ValueError(f"notification kind {kind.key!r} is declared twice")
        if kind.default_delivery not in DELIVERIES:
            raise ValueError(f"notification kind {kind.key!r}: unknown delivery {kind.default_delivery!r}")
        kinds[kind.key] = kind
    return kinds


def _kind(key: str) -> NotificationKind:
    kind = known_kinds().get(key)
    if kind is None:
        raise UnknownNotificationKind(key)
    return kind


# --- preferences ----------------------------------------------------------------


def get_preferences(person: Person) -> dict[str, str]:
    """The person's delivery per known kind: their choice, else the kind's default."""
    chosen = dict(db.session.execute(
        db.select(NotificationPreference.kind, NotificationPreference.delivery)
        .where(NotificationPreference.person_id == person.id)
    ).all())
    return {
        key: chosen[key] if chosen.get(key) in DELIVERIES else kind.default_delivery
        for key, kind in known_kinds().items()
    }


def delivery_for(person: Person, kind: str) -> str:
    """How `person` wants notifications of `kind`: "inapp", "email" or "digest"."""
    return get_preferences(person).get(kind) or _kind(kind).default_delivery


def set_preferences(person: Person, choices: dict[str, str]) -> None:
    """Store the person's delivery per kind (only the kinds given change).

    :raises DomainError: for an unknown kind or delivery (`field` names the kind).
    """
    kinds = known_kinds()
    for key, delivery in choices.items():
        if key not in kinds:
            raise DomainError(_l("Unknown kind of notification."), field=key)
        if delivery not in DELIVERIES:
            raise DomainError(_l("Choose in-app, email or daily digest."), field=key)
    for key, delivery in choices.items():
        # Insert or update in one statement: a double-clicked save cannot insert the row twice.
        upsert(NotificationPreference, ("person_id", "kind"),
               dict(person_id=person.id, kind=key, delivery=delivery), update=("delivery",))


# --- notifying ------------------------------------------------------------------


def notify(person: Person, kind: str, title, body="", url: str = "", subject: str = "") -> Notification:
    """Tell `person` something: always in the app, and by email or in the digest as they chose.

    `title` and `body` are best lazy strings with their parameters (`_l("New bulletin:
    %(title)s", title=...)`): they are kept as message and parameters and shown in the
    reader's language, dates as the reader's language writes them (`notifications.messages`).
    `url` is a local path ("/bulletins/12"); anything else is dropped. `subject` names
    the thing it is about ("bulletin:12") so that acting on it clears the notification
    (`clear`). The email, if any, is an outbox row in the caller's transaction.

    :raises UnknownNotificationKind: when nobody declared `kind`.
    """
    return _notify(person, kind, delivery_for(person, kind), title, body, url, subject=subject)


def notify_many(people, kind: str, title, body="", url: str = "", subject: str = "") -> int:
    """`notify` for a whole audience at once (an all-staff bulletin, a survey's announcement:
    thousands of people). Preferences are read in one query and nothing is flushed between
    people, so it costs about a millisecond a person instead of tens.

    `title` and `body` are as for `notify`, or callables taking the person (a text in their
    language). Returns how many people were notified.

    :raises UnknownNotificationKind: when nobody declared `kind`.
    """
    default = _kind(kind).default_delivery
    chosen = dict(db.session.execute(
        db.select(NotificationPreference.person_id, NotificationPreference.delivery)
        .where(NotificationPreference.kind == kind)
    ).all())
    count = 0
    with db.session.no_autoflush:
        # Read once, not per email (settings are read per language inside render_email otherwise).
        org_names = {}
        for person in people:
            delivery = chosen.get(person.id)
            language = language_of(person)
            if language not in org_names:
                with in_language(language):
                    org_names[language] = organisation_name(current_app.config["URA_ORG_NAME"])
            _notify(person, kind, delivery if delivery in DELIVERIES else default,
                    title(person) if callable(title) else title, body(person) if callable(body) else body, url,
                    subject=subject, org_name=org_names[language])
            count += 1
    return count


def _notify(person: Person, kind: str, delivery: str, title, body, url: str, subject: str = "",
            **email_context) -> Notification:
    language = language_of(person)
    message = {"title": freeze(title), "body": freeze(body or "")}
    with in_language(language):
        title_text, body_text = str(render(message["title"]))[:300], str(render(message["body"]))
    url = safe_next(url, default="")[:500]
    if delivery != "inapp" and not (person.active and person.email):
        # Nobody to write to (no address, or the account is closed): the app keeps it.
        log.info("notification kept in-app only person=%s kind=%s reason=no-email-or-inactive", person.id, kind)
        delivery = "inapp"
    notification = Notification(
        person=person, kind=kind, subject=subject[:100], message=message, title=title_text, body=body_text,
        url=url, delivery=delivery,
    )
    db.session.add(notification)
    forget_unread()
    if delivery == "email" and person.email:
        email = render_email(
            "notification", language, title_text,
            person=person, title=title_text, body=body_text, link=absolute_url(url or "/"), **email_context,
        )
        enqueue_email(person.email, email.subject, email.text, email.html, language=email.language)
    return notification


def enqueue_email(to: str, subject: str, text: str, html: str = "", *, language: str = "") -> OutboxMessage:
    """Queue an email in the current transaction; `flask outbox run` sends it after the commit.

    :raises DomainError: when `to` is empty or holds a line break.
    """
    if not to or any(c in to for c in "\r\n") or "@" not in to:
        raise DomainError(_l("An email needs a valid recipient address."), field="to")
    message = OutboxMessage(
        channel="email", recipient=to.strip()[:254], subject=" ".join(str(subject).split())[:300],
        body_text=text, body_html=html, payload={"language": language} if language else {},
        status="pending", attempts=0, next_attempt_at=utcnow(),
    )
    db.session.add(message)
    return message


def enqueue_teams(title: str, text: str, url: str = "") -> OutboxMessage | None:
    """Queue a message for the Teams channel (`TEAMS_WEBHOOK_URL`) in the current transaction.

    Returns None, with a log line, when no webhook is configured. The card is in
    the municipality's default language: a channel has many readers.
    """
    if not current_app.config.get("TEAMS_WEBHOOK_URL"):
        outbox_log.info("teams message not queued: TEAMS_WEBHOOK_URL is not set")
        return None
    language = current_app.config["BABEL_DEFAULT_LOCALE"]
    with in_language(language):
        title_text, body_text = str(title)[:300], str(text or "")
        link = absolute_url(url) if safe_next(url, default="") else ""
        payload = teams_card(title_text, body_text, link, str(_l("Open in Ura")))
    message = OutboxMessage(
        channel="teams", recipient="", subject=title_text, body_text=body_text, payload=payload,
        status="pending", attempts=0, next_attempt_at=utcnow(),
    )
    db.session.add(message)
    return message


def teams_card(title: str, text: str, link: str, link_label: str) -> dict:
    """A Teams message holding one Adaptive Card (accepted by Workflows and connector webhooks)."""
    card: dict = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": [
            {"type": "TextBlock", "text": title, "weight": "Bolder", "size": "Medium", "wrap": True},
            {"type": "TextBlock", "text": text, "wrap": True},
        ],
    }
    if link:
        card["actions"] = [{"type": "Action.OpenUrl", "title": link_label, "url": link}]
    return {
        "type": "message",
        "attachments": [
            {"contentType": "application/vnd.microsoft.card.adaptive", "contentUrl": None, "content": card}
        ],
    }


# --- reading --------------------------------------------------------------------


#: where a request keeps the signed-in person's unread count, read with their session (intranet.auth.session)
UNREAD_CACHE = "ura_unread"


def unread_statement(person_id):
    """How many unread notifications `person_id` (a value or a column to correlate with) has."""
    return (db.select(func.count()).select_from(Notification)
            .where(Notification.person_id == person_id, Notification.read_at.is_(None)))


def unread_count(person: Person) -> int:
    """How many in-app notifications the person has not read.

    The signed-in person's count comes with their session (one statement for the person,
    their roles and this count, once per request); a change to notifications in the request
    forgets it (`forget_unread`), so the page that follows reads it again.
    """
    cached = g.get(UNREAD_CACHE) if has_request_context() else None
    if cached is not None and cached[0] == person.id:
        return cached[1]
    return db.session.scalar(unread_statement(person.id)) or 0


@cache
def _mark_read_statement():
    """Built once per process (building it was a tenth of a submission's time)."""
    moment: BindParameter[datetime] = bindparam("at")  # not a column's name: an UPDATE reserves those
    return (update(Notification)
            .where(Notification.subject == bindparam("about"), Notification.person_id == bindparam("reader"),
                   or_(Notification.read_at.is_(None), Notification.read_at > moment))
            .values(read_at=moment).execution_options(synchronize_session=False))


def mark_read_as_of(subject: str, person: Person, moment: datetime, were_unread: int | None = None) -> None:
    """Mark the person's notifications about `subject` read as of `moment`: the unread ones and
    those read after it (so that none shows a later time). In the caller's transaction.

    `were_unread`: how many of them the caller read as unread in this transaction; the request's
    unread count then follows without counting again (else it is counted again when shown)."""
    db.session.execute(_mark_read_statement(), {"about": subject, "reader": person.id, "at": moment})
    cached = g.get(UNREAD_CACHE) if has_request_context() else None
    if were_unread is not None and cached is not None and cached[0] == person.id:
        setattr(g, UNREAD_CACHE, (person.id, max(0, cached[1] - were_unread)))
    else:
        forget_unread()


def forget_unread() -> None:
    """Drop the request's unread count (notifications were added or read in this request)."""
    if has_request_context():
        g.pop(UNREAD_CACHE, None)


def list_notifications(person: Person, page: int = 1, per_page: int = 20):
    """The person's notifications, newest first, one page of them."""
    query = (
        db.select(Notification).where(Notification.person_id == person.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
    )
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def mark_read(person: Person, notification: Notification) -> None:
    """Mark one of the person's notifications read (reading it twice changes nothing).

    :raises PermissionDenied: when it is someone else's.
    """
    if notification.person_id != person.id:
        raise PermissionDenied(_l("This is not your notification."))
    if notification.read_at is None:
        notification.read_at = utcnow()
        forget_unread()


def clear(subject: str, person: Person | None = None) -> int:
    """Acting on a thing clears what was said about it: mark read the unread notifications
    about `subject` — the person's (who just acted), or everyone's (e.g. once a bulletin is
    approved, every officer's "waiting for approval"). Returns how many.
    """
    if not subject:
        return 0
    forget_unread()
    query = update(Notification).where(Notification.subject == subject, Notification.read_at.is_(None))
    if person is not None:
        query = query.where(Notification.person_id == person.id)
    result = db.session.execute(query.values(read_at=utcnow()).execution_options(synchronize_session="fetch"))
    return cast(CursorResult, result).rowcount or 0  # an UPDATE answers a CursorResult


def mark_all_read(person: Person) -> int:
    """Mark every unread notification of the person read; returns how many."""
    forget_unread()
    result = db.session.execute(
        update(Notification)
        .where(Notification.person_id == person.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
        .execution_options(synchronize_session="fetch")
    )
    return cast(CursorResult, result).rowcount or 0  # an UPDATE answers a CursorResult
