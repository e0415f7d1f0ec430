"""Pages of the action plan (under /plan/) and its API: thin views on `intranet.pages.Page`;
every rule is in `plan.services`, every URL in `plan.blueprint`."""

from __future__ import annotations

from datetime import date

from flask import Response, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import force_locale, format_date, format_decimal, format_percent
from flask_babel import gettext as _

from intranet.charts import bar_chart
from intranet.domain import DomainError, show_error
from intranet.extensions import db
from intranet.i18n import HTML_LANG, LOCALES, current_language, enabled_languages
from intranet.localtime import local_today
from intranet.markdown import render_markdown
from intranet.pages import ApiPage, Page
from intranet.people.models import Unit
from intranet.permissions import acted_units, can
from plan import evaluation as evaluation_services
from plan import measures, services
from plan.export import plan_xlsx, when
from plan.forms import ActivityForm, ConfirmForm, IndicatorForm, ProgressForm, ReportForm, VerdictForm
from plan.history import readable
from plan.models import FREQUENCY_LABELS, STATUS_LABELS, VERDICT_LABELS, PlanActivity


def _month_names() -> list[str]:
    """January to December in the reader's language (stand-alone names)."""
    return [format_date(date(2000, number, 1), "LLLL") for number in range(1, 13)]


def _money(amount) -> str:
    return "" if amount is None else f"{amount:.2f}"


class YearPage(Page):
    """A page about one year's plan: 404 when the year has none."""

    permission = "plan.read"

    def load(self, year: int, **kwargs) -> None:
        if not 2000 <= year <= 2100:
            abort(404)
        self.plan = services.year_plan(year) or abort(404)


class Index(Page):
    """The current year's plan, or the newest; the list of years when there is none."""

    permission = "plan.read"

    def get(self):
        years = services.list_years()
        today = local_today()
        if years:
            return redirect(url_for("plan.year", year=today.year if today.year in years else years[0]))
        return render_template("plan/index.html", years=years)


class Year(YearPage):
    """The year as a timeline by month, recurring activities after; overdue ones marked. `?mine=1` keeps
    the activities the reader updates."""

    def get(self):
        mine = request.args.get("mine") == "1"
        shown = services.timeline(self.plan, only_units=acted_units(self.person).units if mine else None)
        return render_template("plan/year.html", plan=self.plan, timeline=shown, mine=mine,
                               month_names=_month_names(), today=local_today(), years=services.list_years(),
                               overdue=services.overdue(self.plan), statuses=STATUS_LABELS,
                               frequencies=FREQUENCY_LABELS, can_manage=can(self.person, "plan.manage"))


class Objectives(YearPage):
    """Each objective with its planned and actual cost: a chart with its data table, then the activities."""

    def get(self):
        chart = bar_chart(
            _("Planned and actual cost by objective (EUR)"),
            labels=[f"{o.number}. {o.title}" for o in self.plan.objectives],
            series={_("Planned"): [float(o.planned_eur) for o in self.plan.objectives],
                    _("Actual"): [float(o.actual_eur) for o in self.plan.objectives]},
            label_heading=_("Objective"),
        )
        return render_template("plan/objectives.html", plan=self.plan, chart=chart, statuses=STATUS_LABELS,
                               today=local_today(), when=when, years=services.list_years())


def _formatted(found) -> list[tuple]:
    """(indicator, its value as the reader's language writes it; "—" when there is nothing to measure)."""
    return [(indicator, "—" if indicator.value is None else format_percent(indicator.value)
             if indicator.value_format == "percent" else format_decimal(indicator.value))
            for indicator in found]


class Indicators(YearPage):
    """The figures Ura measures for the year from the other parts of the intranet (handbook, reports...)."""

    def get(self):
        rows = _formatted(services.indicators(self.plan.year))
        return render_template("plan/indicators.html", plan=self.plan, rows=rows, years=services.list_years())


