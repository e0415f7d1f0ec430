"""Acknowledgment by unit, the XLSX export, reminders, and new staff."""

import io

import pytest
from flask_babel import force_locale
from openpyxl import load_workbook

from handbook import reports, services
from intranet.audit.models import AuditEntry
from intranet.localtime import to_local
from intranet.notifications.models import Notification


@pytest.fixture(autouse=True)
def english(app):
    """Reports built outside a request speak the default language; these tests read English."""
    with force_locale("en"):
        yield


def _setup(people, units, make_person, handbook):
    make_person("Olta Other", unit=units["other"])
    make_person("Besa Other", unit=units["other"])
    make_person("Gone Away", unit=units["other"], active=False)
    make_person("Nomad", unit=None)
    for role in ("employee", "hr", "admin"):
        services.acknowledge(people[role], handbook, "en")


def test_report_by_unit(people, units, make_person, handbook):
    _setup(people, units, make_person, handbook)
    data = reports.report(handbook)
    rows = [(r.label, r.headcount, r.acknowledged) for r in data.rows]
    assert rows == [("Other directorate", 2, 0), ("Own directorate", 6, 3), ("No unit", 1, 0)]
    assert data.rows[1].share == 0.5 and data.rows[0].share == 0
    assert (data.total.headcount, data.total.acknowledged) == (9, 3)
    missing = {p.name for p, _ in data.missing}
    assert missing == {"Olta Other", "Besa Other", "Nomad", "Dren Director", "Kaltrina Communications",
                       "Kreshnik Cabinet"}


def test_a_material_version_empties_the_report_again(people, units, make_person, handbook, change):
    _setup(people, units, make_person, handbook)
    change(handbook, "closing", en="Changed.")
    services.publish(people["communications"], handbook, "Material", material=True)
    assert reports.report(handbook).total.acknowledged == 0


def test_xlsx_export(people, units, make_person, handbook):
    _setup(people, units, make_person, handbook)
    book = load_workbook(io.BytesIO(reports.export_xlsx(handbook)))
    sheet, totals = book.worksheets
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Unit", "Name", "Email", "Acknowledged version", "Language", "Date")
    assert len(rows) == 1 + 9
    by_name = {row[1]: row for row in rows[1:]}
    assert by_name["Era Employee"][0] == "Own directorate" and by_name["Era Employee"][3] == 1
    assert by_name["Era Employee"][4] == "English" and by_name["Era Employee"][5] is not None
    assert by_name["Olta Other"][3] is None and by_name["Nomad"][0] is None  # empty cell
    total_rows = list(totals.iter_rows(values_only=True))
    assert total_rows[0] == ("Unit", "Staff", "Acknowledged", "Share")
    assert total_rows[2] == ("Own directorate", 6, 3, 0.5)
    assert total_rows[-1] == ("Total", 9, 3, 3 / 9)


def test_a_name_is_never_a_formula_in_the_export(make_person, handbook):
    make_person("=HYPERLINK(\"http://evil\")")
    book = load_workbook(io.BytesIO(reports.export_xlsx(handbook)))
    cell = next(c for c in book.worksheets[0]["B"] if "HYPERLINK" in str(c.value))
    assert cell.data_type == "s" and cell.value == "'=HYPERLINK(\"http://evil\")"  # text, shown as typed


def test_report_page_and_download(client_as, people, units, make_person, handbook):
    _setup(people, units, make_person, handbook)
    client = client_as(people["hr"])
    page = client.get("/handbook/email-guidelines/report").get_data(as_text=True)
    assert "Olta Other" in page and "Era Employee" not in page.split("Who has not acknowledged yet")[1]
    assert "ura-chart-canvas" in page and "Remind the 6 people" in page
    download = client.get("/handbook/email-guidelines/report.xlsx")
    assert download.status_code == 200 and download.mimetype.endswith("spreadsheetml.sheet")


def test_remind_notifies_only_those_who_have_not(people, units, make_person, handbook, db, client_as):
    _setup(people, units, make_person, handbook)
    response = client_as(people["communications"]).post("/handbook/email-guidelines/remind")
    assert response.status_code == 302
    notified = {n.person.name for n in db.session.scalars(
        db.select(Notification).where(Notification.kind == "handbook.reminder"))}
    assert notified == {p.name for p, _ in reports.report(handbook).missing}
    assert "Era Employee" not in notified and "Gone Away" not in notified
    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "handbook.reminded"))
    assert entry.details == {"count": 6} and entry.actor_id == people["communications"].id


def test_new_staff_are_asked_with_a_due_date(people, handbook, db):
    from intranet.people.services import create_person

    person = create_person(people["admin"], name="Nora New", email="nora@example.test", language="en")
    notice = db.session.scalar(db.select(Notification).where(Notification.person_id == person.id,
                                                             Notification.kind == "handbook.reminder"))
    assert notice is not None and notice.url == "/handbook/email-guidelines/"
    due = to_local(services.status(person, handbook).due).date()
    # the date is a parameter, written as the reader's language writes it
    assert notice.message["body"]["params"]["date"] == {"date": due.isoformat()}
    assert f"by {due.day} " in notice.body and str(due.year) in notice.body
    assert notice.subject == "handbook:email-guidelines"
    assert notice.message["title"]["params"]["title"] == {"translated": dict(handbook.titles)}


def test_the_home_page_reminds_those_who_have_not(client_as, people, handbook):
    page = client_as(people["employee"]).get("/").get_data(as_text=True)
    assert "Please read and acknowledge" in page and "Due by" in page
    services.acknowledge(people["employee"], handbook, "en")
    assert "Please read and acknowledge" not in client_as(people["employee"]).get("/").get_data(as_text=True)
