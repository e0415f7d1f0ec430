"""Sessions without single sign-on: timeouts, deactivation, the development sign-in, the rate limit."""

from __future__ import annotations

from datetime import timedelta

import pytest

from intranet.auth.models import SignInSession
from intranet.extensions import db as _db
from intranet.people.models import utcnow
from intranet.people.services import update_person
from tests.conftest import PageForm, sign_in


def set_session(client, **values) -> None:
    with client.session_transaction() as session:
        session.update(values)


def session_data(client) -> dict:
    with client.session_transaction() as session:
        return dict(session)


def is_signed_out(response) -> bool:
    return response.status_code == 302 and response.headers["Location"].startswith("/auth/login")


def age(record: SignInSession, *, seen_ago: timedelta | None = None, created_ago: timedelta | None = None) -> None:
    """Move a session record into the past, as if time had passed."""
    now = utcnow()
    if seen_ago is not None:
        record.last_seen_at = now - seen_ago
    if created_ago is not None:
        record.created_at = now - created_ago
    _db.session.commit()


def reload(record: SignInSession) -> SignInSession:
    _db.session.expire_all()
    return _db.session.get(SignInSession, record.id)


def dev_sign_in(client, person) -> None:
    response = client.post("/auth/dev", data={"person_id": person.id, "next": "/"})
    assert response.status_code == 302 and response.headers["Location"] == "/"


def copy_cookie(source, target) -> None:
    """What an attacker who read the cookie does: the same cookie in another browser."""
    name = source.application.config["SESSION_COOKIE_NAME"]
    target.set_cookie(name, source.get_cookie(name).value)


@pytest.fixture
def timed_app(make_app, app):
    return make_app(SESSION_IDLE_MINUTES=30, SESSION_MAX_HOURS=10)


def test_a_session_idle_longer_than_the_setting_ends(timed_app, make_person, caplog):
    client = timed_app.test_client()
    record = sign_in(client, make_person())
    age(record, seen_ago=timedelta(minutes=31))
    with caplog.at_level("INFO", logger="ura.auth"):
        assert is_signed_out(client.get("/"))
    assert "_user_id" not in session_data(client)
    assert "reason=idle timeout" in caplog.text
    assert reload(record).end_reason == "idle timeout"


def test_activity_within_the_idle_limit_keeps_the_session_and_moves_it_on(timed_app, make_person):
    client = timed_app.test_client()
    record = sign_in(client, make_person())
    age(record, seen_ago=timedelta(minutes=29))
    seen = record.last_seen_at
    assert client.get("/").status_code == 200
    assert reload(record).last_seen_at > seen


def test_last_seen_is_written_at_most_once_a_minute(timed_app, make_person):
    client = timed_app.test_client()
    record = sign_in(client, make_person())
    age(record, seen_ago=timedelta(seconds=20))
    seen = record.last_seen_at
    assert client.get("/").status_code == 200
    assert reload(record).last_seen_at == seen


def test_a_session_older_than_the_absolute_limit_ends_even_when_active(timed_app, make_person, caplog):
    client = timed_app.test_client()
    record = sign_in(client, make_person())
    age(record, created_ago=timedelta(hours=10, seconds=1), seen_ago=timedelta(0))
    with caplog.at_level("INFO", logger="ura.auth"):
        assert is_signed_out(client.get("/"))
    assert "reason=absolute timeout" in caplog.text


def test_the_timeouts_are_settings(make_app, app, make_person):
    short = make_app(SESSION_IDLE_MINUTES=1, SESSION_MAX_HOURS=1)
    client = short.test_client()
    age(sign_in(client, make_person()), seen_ago=timedelta(minutes=2))
    assert is_signed_out(client.get("/"))

    age(sign_in(client, make_person()), created_ago=timedelta(seconds=3601), seen_ago=timedelta(0))
    assert is_signed_out(client.get("/"))


def test_a_cookie_copied_before_sign_out_is_refused_after_it(client, app, make_person):
    person = make_person()
    dev_sign_in(client, person)
    thief = app.test_client()
    copy_cookie(client, thief)
    assert thief.get("/").status_code == 200  # the copy works while the session lives

    assert client.post("/auth/logout").status_code == 302
    assert is_signed_out(thief.get("/"))
    assert is_signed_out(client.get("/"))


def test_signing_out_ends_only_that_browser(client, app, make_person):
    person = make_person()
    other = app.test_client()
    dev_sign_in(client, person)
    dev_sign_in(other, person)
    client.post("/auth/logout")
    assert is_signed_out(client.get("/"))
    assert other.get("/").status_code == 200


