"""Survey results as tables of groups against something else: the heatmap of groups ×
dimensions, each unit matrix (respondents' group × rated unit) and the cross-tables of
groups × a second breakdown (manager or staff; years of service), with both margins.

Separate from surveys.services.results, which counts the answers and builds the figures, the
dimension indexes and the suppression of response counts that these tables are made
from; the rows are cut to the groups the viewer may read, as there.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from flask_babel import gettext as _

from intranet.extensions import db
from intranet.people.models import Person, Unit
from surveys.models import TENURE_BANDS, UNIT_MATRIX, BreakdownCount, Question, Survey
from surveys.services.response_rates import suppress_responses, visible_groups
from surveys.services.results import ORG, components, dimension_indexes, tally
from surveys.services.suppression import TOTAL, protect_breakdown

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
    indexes = dimension_indexes(survey, components(tally(survey)))
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
    questions = [q for q in survey.questions if q.kind == UNIT_MATRIX]
    if not questions:
        return []
    counted = tally(survey, unit_matrix=True).values
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
        counts: list[list[int | None]] = [[0] * len(items) for _ in scopes]
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
    suppressed = suppress_responses(survey)
    if not suppressed.tables:
        return []
    # (group, manager, tenure) -> [favourable, answers], kept by each submission (surveys.services.counting)
    favourable: dict = {
        (group_id, manager == "manager", tenure): [fav, answers]
        for group_id, manager, tenure, fav, answers in db.session.execute(
            db.select(BreakdownCount.group_id, BreakdownCount.manager, BreakdownCount.tenure_band,
                      BreakdownCount.favourable, BreakdownCount.answers)
            .where(BreakdownCount.survey_id == survey.id))
    }
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
