"""Who may do what with the action plan: the `plan.*` actions and their rules.

Every member of staff reads the plan (it is the municipality's public strategy). Communications
(the Public Information Office) keeps it: adds and edits activities. Each activity is updated
(status, actual cost, evidence) by the directors of its responsible units
(`intranet.permissions.acts_for`) and by communications. The cabinet evaluates the year's plan
(opens the evaluation, gives each activity its verdict, edits and publishes the report); the published
report is for all staff.
"""

from __future__ import annotations

from intranet.people.models import Person
from intranet.permissions import acted_units, any_role, everyone
from plan.models import PlanActivity

keepers = any_role("communications")


def may_update(person: Person, activity: PlanActivity | None = None) -> bool:
    """Communications, and a director of one of the activity's units (without an activity: any director)."""
    if keepers(person):
        return True
    acted = acted_units(person)
    if activity is None:
        return bool(acted)
    return any(unit.id in acted.units for unit in activity.units)


RULES = {
    "plan.read": everyone,
    "plan.manage": keepers,
    "plan.update": may_update,
    # the strategy gives the yearly evaluation to the cabinet (plan.evaluation explains why not the directors)
    "plan.evaluate": any_role("cabinet"),
}
