"""The fairness view for hr and the cabinet: who is nominated and who wins, by directorate and by position
level, against headcount, for one year or all years; and by gender where the staff import records it
(`Person.gender`, optional): that section exists only when at least one active person has it, and counts
people by their gender as recorded now (people without one form the group "not recorded").

A group (a directorate, a level) with fewer than `MIN_GROUP` active people shows its headcount only:
with so few people a share would point at a person. Nominations are counted by nominee (a colleague
nominated twice counts once per cycle) in the directorate they were in when nominated.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from intranet.extensions import db
from intranet.people.models import GENDER_LABELS, Person, RoleAssignment, Unit
from recognition.models import Award, AwardCycle, Nomination

MIN_GROUP = 5
LEVELS = {"management": _l("Directors and heads"), "staff": _l("Staff")}


@dataclass
class GroupFigures:
    label: str
    headcount: int
    #: None when the group is too small to show
    nominated: int | None
    won: int | None

    @property
    def withheld(self) -> bool:
        return self.nominated is None

    @property
    def nominated_share(self) -> float | None:
        return None if self.nominated is None or not self.headcount else self.nominated / self.headcount

    @property
    def won_share(self) -> float | None:
        return None if self.won is None or not self.headcount else self.won / self.headcount


def cycle_years() -> list[int]:
    return list(db.session.scalars(db.select(AwardCycle.year).distinct().order_by(AwardCycle.year.desc())))


def _top_units() -> dict[int, Unit]:
    """Each unit's top unit (its directorate, or the cabinet for the cabinet's offices)."""
    units = {u.id: u for u in db.session.scalars(db.select(Unit))}
    top: dict[int, Unit] = {}
    for unit in units.values():
        seen, current = set(), unit
        while current.parent_id and current.parent_id in units and current.id not in seen:
            seen.add(current.id)  # a loop in the tree stops here
            current = units[current.parent_id]
        top[unit.id] = current
    return top


def _managers() -> set[int]:
    heads = set(db.session.scalars(db.select(Unit.head_id).where(Unit.head_id.is_not(None))))
    by_role = set(db.session.scalars(db.select(RoleAssignment.person_id).where(RoleAssignment.role == "director")))
    return heads | by_role


def _group(counts: Counter, nominated: Counter, won: Counter, labels: dict) -> list[GroupFigures]:
    rows = []
    for key, headcount in sorted(counts.items(), key=lambda item: str(labels[item[0]])):
        small = headcount < MIN_GROUP
        rows.append(GroupFigures(label=str(labels[key]), headcount=headcount,
                                 nominated=None if small else nominated[key], won=None if small else won[key]))
    return rows


def figures(year: int | None = None) -> dict[str, list[GroupFigures]]:
    """{"directorates": [...], "levels": [...]}, and "genders" when anyone's gender is recorded: headcount,
    nominated and won per group (one year, or all)."""
    top = _top_units()
    managers = _managers()
    people = db.session.scalars(db.select(Person).where(Person.active.is_(True))).all()
    head_by_unit: Counter = Counter()
    head_by_level: Counter = Counter()
    head_by_gender: Counter = Counter(person.gender or "" for person in people)
    gender_of = {person.id: person.gender or "" for person in people}
    for person in people:
        if person.unit_id in top:
            head_by_unit[top[person.unit_id].id] += 1
        head_by_level["management" if person.id in managers else "staff"] += 1
    stmt = db.select(Nomination.cycle_id, Nomination.nominee_id, Nomination.unit_id).join(AwardCycle)
    if year is not None:
        stmt = stmt.where(AwardCycle.year == year)
    # one per nominee and cycle, however many colleagues nominated them
    nominees = {(cycle_id, nominee_id): unit_id for cycle_id, nominee_id, unit_id in db.session.execute(stmt)}
    winners_stmt = (db.select(Nomination.cycle_id, Nomination.nominee_id)
                    .join(Award, Award.nomination_id == Nomination.id)
                    .join(AwardCycle, AwardCycle.id == Nomination.cycle_id))
    if year is not None:
        winners_stmt = winners_stmt.where(AwardCycle.year == year)
    winners = {(cycle_id, nominee_id) for cycle_id, nominee_id in db.session.execute(winners_stmt)}
    nominated_unit: Counter = Counter()
    nominated_level: Counter = Counter()
    won_unit: Counter = Counter()
    won_level: Counter = Counter()
    nominated_gender: Counter = Counter()
    won_gender: Counter = Counter()
    for (cycle_id, nominee_id), unit_id in nominees.items():
        level = "management" if nominee_id in managers else "staff"
        key = top[unit_id].id if unit_id in top else None
        if key is not None:
            nominated_unit[key] += 1
        nominated_level[level] += 1
        gender = gender_of.get(nominee_id)  # None: no longer active, so not in any headcount
        if gender is not None:
            nominated_gender[gender] += 1
        if (cycle_id, nominee_id) in winners:
            if gender is not None:
                won_gender[gender] += 1
            if key is not None:
                won_unit[key] += 1
            won_level[level] += 1
    unit_labels = {unit.id: unit.name for unit in top.values()}
    found = {"directorates": _group(head_by_unit, nominated_unit, won_unit, unit_labels),
             "levels": _group(head_by_level, nominated_level, won_level, LEVELS)}
    if set(head_by_gender) - {""}:
        found["genders"] = _withhold_a_second(_group(head_by_gender, nominated_gender, won_gender, GENDER_LABELS))
    return found


def _withhold_a_second(groups: list[GroupFigures]) -> list[GroupFigures]:
    """With one group withheld among few, the others' figures and the total (the levels' sum) would give it
    away by subtraction: withhold the next smallest group too."""
    withheld = [g for g in groups if g.withheld]
    shown = sorted((g for g in groups if not g.withheld), key=lambda g: g.headcount)
    if len(withheld) == 1 and shown:
        shown[0].nominated = shown[0].won = None
    return groups
