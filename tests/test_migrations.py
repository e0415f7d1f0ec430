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
def empty_database_app(base_config, tmp_path, worker_id, testrun_uid):
    """An app (every plugin of the suite enabled) on a database of its own, with no table yet."""
    base = os.environ.get("TEST_DATABASE_URL")
    name = f"ura_mig_{testrun_uid[:8]}_{worker_id}"  # two runs at once never share it
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


def _survey_rows() -> dict:
    from sqlalchemy import text

    with db.engine.connect() as conn:
        return {
            "participations": sorted(tuple(r) for r in conn.execute(text(
                "SELECT survey_id, person_id, answered_on FROM survey_participations"))),
            "responses": sorted(tuple(r) for r in conn.execute(text(
                "SELECT id, survey_id, group_id, is_manager, tenure_band FROM survey_responses"))),
            "answers": sorted(tuple(r) for r in conn.execute(text(
                "SELECT response_id, question_id, item, number FROM survey_answers"))),
            "counts": sorted(tuple(r) for r in conn.execute(text(
                "SELECT question_id, item, group_id, value, count FROM survey_answer_counts"))),
        }


def test_the_survey_anonymity_migration_keeps_every_row(empty_database_app):
    """Participations lose their ordered id and responses their language; on SQLite the answering tables
    are rebuilt WITHOUT ROWID. Nothing answered is lost, up and down again."""
    from sqlalchemy import text

    upgrade(revision="0780e55946f8")
    statements = [
        "INSERT INTO people (id, name, email, position, phone, language, active, session_epoch, created_at) VALUES "
        "(1, 'A', 'a@example.test', '', '', 'sq', true, 0, '2026-01-01'), "
        "(2, 'B', 'b@example.test', '', '', 'sr', true, 0, '2026-01-01')",
        "INSERT INTO surveys (id, titles, intros, status, anonymous, score_threshold, comment_threshold, "
        "audience_all, audience_unit_ids, collect_manager, collect_tenure, reminder_days, reminders_sent, "
        "created_at) VALUES (1, '{}', '{}', 'open', true, 5, 10, true, '[]', false, false, '[]', '[]', "
        "'2026-01-01')",
        "INSERT INTO survey_groups (id, survey_id, key, names, unit_ids, position, headcount) "
        "VALUES (1, 1, 'G', '{}', '[]', 1, 2)",
        "INSERT INTO survey_sections (id, survey_id, position, titles, intros) VALUES (1, 1, 1, '{}', '{}')",
        "INSERT INTO survey_questions (id, survey_id, section_id, position, key, kind, texts, helps, required, "
        "options, items) VALUES (1, 1, 1, 1, 'q', 'likert5', '{}', '{}', false, '[]', '[]')",
        "INSERT INTO survey_participations (id, survey_id, person_id, answered_on) "
        "VALUES (1, 1, 2, '2026-01-02'), (2, 1, 1, '2026-01-03')",
        "INSERT INTO survey_responses (id, survey_id, group_id, language) "
        "VALUES ('ffff', 1, 1, 'sr'), ('0000', 1, 1, 'en')",
        "INSERT INTO survey_answers (response_id, question_id, item, number) "
        "VALUES ('ffff', 1, '', 4), ('0000', 1, '', 2)",
        "INSERT INTO survey_answer_counts (question_id, item, group_id, value, survey_id, count) "
        "VALUES (1, '', 1, '4', 1, 1), (1, '', 1, '2', 1, 1)",
    ]
    with db.engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement))
    before = _survey_rows()
    upgrade()
    assert _survey_rows() == before
    columns = {c["name"] for c in db.inspect(db.engine).get_columns("survey_participations")}
    assert columns == {"survey_id", "person_id", "answered_on"}
    assert "language" not in {c["name"] for c in db.inspect(db.engine).get_columns("survey_responses")}
    if db.engine.dialect.name == "sqlite":
        with db.engine.connect() as conn:
            for table in ("survey_participations", "survey_responses", "survey_answers", "survey_answer_counts",
                          "survey_breakdown_counts"):
                sql = conn.execute(text("SELECT sql FROM sqlite_master WHERE name = :t"), {"t": table}).scalar()
                assert sql.rstrip().endswith("WITHOUT ROWID"), table
            # stored in key order: the response "0000" first, though written second
            assert [r[0] for r in conn.execute(text("SELECT * FROM survey_responses"))] == ["0000", "ffff"]
    downgrade(revision="0780e55946f8")
    assert _survey_rows() == before
    upgrade()
    assert _survey_rows() == before


