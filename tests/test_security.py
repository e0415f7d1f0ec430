"""The security baseline: headers, CSP, trusted hosts, CSRF, safe redirects, logs."""

from __future__ import annotations

import logging
import os

import pytest

from intranet.security import SingleLineFormatter, safe_next

# Open-redirect payloads known to fool naive checks.
BYPASSES = [
    "https://evil.example", "http://evil.example/", "//evil.example", "///evil.example",
    "////evil.example", "/\\evil.example", "\\\\evil.example", "/\\/evil.example",
    "\\/evil.example", "https:evil.example", "javascript:alert(1)", "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>", "/\t/evil.example", "/\n/evil.example",
    " //evil.example", "\x00/evil.example", "/%09/evil.example" + "\r", "evil.example",
    "@evil.example", "http:/\\evil.example", "ftp://evil.example", "",
]


@pytest.mark.parametrize("payload", BYPASSES)
def test_next_refuses_anything_that_leaves_the_site(payload):
    assert safe_next(payload) == "/"


@pytest.mark.parametrize("path", ["/", "/directory/?q=ana", "/bulletins/12#comments", "/%2F%2Fx"])
def test_next_keeps_local_paths(path):
    assert safe_next(path) == path


def test_login_ignores_an_external_next(client_as, people):
    response = client_as(people["employee"]).get("/auth/login?next=//evil.example/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_language_switch_ignores_an_external_next(client):
    response = client.post("/language", data={"language": "en", "next": "https://evil.example"})
    assert response.headers["Location"] == "/"


def test_security_headers_on_every_page(client_as, people):
    response = client_as(people["employee"]).get("/")
    headers = response.headers
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in csp
    assert "unsafe-inline" not in csp
    for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
        assert directive in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cache-Control"] == "no-store"
    assert "Strict-Transport-Security" not in headers  # development: no TLS assumed


def test_scripts_carry_the_request_nonce_and_nothing_is_inline(client_as, people):
    response = client_as(people["employee"]).get("/")
    html = response.get_data(as_text=True)
    nonce = response.headers["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in html
    assert "<script>" not in html and " onclick=" not in html and 'style="' not in html


def test_nonce_changes_per_request(client):
    first = client.get("/auth/signed-out").headers["Content-Security-Policy"]
    second = client.get("/auth/signed-out").headers["Content-Security-Policy"]
    assert first != second


def test_production_sends_hsts_and_secure_cookies(make_app):
    app = make_app(
        URA_ENV="production", SSO_CLIENT_ID="id", SSO_CLIENT_SECRET="secret",
        SSO_OIDC_AUTHORITY="https://127.0.0.1:1/tenant", SESSION_COOKIE_SECURE=True,
    )
    response = app.test_client().get("/healthz", base_url="https://localhost")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True


def test_production_settings_default_to_secure_cookies():
    from intranet.config import load_settings

    settings = load_settings({})
    assert settings["SESSION_COOKIE_SECURE"] is True
    assert settings["SESSION_COOKIE_NAME"].startswith("__Host-")
    assert settings["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_a_foreign_host_header_gets_400(client):
    assert client.get("/healthz", headers={"Host": "evil.example"}).status_code == 400
    assert client.get("/healthz", headers={"Host": "localhost"}).status_code == 200


def test_csrf_is_enforced_on_state_changes(make_app, people):
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    response = client.post("/language", data={"language": "en"})
    assert response.status_code == 400
    assert "expired" in response.get_data(as_text=True)


def test_no_state_change_through_get(app):
    """Routes that change state accept POST only (the SSO callback is the protocol's exception)."""
    changing = {"home.language", "auth.logout"}
    for rule in app.url_map.iter_rules():
        if rule.endpoint in changing:
            view = app.view_functions[rule.endpoint].view_class
            assert not hasattr(view, "get") or rule.endpoint == "auth.logout"
    # GET /auth/logout only asks; it does not sign out.


def test_get_logout_does_not_sign_out(client_as, people):
    client = client_as(people["employee"])
    client.get("/auth/logout")
    assert client.get("/api/v1/me").status_code == 200
    client.post("/auth/logout")
    assert client.get("/api/v1/me").status_code == 401


def test_request_id_is_returned_and_a_forged_one_replaced(client):
    assert client.get("/healthz", headers={"X-Request-ID": "abc-123"}).headers["X-Request-ID"] == "abc-123"
    forged = client.get("/healthz", headers={"X-Request-ID": "x <script>"}).headers["X-Request-ID"]
    assert forged != "x <script>" and len(forged) == 32


def test_user_input_cannot_forge_log_lines():
    formatter = SingleLineFormatter("%(message)s")
    record = logging.LogRecord("ura", logging.WARNING, __file__, 1, "next=%s", ("/x\n2026 INFO forged",), None)
    line = formatter.format(record)
    assert "\n" not in line
    assert "\\x0a2026 INFO forged" in line


def test_refused_authorisation_is_logged(client_as, people, caplog):
    with caplog.at_level(logging.WARNING, logger="ura"):
        assert client_as(people["employee"]).get("/admin/").status_code == 403
    assert any("access refused" in r.getMessage() and "admin" in r.getMessage() for r in caplog.records)


def test_error_pages_are_translated_and_show_no_stack_trace(make_app, people):
    app = make_app()

    @app.get("/boom-for-test")
    def boom():
        raise RuntimeError("secret internal detail")

    client = app.test_client()
    client.post("/language", data={"language": "sq"})
    response = client.get("/boom-for-test")
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "secret internal detail" not in body and "Traceback" not in body
    assert client.get("/no-such-page").status_code == 404


def test_sign_in_rate_limit_is_shared_through_redis(make_app):
    """Two workers (two app instances) count against one limit when Redis stores it."""
    import uuid

    import redis

    try:
        redis.Redis.from_url("redis://127.0.0.1:6379/15").ping()
    except redis.ConnectionError:
        reason = "Redis is not running on 127.0.0.1:6379 (see the README's testing notes)"
        if os.environ.get("URA_REQUIRE_REDIS") == "1":  # CI starts Redis: there it must run
            pytest.fail(f"URA_REQUIRE_REDIS=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    settings = dict(
        RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379/15",
        RATELIMIT_KEY_PREFIX=f"ura-test-{uuid.uuid4().hex}", RATELIMIT_SIGNIN="3 per minute",
    )
    first_worker, second_worker = make_app(**settings), make_app(**settings)
    statuses = [first_worker.test_client().get("/auth/login").status_code for _ in range(2)]
    statuses += [second_worker.test_client().get("/auth/login").status_code for _ in range(2)]
    assert statuses == [302, 302, 302, 429]
