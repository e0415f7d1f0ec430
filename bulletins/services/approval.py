"""Approval: a bulletin (or a change to a published one) goes to communications, who
approve it or return it to the author with a comment.

The officers' "waits for your approval" notices are cleared for all of them as soon
as one decides; the approver names the revision they read, so a text changed since
cannot be approved unseen.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select

from bulletins.models import BEING_WRITTEN, Bulletin, BulletinEvent, BulletinStatus
from bulletins.services.audiences import needs_approval
from bulletins.services.publishing import go_live
from bulletins.services.writing import apply_values, ask_for_approval, loaded_values, record_event
from intranet.audit.services import record
from intranet.domain import DomainError, PermissionDenied
from intranet.extensions import db
from intranet.notifications.services import clear, notify
from intranet.people.models import Person, utcnow
from intranet.permissions import can, require

#: a bulletin waiting longer than this many working days is flagged as urgent on the officers' home page
URGENT_AFTER_WORKING_DAYS = 2


def waiting_for_review(bulletin: Bulletin) -> bool:
    """A new bulletin or changes to a published one wait for communications."""
    return bulletin.status == BulletinStatus.SUBMITTED or bulletin.pending_status == "submitted"


def submit(actor: Person, bulletin: Bulletin, now: datetime | None = None) -> Bulletin:
    """Send a draft on: to communications when it needs approval, else live (or scheduled) at once."""
    now = now or utcnow()
    require(actor, "bulletins.manage", bulletin, _("You may not submit this bulletin."))
    if bulletin.status not in BEING_WRITTEN:
        raise DomainError(_("Only a draft or a returned bulletin can be submitted."))
    if needs_approval(actor, bulletin):
        bulletin.submit()
        record_event(bulletin, actor, "submitted", now=now)
        record(actor, "bulletins.submitted", bulletin)
        ask_for_approval(bulletin, _l("A bulletin waits for your approval"))
    else:
        go_live(actor, bulletin, now)
    db.session.commit()
    return bulletin


def approve(actor: Person, bulletin: Bulletin, comment: str = "", now: datetime | None = None,
            revision: int | None = None) -> Bulletin:
    """Communications approves a submitted bulletin (it goes live now or at its publishing date),
    or the changes waiting on a published one (readers see them from now on).

    `revision` is the one the approver read (the review form carries it): a bulletin
    changed since is refused, so nobody approves a text they have not seen.
    """
    now = now or utcnow()
    check_reviewer(actor, bulletin)
    if revision is not None and revision != (bulletin.revision or 0):
        raise DomainError(_("The bulletin was changed after you opened it: read it again, then decide."))
    comment = (comment or "").strip()[:2000]
    clear(bulletin.review_subject)
    if bulletin.pending_status == "submitted":
        approve_changes(actor, bulletin, comment, now)
        db.session.commit()
        return bulletin
    step = bulletin.approve(now)
    record_event(bulletin, actor, "approved", comment, now=now)
    record(actor, "bulletins.approved", bulletin, comment=comment)
    if bulletin.author and bulletin.author_id != actor.id:
        notify(bulletin.author, "bulletins.decision", _l("Your bulletin is approved"),
               comment or bulletin.translated_titles, url=f"/bulletins/{bulletin.id}", subject=bulletin.subject)
    go_live(actor, bulletin, now, step)
    db.session.commit()
    return bulletin


def approve_changes(actor: Person, bulletin: Bulletin, comment: str, now: datetime) -> None:
    """Apply the changes waiting on a published bulletin: texts, audience, dates and files."""
    author = bulletin.author or actor
    if bulletin.pending_changes:
        apply_values(author, bulletin, loaded_values(bulletin.pending_changes), now)
    for attachment in list(bulletin.attachments):
        if attachment.pending == "remove":
            bulletin.attachments.remove(attachment)
        elif attachment.pending == "add":
            attachment.pending = ""
            bulletin.updated_at = now
    bulletin.pending_changes, bulletin.pending_status = None, None
    record_event(bulletin, actor, "changes_approved", comment, now=now)
    record(actor, "bulletins.changes_approved", bulletin, comment=comment)
    if bulletin.author and bulletin.author_id != actor.id:
        notify(bulletin.author, "bulletins.decision", _l("The changes to your bulletin are approved"),
               comment or bulletin.translated_titles, url=f"/bulletins/{bulletin.id}", subject=bulletin.subject)


def return_to_author(actor: Person, bulletin: Bulletin, comment: str, now: datetime | None = None) -> Bulletin:
    """Communications sends a submitted bulletin (or changes to a published one) back with a comment."""
    check_reviewer(actor, bulletin)
    comment = (comment or "").strip()[:2000]
    if not comment:
        raise DomainError(_("Say what the author should change."), field="comment")
    changes = bulletin.pending_status == "submitted"
    if changes:
        # The published text stays; the author edits the changes again (which resubmits them).
        bulletin.pending_status = "returned"
    else:
        bulletin.return_to_author()
    event = "changes_returned" if changes else "returned"
    record_event(bulletin, actor, event, comment, now=now)
    record(actor, f"bulletins.{event}", bulletin, comment=comment)
    clear(bulletin.review_subject)
    if bulletin.author:
        message = (_l("The changes to your bulletin were returned") if changes
                   else _l("Your bulletin was returned with a comment"))
        notify(bulletin.author, "bulletins.decision", message, comment, url=f"/bulletins/{bulletin.id}",
               subject=bulletin.subject)
    db.session.commit()
    return bulletin


def check_reviewer(actor: Person, bulletin: Bulletin) -> None:
    """:raises PermissionDenied: unless `actor` approves bulletins; DomainError: unless it waits for approval."""
    if not can(actor, "bulletins.review", bulletin):
        raise PermissionDenied(_("Only communications approves bulletins."))
    if not waiting_for_review(bulletin):
        raise DomainError(_("This bulletin is not waiting for approval."))


def review_queue() -> list[Bulletin]:
    """Every bulletin (or change) waiting for communications, oldest first."""
    return list(db.session.scalars(select(Bulletin).where(or_(Bulletin.status == BulletinStatus.SUBMITTED,
                                                              Bulletin.pending_status == "submitted"))
                                   .order_by(Bulletin.created_at)))


def working_days_between(start: datetime, end: datetime) -> int:
    """Whole working days (Monday to Friday) from `start` to `end`."""
    days, day = 0, start
    while day + timedelta(days=1) <= end:
        day += timedelta(days=1)
        if day.weekday() < 5:
            days += 1
    return days


def waiting_since(bulletins: list[Bulletin]) -> dict[int, datetime]:
    """When each bulletin was last sent to communications (its latest submission)."""
    if not bulletins:
        return {}
    rows = db.session.execute(
        select(BulletinEvent.bulletin_id, func.max(BulletinEvent.at))
        .where(BulletinEvent.bulletin_id.in_([b.id for b in bulletins]),
               BulletinEvent.action.in_(("submitted", "changes_submitted")))
        .group_by(BulletinEvent.bulletin_id)).all()
    found = dict(rows)
    return {b.id: found.get(b.id, b.created_at) for b in bulletins}


def overdue_reviews(bulletins: list[Bulletin], now: datetime | None = None) -> list[Bulletin]:
    """The bulletins waiting for communications longer than `URGENT_AFTER_WORKING_DAYS`."""
    now = now or utcnow()
    since = waiting_since(bulletins)
    return [b for b in bulletins if working_days_between(since[b.id], now) > URGENT_AFTER_WORKING_DAYS]