def test_the_response_cells_migration_stores_each_responses_answers_together(empty_database_app):
    """Existing responses get their answers stored together, one cell per CSV column in the survey's
    order; down again, the column goes and (on SQLite) the table stays WITHOUT ROWID."""
    import json

    from sqlalchemy import text

    upgrade(revision="b5e1c7d9a2f4")
    statements = [
        "INSERT INTO surveys (id, titles, intros, status, anonymous, score_threshold, comment_threshold, "
        "audience_all, audience_unit_ids, collect_manager, collect_tenure, reminder_days, reminders_sent, "
        "created_at) VALUES (1, '{}', '{}', 'closed', true, 5, 10, true, '[]', false, false, '[]', '[]', "
        "'2026-01-01')",
        "INSERT INTO survey_groups (id, survey_id, key, names, unit_ids, position, headcount) "
        "VALUES (1, 1, 'G', '{}', '[]', 1, 2)",
        "INSERT INTO survey_sections (id, survey_id, position, titles, intros) VALUES (1, 1, 1, '{}', '{}')",
        "INSERT INTO survey_questions (id, survey_id, section_id, position, key, kind, texts, helps, required, "
        "options, items) VALUES (1, 1, 1, 4, 'q', 'likert5', '{}', '{}', false, '[]', '[]'), "
        "(2, 1, 1, 1, 'm', 'multiple', '{}', '{}', false, '[{\"key\": \"x\"}, {\"key\": \"y\"}]', '[]'), "
        "(3, 1, 1, 2, 'g', 'grid', '{}', '{}', false, '[]', '[{\"key\": \"x\"}, {\"key\": \"y\"}]'), "
        "(4, 1, 1, 3, 't', 'long_text', '{}', '{}', false, '[]', '[]'), "
        "(5, 1, 1, 5, 's', 'single', '{}', '{}', false, '[{\"key\": \"x\"}, {\"key\": \"y\"}]', '[]')",
        "INSERT INTO survey_responses (id, survey_id, group_id) VALUES ('ffff', 1, 1), ('0000', 1, 1)",
        "INSERT INTO survey_answers (response_id, question_id, item, number, choice, text) VALUES "
        "('ffff', 1, '', 4, NULL, NULL), ('ffff', 2, 'y', 1, NULL, NULL), ('ffff', 3, 'x', 2, NULL, NULL), "
        "('ffff', 3, 'y', 5, NULL, NULL), ('ffff', 4, '', NULL, NULL, 'Më mirë, \"ju lutem\"'), "
        "('ffff', 5, '', NULL, 'x', NULL), ('0000', 1, '', 1, NULL, NULL)",
    ]
    with db.engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement))
    upgrade()
    with db.engine.connect() as conn:
        cells = {r[0]: json.loads(r[1]) for r in conn.execute(text("SELECT id, cells FROM survey_responses"))}
    # columns: m/x, m/y, g/x, g/y, t, q, s (questions by position)
    assert cells == {"ffff": ["", "1", "2", "5", "Më mirë, \"ju lutem\"", "4", "x"],
                     "0000": ["", "", "", "", "", "1", ""]}
    downgrade(revision="b5e1c7d9a2f4")
    assert "cells" not in {c["name"] for c in db.inspect(db.engine).get_columns("survey_responses")}
    if db.engine.dialect.name == "sqlite":
        with db.engine.connect() as conn:
            sql = conn.execute(text("SELECT sql FROM sqlite_master WHERE name = 'survey_responses'")).scalar()
            assert sql.rstrip().endswith("WITHOUT ROWID")
            assert conn.execute(text("SELECT count(*) FROM survey_responses")).scalar() == 2
