"""Notifying people: in-app always, plus email or a daily digest as each person chooses."""

from __future__ import annotations

from sqlalchemy import func

from intranet.extensions import db
from intranet.notifications.models import Notification
from intranet.people.models import Person


def unread_count(person: Person) -> int:
    """How many in-app notifications the person has not read."""
    return db.session.scalar(
        db.select(func.count()).select_from(Notification)
        .where(Notification.person_id == person.id, Notification.read_at.is_(None))
    ) or 0
