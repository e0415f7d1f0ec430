"""Results pages (hr, the cabinet, directors): overview, heatmaps, year over year, comments,
print, XLSX and CSV exports, and follow-up actions. Thin views on `surveys.services.results`,
`surveys.services.heatmaps`, `surveys.services.trends`, `surveys.services.comments`, `surveys.services.exports` and
`surveys.services.followups`; every figure is already suppressed there. While a survey is open those
services refuse to read it (`response_rates.ResultsNotReleased`), and every one of these pages shows
the response rates instead (`results_while_open`)."""

from __future__ import annotations

from flask import Response as HttpResponse
from flask import abort, flash, g, redirect, render_template, request, stream_with_context, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from intranet.charts import FAVOURABLE, NEUTRAL, UNFAVOURABLE, bar_chart, heatmap
from intranet.domain import DomainError, show_error
from intranet.pages import Page, get_or_404
from intranet.permissions import can
from intranet.url_numbers import query_int
from surveys.models import TEXT_KINDS, Survey
from surveys.services import comments, exports, followups, heatmaps, results, summary, trends
from surveys.services.dimensions import DIMENSIONS
from surveys.services.response_rates import ResultsNotReleased, open_rates, visible_groups


class FollowUpForm(FlaskForm):
    title = StringField(_l("What will be done"), validators=[DataRequired(), Length(max=300)])
    # A text with suggestions, not a list of every employee: 5,000 options would weigh more
    # than the rest of the results page and be no easier to use.
    owner = StringField(_l("Owner"), validators=[DataRequired(), Length(max=200)],
                        description=_l("The colleague's name or email address; directors are suggested."),
                        render_kw={"list": "owner-suggestions", "autocomplete": "off"})
    due_on = DateField(_l("Due date"), validators=[Optional()])
    question_key = SelectField(_l("Question"), validators=[Optional()])
    dimension = SelectField(_l("Dimension"), validators=[Optional()])
    group_id = SelectField(_l("Group"), validators=[Optional()])


def _choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(str(value), label) for value, label in pairs]


def follow_up_form(survey: Survey, groups, formdata=None, **prefill) -> FollowUpForm:
    form = FollowUpForm(formdata=formdata, data=prefill) if formdata is None else FollowUpForm()
    form.question_key.choices = _choices([("", _("The survey as a whole"))] + [
        (q.key, q.text) for q in survey.questions])
    form.dimension.choices = _choices([("", _("No dimension"))] + [(k, str(v[0])) for k, v in DIMENSIONS.items()])
    form.group_id.choices = _choices([("", _("The organisation"))] + [(g.id, g.name) for g in groups])
    return form


class ResultsPage(Page):
    permission = "surveys.results"

    def load(self, survey_id: int) -> None:
        self.survey = get_or_404(Survey, survey_id)

    def access_target(self):
        return self.survey

    def group_arg(self) -> int | None:
        return query_int("group")


def _withheld_label(label: str, withheld: bool) -> str:
    return _("%(name)s (withheld)", name=label) if withheld else label


class Results(ResultsPage):
    def get(self):
        return self.render()

    def render(self, form=None, status=200):
        try:
            data = results.overview(self.survey, self.person, self.group_arg())
        except LookupError:
            abort(403)
        charts = overview_charts(data)
        may_follow = can(self.person, "surveys.follow_up", self.survey)
        if may_follow and form is None:
            form = follow_up_form(self.survey, data.groups, question_key=request.args.get("question", ""),
                                  dimension=request.args.get("dimension", ""),
                                  group_id=str(self.group_arg() or ""))
        return render_template(
            "surveys/results/index.html", survey=self.survey, data=data, summary=summary.summary(data, self.person),
            **charts, form=form if may_follow else None,
            follow_ups=followups.follow_ups_for(self.survey, self.person), tab="overview",
            owner_suggestions=followups.suggested_owners() if may_follow else [],
        ), status


def overview_charts(data: results.Overview) -> dict:
    """The overview's charts: answers on a scale (unfavourable, neutral, favourable, left to right, in a
    warm colour, grey and a cool one), the response rate by group and, while open, per day."""
    scales = [c for c in data.components if c.scale]
    shown = [c for c in scales if data.figure(c).shown]
    distribution = bar_chart(
        _("Unfavourable, neutral and favourable answers"),
        labels=[summary.component_label(c) for c in shown],
        series={_("Unfavourable"): [data.figure(c).unfavourable for c in shown],
                _("Neutral"): [data.figure(c).neutral for c in shown],
                _("Favourable"): [data.figure(c).favourable for c in shown]},
        colors=[UNFAVOURABLE, NEUTRAL, FAVOURABLE], value_format="percent", stacked=True,
        label_heading=_("Question"),
    ) if shown else None
    rates = bar_chart(
        _("Response rate by group"), labels=[_withheld_label(r.label, r.withheld) for r in data.rates],
        series={_("Response rate"): [r.rate for r in data.rates]}, value_format="percent",
        label_heading=_("Group"),
    )
    over_time = None
    if data.participation and data.participation.days:
        over_time = bar_chart(
            _("Cumulative response rate per day"),
            labels=[day.strftime("%d.%m.") for day in data.participation.days],
            series=data.participation.series, value_format="percent", horizontal=False,
            label_heading=_("Day"),
        )
    return {"distribution": distribution, "rates": rates, "over_time": over_time}


