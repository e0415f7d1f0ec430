"""Benchmarks of the survey CSV export and the results page, with their cost curves (issue 13).

The annual survey (40 agreement items, about 45 answer rows per response) with 1,000, 10,000 and
100,000 synthetic responses among 5,000 staff, then the results page at 500, 5,000 and 20,000
staff (70 % answered); on SQLite, and on PostgreSQL when TEST_DATABASE_URL is set. Prints, never
asserts, server time through the Flask test client signed in as hr (the first request, then the
median of the next ones), beside LimeSurvey 6.4's figures measured on the same machine (issue 13):

- the CSV of the responses, every rule applied (each response's answers read as stored together);
- the floor: the time the database needs just to read every answer of the survey once, and the
  CSV's time as a multiple of it (target: within 4× on PostgreSQL);
- reading the stored-together rows alone;
- the results page.

Run by `make bench`; quick try: `URA_BENCH_EXPORT_RESPONSES=1000 URA_BENCH_EXPORT_STAFF=500`.
"""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from intranet.extensions import db
from surveys.models import Survey
from surveys.services import structure
from tests.bench.report import first_and_median, printer
from tests.bench.surveys_data import add_responses, annual_survey_with_hr, make_organisation, make_survey, set_status
from tests.conftest import _worker_database, drop_database, sign_in

pytestmark = pytest.mark.bench

PG_NAME = "ura_bench_survey_exports"
SIZES = [int(n) for n in os.environ.get("URA_BENCH_EXPORT_RESPONSES", "1000,10000,100000").split(",")]
STAFF_SIZES = [int(n) for n in os.environ.get("URA_BENCH_EXPORT_STAFF", "500,5000,20000").split(",")]
#: LimeSurvey 6.4 on the same machine and survey (issue 13), at 100,000 responses
LIMESURVEY = {"csv": 9200.0, "results": 2200.0}
TARGETS = {"csv 100000": "< 1500 ms on PostgreSQL, within 4x the floor", "results 10000": "< 150 ms"}


@pytest.fixture(params=["sqlite", "postgresql"])
def bench_db(request, make_app, tmp_path):
    """A function that gives an app on an empty database of its own (SQLite file or PostgreSQL)."""
    made = []

    def fresh(name: str):
        if request.param == "sqlite":
            url = f"sqlite:///{tmp_path / (name + '.sqlite3')}"
        else:
            base = os.environ.get("TEST_DATABASE_URL")
            if not base:
                pytest.skip("PostgreSQL: set TEST_DATABASE_URL to run the benchmark there too")
            url = _worker_database(base, PG_NAME)
        # no statement timeout: the bulk load counts millions of answers at once
        app = make_app(SQLALCHEMY_DATABASE_URI=url, TESTING=False, DATABASE_STATEMENT_TIMEOUT=0)
        context = app.app_context()
        context.push()
        db.create_all()
        made.append(context)
        return app

    yield fresh
    for context in made:
        db.session.remove()
        db.engine.dispose()
        context.pop()
    if request.param == "postgresql" and made:
        drop_database(os.environ["TEST_DATABASE_URL"], PG_NAME)


