"""What bulletins add to the host's pages: the menu entry, home-page cards and next actions,
search hits, notification kinds, and how the audit log names bulletins and their events."""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import select

from bulletins.models import Bulletin
from bulletins.reading import feed_query, latest, pending_must_reads, read_ids
from bulletins.rendering import plain_text
from bulletins.services import URGENT_AFTER_WORKING_DAYS, overdue_reviews, review_queue
from intranet.extensions import db
from intranet.i18n import chosen_language
from intranet.people.models import Person
from intranet.permissions import can
from intranet.signals import AuditAction, HomeWidget, NavEntry, NextAction, NotificationKind, SearchResult

NOTIFICATION_KINDS = [
    NotificationKind("bulletins.published", _l("Bulletins: a new bulletin for you")),
    NotificationKind("bulletins.must_read", _l("Bulletins: please read and acknowledge"), default_delivery="email"),
    NotificationKind("bulletins.review", _l("Bulletins: a bulletin waits for approval")),
    NotificationKind("bulletins.decision", _l("Bulletins: your bulletin was approved or returned")),
    NotificationKind("bulletins.comment", _l("Bulletins: a comment on your bulletin")),
]


AUDIT_ACTIONS = [
    AuditAction("bulletins.created", _l("wrote the bulletin")),
    AuditAction("bulletins.edited", _l("edited the bulletin")),
    AuditAction("bulletins.submitted", _l("sent the bulletin for approval")),
    AuditAction("bulletins.approved", _l("approved the bulletin")),
    AuditAction("bulletins.returned", _l("returned the bulletin to its author")),
    AuditAction("bulletins.changes_approved", _l("approved the changes to the bulletin")),
    AuditAction("bulletins.changes_returned", _l("returned the changes to the bulletin")),
    AuditAction("bulletins.scheduled", _l("scheduled the bulletin")),
    AuditAction("bulletins.published", _l("published the bulletin")),
    AuditAction("bulletins.expired", _l("expired the bulletin")),
    AuditAction("bulletins.archived", _l("archived the bulletin")),
    AuditAction("bulletins.pinned", _l("pinned the bulletin")),
    AuditAction("bulletins.unpinned", _l("unpinned the bulletin")),
    AuditAction("bulletins.acknowledged", _l("acknowledged the bulletin")),
    AuditAction("bulletins.reminded", _l("reminded readers of the bulletin")),
    AuditAction("bulletins.attachment_added", _l("attached a file to the bulletin")),
    AuditAction("bulletins.attachment_removed", _l("removed a file from the bulletin")),
    AuditAction("bulletins.commented", _l("commented on the bulletin")),
    AuditAction("bulletins.comment_hidden", _l("hid a comment on the bulletin")),
    AuditAction("bulletins.comments_opened", _l("opened the bulletin's comments")),
    AuditAction("bulletins.comments_closed", _l("closed the bulletin's comments")),
    AuditAction("bulletins.feed_token_created", _l("created a personal bulletin feed address")),
    AuditAction("bulletins.feed_token_revoked", _l("revoked their personal bulletin feed address")),
]


def audit_targets(target_type: str, ids=()) -> dict[str, tuple[str, str]]:
    """The `audit_targets` receiver: each bulletin's title (in the reader's language) and page."""
    if target_type != "bulletin":
        return {}
    numbers = {int(i) for i in ids if str(i).isdigit()}
    if not numbers:
        return {}
    language = chosen_language()
    return {str(b.id): (b.text_in(language)[0], url_for("bulletins.read", bulletin_id=b.id))
            for b in db.session.scalars(select(Bulletin).where(Bulletin.id.in_(numbers)))}


def next_actions(person: Person) -> list[NextAction]:
    """Communications: the bulletins waiting for approval (urgent when one waits too long);
    anyone else who writes bulletins (directors): write one."""
    if can(person, "bulletins.review"):
        waiting = review_queue()
        if not waiting:
            return []
        late = overdue_reviews(waiting)
        note = (ngettext("%(num)d waits more than %(days)d working days",
                              "%(num)d wait more than %(days)d working days", len(late),
                              days=URGENT_AFTER_WORKING_DAYS) if late else "")
        return [NextAction(
            label=ngettext("%(num)d bulletin waiting for your approval",
                                "%(num)d bulletins waiting for your approval", len(waiting)),
            url=url_for("bulletins.review_queue"), priority=15 if late else 30, note=note, urgent=bool(late))]
    if can(person, "bulletins.write"):
        return [NextAction(label=_l("Write a bulletin"), url=url_for("bulletins.new"), priority=60)]
    return []


def nav_entry(person: Person) -> NavEntry:
    return NavEntry(label=_l("Bulletins"), endpoint="bulletins.index", order=20)


def reading_cards(person: Person) -> list[HomeWidget]:
    """Must-reads still to acknowledge, and the latest bulletins."""
    widgets = []
    pending = pending_must_reads(person)
    if pending:
        widgets.append(
            HomeWidget(
                title=_l("Bulletins to read and acknowledge"),
                template="bulletins/_must_read.html",
                context={"pending": pending},
                priority=10,
                url=url_for("bulletins.index"),
            )
        )
    news = latest(person, 5)
    if news:
        widgets.append(
            HomeWidget(
                title=_l("Latest bulletins"),
                template="bulletins/_latest.html",
                context={"bulletins": news, "read": read_ids(person, [b.id for b in news])},
                priority=30,
                url=url_for("bulletins.index"),
            )
        )
    return widgets


def search_results(person: Person, query: str, limit: int) -> list[SearchResult]:
    language = chosen_language()
    results = []
    for bulletin in db.session.scalars(feed_query(person, q=query).limit(limit)):
        title, body, _lang = bulletin.text_in(language)
        results.append(
            SearchResult(
                title=title,
                url=url_for("bulletins.read", bulletin_id=bulletin.id),
                kind=str(_l("Bulletin")),
                snippet=plain_text(body)[:200],
            )
        )
    return results
