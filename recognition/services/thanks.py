"""Everyday thanks: thanking colleagues (one or several at once), the wall, hiding.

A thanks is written once per form (the form's token is unique, so a double click
writes it once). Each receiver is told; a receiver's director is told too when the
receiver chose so (`RecognitionPreference.tell_director`, off by default), and may
then read that receiver's private thanks. No points: thanks are words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, exists, false, or_

from intranet.audit.services import record
from intranet.database import upsert
from intranet.domain import DomainError
from intranet.extensions import db
from intranet.localtime import start_of_local_day
from intranet.notifications.services import clear, notify
from intranet.people.models import Person, utcnow
from intranet.permissions import acted_units, can, directors_of, require
from recognition.models import RecognitionPreference, Thanks, ThanksReceiver, Value

THANKS_KIND = "recognition.thanks"
MAX_MESSAGE = 2000
MAX_RECEIVERS = 20


def subject(thanks: Thanks) -> str:
    return f"thanks:{thanks.id}"


def thanks_path(thanks: Thanks) -> str:
    return f"/recognition/thanks/{thanks.id}"


def tells_director(person: Person) -> bool:
    """The person's choice: is their director told when they are thanked? (default: no)"""
    preference = db.session.get(RecognitionPreference, person.id)
    return bool(preference and preference.tell_director)


def set_tells_director(person: Person, tell: bool) -> None:
    """Save the person's choice (their own; an upsert, so a double click is harmless)."""
    upsert(RecognitionPreference, ("person_id",), {"person_id": person.id, "tell_director": tell},
           update=("tell_director",))
    record(person, "recognition.preference_changed", person, tell_director=tell)
    db.session.commit()


def thank(author: Person, receivers: list[Person], message: str, *, value: str = "", public: bool = True,
          token: str, now: datetime | None = None) -> Thanks:
    """Thank one or several colleagues at once; each is told, and their director when they chose so.

    :returns: the thanks (the one already written, when the same form is sent twice).
    :raises DomainError: no receiver, the author among them, an empty or too long message, an unknown value.
    """
    require(author, "recognition.thank")
    existing = db.session.scalar(db.select(Thanks).filter_by(token=token)) if token else None
    if existing is not None and existing.author_id == author.id:
        return existing
    # Read again in this session: the people may come from another one (a request's, a test's).
    ids = {p.id for p in receivers}
    people = {p.id: p for p in db.session.scalars(db.select(Person).where(Person.id.in_(ids),
                                                                             Person.active.is_(True)))}
    if not people:
        raise DomainError(_("Choose at least one colleague to thank."), "receivers")
    if author.id in people:
        raise DomainError(_("You cannot thank yourself."), "receivers")
    if len(people) > MAX_RECEIVERS:
        raise DomainError(_("Thank at most %(num)d colleagues at once.", num=MAX_RECEIVERS), "receivers")
    message = (message or "").replace("\r\n", "\n").strip()
    if not message:
        raise DomainError(_("Write a few words of thanks."), "message")
    if len(message) > MAX_MESSAGE:
        raise DomainError(_("Keep it under %(num)d characters.", num=MAX_MESSAGE), "message")
    if value and value not in set(Value):
        raise DomainError(_("Choose one of the values offered."), "value")
    if not token:
        raise DomainError(_("The form has expired; please try again."))
    thanks = Thanks(author_id=author.id, message=message, value=value, public=public, token=token,
                    created_at=now or utcnow())
    told = {person_id: tells_director(person) for person_id, person in people.items()}
    for person in people.values():
        thanks.receivers.append(ThanksReceiver(person_id=person.id, unit_id=person.unit_id,
                                               director_told=told[person.id]))
    db.session.add(thanks)
    db.session.flush()
    for person in people.values():
        notify(person, THANKS_KIND, _l("%(author)s thanked you", author=author.name),
               body=message, url=thanks_path(thanks), subject=subject(thanks))
        if told[person.id]:
            for director in directors_of(person.unit_id):
                if director.id not in people and director.id != author.id:
                    notify(director, THANKS_KIND,
                           _l("%(author)s thanked %(person)s of your unit", author=author.name, person=person.name),
                           body=message, url=thanks_path(thanks), subject=subject(thanks))
    record(author, "recognition.thanked", thanks, receivers=sorted(people), public=public)
    db.session.commit()
    return thanks


def hide(actor: Person, thanks: Thanks, reason: str, now: datetime | None = None) -> None:
    """Communications takes an offensive or mistaken thanks off the wall, with the reason (recorded).

    :raises DomainError: when already hidden or without a reason; PermissionDenied for others.
    """
    require(actor, "recognition.moderate", thanks)
    thanks.hide(actor, reason, now or utcnow())
    clear(subject(thanks))
    record(actor, "recognition.hidden", thanks, reason=thanks.hidden_reason)
    db.session.commit()


# --- reading ---------------------------------------------------------------------------


def _visible_to(person: Person):
    """A filter: thanks this person may read (see `permissions.may_read_thanks`), never hidden ones."""
    acted = acted_units(person).with_sub_units
    mine = exists().where(ThanksReceiver.thanks_id == Thanks.id, ThanksReceiver.person_id == person.id)
    told = exists().where(ThanksReceiver.thanks_id == Thanks.id, ThanksReceiver.director_told.is_(True),
                          ThanksReceiver.unit_id.in_(acted)) if acted else false()
    return and_(Thanks.hidden_at.is_(None), or_(Thanks.public.is_(True), Thanks.author_id == person.id, mine, told))


@dataclass
class WallFilter:
    unit_id: int | None = None
    value: str = ""
    #: the first day of a month (local)
    month: date | None = None


def wall(person: Person, filters: WallFilter | None = None, page: int = 1, per_page: int = 20):
    """Thanks this person may read, newest first, filtered by the receivers' unit, the value, the month."""
    filters = filters or WallFilter()
    stmt = db.select(Thanks).where(_visible_to(person)).order_by(Thanks.created_at.desc(), Thanks.id.desc())
    if filters.unit_id:
        stmt = stmt.where(exists().where(ThanksReceiver.thanks_id == Thanks.id,
                                         ThanksReceiver.unit_id == filters.unit_id))
    if filters.value:
        stmt = stmt.where(Thanks.value == filters.value)
    if filters.month:
        first = filters.month.replace(day=1)
        following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
        stmt = stmt.where(Thanks.created_at >= start_of_local_day(first),
                          Thanks.created_at < start_of_local_day(following))
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def received_by(viewer: Person, person: Person, limit: int | None = None) -> list[Thanks]:
    """What `person` was thanked for, as far as `viewer` may read it (as on the wall), newest first."""
    stmt = (db.select(Thanks).where(_visible_to(viewer), exists().where(
        ThanksReceiver.thanks_id == Thanks.id, ThanksReceiver.person_id == person.id))
        .order_by(Thanks.created_at.desc(), Thanks.id.desc()).limit(limit))
    return list(db.session.scalars(stmt))


def may_read(person: Person, thanks: Thanks) -> bool:
    return can(person, "recognition.read_thanks", thanks)
