"""Answering under load (issue 13): full responses per second against gunicorn with PostgreSQL,
the framework's floor, and the cost curve over the organisation's size. Prints, never asserts, timings.

The survey is the one measured side by side with LimeSurvey 6.4 in issue 13 (30 questions: 20
agreement items, 5 single and 3 multiple choice, 2 long texts; 3 sections), in the one-page format and
in the sections format, opened for 5,000 staff in 40 units.

- Load: gunicorn (`tests.bench.load.WORKERS` sync workers) on PostgreSQL, driven by wrk with
  `load/respond.lua`: 50 connections on 2 wrk threads, each simulated person answering once with a
  session of their own (GET the page, read the CSRF token, POST the answers, follow the redirects;
  the last post answers with the thank-you page). Full responses per second, p95 of one request and
  of a whole response, CPU time of the server's workers and of wrk. Needs TEST_DATABASE_URL and wrk
  (else skipped, with the reason).
- Floor: in one process (Flask test client, CSRF on as in production), the median server time of a
  trivial signed-in JSON route (`/api/v1/me`) times the requests of a full response, against the
  median server time of a full response: the ratio (issue 13: within 3x).
- Cost curve: that server time per full response at 500, 5,000 and 20,000 staff (SQLite, and
  PostgreSQL when TEST_DATABASE_URL is set).

Run by `make bench`; just these: `.venv/bin/pytest -p no:cacheprovider -m bench tests/bench/test_load_bench.py -s`.
"""

from __future__ import annotations

import os
import re
import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from intranet.extensions import db
from surveys.models import PageFormat, Participation, Survey
from tests.bench.load import (
    PLAIN_COOKIES,
    SCRIPTS,
    USER_AGENT,
    WORKERS,
    gunicorn,
    run_wrk,
    session_cookies,
    write_lines,
    wrk_path,
)
from tests.bench.organisation import UNITS
from tests.bench.report import printer
from tests.bench.surveys_data import audience_people, make_comparison_survey, make_organisation, response_plan
from tests.conftest import _worker_database, drop_database

pytestmark = pytest.mark.bench

PG_NAME = "ura_bench_load"
LIMESURVEY_PER_SECOND = 1.28  # full responses/s at 50 clients, issue 13
TARGET_PER_SECOND = 60 * LIMESURVEY_PER_SECOND
CLIENTS = 50
WRK_THREADS = 2
LOAD_SECONDS = float(os.environ.get("URA_BENCH_LOAD_SECONDS", "20"))
LOAD_STAFF = 5000
CURVE_STAFF = [int(n) for n in os.environ.get("URA_BENCH_STAFF", "500,5000,20000").split(",")]
IN_PROCESS_RESPONSES = 40  # timed full responses in one process (after 5 to warm it)
#: the formats measured (URA_BENCH_FORMATS=one_page to measure just that one)
FORMATS = tuple(os.environ.get("URA_BENCH_FORMATS", f"{PageFormat.ONE_PAGE},{PageFormat.SECTIONS}").split(","))
TOKEN = re.compile(r'<input[^>]*?name="csrf_token"[^>]*>')
OUT = Path(os.environ.get("URA_BENCH_OUT", "/tmp"))


def database(dialect: str, tmp_path: Path, name: str) -> str:
    """A fresh database of `dialect` (skips PostgreSQL without TEST_DATABASE_URL)."""
    if dialect == "sqlite":
        return f"sqlite:///{tmp_path / (name + '.sqlite3')}"
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        pytest.skip("PostgreSQL: set TEST_DATABASE_URL to run this benchmark there")
    return _worker_database(base, name)


def forget(app, dialect: str, name: str) -> None:
    db.session.remove()
    db.engine.dispose()
    if dialect == "postgresql":
        drop_database(os.environ["TEST_DATABASE_URL"], name)


def settle(url: str) -> None:
    """Let PostgreSQL finish with the set-up's bulk writes before the load (vacuum, statistics, a
    checkpoint), so an autovacuum or a checkpoint falling due does not share the cores with the run
    at random, and wait for the machine to be quiet again (load average under 1, at most a minute)."""
    engine = create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with engine.connect() as conn:
            conn.execute(text("VACUUM ANALYZE"))
            conn.execute(text("CHECKPOINT"))
    finally:
        engine.dispose()
    deadline = time.monotonic() + 60
    while os.getloadavg()[0] > 1.0 and time.monotonic() < deadline:
        time.sleep(2)


# --- in one process ------------------------------------------------------------------------------


def csrf_token(html: str) -> str:
    tag = TOKEN.search(html)
    value = re.search(r'value="([^"]*)"', tag.group(0)) if tag else None
    assert value, "no CSRF token on the page"
    return value.group(1)