class Export(YearPage):
    def get(self):
        return Response(plan_xlsx(self.plan),
                        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        headers={"Content-Disposition": f'attachment; filename="plan-{self.plan.year}.xlsx"'})


class ActivityPage(Page):
    permission = "plan.read"

    def load(self, activity_id: int, **kwargs) -> None:
        if activity_id > 2**31 - 1:
            abort(404)
        self.activity = services.get_activity(activity_id) or abort(404)

    def access_target(self):
        return self.activity

    def back(self):
        return redirect(url_for("plan.activity", activity_id=self.activity.id))


class Activity(ActivityPage):
    """One activity: what the plan says, its progress, the progress form for those who update it, the history."""

    def get(self, form: ProgressForm | None = None, status: int = 200,
            indicator_form: IndicatorForm | None = None):
        activity = self.activity
        updates = can(self.person, "plan.update", activity)
        if form is None and updates:
            form = ProgressForm(formdata=None, data={"status": activity.status,
                                                     "actual_cost": _money(activity.actual_cost),
                                                     "evidence": "\n".join(activity.evidence or [])})
        by_hand = measures.measuring_plugin(activity) is None
        if indicator_form is None and updates and by_hand:
            indicator_form = IndicatorForm(formdata=None, prefix="indicator")
        return render_template("plan/activity.html", activity=activity, form=form, when=when(activity),
                               statuses=STATUS_LABELS, today=local_today(),
                               history=readable(services.history(activity)),
                               can_manage=can(self.person, "plan.manage"), by_hand=by_hand,
                               measured=_formatted(measures.measured(activity)), entries=measures.entries(activity),
                               indicator_form=indicator_form), status


class EnterIndicator(Activity):
    """Communications or a director of the activity's units enters its indicator by hand."""

    permission = "plan.update"

    def post(self):
        form = IndicatorForm(prefix="indicator")
        if form.validate_on_submit():
            try:
                entry = measures.enter_value(self.person, self.activity, value=form.value.data,
                                             note=form.note.data or "", evidence=form.links())
            except DomainError as error:
                show_error(form, error)
            else:
                flash(_("The indicator's value is saved.") if entry else _("Nothing changed."), "success")
                return self.back()
        return self.get(status=400, indicator_form=form)


class Progress(Activity):
    permission = "plan.update"

    def post(self):
        form = ProgressForm()
        if form.validate_on_submit():
            try:
                amount = services.parse_amount(form.actual_cost.data, "actual_cost")
                changed = services.update_progress(self.person, self.activity, status=form.status.data,
                                                   actual_cost=amount, evidence=form.links())
            except DomainError as error:
                show_error(form, error)
            else:
                flash(_("The activity is updated.") if changed else _("Nothing changed."), "success")
                return self.back()
        return self.get(form=form, status=400)


def _activity_form(plan_year: int, keep_indicator: str | None = None, **kwargs) -> ActivityForm:
    units = db.session.scalars(db.select(Unit).where(Unit.active.is_(True)).order_by(Unit.sort_order, Unit.id))
    return ActivityForm(objectives=services.objectives(plan_year), units=list(units),
                        month_names=_month_names(), indicators=measures.indicator_choices(keep_indicator), **kwargs)


def _save(form: ActivityForm, save) -> bool:
    """Call `save(objective, fields)` with the form's values; a refusal goes next to its field."""
    try:
        fields = dict(titles=form.title.data, responsible=form.responsible_lines(), unit_ids=form.units.data,
                      month=form.month.data or None, end_month=form.end_month.data or None,
                      frequency=form.frequency.data or None,
                      planned_cost=services.parse_amount(form.planned_cost.data, "planned_cost"),
                      indicator_key=form.indicator.data or None)
        save(fields)
    except DomainError as error:
        show_error(form, error)
        return False
    return True


