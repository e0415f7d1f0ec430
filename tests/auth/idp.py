"""A real OpenID Connect provider over HTTPS on loopback, and the browser's part of signing in.

`serve_https` serves any WSGI app (here `oidc_provider_mock` apps) on a free port
of 127.0.0.1 with a certificate from a throwaway `trustme` CA. Ura reaches the
provider through MSAL exactly as it reaches Entra ID; the tests play the browser:
the Flask test client for Ura, `requests` for the provider's sign-in form.
"""

from __future__ import annotations

import contextlib
import json
import socket
import ssl
import threading
import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
import requests
import trustme
from werkzeug.serving import make_server
from werkzeug.wrappers import Response

#: MSAL's advice to use form_post (Ura chooses query mode on purpose, see intranet/auth/sso.py),
#: and authlib's deprecation notices from inside the mock provider.
QUIET = [
    pytest.mark.filterwarnings("ignore:response_mode='form_post' is recommended:UserWarning"),
    pytest.mark.filterwarnings("ignore:get_jwt_config:DeprecationWarning"),
]

CLIENT_ID = "ura-test-client"
CLIENT_SECRET = "ura-test-secret"
TENANT = "11111111-2222-3333-4444-555555555555"


def not_found(environ, start_response):
    return Response("not found", status=404)(environ, start_response)


def without_end_session(app):
    """The provider, minus `end_session_endpoint` in its discovery document."""
    return _rewrite_discovery(app, lambda doc: {k: v for k, v in doc.items() if k != "end_session_endpoint"})


def with_issuer(app, suffix: str):
    """The provider, with a discovery issuer its tokens do not carry (same host, other path)."""
    return _rewrite_discovery(app, lambda doc: {**doc, "issuer": doc["issuer"] + suffix})


def _rewrite_discovery(app, change):
    def wrapped(environ, start_response):
        if not environ.get("PATH_INFO", "").endswith("/.well-known/openid-configuration"):
            return app(environ, start_response)
        response = Response.from_app(app, environ)
        document = change(json.loads(response.get_data()))
        return Response(json.dumps(document), mimetype="application/json")(environ, start_response)

    return wrapped


@contextlib.contextmanager
def serve_https(wsgi_app, ca: trustme.CA):
    """Serve `wsgi_app` over HTTPS on a free port of 127.0.0.1 in a thread; yields the base URL."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca.issue_cert("localhost", "127.0.0.1").configure_cert(context)
    server = make_server("127.0.0.1", 0, wsgi_app, threaded=True, ssl_context=context)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"https://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@dataclass
class Provider:
    """The running provider: its authorities and the CA file that trusts its certificate."""

    base: str
    ca_path: str

    @property
    def authority(self) -> str:
        return f"{self.base}/tenant-1"

    def variant(self, name: str) -> str:
        return f"{self.base}/{name}"

    def user(self, *, authority: str | None = None, **claims) -> str:
        """Create a user on the provider with these ID-token claims; returns its `sub`."""
        sub = f"user-{uuid.uuid4().hex[:12]}"
        self.set_claims(sub, authority=authority, **claims)
        return sub

    def set_claims(self, sub: str, *, authority: str | None = None, **claims) -> None:
        """Replace the claims the provider puts in `sub`'s next ID token."""
        response = requests.put(f"{authority or self.authority}/users/{sub}", json=claims,
                                verify=self.ca_path, timeout=10)
        assert response.status_code == 204, response.text


def claims_for(tid: str = TENANT, oid: str | None = None, **claims) -> dict:
    """Entra-like claims: a tenant, a fresh object id, and whatever else is given."""
    return {"tid": tid, "oid": oid or str(uuid.uuid4()), **claims}


def start_login(client, next_url: str | None = None) -> str:
    """GET /auth/login; returns the provider's sign-in URL that Ura redirected to."""
    response = client.get("/auth/login", query_string={"next": next_url} if next_url else None)
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"]


def provider_answer(auth_uri: str, provider: Provider, sub: str | None, deny: bool = False) -> str:
    """The browser at the provider's form: sign in as `sub` (or deny); returns the callback URL."""
    data = {"action": "deny"} if deny else {"sub": sub}
    response = requests.post(auth_uri, data=data, verify=provider.ca_path, allow_redirects=False, timeout=10)
    assert response.status_code == 302, response.text
    return response.headers["Location"]


def callback_path(callback_url: str) -> str:
    parts = urlsplit(callback_url)
    assert parts.path == "/auth/callback", callback_url
    return f"{parts.path}?{parts.query}"


def sso_sign_in(client, provider: Provider, sub: str, next_url: str | None = None):
    """The whole round trip: Ura's login, the provider's form, Ura's callback; returns the callback response."""
    auth_uri = start_login(client, next_url)
    return client.get(callback_path(provider_answer(auth_uri, provider, sub)))


def free_port() -> int:
    """A port nothing listens on (bound, read, released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
