"""The staff import's optional gender column: recorded in normal form, "unknown" clears it, an empty cell
leaves it, anything else is refused with the reason; the import help names the column."""

from __future__ import annotations

from intranet.extensions import db
from intranet.people.importing import COLUMNS, import_staff, template_csv
from intranet.people.models import Person


def _gender(email: str) -> str:
    return db.session.scalar(db.select(Person.gender).filter_by(email=email))


def test_the_gender_column(admin):
    report = import_staff(admin, (b"name,email,gender\n"
                                  b"Ana,ana@example.test,Female\nBesim,besim@example.test,m\n"
                                  b"Cana,cana@example.test,\nDita,dita@example.test,woman\n"))
    assert [r.status for r in report.rows] == ["created", "created", "created", "rejected"]
    assert report.rows[3].reasons == ["gender: Write female, male, other or unknown, not woman."]
    assert (_gender("ana@example.test"), _gender("besim@example.test"), _gender("cana@example.test")) == (
        "female", "male", "")
    import_staff(admin, b"name,email,gender\nAna,ana@example.test,\nBesim,besim@example.test,unknown\n")
    assert (_gender("ana@example.test"), _gender("besim@example.test")) == ("female", ""), \
        "an empty cell leaves it, unknown clears it"
    assert "gender" in COLUMNS and "gender" in template_csv()


def test_the_import_help_names_the_column(client_as, admin):
    page = client_as(admin).get("/admin/import").get_data(as_text=True)
    assert "<code>gender</code>" in page and "never shown on a profile" in page
