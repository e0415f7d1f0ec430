"""Finding colleagues. Read-only: the directory keeps no tables of its own."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, or_

from intranet.extensions import db
from intranet.people.models import Person, Unit, utcnow


def search_people(
    query: str = "", unit_id: int | None = None, page: int = 1, per_page: int = 25, limit: int | None = None
):
    """Active people matching the text (name, position, email), optionally in one unit."""
    stmt = db.select(Person).where(Person.active.is_(True)).order_by(Person.name, Person.id)
    text = (query or "").strip().casefold()
    if text:
        pattern = f"%{text}%"
        stmt = stmt.where(or_(
            func.lower(Person.name).like(pattern),
            func.lower(Person.position).like(pattern),
            func.lower(Person.email).like(pattern),
        ))
    if unit_id:
        stmt = stmt.where(Person.unit_id == unit_id)
    return db.paginate(stmt, page=page, per_page=limit or per_page, error_out=False)


def recent_colleagues(days: int = 30, limit: int = 5) -> list[Person]:
    """People who joined (were created in Ura) within the last `days`."""
    since = utcnow() - timedelta(days=days)
    return list(db.session.scalars(
        db.select(Person).where(Person.active.is_(True), Person.created_at >= since)
        .order_by(Person.created_at.desc()).limit(limit)
    ))


def unit_members(unit: Unit) -> list[Person]:
    """Active people of the unit, the head first."""
    people = db.session.scalars(
        db.select(Person).where(Person.unit_id == unit.id, Person.active.is_(True)).order_by(Person.name)
    ).all()
    return sorted(people, key=lambda p: p.id != unit.head_id)


def directory_rows() -> list[tuple[str, str, str, str, str]]:
    """(name, position, unit code, email, phone) of every active person, by unit then name."""
    people = db.session.scalars(
        db.select(Person).where(Person.active.is_(True)).order_by(Person.name, Person.id)
    ).all()
    rows = [(p.name, p.position, p.unit.code if p.unit else "", p.email or "", p.phone) for p in people]
    return sorted(rows, key=lambda row: (row[2], row[0]))


def load_demo_phones(people: dict[str, Person]) -> None:
    """Give the demo people work numbers (only where none is set, so it stays idempotent)."""
    for index, login in enumerate(sorted(people)):
        person = people[login]
        if not person.phone:
            person.phone = f"+383 39 451 {100 + index:03d}"