def timed_response(app, cookie: str, plan: list[tuple[str, dict]]) -> tuple[float, float, int]:
    """One person's full response through the test client, as respond.lua does it over HTTP:
    (server time and the app's CPU time in ms, each summed over its requests; number of requests)."""
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = USER_AGENT
    name, value = cookie.split("=", 1)
    client.set_cookie(name, value)
    spent, cpu, requests = 0.0, 0.0, 0

    def call(method: str, path: str, data: dict | None = None):
        nonlocal spent, cpu, requests
        start, start_cpu = time.perf_counter(), time.thread_time()
        response = client.open(path, method=method, data=data)
        response.get_data()
        spent += (time.perf_counter() - start) * 1000
        cpu += (time.thread_time() - start_cpu) * 1000
        requests += 1
        return response

    page = call("GET", plan[0][0])
    for number, (path, fields) in enumerate(plan, start=1):
        assert page.status_code == 200, (path, page.status_code)
        page = call("POST", path, {**fields, "csrf_token": csrf_token(page.get_data(as_text=True))})
        if number < len(plan):  # a section's post leads to the next page
            assert page.status_code == 302, (path, page.status_code)
            page = call("GET", urlsplit(page.headers["Location"]).path)
    # the last post answers with the thank-you page itself
    assert page.status_code == 200 and '<link rel="canonical" href="' in page.get_data(as_text=True), page.status_code
    return spent, cpu, requests


def in_process(app, cookies: list[str], plan: list[tuple[str, dict]]) -> tuple[float, float, int]:
    """(median server time and CPU time of a full response in ms, requests per response) over `cookies` people,
    the first five only warming the process. In a thread of its own: every request gets a fresh app
    context (database session, `g`), as under gunicorn, not the benchmark's own."""
    def run():
        results = [timed_response(app, cookie, plan) for cookie in cookies]
        return (statistics.median(r[0] for r in results[5:]), statistics.median(r[1] for r in results[5:]),
                results[-1][2])

    with ThreadPoolExecutor(1) as thread:
        return thread.submit(run).result()


def floor_ms(app, cookie: str, runs: int = 300) -> tuple[float, float]:
    """Median server time and CPU time (ms) of the trivial signed-in JSON route, in the same process."""
    def run():
        client = app.test_client()
        client.environ_base["HTTP_USER_AGENT"] = USER_AGENT
        name, value = cookie.split("=", 1)
        client.set_cookie(name, value)
        times, cpu = [], []
        for _ in range(runs + 20):
            start, start_cpu = time.perf_counter(), time.thread_time()
            response = client.get("/api/v1/me")
            response.get_data()
            times.append((time.perf_counter() - start) * 1000)
            cpu.append((time.thread_time() - start_cpu) * 1000)
            assert response.status_code == 200
        return statistics.median(times[20:]), statistics.median(cpu[20:])

    with ThreadPoolExecutor(1) as thread:
        return thread.submit(run).result()


def organisation_with_surveys(staff: int) -> tuple[dict[str, Survey], list[int]]:
    """`staff` people in 40 units and the comparison survey in both formats; returns the surveys by
    format and the audience (the people who answer)."""
    hr = make_organisation(staff)
    surveys = {page_format: make_comparison_survey(hr, page_format) for page_format in FORMATS}
    people = audience_people(surveys[FORMATS[0]], staff)
    return surveys, people


# --- the benchmarks -------------------------------------------------------------------------------


