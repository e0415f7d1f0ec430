"""Survey results: counted in SQL, withheld by surveys.suppression, shaped for pages and exports.

Answers are counted as they are submitted (surveys.counting keeps `survey_answer_counts`:
question, item, reporting group, value → how many); every figure is then built from
those few thousand tallies, never from the responses themselves. What a reader sees
is cut to the groups they may read (`can(person, "surveys.results", group)`), but
suppression is always decided on the whole survey, so a director's view is a part of
hr's view and reveals nothing hr's would not.

Public functions (callable without HTTP, e.g. by the benchmark):

    overview(survey, viewer, group_id=None) -> Overview        the results page
    heatmap(survey, viewer) -> Heatmap                          groups × dimensions
    unit_matrix(survey, viewer) -> list[UnitMatrix]             rater group × rated unit
    trend(survey, viewer, group_key=None) -> Trend              year over year
    comments(survey, viewer, question_key=None, group_id=None) -> list[Comment]
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func

from intranet.extensions import db
from intranet.people.models import Person, Unit
from intranet.permissions import can
from surveys.counting import ANSWERED, CHOICE
from surveys.dimensions import DIMENSIONS, dimension_label
from surveys.models import (
    CLOSED,
    GRID,
    LIKERT5,
    LIKERT7,
    MULTIPLE,
    OPEN,
    RATING10,
    SINGLE,
    TENURE_BANDS,
    TEXT_KINDS,
    UNIT_MATRIX,
    YESNO,
    Answer,
    AnswerCount,
    AudienceMember,
    Participation,
    Question,
    ReportingGroup,
    Response,
    Survey,
)
from surveys.suppression import TOTAL, protect_breakdown, protect_table

ORG = None  # the organisation's key among group ids


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
        bands = defaultdict(int)
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


def tally(survey: Survey) -> Tallies:
    """The survey's counts: its `AnswerCount` rows (kept by each submission, see surveys.counting)
    and its responses per group — two small queries, whatever the number of responses."""
    questions = list(survey.questions)
    counted = {q.id for q in questions if q.kind not in TEXT_KINDS}
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
        .where(AnswerCount.survey_id == survey.id)
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
            per_group = {}
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
    """Responses per (group id, manager or not, years-of-service band), counted in SQL."""
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
    """The results page: response rates (and per day while open), each question's figures for the
    organisation or one group the viewer may read, and the dimension indexes.

    :raises LookupError: when `group_id` is not a group of this survey the viewer may read.
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
    participation = participation_over_time(survey, groups, org_label) if survey.status == OPEN else None
    return Overview(survey, groups, scope, _rates(survey, tallies, groups, org_label), participation,
                    components, dimension_indexes(survey, components))


# ---------------------------------------------------------------- heatmaps


@dataclass
class Heatmap:
    """Rows: the organisation, then the groups the viewer may read; columns: dimensions."""

    row_labels: list[str]
    column_labels: list[str]
    #: rows × columns: a share 0..1, or None (withheld when `withheld[r][c]`, else no data)
    values: list[list]
    withheld: list[list[bool]]


def heatmap(survey: Survey, viewer: Person, *, org_label: str = "") -> Heatmap:
    """Groups × dimensions (favourable index), with the organisation as the reference row."""
    from flask_babel import gettext as _

    indexes = dimension_indexes(survey, _components(tally(survey)))
    scopes = [(org_label or _("Organisation"), ORG)] + [(g.name, g.id) for g in visible_groups(survey, viewer)]
    return Heatmap(
        [label for label, _ in scopes], [index.label for index in indexes],
        [[index.cells[scope][0] for index in indexes] for _, scope in scopes],
        [[index.cells[scope][1] for index in indexes] for _, scope in scopes],
    )


@dataclass
class UnitMatrix:
    """One unit-matrix question: rows the respondents' groups, columns the rated units (mean 1-5)."""

    question: Question
    row_labels: list[str]
    column_labels: list[str]
    values: list[list]
    withheld: list[list[bool]]
    counts: list[list]


