"""Survey results: counted in SQL, withheld by surveys.suppression, shaped for pages and exports.

Answers are counted as they are submitted (surveys.counting keeps `survey_answer_counts`:
question, item, reporting group, value → how many); every figure is then built from
those few thousand tallies, never from the responses themselves. What a reader sees
is cut to the groups they may read (`can(person, "surveys.results", group)`), but
suppression is always decided on the whole survey, so a director's view is a part of
hr's view and reveals nothing hr's would not.

This module holds the counting (`tally`), the figures, the dimension indexes, the
suppression of response counts and the overview; the other result pages are built on
them in modules of their own. Public functions (callable without HTTP, e.g. by the
benchmark):

    results.overview(survey, viewer, group_id=None) -> Overview        the results page
    heatmaps.heatmap(survey, viewer) -> Heatmap                         groups × dimensions
    heatmaps.unit_matrix(survey, viewer) -> list[UnitMatrix]            rater group × rated unit
    heatmaps.cross_tables(survey, viewer) -> list[CrossTable]           groups × a second breakdown
    trends.trend(survey, viewer, group_key=None) -> Trend               year over year
    comments.comments(survey, viewer, question_key=None, group_id=None) -> list[Comment]
    results.open_rates(survey, viewer) -> OpenRates                     while open: response rates only

No figure of a survey exists before it closes: everything that reads its answers or responses
(`tally`, `breakdown_counts`, the comments and the CSV) first calls `require_released`, which
raises `ResultsNotReleased` while the survey is open, so no page or export can leak a figure that
would change as one colleague answers. While open, readers get `open_rates`: response rates read
from the participations, never from the responses.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func

from intranet.extensions import db
from intranet.people.models import Person
from intranet.permissions import can
from surveys.counting import ANSWERED, CHOICE
from surveys.dimensions import DIMENSIONS, dimension_label
from surveys.models import (
    GRID,
    LIKERT5,
    LIKERT7,
    MULTIPLE,
    RATING10,
    SINGLE,
    TENURE_BANDS,
    TEXT_KINDS,
    UNIT_MATRIX,
    AnswerCount,
    AudienceMember,
    Participation,
    Question,
    ReportingGroup,
    Response,
    Survey,
)
from surveys.permissions import results_released
from surveys.suppression import TOTAL, protect_breakdown, protect_table

ORG = None  # the organisation's key among group ids


class ResultsNotReleased(Exception):
    """The survey has not closed: its results do not exist yet (the pages show its response rates)."""

    def __init__(self, survey: Survey):
        super().__init__(f"survey {survey.id} has not closed")
        self.survey = survey


def require_released(survey: Survey) -> None:
    """:raises ResultsNotReleased: unless the survey has closed (surveys.permissions.results_released)."""
    if not results_released(survey):
        raise ResultsNotReleased(survey)


# ---------------------------------------------------------------- scales


def scale_of(question: Question) -> str | None:
    """The Likert scale a question's numbers are on (grids: their items' scale)."""
    if question.kind in (LIKERT5, LIKERT7):
        return question.kind
    if question.kind == GRID:
        return question.scale or LIKERT5
    return None


def points(scale: str) -> int:
    return 7 if scale == LIKERT7 else 5


def band(scale: str, value: int) -> str:
    """favourable / neutral / unfavourable: the top two of five (top three of seven), the middle, the rest."""
    top = points(scale)
    middle = (top + 1) / 2
    if value == middle:
        return "neutral"
    return "favourable" if value > middle else "unfavourable"


# ---------------------------------------------------------------- figures


@dataclass
class Figure:
    """One figure of one question (or grid item) for one scope (a group or the organisation)."""

    count: int = 0
    withheld: bool = False
    #: value (number or option key) -> answers
    distribution: dict = field(default_factory=dict)
    mean: float | None = None
    favourable: float | None = None
    neutral: float | None = None
    unfavourable: float | None = None
    enps: float | None = None

    @property
    def shown(self) -> bool:
        return not self.withheld and self.count > 0


def _figure(kind_scale: str | None, kind: str, distribution: dict, count: int, withheld: bool) -> Figure:
    figure = Figure(count=count, withheld=withheld)
    if withheld or not count:
        return figure
    figure.distribution = dict(distribution)
    numeric = {k: v for k, v in distribution.items() if isinstance(k, int)}
    answered = sum(numeric.values())
    if numeric and kind not in (SINGLE, MULTIPLE):
        figure.mean = sum(k * v for k, v in numeric.items()) / answered
    if kind_scale:
        bands: defaultdict[str, int] = defaultdict(int)
        for value, n in numeric.items():
            bands[band(kind_scale, value)] += n
        figure.favourable, figure.neutral, figure.unfavourable = (
            bands["favourable"] / answered, bands["neutral"] / answered, bands["unfavourable"] / answered)
    if kind == RATING10 and answered:
        promoters = sum(n for v, n in numeric.items() if v >= 9)
        detractors = sum(n for v, n in numeric.items() if v <= 6)
        figure.enps = 100 * (promoters - detractors) / answered
    return figure


@dataclass
class Component:
    """A question, or one item of a grid, with its figure per group and for the organisation."""

    question: Question
    item: str
    label: str
    figures: dict  # group id (ORG for the organisation) -> Figure

    @property
    def scale(self) -> str | None:
        return scale_of(self.question)


@dataclass
class Tallies:
    """Everything counted for one survey in SQL."""

    survey: Survey
    questions: list[Question]
    groups: list[ReportingGroup]
    #: (question id, item) -> group id -> value -> answers
    values: dict
    #: multiple-choice question id -> group id -> responses that chose anything
    respondents: dict
    #: group id -> responses
    responses: dict


def tally(survey: Survey, unit_matrix: bool = False) -> Tallies:
    """The survey's counts: its `AnswerCount` rows (kept by each submission, see surveys.counting)
    and its responses per group — two small queries, whatever the number of responses.

    A unit matrix has as many rows as all other questions together and only its own heatmap
    reads them: they are counted with `unit_matrix` only.

    :raises ResultsNotReleased: while the survey is open."""
    require_released(survey)
    questions = list(survey.questions)
    counted = {q.id for q in questions if q.kind not in TEXT_KINDS and (unit_matrix or q.kind != UNIT_MATRIX)}
    multiple = {q.id for q in questions if q.kind == MULTIPLE}
    responses = dict(db.session.execute(
        db.select(Response.group_id, func.count()).where(Response.survey_id == survey.id)
        .group_by(Response.group_id)
    ).all())
    values: dict = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    respondents: dict = defaultdict(dict)
    rows = db.session.execute(
        db.select(AnswerCount.question_id, AnswerCount.item, AnswerCount.group_id, AnswerCount.value,
                  AnswerCount.count)
        .where(AnswerCount.survey_id == survey.id, AnswerCount.question_id.in_(sorted(counted)))
    ) if counted else ()
    for question_id, item, group_id, value, n in rows:
        if question_id not in counted or not n:
            continue
        if value == ANSWERED and not item and question_id in multiple:
            respondents[question_id][group_id] = n
        elif value.startswith(CHOICE):
            values[(question_id, item)][group_id][value[len(CHOICE):]] += n
        else:
            values[(question_id, item)][group_id][int(value)] += n
    return Tallies(survey, questions, list(survey.groups), values, respondents, responses)


def _components(tallies: Tallies) -> list[Component]:
    """Per counted question (grid: per item), each group's figure and the organisation's, suppressed."""
    threshold = tallies.survey.score_threshold
    group_ids = [g.id for g in tallies.groups]
    components = []
    for question in tallies.questions:
        if question.kind in TEXT_KINDS or question.kind == UNIT_MATRIX:
            continue
        if question.kind == GRID:
            items = [(i.get("key", ""), _label(i, i.get("key", ""))) for i in question.items or []]
        elif question.kind == MULTIPLE:
            items = [("*", "")]
        else:
            items = [("", "")]
        for item, label in items:
            per_group: dict = {}
            if question.kind == MULTIPLE:
                for option in question.options or []:
                    for group_id, dist in tallies.values.get((question.id, option.get("key")), {}).items():
                        per_group.setdefault(group_id, {})[option.get("key")] = sum(dist.values())
                counts = {g: tallies.respondents.get(question.id, {}).get(g, 0) for g in group_ids}
            else:
                per_group = {g: dict(d) for g, d in tallies.values.get((question.id, item), {}).items()}
                counts = {g: sum(per_group.get(g, {}).values()) for g in group_ids}
            withheld = protect_breakdown(counts, threshold)
            org_distribution: dict = defaultdict(int)
            for dist in per_group.values():
                for value, n in dist.items():
                    org_distribution[value] += n
            org_count = sum(counts.values())
            figures = {g: _figure(scale_of(question), question.kind, per_group.get(g, {}), counts[g], g in withheld)
                       for g in group_ids}
            figures[ORG] = _figure(scale_of(question), question.kind, org_distribution, org_count,
                                   org_count < threshold)
            components.append(Component(question, item, label, figures))
    return components


def _label(entry: dict, fallback: str) -> str:
    from intranet.people.models import pick_translation

    return pick_translation(entry.get("labels"), fallback=fallback)


# ---------------------------------------------------------------- what a reader may see


def visible_groups(survey: Survey, viewer: Person) -> list[ReportingGroup]:
    """The survey's groups whose figures `viewer` may read (hr, cabinet: all; a director: their units')."""
    return [g for g in survey.groups if can(viewer, "surveys.results", g)]


@dataclass
class RateRow:
    label: str
    group: ReportingGroup | None
    headcount: int
    responses: int | None  # None: withheld
    withheld: bool

    @property
    def rate(self) -> float | None:
        if self.withheld or not self.headcount or self.responses is None:
            return None
        return min(1.0, self.responses / self.headcount)


def breakdown_counts(survey: Survey) -> dict:
    """Responses per (group id, manager or not, years-of-service band), counted in SQL.

    :raises ResultsNotReleased: while the survey is open."""
    require_released(survey)
    return {(g, m, t): n for g, m, t, n in db.session.execute(
        db.select(Response.group_id, Response.is_manager, Response.tenure_band, func.count())
        .where(Response.survey_id == survey.id)
        .group_by(Response.group_id, Response.is_manager, Response.tenure_band))}


def _crossings(survey: Survey, counts: dict) -> dict:
    """The cross-tables the survey collects: name -> {(group id, column key): responses}."""
    tables = {}
    if survey.collect_manager:
        table: dict = {(g.id, c): 0 for g in survey.groups for c in ("manager", "staff")}
        for (group_id, manager, _), n in counts.items():
            table[(group_id, "manager" if manager else "staff")] += n
        tables["manager"] = table
    if survey.collect_tenure:
        table = {(g.id, band_key): 0 for g in survey.groups for band_key in TENURE_BANDS}
        for (group_id, _, tenure), n in counts.items():
            table[(group_id, tenure or "")] = table.get((group_id, tenure or ""), 0) + n
        tables["tenure"] = table
    for name, table in tables.items():
        # a column nobody is in (no managers, a band no respondent has) is left out rather than withheld:
        # cells known to be empty would only seem to protect the others
        empty = {c for c in {c for _, c in table} if not any(n for (_, col), n in table.items() if col == c)}
        tables[name] = {cell: n for cell, n in table.items() if cell[1] not in empty}
    return {name: table for name, table in tables.items() if table}


@dataclass
class Suppressed:
    """What is withheld of the response counts: groups, and the entries of each cross-table."""

    groups: set
    tables: dict  # name -> set of (group id | TOTAL, column | TOTAL)
    cells: dict  # name -> {(group id, column): responses}


def suppress_responses(survey: Survey, counts: dict | None = None, threshold: int | None = None) -> Suppressed:
    """Withhold response counts by group and in the cross-tables, consistently: a group withheld in any
    table is withheld in all (repeated until nothing changes), so no table undoes another."""
    counts = breakdown_counts(survey) if counts is None else counts
    threshold = threshold or survey.score_threshold
    by_group = {g.id: 0 for g in survey.groups}
    for (group_id, _, _), n in counts.items():
        by_group[group_id] = by_group.get(group_id, 0) + n
    tables = _crossings(survey, counts)
    forced: set = set()
    while True:
        groups = protect_breakdown(by_group, threshold, forced)
        withheld = {name: protect_table(cells, threshold, {(g, TOTAL) for g in groups})
                    for name, cells in tables.items()}
        margins = {r for entries in withheld.values() for r, c in entries if c == TOTAL and r != TOTAL}
        if margins <= groups:
            return Suppressed(groups, withheld, tables)
        forced |= margins


def response_counts_withheld(survey: Survey, responses: dict, threshold: int | None = None) -> set:
    """Group ids whose response count is withheld (under the threshold, complementary, or by a cross-table)."""
    counts = breakdown_counts(survey)
    return suppress_responses(survey, counts, threshold).groups


def _rates(survey: Survey, tallies: Tallies, groups: list[ReportingGroup], org_label: str) -> list[RateRow]:
    withheld = response_counts_withheld(survey, tallies.responses)
    total = sum(tallies.responses.values())
    rows = [RateRow(org_label, None, sum(g.headcount for g in survey.groups),
                    total if total >= survey.score_threshold else None, total < survey.score_threshold)]
    for group in groups:
        hidden = group.id in withheld
        rows.append(RateRow(group.name, group, group.headcount,
                            None if hidden else tallies.responses.get(group.id, 0), hidden))
    return rows


@dataclass
class ParticipationSeries:
    days: list
    #: label -> cumulative rate per day (None: withheld)
    series: dict


def participation_over_time(survey: Survey, groups: list[ReportingGroup], org_label: str) -> ParticipationSeries:
    """Cumulative response rate per day, for the organisation and the given groups; each day is a breakdown
    of its own, suppressed like the response counts."""
    rows = db.session.execute(
        db.select(AudienceMember.group_id, Participation.answered_on, func.count())
        .join(AudienceMember, (AudienceMember.survey_id == Participation.survey_id)
              & (AudienceMember.person_id == Participation.person_id))
        .where(Participation.survey_id == survey.id)
        .group_by(AudienceMember.group_id, Participation.answered_on)
    ).all()
    days = sorted({day for _, day, _ in rows})
    daily: dict = defaultdict(dict)
    for group_id, day, n in rows:
        daily[group_id][day] = n
    all_ids = [g.id for g in survey.groups]
    running = dict.fromkeys(all_ids, 0)
    headcount_total = sum(g.headcount for g in survey.groups)
    series: dict = {org_label: []} | {g.name: [] for g in groups}
    for day in days:
        for group_id in all_ids:
            running[group_id] += daily.get(group_id, {}).get(day, 0)
        withheld = protect_breakdown(running, survey.score_threshold)
        total = sum(running.values())
        series[org_label].append(total / headcount_total if total >= survey.score_threshold and headcount_total
                                 else None)
        for group in groups:
            hidden = group.id in withheld or not group.headcount
            series[group.name].append(None if hidden else min(1.0, running[group.id] / group.headcount))
    return ParticipationSeries(days, series)


@dataclass
class OpenRates:
    """What readers see of a survey while it is open: how many have answered, nothing of what."""

    survey: Survey
    groups: list[ReportingGroup]
    rates: list[RateRow]
    participation: ParticipationSeries


def open_rates(survey: Survey, viewer: Person, *, org_label: str = "") -> OpenRates:
    """Response rates of the organisation and the groups the viewer may read, and per day, while the
    survey is open. Read from the participations (who answered, joined to the frozen audience's group),
    never from the responses, and suppressed by group alone like the daily curve: what is withheld
    changes with how many people answered, never with what they answered or their breakdowns."""
    from flask_babel import gettext as _

    org_label = org_label or _("Organisation")
    groups = visible_groups(survey, viewer)
    answered = dict(db.session.execute(
        db.select(AudienceMember.group_id, func.count())
        .join(Participation, (Participation.survey_id == AudienceMember.survey_id)
              & (Participation.person_id == AudienceMember.person_id))
        .where(AudienceMember.survey_id == survey.id).group_by(AudienceMember.group_id)).all())
    counts = {g.id: answered.get(g.id, 0) for g in survey.groups}
    withheld = protect_breakdown(counts, survey.score_threshold)
    total = sum(counts.values())
    rates = [RateRow(org_label, None, sum(g.headcount for g in survey.groups),
                     total if total >= survey.score_threshold else None, total < survey.score_threshold)]
    rates += [RateRow(g.name, g, g.headcount, None if g.id in withheld else counts[g.id], g.id in withheld)
              for g in groups]
    return OpenRates(survey, groups, rates, participation_over_time(survey, groups, org_label))


@dataclass
class DimensionIndex:
    key: str
    label: str
    #: group id (ORG) -> (index 0..1 or None, withheld)
    cells: dict


def dimension_indexes(survey: Survey, components: list[Component]) -> list[DimensionIndex]:
    """Per dimension: the mean favourable share of its scale questions (grid items count one each).

    A group's index is built from several questions; its count is the smallest of their answer
    counts, so every part has at least the threshold, and groups are suppressed per dimension."""
    by_dimension: dict = defaultdict(list)
    for component in components:
        if component.question.dimension and component.scale:
            by_dimension[component.question.dimension].append(component)
    group_ids = [g.id for g in survey.groups]
    indexes = []
    for key in [k for k in DIMENSIONS if k in by_dimension] + sorted(set(by_dimension) - set(DIMENSIONS)):
        parts = by_dimension[key]
        counts = {g: min(p.figures[g].count for p in parts) for g in group_ids}
        withheld = protect_breakdown(counts, survey.score_threshold)
        cells = {}
        for scope in [ORG, *group_ids]:
            hidden = scope in withheld if scope is not ORG else min(p.figures[ORG].count for p in parts) < \
                survey.score_threshold
            shares = [p.figures[scope].favourable for p in parts]
            value = None if hidden or any(s is None for s in shares) else sum(shares) / len(shares)
            cells[scope] = (value, hidden)
        indexes.append(DimensionIndex(key, dimension_label(key), cells))
    return indexes


@dataclass
class Overview:
    survey: Survey
    groups: list[ReportingGroup]  # the groups the viewer may read
    scope: ReportingGroup | None  # the group filter (None: the organisation)
    rates: list[RateRow]
    participation: ParticipationSeries | None
    components: list[Component]
    dimensions: list[DimensionIndex]

    def figure(self, component: Component) -> Figure:
        return component.figures[self.scope.id if self.scope else ORG]

    def dimension_cell(self, index: DimensionIndex):
        return index.cells[self.scope.id if self.scope else ORG]


def overview(survey: Survey, viewer: Person, group_id: int | None = None, *, org_label: str = "") -> Overview:
    """The results page of a closed survey: response rates, each question's figures for the
    organisation or one group the viewer may read, and the dimension indexes.

    :raises LookupError: when `group_id` is not a group of this survey the viewer may read.
    :raises ResultsNotReleased: while the survey is open (see `open_rates`).
    """
    from flask_babel import gettext as _

    org_label = org_label or _("Organisation")
    groups = visible_groups(survey, viewer)
    scope = None
    if group_id is not None:
        scope = next((g for g in groups if g.id == group_id), None)
        if scope is None:
            raise LookupError(group_id)
    tallies = tally(survey)
    components = _components(tallies)
    return Overview(survey, groups, scope, _rates(survey, tallies, groups, org_label), None,
                    components, dimension_indexes(survey, components))
