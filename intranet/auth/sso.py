"""Microsoft Entra ID / OpenID Connect sign-in through MSAL (authorization code + PKCE).

- `begin(next_url)` starts a flow and returns the identity provider's sign-in URL.
- `complete(args)` finishes it on `/auth/callback` and returns an `Outcome`: the
  person to sign in, or the reason and status of the refusal page.
- `end_session_url(post_logout_redirect)` is where sign-out sends the browser so
  the identity provider's session ends too.

State, nonce and the PKCE verifier come from MSAL, which draws them from
`secrets` (checked for msal 1.39; `tests/auth/test_sso_flow.py` guards it).
The flow lives in the signed session cookie until the callback pops it: a
replayed callback or a callback in another browser finds no flow, a tampered
state does not match it, and nobody is signed in. The cookie is signed, not
encrypted; the verifier and nonce in it are useless without the code and the
client secret.

Ura keeps no tokens: the ID token's claims decide who signs in (see
`intranet.auth.provisioning`), then the tokens are dropped.
"""

from __future__ import annotations

import functools
import json
import logging
import threading
import time
import warnings
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import msal
import requests
from flask import current_app, session, url_for
from sqlalchemy.exc import IntegrityError

from intranet.auth import provisioning
from intranet.config import authority_tenant
from intranet.extensions import db
from intranet.i18n import chosen_language
from intranet.people.models import Person
from intranet.security import safe_next

log = logging.getLogger("ura.auth")

#: seconds to wait for the identity provider; a hung provider must not hang a worker
HTTP_TIMEOUT = 10
#: a flow not completed within this many seconds is refused
FLOW_MAX_AGE = 15 * 60
#: leeway for the clocks of Ura and the identity provider
CLOCK_SKEW = 5 * 60
#: `email` is the standard OpenID scope for the email claim (Entra ID and others)
SCOPES = ["email"]

_FLOW = "sso_flow"

# MSAL warns on every sign-in that does not use form_post; query mode is chosen
# on purpose (see `begin`), so the warning says nothing an operator can act on.
warnings.filterwarnings("ignore", message="response_mode='form_post' is recommended", category=UserWarning)


@dataclass
class Outcome:
    """The end of a callback: `person` to sign in, or why not (`reason`, HTTP `status`)."""

    person: Person | None
    next_url: str = "/"
    reason: str = ""
    status: int = 200


class SignInUnavailable(Exception):
    """The identity provider cannot be reached or gave an unusable discovery document."""


class _NoTokenCache(msal.TokenCache):
    """Ura only signs people in; it keeps no access or refresh tokens anywhere."""

    def add(self, event, now=None):
        return None


@dataclass
class _Provider:
    client: msal.ConfidentialClientApplication
    issuer: str
    end_session_endpoint: str | None


_build_lock = threading.Lock()


def _provider() -> _Provider:
    """The MSAL application of this Flask app, built (with OpenID discovery) on first use.

    :raises SignInUnavailable: when discovery fails; the next call tries again.
    """
    state = current_app.extensions.setdefault("ura.sso", {})
    if "provider" not in state:
        with _build_lock:
            if "provider" not in state:
                state["provider"] = _build(current_app.config)
    return state["provider"]


def _http_session(ca_bundle: str | None) -> requests.Session:
    http = requests.Session()
    extra: dict[str, Any] = {"timeout": HTTP_TIMEOUT}
    if ca_bundle:
        # Per request, not `http.verify`: requests lets REQUESTS_CA_BUNDLE from the
        # environment override a session's own `verify`, but not a per-request one.
        extra["verify"] = ca_bundle
    http.request = functools.partial(http.request, **extra)  # type: ignore[method-assign]  # defaults for every call
    adapter = requests.adapters.HTTPAdapter(max_retries=1)
    http.mount("https://", adapter)
    return http


