"""The daily digest behind `flask outbox digest`: one email per person, in their language.

It lists the person's digest-delivery notifications that no digest has carried
yet and that they have not already read in the app. Read ones are marked
digested without being listed: the digest is for what they have not seen.
"""

from __future__ import annotations

import logging
from itertools import groupby
from typing import cast

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import update
from sqlalchemy.engine import CursorResult

from intranet.extensions import db
from intranet.notifications.emails import absolute_url, language_of, path_for, render_email
from intranet.notifications.models import Notification
from intranet.notifications.services import enqueue_email, known_kinds
from intranet.people.models import Person, utcnow

log = logging.getLogger("ura.outbox")


def _undigested():
    return (Notification.delivery == "digest", Notification.digested_at.is_(None))


def queue_digests() -> int:
    """Queue one digest email per person with undigested notifications; returns how many.

    Each person's email and the marking of their notifications commit together.
    Two runs at once cannot both send a digest for the same notifications: the
    marking is a compare-and-set, and the run that loses rolls back its email.
    """
    person_ids = db.session.scalars(
        db.select(Notification.person_id).where(*_undigested()).distinct().order_by(Notification.person_id)
    ).all()
    queued = 0
    for person_id in person_ids:
        try:
            queued += _queue_one(person_id)
            db.session.commit()
        except Exception:
            db.session.rollback()
            log.exception("digest for person=%s failed; it will be tried at the next run", person_id)
    return queued


def _queue_one(person_id: int) -> int:
    person = db.session.get(Person, person_id)
    notes = db.session.scalars(
        db.select(Notification).where(Notification.person_id == person_id, *_undigested())
        .order_by(Notification.created_at, Notification.id)
    ).all()
    now = utcnow()
    marked = cast(CursorResult, db.session.execute(  # an UPDATE answers a CursorResult
        update(Notification)
        .where(Notification.id.in_([n.id for n in notes]), *_undigested())
        .values(digested_at=now)
        .execution_options(synchronize_session=False)
    )).rowcount
    if marked != len(notes):
        db.session.rollback()  # another run took some of them; it sends the digest
        return 0
    unread = [n for n in notes if n.read_at is None]
    if not unread:
        return 0
    if person is None or not (person.active and person.email):
        log.info("digest skipped person=%s reason=no-email-or-inactive", person_id)
        return 0
    language = language_of(person)
    email = render_email(
        "digest", language, lambda: _("Ura: your daily summary, %(date)s", date=format_date(now, "long")),
        person=person, groups=_by_kind(unread),
        count=len(unread), list_url=absolute_url(path_for("notifications.index")),
        links={n.id: absolute_url(n.url) for n in unread if n.url},
    )
    enqueue_email(person.email, email.subject, email.text, email.html, language=email.language)
    return 1


def _by_kind(notes: list[Notification]) -> list[tuple[str, list[Notification]]]:
    """Notifications grouped by kind, in the order the kinds are declared."""
    kinds = known_kinds()
    order = {key: i for i, key in enumerate(kinds)}
    notes = sorted(notes, key=lambda n: (order.get(n.kind, len(order)), n.created_at, n.id))
    return [
        (kinds[key].label if key in kinds else key, list(group))
        for key, group in groupby(notes, key=lambda n: n.kind)
    ]
