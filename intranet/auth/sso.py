"""Microsoft Entra ID / OpenID Connect sign-in through MSAL (authorization code + PKCE).

Placeholder contract, completed in the SSO work:
- begin(next_url) -> URL of the identity provider's sign-in page
- complete(args) -> Outcome(person | None, reason, status, next_url)
- end_session_url(post_logout_redirect) -> the issuer's end-session URL
"""

from __future__ import annotations

from dataclasses import dataclass

from intranet.people.models import Person


@dataclass
class Outcome:
    person: Person | None
    next_url: str = "/"
    reason: str = ""
    status: int = 200


def begin(next_url: str) -> str:
    raise RuntimeError("SSO sign-in is not built yet")


def complete(args) -> Outcome:
    return Outcome(person=None, reason="unavailable", status=503)


def end_session_url(post_logout_redirect: str) -> str:
    return post_logout_redirect
