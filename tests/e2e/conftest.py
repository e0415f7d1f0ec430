"""Browser tests: Ura served for real on 127.0.0.1, driven by Debian's Chromium.

The live app has its own database (an SQLite file, or with `TEST_DATABASE_URL`
a PostgreSQL database per xdist worker), separate from the one the other tests
empty after each test. It holds the demo organisation, loaded as `flask demo load`
loads it. One Chromium runs for the session; each test gets a fresh context
(no cookies shared between tests).

Without /usr/bin/chromium the tests are skipped with the reason printed, unless
`URA_REQUIRE_BROWSER=1` (CI), where they fail.
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from werkzeug.serving import make_server

from intranet import create_app
from intranet.assets import DEFAULT_BUILD, MANIFEST
from intranet.config import normalise_database_url
from intranet.extensions import db
from intranet.people.models import Person, Unit
from tests.conftest import _worker_database
from tests.e2e.browser import ROLE_PEOPLE, PageWatch
from tests.test_permission_matrix import ALL_PLUGINS, ROWS

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
NO_CHROMIUM = "Debian's chromium is not installed: run `apt-get install chromium` as root"

#: the matrix's "own" unit (the director heads it, the employee sits in it) and another one
OWN_UNIT, OTHER_UNIT = "DASH", "DEZH"

#: GET routes that are not pages for a person to look at
SKIP_PREFIXES = ("/static/", "/api/", "/healthz", "/auth/callback")


@dataclass
class LiveServer:
    url: str
    app: object
    #: demo person name -> id
    people: dict[str, int]
    #: unit code -> id
    units: dict[str, int]
    #: every GET page of the app: (endpoint, path), in URL-map order
    pages: list[tuple[str, str]] = field(default_factory=list)


def _browser_unavailable(reason: str):
    if os.environ.get("URA_REQUIRE_BROWSER") == "1":
        pytest.fail(f"URA_REQUIRE_BROWSER=1 but the browser tests cannot run: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium for the whole session."""
    if not os.path.exists(CHROMIUM):
        _browser_unavailable(NO_CHROMIUM)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _browser_unavailable("the `playwright` package is not installed: run `make install-dev`")
    manager = sync_playwright().start()
    try:
        chromium = manager.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    except Exception as exc:  # a broken install: say what Chromium said
        manager.stop()
        _browser_unavailable(f"{CHROMIUM} did not start: {exc}")
    yield chromium
    chromium.close()
    manager.stop()


def _live_database(worker_id: str, tmp_path_factory) -> tuple[str, str | None]:
    """(URL, PostgreSQL database name or None): never the database the other tests empty."""
    base = os.environ.get("TEST_DATABASE_URL")
    if base:
        name = f"ura_e2e_{worker_id}_{os.getpid()}"  # two runs at once never share it
        return _worker_database(base, name), name
    return f"sqlite:///{tmp_path_factory.mktemp('e2e') / 'ura-e2e.sqlite3'}", None


def _drop_database(name: str) -> None:
    url = make_url(normalise_database_url(os.environ["TEST_DATABASE_URL"]))
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def _discover_pages(app, world) -> list[tuple[str, str]]:
    """Every GET page: the URL map, with parameters from the demo data and the matrix rows.

    A route's parameters are filled by name (`person_id`, `unit_id`); the permission
    matrix's GET rows add their URLs (with query strings and object-level cases).
    A GET route neither can fill fails here, naming what to add.
    """
    fill = {"person_id": world.people["employee"].id, "unit_id": world.units["other"].id}
    rows = {}
    for row in ROWS:
        # a row that finds nothing for anyone (an unknown calendar token) is not a page to sweep
        if row.method == "GET" and not row.config and set(row.expect.values()) != {404}:
            rows.setdefault(row.endpoint, []).append(row)
    pages, unfilled = [], []
    with app.test_request_context(base_url="http://127.0.0.1/"):
        for rule in app.url_map.iter_rules():
            if rule.endpoint == "static" or "GET" not in rule.methods:
                continue
            if rule.rule.startswith(SKIP_PREFIXES):
                continue
            urls = []
            if rule.arguments <= fill.keys():
                urls.append(app.url_for(rule.endpoint, **{a: fill[a] for a in rule.arguments}))
            for row in rows.get(rule.endpoint, []):
                if row.setup:
                    row.setup(world)
                    db.session.commit()
                urls.append(row.url(world) if row.url else app.url_for(rule.endpoint))
            if not urls:
                unfilled.append(f"{rule.rule} ({rule.endpoint}): parameters {sorted(rule.arguments)}")
            for url in urls:
                if (rule.endpoint, url) not in pages:
                    pages.append((rule.endpoint, url))
    if unfilled:
        pytest.fail("tests/e2e cannot build a URL for these GET routes; add their parameters to "
                    "`fill` in tests/e2e/conftest.py::_discover_pages or a GET row in tests/matrix:\n"
                    + "\n".join(unfilled), pytrace=False)
    return pages


