"""Sessions without single sign-on: timeouts, deactivation, the development sign-in, the rate limit."""

from __future__ import annotations

import time

import pytest

from tests.conftest import sign_in


def set_session(client, **values) -> None:
    with client.session_transaction() as session:
        session.update(values)


def session_data(client) -> dict:
    with client.session_transaction() as session:
        return dict(session)


def is_signed_out(response) -> bool:
    return response.status_code == 302 and response.headers["Location"].startswith("/auth/login")


@pytest.fixture
def timed_app(make_app, app):
    return make_app(SESSION_IDLE_MINUTES=30, SESSION_MAX_HOURS=10)


def test_a_session_idle_longer_than_the_setting_ends(timed_app, make_person, caplog):
    client = timed_app.test_client()
    sign_in(client, make_person())
    set_session(client, seen=int(time.time()) - 31 * 60)
    with caplog.at_level("INFO", logger="ura.auth"):
        assert is_signed_out(client.get("/"))
    assert "pid" not in session_data(client)
    assert "reason=idle timeout" in caplog.text


def test_activity_within_the_idle_limit_keeps_the_session_and_moves_it_on(timed_app, make_person):
    client = timed_app.test_client()
    sign_in(client, make_person())
    seen = int(time.time()) - 29 * 60
    set_session(client, seen=seen)
    assert client.get("/").status_code == 200
    assert session_data(client)["seen"] > seen


def test_a_session_older_than_the_absolute_limit_ends_even_when_active(timed_app, make_person, caplog):
    client = timed_app.test_client()
    sign_in(client, make_person())
    now = int(time.time())
    set_session(client, iat=now - 10 * 3600 - 1, seen=now)
    with caplog.at_level("INFO", logger="ura.auth"):
        assert is_signed_out(client.get("/"))
    assert "reason=absolute timeout" in caplog.text


def test_the_timeouts_are_settings(make_app, app, make_person):
    short = make_app(SESSION_IDLE_MINUTES=1, SESSION_MAX_HOURS=1)
    client = short.test_client()
    sign_in(client, make_person())
    set_session(client, seen=int(time.time()) - 2 * 60)
    assert is_signed_out(client.get("/"))

    sign_in(client, make_person())
    now = int(time.time())
    set_session(client, iat=now - 3601, seen=now)
    assert is_signed_out(client.get("/"))


def test_deactivating_a_person_ends_their_session_at_the_next_request(client_as, make_person, db):
    person = make_person()
    client = client_as(person)
    assert client.get("/").status_code == 200
    person.active = False
    db.session.commit()
    assert is_signed_out(client.get("/"))
    assert "pid" not in session_data(client)
    # Reactivated, the old cookie still does not come back to life.
    person.active = True
    db.session.commit()
    assert is_signed_out(client.get("/"))


def test_a_new_session_epoch_ends_every_open_session(client_as, make_person, db):
    person = make_person()
    first, second = client_as(person), client_as(person)
    person.session_epoch += 1
    db.session.commit()
    assert is_signed_out(first.get("/"))
    assert is_signed_out(second.get("/"))
    assert client_as(person).get("/").status_code == 200


def test_the_development_sign_in_refuses_a_deactivated_person(client, make_person, caplog):
    person = make_person(active=False)
    with caplog.at_level("WARNING", logger="ura.auth"):
        response = client.post("/auth/dev", data={"person_id": person.id})
    assert response.status_code == 403
    assert "Your account has been deactivated in Ura" in response.get_data(as_text=True)
    assert "pid" not in session_data(client)
    assert f"person={person.id} deactivated" in caplog.text


def test_the_development_sign_in_lists_only_active_people(client, make_person):
    make_person("Active Alba")
    make_person("Gone Gezim", active=False)
    html = client.get("/auth/dev").get_data(as_text=True)
    assert "Active Alba" in html and "Gone Gezim" not in html


def test_the_development_sign_in_renews_the_session(client, make_person):
    person = make_person()
    set_session(client, planted="before sign-in", sid="fixed")
    response = client.post("/auth/dev", data={"person_id": person.id, "next": "/directory/"})
    assert response.headers["Location"] == "/directory/"
    after = session_data(client)
    assert after["pid"] == person.id and after["method"] == "development"
    assert "planted" not in after and after["sid"] != "fixed"


def test_the_development_sign_in_does_not_exist_with_sso_or_in_production(make_app, app):
    sso = make_app(SSO_CLIENT_ID="x", SSO_CLIENT_SECRET="y", SSO_OIDC_AUTHORITY="https://127.0.0.1:1/t")
    assert sso.test_client().get("/auth/dev").status_code == 404
    production = make_app(URA_ENV="production", SSO_CLIENT_ID="x", SSO_CLIENT_SECRET="y",
                          SSO_OIDC_AUTHORITY="https://127.0.0.1:1/t")
    assert production.test_client().get("/auth/dev", base_url="https://localhost").status_code == 404


def test_sign_in_is_rate_limited_with_the_translated_error_page(make_app, app):
    limited = make_app(RATELIMIT_ENABLED=True, RATELIMIT_SIGNIN="3 per minute")
    client = limited.test_client()
    statuses = [client.get("/auth/login").status_code for _ in range(3)]
    assert statuses == [302, 302, 302]
    response = client.get("/auth/login", headers={"Accept-Language": "en"})
    assert response.status_code == 429
    html = response.get_data(as_text=True)
    assert "Too many attempts" in html and "Please wait a minute and try again." in html
    assert '<html lang="en">' in html
    assert "Traceback" not in html


def test_the_rate_limit_counts_development_sign_in_posts(make_app, app, make_person):
    limited = make_app(RATELIMIT_ENABLED=True, RATELIMIT_SIGNIN="2 per minute")
    client = limited.test_client()
    person = make_person()
    assert client.get("/auth/dev").status_code == 200  # looking at the list is not an attempt
    statuses = [client.post("/auth/dev", data={"person_id": person.id}).status_code for _ in range(3)]
    assert statuses == [302, 302, 429]
