"""Role assignments: grants and revocations are audited, and someone always stays admin."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from intranet.domain import DomainError, PermissionDenied
from intranet.people.models import RoleAssignment
from intranet.people.services import check_can_deactivate, grant_role, revoke_role, set_roles


def test_grant_and_revoke_are_audited_and_signalled(admin, people, audit, signals):
    employee = people["employee"]
    assert grant_role(admin, employee, "hr") is True
    assert employee.has_role("hr")
    assert grant_role(admin, employee, "HR") is False  # already given: nothing happens
    assert revoke_role(admin, employee, "hr") is True
    assert not employee.has_role("hr")
    assert revoke_role(admin, employee, "hr") is False
    assert [(e.action, e.details["role"], e.target_id) for e in audit("role.")] == [
        ("role.granted", "hr", str(employee.id)), ("role.revoked", "hr", str(employee.id)),
    ]
    assert signals.changes_of(employee) == [
        {"roles": (["employee"], ["employee", "hr"])}, {"roles": (["employee", "hr"], ["employee"])},
    ]


def test_assignments_from_admins_have_source_admin(admin, people):
    set_roles(admin, people["employee"], ["communications", "cabinet"])
    assert {(a.role, a.source) for a in people["employee"].role_assignments} == {
        ("communications", "admin"), ("cabinet", "admin"),
    }


@pytest.mark.parametrize("role", ["employee", "superuser", ""])
def test_unknown_roles_are_refused(admin, people, role):
    with pytest.raises(DomainError) as refused:
        grant_role(admin, people["employee"], role)
    assert refused.value.field == "roles"


def test_the_last_admin_cannot_give_up_the_role(admin, audit):
    with pytest.raises(DomainError) as refused:
        revoke_role(admin, admin, "admin")
    assert "last active administrator" in refused.value.message
    assert admin.has_role("admin") and audit() == []


def test_an_admin_can_step_down_when_another_remains(admin, make_person):
    make_person("Second admin", roles=["admin"])
    assert revoke_role(admin, admin, "admin") is True
    assert not admin.has_role("admin")


def test_an_inactive_admin_does_not_count(admin, make_person):
    make_person("Retired admin", roles=["admin"], active=False)
    with pytest.raises(DomainError):
        set_roles(admin, admin, [])


def test_the_last_active_admin_cannot_be_deactivated(admin, make_person):
    # Only reachable when someone other than an admin may deactivate people (the
    # command line, or a future rule); admins already may not deactivate themselves.
    with pytest.raises(DomainError) as refused:
        check_can_deactivate(None, admin)
    assert "last active administrator" in refused.value.message
    make_person("Second admin", roles=["admin"])
    check_can_deactivate(None, admin)


def test_a_role_from_entra_stays_when_the_admin_grant_goes(admin, make_person, db):
    person = make_person("Both")
    person.role_assignments.append(RoleAssignment(role="hr", source="sso"))
    db.session.commit()
    grant_role(admin, person, "hr")
    assert revoke_role(admin, person, "hr") is True
    assert person.has_role("hr")  # still held through Entra ID until the next sign-in says otherwise


def test_an_admin_from_entra_counts_as_an_admin(admin, make_person, db):
    person = make_person("Entra admin")
    person.role_assignments.append(RoleAssignment(role="admin", source="sso"))
    db.session.commit()
    assert revoke_role(admin, admin, "admin") is True


@pytest.mark.parametrize("role", ["employee", "director", "communications", "hr", "cabinet"])
def test_only_admins_assign_roles(people, role):
    with pytest.raises(PermissionDenied):
        grant_role(people[role], people[role], "admin")


def test_two_admins_removing_each_other_at_once_leave_one(admin, make_person, db):
    """Ari takes Besa's admin role while Besa's own transaction takes Ari's: Ari must wait and be refused."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no row locks (FOR UPDATE); this race needs PostgreSQL")
    besa = make_person("Besa Admin", roles=["admin"])
    ari_id, engine = admin.id, db.engine
    locked, release = threading.Event(), threading.Event()

    def besa_removes_ari():
        with engine.connect() as conn, conn.begin():
            conn.execute(sa.select(RoleAssignment.id).where(RoleAssignment.role == "admin").with_for_update())
            conn.execute(sa.delete(RoleAssignment).where(RoleAssignment.person_id == ari_id))
            locked.set()
            release.wait(5)

    other = threading.Thread(target=besa_removes_ari)
    other.start()
    locked.wait(5)
    threading.Timer(0.3, release.set).start()  # Besa commits while Ari is waiting on the lock
    with pytest.raises(DomainError, match="last active administrator"):
        revoke_role(admin, besa, "admin")
    other.join()
    db.session.rollback()
    assert besa.has_role("admin")
