"""The settings page: organisation name per language and the IT contact, audited."""

from __future__ import annotations

from intranet.audit.models import AuditEntry
from intranet.extensions import db
from tests.admin.conftest import field_error, input_value


def settings_entries():
    return list(db.session.scalars(db.select(AuditEntry).filter_by(action="settings.changed")))


def test_saving_settings_changes_the_layout_and_is_audited(admin_client, admin, make_person, client_as):
    page = admin_client.get("/admin/settings").get_data(as_text=True)
    assert "Komuna e Istogut" in page  # the configured name is the default
    response = admin_client.post("/admin/settings", data={
        "org_name_sq": "Komuna e Pejës", "org_name_sr": "", "org_name_en": "Municipality of Peja",
        "it_contact_email": "ti@example.test",
    })
    assert response.status_code == 302
    page = admin_client.get("/admin/settings").get_data(as_text=True)
    assert "The settings are saved." in page and "Municipality of Peja · Ura</title>" in page  # the admin reads English
    assert input_value(page, "it_contact_email") == "ti@example.test"
    albanian = client_as(make_person(language="sq")).get("/").get_data(as_text=True)
    assert "Komuna e Pejës · Ura</title>" in albanian
    serbian = client_as(make_person(language="sr")).get("/").get_data(as_text=True)
    assert "Komuna e Pejës · Ura</title>" in serbian  # no Serbian name: the Albanian one
    [entry] = settings_entries()
    assert entry.actor_id == admin.id
    assert entry.details["changes"] == {
        "org_name": [None, {"sq": "Komuna e Pejës", "en": "Municipality of Peja"}],
        "it_contact_email": [None, "ti@example.test"],
    }


def test_saving_the_same_values_writes_nothing(admin_client):
    data = {"org_name_sq": "Komuna e Pejës", "it_contact_email": ""}
    admin_client.post("/admin/settings", data=data)
    admin_client.post("/admin/settings", data=data)
    assert len(settings_entries()) == 1


def test_a_bad_email_comes_back_next_to_the_field(admin_client):
    page = admin_client.post("/admin/settings", data={
        "org_name_sq": "Komuna e Pejës", "it_contact_email": "help desk",
    }).get_data(as_text=True)
    assert field_error(page, "it_contact_email") == "help desk is not a valid email address."
    assert input_value(page, "org_name_sq") == "Komuna e Pejës"
    assert settings_entries() == []


def test_the_it_contact_is_offered_where_people_are_refused(admin_client, client_as, people):
    settings = {"org_name_sq": "Komuna e Istogut", "it_contact_email": "it@istog.example"}
    admin_client.post("/admin/settings", data=settings)
    page = client_as(people["employee"]).get("/admin/").get_data(as_text=True)
    assert 'href="mailto:it@istog.example"' in page
