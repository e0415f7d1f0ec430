"""Answer counts (surveys.counting): kept by each submission, equal to counting the answers
themselves, rebuilt by `recount`, exact under simultaneous submissions on PostgreSQL."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from sqlalchemy import select

from intranet.extensions import db
from surveys.models import (
    TENURE_BANDS,
    TEXT_KINDS,
    Answer,
    AnswerCount,
    AudienceMember,
    BreakdownCount,
    Question,
    Response,
    Survey,
    SurveyStatus,
)
from surveys.services import response_rates, results, scales
from surveys.services.answering import TENURE_KEY, save_draft, submit
from surveys.services.counting import recount
from surveys.services.reordering import after_close
from tests.surveys.test_answering import build_survey


def raw_answers(n: int) -> dict:
    """A complete, valid set of raw answers that differs from person to person."""
    return {
        "informed": str(1 + n % 5), "heard": str(1 + n % 7), "channel": ("email", "teams", "meeting")[n % 3],
        "channels_used": [["email"], ["email", "bulletin"], [], ["teams", "bulletin", "email"]][n % 4],
        "recommend": str(n % 11), "meetings": "yes" if n % 2 else "no", "meetings_useful": str(1 + n % 5),
        "why_teams": f"Quick {n}", "grid": {"clear": str(1 + n % 5), "timely": "" if n % 3 == 0 else "3"},
        "units": {"OWN": str(1 + n % 5), "OTH": "na" if n % 2 else "2"}, "works": f"Works {n}", "improve": "",
    }


@pytest.fixture
def crowd(make_person, units):
    """Twelve people: eight in the own unit, four in the other (two reporting groups)."""
    return ([make_person(f"Own {n}", unit=units["own"]) for n in range(8)]
            + [make_person(f"Other {n}", unit=units["other"]) for n in range(4)])


def answer(survey: Survey, people, start: int = 0) -> None:
    for n, person in enumerate(people, start):
        save_draft(person, survey, 2, raw_answers(n))
        submit(person, survey)


def stored_counts(survey: Survey) -> dict:
    """The counts that are not 0 (an open survey has every row from its opening on, at 0 until answered)."""
    return {(q, i, g, v): n for q, i, g, v, n in db.session.execute(
        select(AnswerCount.question_id, AnswerCount.item, AnswerCount.group_id, AnswerCount.value, AnswerCount.count)
        .where(AnswerCount.survey_id == survey.id)) if n}


def counted_from_answers(survey: Survey) -> dict:
    """What the counts should be, counted here from the answers one by one."""
    kinds = {q.id: q.kind for q in survey.questions}
    counts: Counter = Counter()
    respondents = set()
    for response_id, group_id, question_id, item, number, choice in db.session.execute(
        select(Response.id, Response.group_id, Answer.question_id, Answer.item, Answer.number, Answer.choice)
        .join(Answer, Answer.response_id == Response.id).where(Response.survey_id == survey.id)
    ):
        if kinds[question_id] in TEXT_KINDS:
            continue
        counts[(question_id, item, group_id, f"c:{choice}" if choice is not None else str(number))] += 1
        if kinds[question_id] == "multiple":
            respondents.add((question_id, group_id, response_id))
    for question_id, group_id, _response in respondents:
        counts[(question_id, "", group_id, "answered")] += 1
    return dict(counts)


def question(survey: Survey, key: str) -> Question:
    return next(q for q in survey.questions if q.key == key)


def test_submissions_count_every_kind_of_answer_but_text(db, crowd):
    survey = build_survey(crowd)
    answer(survey, crowd)
    counts = stored_counts(survey)
    assert counts == counted_from_answers(survey)
    own = next(g.id for g in survey.groups if g.key == "OWN")
    informed, channel = question(survey, "informed"), question(survey, "channel")
    used = question(survey, "channels_used")
    # own unit: people 0..7 answered 1,2,3,4,5,1,2,3 — two each of 1, 2, 3
    assert counts[(informed.id, "", own, "1")] == 2 and counts[(informed.id, "", own, "5")] == 1
    assert counts[(channel.id, "", own, "c:teams")] == 3  # n = 1, 4, 7
    # multiple choice: one row per option, and the respondents (who chose anything: not n % 4 == 2)
    assert counts[(used.id, "email", own, "1")] == 6
    assert counts[(used.id, "", own, "answered")] == 6
    text_ids = {q.id for q in survey.questions if q.kind in TEXT_KINDS}
    assert not any(key[0] in text_ids for key in counts)


def test_recount_rebuilds_the_same_counts(db, crowd):
    survey = build_survey(crowd)
    answer(survey, crowd)
    submitted = stored_counts(survey)
    db.session.execute(AnswerCount.__table__.update().values(count=99))  # damaged
    db.session.commit()
    assert recount(survey) == len(count_keys(survey))  # the survey is open: every row, also those at 0
    assert stored_counts(survey) == submitted


def test_results_read_from_the_counts_equal_a_count_of_the_answers(db, crowd, people):
    survey = build_survey(crowd)
    answer(survey, crowd)
    with pytest.raises(response_rates.ResultsNotReleased):  # no figure while the survey is open
        results.tally(survey)
    survey.status = SurveyStatus.CLOSED
    after_close(survey)
    tallies = results.tally(survey, unit_matrix=True)
    expected: dict = {}
    for (question_id, item, group_id, value), n in counted_from_answers(survey).items():
        if value == "answered":
            assert tallies.respondents[question_id][group_id] == n
            continue
        key = value[2:] if value.startswith("c:") else int(value)
        expected.setdefault((question_id, item), {}).setdefault(group_id, {})[key] = n
    assert {k: {g: dict(d) for g, d in v.items()} for k, v in tallies.values.items()} == expected
    assert sum(tallies.responses.values()) == len(crowd)
    # the overview leaves the unit matrix out (only its heatmap reads it)
    matrix = {q.id for q in survey.questions if q.kind == "unit_matrix"}
    assert matrix and not matrix & {question_id for question_id, _item in results.tally(survey).values}
    informed = next(c for c in results.overview(survey, people["hr"]).components if c.question.key == "informed")
    assert informed.figures[results.ORG].count == len(crowd)


def test_counts_survive_the_close_and_a_later_submission_adds_to_them(db, crowd):
    survey = build_survey(crowd)
    answer(survey, crowd[:10])
    after_close(survey)
    assert stored_counts(survey) == counted_from_answers(survey)
    answer(survey, crowd[10:], start=10)  # (still running: the test closed nothing but the rows' order)
    assert stored_counts(survey) == counted_from_answers(survey)


def test_simultaneous_submissions_count_exactly(app, db, crowd):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite writes one transaction at a time")
    survey = build_survey(crowd)
    for n, person in enumerate(crowd):
        save_draft(person, survey, 2, raw_answers(n % 2))  # two sets of answers: every row is contended
    survey_id, person_ids = survey.id, [p.id for p in crowd]
    db.session.remove()
    barrier = threading.Barrier(len(person_ids))
    errors = []

    def respond(person_id: int) -> None:
        from intranet.people.models import Person

        with app.app_context():
            try:
                person, each = db.session.get(Person, person_id), db.session.get(Survey, survey_id)
                list(each.questions), list(each.groups)  # read before the race, not during it
                barrier.wait(timeout=30)
                submit(person, each)
            except Exception as error:  # noqa: BLE001 - reported below with the test's failure
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=respond, args=(person_id,)) for person_id in person_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    survey = db.session.get(Survey, survey_id)
    assert db.session.scalar(select(db.func.count()).select_from(Response)) == len(person_ids)
    counts = stored_counts(survey)
    assert counts == counted_from_answers(survey)
    informed = question(survey, "informed")
    assert sum(n for (q, _i, _g, _v), n in counts.items() if q == informed.id) == len(person_ids)


def test_recount_command(db, crowd, runner):
    survey = build_survey(crowd)
    answer(survey, crowd[:3])
    submitted = stored_counts(survey)
    db.session.execute(AnswerCount.__table__.delete())
    db.session.commit()
    result = runner.invoke(args=["surveys", "recount", str(survey.id)])
    assert result.exit_code == 0 and f"{len(count_keys(survey))} count rows" in result.output
    assert stored_counts(survey) == submitted
    assert runner.invoke(args=["surveys", "recount", "999999"]).exit_code != 0


def stored_breakdowns(survey: Survey) -> dict:
    return {(g, m, t): (fav, n) for g, m, t, fav, n in db.session.execute(
        select(BreakdownCount.group_id, BreakdownCount.manager, BreakdownCount.tenure_band,
               BreakdownCount.favourable, BreakdownCount.answers).where(BreakdownCount.survey_id == survey.id)) if n}


def count_keys(survey: Survey) -> set:
    """Every count row of the survey, answered or not."""
    return set(db.session.execute(select(AnswerCount.question_id, AnswerCount.item, AnswerCount.group_id,
                                         AnswerCount.value).where(AnswerCount.survey_id == survey.id)).all())


def breakdown_keys(survey: Survey) -> set:
    return set(db.session.execute(select(BreakdownCount.group_id, BreakdownCount.manager, BreakdownCount.tenure_band)
                                  .where(BreakdownCount.survey_id == survey.id)).all())


def test_every_count_row_exists_from_the_opening_so_answering_only_updates_rows(db, crowd):
    """A row made by the first answer with its value would say, by its place and its existence, which
    value came first; so the opening makes them all, at 0, and answering adds none."""
    survey = build_survey(crowd, collect_manager=True, collect_tenure=True)
    at_opening, cells_at_opening = count_keys(survey), breakdown_keys(survey)
    groups = {g.id for g in survey.groups}
    informed = question(survey, "informed")
    assert {(informed.id, "", g, str(v)) for g in groups for v in range(1, 6)} <= at_opening
    assert {(g, m, t) for g in groups for m in ("manager", "staff") for t in ("", *TENURE_BANDS)} == cells_at_opening
    assert not stored_counts(survey) and not stored_breakdowns(survey)
    for n, person in enumerate(crowd):
        save_draft(person, survey, 2, {**raw_answers(n), TENURE_KEY: ([*TENURE_BANDS, ""])[n % 6]})
        submit(person, survey)
    assert count_keys(survey) == at_opening and breakdown_keys(survey) == cells_at_opening
    assert stored_counts(survey) == counted_from_answers(survey)


def breakdowns_from_answers(survey: Survey) -> dict:
    """What the breakdown counts should be, from the answers one by one (scales.band decides)."""
    scale_by_id = {q.id: scales.scale_of(q) for q in survey.questions}
    cells: dict = {}
    for group_id, is_manager, tenure, question_id, number in db.session.execute(
        select(Response.group_id, Response.is_manager, Response.tenure_band, Answer.question_id, Answer.number)
        .join(Answer, Answer.response_id == Response.id).where(Response.survey_id == survey.id)
    ):
        if not scale_by_id[question_id] or number is None:
            continue
        key = (group_id, "" if is_manager is None else "manager" if is_manager else "staff", tenure or "")
        favourable, answers = cells.get(key, (0, 0))
        cells[key] = (favourable + (scales.band(scale_by_id[question_id], number) == "favourable"), answers + 1)
    return cells


def test_breakdown_cells_are_kept_by_submissions_and_rebuilt_by_recount(db, crowd):
    survey = build_survey(crowd, collect_manager=True, collect_tenure=True)
    db.session.execute(AudienceMember.__table__.update().where(
        AudienceMember.person_id.in_([crowd[0].id, crowd[1].id, crowd[9].id])).values(is_manager=True))
    db.session.commit()
    for n, person in enumerate(crowd):
        save_draft(person, survey, 2, {**raw_answers(n), TENURE_KEY: ([*TENURE_BANDS, ""])[n % 6]})
        submit(person, survey)
    submitted = stored_breakdowns(survey)
    assert submitted == breakdowns_from_answers(survey)
    assert {m for _g, m, _t in submitted} == {"manager", "staff"}
    assert {t for _g, _m, t in submitted} == {*TENURE_BANDS, ""}
    db.session.execute(BreakdownCount.__table__.update().values(answers=99))  # damaged
    db.session.commit()
    recount(survey)
    assert stored_breakdowns(survey) == submitted