def dimensions_chart(data: heatmaps.Heatmap):
    return heatmap(_("Favourable index by group and dimension"), data.row_labels, data.column_labels,
                   data.values, withheld=data.withheld, label_heading=_("Group")) if data.column_labels else None


class Heatmap(ResultsPage):
    def get(self):
        dimensions = dimensions_chart(heatmaps.heatmap(self.survey, self.person))
        matrices = [
            (matrix, heatmap(_("Mean rating (1–5) by respondents' group and rated unit: %(question)s",
                               question=matrix.question.text), matrix.row_labels, matrix.column_labels,
                             matrix.values, withheld=matrix.withheld, value_format="mean", zmin=1, zmax=5,
                             label_heading=_("Respondents' group")))
            for matrix in heatmaps.unit_matrix(self.survey, self.person)
        ]
        tables = heatmaps.cross_tables(self.survey, self.person, labels=exports.breakdown_labels())
        return render_template("surveys/results/heatmap.html", survey=self.survey, dimensions=dimensions,
                               matrices=matrices, tables=tables, tab="heatmap")


class Trend(ResultsPage):
    def get(self):
        group_key = request.args.get("group") or None
        try:
            data = trends.trend(self.survey, self.person, group_key)
        except LookupError:
            abort(403)
        return render_template("surveys/results/trend.html", survey=self.survey, data=data, group_key=group_key,
                               groups=visible_groups(self.survey, self.person), tab="trend")


class Comments(ResultsPage):
    def get(self):
        question_key = request.args.get("question") or None
        try:
            found = comments.comments(self.survey, self.person, question_key, self.group_arg())
        except LookupError:
            abort(403)
        return render_template(
            "surveys/results/comments.html", survey=self.survey, comments=found, question_key=question_key,
            group_id=self.group_arg(), questions=[q for q in self.survey.questions if q.kind in TEXT_KINDS],
            groups=visible_groups(self.survey, self.person), tab="comments")


class Print(ResultsPage):
    def get(self):
        data = results.overview(self.survey, self.person)
        heat = heatmaps.heatmap(self.survey, self.person)
        return render_template("surveys/results/print.html", survey=self.survey, data=data,
                               summary=summary.summary(data, self.person), **overview_charts(data),
                               heat=heat, dimensions=dimensions_chart(heat),
                               follow_ups=followups.follow_ups_for(self.survey, self.person))


class Xlsx(ResultsPage):
    def get(self):
        return HttpResponse(
            exports.results_xlsx(self.survey, self.person),
            mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={"Content-Disposition": f'attachment; filename="survey-{self.survey.id}-results.xlsx"'},
        )


class Csv(ResultsPage):
    """Responses as rows: hr only (the `surveys.build` permission), under the same rules."""

    permission = "surveys.build"

    def check_access(self) -> bool:
        if not super().check_access():
            return False
        if not can(self.person, "surveys.results", self.survey):
            abort(404)  # hr, but the survey has no results to read (a draft)
        return True

    def get(self):
        return HttpResponse(
            stream_with_context(exports.responses_csv(self.survey)), mimetype="text/csv",
            headers={"Content-Disposition": f'attachment; filename="survey-{self.survey.id}-responses.csv"'},
        )


class NewFollowUp(Results):
    """Creating an action from the results: who may follow up, on results they may read."""

    permission = "surveys.follow_up"

    def check_access(self) -> bool:
        return super().check_access() and can(self.person, "surveys.results", self.survey)

    def post(self):
        groups = visible_groups(self.survey, self.person)
        form = follow_up_form(self.survey, groups, formdata=request.form)
        if form.validate_on_submit():
            try:
                followups.create_follow_up(
                    self.person, self.survey, form.title.data, followups.find_owner(form.owner.data).id,
                    form.due_on.data,
                    question_key=form.question_key.data or None, dimension=form.dimension.data or None,
                    group_id=int(form.group_id.data) if form.group_id.data else None)
            except DomainError as error:
                show_error(form, error)
            else:
                flash(_("The action is created and its owner is told."), "success")
                return redirect(url_for("surveys.results", survey_id=self.survey.id, _anchor="follow-ups"))
        return self.render(form, 400)


def results_while_open(error: ResultsNotReleased):
    """Every results page and export of a survey that has not closed (the services refuse to read its
    figures): when the results will appear, and the response rates, which are all there is until then."""
    survey = error.survey
    data = open_rates(survey, g.person)
    shown = [r for r in data.rates if not r.withheld]  # the table below lists the withheld ones
    rates = bar_chart(
        _("Response rate by group"), labels=[r.label for r in shown],
        series={_("Response rate"): [r.rate for r in shown]}, value_format="percent", label_heading=_("Group"),
    ) if shown else None
    # a group withheld on every day adds nothing to the curve but a legend entry
    series = {label: values for label, values in data.participation.series.items()
              if any(v is not None for v in values)}
    over_time = bar_chart(
        _("Cumulative response rate per day"), labels=[day.strftime("%d.%m.") for day in data.participation.days],
        series=series, value_format="percent", horizontal=False, label_heading=_("Day"),
    ) if data.participation.days and series else None
    return render_template("surveys/results/open.html", survey=survey, data=data, rates=rates,
                           over_time=over_time)
