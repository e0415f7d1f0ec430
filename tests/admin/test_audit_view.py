"""The audit log page: who, what, when, target and details; filters and pages."""

from __future__ import annotations

from datetime import datetime

from intranet.audit.services import record
from intranet.extensions import db
from tests.admin.conftest import field_error, selected


def entry(actor, action, target=None, at=None, **details):
    made = record(actor, action, target, **details)
    if at is not None:
        made.at = at
    db.session.commit()
    return made


def rows(page: str) -> int:
    return page.count("<code class=\"small\">")


def test_entries_show_who_what_when_target_and_details(admin_client, admin, people):
    entry(admin, "role.granted", people["employee"], at=datetime(2025, 3, 4, 9, 30), role="hr", name="Era Employee")
    page = admin_client.get("/admin/audit").get_data(as_text=True)
    assert "Ari Admin" in page and "Role granted" in page and "role.granted" in page
    assert f'href="/admin/people/{people["employee"].id}">Era Employee</a>' in page
    assert "<dt>role</dt><dd>hr</dd>" in page
    assert 'datetime="2025-03-04T09:30:00Z"' in page


def test_changes_show_old_and_new(admin_client, admin, units):
    entry(admin, "unit.updated", units["other"], changes={"code": ["OLD", "OTH"], "head": [None, "Era"]})
    page = admin_client.get("/admin/audit").get_data(as_text=True)
    assert "<dt>code</dt><dd>OLD → OTH</dd>" in page and "<dt>head</dt><dd>— → Era</dd>" in page


def test_filters(admin_client, admin, people):
    hr = people["hr"]
    entry(admin, "role.granted", people["employee"], at=datetime(2025, 1, 10, 12), role="hr")
    entry(admin, "person.deactivated", people["cabinet"], at=datetime(2025, 2, 10, 12))
    entry(hr, "surveys.published", at=datetime(2025, 3, 10, 12))
    entry(None, "people.imported", at=datetime(2025, 3, 31, 21, 30), created=3)  # 23:30 in Belgrade

    def count(query: str) -> int:
        return rows(admin_client.get("/admin/audit" + query).get_data(as_text=True))

    assert count("") == 4
    assert count("?action=role") == 1
    assert count("?action=person.") == 1
    assert count(f"?actor={hr.id}") == 1
    assert count(f"?actor={admin.id}&action=person") == 1
    assert count("?date_from=2025-02-01") == 3
    assert count("?date_to=2025-02-10") == 2  # the end day is included
    assert count("?date_from=2025-02-11&date_to=2025-03-31") == 2  # local day, not UTC
    assert count("?date_from=2025-04-01") == 0
    page = admin_client.get(f"/admin/audit?actor={hr.id}").get_data(as_text=True)
    assert selected(page, "actor") == str(hr.id) and "System" not in page


def test_a_bad_date_is_explained_not_a_crash(admin_client, admin):
    entry(admin, "role.granted", role="hr")
    response = admin_client.get("/admin/audit?date_from=yesterday")
    assert response.status_code == 200
    assert field_error(response.get_data(as_text=True), "date_from") == "Not a valid date value."


def test_pages(admin_client, admin):
    for n in range(55):
        entry(admin, "settings.changed", n=n)
    first = admin_client.get("/admin/audit").get_data(as_text=True)
    second = admin_client.get("/admin/audit?page=2").get_data(as_text=True)
    assert rows(first) == 50 and rows(second) == 5
    assert "55 entries" in first
    assert 'href="/admin/audit?page=2"' in first
