"""Benchmarks of the surveys plugin with a municipality-sized data set.

5,000 staff in 40 units and the annual survey (40 agreement items) with 10,000 and
then 100,000 synthetic responses; on SQLite, and on PostgreSQL when TEST_DATABASE_URL
is set. Prints, never asserts, timings:

- server time (Flask test client, signed in as hr, median of several runs) of the
  results page, the heatmap, the XLSX and the CSV export;
- the answering page's server time and weight (HTML and every asset it references,
  cold cache: bytes as served and gzip-compressed, and the number of requests);
- full responses per second under load: tests/bench/test_load_bench.py (gunicorn and wrk).

Run by `make bench` (`pytest -m bench tests/bench -s`).
"""

from __future__ import annotations

import gzip
import os
import re
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from intranet.extensions import db
from surveys.models import Survey
from tests.bench.organisation import STAFF, UNITS
from tests.bench.report import first_and_median, printer
from tests.bench.surveys_data import add_responses, annual_survey_with_hr, set_status
from tests.conftest import _worker_database, drop_database, sign_in

pytestmark = pytest.mark.bench

ROOT = Path(__file__).resolve().parents[2]
PG_NAME = "ura_bench_surveys"
#: (what, target) printed beside the figures
TARGETS = {
    "results 10000": "< 150 ms", "results 100000": "< 750 ms", "csv 100000": "< 3500 ms",
    "answering page": "< 20 ms", "answering weight": "< 130 KB in < 8 requests",
}
#: response counts measured (override for a quick try: URA_BENCH_RESPONSES=1000,3000)
SIZES = [int(n) for n in os.environ.get("URA_BENCH_RESPONSES", "10000,100000").split(",")]


@pytest.fixture(params=["sqlite", "postgresql"])
def bench_app(request, make_app, tmp_path):
    """An app on a database of its own: an SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'bench.sqlite3'}"
        pg_base = None
    else:
        pg_base = os.environ.get("TEST_DATABASE_URL")
        if not pg_base:
            pytest.skip("PostgreSQL: set TEST_DATABASE_URL to run the benchmark there too")
        url = _worker_database(pg_base, PG_NAME)
    app = make_app(SQLALCHEMY_DATABASE_URI=url, TESTING=False)
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.engine.dispose()
    if pg_base:
        drop_database(pg_base, PG_NAME)


class Assets(HTMLParser):
    """The URLs a page makes the browser fetch: stylesheets, icons, scripts, images."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("href") and ({"stylesheet", "icon"} & set((attrs.get("rel") or "").split())):
            self.urls.append(attrs["href"])
        elif tag in ("script", "img") and attrs.get("src"):
            self.urls.append(attrs["src"])


def page_weight(client, url: str) -> tuple[int, int, int, list[str]]:
    """(bytes, gzip bytes, requests, asset paths) of a page and everything it references, cold cache."""
    html = client.get(url).get_data()
    parser = Assets()
    parser.feed(html.decode())
    queue, seen, raw, packed = list(parser.urls), [], len(html), len(gzip.compress(html))
    while queue:
        asset = urlsplit(queue.pop(0)).path
        if asset in seen:
            continue
        seen.append(asset)
        body = client.get(asset).get_data()
        raw, packed = raw + len(body), packed + len(gzip.compress(body))
        if asset.endswith(".css"):  # fonts and images a stylesheet pulls in
            for ref in re.findall(rb"url\(['\"]?([^'\")]+)", body):
                ref = ref.decode()
                if not ref.startswith("data:"):
                    queue.append(str(Path(asset).parent / ref))
    return raw, packed, 1 + len(seen), seen


def test_surveys_at_municipality_scale(bench_app, capsys):
    app = bench_app
    dialect = db.engine.dialect.name
    lines = [f"surveys, {STAFF} staff in {UNITS} units, annual survey of 40 items, {dialect}:"]

    say = printer(lines, capsys, indent="  ")
    with capsys.disabled():
        print("\n" + lines[0], flush=True)
    survey_id, client = annual_survey_with_hr(app)

    have = 0
    for total in SIZES:
        runs = 7 if total <= 10_000 else 3
        start = time.perf_counter()
        add_responses(db.session.get(Survey, survey_id), total - have, seed=total)
        have = total
        say(f"{total:>7} responses inserted in {time.perf_counter() - start:6.1f} s")
        # results exist only once a survey has closed: read them as closed, then open it again for answering
        set_status(survey_id, "closed")
        for name, url in (("results", f"/surveys/{survey_id}/results"),
                          ("heatmap", f"/surveys/{survey_id}/results/heatmap"),
                          ("xlsx", f"/surveys/{survey_id}/results.xlsx"),
                          ("csv", f"/surveys/{survey_id}/results.csv")):
            first, median = first_and_median(client, url, runs)
            target = TARGETS.get(f"{name} {total}", "")
            say(f"{total:>7} responses  {name:<8} first {first:8.1f} ms  then median {median:8.1f} ms   "
                f"{('target ' + target) if target else ''}")
        set_status(survey_id, "open")

    # the answering page, as a member of the audience who has not started
    respondent = app.test_client()
    from intranet.people.models import Person
    from tests.bench.surveys_data import audience_people

    people = audience_people(db.session.get(Survey, survey_id), 5000)
    sign_in(respondent, db.session.get(Person, people[0]))
    page_url = f"/surveys/{survey_id}/page/1"
    first, median = first_and_median(respondent, page_url, 30)
    say(f"answering page   first {first:6.1f} ms  then median {median:6.1f} ms server time   "
        f"target {TARGETS['answering page']}")
    raw, packed, requests_made, assets = page_weight(respondent, page_url)
    say(f"answering weight {raw / 1024:7.1f} KB as served, {packed / 1024:6.1f} KB gzip-compressed, "
        f"{requests_made} requests (cold cache)   target {TARGETS['answering weight']}")
    say(f"                 assets: {', '.join(assets)}")

    out = Path(os.environ.get("URA_BENCH_OUT", "/tmp")) / f"ura-bench-surveys-{dialect}.txt"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
