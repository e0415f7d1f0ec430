"""The weekly digest: one email per person listing the bulletins of the past week they have not opened."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from bulletins.models import Bulletin, DigestSent
from bulletins.reading import unread_condition
from bulletins.rendering import plain_text
from bulletins.services import audience_condition
from intranet.database import insert_once
from intranet.extensions import db
from intranet.notifications.emails import absolute_url, in_language, language_of
from intranet.notifications.services import enqueue_email
from intranet.people.models import Person, utcnow

log = logging.getLogger("ura.bulletins")


def unread_for(person: Person, since: datetime) -> list[Bulletin]:
    return list(db.session.scalars(
        select(Bulletin).where(Bulletin.status == "published", Bulletin.published_at >= since,
                               audience_condition(person), unread_condition(person))
        .order_by(Bulletin.must_read.desc(), Bulletin.published_at.desc()).limit(30)))


def digest_text(person: Person, bulletins: list[Bulletin]) -> tuple[str, str]:
    """(subject, plain text) of a person's digest, in their language."""
    language = language_of(person)
    with in_language(language):
        subject = str(_l("Bulletins you have not read this week (%(num)d)", num=len(bulletins)))
        lines = [str(_l("Hello %(name)s,", name=person.name)), "",
                 str(_l("These bulletins of the past week are waiting for you:")), ""]
        for bulletin in bulletins:
            title, body, _lang = bulletin.text_in(language)
            mark = " — " + str(_l("please acknowledge")) if bulletin.must_read else ""
            lines.append(f"* {title}{mark}")
            lines.append(f"  {plain_text(body)[:160]}")
            # The link records the opening, as the intranet's own links do.
            lines.append(f"  {absolute_url(f'/bulletins/{bulletin.id}/open')}")
            lines.append("")
        lines.append(str(_l("You receive this weekly digest from Ura.")))
    return subject, "\n".join(lines)


def iso_week(moment: datetime) -> str:
    year, week, _day = moment.isocalendar()
    return f"{year}-W{week:02d}"


def send_weekly_digest(now: datetime | None = None) -> int:
    """Queue a digest for each active person with unread bulletins of the last seven days.

    Once per person and ISO week: each digest is claimed by a `DigestSent` row
    (inserted or nothing) in the transaction that queues it, so a second run in
    the same week, or one running at the same moment, sends nothing again. One
    person's failure is logged and does not stop the others.
    """
    now = now or utcnow()
    since = now - timedelta(days=7)
    week = iso_week(now)
    count = 0
    people = db.session.scalars(select(Person.id).where(Person.active, Person.email.is_not(None))
                                .order_by(Person.id)).all()
    for person_id in people:
        try:
            person = db.session.get_one(Person, person_id)
            bulletins = unread_for(person, since)
            if bulletins and person.email and insert_once(DigestSent, person_id=person.id, week=week, sent_at=now):
                subject, text = digest_text(person, bulletins)
                enqueue_email(person.email, subject, text, language=language_of(person))
                count += 1
            db.session.commit()
        except Exception:
            db.session.rollback()
            log.exception("weekly digest for person=%s failed", person_id)
    return count
