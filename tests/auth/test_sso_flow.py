"""The authorization-code flow itself: state, replay, other browsers, next, sessions,
sign-out, and every way the identity provider can fail (never a 500)."""

from __future__ import annotations

import inspect
from urllib.parse import parse_qs, urlsplit

import msal.oauth2cli.oauth2
import msal.oauth2cli.oidc
import oidc_provider_mock
import pytest
import requests
from werkzeug.middleware.dispatcher import DispatcherMiddleware

from intranet.auth.models import SignInSession
from intranet.extensions import db as _db
from intranet.people.models import Person
from tests.auth.idp import (
    CLIENT_ID,
    QUIET,
    callback_path,
    claims_for,
    free_port,
    not_found,
    provider_answer,
    serve_https,
    sso_sign_in,
    start_login,
)
from tests.conftest import sign_in

pytestmark = QUIET


def session_data(client) -> dict:
    with client.session_transaction() as session:
        return dict(session)


def count_people(db) -> int:
    db.session.expire_all()
    return len(db.session.scalars(db.select(Person)).all())


def with_query(url: str, **changes) -> str:
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    query.update(changes)
    return parts._replace(query="&".join(f"{k}={v}" for k, v in query.items())).geturl()


@pytest.fixture
def user(provider):
    return provider.user(**claims_for(name="Qendresa", email="qendresa@istog.example"))


# --- the flow ----------------------------------------------------------------

def test_msal_draws_state_nonce_and_pkce_from_a_csprng():
    """Guards the pinned MSAL: if an upgrade stops using `secrets`, pass `state` ourselves."""
    assert "secrets.token_urlsafe" in inspect.getsource(msal.oauth2cli.oauth2.Client.initiate_auth_code_flow)
    assert "secrets.choice" in inspect.getsource(msal.oauth2cli.oauth2._generate_pkce_code_verifier)
    assert "secrets.token_urlsafe" in inspect.getsource(msal.oauth2cli.oidc.Client.initiate_auth_code_flow)


def test_the_sign_in_request_carries_state_nonce_and_pkce_in_query_mode(sso_app, provider):
    client = sso_app().test_client()
    auth_uri = start_login(client)
    assert auth_uri.startswith(provider.authority + "/oauth2/authorize?")
    query = parse_qs(urlsplit(auth_uri).query)
    assert query["client_id"] == [CLIENT_ID]
    assert query["redirect_uri"] == ["http://localhost/auth/callback"]
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["state"][0]) >= 20 and len(query["nonce"][0]) >= 20
    assert "response_mode" not in query  # query mode: the SameSite=Lax cookie comes back with it
    assert set(query["scope"][0].split()) == {"openid", "profile", "email"}  # no offline_access
    pending = session_data(client)["sso_flow"]
    assert pending["flow"]["state"] == query["state"][0]
    assert "auth_uri" not in pending["flow"]


def test_a_tampered_state_is_refused(sso_app, provider, db, user):
    client = sso_app().test_client()
    callback = provider_answer(start_login(client), provider, user)
    response = client.get(callback_path(with_query(callback, state="forged-state-value")))
    assert response.status_code == 400
    assert "It may have expired or been started in another browser" in response.get_data(as_text=True)
    assert "_user_id" not in session_data(client)
    assert count_people(db) == 0


def test_a_replayed_callback_signs_nobody_in(sso_app, provider, db, user):
    app = sso_app()
    client = app.test_client()
    auth_uri = start_login(client)
    cookie_name = app.config["SESSION_COOKIE_NAME"]
    cookie_before = client.get_cookie(cookie_name).value
    callback = callback_path(provider_answer(auth_uri, provider, user))
    assert client.get(callback).status_code == 302

    # The same browser again: the flow was popped at the first use.
    again = client.get(callback)
    assert again.status_code == 400

    # A browser replaying the cookie from before the callback still has the flow,
    # but the provider redeems a code once only.
    replayer = app.test_client()
    replayer.set_cookie(cookie_name, cookie_before)
    replayed = replayer.get(callback)
    assert replayed.status_code == 400
    assert "Ura cannot accept" in replayed.get_data(as_text=True)
    assert "_user_id" not in session_data(replayer)
    assert count_people(db) == 1


def test_a_callback_opened_in_another_browser_signs_nobody_in(sso_app, provider, db, user):
    app = sso_app()
    callback = callback_path(provider_answer(start_login(app.test_client()), provider, user))
    other_browser = app.test_client()
    response = other_browser.get(callback)
    assert response.status_code == 400
    assert "_user_id" not in session_data(other_browser)
    assert count_people(db) == 0


def test_a_callback_without_any_flow_never_reaches_the_provider(make_app, app):
    """The flow is checked first: a stray callback costs no request to the provider."""
    unreachable = f"https://127.0.0.1:{free_port()}/tenant-1"
    client = make_app(SSO_CLIENT_ID="x", SSO_CLIENT_SECRET="y", SSO_OIDC_AUTHORITY=unreachable).test_client()
    assert client.get("/auth/callback?code=abc&state=def").status_code == 400


