"""The feasibility preview of a survey (hr, before opening): who is in its audience, which
reporting groups it will be reported on in and whether each reaches the thresholds, and
merging small units into a named reporting group (or undoing the merge).

Separate from surveys.services.building so that planning the audience and groups, which opening
freezes (surveys.services.opening), reads on its own. Input is cleaned by
surveys.services.editing; refusals are `DomainError`s as there.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func

from intranet.audit.services import record
from intranet.domain import DomainError
from intranet.extensions import db
from intranet.people.models import Person, Unit, pick_translation
from intranet.people.services import headcount_by_unit
from intranet.permissions import require
from surveys.models import ReportingGroup, Survey
from surveys.services.editing import MAX_TITLE, clean_key, clean_texts

# --- feasibility: who is in the audience, and which groups can be reported on --------------


@dataclass
class GroupPlan:
    """A reporting group as it stands: planned by hr (merged), or one per audience unit by default."""

    key: str
    names: dict
    unit_ids: list[int]
    headcount: int
    #: stored: planned by hr (a merge), or frozen when the survey opened
    stored: bool
    units: list[Unit]
    score_threshold: int
    comment_threshold: int

    @property
    def name(self) -> str:
        return pick_translation(self.names, fallback=self.key)

    @property
    def reaches_scores(self) -> bool:
        return self.headcount >= self.score_threshold

    @property
    def reaches_comments(self) -> bool:
        return self.headcount >= self.comment_threshold


def _unit_tree() -> tuple[dict[int, Unit], dict[int | None, list[Unit]]]:
    units = {u.id: u for u in db.session.scalars(db.select(Unit).where(Unit.active.is_(True))
                                                 .order_by(Unit.sort_order, Unit.code))}
    children: dict[int | None, list[Unit]] = {}
    for unit in units.values():
        parent = unit.parent_id if unit.parent_id in units else None
        children.setdefault(parent, []).append(unit)
    return units, children


def _with_sub_units(unit: Unit, children: dict[int | None, list[Unit]]) -> list[int]:
    found, stack = [], [unit]
    while stack:
        current = stack.pop()
        found.append(current.id)
        stack.extend(children.get(current.id, []))
    return found


def audience_units(survey: Survey) -> list[tuple[Unit, list[int]]]:
    """The audience's units, each with its sub-units' ids: the top-level units for all staff,
    else the chosen units (a chosen unit inside another chosen one counts with the outer one)."""
    units, children = _unit_tree()
    if survey.audience_all:
        roots = children.get(None, [])
    else:
        chosen = set(survey.audience_unit_ids or [])

        def inside_chosen(unit: Unit) -> bool:
            parent = units.get(unit.parent_id) if unit.parent_id else None
            while parent is not None:
                if parent.id in chosen:
                    return True
                parent = units.get(parent.parent_id) if parent.parent_id else None
            return False

        roots = [u for u in units.values() if u.id in chosen and not inside_chosen(u)]
    return [(root, _with_sub_units(root, children)) for root in roots]


def plan_groups(survey: Survey) -> list[GroupPlan]:
    """The reporting groups: frozen ones once the survey opened; before, hr's merges plus one
    group per audience unit with people in it (key: the unit code)."""
    thresholds = {"score_threshold": survey.score_threshold, "comment_threshold": survey.comment_threshold}
    units_by_id = {u.id: u for u in db.session.scalars(db.select(Unit))}
    if survey.frozen:
        return [GroupPlan(g.key, g.names, list(g.unit_ids), g.headcount, True,
                          [units_by_id[i] for i in g.unit_ids if i in units_by_id], **thresholds)
                for g in survey.groups]
    counts = headcount_by_unit()
    roots = audience_units(survey)
    plans: list = []
    covered: set = set()
    for group in survey.groups:
        mine = [(root, ids) for root, ids in roots if root.id in (group.unit_ids or []) and root.id not in covered]
        if not mine:
            continue
        covered.update(root.id for root, _ids in mine)
        unit_ids = [i for _root, ids in mine for i in ids]
        plans.append(GroupPlan(group.key, dict(group.names or {}), unit_ids, sum(counts.get(i, 0) for i in unit_ids),
                               True, [root for root, _ids in mine], **thresholds))
    for root, ids in roots:
        headcount = sum(counts.get(i, 0) for i in ids)
        if root.id not in covered and headcount:
            plans.append(GroupPlan(root.code, dict(root.names or {}), ids, headcount, False, [root], **thresholds))
    return plans


def people_without_unit() -> int:
    """Active people with no unit: they are in no reporting group, so no survey reaches them."""
    return db.session.scalar(db.select(func.count()).select_from(Person)
                             .where(Person.active.is_(True), Person.unit_id.is_(None)))


def _require_not_frozen(survey: Survey) -> None:
    if survey.frozen:
        raise DomainError(_("The survey is open: its reporting groups are frozen and cannot change."))


def merge_groups(actor: Person, survey: Survey, keys: list[str], key: str, names: dict) -> ReportingGroup:
    """Merge two or more planned groups (by key) into one named reporting group.

    :raises DomainError: for fewer than two groups (field "groups"), a malformed or taken key
        (field "key"), a missing name (field `name_<lang>`), or a survey that already opened.
    """
    require(actor, "surveys.build", survey)
    _require_not_frozen(survey)
    plans = {plan.key: plan for plan in plan_groups(survey)}
    chosen = [plans[k] for k in dict.fromkeys(keys or []) if k in plans]
    if len(chosen) < 2:
        raise DomainError(_("Choose at least two groups to merge."), field="groups")
    key = clean_key(key)
    if key in plans and key not in {plan.key for plan in chosen}:
        raise DomainError(_("Another reporting group has this key."), field="key")
    clean_names = clean_texts(names, "name", MAX_TITLE)
    for group in list(survey.groups):
        if group.key in {plan.key for plan in chosen}:
            survey.groups.remove(group)
    db.session.flush()
    group = ReportingGroup(survey=survey, key=key, names=clean_names,
                           unit_ids=[i for plan in chosen for i in plan.unit_ids],
                           position=len(survey.groups) + 1)
    db.session.add(group)
    record(actor, "surveys.groups_merged", survey, key=key, merged=[plan.key for plan in chosen])
    db.session.commit()
    return group


def unmerge_group(actor: Person, survey: Survey, key: str) -> None:
    """Undo a merge before opening: the group's units are reported on one by one again."""
    require(actor, "surveys.build", survey)
    _require_not_frozen(survey)
    group = next((g for g in survey.groups if g.key == key), None)
    if group is None:
        raise DomainError(_("There is no such merged group."))
    survey.groups.remove(group)
    record(actor, "surveys.groups_unmerged", survey, key=key)
    db.session.commit()