def _chart_page():
    from flask import render_template_string

    from intranet.charts import bar_chart

    chart = bar_chart("Acknowledged, by unit", ["Education", "Health", "Cabinet"],
                      {"Acknowledged": [0.8, 0.5, None]}, value_format="percent")
    return render_template_string(
        '{% extends "base.html" %}{% block title %}Chart{% endblock %}'
        '{% block content %}<h1>Chart</h1>{{ render_chart(chart) }}{% endblock %}'
        "{% block scripts %}{{ chart_scripts() }}{% endblock %}", chart=chart,
    )


@pytest.fixture(scope="session")
def live_server(browser, base_config, worker_id, tmp_path_factory):
    """Ura on 127.0.0.1 (a free port, threaded), with the demo organisation, CSRF on."""
    url, pg_name = _live_database(worker_id, tmp_path_factory)
    config = {
        **base_config,
        "TESTING": False,
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(url),
        "WTF_CSRF_ENABLED": True,
        "RATELIMIT_ENABLED": False,  # every test signs in, often within a minute
        "URA_PLUGINS": ALL_PLUGINS,
        "TRUSTED_HOSTS": ["127.0.0.1"],
        "LOG_LEVEL": "WARNING",
        # the browser gets what production serves when `make assets` has run (as `make test` does)
        "URA_ASSETS_PATH": str(DEFAULT_BUILD) if (DEFAULT_BUILD / MANIFEST).exists()
        else base_config["URA_ASSETS_PATH"],
    }
    app = create_app(config)
    with app.app_context():
        db.drop_all()
        db.create_all()
        result = app.test_cli_runner().invoke(args=["demo", "load"])
        assert result.exit_code == 0, f"`flask demo load` failed:\n{result.output}\n{result.exception!r}"
        people = {p.name: p.id for p in db.session.scalars(db.select(Person))}
        units = {u.code: u.id for u in db.session.scalars(db.select(Unit))}
        by_name = {p.name: p for p in db.session.scalars(db.select(Person))}
        by_code = {u.code: u for u in db.session.scalars(db.select(Unit))}
        world = SimpleNamespace(
            app=app, people={role: by_name[name] for role, name in ROLE_PEOPLE.items()},
            units={"own": by_code[OWN_UNIT], "other": by_code[OTHER_UNIT]},
        )
        pages = _discover_pages(app, world)
        db.session.remove()
    # A page that draws a chart, so plotly.js is checked in a real browser under the CSP
    # (test-only: the host has no chart page of its own; plugins add theirs).
    app.add_url_rule("/_e2e/chart", "e2e_chart", _chart_page)

    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="ura-live-server", daemon=True)
    thread.start()
    yield LiveServer(url=f"http://127.0.0.1:{server.server_port}", app=app, people=people,
                     units=units, pages=pages)
    server.shutdown()
    thread.join(timeout=10)
    with app.app_context():
        db.engine.dispose()
    if pg_name:
        _drop_database(pg_name)


@pytest.fixture
def context(browser, live_server):
    """A fresh browser profile (no cookies) at desktop size, pointed at the live server."""
    ctx = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900},
                              locale="en-US", timezone_id="Europe/Belgrade")
    ctx.set_default_timeout(10_000)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    page.watch = PageWatch(page)
    return page