def test_a_tampered_state_also_spends_the_pending_flow(sso_app, provider, db, user):
    client = sso_app().test_client()
    callback = provider_answer(start_login(client), provider, user)
    client.get(callback_path(with_query(callback, state="forged")))
    assert client.get(callback_path(callback)).status_code == 400
    assert count_people(db) == 0


def test_a_stale_flow_is_refused(sso_app, provider, user):
    client = sso_app().test_client()
    callback = callback_path(provider_answer(start_login(client), provider, user))
    with client.session_transaction() as session:
        pending = session["sso_flow"]
        pending["at"] -= 16 * 60
        session["sso_flow"] = pending
    assert client.get(callback).status_code == 400


@pytest.mark.parametrize("next_url", ["/directory/?q=ana", "/notifications/"])
def test_next_is_carried_through_the_provider(sso_app, provider, user, next_url):
    response = sso_sign_in(sso_app().test_client(), provider, user, next_url=next_url)
    assert response.headers["Location"] == next_url


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example", "/\\evil.example"])
def test_an_external_next_is_ignored(sso_app, provider, user, next_url):
    client = sso_app().test_client()
    assert "evil" not in start_login(client, next_url)
    response = sso_sign_in(client, provider, user, next_url=next_url)
    assert response.headers["Location"] == "/"


def test_signing_in_renews_the_session(sso_app, provider, user):
    client = sso_app().test_client()
    with client.session_transaction() as session:
        session.update(planted="by an attacker before sign-in", _user_id="fixed-session-id", lang="en")
    sso_sign_in(client, provider, user)
    after = session_data(client)
    assert "planted" not in after and "sso_flow" not in after
    assert after["_user_id"] != "fixed-session-id"
    assert _db.session.get(SignInSession, after["_user_id"]).method == "sso"
    # The language chosen before signing in becomes the new person's.
    assert client.get("/api/v1/me").get_json()["language"] == "en"


def test_a_signed_in_person_visiting_login_goes_straight_to_next(sso_app, provider, user):
    client = sso_app().test_client()
    sso_sign_in(client, provider, user)
    response = client.get("/auth/login?next=/directory/")
    assert response.status_code == 302 and response.headers["Location"] == "/directory/"


def test_every_attempt_is_logged_without_codes_or_tokens(sso_app, provider, user, caplog):
    client = sso_app().test_client()
    with caplog.at_level("INFO", logger="ura"):
        callback = provider_answer(start_login(client), provider, user)
        client.get(callback_path(callback))
        client.get(callback_path(callback))
    code = parse_qs(urlsplit(callback).query)["code"][0]
    auth_lines = [r.getMessage() for r in caplog.records if r.name == "ura.auth"]
    assert any(line.startswith("sign-in started") for line in auth_lines)
    assert any(line.startswith("sign-in succeeded") and "method=sso" in line for line in auth_lines)
    assert any("sign-in refused method=sso reason=expired" in line for line in auth_lines)
    assert code not in caplog.text


# --- sign-out ----------------------------------------------------------------

def test_sign_out_ends_the_session_and_the_providers(sso_app, provider, user):
    client = sso_app().test_client()
    sso_sign_in(client, provider, user)
    response = client.post("/auth/logout")
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith(provider.authority + "/oauth2/end_session?")
    query = parse_qs(urlsplit(location).query)
    assert query["post_logout_redirect_uri"] == ["http://localhost/auth/signed-out"]
    assert query["client_id"] == [CLIENT_ID]
    assert "_user_id" not in session_data(client)
    assert client.get("/api/v1/me").status_code == 401

    # The provider asks, then sends the browser back to Ura's signed-out page.
    page = requests.get(location, verify=provider.ca_path, timeout=10)
    assert page.status_code == 200
    confirmed = requests.post(f"{provider.authority}/oauth2/end_session/confirm",
                              data={"redirect_uri": query["post_logout_redirect_uri"][0]},
                              verify=provider.ca_path, allow_redirects=False, timeout=10)
    assert confirmed.headers["Location"] == "http://localhost/auth/signed-out"
    assert client.get("/auth/signed-out").status_code == 200


def test_sign_out_without_an_end_session_endpoint_lands_on_the_signed_out_page(sso_app, provider):
    authority = provider.variant("no-logout")
    sub = provider.user(authority=authority, **claims_for(name="Rina"))
    client = sso_app(SSO_OIDC_AUTHORITY=authority).test_client()
    assert sso_sign_in(client, provider, sub).status_code == 302
    response = client.post("/auth/logout")
    assert response.headers["Location"] == "http://localhost/auth/signed-out"
    assert "_user_id" not in session_data(client)


def signed_in_by_sso(client, person) -> None:
    record = sign_in(client, person)
    record.method = "sso"
    _db.session.commit()


