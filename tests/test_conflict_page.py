"""The last line of defence: a unique key taken by a request at the same moment answers 409 with a
clear page, never 500 (the services make their own "once per person" writes idempotent)."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError

from intranet.extensions import db
from intranet.people.models import Unit


def _route_writing_a_duplicate(app, code: str):
    def write_twice():
        # What a check-then-insert meets when another request inserted first.
        db.session.add(Unit(code=code, names={"sq": "Zyra"}))
        db.session.commit()
        db.session.add(Unit(code=code, names={"sq": "Zyra"}))
        db.session.commit()
        return "not reached"

    app.add_url_rule("/_test/duplicate", "test_duplicate", write_twice)


def test_a_taken_unique_key_is_a_409_page_in_the_readers_language(app):
    _route_writing_a_duplicate(app, "DUP")
    client = app.test_client()
    response = client.get("/_test/duplicate", headers={"Accept-Language": "en"})
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "This was done at the same moment elsewhere" in page and "reload the page" in page
    assert db.session.scalar(db.select(db.func.count()).select_from(Unit).where(Unit.code == "DUP")) == 1


def test_other_integrity_errors_stay_server_errors(app):

    def missing_column():
        raise IntegrityError("INSERT …", {}, Exception("NOT NULL constraint failed: units.code"))

    app.add_url_rule("/_test/null", "test_null", missing_column)
    assert app.test_client().get("/_test/null").status_code == 500