def timed_sql(statement: str, params: dict, runs: int) -> float:
    """Median ms of a statement run to its end (every row fetched)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        db.session.execute(text(statement), params).all()
        times.append((time.perf_counter() - start) * 1000)
        db.session.rollback()
    return statistics.median(times)


#: the floor: every answer of the survey read once by the database (each of its columns looked at)
READ_EVERY_ANSWER = ("SELECT count(*), sum(a.number), count(a.choice), count(a.text) FROM survey_answers a "
                     "JOIN survey_responses r ON r.id = a.response_id WHERE r.survey_id = :s")
#: what the CSV reads besides the ids: each response's breakdowns and answers stored together
READ_STORED = "SELECT group_id, is_manager, tenure_band, cells FROM survey_responses WHERE survey_id = :s"


def _out(lines: list[str], name: str) -> None:
    out = Path(os.environ.get("URA_BENCH_OUT", "/tmp")) / name
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_csv_export_and_results_by_responses(bench_db, capsys):
    app = bench_db("responses")
    dialect = db.engine.dialect.name
    lines = [f"survey CSV and results, 5000 staff in 40 units, annual survey of 40 items, {dialect} "
             f"(LimeSurvey 6.4 at 100000: CSV {LIMESURVEY['csv']:.0f} ms, results {LIMESURVEY['results']:.0f} ms):"]
    with capsys.disabled():
        print("\n" + lines[0], flush=True)

    say = printer(lines, capsys, indent="  ")

    survey_id, client = annual_survey_with_hr(app)
    have = 0
    for total in SIZES:
        runs = 5 if total <= 10_000 else 3
        start = time.perf_counter()
        add_responses(db.session.get(Survey, survey_id), total - have, seed=total)
        have = total
        say(f"{total:>7} responses inserted in {time.perf_counter() - start:6.1f} s")
        set_status(survey_id, "closed")
        if dialect == "postgresql":
            db.session.execute(text("ANALYZE survey_responses, survey_answers, survey_answer_counts"))
            db.session.commit()
        floor = timed_sql(READ_EVERY_ANSWER, {"s": survey_id}, runs)
        stored = timed_sql(READ_STORED, {"s": survey_id}, runs)
        csv_first, csv_median = first_and_median(client, f"/surveys/{survey_id}/results.csv", runs)
        results_first, results_median = first_and_median(client, f"/surveys/{survey_id}/results", max(runs, 7))
        versus = f"   LimeSurvey {LIMESURVEY['csv']:.0f} ms: {LIMESURVEY['csv'] / csv_median:4.1f}x" \
            if total == 100_000 else ""
        say(f"{total:>7} responses  csv      first {csv_first:8.1f} ms  then median {csv_median:8.1f} ms"
            f"{versus}   {('target ' + TARGETS[f'csv {total}']) if f'csv {total}' in TARGETS else ''}")
        say(f"{total:>7} responses  floor    every answer read once {floor:8.1f} ms; the CSV takes "
            f"{csv_median / floor:4.1f}x that; stored-together rows read {stored:8.1f} ms")
        versus = f"   LimeSurvey {LIMESURVEY['results']:.0f} ms: {LIMESURVEY['results'] / results_median:4.0f}x" \
            if total == 100_000 else ""
        say(f"{total:>7} responses  results  first {results_first:8.1f} ms  then median {results_median:8.1f} ms"
            f"{versus}   {('target ' + TARGETS[f'results {total}']) if f'results {total}' in TARGETS else ''}")
        set_status(survey_id, "open")
    _out(lines, f"ura-bench-survey-exports-{dialect}.txt")


def test_results_by_organisation_size(bench_db, capsys):
    lines = []

    say = printer(lines, capsys, indent="  ")

    app = bench_db("staff")
    lines.append(f"survey results by organisation size, 40 units, 70 % answered, {db.engine.dialect.name}:")
    with capsys.disabled():
        print("\n" + lines[0], flush=True)
    for staff in STAFF_SIZES:
        hr = make_organisation(staff)
        survey = make_survey(hr)
        survey_id = survey.id
        client = app.test_client()
        sign_in(client, db.session.get(type(hr), hr.id))
        responses = staff * 7 // 10
        add_responses(survey, responses, seed=staff)
        set_status(survey_id, "closed")
        results_first, results_median = first_and_median(client, f"/surveys/{survey_id}/results", 7)
        heatmap_first, heatmap_median = first_and_median(client, f"/surveys/{survey_id}/results/heatmap", 5)
        csv_first, csv_median = first_and_median(client, f"/surveys/{survey_id}/results.csv", 3)
        say(f"{staff:>6} staff, {responses:>6} responses  results first {results_first:7.1f} ms  median "
            f"{results_median:7.1f} ms;  heatmap median {heatmap_median:7.1f} ms;  csv median {csv_median:7.1f} ms")
        db.session.remove()
        db.drop_all()  # the next size starts from an empty database (ids from 1 again)
        db.create_all()
        app.extensions.pop(structure._CACHE, None)
    _out(lines, f"ura-bench-survey-staff-{db.engine.dialect.name}.txt")
