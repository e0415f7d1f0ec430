"""Publishing: bulletins going live (at once, on approval, or at their time), telling their
audience, expiring, archiving and pinning. (Other plugins' announcements: `bulletins.announcements`.)

Every bulletin that goes live sends `signals.bulletin_published` before the commit.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import cast

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, true, update
from sqlalchemy.engine import CursorResult

from bulletins.models import Bulletin, BulletinStatus, ReminderSent
from bulletins.rendering import plain_text
from bulletins.services.audiences import audience_people, audience_size
from bulletins.services.writing import record_event
from intranet.audit.services import record
from intranet.database import dialect_name
from intranet.extensions import db
from intranet.localtime import to_local
from intranet.notifications.fanout import enqueue_fanout
from intranet.notifications.services import enqueue_teams, notify_many
from intranet.people.models import Person, utcnow
from intranet.permissions import require
from intranet.signals import bulletin_published

log = logging.getLogger("ura.bulletins")

#: audiences up to this size are notified inside the publishing request; larger ones
#: (all staff) by a fan-out job that `flask outbox run` picks up within its interval
INLINE_AUDIENCE = 200
ANNOUNCE_JOB = "bulletins.published"


def go_live(actor: Person | None, bulletin: Bulletin, now: datetime, step: BulletinStatus | None = None) -> None:
    """Schedule the bulletin for its publishing time, or publish it now (in the caller's transaction).

    `step`: what `Bulletin.approve` already decided (it has scheduled the bulletin, or left it to publish).
    """
    if (step or bulletin.go_live_step(now)) == BulletinStatus.SCHEDULED:
        record_event(bulletin, actor, "scheduled", now=now)
        record(actor, "bulletins.scheduled", bulletin,
               publish_at=bulletin.publish_at.isoformat() if bulletin.publish_at else None)
    else:
        publish_now(actor, bulletin, now)


def publish_now(actor: Person | None, bulletin: Bulletin, now: datetime | None = None, *,
                claimed: bool = False) -> None:
    """Make the bulletin live and tell its audience (in the caller's transaction).

    `claimed`: `publish_due` has already moved it to published with a guarded UPDATE
    (so that of two ticks only one publishes it).
    """
    now = now or utcnow()
    if claimed:
        bulletin.published_at = now
    else:
        bulletin.publish(now)
    record_event(bulletin, actor, "published", now=now)
    record(actor, "bulletins.published", bulletin, audience_all=bulletin.audience_all)
    announce(bulletin, inline=False)
    if bulletin.must_read:
        db.session.add(ReminderSent(bulletin_id=bulletin.id, step="published", sent_at=now))
    if bulletin.audience_all and bulletin.category == "news":
        teams_title, teams_body, _lang = bulletin.text_in(bulletin.original_language)
        enqueue_teams(teams_title, plain_text(teams_body)[:500], url=f"/bulletins/{bulletin.id}/open")
    bulletin_published.send(bulletin)


def announce(bulletin: Bulletin, inline: bool) -> None:
    """Tell the audience: at once for a small one, through a queued fan-out job for a large one.

    Each reader gets the title in their own language; the notice is about the bulletin
    (`bulletin.subject`), so reading or acknowledging it clears the notice.
    """
    if not inline and audience_size(bulletin) > INLINE_AUDIENCE:
        # Thousands of notifications and emails take seconds: the outbox worker makes them.
        enqueue_fanout(ANNOUNCE_JOB, bulletin_id=bulletin.id)
        return
    titles = bulletin.translated_titles
    if bulletin.must_read:
        kind, title = "bulletins.must_read", _l("Please read and acknowledge: %(title)s", title=titles)
        body = _l("Acknowledge by %(date)s.", date=acknowledge_day(bulletin))
    else:
        kind, title, body = "bulletins.published", _l("New bulletin: %(title)s", title=titles), ""
    notify_many(audience_people(bulletin), kind, title, body, url=f"/bulletins/{bulletin.id}/open",
                subject=bulletin.subject)


def acknowledge_day(bulletin: Bulletin):
    """The local day by which readers acknowledge (stored as the end of that day, in UTC)."""
    local = to_local(bulletin.acknowledge_by)
    if local is None:
        # save() refuses a must-read without a date: only a hand-edited row gets here.
        raise ValueError(f"must-read bulletin={bulletin.id} has no acknowledgment date")
    return local.date()


def announce_job(payload: dict) -> None:
    """The fan-out job queued by `publish_now`: notify the audience of a published bulletin."""
    bulletin = db.session.get(Bulletin, payload["bulletin_id"])
    if bulletin is None or bulletin.status != BulletinStatus.PUBLISHED:
        log.info("bulletin=%s is no longer published: nobody is told", payload["bulletin_id"])
        return
    announce(bulletin, inline=True)


def _next_due(condition, skip: set[int]):
    """The id of one row of `condition` not in `skip`, locked on PostgreSQL (rows another
    tick holds are skipped, not waited for)."""
    query = db.select(Bulletin.id).where(condition, Bulletin.id.not_in(skip) if skip else true()).order_by(
        Bulletin.id).limit(1)
    if dialect_name() == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return db.session.scalar(query)


def _claim(bulletin_id: int, status: str, new_status: str) -> bool:
    """Move the bulletin from `status` to `new_status` if it is still there: of two ticks, one wins."""
    result = db.session.execute(update(Bulletin).where(Bulletin.id == bulletin_id, Bulletin.status == status)
                                .values(status=new_status).execution_options(synchronize_session=False))
    return cast(CursorResult, result).rowcount == 1  # an UPDATE answers a CursorResult


def publish_due(now: datetime | None = None) -> int:
    """Publish every scheduled bulletin whose time has come; expire those past their expiry date.

    Safe to run twice at once (each bulletin is claimed, so it is published and
    announced once) and to fail: each bulletin is committed on its own, and one
    that fails is logged and left scheduled for the next tick.
    """
    now = now or utcnow()
    count, failed = 0, set[int]()
    due = and_(Bulletin.status == BulletinStatus.SCHEDULED, Bulletin.publish_at <= now)
    while (bulletin_id := _next_due(due, failed)) is not None:
        try:
            if _claim(bulletin_id, BulletinStatus.SCHEDULED, BulletinStatus.PUBLISHED):
                bulletin = db.session.get_one(Bulletin, bulletin_id, populate_existing=True)
                publish_now(None, bulletin, now, claimed=True)
                count += 1
            db.session.commit()
        except Exception:
            db.session.rollback()
            failed.add(bulletin_id)
            log.exception("bulletin=%s could not be published; it stays scheduled for the next tick", bulletin_id)
    expiring = and_(Bulletin.status == BulletinStatus.PUBLISHED, Bulletin.expires_at.is_not(None),
                    Bulletin.expires_at <= now)
    while (bulletin_id := _next_due(expiring, failed)) is not None:
        try:
            if _claim(bulletin_id, BulletinStatus.PUBLISHED, BulletinStatus.EXPIRED):
                bulletin = db.session.get_one(Bulletin, bulletin_id, populate_existing=True)
                record_event(bulletin, None, "expired", now=now)
                record(None, "bulletins.expired", bulletin)
            db.session.commit()
        except Exception:
            db.session.rollback()
            failed.add(bulletin_id)
            log.exception("bulletin=%s could not be expired", bulletin_id)
    return count


def archive(actor: Person, bulletin: Bulletin, now: datetime | None = None) -> None:
    """Take a bulletin out of the feed for good (nothing is deleted)."""
    require(actor, "bulletins.manage", bulletin, _("You may not archive this bulletin."))
    bulletin.withdraw()
    record_event(bulletin, actor, "archived", now=now)
    record(actor, "bulletins.archived", bulletin)
    db.session.commit()


def set_pinned(actor: Person, bulletin: Bulletin, pinned: bool) -> None:
    """Communications pins a bulletin to the top of the feed, or unpins it."""
    require(actor, "bulletins.pin", bulletin, _("Only communications pins bulletins to the top."))
    bulletin.pinned = pinned
    record_event(bulletin, actor, "pinned" if pinned else "unpinned")
    record(actor, "bulletins.pinned" if pinned else "bulletins.unpinned", bulletin)
    db.session.commit()
