"""Reading and changing people, units and roles. Every privileged write is audited."""

from __future__ import annotations

from sqlalchemy import func

from intranet.extensions import db
from intranet.people.models import Person, Unit


def list_units(include_inactive: bool = False) -> list[Unit]:
    """Units in display order (directorates first, then by sort order and code)."""
    query = db.select(Unit).order_by(Unit.sort_order, Unit.code)
    if not include_inactive:
        query = query.where(Unit.active.is_(True))
    return list(db.session.scalars(query))


def find_unit(code_or_name: str | None) -> Unit | None:
    """The unit whose code or name (in any language) equals the text, ignoring case."""
    if not code_or_name:
        return None
    wanted = code_or_name.strip().casefold()
    for unit in list_units():
        if unit.code.casefold() == wanted:
            return unit
        if any((name or "").casefold() == wanted for name in (unit.names or {}).values()):
            return unit
    return None


def headcount_by_unit() -> dict[int, int]:
    """Active people per unit id."""
    rows = db.session.execute(
        db.select(Person.unit_id, func.count()).where(Person.active.is_(True)).group_by(Person.unit_id)
    )
    return {unit_id: count for unit_id, count in rows if unit_id is not None}
