"""Versioning and re-acknowledgment rules, through the services (no HTTP)."""

from datetime import timedelta

import pytest

from handbook import services
from handbook.models import Acknowledgment, Version
from intranet.audit.models import AuditEntry
from intranet.domain import DomainError, PermissionDenied
from intranet.people.models import utcnow


def publish(people, handbook, material, note="Changed"):
    return services.publish(people["communications"], handbook, note, material=material)


def test_the_first_edition_is_version_1_and_material(handbook):
    version = services.current_version(handbook)
    assert version.number == 1 and version.material
    assert version.content["chapters"][0]["sections"][1]["number"] == "1.2"
    assert len(version.content_hash) == 64


def test_republishing_unchanged_content_creates_no_version_and_keeps_acknowledgments(people, handbook, db):
    services.acknowledge(people["employee"], handbook, "en")
    with pytest.raises(DomainError, match="Nothing changed since version 1"):
        publish(people, handbook, material=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(Version)) == 1
    assert not services.status(people["employee"], handbook).must_acknowledge
    assert db.session.scalar(db.select(db.func.count()).select_from(Acknowledgment)) == 1


def test_a_material_version_asks_everyone_again(people, handbook, change):
    services.acknowledge(people["employee"], handbook, "en")
    change(handbook, "salutation", en="Start with a greeting.")
    version = publish(people, handbook, material=True)
    status = services.status(people["employee"], handbook)
    assert version.number == 2 and version.material
    assert status.must_acknowledge and status.reason == "material"
    assert status.acknowledged_number == 1 and status.changed_since_acknowledged
    assert status.due == version.published_at + timedelta(days=14)
    services.acknowledge(people["employee"], handbook, "sq")
    status = services.status(people["employee"], handbook)
    assert not status.must_acknowledge and status.acknowledged_number == 2 and status.language == "sq"


def test_an_editorial_version_carries_acknowledgments_over(people, handbook, change):
    services.acknowledge(people["employee"], handbook, "en")
    change(handbook, "salutation", en="Start with a greeting (typo fixed).")
    publish(people, handbook, material=False)
    status = services.status(people["employee"], handbook)
    assert not status.must_acknowledge
    assert status.acknowledged_number == 1 and not status.acknowledged_current
    # A later material change counts from itself: an acknowledgment of the editorial version 2 ...
    services.acknowledge(people["employee"], handbook, "en")
    change(handbook, "closing", en="End politely.")
    publish(people, handbook, material=True)  # version 3
    assert services.status(people["employee"], handbook).must_acknowledge
    change(handbook, "closing", en="End politely, always.")
    publish(people, handbook, material=False)  # version 4, editorial
    services.acknowledge(people["hr"], handbook, "en")  # hr acknowledges version 4
    # ... and an acknowledgment of version 4 (after material 3) counts.
    assert not services.status(people["hr"], handbook).must_acknowledge
    assert services.status(people["employee"], handbook).reason == "material"


def test_acknowledging_is_idempotent_and_records_version_and_language(people, handbook, db):
    first = services.acknowledge(people["employee"], handbook, "sr")
    again = services.acknowledge(people["employee"], handbook, "en")
    assert first.id == again.id and again.language == "sr"
    assert first.version.number == 1
    assert db.session.scalar(db.select(db.func.count()).select_from(Acknowledgment)) == 1


def test_acknowledging_refuses_an_unknown_language(people, handbook):
    with pytest.raises(DomainError):
        services.acknowledge(people["employee"], handbook, "de")


def test_due_date_for_staff_and_for_new_staff(people, handbook, make_person, backdate):
    version = services.current_version(handbook)
    backdate(version, 20, "published_at")
    backdate(people["employee"], 100, "created_at")
    old = services.status(people["employee"], handbook)
    assert old.due == version.published_at + timedelta(days=14) and old.overdue and old.reason == "new"
    newcomer = make_person("Nora New")
    status = services.status(newcomer, handbook)
    assert status.must_acknowledge and not status.overdue
    assert status.due == newcomer.created_at + timedelta(days=14)


