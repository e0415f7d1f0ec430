"""Who may do what in the directory: the `directory.*` actions and their rules."""

from __future__ import annotations

from intranet.people.models import Person, Unit
from intranet.permissions import acts_for, any_role, everyone

_roster_for_everything = any_role("hr", "admin")


def may_read_roster(person: Person, unit: Unit | None = None) -> bool:
    """A unit's roster (who has signed in, in which language) is for its director, hr and admins."""
    return _roster_for_everything(person) or (unit is not None and acts_for(person, unit.id))


RULES = {
    "directory.view": everyone,
    "directory.roster": may_read_roster,
}
