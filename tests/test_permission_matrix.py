"""Every route × every role (and signed out) → the expected status.

A route without a row fails here, so nobody adds a page without deciding who may
use it. Rows live in `tests/matrix/<area>.py`. A GET must not write to the
database, unless its row says why it must (`writes`: a read receipt).
"""

from __future__ import annotations

import importlib
import pkgutil
from types import SimpleNamespace

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

import tests.matrix as matrix_pkg
from intranet.config import DEFAULT_PLUGINS
from intranet.pages import Page
from tests.conftest import sign_in
from tests.matrix import ROLES, Row

ALL_PLUGINS = list(DEFAULT_PLUGINS)
WRITE_STATEMENTS = {"INSERT", "UPDATE", "DELETE", "MERGE"}


def _rows() -> list[Row]:
    rows = []
    for info in pkgutil.iter_modules(matrix_pkg.__path__):
        rows.extend(importlib.import_module(f"tests.matrix.{info.name}").ROWS)
    return rows


ROWS = _rows()


@pytest.fixture
def matrix_app(make_app):
    return make_app(URA_PLUGINS=ALL_PLUGINS)


def test_every_route_has_a_row_and_declares_a_permission(matrix_app):
    covered = {(row.endpoint, row.method) for row in ROWS}
    missing, undeclared = [], []
    for rule in matrix_app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        view = matrix_app.view_functions[rule.endpoint]
        view_class = getattr(view, "view_class", None)
        if view_class is None or not issubclass(view_class, Page) or not hasattr(view_class, "permission"):
            undeclared.append(rule.endpoint)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            if (rule.endpoint, method) not in covered:
                missing.append(f"{method} {rule.rule} ({rule.endpoint})")
    assert not undeclared, f"views not built on intranet.pages.Page: {undeclared}"
    assert not missing, "routes without a permission-matrix row:\n" + "\n".join(missing)


def _takes_a_target(view_class) -> bool:
    """The page checks its action against an object it loaded (or adds a rule of its own)."""
    return view_class.access_target is not Page.access_target or view_class.check_access is not Page.check_access


def test_every_action_checked_on_an_object_has_an_object_level_row(matrix_app):
    """A page that checks its action on a loaded object needs a row that says what it checks (`why`):
    whose object it is and who is refused, e.g. another unit's director."""
    by_endpoint = {}
    for rule in matrix_app.url_map.iter_rules():
        view_class = getattr(matrix_app.view_functions[rule.endpoint], "view_class", None)
        if view_class is not None and issubclass(view_class, Page):
            by_endpoint[rule.endpoint] = view_class
    with_target = {cls.permission for cls in by_endpoint.values() if cls.permission and _takes_a_target(cls)}
    explained = {by_endpoint[row.endpoint].permission for row in ROWS
                 if row.why and row.endpoint in by_endpoint and _takes_a_target(by_endpoint[row.endpoint])}
    missing = sorted(with_target - explained)
    assert not missing, "actions checked on an object without an object-level row (a Row with `why`): " + \
        ", ".join(missing)


def test_every_row_names_a_real_route(matrix_app):
    endpoints = {rule.endpoint for rule in matrix_app.url_map.iter_rules()}
    assert not [row.endpoint for row in ROWS if row.endpoint not in endpoints]


@pytest.mark.parametrize(
    "row", ROWS, ids=[f"{r.method} {r.endpoint}{(' ' + r.why) if r.why else ''}" for r in ROWS]
)
def test_row(row: Row, make_app, people, units, make_person):
    people = {
        **people,
        # A director by role in the head's unit, not recorded as its head; the head of the other unit.
        "director_by_role": make_person("Drita Director-by-role", roles=["director"], unit=units["own"]),
        "other_director": make_person("Olsi Other-director", unit=units["other"], head_of=units["other"]),
    }
    app = make_app(URA_PLUGINS=ALL_PLUGINS, **row.config)
    with app.app_context():
        world = SimpleNamespace(people=people, units=units, app=app)
        if row.setup:
            row.setup(world)
        failures = []
        writes = []
        for role in ROLES:

            def record_write(session, flush_context, instances, label=f"{row.method} as {role}"):
                if session.new or session.dirty or session.deleted:
                    writes.append(label)

            # Writes that bypass the ORM's unit of work (an INSERT … ON CONFLICT, a bulk UPDATE) too.
            def record_statement(conn, cursor, statement, parameters, context, executemany,
                                 label=f"{row.method} as {role}"):
                if statement.lstrip().split(None, 1)[0].upper() in WRITE_STATEMENTS:
                    writes.append(f"{label}: {statement.split(None, 3)[:3]}")

            client = app.test_client()
            if role != "anon":
                sign_in(client, people[role])
            if row.url:
                url = row.url(world)
            else:
                with app.test_request_context():
                    url = app.url_for(row.endpoint)
            data = row.data(world) if callable(row.data) else row.data
            if row.method == "GET" and not row.writes:
                event.listen(Session, "before_flush", record_write)
                event.listen(Engine, "before_cursor_execute", record_statement)
            try:
                response = client.open(url, method=row.method, data=data)
            finally:
                if event.contains(Session, "before_flush", record_write):
                    event.remove(Session, "before_flush", record_write)
                if event.contains(Engine, "before_cursor_execute", record_statement):
                    event.remove(Engine, "before_cursor_execute", record_statement)
            if response.status_code != row.expect[role]:
                failures.append(f"{role}: expected {row.expect[role]}, got {response.status_code}")
        assert not failures, f"{row.method} {url}: " + "; ".join(failures)
        # No state change through GET: a GET request never writes to the database.
        assert not writes, f"GET {url} wrote to the database: {writes}"
