"""Person pages: details, roles and access forms; errors next to their field, input kept."""

from __future__ import annotations

from intranet.extensions import db
from intranet.people.models import Person
from tests.admin.conftest import field_error, input_value, selected


def test_new_person_form_keeps_input_on_error(admin_client, units):
    response = admin_client.post("/admin/people/new", data={
        "name": "Teuta Tahiri", "email": "teuta at istog", "position": "Zyrtare", "phone": "044 000 000",
        "unit_id": str(units["other"].id), "language": "sr", "active": "y",
    })
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert field_error(page, "email") == "teuta at istog is not a valid email address."
    assert input_value(page, "name") == "Teuta Tahiri" and input_value(page, "email") == "teuta at istog"
    assert input_value(page, "phone") == "044 000 000"
    assert selected(page, "unit_id") == str(units["other"].id) and selected(page, "language") == "sr"
    assert db.session.scalar(db.select(Person).filter_by(name="Teuta Tahiri")) is None


def test_missing_name_is_shown_next_to_the_name(admin_client):
    page = admin_client.post("/admin/people/new", data={"name": "", "email": "x@example.test", "language": "sq"})
    assert field_error(page.get_data(as_text=True), "name") == "This field is required."


def test_create_then_edit_a_person(admin_client, units):
    response = admin_client.post("/admin/people/new", data={
        "name": "Teuta Tahiri", "email": "teuta@example.test", "unit_id": str(units["own"].id),
        "language": "sq", "active": "y",
    })
    teuta = db.session.scalar(db.select(Person).filter_by(email="teuta@example.test"))
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/admin/people/{teuta.id}")
    page = admin_client.get(f"/admin/people/{teuta.id}").get_data(as_text=True)
    assert "Teuta Tahiri is saved." in page and input_value(page, "email") == "teuta@example.test"
    assert selected(page, "unit_id") == str(units["own"].id)
    response = admin_client.post(f"/admin/people/{teuta.id}", data={
        "name": "Teuta Tahiri", "email": "teuta@example.test", "position": "Arkiviste", "unit_id": "",
        "language": "en",
    })
    assert response.status_code == 302
    assert (teuta.position, teuta.unit_id, teuta.language) == ("Arkiviste", None, "en")


def test_a_taken_email_is_refused_on_edit(admin_client, people):
    era = people["employee"]
    page = admin_client.post(f"/admin/people/{era.id}", data={
        "name": "Era Employee", "email": people["hr"].email.upper(), "language": "sq",
    }).get_data(as_text=True)
    assert field_error(page, "email").startswith("Another person already has the email")
    assert input_value(page, "email") == people["hr"].email.upper()


def test_roles_checkboxes(admin_client, people):
    era = people["employee"]
    page = admin_client.get(f"/admin/people/{era.id}").get_data(as_text=True)
    assert '<legend class="h6">Roles given in Ura</legend>' in page
    assert admin_client.post(f"/admin/people/{era.id}/roles", data={"roles": ["hr", "cabinet"]}).status_code == 302
    assert era.roles == {"employee", "hr", "cabinet"}
    page = admin_client.get(f"/admin/people/{era.id}").get_data(as_text=True)
    assert 'value="hr" id="role-hr" checked' in page and 'value="admin" id="role-admin">' in page
    admin_client.post(f"/admin/people/{era.id}/roles", data={})
    assert era.roles == {"employee"}


def test_the_last_admin_sees_why_they_keep_the_role(admin_client, admin):
    response = admin_client.post(f"/admin/people/{admin.id}/roles", data={"roles": ["hr"]})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "You are the last active administrator" in field_error(page, "roles")
    assert 'value="hr" id="role-hr" checked' in page  # what was ticked is kept
    assert input_value(page, "name") == "Ari Admin"  # the details form shows the stored values
    assert admin.has_role("admin") and not admin.has_role("hr")


def test_deactivate_and_reactivate_buttons(admin_client, people, client_as):
    era = people["employee"]
    era_client = client_as(era)
    response = admin_client.post(f"/admin/people/{era.id}/deactivate")
    assert response.status_code == 302
    assert not era.active
    page = admin_client.get(f"/admin/people/{era.id}").get_data(as_text=True)
    assert "Era Employee is deactivated and signed out everywhere." in page
    assert "Reactivate Era Employee" in page
    assert era_client.get("/").status_code == 302
    admin_client.post(f"/admin/people/{era.id}/reactivate")
    assert era.active


def test_deactivating_oneself_is_refused_with_a_message(admin_client, admin):
    admin_client.post(f"/admin/people/{admin.id}/deactivate")
    assert admin.active
    page = admin_client.get(f"/admin/people/{admin.id}").get_data(as_text=True)
    assert "You cannot deactivate yourself." in page