class EditActivity(ActivityPage):
    permission = "plan.manage"

    def get(self, form: ActivityForm | None = None, status: int = 200):
        activity = self.activity
        form = form or _activity_form(activity.year, activity.indicator_key, formdata=None, data={
            "title": activity.titles, "objective": activity.objective_id,
            "responsible": "\n".join(activity.responsible or []), "units": [u.id for u in activity.units],
            "month": activity.month or 0, "end_month": activity.end_month or 0,
            "frequency": activity.frequency or "", "planned_cost": _money(activity.planned_cost),
            "indicator": activity.indicator_key or ""})
        return render_template("plan/edit.html", form=form, activity=activity, year=activity.year), status

    def post(self):
        form = _activity_form(self.activity.year, self.activity.indicator_key)
        if form.validate_on_submit():
            objective = next((o for o in services.objectives(self.activity.year) if o.id == form.objective.data),
                             None)
            if _save(form, lambda fields: services.edit_activity(self.person, self.activity, objective=objective,
                                                                 **fields)):
                flash(_("The activity is saved."), "success")
                return self.back()
        return self.get(form=form, status=400)


class NewActivity(YearPage):
    permission = "plan.manage"

    def get(self, form: ActivityForm | None = None, status: int = 200):
        form = form or _activity_form(self.plan.year, formdata=None)
        return render_template("plan/edit.html", form=form, activity=None, year=self.plan.year), status

    def post(self):
        form = _activity_form(self.plan.year)
        if form.validate_on_submit():
            objective = next(o for o in self.plan.objectives if o.id == form.objective.data)
            created: list[PlanActivity] = []
            if _save(form, lambda fields: created.append(services.create_activity(self.person, objective,
                                                                                  **fields))):
                flash(_("The activity is added to the plan."), "success")
                return redirect(url_for("plan.activity", activity_id=created[0].id))
        return self.get(form=form, status=400)


class PlanApi(ApiPage):
    """`GET /api/v1/plan/<year>`: the year's objectives with planned and actual cost, amounts as decimal strings."""

    permission = "plan.read"

    def get(self):
        plan = services.year_plan(self.year) if 2000 <= self.year <= 2100 else None
        if plan is None:
            response = jsonify(error="not found")
            response.status_code = 404
            return response
        return jsonify(services.plan_summary(plan))

    def dispatch_request(self, **kwargs):
        # the year is read by `get`, not by `load`: an unknown year answers JSON, not an HTML 404
        self.year = kwargs.pop("year")
        return super().dispatch_request(**kwargs)


# --- the annual evaluation ---------------------------------------------------------------


class Evaluation(YearPage):
    """The cabinet's evaluation of the year: open it (from December), a verdict per activity, the report
    (drafted by Ura, edited here), publish."""

    permission = "plan.evaluate"

    def get(self, verdict_forms: dict | None = None, report_form: ReportForm | None = None, status: int = 200):
        evaluation = evaluation_services.get_evaluation(self.plan.year)
        forms = dict(verdict_forms or {})
        if evaluation is not None and not evaluation.published:
            for activity in self.plan.activities:
                forms.setdefault(activity.id, VerdictForm(formdata=None, prefix=f"a{activity.id}", data={
                    "verdict": activity.verdict or "", "comment": activity.verdict_comment or ""}))
            report_form = report_form or ReportForm(formdata=None, data={"report": evaluation.reports or {}})
        return render_template(
            "plan/evaluation.html", plan=self.plan, evaluation=evaluation, verdict_forms=forms,
            report_form=report_form, confirm=ConfirmForm(formdata=None), verdicts=VERDICT_LABELS,
            statuses=STATUS_LABELS,
            opens_on=evaluation_services.opens_on(self.plan.year), today=local_today(),
            waiting=sum(1 for a in self.plan.activities if not a.verdict), years=services.list_years(),
        ), status

    def back(self, anchor: str = ""):
        return redirect(url_for("plan.evaluation", year=self.plan.year, _anchor=anchor or None))