def _build(config) -> _Provider:
    oidc_authority = (config.get("SSO_OIDC_AUTHORITY") or "").rstrip("/")
    authority = (config.get("SSO_AUTHORITY") or "").rstrip("/")
    options = {"oidc_authority": oidc_authority} if oidc_authority else {"authority": authority}
    try:
        client = msal.ConfidentialClientApplication(
            config["SSO_CLIENT_ID"], client_credential=config.get("SSO_CLIENT_SECRET"),
            http_client=_http_session(config.get("SSO_CA_BUNDLE")), token_cache=_NoTokenCache(),
            exclude_scopes=["offline_access"],  # no refresh token: Ura never calls an API
            **options,
        )
        # The same URL MSAL just fetched, so MSAL's HTTP cache answers without a request.
        discovery_url = (
            f"{oidc_authority}/.well-known/openid-configuration" if oidc_authority
            else f"{authority}/v2.0/.well-known/openid-configuration"
        )
        response = client.http_client.get(discovery_url)
        document = json.loads(response.text) if response.status_code == 200 else {}
    except (OSError, ValueError, RuntimeError, requests.RequestException, msal.exceptions.MsalError) as exc:
        # Discovery carries no secrets, so the message (URL, status) may be logged whole.
        log.error("identity provider unavailable: discovery failed: %s: %s", type(exc).__name__, exc)
        raise SignInUnavailable(type(exc).__name__) from exc
    if not isinstance(document, dict) or not document.get("issuer"):
        log.error("identity provider unavailable: discovery document names no issuer")
        raise SignInUnavailable("no issuer")
    return _Provider(client, document["issuer"], document.get("end_session_endpoint"))


def begin(next_url: str) -> str:
    """Start a sign-in; `next_url` (already a safe local path) travels with the flow.

    :raises SignInUnavailable: when the identity provider cannot be reached.
    """
    provider = _provider()
    # Query response mode (the default): our session cookie is SameSite=Lax, so it
    # rides along on the provider's top-level GET redirect back to the callback,
    # but would be withheld from the cross-site POST of `form_post`, losing the flow.
    # The code in the URL is single-use, bound to the PKCE verifier and useless
    # without the client secret; the callback answers with a redirect at once.
    flow = provider.client.initiate_auth_code_flow(
        scopes=SCOPES, redirect_uri=url_for("auth.callback", _external=True),
    )
    auth_uri = flow.pop("auth_uri")  # not needed later; keeps the cookie small
    session[_FLOW] = {"flow": flow, "next": next_url, "at": int(time.time())}
    log.info("sign-in started method=sso")
    return auth_uri


def _pop_flow() -> dict | None:
    """Take the pending flow out of the session before using it, so it serves once only."""
    pending = session.pop(_FLOW, None)
    if not isinstance(pending, dict) or int(time.time()) - int(pending.get("at", 0)) > FLOW_MAX_AGE:
        return None
    return pending


def _refuse(reason: str, status: int, detail: str) -> Outcome:
    log.warning("sign-in refused method=sso reason=%s detail=%s", reason, detail[:200])
    return Outcome(person=None, reason=reason, status=status)


def complete(args) -> Outcome:
    """Finish a sign-in from the provider's redirect (`args`: the callback's query).

    Never raises for anything the provider or the browser sent: every failure is
    an `Outcome` with a reason for `templates/auth/refused.html`.
    """
    response = args.to_dict() if hasattr(args, "to_dict") else dict(args)
    pending = _pop_flow()
    if pending is None:
        return _refuse("expired", 400, "no pending sign-in in this browser")
    try:
        provider = _provider()
        result = provider.client.acquire_token_by_auth_code_flow(pending["flow"], response)
    except SignInUnavailable:
        return _refuse("unavailable", 503, "discovery failed")
    except (OSError, requests.RequestException) as exc:
        return _refuse("unavailable", 503, f"token request failed ({type(exc).__name__})")
    except msal.exceptions.MsalServiceError:
        return _refuse("unavailable", 503, "token endpoint answered with a server error")
    except json.JSONDecodeError:
        return _refuse("failed", 400, "token endpoint answered without JSON")
    except ValueError:  # MSAL: the state differs from the flow's, or neither code nor error
        return _refuse("expired", 400, "response does not match the pending flow")
    except RuntimeError as exc:  # MSAL: nonce or max_age mismatch in the ID token
        # Only the class: MSAL's messages quote the nonce and claims.
        return _refuse("invalid", 400, f"ID token refused by MSAL ({type(exc).__name__})")
    if "error" in result:
        detail = f"{result.get('error')}: {result.get('error_description', '')}"
        if "error" in response:  # the provider refused at its sign-in page
            return _refuse("denied", 403, detail)
        return _refuse("failed", 400, detail)
    claims = result.get("id_token_claims") or {}
    problem = _invalid_claims(claims, provider)
    if problem:
        return _refuse("invalid", 400, problem)
    allowed = allowed_tenants(current_app.config, provider.issuer)
    if allowed and str(claims.get("tid", "")).lower() not in allowed:
        return _refuse("tenant", 403, f"tenant {str(claims.get('tid', ''))[:64]!r} is not allowed")
    return _sign_in(claims, pending.get("next"))


