"""Response rates and who may read which group: what exists of a survey's results before they
are released, and the suppression of response counts every results page starts from.

While a survey is open its readers get `open_rates`: response rates read from the participations,
never from the responses. Everything that reads answers or responses first calls
`require_released`, which raises `ResultsNotReleased` until the survey has closed (see
surveys.services.results). Once it has closed, response counts are withheld by group and across
the cross-tables at once (`suppress_responses`), so no table undoes another.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from flask import has_request_context, request
from flask_babel import gettext as _
from sqlalchemy import func

from intranet.extensions import db
from intranet.people.models import Person
from intranet.permissions import can
from surveys.models import TENURE_BANDS, AudienceMember, Participation, ReportingGroup, Response, Survey
from surveys.permissions import results_released
from surveys.services.suppression import TOTAL, protect_breakdown, protect_table


class ResultsNotReleased(Exception):
    """The survey has not closed: its results do not exist yet (the pages show its response rates)."""

    def __init__(self, survey: Survey):
        super().__init__(f"survey {survey.id} has not closed")
        self.survey = survey


def require_released(survey: Survey) -> None:
    """:raises ResultsNotReleased: unless the survey has closed (surveys.permissions.results_released)."""
    if not results_released(survey):
        raise ResultsNotReleased(survey)


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


_BREAKDOWNS = "ura.survey_breakdown_counts"


def breakdown_counts(survey: Survey) -> dict:
    """Responses per (group id, manager or not, years-of-service band), counted in SQL.

    Counted once per request (a results page and the CSV need them several times; a released
    survey's responses no longer change).

    :raises ResultsNotReleased: while the survey is open."""
    require_released(survey)
    # kept with the request itself (its WSGI environ), not on `g`: an app context, and `g` with it,
    # may outlive one request (tests, scripts), while a survey's responses change between requests
    cache = request.environ.setdefault(_BREAKDOWNS, {}) if has_request_context() else {}
    if survey.id not in cache:
        cache[survey.id] = {(group, m, t): n for group, m, t, n in db.session.execute(
            db.select(Response.group_id, Response.is_manager, Response.tenure_band, func.count())
            .where(Response.survey_id == survey.id)
            .group_by(Response.group_id, Response.is_manager, Response.tenure_band))}
    return dict(cache[survey.id])


def responses_by_group(survey: Survey) -> dict:
    """Group id -> responses (groups without any left out), from `breakdown_counts`.

    :raises ResultsNotReleased: while the survey is open."""
    found: dict = defaultdict(int)
    for (group_id, _manager, _band), n in breakdown_counts(survey).items():
        found[group_id] += n
    return dict(found)


def crossings(survey: Survey, counts: dict) -> dict:
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
    for (group_id, _manager, _band), n in counts.items():
        by_group[group_id] = by_group.get(group_id, 0) + n
    tables = crossings(survey, counts)
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


def rates(survey: Survey, responses: dict, groups: list[ReportingGroup], org_label: str) -> list[RateRow]:
    withheld = response_counts_withheld(survey, responses)
    total = sum(responses.values())
    rows = [RateRow(org_label, None, sum(g.headcount for g in survey.groups),
                    total if total >= survey.score_threshold else None, total < survey.score_threshold)]
    for group in groups:
        hidden = group.id in withheld
        rows.append(RateRow(group.name, group, group.headcount,
                            None if hidden else responses.get(group.id, 0), hidden))
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


