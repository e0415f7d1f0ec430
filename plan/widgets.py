"""What the action plan adds to the host's pages: the menu entry, a director's next actions on the home
page, how the audit log names its events and targets."""

from __future__ import annotations

from datetime import date, datetime

from flask import url_for
from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from intranet.extensions import db
from intranet.localtime import local_today
from intranet.people.models import Person
from intranet.permissions import can
from intranet.signals import AuditAction, NavEntry, NextAction
from plan import services
from plan.evaluation import get_evaluation
from plan.models import PlanActivity, PlanEvaluation, PlanObjective

AUDIT_ACTIONS = [
    AuditAction("plan.objective_created", _l("added an objective to the action plan")),
    AuditAction("plan.activity_created", _l("added an activity to the action plan")),
    AuditAction("plan.activity_edited", _l("edited an activity of the action plan")),
    AuditAction("plan.activity_updated", _l("updated the progress of an activity of the action plan")),
    AuditAction("plan.indicator_entered", _l("entered the indicator of an activity of the action plan")),
    AuditAction("plan.evaluation_opened", _l("opened the evaluation of the action plan")),
    AuditAction("plan.activity_evaluated", _l("gave a verdict on an activity of the action plan")),
    AuditAction("plan.evaluation_report_saved", _l("edited the evaluation report of the action plan")),
    AuditAction("plan.evaluation_redrafted", _l("drafted the evaluation report of the action plan again")),
    AuditAction("plan.evaluation_published", _l("published the evaluation of the action plan")),
    AuditAction("plan.year_copied", _l("started next year's action plan as a copy")),
]


def nav_entry(person: Person) -> NavEntry:
    """For everyone: the plan is the municipality's own strategy."""
    return NavEntry(label=_l("Action plan"), endpoint="plan.index", order=60)


def next_actions(person: Person, now: datetime | None = None) -> list[NextAction]:
    """A director: "Update N activities of <month>" for each month of this or last year's plan whose
    activities of their units are due (this month) or overdue (the month is over, not done)."""
    today = local_today(now)
    actions = _evaluation_actions(person, today)
    for (year, month), activities in services.due_for(person, now).items():
        overdue = (year, month) != (today.year, today.month)
        label = ngettext("Update %(num)d activity of %(month)s", "Update %(num)d activities of %(month)s",
                         len(activities), month=format_date(date(year, month, 1), "LLLL y"))
        actions.append(NextAction(label=label, url=url_for("plan.year", year=year, mine=1, _anchor=f"m{month}"),
                                  priority=15 if overdue else 25, urgent=overdue,
                                  note=str(_l("overdue")) if overdue else ""))
    return actions


def _evaluation_actions(person: Person, today: date) -> list[NextAction]:
    """The cabinet, in December: open (or finish) the evaluation of this year's plan."""
    if today.month != 12 or not can(person, "plan.evaluate") or services.get_objective(today.year, 1) is None:
        return []
    evaluation = get_evaluation(today.year)
    if evaluation is not None and evaluation.published:
        return []
    label = (_("Open the evaluation of the action plan %(year)d", year=today.year) if evaluation is None
             else _("Finish the evaluation of the action plan %(year)d", year=today.year))
    return [NextAction(label=label, url=url_for("plan.evaluation", year=today.year), priority=30)]


def audit_targets(target_type: str, ids: set[str]) -> dict[str, tuple[str, str]]:
    """Names and links of the activities and objectives the audit log mentions."""
    numbers = {int(i) for i in ids if str(i).isdigit()}
    if not numbers:
        return {}
    found: dict[str, tuple[str, str]] = {}
    if target_type == "planactivity":
        for activity in db.session.scalars(db.select(PlanActivity).where(PlanActivity.id.in_(numbers))):
            found[str(activity.id)] = (activity.title, url_for("plan.activity", activity_id=activity.id))
    elif target_type == "planevaluation":
        for evaluation in db.session.scalars(db.select(PlanEvaluation).where(PlanEvaluation.id.in_(numbers))):
            found[str(evaluation.id)] = (str(_l("Evaluation of the action plan %(year)d", year=evaluation.year)),
                                         url_for("plan.evaluation_report", year=evaluation.year))
    elif target_type == "planobjective":
        for objective in db.session.scalars(db.select(PlanObjective).where(PlanObjective.id.in_(numbers))):
            found[str(objective.id)] = (f"{objective.year} · {objective.number}. {objective.title}",
                                        url_for("plan.objectives", year=objective.year))
    return found