def allowed_tenants(config, issuer: str) -> set[str]:
    """The tenant ids whose accounts may sign in; empty: any that the issuer check lets through.

    `SSO_ALLOWED_TENANTS` when set; else the tenant of `SSO_AUTHORITY`, read from the
    issuer Entra's discovery names (it carries the tenant's id even when the authority
    names the tenant by its domain). A generic OpenID Connect issuer without the
    setting is one issuer, which the issuer check already pins.
    """
    if config.get("SSO_ALLOWED_TENANTS"):
        return {tenant.lower() for tenant in config["SSO_ALLOWED_TENANTS"]}
    if not config.get("SSO_AUTHORITY") or config.get("SSO_OIDC_AUTHORITY"):
        return set()
    tenant = authority_tenant(issuer)
    return {tenant} if tenant and "{" not in tenant else set()


def _sign_in(claims: dict, next_url: str | None) -> Outcome:
    try:
        person = _provision(claims)
    except provisioning.SignInRefused as refused:
        db.session.rollback()
        status = 403 if refused.reason in ("deactivated", "unverified") else 400
        return _refuse(refused.reason, status, refused.detail)
    return Outcome(person=person, next_url=safe_next(next_url))


def _provision(claims: dict) -> Person:
    options: dict[str, Any] = {"role_map": current_app.config.get("SSO_ROLE_MAP"), "language": chosen_language()}
    try:
        return provisioning.person_from_claims(claims, **options)
    except IntegrityError:
        # Two first sign-ins of one account at once: the loser of the unique
        # (tenant, object) race finds the winner's person on the second try.
        db.session.rollback()
        return provisioning.person_from_claims(claims, **options)


def _invalid_claims(claims: dict, provider: _Provider) -> str:
    """Why these ID-token claims must not be trusted, or "" when they may.

    MSAL got the token straight from the token endpoint over verified TLS, so
    the signature may be skipped (OpenID Connect Core 3.1.3.7), but issuer,
    audience and expiry are ours to check: MSAL 1.38+ no longer does.
    """
    client_id = current_app.config["SSO_CLIENT_ID"]
    expected_issuer = provider.issuer
    if "{tenantid}" in expected_issuer:  # Entra's multi-tenant authorities
        expected_issuer = expected_issuer.replace("{tenantid}", str(claims.get("tid", "")))
    if claims.get("iss") != expected_issuer:
        return "issuer does not match the authority"
    audience = claims.get("aud")
    if not (audience == client_id or (isinstance(audience, list) and client_id in audience)):
        return "audience is not this application"
    expires = claims.get("exp")
    if not isinstance(expires, (int, float)) or expires + CLOCK_SKEW < time.time():
        return "ID token expired"
    return ""


def end_session_url(post_logout_redirect: str) -> str:
    """The identity provider's end-session URL, or `post_logout_redirect` if it has none.

    Entra ID's is fixed by the tenant; any other issuer's comes from its discovery document.
    """
    config = current_app.config
    if config.get("SSO_OIDC_AUTHORITY"):
        try:
            endpoint = _provider().end_session_endpoint
        except SignInUnavailable:
            endpoint = None
    else:
        endpoint = config["SSO_AUTHORITY"].rstrip("/") + "/oauth2/v2.0/logout"
    if not endpoint:
        log.info("identity provider has no end-session endpoint; signed out of Ura only")
        return post_logout_redirect
    query = urlencode({"post_logout_redirect_uri": post_logout_redirect, "client_id": config["SSO_CLIENT_ID"]})
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"
