"""The annual evaluation of the action plan, by the cabinet (strategy, section 9).

In December (from the 1st, Istog's date) the cabinet opens the evaluation of the year. Each activity
gets a verdict — done, partly done, not done — with a comment (required unless done). The cabinet gives
the verdicts: the directors of each activity's units have reported its progress, status and evidence
during the year, and the strategy gives the evaluation to the cabinet, so the verdict is the cabinet's
reading of that progress, not the directors' own (`plan.evaluate`). On opening, Ura drafts the report
in every language from the plan, the verdicts and the indicators; the cabinet edits it (or drafts it
again from the data) and publishes it once every activity has a verdict: the report becomes a
print-ready page in every language, is announced to all staff through the host's announcements
(when nothing publishes announcements it is published without one, and the cabinet is told), and
next year's plan starts as a copy of this one with statuses reset and actual costs, evidence and
verdicts cleared (unless next year has a plan already). Every step is in the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from flask import url_for
from flask_babel import force_locale, format_decimal, format_percent, ngettext
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from intranet.announcements import Announcement, NoPublisher, publish
from intranet.audit.services import record
from intranet.domain import DomainError
from intranet.extensions import db
from intranet.i18n import LOCALES, enabled_languages
from intranet.localtime import local_today
from intranet.people.models import Person, utcnow
from intranet.permissions import require
from intranet.signals import Indicator
from intranet.texts import Translated
from plan import measures
from plan.models import (
    VERDICT_LABELS,
    ActivityStatus,
    EvaluationStatus,
    PlanActivity,
    PlanEvaluation,
    PlanObjective,
    Verdict,
)
from plan.services import YearPlan, indicators, year_plan

MAX_COMMENT = 2000
MAX_REPORT = 50_000
#: the month the evaluation opens in
OPENS_IN = 12


def get_evaluation(year: int) -> PlanEvaluation | None:
    return db.session.scalar(db.select(PlanEvaluation).filter_by(year=year))


def opens_on(year: int) -> date:
    """The first day the cabinet may open the evaluation of `year`."""
    return date(year, OPENS_IN, 1)


def open_evaluation(actor: Person, year: int, now: datetime | None = None) -> PlanEvaluation:
    """The cabinet opens the evaluation of `year` (from 1 December on) and Ura drafts its report.
    Opening twice gives the same evaluation.

    :raises DomainError: before December of the year, or when the year has no plan.
    """
    require(actor, "plan.evaluate")
    existing = get_evaluation(year)
    if existing is not None:
        return existing
    plan = year_plan(year)
    if plan is None:
        raise DomainError(_("%(year)d has no action plan to evaluate.", year=year))
    if local_today(now) < opens_on(year):
        raise DomainError(_("The evaluation of %(year)d opens in December.", year=year))
    evaluation = PlanEvaluation(year=year, status=EvaluationStatus.OPEN, opened_at=now or utcnow(),
                                opened_by_id=actor.id, reports={}, announcement_url="")
    db.session.add(evaluation)
    try:
        db.session.flush()
    except IntegrityError:  # opened by another click at the same moment
        db.session.rollback()
        found = get_evaluation(year)
        assert found is not None
        return found
    evaluation.reports = draft_report(plan)
    record(actor, "plan.evaluation_opened", evaluation, year=year)
    db.session.commit()
    return evaluation


def _open_for(activity: PlanActivity) -> PlanEvaluation:
    evaluation = get_evaluation(activity.year)
    if evaluation is None:
        raise DomainError(_("The evaluation of %(year)d is not open.", year=activity.year))
    evaluation.require_open()
    return evaluation


def give_verdict(actor: Person, activity: PlanActivity, verdict: str, comment: str = "") -> bool:
    """The cabinet's verdict on an activity, with a comment (required for partly done and not done).
    Returns whether anything changed (a double click records one change).

    :raises DomainError: when the year's evaluation is not open, on an unknown verdict, a missing or
        too long comment.
    """
    require(actor, "plan.evaluate", activity)
    _open_for(activity)
    try:
        chosen = Verdict(verdict)
    except ValueError:
        raise DomainError(_("Choose done, partly done or not done."), "verdict") from None
    comment = (comment or "").replace("\r\n", "\n").strip()
    if chosen != Verdict.DONE and not comment:
        raise DomainError(_("Say what was not done, and why."), "comment")
    if len(comment) > MAX_COMMENT:
        raise DomainError(_("Keep it under %(num)d characters.", num=MAX_COMMENT), "comment")
    before = {"verdict": activity.verdict, "verdict_comment": activity.verdict_comment or ""}
    after = {"verdict": str(chosen), "verdict_comment": comment}
    if before == after:
        return False
    activity.verdict, activity.verdict_comment = chosen, comment
    changed = [key for key in before if before[key] != after[key]]
    record(actor, "plan.activity_evaluated", activity, before={k: before[k] for k in changed},
           after={k: after[k] for k in changed})
    db.session.commit()
    return True


def save_report(actor: Person, evaluation: PlanEvaluation, texts: dict) -> bool:
    """The cabinet's edit of the report, in every enabled language. Returns whether it changed.

    :raises DomainError: once published; when a language is missing or a text too long.
    """
    require(actor, "plan.evaluate")
    evaluation.require_open()
    cleaned = Translated.cleaned(texts)
    for code in cleaned.missing():
        raise DomainError(_("Write the report in every language."), f"report_{code}")
    for code, text in cleaned.items():
        if len(text) > MAX_REPORT:
            raise DomainError(_("Keep it under %(num)d characters.", num=MAX_REPORT), f"report_{code}")
    if dict(cleaned) == dict(evaluation.reports or {}):
        return False
    evaluation.reports = dict(cleaned)
    record(actor, "plan.evaluation_report_saved", evaluation, languages=sorted(cleaned))
    db.session.commit()
    return True


def redraft(actor: Person, evaluation: PlanEvaluation) -> None:
    """Draft the report again from the plan, the verdicts and the indicators (the cabinet's edits are replaced)."""
    require(actor, "plan.evaluate")
    evaluation.require_open()
    plan = year_plan(evaluation.year)
    if plan is None:
        raise DomainError(_("%(year)d has no action plan to evaluate.", year=evaluation.year))
    evaluation.reports = draft_report(plan)
    record(actor, "plan.evaluation_redrafted", evaluation)
    db.session.commit()


@dataclass
class Published:
    announcement_url: str
    #: the year whose plan was started as a copy (None when it had one already)
    next_year: int | None


def publish_evaluation(actor: Person, evaluation: PlanEvaluation, now: datetime | None = None) -> Published:
    """Publish the evaluation: fixed from now on, announced to all staff, and next year's plan started as a
    copy of this one (statuses reset, actual costs, evidence and verdicts cleared).

    :raises DomainError: when an activity has no verdict yet, the report misses a language, or it is
        published already.
    """
    require(actor, "plan.evaluate")
    evaluation.require_open()
    plan = year_plan(evaluation.year)
    if plan is None:
        raise DomainError(_("%(year)d has no action plan to evaluate.", year=evaluation.year))
    waiting = [a for a in plan.activities if not a.verdict]
    if waiting:
        raise DomainError(ngettext("%(num)d activity has no verdict yet.", "%(num)d activities have no verdict yet.",
                                   len(waiting)))
    if Translated(evaluation.reports or {}).missing():
        raise DomainError(_("Write the report in every language."))
    now = now or utcnow()
    evaluation.publish(actor, now)
    next_year = start_next_year(actor, plan)
    titles = {}
    for code in enabled_languages():
        with force_locale(LOCALES.get(code, code)):
            titles[code] = _("Evaluation of the action plan %(year)d", year=evaluation.year)
    try:
        urls = publish(Announcement(author=actor, titles=titles, bodies=dict(evaluation.reports),
                                    source=("plan", f"evaluation:{evaluation.year}"),
                                    url=url_for("plan.evaluation_report", year=evaluation.year)))
    except NoPublisher:
        urls = []
    evaluation.announcement_url = urls[0] if urls else ""
    record(actor, "plan.evaluation_published", evaluation, announced=bool(urls), next_year=next_year)
    db.session.commit()
    return Published(evaluation.announcement_url, next_year)


def start_next_year(actor: Person | None, plan: YearPlan) -> int | None:
    """Next year's plan as a copy of `plan`: the same objectives and activities (titles, responsible
    parties and units, months, planned costs, indicators), every status planned, no actual cost, evidence,
    verdict or indicator values. Nothing when next year has a plan already. In the caller's transaction."""
    year = plan.year + 1
    if year_plan(year) is not None:
        return None
    for objective in plan.objectives:
        copy = PlanObjective(year=year, number=objective.number, titles=dict(objective.titles or {}))
        db.session.add(copy)
        for activity in objective.activities:
            copy.activities.append(PlanActivity(
                position=activity.position, titles=dict(activity.titles or {}),
                responsible=list(activity.responsible or []), units=list(activity.units), month=activity.month,
                end_month=activity.end_month, frequency=activity.frequency, planned_cost=activity.planned_cost,
                indicator_key=activity.indicator_key, status=ActivityStatus.PLANNED, actual_cost=None,
                evidence=[], verdict=None, verdict_comment="", updated_by_id=actor.id if actor else None))
    db.session.flush()
    record(actor, "plan.year_copied", None, year=year, copied_from=plan.year)
    return year


# --- the drafted report ------------------------------------------------------------------


def _eur(amount: Decimal) -> str:
    return format_decimal(amount, format="#,##0.00") + " EUR"


def _figure(indicator: Indicator) -> str:
    if indicator.value is None:
        return "—"
    return format_percent(indicator.value) if indicator.value_format == "percent" else format_decimal(indicator.value)


def draft_report(plan: YearPlan) -> dict[str, str]:
    """The evaluation report in Markdown, in every enabled language, from the plan, the verdicts given so
    far, the indicators Ura measures and those entered by hand."""
    return {code: _draft_in(plan, code) for code in enabled_languages()}


def _draft_in(plan: YearPlan, code: str) -> str:
    with force_locale(LOCALES.get(code, code)):
        activities = plan.activities
        counts = {verdict: sum(1 for a in activities if a.verdict == verdict) for verdict in Verdict}
        lines = [
            _("The cabinet evaluated the %(num)d activities of the %(year)d action plan: %(done)d done, "
              "%(partly)d partly done, %(not_done)d not done, %(open)d not yet evaluated.",
              num=len(activities), year=plan.year, done=counts[Verdict.DONE], partly=counts[Verdict.PARTLY],
              not_done=counts[Verdict.NOT_DONE], open=sum(1 for a in activities if not a.verdict)),
            "",
            _("Planned cost: %(planned)s; actual cost: %(actual)s.", planned=_eur(plan.planned_eur),
              actual=_eur(plan.actual_eur)),
        ]
        for objective in plan.objectives:
            lines += ["", f"# {objective.number}. {Translated(objective.titles or {}).in_language(code)}", "",
                      _("Planned cost: %(planned)s; actual cost: %(actual)s.", planned=_eur(objective.planned_eur),
                        actual=_eur(objective.actual_eur)), ""]
            for activity in objective.activities:
                verdict = str(VERDICT_LABELS[Verdict(activity.verdict)]) if activity.verdict else \
                    _("not yet evaluated")
                comment = f" {' '.join(activity.verdict_comment.split())}" if activity.verdict_comment else ""
                lines.append(f"- **{Translated(activity.titles or {}).in_language(code)}** — {verdict}.{comment}")
        found = indicators(plan.year)
        lines += ["", f"# {_('Indicators')}", ""]
        measured_lines = [f"- {indicator.label}: {_figure(indicator)}"
                          + (f" ({indicator.detail})" if indicator.detail else "") for indicator in found]
        by_hand = []
        for activity in activities:
            entry = measures.latest_entry(activity) if measures.measuring_plugin(activity) is None else None
            if entry is not None:
                by_hand.append(f"- {Translated(activity.titles or {}).in_language(code)}: {entry.value}"
                               + (f" ({' '.join(entry.note.split())})" if entry.note else ""))
        lines += measured_lines + by_hand or [_("No indicator was measured or entered for this year.")]
        return "\n".join(lines) + "\n"