def test_sign_out_everywhere_from_my_profile_ends_every_browser(client, app, make_person):
    person = make_person()
    phone, laptop = app.test_client(), app.test_client()
    dev_sign_in(phone, person)
    dev_sign_in(laptop, person)
    stranger = app.test_client()
    dev_sign_in(stranger, make_person())

    form = PageForm(laptop.get("/profile").data, action="/auth/logout-everywhere")
    response = form.submit(laptop, follow_redirects=True)
    assert "You are signed out on every device and browser." in response.get_data(as_text=True)
    assert is_signed_out(phone.get("/"))
    assert is_signed_out(laptop.get("/"))
    assert stranger.get("/").status_code == 200
    ended = _db.session.scalars(_db.select(SignInSession).filter_by(person_id=person.id)).all()
    assert len(ended) == 2 and {r.end_reason for r in ended} == {"signed out everywhere"}


def test_deactivating_a_person_ends_their_session_at_the_next_request(client_as, make_person, db):
    person = make_person()
    client = client_as(person)
    assert client.get("/").status_code == 200
    person.active = False
    db.session.commit()
    assert is_signed_out(client.get("/"))
    assert "_user_id" not in session_data(client)
    # Reactivated, the old cookie still does not come back to life.
    person.active = True
    db.session.commit()
    assert is_signed_out(client.get("/"))


def test_deactivation_by_an_admin_ends_every_session(client, app, make_person, db):
    person = make_person()
    admin = make_person(roles=["admin"])
    dev_sign_in(client, person)
    update_person(admin, person, active=False)
    records = db.session.scalars(db.select(SignInSession).filter_by(person_id=person.id)).all()
    assert [r.end_reason for r in records] == ["deactivated"]
    update_person(admin, person, active=True)
    assert is_signed_out(client.get("/"))


def test_a_cookie_naming_no_session_is_refused(client, make_person):
    sign_in(client, make_person())
    set_session(client, _user_id="made-up")
    assert is_signed_out(client.get("/"))


def test_a_cookie_replayed_from_another_browser_is_refused(client, app, make_person):
    dev_sign_in(client, make_person())
    elsewhere = app.test_client()
    elsewhere.environ_base["HTTP_USER_AGENT"] = "Another browser"
    copy_cookie(client, elsewhere)
    assert is_signed_out(elsewhere.get("/"))
    assert client.get("/").status_code == 200


def test_the_development_sign_in_refuses_a_deactivated_person(client, make_person, caplog):
    person = make_person(active=False)
    with caplog.at_level("WARNING", logger="ura.auth"):
        response = client.post("/auth/dev", data={"person_id": person.id})
    assert response.status_code == 403
    assert "Your account has been deactivated in Ura" in response.get_data(as_text=True)
    assert "_user_id" not in session_data(client)
    assert f"person={person.id} deactivated" in caplog.text


def test_the_development_sign_in_lists_only_active_people(client, make_person):
    make_person("Active Alba")
    make_person("Gone Gezim", active=False)
    html = client.get("/auth/dev").get_data(as_text=True)
    assert "Active Alba" in html and "Gone Gezim" not in html


def test_the_development_sign_in_renews_the_session(client, make_person):
    person = make_person()
    set_session(client, planted="before sign-in", _user_id="fixed")
    response = client.post("/auth/dev", data={"person_id": person.id, "next": "/directory/"})
    assert response.headers["Location"] == "/directory/"
    after = session_data(client)
    record = _db.session.get(SignInSession, after["_user_id"])
    assert record.person_id == person.id and record.method == "development"
    assert "planted" not in after and after["_user_id"] != "fixed"


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


@pytest.mark.parametrize("accept, unit_name, role", [("sq", "Drejtoria e Arsimit", "Njësia e Personelit"),
                                                     ("en", "Directorate of Education", "Human resources")])
def test_the_development_sign_in_is_in_one_language(client, make_person, make_unit, accept, unit_name, role):
    """Unit names and roles in the browser's language; no position (free text in the person's own
    language, which would mix languages on the page)."""
    unit = make_unit("DASH")
    unit.names = {"sq": "Drejtoria e Arsimit", "sr": "Direkcija za obrazovanje", "en": "Directorate of Education"}
    make_person("Dragan Petrović", unit=unit, roles=["hr"], position="Službenik za zajednice", language="sr")
    html = client.get("/auth/dev", headers={"Accept-Language": accept}).get_data(as_text=True)
    assert f'<html lang="{accept}">' in html
    assert unit_name in html and role in html and "Direkcija za obrazovanje" not in html
    assert "Službenik za zajednice" not in html
