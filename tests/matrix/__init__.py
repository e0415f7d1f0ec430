"""Rows of the permission matrix, one module per area (host, auth, admin, each plugin).

Each module defines `ROWS`, a list of `Row`. `tests/test_permission_matrix.py`
requests every row as every role and fails for a route without a row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

ROLES = ("anon", "employee", "director", "director_by_role", "other_director", "communications", "hr", "cabinet",
         "admin")
#: the two directors beside the head of the "own" unit: one holds the director role in the "own" unit without being
#: recorded as its head; the other heads the "other" unit. Unless a row says otherwise they get the head's outcome
#: (both are directors); a row about one unit's objects says what the other unit's director gets.
DIRECTORS = ("director_by_role", "other_director")


@dataclass
class Row:
    endpoint: str
    #: role -> expected status code
    expect: dict[str, int]
    method: str = "GET"
    #: world -> URL; `world` has .people (by role), .units ("own", "other") and anything `setup` added
    url: Callable | None = None
    #: form data for POST rows
    data: dict | Callable | None = None
    #: world -> None: extra objects the row needs (added to world as attributes)
    setup: Callable | None = None
    #: a note on what the row checks (object-level rows especially)
    why: str = ""
    #: optional app config for the row (e.g. SSO configured)
    config: dict = field(default_factory=dict)
    #: why this GET writes by design (e.g. "records that the reader opened the bulletin"); empty: it must not write
    writes: str = ""

    def __post_init__(self):
        self.expect = dict(self.expect)
        for role in DIRECTORS:
            self.expect.setdefault(role, self.expect["director"])


def but(expect: dict[str, int], **overrides: int) -> dict[str, int]:
    """`expect` with some roles' outcomes changed: `but(MANAGE, other_director=403)`."""
    return {**expect, **overrides}


def signed_in(status: int = 200, anon: int = 302) -> dict[str, int]:
    """Every signed-in role gets `status`; signed out gets `anon` (a redirect to sign-in)."""
    return {role: (anon if role == "anon" else status) for role in ROLES}


def only(*roles: str, ok: int = 200, anon: int = 302, refused: int = 403) -> dict[str, int]:
    """The named roles get `ok`, other signed-in roles `refused`, signed out `anon`."""
    return {
        role: anon if role == "anon" else ok if role in roles or (role in DIRECTORS and "director" in roles)
        else refused for role in ROLES
    }


def everyone(status: int = 200) -> dict[str, int]:
    return {role: status for role in ROLES}
