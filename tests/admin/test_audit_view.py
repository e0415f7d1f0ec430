"""The audit log page: sentences, filters drawn as a GET form, pages."""

from __future__ import annotations

from datetime import datetime

from intranet.audit.services import record
from intranet.extensions import db
from tests.admin.conftest import field_error, selected
from tests.forms import PageForm


def entry(actor, action, target=None, at=None, **details):
    made = record(actor, action, target, **details)
    if at is not None:
        made.at = at
    db.session.commit()
    return made


def rows(page: str) -> int:
    return page.count('<li class="audit-line')


def test_entries_read_as_sentences(admin_client, admin, people):
    entry(admin, "role.granted", people["employee"], at=datetime(2025, 3, 4, 9, 30), role="hr", name="Era Employee")
    page = admin_client.get("/admin/audit").get_data(as_text=True)
    assert '<time datetime="2025-03-04T09:30:00Z">4 Mar 2025, 10:30</time>' in page
    assert ("<strong>Ari Admin</strong> gave a role to "
            f'<a href="/admin/people/{people["employee"].id}">“Era Employee”</a>') in page
    assert '<dt class="d-inline">Role:</dt> <dd class="d-inline">Human resources</dd>' in page


def test_changes_show_old_and_new(admin_client, admin, units):
    entry(admin, "unit.updated", units["other"], changes={"code": ["OLD", "OTH"], "head": [None, "Era"]})
    page = admin_client.get("/admin/audit").get_data(as_text=True)
    assert "<dd class=\"d-inline\">OLD → OTH</dd>" in page and "<dd class=\"d-inline\">— → Era</dd>" in page


def test_filters_through_the_page_form(admin_client, admin, people):
    hr = people["hr"]
    entry(admin, "role.granted", people["employee"], at=datetime(2025, 1, 10, 12), role="hr")
    entry(admin, "person.deactivated", people["cabinet"], at=datetime(2025, 2, 10, 12))
    entry(hr, "surveys.published", at=datetime(2025, 3, 10, 12))
    entry(None, "people.imported", at=datetime(2025, 3, 31, 21, 30), created=3)  # 23:30 in Belgrade

    def count(**choices) -> int:
        form = PageForm(admin_client.get("/admin/audit").get_data(as_text=True), action="/admin/audit")
        return rows(form.fill(**choices).submit(admin_client).get_data(as_text=True))

    first = PageForm(admin_client.get("/admin/audit").get_data(as_text=True), action="/admin/audit")
    assert first.method == "get"
    assert set(first.options("actor")) == {"", "0", str(admin.id), str(hr.id)}  # only people in the log
    assert {"role.granted", "people.imported", "surveys.published"} <= set(first.options("kind"))
    assert count() == 4
    assert count(kind="role.granted") == 1
    assert count(actor=str(hr.id)) == 1
    assert count(actor="0") == 1  # the system
    assert count(actor=str(admin.id), kind="person.deactivated") == 1
    assert count(date_from="2025-02-01") == 3
    assert count(date_to="2025-02-10") == 2  # the end day is included
    assert count(date_from="2025-02-11", date_to="2025-03-31") == 2  # local day, not UTC
    assert count(date_from="2025-04-01") == 0
    page = first.fill(actor=str(hr.id)).submit(admin_client).get_data(as_text=True)
    assert selected(page, "actor") == str(hr.id) and "<strong>System</strong>" not in page
    assert "surveys: published" in page  # a kind nobody describes reads from its key


def test_the_page_reads_in_albanian(client_as, make_person, people):
    reader = make_person("Arta Krasniqi", roles=["admin"], language="sq")
    entry(reader, "people.imported", at=datetime(2026, 12, 12, 13, 5), filename="staff.csv", created=2,
          rejected=1, rows=3)
    page = client_as(reader).get("/admin/audit").get_data(as_text=True)
    assert "12 dhj 2026, 14:05" in page and "<strong>Arta Krasniqi</strong>" in page
    assert "True" not in page and "None" not in page


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