def unit_matrix(survey: Survey, viewer: Person, *, org_label: str = "") -> list[UnitMatrix]:
    """Each unit-matrix question as a groups × rated units table of mean ratings.

    Per rated unit, the groups form a breakdown of their own (answer counts, suppressed);
    the first row is all respondents."""
    from flask_babel import gettext as _

    questions = [q for q in survey.questions if q.kind == UNIT_MATRIX]
    if not questions:
        return []
    counted = tally(survey).values
    cells: dict = defaultdict(lambda: defaultdict(dict))
    for question in questions:
        for entry in question.items or []:
            for group_id, dist in counted.get((question.id, entry.get("key")), {}).items():
                numbers = {v: n for v, n in dist.items() if isinstance(v, int)}
                cells[question.id][entry.get("key")][group_id] = (sum(numbers.values()),
                                                                  sum(v * n for v, n in numbers.items()))
    codes = [i.get("key") for q in questions for i in (q.items or [])]
    names = {u.code: u.name for u in db.session.scalars(db.select(Unit).where(Unit.code.in_(codes)))}
    visible = visible_groups(survey, viewer)
    threshold = survey.score_threshold
    matrices = []
    for question in questions:
        items = [i.get("key") for i in question.items or []]
        scopes = [(org_label or _("All respondents"), ORG)] + [(g.name, g.id) for g in visible]
        values = [[None] * len(items) for _ in scopes]
        hidden = [[False] * len(items) for _ in scopes]
        counts = [[0] * len(items) for _ in scopes]
        for c, item in enumerate(items):
            by_group = cells[question.id].get(item, {})
            group_counts = {g.id: by_group.get(g.id, (0, 0))[0] for g in survey.groups}
            withheld = protect_breakdown(group_counts, threshold)
            org_n = sum(n for n, _ in by_group.values())
            org_sum = sum(s for _, s in by_group.values())
            for r, (_label_text, scope) in enumerate(scopes):
                n, total = (org_n, org_sum) if scope is ORG else by_group.get(scope, (0, 0))
                is_hidden = org_n < threshold if scope is ORG else scope in withheld
                hidden[r][c] = is_hidden
                counts[r][c] = None if is_hidden else n
                values[r][c] = None if is_hidden or not n else total / n
        matrices.append(UnitMatrix(question, [s[0] for s in scopes], [names.get(i, i) for i in items],
                                   values, hidden, counts))
    return matrices


# ---------------------------------------------------------------- year over year


@dataclass
class TrendRow:
    key: str
    label: str
    #: per survey (oldest first): the organisation's (or group's) value, or None
    values: list
    withheld: list

    @property
    def change(self) -> float | None:
        """This survey's value minus the previous survey's (both shown)."""
        if len(self.values) < 2 or self.values[-1] is None or self.values[-2] is None:
            return None
        return self.values[-1] - self.values[-2]


@dataclass
class Trend:
    surveys: list[Survey]
    questions: list[TrendRow]
    dimensions: list[TrendRow]
    #: "favourable" for scales, "mean" otherwise, per question key
    measures: dict


def series_surveys(survey: Survey) -> list[Survey]:
    """Earlier open or closed surveys of the same series, oldest first, then this one."""
    if not survey.series:
        return [survey]
    earlier = db.session.scalars(
        db.select(Survey).where(Survey.series == survey.series, Survey.id != survey.id,
                                Survey.status.in_((OPEN, CLOSED)), Survey.frozen_at.is_not(None))
    ).all()
    earlier = [s for s in earlier if (s.frozen_at or s.created_at) <= (survey.frozen_at or survey.created_at)]
    return sorted(earlier, key=lambda s: s.frozen_at or s.created_at) + [survey]


def _measure(component: Component, figure: Figure) -> float | None:
    if figure.withheld:
        return None
    if component.scale:
        return figure.favourable
    if component.question.kind == RATING10:
        return figure.enps
    if component.question.kind == YESNO:
        return figure.mean
    return figure.mean if component.question.kind != SINGLE else None