def test_deactivation_is_post_only(admin_client, people):
    assert admin_client.get(f"/admin/people/{people['employee'].id}/deactivate").status_code == 405
    assert people["employee"].active


def test_people_list_search_filter_and_pages(admin_client, people, make_person, units):
    make_person("Zana Gone", unit=units["other"], active=False)
    for n in range(55):
        make_person(f"Staff {n:02d}", unit=units["other"])
    page = admin_client.get("/admin/people?q=era").get_data(as_text=True)
    assert "Era Employee" in page and "Hana HR" not in page
    page = admin_client.get("/admin/people?status=inactive").get_data(as_text=True)
    assert "Zana Gone" in page and "Era Employee" not in page
    page = admin_client.get(f"/admin/people?unit={units['own'].id}").get_data(as_text=True)
    assert "Era Employee" in page and "Staff 00" not in page
    assert selected(page, "unit") == str(units["own"].id)
    first = admin_client.get("/admin/people").get_data(as_text=True)
    second = admin_client.get("/admin/people?page=2").get_data(as_text=True)
    assert "62 people found" in first and 'aria-current="page">1<' in first
    assert "Staff 54" in second and "Staff 54" not in first


def test_unknown_person_is_404(admin_client):
    assert admin_client.get("/admin/people/999999").status_code == 404


def test_the_list_shows_directors_by_heading(admin_client, people):
    page = admin_client.get("/admin/people?q=dren").get_data(as_text=True)
    assert "<td>Director</td>" in page


def test_other_roles_are_refused_and_change_nothing(client_as, people):
    hr = client_as(people["hr"])
    era = people["employee"]
    assert hr.get("/admin/").status_code == 403
    assert hr.post(f"/admin/people/{era.id}/roles", data={"roles": ["admin"]}).status_code == 403
    assert hr.post(f"/admin/people/{era.id}/deactivate").status_code == 403
    assert hr.post("/admin/settings", data={"org_name_sq": "Tjetër"}).status_code == 403
    assert era.roles == {"employee"} and era.active
    assert 'href="/admin/"' not in hr.get("/").get_data(as_text=True)


def test_the_employee_role_is_always_on_and_cannot_be_unticked(admin_client, people):
    """The box is drawn ticked and disabled with its reason; the browser sends nothing for it,
    and a request that names it (or leaves it out) changes nothing about it."""
    from tests.forms import PageForm

    era = people["employee"]
    url = f"/admin/people/{era.id}"
    page = admin_client.get(url).get_data(as_text=True)
    assert 'id="role-employee" checked disabled aria-describedby="role-employee-help"' in page
    assert 'id="role-employee-help">Always on: everyone is an employee.</div>' in page
    form = PageForm(page, action=f"{url}/roles")
    assert "employee" not in form.options("roles"), "a disabled box is not something a person can change"
    assert form.get_all("roles") == []
    response = form.check("roles", "hr").submit(admin_client)
    assert response.status_code == 302 and era.roles == {"employee", "hr"}

    # Unticking everything the page lets a person untick leaves the employee role on.
    form = PageForm(admin_client.get(url).get_data(as_text=True), action=f"{url}/roles")
    assert form.get_all("roles") == ["hr"]
    form.uncheck("roles").submit(admin_client)
    assert era.roles == {"employee"}
    # A hand-made request naming the role is not refused: it is ignored.
    response = admin_client.post(f"{url}/roles", data={"roles": ["employee", "cabinet"],
                                                       "csrf_token": form.get("csrf_token") or ""})
    assert response.status_code == 302 and era.roles == {"employee", "cabinet"}
    page = admin_client.get(url).get_data(as_text=True)
    assert 'id="role-employee" checked disabled' in page and "Unknown role" not in page


def test_the_employee_role_is_drawn_always_on_and_cannot_be_taken(admin_client, people):
    """Every person is an employee: the box is checked and disabled, so no form can remove it."""
    from tests.forms import PageForm

    era = people["employee"]
    page = admin_client.get(f"/admin/people/{era.id}").get_data(as_text=True)
    assert 'value="employee" id="role-employee" checked disabled' in page
    form = PageForm(page, action=f"/admin/people/{era.id}/roles")
    assert "employee" not in form.options("roles")  # disabled: the browser sends nothing for it
    form.check("roles", "hr").submit(admin_client)
    assert era.roles == {"employee", "hr"}
    PageForm(admin_client.get(f"/admin/people/{era.id}").get_data(as_text=True),
             action=f"/admin/people/{era.id}/roles").uncheck("roles").submit(admin_client)
    assert era.roles == {"employee"}
