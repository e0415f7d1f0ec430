"""Results on a known dataset: every figure checked by hand, suppression where the rules say.

The dataset (`results_world`): four reporting groups, threshold 5 (comments 10).

    group   unit             staff  responses
    A       units["own"]       10      8     (the director's)
    B       units["other"]      8      6     withheld with D: the next-smallest to the small one
    C       "C" (new)          20     10
    D       "D" (new)           4      2     under the threshold
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from intranet.extensions import db
from intranet.people.models import utcnow
from surveys.models import (
    Answer,
    AudienceMember,
    Participation,
    Question,
    ReportingGroup,
    Response,
    Survey,
    SurveySection,
)
from surveys.services import comments, heatmaps, response_rates, response_rows, results, trends
from surveys.services.counting import recount


def texts(word):
    return {"sq": f"{word} (sq)", "sr": f"{word} (sr)", "en": word}


def options(*keys):
    return [{"key": k, "labels": texts(k.title())} for k in keys]


#: per group: (responses, q1 likert5, q2 rating10, q9 likert5 optional (None: skipped))
DATA = {
    "A": (8, [5, 5, 4, 4, 3, 2, 1, 5], [10, 10, 9, 8, 7, 6, 0, 10], [5, 5, 5, 5, 5, 5, None, None]),
    "B": (6, [4] * 6, [9] * 6, [None] * 6),
    "C": (10, [3] * 10, [5] * 10, [4] * 10),
    "D": (2, [1, 1], [10, 10], [None, None]),
}
HEADCOUNT = {"A": 10, "B": 8, "C": 20, "D": 4}


def build_survey(people, units, make_unit, *, series="comm", status="closed", frozen_at=None, data=DATA,
                 collect_manager=False, managers=None, comment_threshold=10, with_people=False):
    """A survey with a question of every kind, four groups and responses written directly."""
    frozen_at = frozen_at or utcnow() - timedelta(days=20)
    unit_c = db.session.execute(db.select(type(units["own"])).filter_by(code="C")).scalar() or make_unit("C", "Cee")
    unit_d = db.session.execute(db.select(type(units["own"])).filter_by(code="D")).scalar() or make_unit("D", "Dee")
    survey = Survey(series=series, titles=texts(f"Survey {series} {frozen_at.year}"), status=status,
                    score_threshold=5, comment_threshold=comment_threshold, frozen_at=frozen_at,
                    opens_at=frozen_at, closes_at=frozen_at + timedelta(days=14), collect_manager=collect_manager,
                    audience_unit_ids=[], reminder_days=[], reminders_sent=[])
    section = SurveySection(survey=survey, position=1, titles=texts("All"))
    specs = [
        ("q1", "likert5", {"dimension": "top_down", "required": True}),
        ("q2", "rating10", {"dimension": "engagement"}),
        ("q3", "yesno", {}),
        ("q4", "single", {"options": options("a", "b")}),
        ("q5", "multiple", {"options": options("x", "y", "z")}),
        ("q6", "grid", {"scale": "likert5", "items": options("clear", "timely"), "dimension": "lateral"}),
        ("q7", "unit_matrix", {"items": [{"key": "OWN"}, {"key": "OTH"}]}),
        ("q8", "long_text", {}),
        ("q9", "likert5", {"dimension": "top_down"}),
    ]
    questions = {}
    for position, (key, kind, extra) in enumerate(specs, start=1):
        questions[key] = Question(survey=survey, section=section, position=position, key=key, kind=kind,
                                  texts=texts(f"Question {key}"), **extra)
    unit_of = {"A": units["own"], "B": units["other"], "C": unit_c, "D": unit_d}
    groups = {}
    for position, key in enumerate(["A", "B", "C", "D"], start=1):
        groups[key] = ReportingGroup(survey=survey, key=key, names=texts(f"Group {key}"),
                                     unit_ids=[unit_of[key].id], position=position, headcount=HEADCOUNT[key])
    db.session.add_all([survey, section, *questions.values(), *groups.values()])
    db.session.flush()
    managers = managers or {}
    for key, (n, q1, q2, q9) in data.items():
        for i in range(n):
            response = Response(survey_id=survey.id, group_id=groups[key].id,
                                is_manager=(i < managers.get(key, 0)) if collect_manager else None)
            db.session.add(response)
            db.session.flush()
            rows = [
                Answer(question_id=questions["q1"].id, number=q1[i]),
                Answer(question_id=questions["q2"].id, number=q2[i]),
                Answer(question_id=questions["q3"].id, number=1 if key == "A" else 0),
                Answer(question_id=questions["q4"].id, choice="a" if key == "A" else "b"),
                Answer(question_id=questions["q6"].id, item="clear", number=4),
                Answer(question_id=questions["q6"].id, item="timely", number=2),
                Answer(question_id=questions["q7"].id, item="OWN", number=1 if key == "D" else 4),
                Answer(question_id=questions["q7"].id, item="OTH", number=2),
            ]
            if key == "A":
                rows += [Answer(question_id=questions["q5"].id, item="x", number=1),
                         Answer(question_id=questions["q5"].id, item="y", number=1)]
            elif key != "D":
                rows.append(Answer(question_id=questions["q5"].id, item="z", number=1))
            if key in ("A", "C"):
                rows.append(Answer(question_id=questions["q8"].id, text=f"Comment {i} from {key}"))
            if q9[i] is not None:
                rows.append(Answer(question_id=questions["q9"].id, number=q9[i]))
            for row in rows:
                row.response_id = response.id
            db.session.add_all(rows)
    db.session.commit()
    recount(survey)  # answers written directly, not submitted: count them as submissions would have
    response_rows.store_missing(survey)  # and store each response's answers together, as submitting does
    db.session.commit()
    return survey


@pytest.fixture
def results_world(people, units, make_unit):
    survey = build_survey(people, units, make_unit)
    return survey, {g.key: g for g in survey.groups}


def _component(data, key, item=""):
    return next(c for c in data.components if c.question.key == key and c.item == item)


def test_scale_figures_for_the_organisation_and_a_group(results_world, people):
    survey, groups = results_world
    data = results.overview(survey, people["hr"])
    q1 = _component(data, "q1")
    org = q1.figures[results.ORG]
    assert org.count == 26 and not org.withheld
    assert org.mean == pytest.approx(85 / 26)
    assert org.favourable == pytest.approx(11 / 26)  # A's 5,5,4,4,5 and B's six 4s
    assert org.neutral == pytest.approx(11 / 26) and org.unfavourable == pytest.approx(4 / 26)
    assert org.distribution == {1: 3, 2: 1, 3: 11, 4: 8, 5: 3}
    a = q1.figures[groups["A"].id]
    assert (a.count, a.mean, a.favourable) == (8, pytest.approx(29 / 8), pytest.approx(5 / 8))
    assert q1.figures[groups["D"].id].withheld  # 2 answers
    assert q1.figures[groups["B"].id].withheld  # 6 answers, but D alone could be had by subtraction
    assert q1.figures[groups["B"].id].mean is None and q1.figures[groups["B"].id].distribution == {}
    assert not q1.figures[groups["C"].id].withheld


def test_enps_yes_no_choices_and_grid_items(results_world, people):
    survey, groups = results_world
    data = results.overview(survey, people["hr"])
    q2 = _component(data, "q2")
    assert q2.figures[groups["A"].id].enps == pytest.approx(25.0)  # 4 promoters, 2 detractors of 8
    assert q2.figures[results.ORG].enps == pytest.approx(0.0)  # 12 promoters, 12 detractors of 26
    assert q2.figures[groups["C"].id].enps == pytest.approx(-100.0)
    assert _component(data, "q3").figures[results.ORG].mean == pytest.approx(8 / 26)  # share answering yes
    assert _component(data, "q4").figures[results.ORG].distribution == {"a": 8, "b": 18}
    q5 = _component(data, "q5", "*")
    assert q5.figures[results.ORG].count == 24  # D's two chose nothing
    assert q5.figures[results.ORG].distribution == {"x": 8, "y": 8, "z": 16}
    assert q5.figures[groups["A"].id].distribution == {"x": 8, "y": 8}
    clear, timely = _component(data, "q6", "clear"), _component(data, "q6", "timely")
    assert clear.figures[results.ORG].favourable == 1.0 and timely.figures[results.ORG].unfavourable == 1.0
    assert clear.label == "Clear"


def test_optional_questions_are_thresholded_on_their_own_answers(results_world, people):
    survey, groups = results_world
    q9 = _component(results.overview(survey, people["hr"]), "q9")
    # answers: A 6, B 0, C 10, D 0 → B and D withheld (0 answers), and A with them (together ≥ 5)
    assert [q9.figures[groups[k].id].withheld for k in "ABCD"] == [True, True, False, True]
    assert q9.figures[results.ORG].count == 16


def test_dimension_index_and_the_heatmap(results_world, people):
    survey, groups = results_world
    data = results.overview(survey, people["hr"])
    top_down = next(d for d in data.dimensions if d.key == "top_down")
    # organisation: q1 favourable 11/26, q9 favourable 16/16
    assert top_down.cells[results.ORG] == (pytest.approx((11 / 26 + 1.0) / 2), False)
    assert top_down.cells[groups["C"].id] == (pytest.approx(0.5), False)  # q1 0 %, q9 100 %
    assert top_down.cells[groups["A"].id] == (None, True)  # q9 has 6 answers, withheld with B and D
    lateral = next(d for d in data.dimensions if d.key == "lateral")
    assert lateral.cells[groups["A"].id] == (pytest.approx(0.5), False)
    heat = heatmaps.heatmap(survey, people["hr"], org_label="Organisation")
    assert heat.row_labels == ["Organisation", "Group A", "Group B", "Group C", "Group D"]
    column = heat.column_labels.index(str(top_down.label))
    assert heat.values[0][column] == pytest.approx((11 / 26 + 1.0) / 2)
    assert heat.withheld[1][column] and heat.values[1][column] is None
    assert [row[heat.column_labels.index(str(lateral.label))] for row in heat.withheld] == \
        [False, False, True, False, True]


def test_the_unit_matrix_withholds_small_rater_groups(results_world, people, units):
    survey, groups = results_world
    (matrix,) = heatmaps.unit_matrix(survey, people["hr"])
    assert matrix.column_labels == ["Own directorate", "Other directorate"]
    assert matrix.values[0][0] == pytest.approx((24 * 4 + 2 * 1) / 26)  # all respondents
    assert matrix.values[1] == [4.0, 2.0] and matrix.counts[1] == [8, 8]  # group A
    assert matrix.withheld[2] == [True, True] and matrix.values[2] == [None, None]  # B, complementary
    assert matrix.withheld[4] == [True, True]  # D


def test_response_rates_withhold_small_groups_and_their_complement(results_world, people):
    survey, groups = results_world
    rates = {r.group.key if r.group else "org": r for r in results.overview(survey, people["hr"]).rates}
    assert rates["org"].responses == 26 and rates["org"].rate == pytest.approx(26 / 42)
    assert rates["A"].rate == pytest.approx(0.8) and rates["C"].responses == 10
    assert rates["B"].withheld and rates["B"].responses is None and rates["B"].rate is None
    assert rates["D"].withheld


def test_a_director_sees_the_organisation_and_their_own_group_only(results_world, people):
    survey, groups = results_world
    data = results.overview(survey, people["director"])
    assert [g.key for g in data.groups] == ["A"]
    assert [r.group.key if r.group else "org" for r in data.rates] == ["org", "A"]
    with pytest.raises(LookupError):
        results.overview(survey, people["director"], groups["C"].id)
    own = results.overview(survey, people["director"], groups["A"].id)
    assert own.figure(_component(own, "q1")).mean == pytest.approx(29 / 8)
    assert heatmaps.heatmap(survey, people["director"], org_label="Org").row_labels == ["Org", "Group A"]


def test_participation_per_day_while_open(people, units, make_unit):
    survey = build_survey(people, units, make_unit, status="open", data={k: (0, [], [], []) for k in "ABCD"})
    groups = {g.key: g for g in survey.groups}
    staff = []
    for key, count in (("A", 7), ("D", 1), ("C", 6)):
        for _ in range(count):
            staff.append((key, make_unit_person(people, key)))
    day1, day2 = date(2026, 3, 2), date(2026, 3, 3)
    for index, (key, person) in enumerate(staff):
        db.session.add(AudienceMember(survey_id=survey.id, person_id=person.id, group_id=groups[key].id))
        db.session.add(Participation(survey_id=survey.id, person_id=person.id,
                                     answered_on=day1 if index < 8 else day2))
    db.session.commit()
    series = response_rates.participation_over_time(survey, [groups["A"], groups["D"]], "Org")
    assert series.days == [day1, day2]
    assert series.series["Org"] == [pytest.approx(8 / 42), pytest.approx(14 / 42)]
    # day 1: A 7, D 1, B 0, C 0 → B, C, D hold 1 answer together, so A is withheld too.
    # day 2: C has 6 → B, C, D hold 7 together, and A is shown.
    assert series.series["Group A"] == [None, pytest.approx(0.7)]
    assert series.series["Group D"] == [None, None]


_people_made = iter(range(10_000))


def make_unit_person(people, key):
    from intranet.people.models import Person

    person = Person(name=f"Staff {key} {next(_people_made)}", email=f"staff{next(_people_made)}@example.test",
                    language="en")
    db.session.add(person)
    db.session.flush()
    return person


def test_year_over_year_compares_keys_and_dimensions_with_the_change(people, units, make_unit):
    earlier_data = {**DATA, "A": (8, [5] * 8, [10] * 8, [5] * 8)}
    build_survey(people, units, make_unit, frozen_at=utcnow() - timedelta(days=400), data=earlier_data)
    build_survey(people, units, make_unit, series="other", frozen_at=utcnow() - timedelta(days=300))
    current = build_survey(people, units, make_unit)
    data = trends.trend(current, people["hr"])
    assert len(data.surveys) == 2 and data.surveys[-1] is current
    q1 = next(r for r in data.questions if r.key == "q1")
    assert q1.values == [pytest.approx(14 / 26), pytest.approx(11 / 26)]
    assert q1.change == pytest.approx(-3 / 26)
    assert data.measures["q1"] == "favourable" and data.measures["q2"] == "enps"
    assert next(r for r in data.questions if r.key == "q6/clear").values == [1.0, 1.0]
    top_down = next(r for r in data.dimensions if r.key == "top_down")
    assert top_down.change == pytest.approx((11 / 26 + 1) / 2 - (14 / 26 + 1) / 2)
    by_group = trends.trend(current, people["director"], "A")
    q1_a = next(r for r in by_group.questions if r.key == "q1")
    assert q1_a.values == [1.0, pytest.approx(5 / 8)]
    with pytest.raises(LookupError):
        trends.trend(current, people["director"], "C")


def test_comments_only_above_the_comment_threshold_in_random_order(results_world, people):
    survey, groups = results_world
    found = comments.comments(survey, people["hr"])
    assert sorted(c.text for c in found) == sorted([f"Comment {i} from A" for i in range(8)]
                                                   + [f"Comment {i} from C" for i in range(10)])
    # A has 8 responses (under 10): its comments are pooled, not named; C's 10 are C's
    assert {c.group for c in found if c.text.endswith("A")} == {""}
    assert {c.group for c in found if c.text.endswith("C")} == {"Group C"}
    assert comments.comments(survey, people["hr"], group_id=groups["A"].id) == []
    assert len(comments.comments(survey, people["hr"], group_id=groups["C"].id)) == 10
    assert comments.comments(survey, people["hr"], question_key="q1") == []
    orders = {tuple(c.text for c in comments.comments(survey, people["hr"])) for _ in range(6)}
    assert len(orders) > 1  # shuffled each time
    with pytest.raises(LookupError):
        comments.comments(survey, people["director"], group_id=groups["C"].id)


def test_no_comments_at_all_under_the_threshold(people, units, make_unit):
    survey = build_survey(people, units, make_unit, comment_threshold=30)
    assert comments.comments(survey, people["hr"]) == []


def test_cross_table_of_managers_and_staff(people, units, make_unit):
    survey = build_survey(people, units, make_unit, collect_manager=True, managers={"A": 2, "B": 1, "C": 5})
    (table,) = heatmaps.cross_tables(survey, people["hr"], labels={"manager": "Managers", "staff": "Staff"})
    assert table.row_labels[-1] == "Organisation" and table.column_labels == ["Managers", "Staff", "Total"]
    a, c, total = 0, 2, -1
    assert table.withheld[a][0] and table.withheld[a][1]  # 2 managers in A: A's staff would give them
    # withheld managers of A, B, D hold 3 answers: the managers' total would give them together,
    # so C's managers are withheld too, and C's staff with them (else C's total gives them)
    assert table.withheld[c][:2] == [True, True] and table.counts[c][2] == 10
    assert table.counts[total] == [8, 18, 26]
    assert table.favourable[total][2] is not None
    # the response-rate table agrees with the cross-table on groups
    suppressed = response_rates.suppress_responses(survey)
    assert {g.key for g in survey.groups if g.id in suppressed.groups} == {"B", "D"}


def test_cross_table_of_years_of_service_leaves_out_bands_nobody_is_in(people, units, make_unit):
    survey = build_survey(people, units, make_unit)
    survey.collect_tenure = True
    for index, response in enumerate(db.session.scalars(db.select(Response).order_by(Response.id))):
        response.tenure_band = "lt2" if index % 3 == 0 else "6to10"
    db.session.commit()
    (table,) = heatmaps.cross_tables(survey, people["hr"], labels={"lt2": "Under 2", "6to10": "6-10"})
    assert table.name == "tenure" and table.column_labels == ["Under 2", "6-10", "Total"]
    assert table.counts[-1] == [9, 17, 26]
    suppressed = response_rates.suppress_responses(survey)
    from surveys.services.suppression import table_is_safe

    assert table_is_safe(suppressed.cells["tenure"], 5, suppressed.tables["tenure"])
    for row, group in zip(table.withheld[:-1], survey.groups, strict=True):
        assert row[-1] == (group.id in suppressed.groups)  # the group totals agree with the response rates
