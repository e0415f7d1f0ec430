"""A material version notifies everyone who must acknowledge again; acknowledging clears it;
change notes and signature positions per language; what the home page and audit log get."""

from __future__ import annotations

import pytest

from handbook import services, widgets
from handbook.models import ChangeKind, SignatureProfile, Version
from intranet.audit.models import AuditEntry
from intranet.domain import DomainError
from intranet.notifications.emails import in_language
from intranet.notifications.messages import render
from intranet.notifications.models import Notification
from intranet.notifications.services import unread_count
from intranet.signals import HomeWidget, NextAction, handbook_version_published
from tests.forms import PageForm

URL = "/handbook/email-guidelines/"
NOTES = {"sq": "Rregulli i Bcc u sqarua.", "sr": "Pravilo o Bcc je pojašnjeno.", "en": "The Bcc rule is clearer."}


def new_version_notices(db, person=None):
    query = db.select(Notification).where(Notification.kind == "handbook.new_version")
    if person is not None:
        query = query.where(Notification.person_id == person.id)
    return list(db.session.scalars(query))


def test_a_material_version_notifies_everyone_with_the_note_in_their_language(people, handbook, change, db):
    change(handbook, "closing", en="Citizens always in Bcc.")
    version = services.publish(people["communications"], handbook, NOTES, material=True)
    assert version.material and version.kind == ChangeKind.MATERIAL and version.change_notes == NOTES
    notices = new_version_notices(db)
    assert {n.person_id for n in notices} == {p.id for p in people.values()}
    notice = new_version_notices(db, people["employee"])[0]
    assert notice.subject == "handbook:email-guidelines" and notice.url == URL
    # kept as message and parameters: each reader sees the title and the note in their language
    for language in NOTES:
        with in_language(language):
            body = render(notice.message["body"])
            title = render(notice.message["title"])
        assert NOTES[language] in body
        assert handbook.titles[language] in title


def test_an_editorial_version_or_unticked_notify_tells_nobody(people, handbook, change, db):
    change(handbook, "closing", en="Editorial touch.")
    services.publish(people["communications"], handbook, NOTES, material=False)
    change(handbook, "closing", en="Material, but quiet.")
    services.publish(people["communications"], handbook, NOTES, material=True, notify=False)
    assert new_version_notices(db) == []


def test_publishing_sends_the_domain_event(people, handbook, change):
    change(handbook, "closing", en="Something new.")
    heard = []

    def receiver(version, material):
        heard.append((version.number, material))

    with handbook_version_published.connected_to(receiver):
        services.publish(people["communications"], handbook, NOTES, material=True)
    assert heard == [(2, True)]


def test_acknowledging_clears_the_notification_and_the_badge(people, handbook, change, db):
    employee = people["employee"]
    services.acknowledge(employee, handbook, "en")
    change(handbook, "closing", en="A material change.")
    services.publish(people["communications"], handbook, NOTES, material=True)
    before = unread_count(employee)
    assert before >= 1 and new_version_notices(db, employee)[0].read_at is None
    services.acknowledge(employee, handbook, "sq")
    services.acknowledge(employee, handbook, "sq")  # a double click changes nothing more
    assert new_version_notices(db, employee)[0].read_at is not None
    assert unread_count(employee) == before - 1
    # only the person who acknowledged: a colleague's stays unread
    assert new_version_notices(db, people["director"])[0].read_at is None


def test_the_first_edition_note_is_in_every_language(app, db):
    from handbook.services import load_first_edition

    version = services.current_version(load_first_edition())
    assert set(version.change_notes) == set(app.config["URA_LANGUAGES"])
    assert version.change_notes["en"] == "First edition"
    assert version.change_notes["sq"] != "First edition"  # translated, not English for everyone


def test_change_notes_need_the_first_language_and_fit(people, handbook, change):
    change(handbook, "closing", en="Changed.")
    with pytest.raises(DomainError) as error:
        services.publish(people["communications"], handbook, {"en": "Only English"}, material=True)
    assert error.value.field == "change_note_sq"
    with pytest.raises(DomainError) as error:
        services.publish(people["communications"], handbook, {"sq": "x", "sr": "y" * 1001}, material=True)
    assert error.value.field == "change_note_sr"


