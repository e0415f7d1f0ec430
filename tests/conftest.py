"""Shared fixtures: an app on a real database per test, people per role, signed-in clients.

The database is real: SQLite in a temporary file, or PostgreSQL when
`TEST_DATABASE_URL` is set (each xdist worker gets its own database). The schema
is created once per worker; after each test every table is emptied.

Form tests submit what the rendered page draws: `tests.forms.PageForm` (re-exported
here) reads a form from the HTML as a browser would.
"""

from __future__ import annotations

import itertools
import os

import pytest
from flask.testing import FlaskClient
from flask_login.utils import _create_identifier
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from intranet import create_app as _create_app
from intranet.auth.models import SignInSession
from intranet.auth.session import open_session
from intranet.config import DEFAULT_PLUGINS, normalise_database_url
from intranet.extensions import db as _db
from intranet.people.models import Person, RoleAssignment, Unit
from tests.forms import PageForm  # noqa: F401  (one form reader for every plugin's tests)

ROLES = ("employee", "director", "communications", "hr", "cabinet", "admin")


class EnglishBrowser(FlaskClient):
    """A test client whose browser asks for English, so assertions can read English.

    People made by `make_person` speak English too; tests of the language rules
    (tests/test_i18n.py) send their own Accept-Language or set the person's language.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.environ_base.setdefault("HTTP_ACCEPT_LANGUAGE", "en")


def create_app(config):
    app = _create_app(config)
    app.test_client_class = EnglishBrowser
    return app


def _worker_database(base_url: str, name: str) -> str:
    """A fresh PostgreSQL database for this worker, created next to `base_url`'s."""
    url = make_url(normalise_database_url(base_url))
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def drop_database(base_url: str, name: str) -> None:
    admin = create_engine(make_url(normalise_database_url(base_url)), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory, worker_id, testrun_uid):
    """SQLite in a temporary file, or a PostgreSQL database of this run and worker."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'ura.sqlite3'}"
        return
    # Named after the run too, so two runs on one server never share a database.
    name = f"ura_test_{testrun_uid[:8]}_{worker_id}"
    yield _worker_database(base, name)
    drop_database(base, name)


@pytest.fixture(scope="session")
def base_config(database_url, tmp_path_factory) -> dict:
    return {
        "TESTING": True,
        "URA_ENV": "development",
        "SECRET_KEY": "test-secret-key-not-for-production",
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(database_url),
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "URA_PLUGINS": list(DEFAULT_PLUGINS),
        "SSO_CLIENT_ID": None,
        "SSO_AUTHORITY": None,
        "SSO_OIDC_AUTHORITY": None,
        "TRUSTED_HOSTS": ["localhost", "127.0.0.1"],
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": 1,  # nothing listens: a test that sends mail must start a server
        "URA_UPLOAD_PATH": str(tmp_path_factory.mktemp("uploads")),
        # plain static names whether or not `make assets` ran (tests/test_assets.py builds its own)
        "URA_ASSETS_PATH": str(tmp_path_factory.mktemp("no-asset-build")),
    }


@pytest.fixture(scope="session")
def _schema(base_config):
    app = create_app(base_config)
    with app.app_context():
        _db.drop_all()
        _db.create_all()
    return True


def empty_all_tables() -> None:
    engine = _db.engine
    tables = _db.metadata.sorted_tables
    if engine.dialect.name == "postgresql":
        # DELETE every table and reset every sequence in one batch: a test leaves a few rows in a few
        # tables, and TRUNCATE's new files for every table cost 60 times as much. Replica mode (for the
        # superuser the tests connect as) skips the foreign-key triggers, as units and people refer to
        # each other; everything goes, so nothing is left dangling.
        deletes = ";".join(f'DELETE FROM "{t.name}"' for t in tables)  # noqa: S608 - our own table names
        _db.session.connection().exec_driver_sql(
            f"SET LOCAL session_replication_role = replica; {deletes};"  # noqa: S608 - as above
            " SELECT setval(c.oid, 1, false) FROM pg_class c WHERE c.relkind = 'S'")
    else:
        for table in reversed(tables):
            _db.session.execute(table.delete())
    _db.session.commit()


@pytest.fixture
def app_overrides() -> dict:
    """Config every app of a test starts from on top of `base_config`; a folder's conftest may override it."""
    return {}


