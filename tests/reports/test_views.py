"""The monthly report's pages: opening, filing (input kept on error), the overview, assembling and
publishing, the archive by month and by unit, the print views and the home-page card."""

from datetime import date

import pytest

from reports import services as monthly
from reports.models import ReportingMonth

SECTIONS = {"done": "Opened the new school.", "in_progress": "Heating.", "problems": "Two posts vacant.",
            "next_month": "Transport tender."}
BASE = "/reports"


@pytest.fixture
def october(people):
    """A month open well into the future (no reminders, nothing overdue) with nothing filed yet."""
    return monthly.open_month(people["cabinet"], 2026, 10, date(2099, 1, 5))


def test_opening_a_month_keeps_the_input_on_error(client_as, people, db):
    client = client_as(people["cabinet"])
    assert "Open a month" in client.get(f"{BASE}/new").get_data(as_text=True)
    response = client.post(f"{BASE}/new", data={"month": "10", "year": "2026", "deadline": ""})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "Choose the deadline date." in page and 'value="2026"' in page
    response = client.post(f"{BASE}/new", data={"month": "10", "year": "2026", "deadline": "2026-11-05"})
    assert response.status_code == 302 and response.location.endswith(f"{BASE}/2026/10/")
    again = client.post(f"{BASE}/new", data={"month": "10", "year": "2026", "deadline": "2026-11-06"})
    assert again.status_code == 400 and "This month is already open." in again.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(ReportingMonth)) == 1


def test_a_director_saves_a_draft_then_files(client_as, people, units, october):
    client = client_as(people["director"])
    url = f"{BASE}/2026/10/units/{units['own'].id}/file"
    assert "Not started" in client.get(url).get_data(as_text=True)
    typed = {"language": "en", **SECTIONS, "problems": "", "file": "File the report"}
    refused = client.post(url, data=typed)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400 and "Write this section before filing" in page
    assert "Opened the new school." in page and "Transport tender." in page  # nothing typed is lost
    saved = client.post(url, data={**typed, "file": None, "save": "Save as draft"})
    assert saved.status_code == 302 and "Draft saved on" in client.get(url).get_data(as_text=True)
    filed = client.post(url, data={"language": "en", **SECTIONS, "file": "File the report"})
    assert filed.status_code == 302
    report = client.get(filed.location).get_data(as_text=True)
    assert "Filed on" in report and "Two posts vacant." in report and "Problems and needs" in report
    # Another director may not file for this unit; the unit's own director for no other.
    assert client_as(people["cabinet"]).get(url).status_code == 403
    assert client.get(f"{BASE}/2026/10/units/{units['other'].id}/file").status_code == 403


def test_overview_assemble_edit_publish(client_as, people, units, october, make_person, db):
    make_person("Olsa Other-Director", unit=units["other"], head_of=units["other"])
    monthly.save_report(people["director"], october, units["own"], "en", SECTIONS, file=True)
    october.deadline = date(2026, 11, 5)  # now past: the unit that has not filed is overdue
    db.session.commit()
    client = client_as(people["communications"])
    page = client.get(f"{BASE}/2026/10/").get_data(as_text=True)
    # The own unit filed after the (moved) deadline: filed, marked late; the other is overdue.
    assert "1 of 2 directorates have filed." in page and "Overdue" in page and ">late<" in page
    assert client.post(f"{BASE}/2026/10/assemble").location.endswith(f"{BASE}/2026/10/edit")
    edit = client.get(f"{BASE}/2026/10/edit").get_data(as_text=True)
    assert "No report was filed." in edit and "Opened the new school." in edit
    form = {f"title_{c}": october.titles[c] for c in ("sq", "sr", "en")}
    form |= {f"body_{c}": october.bodies[c] for c in ("sq", "sr", "en")}
    bad = client.post(f"{BASE}/2026/10/edit", data={**form, "body_sq": ""})
    assert bad.status_code == 400 and "needs a title and a text" in bad.get_data(as_text=True)
    assert "Opened the new school." in bad.get_data(as_text=True)  # the other languages' text is kept
    assert client.post(f"{BASE}/2026/10/edit", data={**form, "body_en": form["body_en"] + "\n\nThank you all."}
                       ).status_code == 302
    # Before publishing, staff cannot see the month.
    assert client_as(people["employee"]).get(f"{BASE}/2026/10/").status_code == 403
    assert client.post(f"{BASE}/2026/10/publish").status_code == 302
    db.session.expire_all()
    assert october.status == "published" and october.published_url.startswith("/bulletins/")
    employee = client_as(people["employee"])
    read = employee.get(f"{BASE}/2026/10/").get_data(as_text=True)
    assert "Thank you all." in read and "Who has filed" not in read
    printed = employee.get(f"{BASE}/2026/10/print").get_data(as_text=True)
    assert "Thank you all." in printed and "Main navigation" not in printed and "Sign out" not in printed
    index = employee.get(f"{BASE}/").get_data(as_text=True)
    assert "October 2026" in index and "By unit" not in index
    # Closed: no more edits, publishing again is refused with a message.
    assert client.post(f"{BASE}/2026/10/publish", follow_redirects=True).status_code == 200
    assert client_as(people["director"]).get(
        f"{BASE}/2026/10/units/{units['own'].id}/file").get_data(as_text=True).count("File the report") == 0