class OpenEvaluation(Evaluation):
    def post(self):
        if not ConfirmForm().validate_on_submit():
            abort(400)
        try:
            evaluation_services.open_evaluation(self.person, self.plan.year)
        except DomainError as error:
            flash(error.message, "danger")
        else:
            flash(_("The evaluation is open: Ura has drafted the report."), "success")
        return self.back()


class GiveVerdict(ActivityPage):
    permission = "plan.evaluate"

    def post(self):
        form = VerdictForm(prefix=f"a{self.activity.id}")
        if form.validate_on_submit():
            try:
                changed = evaluation_services.give_verdict(self.person, self.activity, form.verdict.data,
                                                           form.comment.data or "")
            except DomainError as error:
                show_error(form, error)
            else:
                flash(_("The verdict is saved.") if changed else _("Nothing changed."), "success")
                return redirect(url_for("plan.evaluation", year=self.activity.year, _anchor=f"a{self.activity.id}"))
        page = Evaluation()
        page.person, page.plan = self.person, services.year_plan(self.activity.year) or abort(404)
        return page.get(verdict_forms={self.activity.id: form}, status=400)


class SaveReport(Evaluation):
    def post(self):
        evaluation = evaluation_services.get_evaluation(self.plan.year) or abort(404)
        form = ReportForm()
        if form.validate_on_submit():
            try:
                changed = evaluation_services.save_report(self.person, evaluation, form.report.data)
            except DomainError as error:
                show_error(form, error)
            else:
                flash(_("The report is saved.") if changed else _("Nothing changed."), "success")
                return self.back("report")
        return self.get(report_form=form, status=400)


class RedraftReport(Evaluation):
    def post(self):
        evaluation = evaluation_services.get_evaluation(self.plan.year) or abort(404)
        if not ConfirmForm().validate_on_submit():
            abort(400)
        try:
            evaluation_services.redraft(self.person, evaluation)
        except DomainError as error:
            flash(error.message, "danger")
        else:
            flash(_("Ura has drafted the report again from the plan, the verdicts and the indicators."), "success")
        return self.back("report")


class PublishEvaluation(Evaluation):
    def post(self):
        evaluation = evaluation_services.get_evaluation(self.plan.year) or abort(404)
        if not ConfirmForm().validate_on_submit():
            abort(400)
        try:
            published = evaluation_services.publish_evaluation(self.person, evaluation)
        except DomainError as error:
            flash(error.message, "danger")
            return self.back("publish")
        flash(_("The evaluation is published and announced to all staff.") if published.announcement_url else
              _("The evaluation is published. It was not announced: nothing publishes announcements here."),
              "success")
        if published.next_year:
            flash(_("The plan of %(year)d starts as a copy of this one.", year=published.next_year), "success")
        return redirect(url_for("plan.evaluation_report", year=self.plan.year))


class EvaluationReport(YearPage):
    """The published report, print-ready, in the language chosen with `?lang=` (the reader's by default).
    Before it is published, only the cabinet sees the draft."""

    def load(self, year: int, **kwargs) -> None:
        super().load(year)
        self.evaluation = evaluation_services.get_evaluation(year) or abort(404)

    def check_access(self) -> bool:
        return super().check_access() and (self.evaluation.published or can(self.person, "plan.evaluate"))

    def get(self):
        languages = enabled_languages()
        language = request.args.get("lang") or current_language()
        if language not in languages:
            language = languages[0]
        text = (self.evaluation.reports or {}).get(language, "")
        with force_locale(LOCALES.get(language, language)):
            title = _("Evaluation of the action plan %(year)d", year=self.plan.year)
        return render_template("plan/evaluation_report.html", plan=self.plan, evaluation=self.evaluation,
                               language=language, report_lang=HTML_LANG.get(language, language), report_title=title,
                               languages=languages, body=render_markdown(text, 2))
