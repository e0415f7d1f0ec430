"""Unit services: names, codes, parents, heads — each rule, its audit entry and its signal."""

from __future__ import annotations

import pytest

from intranet.domain import DomainError, PermissionDenied
from intranet.people.models import Unit
from intranet.people.services import create_unit, set_unit_head, update_unit
from intranet.permissions import acts_for


def test_create_unit_writes_audit_and_signal(admin, audit, signals, db):
    unit = create_unit(admin, code="DASH", names={"sq": "Drejtoria e Arsimit", "en": "Education"}, kind="directorate")
    db.session.expire_all()
    stored = db.session.get(Unit, unit.id)
    assert stored.code == "DASH"
    assert stored.names == {"sq": "Drejtoria e Arsimit", "en": "Education"}  # empty names are not stored
    [entry] = audit("unit.created")
    assert entry.actor_id == admin.id and entry.target_type == "unit" and entry.target_id == str(unit.id)
    assert entry.details["changes"]["code"] == [None, "DASH"]
    [(sender, kwargs)] = signals.unit_changed
    assert sender is unit and kwargs["changes"]["code"] == (None, "DASH")


def test_the_albanian_name_is_required(admin):
    with pytest.raises(DomainError) as refused:
        create_unit(admin, code="X1", names={"sq": " ", "en": "Only English"})
    assert refused.value.field == "name_sq"


@pytest.mark.parametrize("code", ["", "has space", "x" * 33, "DA/1"])
def test_bad_codes_are_refused_on_the_code_field(admin, code):
    with pytest.raises(DomainError) as refused:
        create_unit(admin, code=code, names={"sq": "Emri"})
    assert refused.value.field == "code"


def test_codes_are_unique_ignoring_case(admin, units):
    with pytest.raises(DomainError) as refused:
        create_unit(admin, code="oth", names={"sq": "Tjetër"})
    assert refused.value.field == "code"
    assert "OTH" in refused.value.message and "Other directorate" in refused.value.message


def test_a_unit_keeps_its_own_code(admin, units, db):
    update_unit(admin, units["other"], code="OTH", names={"sq": "Drejtoria tjetër"})
    assert units["other"].names["sq"] == "Drejtoria tjetër"


def test_parent_cycles_are_refused(admin, make_unit):
    top = make_unit("TOP")
    middle = make_unit("MID", parent_id=top.id)
    low = make_unit("LOW", parent_id=middle.id)
    for parent in (low, middle, top):
        with pytest.raises(DomainError) as refused:
            update_unit(admin, top, parent_id=parent.id)
        assert refused.value.field == "parent_id"
    update_unit(admin, low, parent_id=top.id)  # moving down the tree elsewhere is fine
    assert low.parent_id == top.id


def test_unknown_parent_is_refused(admin, units):
    with pytest.raises(DomainError) as refused:
        update_unit(admin, units["own"], parent_id=999_999)
    assert refused.value.field == "parent_id"


def test_heading_a_unit_makes_a_director(admin, make_person, units, audit, signals):
    person = make_person("Fatmir Kelmendi", unit=units["other"])
    assert "director" not in person.roles
    set_unit_head(admin, units["other"], person)
    assert "director" in person.roles and acts_for(person, units["other"].id)
    [entry] = audit("unit.updated")
    assert entry.details["changes"]["head"] == [None, "Fatmir Kelmendi"]
    assert {"roles": (["employee"], ["director", "employee"])} in signals.changes_of(person)
    set_unit_head(admin, units["other"], None)
    assert "director" not in person.roles
    assert {"roles": (["director", "employee"], ["employee"])} in signals.changes_of(person)


def test_a_deactivated_person_cannot_head_a_unit(admin, make_person, units):
    gone = make_person("Gone", active=False)
    with pytest.raises(DomainError) as refused:
        set_unit_head(admin, units["other"], gone)
    assert refused.value.field == "head_id"


def test_names_of_languages_not_enabled_are_kept(admin, units, app):
    units["other"].names = {"sq": "Tjetër", "sr": "Druga", "en": "Other"}
    app.config["URA_LANGUAGES"] = ["sq", "en"]
    update_unit(admin, units["other"], names={"sq": "Tjetra", "en": "Another"})
    assert units["other"].names == {"sq": "Tjetra", "sr": "Druga", "en": "Another"}


def test_no_change_writes_nothing(admin, units, audit, signals):
    update_unit(admin, units["other"], code="OTH", kind=units["other"].kind)
    assert audit() == [] and signals.unit_changed == []


@pytest.mark.parametrize("role", ["employee", "director", "communications", "hr", "cabinet"])
def test_only_admins_manage_units(people, units, role):
    with pytest.raises(PermissionDenied):
        create_unit(people[role], code="NEW", names={"sq": "E re"})
    with pytest.raises(PermissionDenied):
        update_unit(people[role], units["own"], active=False)


def test_a_unit_whose_head_left_can_still_be_edited(admin, make_person, units):
    head = make_person("Left", head_of=units["other"])
    head.active = False
    update_unit(admin, units["other"], head_id=head.id, names={"sq": "Emri i ri"})
    assert units["other"].head_id == head.id and units["other"].names["sq"] == "Emri i ri"