def test_archive_by_unit_and_unit_print(client_as, people, units, october):
    monthly.save_report(people["director"], october, units["own"], "en", SECTIONS, file=True)
    cabinet = client_as(people["cabinet"])
    archive = cabinet.get(f"{BASE}/units/{units['own'].id}/").get_data(as_text=True)
    assert "October 2026" in archive
    printed = cabinet.get(f"{BASE}/2026/10/units/{units['own'].id}/print").get_data(as_text=True)
    assert "Opened the new school." in printed and "Main navigation" not in printed
    assert "By unit" in cabinet.get(f"{BASE}/").get_data(as_text=True)
    employee = client_as(people["employee"])
    assert employee.get(f"{BASE}/units/{units['own'].id}/").status_code == 403
    assert employee.get(f"{BASE}/2026/10/units/{units['own'].id}/").status_code == 403
    assert cabinet.get(f"{BASE}/2026/10/units/{units['other'].id}/").status_code == 404  # nothing filed


def test_the_home_page_shows_the_next_step_to_the_director(client_as, people, october):
    home = client_as(people["director"]).get("/").get_data(as_text=True)
    assert "File October 2026&#39;s report for Own directorate" in home and "by 5 Jan 2099" in home
    employee = client_as(people["employee"]).get("/").get_data(as_text=True)
    assert "October 2026" not in employee and "Monthly reports" not in employee  # nor the menu entry yet


def test_the_old_addresses_redirect_for_good(client_as, people, units, october):
    client = client_as(people["director"])
    old = client.get(f"/bulletins/monthly/2026/10/units/{units['own'].id}/file?x=1")
    assert old.status_code == 301 and old.location == f"/reports/2026/10/units/{units['own'].id}/file?x=1"
    assert client.get("/bulletins/monthly/").location == "/reports/"


def test_changing_the_deadline(client_as, people, october, db):
    client = client_as(people["cabinet"])
    bad = client.post(f"{BASE}/2026/10/deadline", data={"deadline": "2026-09-01"})
    assert bad.status_code == 400 and "cannot be before the month starts" in bad.get_data(as_text=True)
    assert client.post(f"{BASE}/2026/10/deadline", data={"deadline": "2026-11-09"}).status_code == 302
    db.session.expire_all()
    assert october.deadline == date(2026, 11, 9)


@pytest.mark.parametrize("path", ["/2026/13/", "/99999999999/1/", "/2026/10/units/99999999999/",
                                  "/units/99999999999/", "/2025/10/print"])
def test_unknown_months_and_units_are_not_found(client_as, people, october, path):
    assert client_as(people["cabinet"]).get(f"{BASE}{path}").status_code == 404


def test_an_office_does_not_file(client_as, people, october, make_unit, make_person):
    office = make_unit("OFF", "Press office", kind="office")
    head = make_person("Oda Office", unit=office, head_of=office)
    assert client_as(head).get(f"{BASE}/2026/10/units/{office.id}/file").status_code == 404
