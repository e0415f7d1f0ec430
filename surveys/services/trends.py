"""Year over year: each question (by key) and dimension index of a survey against the
earlier surveys of its series, for the organisation or for one group (by its key).

Separate from surveys.services.results because it reads several surveys at once; each survey's
figures come from surveys.services.results, withheld as there.
"""

from __future__ import annotations

from dataclasses import dataclass

from intranet.extensions import db
from intranet.people.models import Person
from intranet.permissions import can
from surveys.models import MULTIPLE, RATING10, SINGLE, YESNO, Survey, SurveyStatus
from surveys.services.response_rates import visible_groups
from surveys.services.results import ORG, Component, Figure, components, dimension_indexes, tally

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
    #: per question key: "favourable", "share", "enps" or "mean" (see `measure_of`)
    measures: dict


def series_surveys(survey: Survey) -> list[Survey]:
    """Earlier closed surveys of the same series, oldest first, then this one (an open survey has no
    results yet: reading it here would show them before it closes)."""
    if not survey.series:
        return [survey]
    earlier = db.session.scalars(
        db.select(Survey).where(Survey.series == survey.series, Survey.id != survey.id,
                                Survey.status.in_((SurveyStatus.CLOSED, SurveyStatus.ARCHIVED)),
                                Survey.frozen_at.is_not(None))
    ).all()
    earlier = [s for s in earlier if (s.frozen_at or s.created_at) <= (survey.frozen_at or survey.created_at)]
    return sorted(earlier, key=lambda s: s.frozen_at or s.created_at) + [survey]


def measure_of(component: Component) -> str:
    """What a question's trend compares: "favourable" (share, scales), "share" (of "yes", 0..1),
    "enps" (0–10 questions) or "mean"."""
    if component.scale:
        return "favourable"
    if component.question.kind == RATING10:
        return "enps"
    return "share" if component.question.kind == YESNO else "mean"


def _measure(component: Component, figure: Figure) -> float | None:
    if figure.withheld:
        return None
    if component.scale:
        return figure.favourable
    if component.question.kind == RATING10:
        return figure.enps
    if component.question.kind == YESNO:
        return figure.mean  # answers are 1 (yes) and 0 (no): their mean is the share of "yes"
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
        figures = components(tally(each))
        scope = ORG
        if group_key is not None:
            group = next((g for g in each.groups if g.key == group_key), None)
            scope = group.id if group and can(viewer, "surveys.results", group) else "missing"
        per_survey.append((each, figures, dimension_indexes(each, figures), scope))
    current_components = per_survey[-1][1]
    rows, measures = [], {}
    for component in current_components:
        key = component.question.key + (f"/{component.item}" if component.item not in ("", "*") else "")
        if component.question.kind in (SINGLE, MULTIPLE):
            continue
        values, withheld = [], []
        for _, figures, _, scope in per_survey:
            match = next((c for c in figures if c.question.key == component.question.key
                          and c.item == component.item), None)
            figure = match.figures.get(scope) if match else None
            values.append(_measure(match, figure) if match and figure else None)
            withheld.append(bool(figure and figure.withheld))
        label = component.question.text + (f" — {component.label}" if component.label else "")
        rows.append(TrendRow(key, label, values, withheld))
        measures[key] = measure_of(component)
    dimension_rows = []
    for index in per_survey[-1][2]:
        values, withheld = [], []
        for _, _, indexes, scope in per_survey:
            index_match = next((i for i in indexes if i.key == index.key), None)
            cell = index_match.cells.get(scope) if index_match else None
            values.append(cell[0] if cell else None)
            withheld.append(bool(cell and cell[1]))
        dimension_rows.append(TrendRow(index.key, index.label, values, withheld))
    return Trend(surveys, rows, dimension_rows, measures)