def test_answering_under_load_with_gunicorn_and_postgresql(make_app, tmp_path, capsys):
    if wrk_path() is None:
        pytest.skip("wrk is not installed (`make bench` installs it with apt-get; or apt-get install wrk)")
    url = database("postgresql", tmp_path, PG_NAME)
    app = make_app(SQLALCHEMY_DATABASE_URI=url, TESTING=False, WTF_CSRF_ENABLED=True, **PLAIN_COOKIES)
    lines: list[str] = []
    say = printer(lines, capsys)
    workers = int(os.environ.get("URA_BENCH_WORKERS", WORKERS))
    with app.app_context():
        db.create_all()
        try:
            say(f"\nanswering under load, {LOAD_STAFF} staff in {UNITS} units, the 30-question comparison survey, "
                f"postgresql (load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores):")
            surveys, people = organisation_with_surveys(LOAD_STAFF)
            cookies = session_cookies(app, people)
            measured, load_cookies = cookies[:5 + IN_PROCESS_RESPONSES], cookies[5 + IN_PROCESS_RESPONSES:]
            floor, floor_cpu = floor_ms(app, measured[0])
            plans = {}
            for page_format, survey in surveys.items():
                plans[page_format] = response_plan(survey)
                spent, cpu, requests = in_process(app, measured, plans[page_format])
                say(f"  {page_format:<9} in one process: a full response is {requests} requests; server time median "
                    f"{spent:6.1f} ms against the floor /api/v1/me {floor:5.2f} ms x {requests} = "
                    f"{floor * requests:5.1f} ms: "
                    f"{spent / (floor * requests):4.1f}x   target within 3x")
                say(f"            app CPU time median {cpu:6.1f} ms against {floor_cpu:5.2f} ms x {requests} = "
                    f"{floor_cpu * requests:5.1f} ms: {cpu / (floor_cpu * requests):4.1f}x")
            db.session.remove()
            settle(url)
            for page_format, survey in surveys.items():
                plan = write_lines([f"{path} {urlencode(fields)}" for path, fields in plans[page_format]])
                warm, rest = load_cookies[:100], load_cookies[100:]
                with gunicorn(url, app.config["SECRET_KEY"], app.config["URA_PLUGINS"], workers=workers) as server:
                    run_wrk(server, SCRIPTS / "respond.lua", [write_lines(warm), plan], clients=CLIENTS,
                            threads=WRK_THREADS, seconds=3)
                    result = run_wrk(server, SCRIPTS / "respond.lua", [write_lines(rest), plan], clients=CLIENTS,
                                     threads=WRK_THREADS, seconds=LOAD_SECONDS)
                figures = result.figures
                seconds = figures.get("seconds", 0.0) or 1.0
                submitted, completed = int(figures.get("submitted", 0)), int(figures.get("completed", 0))
                requests = len(plans[page_format]) * 2  # each post, and the page before it
                say(f"  {page_format:<9} {submitted / seconds:6.1f} full responses/s ({submitted} submitted and "
                    f"{completed} thank-you pages reached in {seconds:.1f} s; {result.requests_per_second:.0f} "
                    f"requests/s, {requests} per response), {CLIENTS} clients on {WRK_THREADS} wrk threads, "
                    f"gunicorn {workers} sync workers   target >= {TARGET_PER_SECOND:.0f}/s "
                    f"(60x LimeSurvey's {LIMESURVEY_PER_SECOND}), p95 < 1 s")
                say(f"            one request p50 {figures.get('request_p50_ms', 0):6.1f} ms  "
                    f"p95 {figures.get('request_p95_ms', 0):6.1f} ms  p99 {figures.get('request_p99_ms', 0):6.1f} ms;  "
                    f"full response p50 {figures.get('response_p50_ms', 0):6.1f} ms  "
                    f"p95 {figures.get('response_p95_ms', 0):6.1f} ms;  errors {result.errors}"
                    f"{' (ran out of people: the rate is a lower bound)' if figures.get('exhausted') else ''}")
                cpu = result.server_cpu_seconds + result.database_cpu_seconds + result.client_cpu_seconds
                each = cpu * 1000 / submitted if submitted else 0.0
                say(f"            CPU: gunicorn workers {result.server_cpu_seconds:5.1f} s, PostgreSQL "
                    f"{result.database_cpu_seconds:5.1f} s, wrk {result.client_cpu_seconds:4.1f} s: {each:.1f} ms per "
                    f"full response, so {os.cpu_count()} idle cores would take at most "
                    f"{(os.cpu_count() or 1) * 1000 / each if each else 0:.0f} full responses/s; load average "
                    f"{os.getloadavg()[0]:.1f}")
                for note in result.script_errors:
                    say(f"            first errors: {note}")
                if not submitted:
                    say("            wrk said: " + result.output[-1500:].replace("\n", "\n            "))
                stored = db.session.scalar(db.select(db.func.count()).select_from(Participation)
                                           .where(Participation.survey_id == survey.id))
                db.session.remove()
                say(f"            participations stored: {stored} ({IN_PROCESS_RESPONSES + 5} in one process, "
                    f"the rest over HTTP, warm-up included)")
        finally:
            forget(app, "postgresql", PG_NAME)
    (OUT / "ura-bench-load-postgresql.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
def test_answering_cost_over_the_organisations_size(dialect, make_app, tmp_path, capsys):
    lines: list[str] = []
    say = printer(lines, capsys)
    say(f"\nanswering server time per full response by organisation size (one process), {dialect}:")
    for staff in CURVE_STAFF:
        name = f"ura_bench_curve_{staff}"
        url = database(dialect, tmp_path, name)
        app = make_app(SQLALCHEMY_DATABASE_URI=url, TESTING=False, WTF_CSRF_ENABLED=True, **PLAIN_COOKIES)
        with app.app_context():
            db.create_all()
            try:
                start = time.perf_counter()
                surveys, people = organisation_with_surveys(staff)
                cookies = session_cookies(app, people[:5 + IN_PROCESS_RESPONSES])
                ready = time.perf_counter() - start
                floor, floor_cpu = floor_ms(app, cookies[0])
                figures = []
                for page_format, survey in surveys.items():
                    spent, cpu, requests = in_process(app, cookies, response_plan(survey))
                    figures.append(f"{page_format} {spent:6.1f} ms (CPU {cpu:5.1f} ms, {requests} requests)")
                say(f"  {staff:>6} staff: " + ";  ".join(figures)
                    + f";  /api/v1/me {floor:4.2f} ms (CPU {floor_cpu:4.2f})"
                    f"   (set up in {ready:.0f} s, load average {os.getloadavg()[0]:.1f})")
            finally:
                forget(app, dialect, name)
    (OUT / f"ura-bench-load-curve-{dialect}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
