"""`flask db upgrade` on an empty database gives exactly the models."""

from __future__ import annotations

import os

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from intranet import create_app
from intranet.extensions import db
from tests.conftest import _worker_database


def test_upgrade_on_an_empty_database_matches_the_models(base_config, tmp_path, worker_id):
    base = os.environ.get("TEST_DATABASE_URL")
    url = _worker_database(base, f"ura_mig_{worker_id}") if base else f"sqlite:///{tmp_path}/empty.sqlite3"
    # Every plugin that can be enabled contributes tables; enable them all.
    app = create_app({**base_config, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(context, db.metadata)
        db.engine.dispose()
    assert diff == [], f"models and migrations differ: {diff}"


def test_migrations_downgrade_to_empty_and_upgrade_again(base_config, tmp_path, worker_id):
    base = os.environ.get("TEST_DATABASE_URL")
    url = _worker_database(base, f"ura_mig2_{worker_id}") if base else f"sqlite:///{tmp_path}/again.sqlite3"
    app = create_app({**base_config, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade()
        downgrade(revision="base")
        assert set(db.inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade()
        assert "people" in db.inspect(db.engine).get_table_names()
        db.engine.dispose()
