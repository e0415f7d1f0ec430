"""Reading bulletins: the feed, openings, must-read acknowledgments, reminders, reach and reports."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, exists, func, select, update

from bulletins.models import SEEN_BY_READERS, Acknowledgment, Bulletin, BulletinRead, BulletinStatus, ReminderSent
from bulletins.services import acknowledge_day, audience_condition, audience_filter, audience_people, in_audience
from intranet.audit.services import record
from intranet.database import insert_once
from intranet.domain import DomainError
from intranet.extensions import db
from intranet.notifications.services import clear, notify_many
from intranet.people.models import Person, Unit, utcnow

log = logging.getLogger("ura.bulletins")

PER_PAGE = 20
LIVE = (BulletinStatus.PUBLISHED,)


def _not_acknowledged(person: Person):
    return and_(Bulletin.must_read, ~exists().where(Acknowledgment.bulletin_id == Bulletin.id,
                                                    Acknowledgment.person_id == person.id))


def unread_condition(person: Person):
    """SQL: `person` has not opened the bulletin."""
    return ~exists().where(BulletinRead.bulletin_id == Bulletin.id, BulletinRead.person_id == person.id)


def feed_query(person: Person, *, q: str = "", unit_id: int | None = None, category: str = "",
               unread: bool = False):
    """The bulletins for `person`, unacknowledged must-reads first, then pinned, then newest."""
    query = select(Bulletin).where(Bulletin.status.in_(LIVE), audience_condition(person))
    if q:
        for word in q.lower().split()[:6]:
            escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            query = query.where(Bulletin.search_text.like(f"%{escaped}%", escape="\\"))
    if unit_id:
        query = query.where(Bulletin.unit_id == unit_id)
    if category:
        query = query.where(Bulletin.category == category)
    if unread:
        query = query.where(unread_condition(person))
    first = case((_not_acknowledged(person), 0), else_=1)
    return query.order_by(first, Bulletin.pinned.desc(), Bulletin.published_at.desc(), Bulletin.id.desc())


def feed(person: Person, page: int = 1, per_page: int = PER_PAGE, **filters):
    """One page of the feed (a Flask-SQLAlchemy pagination)."""
    return db.paginate(feed_query(person, **filters), page=page, per_page=per_page, error_out=False, count=True)


def read_ids(person: Person, bulletin_ids: list[int]) -> set[int]:
    if not bulletin_ids:
        return set()
    return set(db.session.scalars(select(BulletinRead.bulletin_id).where(
        BulletinRead.person_id == person.id, BulletinRead.bulletin_id.in_(bulletin_ids))))


def acknowledged_ids(person: Person, bulletin_ids: list[int]) -> set[int]:
    if not bulletin_ids:
        return set()
    return set(db.session.scalars(select(Acknowledgment.bulletin_id).where(
        Acknowledgment.person_id == person.id, Acknowledgment.bulletin_id.in_(bulletin_ids))))


def latest(person: Person, limit: int = 5) -> list[Bulletin]:
    return list(db.session.scalars(feed_query(person).limit(limit)))


def pending_must_reads(person: Person) -> list[Bulletin]:
    """Published must-reads addressed to `person` they have not acknowledged, earliest due first."""
    return list(db.session.scalars(
        select(Bulletin).where(Bulletin.status == BulletinStatus.PUBLISHED, audience_condition(person),
                               _not_acknowledged(person))
        .order_by(Bulletin.acknowledge_by, Bulletin.id)))


def record_open(person: Person, bulletin: Bulletin, now: datetime | None = None) -> None:
    """Count the first opening of the bulletin by `person` (later openings change nothing)."""
    if bulletin.status not in SEEN_BY_READERS or not in_audience(person, bulletin):
        return
    insert_once(BulletinRead, bulletin_id=bulletin.id, person_id=person.id, opened_at=now or utcnow())
    if not bulletin.must_read:
        # Read: "new bulletin" is done with. A must-read's notice stays until it is acknowledged.
        clear(bulletin.subject, person)
    db.session.commit()


def acknowledgment(person: Person, bulletin: Bulletin) -> Acknowledgment | None:
    return db.session.scalar(select(Acknowledgment).where(Acknowledgment.bulletin_id == bulletin.id,
                                                          Acknowledgment.person_id == person.id))


def acknowledge(person: Person, bulletin: Bulletin, language: str, now: datetime | None = None) -> Acknowledgment:
    """Record "I have read it" with the language version read (once; a second click keeps the first)."""
    now = now or utcnow()
    if not bulletin.must_read or bulletin.status not in SEEN_BY_READERS:
        raise DomainError(_("This bulletin does not ask for acknowledgment."))
    if not in_audience(person, bulletin):
        raise DomainError(_("This bulletin is not addressed to you."))
    shown = bulletin.text_in(language)[2]
    # Insert-or-nothing (no check first): of a double click's two requests, one records it.
    if insert_once(Acknowledgment, bulletin_id=bulletin.id, person_id=person.id, language=shown,
                   acknowledged_at=now):
        insert_once(BulletinRead, bulletin_id=bulletin.id, person_id=person.id, opened_at=now)
        record(person, "bulletins.acknowledged", bulletin, language=shown)
        clear(bulletin.subject, person)
        db.session.commit()
    # this request's row or the first click's: there is one either way
    return db.session.scalars(select(Acknowledgment).filter_by(bulletin_id=bulletin.id, person_id=person.id)).one()


# --- reminders ---------------------------------------------------------------------


def reminder_schedule(bulletin: Bulletin, until: datetime | None = None) -> list[tuple[str, datetime]]:
    """(step, when): at publishing, three days before the due date, on it, then weekly while overdue."""
    if not bulletin.must_read or bulletin.acknowledge_by is None:
        return []
    due = bulletin.acknowledge_by
    start = bulletin.published_at or bulletin.publish_at or bulletin.created_at
    steps = [("published", start)]
    if due - timedelta(days=3) > start:
        steps.append(("before-due", due - timedelta(days=3)))
    steps.append(("due", due))
    until = until or due + timedelta(weeks=4)
    week = 1
    while due + timedelta(weeks=week) <= until:
        steps.append((f"overdue-{week}", due + timedelta(weeks=week)))
        week += 1
    return steps


def send_reminders(now: datetime | None = None) -> int:
    """Send the step of each open must-read that has come and was not sent yet; returns messages sent.

    Each step is claimed first (its `ReminderSent` row, inserted or nothing), so two
    ticks at once send it once; each bulletin is committed on its own, and one that
    fails is logged and retried by the next tick without holding up the others.
    """
    now = now or utcnow()
    sent = 0
    bulletin_ids = db.session.scalars(select(Bulletin.id).where(
        Bulletin.status == BulletinStatus.PUBLISHED, Bulletin.must_read, Bulletin.acknowledge_by.is_not(None))
        .order_by(Bulletin.id)).all()
    for bulletin_id in bulletin_ids:
        try:
            sent += _remind(db.session.get_one(Bulletin, bulletin_id), now)
            db.session.commit()
        except Exception:
            db.session.rollback()  # the claim goes too: the next tick tries again
            log.exception("must-read reminder for bulletin=%s failed", bulletin_id)
    return sent


def _remind(bulletin: Bulletin, now: datetime) -> int:
    due_steps = [step for step, when in reminder_schedule(bulletin, until=now) if when <= now]
    if not due_steps:
        return 0
    step = due_steps[-1]  # a missed earlier step is not sent late: only the current one
    if not insert_once(ReminderSent, bulletin_id=bulletin.id, step=step, sent_at=now, recipients=0):
        return 0  # sent before, or by another tick right now
    missing = not_acknowledged(bulletin)
    notify_many(missing, "bulletins.must_read",
                _l("Reminder: please read and acknowledge: %(title)s", title=bulletin.translated_titles),
                _l("Acknowledge by %(date)s.", date=acknowledge_day(bulletin)),
                url=f"/bulletins/{bulletin.id}/open", subject=bulletin.subject)
    db.session.execute(update(ReminderSent).where(ReminderSent.bulletin_id == bulletin.id, ReminderSent.step == step)
                       .values(recipients=len(missing)))
    record(None, "bulletins.reminded", bulletin, step=step, recipients=len(missing))
    return len(missing)


def sent_reminders(bulletin: Bulletin) -> dict[str, ReminderSent]:
    return {r.step: r for r in db.session.scalars(select(ReminderSent).where(ReminderSent.bulletin_id == bulletin.id))}


# --- who has read and acknowledged --------------------------------------------------


def not_acknowledged(bulletin: Bulletin) -> list[Person]:
    done = set(db.session.scalars(select(Acknowledgment.person_id).where(Acknowledgment.bulletin_id == bulletin.id)))
    return [p for p in audience_people(bulletin) if p.id not in done]


@dataclass
class UnitRow:
    label: str
    audience: int = 0
    count: int = 0
    people_done: list = field(default_factory=list)
    people_missing: list = field(default_factory=list)

    @property
    def share(self) -> float | None:
        return self.count / self.audience if self.audience else None


def _unit_names() -> dict[int | None, str]:
    names: dict[int | None, str] = {
        u.id: u.name for u in db.session.scalars(select(Unit).order_by(Unit.sort_order, Unit.id))}
    names[None] = str(_l("No unit"))
    return names


def acknowledgment_report(bulletin: Bulletin) -> list[UnitRow]:
    """Per unit of the audience: who has acknowledged (with when and which language) and who has not.

    People come as light rows (id, name, unit_id), not whole `Person` objects: an all-staff
    bulletin has thousands.
    """
    acks = {a.person_id: a for a in db.session.scalars(select(Acknowledgment)
                                                       .where(Acknowledgment.bulletin_id == bulletin.id))}
    names = _unit_names()
    rows: dict[int | None, UnitRow] = {}
    audience = db.session.execute(select(Person.id, Person.name, Person.unit_id).where(audience_filter(bulletin))
                                  .order_by(Person.name, Person.id)).all()
    for person in audience:
        row = rows.setdefault(person.unit_id, UnitRow(names.get(person.unit_id, "")))
        row.audience += 1
        if person.id in acks:
            row.count += 1
            row.people_done.append((person, acks[person.id]))
        else:
            row.people_missing.append(person)
    order = list(names)
    return [rows[k] for k in sorted(rows, key=lambda k: order.index(k) if k in order else len(order))]


def reach(bulletin: Bulletin) -> list[UnitRow]:
    """Per unit: how many of the bulletin's audience opened it (two grouped queries, no per-person rows)."""
    names = _unit_names()
    audience = select(Person.id, Person.unit_id).where(audience_filter(bulletin)).subquery()
    sizes: dict[int | None, int] = dict(
        db.session.execute(select(audience.c.unit_id, func.count()).group_by(audience.c.unit_id)).all())
    opened: dict[int | None, int] = dict(db.session.execute(
        select(audience.c.unit_id, func.count())
        .select_from(BulletinRead).join(audience, audience.c.id == BulletinRead.person_id)
        .where(BulletinRead.bulletin_id == bulletin.id).group_by(audience.c.unit_id)).all())
    order = list(names)
    rows = [UnitRow(names.get(k, ""), audience=sizes[k], count=opened.get(k, 0))
            for k in sorted(sizes, key=lambda k: order.index(k) if k in order else len(order))]
    return rows


