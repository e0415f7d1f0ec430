"""Input no page expects: numbers past what a database column holds, NUL bytes, broken text.

Every route of the URL map is walked, signed in as someone who holds every role, on
the demo organisation (so most object URLs lead somewhere real). The answer may be
a refusal (400, 404, a form error), never a 500. Run on PostgreSQL too: its integer
columns end at 2^31 and its text columns refuse NUL, where SQLite takes both.
"""

from __future__ import annotations

import pytest
from werkzeug.routing import IntegerConverter

from intranet.extensions import db as _db
from intranet.people.models import Person, RoleAssignment, Unit
from intranet.url_numbers import whole_number
from tests.conftest import sign_in

#: past PostgreSQL's `integer` (2^31), past a signed 64-bit integer (2^63), and far past both
HUGE = [2**31, 2**63, 10**30]
#: query-string parameters that pages read as numbers
NUMERIC_PARAMS = ("page", "unit", "actor", "compare", "group", "a", "b", "source", "year", "month",
                  "survey", "question", "kind", "status")
ALL_PLUGINS = ["directory", "handbook", "surveys", "bulletins"]


@pytest.fixture
def world(make_app, app, runner):
    """The demo organisation with every plugin's demo data, and a client holding every role."""
    # A crash must come back as the 500 a person would see, so the walk can list them all.
    walk_app = make_app(URA_PLUGINS=ALL_PLUGINS, PROPAGATE_EXCEPTIONS=False)
    with walk_app.app_context():
        result = walk_app.test_cli_runner().invoke(args=["demo", "load"])
        assert result.exit_code == 0, result.output
        person = _db.session.scalar(_db.select(Person).join(Unit, Unit.head_id == Person.id).limit(1))
        held = {a.role for a in person.role_assignments}
        for role in ("admin", "hr", "communications", "cabinet"):
            if role not in held:
                person.role_assignments.append(RoleAssignment(role=role, source="admin"))
        _db.session.commit()
        client = walk_app.test_client()
        sign_in(client, person)
        yield walk_app, client


def rules(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or rule.endpoint.startswith("auth."):
            continue  # signing in and out is walked in tests/auth
        yield rule


def build(app, rule, int_value, text_value="x"):
    values = {}
    for name, converter in rule._converters.items():
        values[name] = int_value if isinstance(converter, IntegerConverter) else text_value
    with app.test_request_context():
        return app.url_for(rule.endpoint, **values)


def requests_of(app, rule, int_value):
    url = build(app, rule, int_value)
    for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
        yield method, url


@pytest.mark.parametrize("huge", HUGE, ids=["2^31", "2^63", "10^30"])
def test_huge_ids_in_any_url_answer_404_never_500(world, huge):
    app, client = world
    failures = []
    for rule in rules(app):
        if not any(isinstance(c, IntegerConverter) for c in rule._converters.values()):
            continue
        for method, url in requests_of(app, rule, huge):
            response = client.open(url, method=method, data={})
            if response.status_code >= 500:
                failures.append(f"{method} {url}: {response.status_code}")
            elif response.status_code not in (302, 400, 404, 405):
                failures.append(f"{method} {url}: {response.status_code} (expected a refusal)")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("huge", HUGE, ids=["2^31", "2^63", "10^30"])
def test_huge_numbers_in_the_query_string_never_give_a_500(world, huge):
    app, client = world
    query = {name: str(huge) for name in NUMERIC_PARAMS}
    failures = []
    for rule in rules(app):
        if "GET" not in rule.methods:
            continue
        url = build(app, rule, 1, text_value=_first_text(rule))
        response = client.get(url, query_string=query)
        if response.status_code >= 500:
            failures.append(f"GET {url}: {response.status_code}")
    assert not failures, "\n".join(failures)


def _first_text(rule) -> str:
    """A real value for the text parts of demo URLs (the handbook's slug), else a placeholder."""
    if "slug" in rule._converters:
        from handbook.models import Handbook

        slug = _db.session.scalar(_db.select(Handbook.slug).limit(1))
        return slug or "x"
    return "x"


@pytest.mark.parametrize(("text", "expected"), [
    ("7", 7), (" 12 ", 12), ("0", 0), ("-3", None), ("", None), (None, None), ("1e3", None),
    ("٣", None), ("²", None), (str(2**31 - 1), 2**31 - 1), (str(2**31), None), ("9" * 400, None),
])
def test_whole_numbers_are_ascii_digits_within_an_id_column(text, expected):
    assert whole_number(text) == expected