# --- the home page ------------------------------------------------------------------------

def test_the_home_card_says_new_version_and_what_changed_in_the_readers_language(client_as, people, handbook,
                                                                                 change):
    employee = people["employee"]
    services.acknowledge(employee, handbook, "en")
    change(handbook, "closing", en="A material change.")
    services.publish(people["communications"], handbook, NOTES, material=True)
    page = client_as(employee).get("/").get_data(as_text=True)
    assert "New version" in page and NOTES["en"] in page and NOTES["sq"] not in page
    assert f"{URL}compare?a=1&amp;b=2" in page
    assert "Acknowledge the new version of" in page
    services.acknowledge(employee, handbook, "en")
    page = client_as(employee).get("/").get_data(as_text=True)
    assert "New version" not in page and "Acknowledge the new version of" not in page


def test_next_actions_per_role(app, people, handbook, backdate):
    with app.test_request_context("/"):
        items = widgets.home_items(people["employee"])
        actions = [i for i in items if isinstance(i, NextAction)]
        assert [a.label for a in actions] == [f"Read and acknowledge {handbook.title}"]
        assert any(isinstance(i, HomeWidget) for i in items)
        # hr follows acknowledgment, but only once someone is late
        assert not [i for i in widgets.home_items(people["hr"]) if isinstance(i, NextAction)
                    and "in time" in i.label]
    backdate(services.current_version(handbook), 30, "published_at")
    for person in people.values():
        backdate(person, 30, "created_at")
    with app.test_request_context("/"):
        late = [i for i in widgets.home_items(people["hr"]) if isinstance(i, NextAction) and "in time" in i.label]
        assert len(late) == 1 and late[0].label.startswith(f"{len(people)} people have not acknowledged")
        assert late[0].url.endswith("/report")
        assert not [i for i in widgets.home_items(people["employee"]) if isinstance(i, NextAction)
                    and "in time" in i.label]
        (mine,) = [i for i in widgets.home_items(people["employee"]) if isinstance(i, NextAction)]
        assert mine.urgent and "overdue" in mine.note


# --- the audit log ------------------------------------------------------------------------

def test_every_recorded_action_has_a_label_and_targets_have_titles(app, people, handbook, change, db):
    change(handbook, "closing", en="Changed.")
    services.publish(people["communications"], handbook, NOTES, material=True)
    services.save_positions(people["employee"], {"sq": "Zyrtare"})
    recorded = set(db.session.scalars(db.select(AuditEntry.action).where(AuditEntry.action.like("handbook.%"))))
    assert recorded <= {a.key for a in widgets.AUDIT_ACTIONS}
    with app.test_request_context("/"):
        found = widgets.audit_target_titles("handbook", ids={str(handbook.id), "999999", "x"})
        assert found == {str(handbook.id): (handbook.title, URL)}
        assert widgets.audit_target_titles("bulletin", ids={str(handbook.id)}) == {}


# --- signature positions per language -------------------------------------------------------

def test_positions_per_language_fall_back_to_the_profile(people, db):
    person = people["employee"]
    person.position = "Profile position"
    db.session.commit()
    services.save_positions(person, {"sq": "  Zyrtare   për informim ", "sr": "Službenica za informisanje"})
    services.save_positions(person, {"sq": "Zyrtare për informim", "sr": "Službenica za informisanje"})  # twice
    assert db.session.scalar(db.select(db.func.count()).select_from(SignatureProfile)) == 2
    assert services.positions_for(person) == {"sq": "Zyrtare për informim", "sr": "Službenica za informisanje",
                                              "en": "Profile position"}
    services.save_positions(person, {"sq": "Zyrtare për informim", "sr": ""})  # emptied: the profile's again
    assert services.positions_for(person)["sr"] == "Profile position"
    with pytest.raises(DomainError) as error:
        services.save_positions(person, {"en": "x" * 201})
    assert error.value.field == "position_en"


# --- forms as the pages draw them ---------------------------------------------------------

