"""The host's file store: two app instances on one PostgreSQL share uploaded files; SQLite keeps a folder."""

from __future__ import annotations

import io
import os

import pytest
from sqlalchemy import func, select

from intranet import files
from intranet.extensions import db
from intranet.files.models import StoredFile
from tests.bulletins.conftest import NOW
from tests.bulletins.test_attachments import PDF
from tests.conftest import sign_in


def test_an_attachment_uploaded_through_one_instance_downloads_through_the_other(
        database_url, make_app, people, tmp_path):
    if not database_url.startswith("postgresql"):
        pytest.skip("two instances share files through PostgreSQL (TEST_DATABASE_URL)")
    from bulletins import services

    with make_app().app_context():
        bulletin = services.save(db.session.get(type(people["director"]), people["director"].id),
                                 titles={"en": "Plan"}, bodies={"en": "See the plan."},
                                 unit_ids=[people["director"].unit_id], now=NOW)
        bulletin_id = bulletin.id
    # Two instances, each with its own (empty) upload folder, as on two machines.
    first = make_app(URA_UPLOAD_PATH=str(tmp_path / "one"))
    second = make_app(URA_UPLOAD_PATH=str(tmp_path / "two"))
    author = first.test_client()
    sign_in(author, people["director"])
    response = author.post(f"/bulletins/{bulletin_id}/attachments",
                           data={"file": (io.BytesIO(PDF), "Plan.pdf")}, follow_redirects=True)
    assert "The file is attached." in response.get_data(as_text=True)
    with first.app_context():
        stored = db.session.scalars(select(StoredFile)).one()
        assert (stored.area, stored.size) == ("bulletins", len(PDF))
    folder = tmp_path / "one" / "bulletins"
    assert not folder.exists() or not any(os.scandir(folder))  # nothing on the first machine's disk

    reader = second.test_client()
    sign_in(reader, people["director"])
    page = reader.get(f"/bulletins/{bulletin_id}/edit").get_data(as_text=True)
    attachment_id = page.split(f'href="/bulletins/{bulletin_id}/attachments/')[1].split('"')[0]
    download = reader.get(f"/bulletins/{bulletin_id}/attachments/{attachment_id}")
    assert download.status_code == 200 and download.data == PDF


def test_a_file_and_its_row_are_committed_or_rolled_back_together(app, database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("the database store: PostgreSQL (TEST_DATABASE_URL)")
    name = files.save_file("bulletins", b"draft bytes")
    db.session.rollback()
    assert files.read_file("bulletins", name) is None
    assert db.session.scalar(select(func.count()).select_from(StoredFile)) == 0


def test_the_store_is_a_setting_with_a_default_per_database(app, tmp_path):
    app.config["URA_UPLOAD_PATH"] = str(tmp_path)
    expected = "database" if db.engine.dialect.name == "postgresql" else "folder"
    assert files.store_kind() == expected
    app.config["URA_FILE_STORE"] = "folder"
    name = files.save_file("bulletins", b"bytes")
    assert (tmp_path / "bulletins" / name).read_bytes() == b"bytes"
    # Switching to the database later keeps earlier files readable from the folder.
    app.config["URA_FILE_STORE"] = "database"
    assert files.read_file("bulletins", name) == b"bytes"
    other = files.save_file("bulletins", b"in the database")
    db.session.commit()
    assert files.read_file("bulletins", other) == b"in the database"
    assert not (tmp_path / "bulletins" / other).exists()
