"""The handbook's pages: reading, stable links, search, acknowledging, editing, publishing."""

from handbook import services
from handbook.models import Acknowledgment, Version


def test_read_the_handbook_with_contents_and_stable_anchors(client_as, people, handbook):
    page = client_as(people["employee"]).get("/handbook/email-guidelines/").get_data(as_text=True)
    assert 'id="subject-required"' in page and 'href="#subject-required"' in page
    assert "1.1 The subject is never empty" in page and "2. Salutation and closing" in page
    assert "I have read and understood version 1" in page
    assert "Due by" in page


def test_a_missing_translation_falls_back_with_a_note(client_as, people, handbook, db):
    people["employee"].language = "sr"
    db.session.commit()
    page = client_as(people["employee"]).get("/handbook/email-guidelines/").get_data(as_text=True)
    assert "Naslov nikada nije prazan" in page
    assert 'lang="sq"' in page  # "closing" has no Serbian text: shown in Albanian, marked as such
    assert "Me respekt" in page


def test_stable_links_redirect_to_the_anchor(client, client_as, people, handbook):
    client = client_as(people["employee"])
    response = client.get("/handbook/email-guidelines/s/subject-specific")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/handbook/email-guidelines/#subject-specific")
    assert client.get("/handbook/email-guidelines/s/no-such-section").status_code == 404
    assert client.get("/handbook/no-such-handbook/").status_code == 404


def test_search_within_the_handbook(client_as, people, handbook):
    client = client_as(people["employee"])
    page = client.get("/handbook/email-guidelines/?q=KIND%20regards").get_data(as_text=True)
    assert "1 section found" in page and 'href="#closing"' in page
    assert "0 sections found" in client.get("/handbook/email-guidelines/?q=zebra").get_data(as_text=True)


def test_the_intranet_search_finds_handbook_sections(client_as, people, handbook):
    page = client_as(people["employee"]).get("/search?q=subject").get_data(as_text=True)
    assert "/handbook/email-guidelines/#subject-required" in page


def test_acknowledge_with_one_click(client_as, people, handbook, db):
    client = client_as(people["employee"])
    response = client.post("/handbook/email-guidelines/acknowledge")
    assert response.status_code == 302
    ack = db.session.scalar(db.select(Acknowledgment))
    assert ack.person_id == people["employee"].id and ack.language == "en" and ack.version.number == 1
    page = client.get("/handbook/email-guidelines/").get_data(as_text=True)
    assert "You acknowledged version 1" in page and "I have read and understood" not in page
    client.post("/handbook/email-guidelines/acknowledge")
    assert db.session.scalar(db.select(db.func.count()).select_from(Acknowledgment)) == 1


def test_print_view_and_versions(client_as, people, handbook):
    client = client_as(people["employee"])
    page = client.get("/handbook/email-guidelines/print").get_data(as_text=True)
    assert "1.2 The matter and the action" in page and "I have read" not in page
    versions = client.get("/handbook/email-guidelines/versions").get_data(as_text=True)
    assert "First edition" in versions and "Material" in versions


def test_edit_a_section_keeps_the_input_on_errors(client_as, people, handbook):
    client = client_as(people["communications"])
    form = {"title_sq": "", "body_sq": "Teksti im i ri", "title_sr": "Pozdrav", "body_sr": "Tekst",
            "title_en": "Salutation", "body_en": "My new text"}
    response = client.post("/handbook/email-guidelines/edit/s/salutation", data=form)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Teksti im i ri" in page and "My new text" in page
    assert 'id="title_sq-error"' in page
    form["title_sq"] = "Përshëndetja"
    response = client.post("/handbook/email-guidelines/edit/s/salutation", data=form)
    assert response.status_code == 302
    assert services.get_section(handbook, "salutation").bodies["en"] == "My new text"
    edit = client.get("/handbook/email-guidelines/edit").get_data(as_text=True)
    assert "not published yet" in edit and "Missing in some languages" in edit


def test_add_a_section_and_publish(client_as, people, handbook, db):
    client = client_as(people["communications"])
    form = {"key": "Bad Key", "title_sq": "Toni", "body_sq": "Qetë.", "title_en": "Tone", "body_en": "Calm."}
    page = client.post("/handbook/email-guidelines/edit/c/salutation/new", data=form).get_data(as_text=True)
    assert 'id="key-error"' in page and "Bad Key" in page and "Calm." in page
    form["key"] = "tone"
    assert client.post("/handbook/email-guidelines/edit/c/salutation/new", data=form).status_code == 302
    page = client.post("/handbook/email-guidelines/publish", data={"change_note_sq": "", "kind": "material"})
    assert 'id="change_note_sq-error"' in page.get_data(as_text=True)
    response = client.post("/handbook/email-guidelines/publish", data={"change_note_sq": "Toni", "kind": "editorial"})
    assert response.status_code == 302
    version = services.current_version(handbook)
    assert version.number == 2 and not version.material and services.section_number(version, "tone") == "2.3"
    again = client.post("/handbook/email-guidelines/publish", data={"change_note_sq": "Sërish", "kind": "material"})
    assert again.status_code == 200 and "Nothing changed since version 2" in again.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(Version)) == 2


def test_the_index_lists_handbooks_with_status(client_as, people, handbook):
    page = client_as(people["employee"]).get("/handbook/").get_data(as_text=True)
    assert "Guide" in page and "please read and acknowledge" in page
    assert "/handbook/check" in page and "/handbook/signature" in page


def test_checker_findings_link_to_the_section_by_its_number_and_title_in_the_readers_language(client_as, make_person):
    from handbook.services import load_first_edition

    load_first_edition()
    reader = make_person("Milica", language="sr")
    page = client_as(reader).post("/handbook/check", data={
        "subject": "", "to": "", "cc": "", "bcc": "", "body": "Poštovani,\n\nHvala.\n\nS poštovanjem,\nMilica",
        "attachments": 0,
    }).get_data(as_text=True)
    assert 'href="/handbook/email-guidelines/s/subject-required"' in page
    assert "2.1 Predmet nikada nije prazan" in page
