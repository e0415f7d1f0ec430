"""A double-clicked "create unit" answers with the field's message, never a 500 (PostgreSQL, real threads)."""

from __future__ import annotations

from sqlalchemy import func, select

from intranet.extensions import db
from intranet.people.models import Unit
from tests.forms import PageForm
from tests.race import at_once, postgresql_only


def test_creating_the_same_unit_twice_at_once(client_as, people):
    postgresql_only(db)
    clients = [client_as(people["admin"]) for _ in range(2)]
    forms = [PageForm(c.get("/admin/units/new").get_data(as_text=True), action="", base_url="/admin/units/new")
             .fill(code="ZYRA", name_sq="Zyra e re") for c in clients]
    responses = at_once([lambda f=f, c=c: f.submit(c) for f, c in zip(forms, clients, strict=True)])
    assert sorted(r.status_code for r in responses) == [200, 302]
    refused = next(r for r in responses if r.status_code == 200).get_data(as_text=True)
    assert 'id="code-error"' in refused and "ZYRA" in refused
    assert db.session.scalar(select(func.count()).select_from(Unit).where(Unit.code == "ZYRA")) == 1


def test_a_double_clicked_role_change_gives_the_role_once(client_as, people):
    postgresql_only(db)
    from intranet.people.models import RoleAssignment

    employee = people["employee"]
    url = f"/admin/people/{employee.id}"
    clients = [client_as(people["admin"]) for _ in range(2)]
    forms = [PageForm(c.get(url).get_data(as_text=True), action=f"{url}/roles").check("roles", "hr")
             for c in clients]
    responses = at_once([lambda f=f, c=c: f.submit(c) for f, c in zip(forms, clients, strict=True)])
    assert sorted(r.status_code for r in responses) == [302, 302]
    given = db.session.scalars(select(RoleAssignment.role).where(RoleAssignment.person_id == employee.id)).all()
    assert given == ["hr"]


def test_a_double_clicked_import_confirmation_imports_once(client_as, people):
    postgresql_only(db)
    import io

    from intranet.audit.models import AuditEntry
    from intranet.people.models import Person

    client = client_as(people["admin"])
    upload = PageForm(client.get("/admin/import").get_data(as_text=True), action="/admin/import")
    preview = upload.submit(client, files={"file": (io.BytesIO(b"name,email\nNora New,nora@example.test\n"),
                                                    "staff.csv")}, content_type="multipart/form-data")
    confirm = PageForm(preview.get_data(as_text=True), action="/admin/import/confirm")
    clients = [client_as(people["admin"]) for _ in range(2)]
    pages = [r.get_data(as_text=True) for r in at_once([lambda c=c: confirm.submit(c) for c in clients])]
    assert sum("This file has been imported already" in page for page in pages) == 1
    assert db.session.scalar(select(func.count()).select_from(Person).where(Person.email == "nora@example.test")) == 1
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)
                             .where(AuditEntry.action == "people.imported")) == 1
