"""Person services: details, email rules, deactivation and the sessions it ends."""

from __future__ import annotations

import pytest

from intranet.domain import DomainError, PermissionDenied
from intranet.people.services import (
    create_person,
    deactivate_person,
    list_people,
    reactivate_person,
    update_person,
)
from tests.conftest import open_sessions


def test_create_person_audits_and_provisions(admin, units, audit, signals):
    person = create_person(admin, name="  Arta Rexhepi ", email="Arta.Rexhepi@Example.test",
                           unit_id=units["own"].id, position="Zyrtare", language="sr")
    assert person.id and person.name == "Arta Rexhepi" and person.active
    assert person.email == "Arta.Rexhepi@example.test"  # the domain is normalised, the local part kept
    assert person.language == "sr" and person.unit is units["own"]
    [entry] = audit("person.created")
    assert entry.target_id == str(person.id) and entry.details["changes"]["unit"] == [None, "OWN"]
    assert [(p, kw["source"]) for p, kw in signals.person_provisioned] == [(person, "admin")]


def test_new_people_get_the_default_language(admin):
    assert create_person(admin, name="Default").language == "sq"


@pytest.mark.parametrize(("fields", "field"), [
    ({"name": " "}, "name"),
    ({"name": "x" * 201}, "name"),
    ({"name": "Ok", "email": "not an email"}, "email"),
    ({"name": "Ok", "language": "de"}, "language"),
    ({"name": "Ok", "unit_id": 999_999}, "unit_id"),
    ({"name": "Ok", "phone": "1" * 51}, "phone"),
])
def test_bad_values_name_their_field(admin, fields, field, audit):
    with pytest.raises(DomainError) as refused:
        create_person(admin, **fields)
    assert refused.value.field == field and refused.value.message
    assert audit() == []


def test_emails_are_unique_ignoring_case(admin, make_person):
    make_person("First", email="same@example.test")
    with pytest.raises(DomainError) as refused:
        create_person(admin, name="Second", email="SAME@example.test")
    assert refused.value.field == "email"


def test_update_sends_the_changes(admin, people, units, audit, signals):
    employee = people["employee"]
    update_person(admin, employee, unit_id=units["other"].id, position="Arkivist", name=employee.name)
    assert employee.unit is units["other"]
    [changes] = signals.changes_of(employee)
    assert changes == {"unit_id": (units["own"].id, units["other"].id), "position": ("", "Arkivist")}
    [entry] = audit("person.updated")
    assert entry.details["changes"] == {"unit": ["OWN", "OTH"], "position": ["", "Arkivist"]}


def test_update_without_change_writes_nothing(admin, people, audit, signals):
    update_person(admin, people["employee"], name="Era Employee")
    assert audit() == [] and signals.person_changed == []


def test_deactivation_ends_sessions(admin, people, audit, signals, client_as):
    employee = people["employee"]
    client = client_as(employee)
    assert client.get("/").status_code == 200
    assert deactivate_person(admin, employee) is True
    assert not employee.active and open_sessions(employee) == []
    [entry] = audit("person.deactivated")
    assert entry.actor_id == admin.id and entry.target_id == str(employee.id)
    assert audit("person.updated") == []
    assert signals.changes_of(employee) == [{"active": (True, False)}]
    assert client.get("/").status_code == 302  # the open session ended at the next request
    assert deactivate_person(admin, employee) is False  # already inactive: nothing more happens
    assert len(audit("person.deactivated")) == 1


def test_reactivation_lets_them_sign_in_again(admin, make_person, audit, client_as):
    person = make_person("Back", active=False)
    assert reactivate_person(admin, person) is True
    assert person.active
    assert [e.action for e in audit("person.")] == ["person.reactivated"]
    assert client_as(person).get("/").status_code == 200
    assert reactivate_person(admin, person) is False


def test_admins_cannot_deactivate_themselves(admin, audit):
    with pytest.raises(DomainError) as refused:
        deactivate_person(admin, admin)
    assert "yourself" in refused.value.message
    assert admin.active and audit() == []


@pytest.mark.parametrize("role", ["employee", "director", "communications", "hr", "cabinet"])
def test_only_admins_manage_people(people, role):
    target = people["employee"] if role != "employee" else people["hr"]
    with pytest.raises(PermissionDenied):
        create_person(people[role], name="Nobody")
    with pytest.raises(PermissionDenied):
        update_person(people[role], target, name="Renamed")
    with pytest.raises(PermissionDenied):
        deactivate_person(people[role], target)


def test_a_deactivated_admin_can_do_nothing(make_person, people):
    former = make_person("Former admin", roles=["admin"], active=False)
    with pytest.raises(PermissionDenied):
        update_person(former, people["employee"], name="Renamed")


def test_list_people_filters(people, make_person, units):
    make_person("Zana Gone", unit=units["other"], active=False, position="Arkivist")
    assert [p.name for p in list_people("era").items] == ["Era Employee"]
    assert [p.name for p in list_people(status="inactive").items] == ["Zana Gone"]
    assert [p.name for p in list_people("arkiv", status="all").items] == ["Zana Gone"]
    assert list_people(unit_id=units["other"].id).total == 0
    assert list_people(per_page=2, page=3).items[0].name == [p.name for p in list_people().items][4]
