"""The summary that heads a survey's results: the response rate, each dimension's index with its
change since the previous survey of the series, the strongest and weakest items, and eNPS.

Built from `surveys.services.results.overview` (already cut to what the viewer may read and suppressed)
and, for the changes, from the previous survey of the series in the same scope (the organisation,
or the group with the same key, when the viewer may read it there); a withheld figure on either
side gives no change.

    summary.summary(data: Overview, viewer) -> Summary
"""

from __future__ import annotations

from dataclasses import dataclass, field

from intranet.people.models import Person
from intranet.permissions import can
from surveys.models import RATING10, Survey
from surveys.services.response_rates import RateRow
from surveys.services.results import ORG, Component, Overview, components, dimension_indexes, tally
from surveys.services.trends import series_surveys

#: how many items the summary names at each end
ENDS = 3


@dataclass
class Change:
    """A value and its change since the previous survey (None: nothing to compare with)."""

    label: str
    value: float | None
    previous: float | None = None
    withheld: bool = False

    @property
    def change(self) -> float | None:
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous


@dataclass
class Summary:
    rate: RateRow
    previous_survey: Survey | None
    #: index (favourable share 0..1) per dimension
    dimensions: list[Change] = field(default_factory=list)
    #: favourable share of the items with the highest and the lowest, each with its change
    strongest: list[Change] = field(default_factory=list)
    weakest: list[Change] = field(default_factory=list)
    #: eNPS (-100..100) per 0–10 question
    enps: list[Change] = field(default_factory=list)


def component_label(component: Component) -> str:
    """A question's text, and a grid item's own text after it."""
    return component.question.text + (f" — {component.label}" if component.label else "")


#: the scope to read in the previous survey when there is none to read (ORG is None itself)
NOWHERE = "nowhere"


def _previous(data: Overview, viewer: Person):
    """The previous survey of the series and the scope to read in it (NOWHERE when there is none)."""
    series = series_surveys(data.survey)
    if len(series) < 2:
        return None, NOWHERE
    previous = series[-2]
    if data.scope is None:
        return previous, ORG
    group = next((g for g in previous.groups if g.key == data.scope.key), None)
    return previous, (group.id if group is not None and can(viewer, "surveys.results", group) else NOWHERE)


def summary(data: Overview, viewer: Person) -> Summary:
    """What to read first on the results page, for the overview's scope."""
    scope = data.scope.id if data.scope else ORG
    rate = next((row for row in data.rates if (row.group.id if row.group else ORG) == scope), data.rates[0])
    previous_survey, previous_scope = _previous(data, viewer)
    before_components, before_indexes = {}, {}
    if previous_survey is not None and previous_scope is not NOWHERE:
        earlier = components(tally(previous_survey))
        before_components = {(c.question.key, c.item): c.figures.get(previous_scope) for c in earlier}
        before_indexes = {i.key: i.cells.get(previous_scope) for i in dimension_indexes(previous_survey, earlier)}
    result = Summary(rate, previous_survey)
    for index in data.dimensions:
        value, hidden = index.cells[scope]
        before = before_indexes.get(index.key)
        result.dimensions.append(Change(index.label, None if hidden else value,
                                        before[0] if before and not before[1] else None, hidden))

    def before_figure(component: Component):
        figure = before_components.get((component.question.key, component.item))
        return figure if figure is not None and figure.shown else None

    scored = []
    for component in data.components:
        figure = component.figures[scope]
        if component.scale and figure.shown and figure.favourable is not None:
            before = before_figure(component)
            scored.append(Change(component_label(component), figure.favourable,
                                 before.favourable if before else None))
        if component.question.kind == RATING10 and (figure.shown or figure.withheld):
            before = before_figure(component)
            result.enps.append(Change(component_label(component), figure.enps if figure.shown else None,
                                      before.enps if before else None, figure.withheld))
    ranked = sorted(scored, key=lambda c: (-(c.value or 0), c.label))  # scored: every value is a figure
    # with fewer than twice ENDS items, the two ends share them out rather than repeat one
    top = min(ENDS, (len(ranked) + 1) // 2)
    result.strongest = ranked[:top]
    result.weakest = ranked[top:][::-1][:ENDS]
    return result
