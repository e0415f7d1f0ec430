"""Fixtures for the sign-in tests: an OpenID Connect provider per worker, and Ura pointed at it.

The provider serves several independent issuers, each with its own users:
- `/tenant-1`: the provider as it is (nonce required, so MSAL's nonce is exercised).
- `/no-logout`: its discovery document has no `end_session_endpoint`.
- `/wrong-issuer`: its discovery document names an issuer its tokens do not carry.
- `/expired`: its ID tokens expired an hour before they were issued.
"""

from __future__ import annotations

import warnings
from datetime import timedelta

import pytest
import trustme
from werkzeug.middleware.dispatcher import DispatcherMiddleware

from tests.auth.idp import (
    CLIENT_ID,
    CLIENT_SECRET,
    Provider,
    not_found,
    serve_https,
    with_issuer,
    without_end_session,
)

with warnings.catch_warnings():  # authlib, inside the mock, announces its own deprecations
    import authlib.deprecate  # noqa: F401  (it installs an "always" filter; ours must come after)

    warnings.simplefilter("ignore", DeprecationWarning)
    import oidc_provider_mock


@pytest.fixture(scope="session")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture(scope="session")
def provider(ca, tmp_path_factory) -> Provider:
    ca_path = tmp_path_factory.mktemp("ca") / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_path))
    expired = oidc_provider_mock.app(access_token_max_age=timedelta(hours=-1))
    mounts = {
        "/tenant-1": oidc_provider_mock.app(require_nonce=True),
        "/no-logout": without_end_session(oidc_provider_mock.app()),
        "/wrong-issuer": with_issuer(oidc_provider_mock.app(), "/someone-else"),
        "/expired": expired,
    }
    with serve_https(DispatcherMiddleware(not_found, mounts), ca) as base:
        yield Provider(base=base, ca_path=str(ca_path))


@pytest.fixture
def sso_config(provider) -> dict:
    """Settings that point Ura at the provider (as `SSO_OIDC_AUTHORITY`)."""
    return {
        "SSO_CLIENT_ID": CLIENT_ID, "SSO_CLIENT_SECRET": CLIENT_SECRET,
        "SSO_OIDC_AUTHORITY": provider.authority, "SSO_CA_BUNDLE": provider.ca_path,
        "SSO_ROLE_MAP": None,
    }


@pytest.fixture
def sso_app(make_app, sso_config, app):
    """Ura with single sign-on through the provider (and an app context, via `app`)."""

    def factory(**overrides):
        return make_app(**{**sso_config, **overrides})

    return factory
