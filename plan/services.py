"""The action plan's rules and writes, callable without HTTP.

Communications keeps the plan (`plan.manage`: objectives, adding and editing activities); the
directors of an activity's units and communications update its progress (`plan.update`: status,
actual cost, evidence). Every write checks the permission, raises `DomainError` on bad input (before changing anything),
records an audit entry with the activity's values before and after: that entry is the history. Writes commit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from types import EllipsisType

from flask_babel import gettext as _
from sqlalchemy.orm import joinedload, selectinload

from intranet.audit.models import AuditEntry
from intranet.audit.services import record
from intranet.domain import DomainError
from intranet.extensions import db
from intranet.localtime import local_today
from intranet.people.models import Person, Unit, utcnow
from intranet.permissions import acted_units, require
from intranet.signals import Indicator, collect, plan_indicators
from intranet.texts import Translated
from plan.models import ActivityStatus, Frequency, PlanActivity, PlanObjective, activity_units

#: the largest amount a cell takes (Numeric(12, 2))
MAX_AMOUNT = Decimal("9999999999.99")
MAX_EVIDENCE = 10
_INDICATOR_KEY = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_.-]+)?$")
_URL = re.compile(r"^https?://[^\s<>\"]+$", re.IGNORECASE)


# --- reading ------------------------------------------------------------------------------


def list_years() -> list[int]:
    """The years that have a plan, newest first."""
    return list(db.session.scalars(db.select(PlanObjective.year).distinct().order_by(PlanObjective.year.desc())))


def objectives(year: int) -> list[PlanObjective]:
    """The year's objectives by number, with their activities and units loaded."""
    return list(db.session.scalars(
        db.select(PlanObjective).where(PlanObjective.year == year).order_by(PlanObjective.number)
        .options(selectinload(PlanObjective.activities).selectinload(PlanActivity.units))
    ))


def get_objective(year: int, number: int) -> PlanObjective | None:
    return db.session.scalar(db.select(PlanObjective).filter_by(year=year, number=number))


def get_activity(activity_id: int) -> PlanActivity | None:
    return db.session.get(PlanActivity, activity_id)


@dataclass
class YearPlan:
    """A year's objectives and the totals of their planned and actual costs."""

    year: int
    objectives: list[PlanObjective]

    @property
    def planned_eur(self) -> Decimal:
        return sum((o.planned_eur for o in self.objectives), Decimal("0.00"))

    @property
    def actual_eur(self) -> Decimal:
        return sum((o.actual_eur for o in self.objectives), Decimal("0.00"))

    @property
    def activities(self) -> list[PlanActivity]:
        return [a for o in self.objectives for a in o.activities]


def year_plan(year: int) -> YearPlan | None:
    """The year's plan, or None when the year has none."""
    found = objectives(year)
    return YearPlan(year, found) if found else None


def money(amount: Decimal | None) -> str | None:
    """An amount as a two-decimal string ("8200.00"), as the API and the history write it."""
    return None if amount is None else f"{amount.quantize(Decimal('0.01'))}"


def plan_summary(plan: YearPlan) -> dict:
    """The year's figures as `GET /api/v1/plan/<year>` answers them (amounts as decimal strings)."""
    return {
        "year": plan.year,
        "objectives": [{"number": o.number, "title": o.title, "planned_eur": money(o.planned_eur),
                        "actual_eur": money(o.actual_eur)} for o in plan.objectives],
        "planned_eur": money(plan.planned_eur),
        "actual_eur": money(plan.actual_eur),
    }


@dataclass
class Timeline:
    """A year's dated activities by month (an activity spanning months is in each), and the recurring ones."""

    months: dict[int, list[PlanActivity]] = field(default_factory=dict)
    recurring: list[PlanActivity] = field(default_factory=list)


def timeline(plan: YearPlan, only_units: frozenset[int] | None = None) -> Timeline:
    """The year by month; with `only_units`, the activities of those units only (a director's own)."""
    found = Timeline(months={m: [] for m in range(1, 13)})
    for activity in plan.activities:
        if only_units is not None and not any(unit.id in only_units for unit in activity.units):
            continue
        if activity.recurring:
            found.recurring.append(activity)
            continue
        for month in range(activity.month or 1, (activity.last_month or 12) + 1):
            found.months[month].append(activity)
    return found


def overdue(plan: YearPlan, today: date | None = None) -> list[PlanActivity]:
    """The year's activities whose month is over and that are neither done nor cancelled."""
    today = today or local_today()
    return [a for a in plan.activities if a.overdue_on(today)]


def due_for(person: Person, now: datetime | None = None) -> dict[tuple[int, int], list[PlanActivity]]:
    """The activities `person` updates as a director that are due this month or overdue, by (year, month)
    of their last month. Only this year's and last year's plans: older ones belong to their evaluation."""
    units = acted_units(person).units
    if not units:
        return {}
    today = local_today(now)
    theirs = db.select(activity_units.c.activity_id).where(activity_units.c.unit_id.in_(units))
    query = (db.select(PlanActivity).join(PlanActivity.objective)
             .where(PlanActivity.id.in_(theirs), PlanObjective.year.in_((today.year - 1, today.year)),
                    PlanActivity.month.is_not(None))
             .options(joinedload(PlanActivity.objective)))
    found: dict[tuple[int, int], list[PlanActivity]] = {}
    for activity in db.session.scalars(query):
        due = activity.due_by()
        if activity.closed or due is None:
            continue
        if activity.overdue_on(today) or (due.year, due.month) == (today.year, today.month):
            found.setdefault((due.year, due.month), []).append(activity)
    return dict(sorted(found.items()))


