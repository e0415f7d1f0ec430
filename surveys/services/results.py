"""Survey results: counted in SQL, withheld by surveys.services.suppression, shaped for pages and exports.

Answers are counted as they are submitted (surveys.services.counting keeps `survey_answer_counts`:
question, item, reporting group, value → how many); every figure is then built from
those few thousand tallies, never from the responses themselves. What a reader sees
is cut to the groups they may read (`can(person, "surveys.results", group)`), but
suppression is always decided on the whole survey, so a director's view is a part of
hr's view and reveals nothing hr's would not.

This module holds the counting (`tally`), the figures, the dimension indexes and the
overview; the response rates and the suppression of response counts are in
surveys.services.response_rates, the other result pages are built on them in modules of
their own. Public functions (callable without HTTP, e.g. by the
benchmark):

    results.overview(survey, viewer, group_id=None) -> Overview        the results page
    heatmaps.heatmap(survey, viewer) -> Heatmap                         groups × dimensions
    heatmaps.unit_matrix(survey, viewer) -> list[UnitMatrix]            rater group × rated unit
    heatmaps.cross_tables(survey, viewer) -> list[CrossTable]           groups × a second breakdown
    trends.trend(survey, viewer, group_key=None) -> Trend               year over year
    comments.comments(survey, viewer, question_key=None, group_id=None) -> list[Comment]
    response_rates.open_rates(survey, viewer) -> OpenRates                  while open: response rates only

No figure of a survey exists before it closes: everything that reads its answers or responses
(`tally`, `breakdown_counts`, the comments and the CSV) first calls `require_released`, which
raises `ResultsNotReleased` while the survey is open, so no page or export can leak a figure that
would change as one colleague answers. While open, readers get `open_rates`: response rates read
from the participations, never from the responses.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from flask_babel import gettext as _

from intranet.extensions import db
from intranet.people.models import Person, pick_translation
from surveys.models import (
    GRID,
    MULTIPLE,
    RATING10,
    SINGLE,
    TEXT_KINDS,
    UNIT_MATRIX,
    AnswerCount,
    Question,
    ReportingGroup,
    Survey,
)
from surveys.services.counting import ANSWERED, CHOICE
from surveys.services.dimensions import DIMENSIONS, dimension_label
from surveys.services.response_rates import (
    ParticipationSeries,
    RateRow,
    rates,
    require_released,
    responses_by_group,
    visible_groups,
)
from surveys.services.scales import band_counts, scale_of
from surveys.services.suppression import protect_breakdown

ORG = None  # the organisation's key among group ids


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
        favourable, neutral, unfavourable = band_counts(kind_scale, numeric)
        figure.favourable, figure.neutral, figure.unfavourable = (
            favourable / answered, neutral / answered, unfavourable / answered)
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
    """The survey's counts: its `AnswerCount` rows (kept by each submission, see surveys.services.counting)
    and its responses per group — two small queries, whatever the number of responses.

    A unit matrix has as many rows as all other questions together and only its own heatmap
    reads them: they are counted with `unit_matrix` only.

    :raises ResultsNotReleased: while the survey is open."""
    require_released(survey)
    questions = list(survey.questions)
    counted = {q.id for q in questions if q.kind not in TEXT_KINDS and (unit_matrix or q.kind != UNIT_MATRIX)}
    multiple = {q.id for q in questions if q.kind == MULTIPLE}
    responses = responses_by_group(survey)
    values: dict = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    respondents: dict = defaultdict(dict)
    # on the session's connection: plain rows, without the ORM's handling of each (thousands of them)
    rows = db.session.connection().execute(
        db.select(AnswerCount.question_id, AnswerCount.item, AnswerCount.group_id, AnswerCount.value,
                  AnswerCount.count)
        # the rows of values nobody gave (created at 0 when the survey opened) are left where they are
        .where(AnswerCount.survey_id == survey.id, AnswerCount.question_id.in_(sorted(counted)), AnswerCount.count > 0)
    ) if counted else ()
    numbers: dict = {}  # value text -> its number: the same few values come back thousands of times
    for question_id, item, group_id, value, n in rows:
        if question_id not in counted or not n:
            continue
        if value == ANSWERED and not item and question_id in multiple:
            respondents[question_id][group_id] = n
        elif value.startswith(CHOICE):
            values[(question_id, item)][group_id][value[len(CHOICE):]] += n
        else:
            number = numbers.get(value)
            if number is None:
                number = numbers[value] = int(value)
            values[(question_id, item)][group_id][number] += n
    return Tallies(survey, questions, list(survey.groups), values, respondents, responses)


def components(tallies: Tallies) -> list[Component]:
    """Per counted question (grid: per item), each group's figure and the organisation's, suppressed."""
    threshold = tallies.survey.score_threshold
    group_ids = [g.id for g in tallies.groups]
    components = []
    for question in tallies.questions:
        if question.kind in TEXT_KINDS or question.kind == UNIT_MATRIX:
            continue
        if question.kind == GRID:
            items = [(i.get("key", ""), label_of(i, i.get("key", ""))) for i in question.items or []]
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
            question_scale = scale_of(question)
            figures: dict[int | None, Figure] = {
                g: _figure(question_scale, question.kind, per_group.get(g, {}), counts[g], g in withheld)
                for g in group_ids}
            figures[ORG] = _figure(question_scale, question.kind, org_distribution, org_count,
                                   org_count < threshold)
            components.append(Component(question, item, label, figures))
    return components


def label_of(entry: dict, fallback: str) -> str:
    return pick_translation(entry.get("labels"), fallback=fallback)


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
    org_label = org_label or _("Organisation")
    groups = visible_groups(survey, viewer)
    scope = None
    if group_id is not None:
        scope = next((g for g in groups if g.id == group_id), None)
        if scope is None:
            raise LookupError(group_id)
    tallies = tally(survey)
    figures = components(tallies)
    return Overview(survey, groups, scope, rates(survey, tallies.responses, groups, org_label), None,
                    figures, dimension_indexes(survey, figures))
