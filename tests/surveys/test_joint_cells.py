"""Suppression on the joint cell: every combination of group × manager/staff × years of service
written in hr's CSV is shared by at least the score threshold of rows, or wholly withheld.

A property test over random breakdowns, first on the rule itself (`suppression.coarsen`), then on
the CSV as hr downloads it, from responses in the database.
"""

from __future__ import annotations

import csv
import io
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intranet.extensions import db
from surveys.models import TENURE_BANDS, Response
from surveys.services import exports
from surveys.services.suppression import WITHHELD, coarsen
from tests.surveys.test_results import build_survey

GROUPS = ("A", "B", "C", "D")
BANDS = (*TENURE_BANDS, "")

combinations = st.tuples(st.sampled_from([*GROUPS, WITHHELD]), st.sampled_from(["manager", "staff", WITHHELD]),
                         st.sampled_from([*BANDS, WITHHELD]))


@settings(max_examples=400, deadline=None)
@given(counts=st.dictionaries(combinations, st.integers(min_value=1, max_value=12), max_size=40),
       threshold=st.integers(min_value=3, max_value=10))
def test_every_combination_written_is_shared_by_the_threshold(counts, threshold):
    written = coarsen(counts, threshold)
    shown: Counter = Counter()
    for combination, n in counts.items():
        shown[written[combination]] += n
    total = sum(counts.values())
    for combination, n in shown.items():
        assert n >= threshold or total < threshold, (combination, n)
    for combination, target in written.items():
        # only withheld, never changed into another value; the band goes before manager/staff, before the group
        assert all(t in (v, WITHHELD) for v, t in zip(combination, target, strict=True))
        if target[0] == WITHHELD and combination[0] != WITHHELD:
            assert target[1:] == (WITHHELD, WITHHELD)
        if target[1] == WITHHELD and combination[1] != WITHHELD:
            assert target[2] == WITHHELD
    # a combination already frequent enough is written as it is, or wholly withheld with a small remainder
    for combination, n in counts.items():
        if n >= threshold:
            assert written[combination] in (combination, (WITHHELD,) * 3)


def test_breakdowns_not_collected_are_never_written_nor_withheld():
    written = coarsen({("A", None, None): 2, ("B", None, None): 9, ("C", None, None): 3}, 5)
    assert written[("B", None, None)] == ("B", None, None)
    assert written[("A", None, None)] == written[("C", None, None)] == (WITHHELD, None, None)
    # the two withheld rows alone would be found by subtraction: B is withheld with them
    written = coarsen({("A", None, None): 2, ("B", None, None): 9, ("C", None, None): 12}, 5)
    assert written[("B", None, None)] == (WITHHELD, None, None) and written[("C", None, None)] == ("C", None, None)


def test_the_only_manager_with_6_to_10_years_in_a_unit_is_not_a_row_of_their_own():
    counts = {("A", "manager", "6to10"): 1, ("A", "staff", "6to10"): 6, ("A", "manager", "gt20"): 4,
              ("A", "staff", "lt2"): 5}
    written = coarsen(counts, 5)
    assert written[("A", "staff", "6to10")] == ("A", "staff", "6to10")
    assert written[("A", "manager", "6to10")] == written[("A", "manager", "gt20")] == ("A", "manager", WITHHELD)


breakdowns = st.lists(st.tuples(st.sampled_from(GROUPS[:3]), st.booleans(), st.sampled_from(BANDS)),
                      min_size=0, max_size=40)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=breakdowns)
def test_no_combination_in_the_csv_is_rarer_than_the_threshold(people, units, make_unit, rows):
    survey = build_survey(people, units, make_unit, data={}, collect_manager=True)
    survey.collect_tenure = True
    groups = {g.key: g.id for g in survey.groups}
    db.session.add_all(Response(survey_id=survey.id, group_id=groups[g], is_manager=m, tenure_band=t or None)
                       for g, m, t in rows)
    db.session.commit()
    written = list(csv.reader(io.StringIO("".join(exports.responses_csv(survey)))))
    header, body = written[0], written[1:]
    assert header[:3] == ["Group", "Manager", "Years of service"] and len(body) == len(rows)
    shown = Counter(tuple(row[:3]) for row in body)
    for combination, n in shown.items():
        assert n >= survey.score_threshold or len(rows) < survey.score_threshold, (combination, n, rows)
    db.session.delete(survey)
    db.session.execute(db.delete(Response).where(Response.survey_id == survey.id))
    db.session.commit()