def trend(survey: Survey, viewer: Person, group_key: str | None = None) -> Trend:
    """Each question key (grid items: key/item) and dimension of `survey` against earlier surveys of its series.

    For the organisation, or for the group with `group_key` in each survey (when the viewer may read it there).
    :raises LookupError: when the viewer may not read the group in this survey.
    """
    surveys = series_surveys(survey)
    if group_key is not None and not any(g.key == group_key for g in visible_groups(survey, viewer)):
        raise LookupError(group_key)
    per_survey = []
    for each in surveys:
        components = _components(tally(each))
        scope = ORG
        if group_key is not None:
            group = next((g for g in each.groups if g.key == group_key), None)
            scope = group.id if group and can(viewer, "surveys.results", group) else "missing"
        per_survey.append((each, components, dimension_indexes(each, components), scope))
    current_components = per_survey[-1][1]
    rows, measures = [], {}
    for component in current_components:
        key = component.question.key + (f"/{component.item}" if component.item not in ("", "*") else "")
        if component.question.kind in (SINGLE, MULTIPLE):
            continue
        values, withheld = [], []
        for _, components, _, scope in per_survey:
            match = next((c for c in components if c.question.key == component.question.key
                          and c.item == component.item), None)
            figure = match.figures.get(scope) if match else None
            values.append(_measure(match, figure) if figure else None)
            withheld.append(bool(figure and figure.withheld))
        label = component.question.text + (f" — {component.label}" if component.label else "")
        rows.append(TrendRow(key, label, values, withheld))
        measures[key] = ("favourable" if component.scale else
                         "enps" if component.question.kind == RATING10 else "mean")
    dimension_rows = []
    for index in per_survey[-1][2]:
        values, withheld = [], []
        for _, _, indexes, scope in per_survey:
            match = next((i for i in indexes if i.key == index.key), None)
            cell = match.cells.get(scope) if match else None
            values.append(cell[0] if cell else None)
            withheld.append(bool(cell and cell[1]))
        dimension_rows.append(TrendRow(index.key, index.label, values, withheld))
    return Trend(surveys, rows, dimension_rows, measures)


# ---------------------------------------------------------------- comments


@dataclass
class Comment:
    question: Question
    text: str
    #: the group's name, or "" when it is pooled into the organisation
    group: str


def comment_groups_withheld(survey: Survey, responses: dict | None = None) -> set:
    """Group ids whose comments are not shown as theirs: fewer responses than the comment threshold,
    or withheld with them so that the pooled rest cannot be told apart."""
    if responses is None:
        responses = dict(db.session.execute(
            db.select(Response.group_id, func.count()).where(Response.survey_id == survey.id)
            .group_by(Response.group_id)).all())
    return response_counts_withheld(survey, responses, survey.comment_threshold)


def comments(survey: Survey, viewer: Person, question_key: str | None = None,
             group_id: int | None = None) -> list[Comment]:
    """Text answers in random order, without dates, within the comment threshold.

    The organisation (no `group_id`) shows every comment if the survey has at least the comment
    threshold of responses, without naming groups that are withheld; a group shows its own comments
    only when the group is not withheld and the viewer may read it.
    :raises LookupError: for a group the viewer may not read.
    """
    groups = {g.id: g for g in visible_groups(survey, viewer)}
    if group_id is not None and group_id not in groups:
        raise LookupError(group_id)
    responses = dict(db.session.execute(
        db.select(Response.group_id, func.count()).where(Response.survey_id == survey.id)
        .group_by(Response.group_id)).all())
    if sum(responses.values()) < survey.comment_threshold:
        return []
    withheld = comment_groups_withheld(survey, responses)
    if group_id is not None and group_id in withheld:
        return []
    questions = {q.id: q for q in survey.questions if q.kind in TEXT_KINDS
                 and (question_key is None or q.key == question_key)}
    if not questions:
        return []
    query = (db.select(Answer.question_id, Answer.text, Response.group_id)
             .join(Response, Response.id == Answer.response_id)
             .where(Response.survey_id == survey.id, Answer.question_id.in_(list(questions)),
                    Answer.text.is_not(None), Answer.text != "")
             .order_by(func.random()))
    if group_id is not None:
        query = query.where(Response.group_id == group_id)
    names = {g.id: g.name for g in survey.groups}
    return [Comment(questions[qid], text, "" if gid in withheld or gid not in groups else names.get(gid, ""))
            for qid, text, gid in db.session.execute(query)]


