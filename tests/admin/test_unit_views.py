"""Unit pages: create and edit through the forms; refusals come back next to their field."""

from __future__ import annotations

from intranet.extensions import db
from intranet.people.models import Unit
from intranet.permissions import acts_for
from tests.admin.conftest import field_error, input_value, selected


def test_units_are_listed(admin_client, units, make_unit):
    make_unit("OLD", "Old office", active=False, kind="office")
    page = admin_client.get("/admin/units").get_data(as_text=True)
    assert "Own directorate" in page and "Old office" in page and "Inactive" in page
    assert '<th scope="col">' in page and '<caption id="units-caption">' in page


def test_create_a_unit(admin_client, units, admin):
    response = admin_client.post("/admin/units/new", data={
        "code": "ZIP", "name_sq": "Zyra për Informim Publik", "name_en": "Public Information Office",
        "kind": "office", "parent_id": str(units["own"].id), "head_id": str(admin.id), "sort_order": "3",
        "active": "y",
    })
    assert response.status_code == 302 and response.headers["Location"].endswith("/admin/units")
    unit = db.session.scalar(db.select(Unit).filter_by(code="ZIP"))
    assert unit.names == {"sq": "Zyra për Informim Publik", "en": "Public Information Office"}
    assert (unit.kind, unit.parent_id, unit.head_id, unit.sort_order, unit.active) == (
        "office", units["own"].id, admin.id, 3, True)
    assert "The unit is saved." in admin_client.get("/admin/units").get_data(as_text=True)


def test_a_taken_code_comes_back_on_the_code_field(admin_client, units):
    response = admin_client.post("/admin/units/new", data={
        "code": "own", "name_sq": "Diçka tjetër", "name_sr": "Nešto drugo", "kind": "office",
    })
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert field_error(page, "code") == "The code own is already used by Own directorate (OWN)."
    assert input_value(page, "code") == "own"
    assert input_value(page, "name_sq") == "Diçka tjetër" and input_value(page, "name_sr") == "Nešto drugo"
    assert selected(page, "kind") == "office"
    assert 'aria-invalid="true"' in page


def test_the_albanian_name_is_required(admin_client):
    page = admin_client.post("/admin/units/new", data={"code": "X", "name_en": "English only", "kind": "unit"})
    page = page.get_data(as_text=True)
    assert field_error(page, "name_sq") == "The name in this language is required."
    assert input_value(page, "name_en") == "English only"


def test_a_parent_cycle_comes_back_on_the_parent_field(admin_client, make_unit):
    top = make_unit("TOP")
    low = make_unit("LOW", parent_id=top.id)
    page = admin_client.post(f"/admin/units/{top.id}", data={
        "code": "TOP", "name_sq": "Lart", "kind": "directorate", "parent_id": str(low.id), "active": "y",
    }).get_data(as_text=True)
    assert "cannot sit inside itself" in field_error(page, "parent_id")
    assert selected(page, "parent_id") == str(low.id)
    db.session.expire_all()
    assert db.session.get(Unit, top.id).parent_id is None


def test_edit_form_shows_the_stored_unit_and_sets_a_head(admin_client, units, people):
    other = units["other"]
    page = admin_client.get(f"/admin/units/{other.id}").get_data(as_text=True)
    assert input_value(page, "code") == "OTH" and input_value(page, "name_sq") == "Other directorate"
    employee = people["employee"]
    response = admin_client.post(f"/admin/units/{other.id}", data={
        "code": "OTH", "name_sq": "Other directorate", "kind": "directorate", "head_id": str(employee.id),
        "sort_order": "0", "active": "y",
    })
    assert response.status_code == 302
    assert acts_for(employee, other.id)


def test_unknown_unit_is_404(admin_client):
    assert admin_client.get("/admin/units/999999").status_code == 404
