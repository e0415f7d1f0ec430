"""Managing handbooks: creating one, its settings (titles, due days, yearly), adding chapters."""

import pytest

from handbook import services
from intranet.audit.models import AuditEntry
from intranet.domain import DomainError, PermissionDenied

TITLES = {"sq": "Rrjetet sociale", "sr": "Društvene mreže", "en": "Social media"}


def _audit(db, action):
    return list(db.session.scalars(db.select(AuditEntry).filter_by(action=action)))


def _refused(field, call, *args):
    with pytest.raises(DomainError) as error:
        call(*args)
    assert error.value.field == field
    return error.value


# --- services --------------------------------------------------------------


def test_create_a_handbook_empty_and_unpublished(app, db, people):
    handbook = services.create_handbook(people["communications"], " Social-Media ", TITLES)
    assert handbook.slug == "social-media" and handbook.titles == TITLES
    assert handbook.chapters == [] and services.current_version(handbook) is None
    assert not services.status(people["employee"], handbook).must_acknowledge
    entry = _audit(db, "handbook.created")[0]
    assert entry.actor_id == people["communications"].id and entry.details == {"slug": "social-media"}


def test_create_refuses_bad_reserved_and_taken_slugs_and_a_missing_albanian_title(app, db, people):
    actor = people["communications"]
    services.create_handbook(actor, "visual-identity", TITLES)
    for slug in ("Bad slug", "x", "", "check", "signature", "new", "visual-identity"):
        _refused("slug", services.create_handbook, actor, slug, TITLES)
    _refused("title_sq", services.create_handbook, actor, "social-media", {"sq": "  ", "en": "Social media"})
    _refused("title_en", services.create_handbook, actor, "social-media", {**TITLES, "en": "x" * 201})
    with pytest.raises(PermissionDenied):
        services.create_handbook(people["hr"], "social-media", TITLES)
    assert [h.slug for h in services.list_handbooks()] == ["visual-identity"]
    assert len(_audit(db, "handbook.created")) == 1


def test_update_settings(db, people, handbook):
    actor = people["communications"]
    services.update_handbook_settings(actor, handbook, {"sq": "Udhëzuesi  i ri", "sr": "", "en": "New guide"},
                                      30, True)
    assert handbook.titles == {"sq": "Udhëzuesi i ri", "en": "New guide"}
    assert handbook.due_days == 30 and handbook.yearly_reacknowledgment
    assert _audit(db, "handbook.settings_changed")[0].details == {"due_days": 30, "yearly": True}
    for days in (0, 366, -1):
        _refused("due_days", services.update_handbook_settings, actor, handbook, TITLES, days, False)
    _refused("title_sq", services.update_handbook_settings, actor, handbook, {"en": "Guide"}, 14, False)
    with pytest.raises(PermissionDenied):
        services.update_handbook_settings(people["employee"], handbook, TITLES, 14, False)
    db.session.refresh(handbook)
    assert handbook.due_days == 30 and len(_audit(db, "handbook.settings_changed")) == 1


def test_add_a_chapter_at_the_end(db, people, handbook):
    actor = people["communications"]
    before = [c.key for c in handbook.chapters]
    chapter = services.add_chapter(actor, handbook, "Attachments", {"sq": "Shtojcat", "en": "Attachments"})
    assert chapter.key == "attachments" and chapter.sections == []
    assert [c.key for c in handbook.chapters] == [*before, "attachments"]
    assert _audit(db, "handbook.chapter_added")[0].details == {"chapter": "attachments"}
    _refused("key", services.add_chapter, actor, handbook, "attachments", {"sq": "Shtojcat"})
    _refused("key", services.add_chapter, actor, handbook, "no spaces", {"sq": "Shtojcat"})
    _refused("title_sq", services.add_chapter, actor, handbook, "tone", {"en": "Tone"})
    with pytest.raises(PermissionDenied):
        services.add_chapter(people["director"], handbook, "tone", {"sq": "Toni"})
    assert len(handbook.chapters) == len(before) + 1


# --- pages -----------------------------------------------------------------


def test_new_handbook_page(client_as, people, db):
    client = client_as(people["communications"])
    assert "/handbook/new" in client.get("/handbook/").get_data(as_text=True)
    assert "/handbook/new" not in client_as(people["employee"]).get("/handbook/").get_data(as_text=True)
    response = client.post("/handbook/new", data={"slug": "check", "title_sq": "Kontrolli", "title_en": "Kept"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and 'id="slug-error"' in page and "Kontrolli" in page and "Kept" in page
    form = {"slug": "social-media", **{f"title_{k}": v for k, v in TITLES.items()}}
    response = client.post("/handbook/new", data=form)
    assert response.status_code == 302 and response.headers["Location"].endswith("/handbook/social-media/edit")


def test_an_unpublished_handbook_does_not_break_reading(client_as, people, db):
    services.create_handbook(people["communications"], "social-media", TITLES)
    reader = client_as(people["employee"])
    assert "Not published yet" in reader.get("/handbook/").get_data(as_text=True)
    response = reader.get("/handbook/social-media/")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Not published yet" in page and "/edit" not in page
    assert "Edit the draft" in client_as(people["communications"]).get("/handbook/social-media/").get_data(as_text=True)
    assert client_as(people["communications"]).get("/handbook/social-media/edit").status_code == 200


def test_settings_on_the_edit_page_keep_the_input_on_errors(client_as, people, handbook):
    client = client_as(people["communications"])
    page = client.get("/handbook/email-guidelines/edit").get_data(as_text=True)
    assert 'name="settings-due_days"' in page and 'value="14"' in page and 'name="chapter-key"' in page
    form = {"settings-title_sq": "Titulli im", "settings-title_en": "My title", "settings-due_days": "400"}
    response = client.post("/handbook/email-guidelines/settings", data=form)
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and 'id="settings-due_days-error"' in page
    assert "Titulli im" in page and "My title" in page and 'value="400"' in page
    form |= {"settings-due_days": "30", "settings-yearly": "y"}
    assert client.post("/handbook/email-guidelines/settings", data=form).status_code == 302
    assert handbook.due_days == 30 and handbook.yearly_reacknowledgment and handbook.titles["sq"] == "Titulli im"


def test_add_a_chapter_on_the_edit_page(client_as, people, handbook):
    client = client_as(people["communications"])
    form = {"chapter-key": "salutation", "chapter-title_sq": "Toni", "chapter-title_en": "Tone of voice"}
    response = client.post("/handbook/email-guidelines/edit/chapters/new", data=form)
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and 'id="chapter-key-error"' in page
    assert "Another chapter of this handbook has this key." in page and "Tone of voice" in page
    form["chapter-key"] = "tone"
    response = client.post("/handbook/email-guidelines/edit/chapters/new", data=form)
    assert response.status_code == 302 and response.headers["Location"].endswith("/edit#edit-chapter-tone")
    assert handbook.chapters[-1].key == "tone"