@pytest.fixture
def app(base_config, app_overrides, _schema):
    """The app, inside its app context, on a database emptied after the test."""
    app = create_app({**base_config, **app_overrides})
    with app.app_context():
        yield app
        _db.session.remove()
        empty_all_tables()
        _db.session.remove()
        _db.engine.dispose()  # each app has its own pool; close it now, not whenever GC runs


@pytest.fixture
def make_app(base_config, app_overrides, _schema):
    """Build an app with config overrides: `make_app(SSO_CLIENT_ID=...)`."""
    made = []

    def factory(**overrides):
        made.append(create_app({**base_config, **app_overrides, **overrides}))
        return made[-1]

    yield factory
    # Each app has its own engine and pool; close them or PostgreSQL runs out of connections.
    for made_app in made:
        with made_app.app_context():
            _db.session.remove()
            _db.engine.dispose()


@pytest.fixture
def db(app):
    return _db


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


_counter = itertools.count(1)


@pytest.fixture
def make_unit(db):
    def factory(code: str | None = None, name: str | None = None, **kwargs) -> Unit:
        n = next(_counter)
        code = code or f"U{n}"
        name = name or f"Unit {code}"
        unit = Unit(code=code, names={"sq": name, "sr": name, "en": name}, **kwargs)
        db.session.add(unit)
        db.session.commit()
        return unit

    return factory


@pytest.fixture
def make_person(db, make_unit):
    """`make_person(roles=["hr"], unit=u, head_of=u, active=True, language="en")`."""

    def factory(name: str | None = None, *, roles=(), unit: Unit | None = None,
                head_of: Unit | None = None, **kwargs) -> Person:
        n = next(_counter)
        kwargs.setdefault("language", "en")
        person = Person(
            name=name or f"Person {n}", email=kwargs.pop("email", f"person{n}@example.test"),
            unit=unit, **kwargs,
        )
        for role in roles:
            person.role_assignments.append(RoleAssignment(role=role, source="admin"))
        db.session.add(person)
        db.session.flush()
        if head_of is not None:
            head_of.head_id = person.id
        db.session.commit()
        return person

    return factory


@pytest.fixture
def units(make_unit):
    """Two directorates: the director's own and another."""
    return {"own": make_unit("OWN", "Own directorate"), "other": make_unit("OTH", "Other directorate")}


@pytest.fixture
def people(make_person, units) -> dict[str, Person]:
    """One person per role; the director heads the "own" unit, everyone else sits in it."""
    own = units["own"]
    return {
        "employee": make_person("Era Employee", unit=own),
        "director": make_person("Dren Director", unit=own, head_of=own),
        "communications": make_person("Kaltrina Communications", roles=["communications"], unit=own),
        "hr": make_person("Hana HR", roles=["hr"], unit=own),
        "cabinet": make_person("Kreshnik Cabinet", roles=["cabinet"], unit=own),
        "admin": make_person("Ari Admin", roles=["admin"], unit=own),
    }


def sign_in(client, person: Person) -> SignInSession:
    """A live session record for `person`, named by the test client's cookie as Flask-Login would.

    :returns: the record, so a test can age it or end it.
    """
    record = open_session(person, "test")
    _db.session.commit()
    # Flask-Login's "strong" protection ties the cookie to this client's address and browser.
    with client.application.test_request_context(environ_base=client.environ_base):
        identifier = _create_identifier()
    with client.session_transaction() as session:
        session.clear()
        session.update(_user_id=record.id, _fresh=True, _id=identifier)
    return record


def open_sessions(person: Person) -> list[SignInSession]:
    """The sessions of `person` that have not ended (read fresh from the database)."""
    _db.session.expire_all()
    return list(_db.session.scalars(_db.select(SignInSession).where(
        SignInSession.person_id == person.id, SignInSession.ended_at.is_(None),
    )))


@pytest.fixture
def client_as(app):
    """`client_as(person)`: a test client signed in as that person."""

    def factory(person: Person):
        client = app.test_client()
        sign_in(client, person)
        return client

    return factory


@pytest.fixture
def english_outside_requests(app):
    """Services and templates rendered outside a request read English, like the test clients.

    Plugin test folders switch it on for every test (their conftest's autouse `_english`).
    """
    from flask_babel import force_locale

    with force_locale("en"):
        yield