def indicators(year: int) -> list[Indicator]:
    """What the enabled plugins measured for the year from their own data (the host signal
    `plan_indicators`), by key. A plugin that is not enabled adds nothing."""
    return sorted(collect(plan_indicators, year), key=lambda indicator: indicator.key)


def history(activity: PlanActivity) -> list[AuditEntry]:
    """Every recorded change of the activity, newest first: who, when, the values before and after."""
    return list(db.session.scalars(
        db.select(AuditEntry).where(AuditEntry.target_type == "planactivity",
                                    AuditEntry.target_id == str(activity.id))
        .options(joinedload(AuditEntry.actor)).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    ))


# --- values -------------------------------------------------------------------------------


def parse_amount(text: str | None, field_name: str = "planned_cost") -> Decimal | None:
    """An amount in EUR as people write it: "1,500.00", "1.500,00", "5.300.00" (the strategy's own typo,
    read as 5,300.00), "700" or "700,5". Empty is None ("no additional cost").

    :raises DomainError: on a negative, too large or unreadable amount.
    """
    text = (text or "").strip().replace("€", "").replace("EUR", "").replace(" ", "").replace("\u00a0", "")
    if not text:
        return None
    if text.startswith("-"):
        raise DomainError(_("An amount cannot be negative."), field_name)
    match = re.fullmatch(r"(\d[\d.,]*?)(?:[.,](\d{1,2}))?", text)
    if match is None:
        raise DomainError(_("Write the amount in euro, e.g. 1500.00."), field_name)
    whole = match.group(1).replace(".", "").replace(",", "")
    try:
        amount = Decimal(f"{whole}.{match.group(2) or '0'}").quantize(Decimal("0.01"))
    except InvalidOperation:
        raise DomainError(_("Write the amount in euro, e.g. 1500.00."), field_name) from None
    if amount > MAX_AMOUNT:
        raise DomainError(_("The amount is too large."), field_name)
    return amount


def _check_amount(amount: Decimal | None, field_name: str) -> Decimal | None:
    if amount is None:
        return None
    if amount < 0:
        raise DomainError(_("An amount cannot be negative."), field_name)
    if amount > MAX_AMOUNT:
        raise DomainError(_("The amount is too large."), field_name)
    return Decimal(amount).quantize(Decimal("0.01"))


def clean_evidence(links: list[str]) -> list[str]:
    """The evidence links, trimmed, empty ones and repeats dropped.

    :raises DomainError: for a link that is not an http(s) address, or too many.
    """
    cleaned: list[str] = []
    for link in (raw.strip() for raw in links):
        if not link or link in cleaned:
            continue
        if len(link) > 500 or not _URL.match(link):
            raise DomainError(_("Each link must be a web address starting with http:// or https://."), "evidence")
        cleaned.append(link)
    if len(cleaned) > MAX_EVIDENCE:
        raise DomainError(_("At most %(num)d links.", num=MAX_EVIDENCE), "evidence")
    return cleaned


def _check_schedule(month: int | None, end_month: int | None, frequency: str | None) -> str | None:
    if frequency:
        try:
            frequency = Frequency(frequency)
        except ValueError:
            raise DomainError(_("Choose one of the frequencies."), "frequency") from None
        if month or end_month:
            raise DomainError(_("An activity has either a month or a frequency, not both."), "month")
        return frequency
    if not month:
        raise DomainError(_("Choose the month, or a frequency for a recurring activity."), "month")
    if not 1 <= month <= 12 or (end_month is not None and not month <= end_month <= 12):
        raise DomainError(_("The last month cannot come before the first."), "end_month")
    return None


def check_indicator_key(key: str | None) -> str | None:
    """An indicator key as `Indicator.key`s are written ("surveys", "meetings.general_held"); empty is None.

    :raises DomainError: for anything else.
    """
    key = (key or "").strip()
    if not key:
        return None
    if len(key) > 80 or not _INDICATOR_KEY.match(key):
        raise DomainError(_("Choose an indicator from the list."), "indicator")
    return key


# --- writing ------------------------------------------------------------------------------


def create_objective(actor: Person | None, year: int, number: int, titles: dict) -> PlanObjective:
    """A new objective of the year's plan. `actor` None: the demo loader or a command.

    :raises DomainError: when the year already has that objective, or the title is missing.
    """
    if actor is not None:
        require(actor, "plan.manage")
    titles = Translated.cleaned(titles)
    if not titles:
        raise DomainError(_("Write the objective's title."), "title")
    if get_objective(year, number) is not None:
        raise DomainError(_("The plan of %(year)d already has objective %(number)d.", year=year, number=number),
                          "number")
    objective = PlanObjective(year=year, number=number, titles=dict(titles))
    db.session.add(objective)
    db.session.flush()
    record(actor, "plan.objective_created", objective, year=year, number=number)
    db.session.commit()
    return objective


