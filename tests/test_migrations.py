"""`flask db upgrade` on an empty database gives exactly the models."""

from __future__ import annotations

import os

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from intranet.extensions import db
from tests.conftest import _worker_database, create_app, drop_database


@pytest.fixture
def empty_database_app(base_config, tmp_path, worker_id):
    """An app (every plugin of the suite enabled) on a database of its own, with no table yet."""
    base = os.environ.get("TEST_DATABASE_URL")
    name = f"ura_mig_{worker_id}"
    url = _worker_database(base, name) if base else f"sqlite:///{tmp_path}/empty.sqlite3"
    app = create_app({**base_config, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()
    if base:
        drop_database(base, name)


def test_upgrade_on_an_empty_database_matches_the_models(empty_database_app):
    upgrade()
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, db.metadata)
    assert diff == [], f"models and migrations differ: {diff}"


def test_migrations_downgrade_to_empty_and_upgrade_again(empty_database_app):
    upgrade()
    downgrade(revision="base")
    assert set(db.inspect(db.engine).get_table_names()) <= {"alembic_version"}
    upgrade()
    assert "people" in db.inspect(db.engine).get_table_names()