def test_sign_out_from_entra_uses_the_tenants_logout_endpoint(make_app, app, make_person):
    authority = "https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555"
    entra = make_app(SSO_CLIENT_ID="cid", SSO_CLIENT_SECRET="s", SSO_AUTHORITY=authority)
    client = entra.test_client()
    signed_in_by_sso(client, make_person())
    location = client.post("/auth/logout").headers["Location"]
    assert location.startswith(authority + "/oauth2/v2.0/logout?")
    assert parse_qs(urlsplit(location).query)["post_logout_redirect_uri"] == ["http://localhost/auth/signed-out"]


def test_sign_out_when_the_provider_is_unreachable_still_signs_out(sso_app, make_person):
    unreachable = f"https://127.0.0.1:{free_port()}/tenant-1"
    client = sso_app(SSO_OIDC_AUTHORITY=unreachable).test_client()
    signed_in_by_sso(client, make_person("Xhemile"))
    response = client.post("/auth/logout")
    assert response.headers["Location"] == "http://localhost/auth/signed-out"
    assert "_user_id" not in session_data(client)


# --- the provider fails --------------------------------------------------------

def test_an_unreachable_provider_gives_the_refusal_page_not_a_500(sso_app, caplog):
    client = sso_app(SSO_OIDC_AUTHORITY=f"https://127.0.0.1:{free_port()}/tenant-1").test_client()
    with caplog.at_level("WARNING", logger="ura"):
        response = client.get("/auth/login")
    assert response.status_code == 503
    assert "The sign-in service cannot be reached right now" in response.get_data(as_text=True)
    assert "discovery failed" in caplog.text


def test_a_provider_that_goes_down_before_the_callback(sso_app, ca, provider):
    """The provider answered the sign-in, then vanished before Ura redeemed the code."""
    with serve_https(_mounted(oidc_provider_mock.app()), ca) as base:
        authority = f"{base}/tenant-x"
        sub = provider.user(authority=authority, **claims_for(name="Sara"))
        client = sso_app(SSO_OIDC_AUTHORITY=authority).test_client()
        callback = callback_path(provider_answer(start_login(client), provider, sub))
    response = client.get(callback)
    assert response.status_code == 503
    assert "cannot be reached" in response.get_data(as_text=True)
    assert "_user_id" not in session_data(client)


def _mounted(wsgi_app):
    return DispatcherMiddleware(not_found, {"/tenant-x": wsgi_app})


def test_a_sign_in_the_provider_refuses(sso_app, provider, db):
    """An error answer with our state (RFC 6749 4.1.2.1, as Entra ID sends it) reads as refused."""
    client = sso_app().test_client()
    state = parse_qs(urlsplit(start_login(client)).query)["state"][0]
    response = client.get("/auth/callback", query_string={
        "error": "access_denied", "error_description": "AADSTS50105: not assigned\nforged line", "state": state})
    assert response.status_code == 403
    assert "did not let you in" in response.get_data(as_text=True)
    assert count_people(db) == 0


def test_the_providers_own_deny_button_signs_nobody_in(sso_app, provider, db):
    """The mock provider's deny answer carries no state, so it cannot be matched to the flow."""
    client = sso_app().test_client()
    callback = provider_answer(start_login(client), provider, None, deny=True)
    assert "error=access_denied" in callback
    response = client.get(callback_path(callback))
    assert response.status_code == 400
    assert "_user_id" not in session_data(client)
    assert count_people(db) == 0


def test_an_id_token_from_another_issuer_is_refused(sso_app, provider, db):
    authority = provider.variant("wrong-issuer")
    sub = provider.user(authority=authority, **claims_for(name="Trim"))
    client = sso_app(SSO_OIDC_AUTHORITY=authority).test_client()
    response = sso_sign_in(client, provider, sub)
    assert response.status_code == 400
    assert "Ura cannot accept" in response.get_data(as_text=True)
    assert count_people(db) == 0


def test_an_expired_id_token_is_refused(sso_app, provider, db):
    authority = provider.variant("expired")
    sub = provider.user(authority=authority, **claims_for(name="Uran"))
    response = sso_sign_in(sso_app(SSO_OIDC_AUTHORITY=authority).test_client(), provider, sub)
    assert response.status_code == 400
    assert count_people(db) == 0


def test_an_id_token_for_another_client_is_refused(sso_app, provider, db, user):
    """The token's audience is the client id Ura sent; a mismatch means it was not for Ura."""
    app = sso_app()
    client = app.test_client()
    callback = callback_path(provider_answer(start_login(client), provider, user))
    app.config["SSO_CLIENT_ID"] = "another-application"
    response = client.get(callback)
    assert response.status_code == 400
    assert count_people(db) == 0


def test_a_token_without_an_identity_is_refused(sso_app, provider, db):
    sub = provider.user(tid="only-a-tenant", name="Vesa")
    response = sso_sign_in(sso_app().test_client(), provider, sub)
    assert response.status_code == 400
    assert count_people(db) == 0


def test_the_callback_without_sso_configured_does_not_exist(client):
    assert client.get("/auth/callback?code=x&state=y").status_code == 404