def test_due_days_follow_the_handbook(people, handbook, make_person, db):
    handbook.due_days = 30
    db.session.commit()
    newcomer = make_person("Nora New")
    assert services.status(newcomer, handbook).due == newcomer.created_at + timedelta(days=30)


def test_yearly_reacknowledgment(people, handbook, db, backdate):
    ack = services.acknowledge(people["employee"], handbook, "en")
    backdate(ack, 366, "acknowledged_at")
    assert not services.status(people["employee"], handbook).must_acknowledge  # not asked yearly
    handbook.yearly_reacknowledgment = True
    db.session.commit()
    status = services.status(people["employee"], handbook)
    assert status.must_acknowledge and status.reason == "yearly"
    assert status.due == ack.acknowledged_at + timedelta(days=365 + 14)
    # Acknowledging the same version again is not possible (one per version), so yearly
    # re-acknowledgment of an unchanged version refreshes the date on the existing record.
    services.acknowledge(people["employee"], handbook, "en")
    assert not services.status(people["employee"], handbook).must_acknowledge


def test_only_communications_and_admins_publish(people, handbook, change, db):
    change(handbook, "salutation", en="Changed.")
    for role in ("employee", "hr", "director", "cabinet"):
        with pytest.raises(PermissionDenied):
            services.publish(people[role], handbook, "note", material=True)
    version = services.publish(people["admin"], handbook, "Fix", material=False)
    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "handbook.published"
                                                          ).order_by(AuditEntry.id.desc()))
    assert entry.actor_id == people["admin"].id and entry.details["version"] == version.number
    assert version.published_by_id == people["admin"].id


def test_publishing_needs_a_change_note(people, handbook, change):
    change(handbook, "salutation", en="Changed.")
    with pytest.raises(DomainError) as error:
        services.publish(people["communications"], handbook, "  ", material=True)
    assert error.value.field == "change_note_sq"


def test_saving_and_adding_sections_in_the_draft(people, handbook, db):
    section = services.get_section(handbook, "closing")
    services.save_section(people["communications"], section, {"sq": "Mbyllja", "sr": "Kraj", "en": "Closing"},
                          {"sq": "Me respekt.", "sr": "S poštovanjem.", "en": "Kind regards. <script>x()</script>"})
    assert section.bodies["en"] == "Kind regards."
    with pytest.raises(DomainError) as error:
        services.save_section(people["communications"], section, {"sq": "", "en": "Closing"}, {"en": "x"})
    assert error.value.field == "title_sq"
    with pytest.raises(DomainError) as error:
        services.save_section(people["communications"], section, {"sq": "Mbyllja"}, {"sq": ""})
    assert error.value.field == "body_sq"
    chapter = services.get_chapter(handbook, "salutation")
    added = services.add_section(people["communications"], chapter, "signature-short",
                                 {"sq": "Nënshkrimi"}, {"sq": "Shkurt."})
    assert added.position == 3
    with pytest.raises(DomainError) as error:
        services.add_section(people["communications"], chapter, "salutation", {"sq": "X"}, {"sq": "Y"})
    assert error.value.field == "key"
    with pytest.raises(DomainError):
        services.add_section(people["communications"], chapter, "Not A Key!", {"sq": "X"}, {"sq": "Y"})
    missing = {m.key: m.languages for m in services.missing_translations(handbook)}
    assert missing["signature-short"] == ["sr", "en"]
    version = services.publish(people["communications"], handbook, "Signature", material=True)
    assert services.section_number(version, "signature-short") == "2.3"


def test_status_without_a_published_version(people, db):
    from handbook.models import Handbook

    empty = Handbook(slug="empty", titles={"en": "Empty"})
    db.session.add(empty)
    db.session.commit()
    status = services.status(people["employee"], empty)
    assert status.current is None and not status.must_acknowledge
    with pytest.raises(DomainError):
        services.acknowledge(people["employee"], empty, "en")


def test_evaluate_is_a_pure_rule(handbook):
    version = services.current_version(handbook)
    now = utcnow()
    fresh = services.AckRecord(1, now, "en")
    assert not services.evaluate(handbook, version, version, now, [fresh], now).must_acknowledge
    assert services.evaluate(handbook, version, version, now, [], now).reason == "new"
