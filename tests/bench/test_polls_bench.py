"""What a citizen's phone transfers for the public poll page, cold (issue 16: under 60 KB and 6 requests
as sent, compressed), with the app alone (no proxy). Run by `make bench`; prints figures, asserts nothing
about them.

The browser model is tests/bench/test_assets_bench.py's: the page's HTML, then every stylesheet, icon,
script and image it references, asked for with `Accept-Encoding: br, gzip`. The HTML is counted as the
app sends it (uncompressed: a proxy in front usually compresses it, so its gzipped size is printed too).
The 200 submissions a second under load are measured on the shared load harness, not here.
"""

from __future__ import annotations

import gzip
import os

import pytest

from intranet.assets import DEFAULT_BUILD, MANIFEST
from intranet.extensions import db
from surveys.demo_polls import SLUG
from surveys.models import Survey
from tests.bench.test_assets_bench import Browser

pytestmark = pytest.mark.bench

TARGET = "< 60 KB in < 6 requests cold"


@pytest.fixture
def app_overrides() -> dict:
    """The build `make bench` makes (`make assets`), as production serves it."""
    return {"URA_ASSETS_PATH": str(DEFAULT_BUILD)}


def test_public_poll_page_weight(app, runner, capsys):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(db.select(Survey.id).filter_by(poll_slug=SLUG)) is not None
    client = app.test_client()
    browser = Browser(client)
    page = f"/p/{SLUG}"
    cold_requests, cold_bytes = browser.visit(page)
    html = client.get(page).get_data()
    html_gzipped = len(gzip.compress(html))
    with capsys.disabled():
        print(f"\npublic poll page {page}, app alone (no proxy), {db.engine.dialect.name}   target {TARGET}")
        if not (DEFAULT_BUILD / MANIFEST).exists():
            print("  no asset build: run `make assets` (plain names, uncompressed, revalidated)")
        print(f"  cold: {cold_requests} requests, {cold_bytes / 1024:.1f} KB transferred (HTML "
              f"{len(html) / 1024:.1f} KB as sent; {html_gzipped / 1024:.1f} KB if a proxy gzipped it)")
        print(f"  cold with the HTML gzipped by a proxy: "
              f"{(cold_bytes - len(html) + html_gzipped) / 1024:.1f} KB")
        for url, size, encoding, control in browser.log:
            print(f"    {size / 1024:7.1f} KB  {encoding:<8}  {url}   [{control or '-'}]")


def test_poll_submissions_under_load_with_gunicorn_and_postgresql(make_app, tmp_path, capsys, monkeypatch):
    """Citizens' submissions to the demo poll, 50 connections, gunicorn on PostgreSQL, driven by wrk with
    tests/bench/load/poll.lua (the shared load harness, tests/bench/load). Target: at least 200 submissions
    a second, p95 under 500 ms. The rate limit per address is lifted (every request comes from 127.0.0.1)."""
    from urllib.parse import urlencode

    from surveys.models import Response
    from tests.bench.load import PLAIN_COOKIES, SCRIPTS, WORKERS, gunicorn, run_wrk, wrk_path
    from tests.bench.test_load_bench import database, forget

    if wrk_path() is None:
        pytest.skip("wrk is not installed (`make bench` installs it with apt-get; or apt-get install wrk)")
    name = "ura_bench_polls"
    url = database("postgresql", tmp_path, name)
    app = make_app(SQLALCHEMY_DATABASE_URI=url, TESTING=False, **PLAIN_COOKIES)
    monkeypatch.setenv("RATELIMIT_POLL", "1000000 per minute")
    with app.app_context():
        db.create_all()
        try:
            result = app.test_cli_runner().invoke(args=["demo", "load"])
            assert result.exit_code == 0, result.output
            poll = db.session.scalar(db.select(Survey).filter_by(poll_slug=SLUG))
            keys = {q.key: q.id for q in poll.questions}
            body = urlencode([(f"q-{keys['projects']}", "water"), (f"q-{keys['projects']}", "roads"),
                              (f"q-{keys['first']}", "roads"), (f"q-{keys['second']}", "water")])
            db.session.remove()
            with gunicorn(url, app.config["SECRET_KEY"], app.config["URA_PLUGINS"]) as server:
                run_wrk(server, SCRIPTS / "poll.lua", [f"/p/{SLUG}", body], clients=50, seconds=3)
                load = run_wrk(server, SCRIPTS / "poll.lua", [f"/p/{SLUG}", body], clients=50, seconds=20)
            stored = db.session.scalar(db.select(db.func.count()).select_from(Response)
                                       .where(Response.survey_id == poll.id))
            figures = load.figures
            with capsys.disabled():
                print(f"\npublic poll submissions under load, gunicorn {WORKERS} sync workers, postgresql, 50 clients "
                      f"(load average before: {os.getloadavg()[0]:.1f}); target >= 200/s, p95 < 500 ms")
                print(f"  {load.requests_per_second:6.1f} submissions/s; p50 {figures.get('request_p50_ms', 0):.1f} ms"
                      f"  p95 {load.request_p95_ms:.1f} ms  p99 {figures.get('request_p99_ms', 0):.1f} ms;"
                      f"  errors {load.errors}; responses stored {stored} (warm-up included)")
                print(f"  CPU: gunicorn workers {load.server_cpu_seconds:5.1f} s, PostgreSQL "
                      f"{load.database_cpu_seconds:5.1f} s, wrk {load.client_cpu_seconds:4.1f} s")
        finally:
            forget(app, "postgresql", name)