def test_publish_form_ticks_notify_and_sends_notes_per_language(client_as, people, handbook, change, db):
    client = client_as(people["communications"])
    change(handbook, "closing", en="Changed for the form.")
    form = PageForm(client.get(f"{URL}edit").get_data(as_text=True), action=f"{URL}publish")
    assert form.get("notify") == "y" and {"change_note_sq", "change_note_sr", "change_note_en"} <= form.names()
    form.fill(change_note_sq=NOTES["sq"], change_note_sr=NOTES["sr"]).check("kind", "material")
    assert form.submit(client).status_code == 302
    version = services.current_version(handbook)
    assert version.change_notes == {"sq": NOTES["sq"], "sr": NOTES["sr"]} and version.material
    assert new_version_notices(db, people["employee"])


def test_publish_form_keeps_what_was_typed_when_the_first_language_is_missing(client_as, people, handbook, change):
    client = client_as(people["communications"])
    change(handbook, "closing", en="Changed again.")
    form = PageForm(client.get(f"{URL}edit").get_data(as_text=True), action=f"{URL}publish")
    page = form.fill(change_note_sr=NOTES["sr"]).check("kind", "material").submit(client)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'id="change_note_sq-error"' in html and NOTES["sr"] in html


def test_signature_form_saves_positions_and_shows_them(client_as, people):
    client = client_as(people["employee"])
    form = PageForm(client.get("/handbook/signature").get_data(as_text=True), action="/handbook/signature")
    response = form.fill(position_sq="Zyrtare për informim", position_sr="Službenica za informisanje").submit(client)
    assert response.status_code == 302
    page = client.get("/handbook/signature").get_data(as_text=True)
    assert "Zyrtare për informim<br>" in page and "Službenica za informisanje<br>" in page
    assert page.count("data-copy-source=") == 2 * len(services.positions_for(people["employee"]))
    assert 'role="status"' in page and "js/copy-signature.js" in page
    too_long = PageForm(page, action="/handbook/signature").fill(position_en="x" * 201).submit(client)
    assert too_long.status_code == 400 and 'id="position_en-error"' in too_long.get_data(as_text=True)


def test_new_handbook_and_settings_forms_use_one_input_per_language(client_as, people, handbook):
    client = client_as(people["communications"])
    form = PageForm(client.get("/handbook/new").get_data(as_text=True), action="/handbook/new")
    response = form.fill(slug="social-media", title_sq="Rrjetet sociale", title_sr="Društvene mreže").submit(client)
    assert response.status_code == 302
    created = services.get_handbook("social-media")
    assert created.titles == {"sq": "Rrjetet sociale", "sr": "Društvene mreže"}
    form = PageForm(client.get(f"{URL}edit").get_data(as_text=True), action=f"{URL}settings")
    assert form.get("settings-title_sq") == handbook.titles["sq"]
    page = form.fill(**{"settings-title_sq": ""}).submit(client)
    assert page.status_code == 400 and 'id="settings-title_sq-error"' in page.get_data(as_text=True)


def test_section_form_round_trips_every_language(client_as, people, handbook):
    client = client_as(people["communications"])
    url = f"{URL}edit/s/salutation"
    form = PageForm(client.get(url).get_data(as_text=True), action=url)
    assert form.get("title_sr") and form.get("body_en")
    assert form.fill(body_sr="Novi tekst.").submit(client).status_code == 302
    assert services.get_section(handbook, "salutation").bodies["sr"] == "Novi tekst."


def test_the_read_page_puts_the_button_after_the_text(client_as, people, handbook):
    page = client_as(people["employee"]).get(URL).get_data(as_text=True)
    last_section = page.rindex('class="handbook-section"')
    assert page.index(f'action="{URL}acknowledge"') > last_section
    assert 'href="#acknowledge"' in page and page.index('href="#acknowledge"') < last_section


def test_a_versions_note_reads_in_the_readers_language(client_as, people, handbook, change, make_person):
    change(handbook, "closing", en="Changed.")
    services.publish(people["communications"], handbook, NOTES, material=False)
    serbian = make_person(language="sr")
    page = client_as(serbian).get(f"{URL}versions").get_data(as_text=True)
    assert NOTES["sr"] in page and NOTES["en"] not in page
    assert isinstance(Version.change_note, property)