def total(rows: list[UnitRow]) -> UnitRow:
    return UnitRow(str(_l("All units")), audience=sum(r.audience for r in rows), count=sum(r.count for r in rows))


@dataclass
class ReachRow:
    """One unit of the audience: how many it has, how many opened the bulletin, how many acknowledged it."""

    label: str
    audience: int
    opened: int
    #: None when the bulletin is not a must-read
    acknowledged: int | None = None

    @property
    def opened_share(self) -> float:
        return self.opened / self.audience if self.audience else 0.0

    @property
    def acknowledged_share(self) -> float | None:
        if self.acknowledged is None:
            return None
        return self.acknowledged / self.audience if self.audience else 0.0


def reach_by_unit(bulletin: Bulletin) -> list[ReachRow]:
    """Per unit of the audience: opened and (for a must-read) acknowledged, as counts and shares;
    the units that lag most first (then by name), so forty units read as easily as one."""
    audience = select(Person.id, Person.unit_id).where(audience_filter(bulletin)).subquery()
    acknowledged: dict[int | None, int] = {}
    if bulletin.must_read:
        acknowledged = dict(db.session.execute(
            select(audience.c.unit_id, func.count())
            .select_from(Acknowledgment).join(audience, audience.c.id == Acknowledgment.person_id)
            .where(Acknowledgment.bulletin_id == bulletin.id).group_by(audience.c.unit_id)).all())
    names = _unit_names()
    sizes: dict[int | None, int] = dict(
        db.session.execute(select(audience.c.unit_id, func.count()).group_by(audience.c.unit_id)).all())
    opened: dict[int | None, int] = dict(db.session.execute(
        select(audience.c.unit_id, func.count())
        .select_from(BulletinRead).join(audience, audience.c.id == BulletinRead.person_id)
        .where(BulletinRead.bulletin_id == bulletin.id).group_by(audience.c.unit_id)).all())
    rows = [ReachRow(names.get(unit_id, ""), size, opened.get(unit_id, 0),
                     acknowledged.get(unit_id, 0) if bulletin.must_read else None)
            for unit_id, size in sizes.items()]
    return sorted(rows, key=lambda r: (r.acknowledged_share if r.acknowledged_share is not None else r.opened_share,
                                       r.opened_share, r.label.casefold()))