def _units(unit_ids) -> list[Unit]:
    ids = {int(i) for i in unit_ids or []}
    found = list(db.session.scalars(db.select(Unit).where(Unit.id.in_(ids)))) if ids else []
    if len(found) != len(ids):
        raise DomainError(_("Choose units from the list."), "units")
    return found


def _apply(activity: PlanActivity, *, titles: dict, responsible: list[str], unit_ids, month: int | None,
           end_month: int | None, frequency: str | None, planned_cost: Decimal | None) -> None:
    """Check every value first, then change the activity: a refusal leaves it untouched."""
    titles = Translated.cleaned(titles)
    if not titles:
        raise DomainError(_("Write the activity's title."), "title")
    frequency = _check_schedule(month, end_month, frequency)
    units = _units(unit_ids)
    planned_cost = _check_amount(planned_cost, "planned_cost")
    activity.frequency = frequency
    activity.month, activity.end_month = (None, None) if frequency else (month, end_month or None)
    activity.titles = dict(titles)
    activity.responsible = [line.strip() for line in responsible if line.strip()]
    activity.units = units
    activity.planned_cost = planned_cost


def create_activity(actor: Person | None, objective: PlanObjective, *, titles: dict, responsible: list[str],
                    unit_ids=(), month: int | None = None, end_month: int | None = None,
                    frequency: str | None = None, planned_cost: Decimal | None = None,
                    indicator_key: str | None = None) -> PlanActivity:
    """Add an activity at the end of the objective's list (communications; `actor` None for the demo loader).

    :raises DomainError: on a missing title, a bad schedule or amount, an unknown unit.
    """
    if actor is not None:
        require(actor, "plan.manage")
    activity = PlanActivity(position=len(objective.activities), evidence=[], status=ActivityStatus.PLANNED,
                            indicator_key=check_indicator_key(indicator_key))
    with db.session.no_autoflush:  # the activity joins the session complete, after its values are checked
        _apply(activity, titles=titles, responsible=responsible, unit_ids=unit_ids, month=month,
               end_month=end_month, frequency=frequency, planned_cost=planned_cost)
    activity.updated_by_id = actor.id if actor else None
    activity.objective = objective
    db.session.add(activity)
    db.session.flush()
    record(actor, "plan.activity_created", activity, before=None, after=activity.snapshot())
    db.session.commit()
    return activity


def edit_activity(actor: Person, activity: PlanActivity, *, objective: PlanObjective | None = None,
                  titles: dict, responsible: list[str], unit_ids=(), month: int | None = None,
                  end_month: int | None = None, frequency: str | None = None,
                  planned_cost: Decimal | None = None, indicator_key: str | None | EllipsisType = ...) -> bool:
    """Communications changes what the plan says of an activity. Returns whether anything changed
    (saving the same values twice records nothing). `indicator_key`: the indicator Ura measures for it
    ("surveys"), None to have it entered by hand; left out, it stays.

    :raises DomainError: as `create_activity`; PermissionDenied for anyone but communications.
    """
    require(actor, "plan.manage", activity)
    before = activity.snapshot()
    if objective is not None and objective.year != activity.objective.year:
        raise DomainError(_("Choose an objective of the same year."), "objective")
    _apply(activity, titles=titles, responsible=responsible, unit_ids=unit_ids, month=month, end_month=end_month,
           frequency=frequency, planned_cost=planned_cost)
    if not isinstance(indicator_key, EllipsisType):
        activity.indicator_key = check_indicator_key(indicator_key)
    if objective is not None:
        activity.objective = objective
    return _changed(actor, activity, before, "plan.activity_edited")


def update_progress(actor: Person, activity: PlanActivity, *, status: str, actual_cost: Decimal | None,
                    evidence: list[str]) -> bool:
    """A responsible director (or communications) reports progress: status, actual cost, evidence links.
    Returns whether anything changed (a double click records one change).

    :raises DomainError: on a move the statuses do not allow, a bad amount or link;
        PermissionDenied for someone who does not update this activity.
    """
    require(actor, "plan.update", activity, _("Only the directors of the responsible units and the "
                                              "Public Information Office update this activity."))
    before = activity.snapshot()
    actual_cost = _check_amount(actual_cost, "actual_cost")
    evidence = clean_evidence(evidence)
    activity.move_to(status)  # the last check, and the first change
    activity.actual_cost, activity.evidence = actual_cost, evidence
    return _changed(actor, activity, before, "plan.activity_updated")


def _changed(actor: Person, activity: PlanActivity, before: dict, action: str) -> bool:
    after = activity.snapshot()
    if after == before:
        return False
    activity.updated_at = utcnow()
    activity.updated_by_id = actor.id
    changed = {key: before[key] for key in before if before[key] != after[key]}
    record(actor, action, activity, before=changed, after={key: after[key] for key in changed})
    db.session.commit()
    return True