# ---------------------------------------------------------------- two breakdowns crossed


@dataclass
class CrossTable:
    """Groups × a second breakdown (manager/staff, or years of service), with both margins.

    `counts` and `favourable` are (rows + total) × (columns + total); None where withheld."""

    name: str
    row_labels: list[str]
    column_labels: list[str]
    counts: list[list]
    favourable: list[list]
    withheld: list[list[bool]]


def cross_tables(survey: Survey, viewer: Person, *, labels: dict | None = None) -> list[CrossTable]:
    """Responses and the favourable share of all scale answers per cell of each cross-table the survey
    collects. The rows are the groups the viewer may read; the last row and column are the totals."""
    from flask_babel import gettext as _

    suppressed = suppress_responses(survey)
    if not suppressed.tables:
        return []
    scales = {q.id: scale_of(q) for q in survey.questions if scale_of(q)}
    favourable: dict = defaultdict(lambda: [0, 0])  # (group, manager, tenure) -> [favourable, answers]
    if scales:
        for group_id, manager, tenure, question_id, number, n in db.session.execute(
            db.select(Response.group_id, Response.is_manager, Response.tenure_band, Answer.question_id,
                      Answer.number, func.count())
            .join(Response, Response.id == Answer.response_id)
            .where(Response.survey_id == survey.id, Answer.question_id.in_(list(scales)),
                   Answer.number.is_not(None))
            .group_by(Response.group_id, Response.is_manager, Response.tenure_band, Answer.question_id,
                      Answer.number)
        ):
            cell = favourable[(group_id, manager, tenure)]
            cell[0] += n if band(scales[question_id], number) == "favourable" else 0
            cell[1] += n
    labels = labels or {}
    groups = visible_groups(survey, viewer)
    tables = []
    for name in suppressed.tables:
        present = {c for _, c in suppressed.cells[name]}
        columns = [c for c in (["manager", "staff"] if name == "manager" else [*TENURE_BANDS, ""]) if c in present]
        totals: dict = defaultdict(lambda: [0, 0])
        for (group_id, manager, tenure), (fav, answers) in favourable.items():
            column = ("manager" if manager else "staff") if name == "manager" else (tenure or "")
            for key in ((group_id, column), (group_id, TOTAL), (TOTAL, column), (TOTAL, TOTAL)):
                totals[key][0] += fav
                totals[key][1] += answers
        entries = suppressed.cells[name]
        counts_of = dict(entries)
        for (group_id, column), n in entries.items():
            counts_of[(group_id, TOTAL)] = counts_of.get((group_id, TOTAL), 0) + n
            counts_of[(TOTAL, column)] = counts_of.get((TOTAL, column), 0) + n
            counts_of[(TOTAL, TOTAL)] = counts_of.get((TOTAL, TOTAL), 0) + n
        cells_withheld = suppressed.tables[name]
        rows = [g.id for g in groups] + [TOTAL]
        keys = columns + [TOTAL]
        count_grid, fav_grid, hidden_grid = [], [], []
        for row in rows:
            count_row, fav_row, hidden_row = [], [], []
            for column in keys:
                hidden = (row, column) in cells_withheld
                fav, answers = totals.get((row, column), (0, 0))
                count_row.append(None if hidden else counts_of.get((row, column), 0))
                fav_row.append(None if hidden or not answers else fav / answers)
                hidden_row.append(hidden)
            count_grid.append(count_row)
            fav_grid.append(fav_row)
            hidden_grid.append(hidden_row)
        tables.append(CrossTable(
            name, [g.name for g in groups] + [_("Organisation")],
            [str(labels.get(c, c)) for c in columns] + [_("Total")], count_grid, fav_grid, hidden_grid))
    return tables
