"""Input no page expects: numbers past what a database column holds, NUL bytes, broken text.

Every route of the URL map is walked, signed in as someone who holds every role, on
the demo organisation (so most object URLs lead somewhere real). The answer may be
a refusal (400, 404, a form error), never a 500. Run on PostgreSQL too: its integer
columns end at 2^31 and its text columns refuse NUL, where SQLite takes both.
"""

from __future__ import annotations

import pytest
from werkzeug.routing import IntegerConverter

from intranet.config import DEFAULT_PLUGINS
from intranet.extensions import db as _db
from intranet.people.models import Person, RoleAssignment, Unit
from intranet.url_numbers import whole_number
from tests.conftest import PageForm, sign_in

#: past PostgreSQL's `integer` (2^31), past a signed 64-bit integer (2^63), and far past both
HUGE = [2**31, 2**63, 10**30]
#: query-string parameters that pages read as numbers
NUMERIC_PARAMS = ("page", "unit", "actor", "compare", "group", "a", "b", "source", "year", "month",
                  "survey", "question", "kind", "status")
ALL_PLUGINS = list(DEFAULT_PLUGINS)


@pytest.fixture
def world(make_app, app, runner):
    """The demo organisation with every plugin's demo data, and a client holding every role."""
    # A crash must come back as the 500 a person would see, so the walk can list them all.
    walk_app = make_app(URA_PLUGINS=ALL_PLUGINS, PROPAGATE_EXCEPTIONS=False)
    with walk_app.app_context():
        result = walk_app.test_cli_runner().invoke(args=["demo", "load"])
        assert result.exit_code == 0, result.output
        person = _db.session.scalar(_db.select(Person).join(Unit, Unit.head_id == Person.id).limit(1))
        person.language = "en"  # the assertions read English
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


#: what PostgreSQL cannot store: NUL, and a lone surrogate (as JSON can carry it)
NUL_TEXT = "before\x00after"
UNSTORABLE_MESSAGE = "contains an invisible character that Ura cannot store"
#: names posted where no page draws the form (routes that only take a POST)
COMMON_FIELDS = ("title", "body", "name", "text", "comment", "q", "reason", "language", "next", "note")


def field_names(client, url: str) -> list[str]:
    """The names the page at `url` draws in its form posting to `url`, else common ones."""
    page = client.get(url)
    if page.status_code == 200 and "text/html" in page.content_type:
        try:
            names = PageForm(page.data, action=url).names()
        except (AssertionError, IndexError):
            names = set()
        names -= {"csrf_token"}
        if names:
            return sorted(names)
    return list(COMMON_FIELDS)


def test_a_nul_byte_in_any_posted_field_is_refused_clearly_never_500(world):
    app, client = world
    failures, posted = [], 0
    for rule in rules(app):
        if "POST" not in rule.methods:
            continue
        url = build(app, rule, 1, text_value=_first_text(rule))
        for name in field_names(client, url):
            posted += 1
            response = client.post(url, data={name: NUL_TEXT})
            text = response.get_data(as_text=True)
            if response.status_code != 400 or UNSTORABLE_MESSAGE not in text:
                failures.append(f"POST {url} {name}=NUL: {response.status_code}")
    assert posted > 50
    assert not failures, "\n".join(failures)


def test_nul_in_the_query_string_a_url_or_json_is_refused(world):
    app, client = world
    response = client.get("/directory/", query_string={"q": NUL_TEXT})
    assert response.status_code == 400 and UNSTORABLE_MESSAGE in response.get_data(as_text=True)
    assert client.get("/handbook/a%00b/").status_code == 400
    assert client.get("/search", query_string={"q\x00": "x"}).status_code == 400
    api = client.post("/api/v1/me", data='{"name": "\\ud800"}', content_type="application/json")
    assert api.status_code == 400 and api.get_json() == {"error": "unstorable character"}
    # Invalid UTF-8 is read as the replacement character, which is stored as is.
    assert client.get("/directory/?q=%C3%28").status_code == 200
