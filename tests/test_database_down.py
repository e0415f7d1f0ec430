"""When the database goes away, pages answer 503 with a clear page and /healthz 503 quickly; when it
returns, the app recovers by itself (PostgreSQL through a TCP proxy that is stopped and started)."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from intranet.config import engine_options, load_settings
from intranet.extensions import db
from tests.conftest import sign_in
from tests.tcp_proxy import TcpProxy


@pytest.fixture
def proxied(database_url, make_app, people):
    if not database_url.startswith("postgresql"):
        pytest.skip("database outage test: needs PostgreSQL (TEST_DATABASE_URL)")
    url = make_url(database_url)
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432).start()
    app = make_app(SQLALCHEMY_DATABASE_URI=url.set(port=proxy.port).render_as_string(hide_password=False),
                   DATABASE_CONNECT_TIMEOUT=2)
    yield app, proxy
    proxy.stop()


def test_pages_answer_503_while_the_database_is_away_and_recover_when_it_returns(proxied, people):
    app, proxy = proxied
    client = app.test_client()
    sign_in(client, people["employee"])
    assert client.get("/").status_code == 200
    assert client.get("/healthz").status_code == 200

    proxy.stop()
    page = client.get("/", headers={"Accept-Language": "sq"})
    assert page.status_code == 503 and page.headers["Retry-After"] == "30"
    html = page.get_data(as_text=True)
    assert "Shërbimi nuk është i disponueshëm" in html  # translated, in the browser's language
    english = client.get("/bulletins/")
    assert english.status_code == 503
    assert "Ura cannot reach its database at the moment" in english.get_data(as_text=True)
    start = time.perf_counter()
    health = client.get("/healthz")
    assert health.status_code == 503 and health.get_json() == {"status": "error", "database": "unreachable"}
    assert time.perf_counter() - start < 5  # refused at once, not a hang
    assert client.get("/api/v1/me").get_json() == {"error": "service unavailable"}

    proxy.start()  # the database is back: no restart needed
    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 200


def test_the_timeouts_reach_postgresql(make_app, database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("statement timeout: a PostgreSQL setting (TEST_DATABASE_URL)")
    app = make_app(DATABASE_STATEMENT_TIMEOUT=1, DATABASE_CONNECT_TIMEOUT=3)
    with app.app_context():
        assert db.session.execute(text("SHOW statement_timeout")).scalar() == "1s"
        client = app.test_client()
        assert client.get("/healthz").status_code == 200


def test_the_settings_have_documented_defaults():
    settings = load_settings({"URA_ENV": "development"})
    assert (settings["DATABASE_CONNECT_TIMEOUT"], settings["DATABASE_STATEMENT_TIMEOUT"]) == (5, 30)
    options = engine_options({**settings, "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://db/ura"})
    assert options["pool_pre_ping"] is True
    assert options["connect_args"] == {"connect_timeout": 5, "options": "-c statement_timeout=30000"}
    assert "connect_args" not in engine_options({**settings, "SQLALCHEMY_DATABASE_URI": "sqlite:///x"})
