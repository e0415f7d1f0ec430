"""Who may write what, and the approval workflow: draft → submitted → approved/returned → scheduled → published."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bulletins import permissions, services
from bulletins.models import Bulletin, BulletinVersion
from intranet.audit.models import AuditEntry
from intranet.domain import DomainError, PermissionDenied
from intranet.extensions import db
from intranet.notifications.models import Notification
from tests.bulletins.conftest import NOW


def _audit(action):
    return db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)).all()


def test_a_directors_bulletin_for_their_own_unit_publishes_directly(people, write):
    bulletin = write(people["director"])
    assert bulletin.status == "published"
    assert bulletin.published_at == NOW
    # The audience hears of it (the director's own unit: everyone in the test world sits there).
    notified = {n.person_id for n in db.session.scalars(select(Notification))}
    assert people["employee"].id in notified


def test_a_directors_bulletin_for_all_staff_goes_to_communications(people, write):
    bulletin = write(people["director"], audience_all=True)
    assert bulletin.status == "submitted"
    assert not permissions.may_read(people["employee"], bulletin)  # nobody else sees it yet
    review = db.session.scalars(select(Notification).where(Notification.kind == "bulletins.review")).all()
    assert [n.person_id for n in review] == [people["communications"].id]


def test_a_directors_bulletin_for_another_unit_needs_approval(people, units, write):
    bulletin = write(people["director"], unit_ids=[units["other"].id])
    assert bulletin.status == "submitted"


def test_an_employee_may_not_write(people):
    with pytest.raises(PermissionDenied):
        services.save(people["employee"], titles={"en": "Hi"}, bodies={"en": "Text"}, audience_all=True)


def test_communications_publishes_for_all_staff_without_approval(people, write):
    assert write(people["communications"], audience_all=True).status == "published"


def test_approval_is_kept_on_the_history_and_in_the_audit_log(people, write):
    bulletin = write(people["director"], audience_all=True)
    services.approve(people["communications"], bulletin, "Fine, thanks.", now=NOW + timedelta(hours=1))
    assert bulletin.status == "published"
    steps = [(e.action, e.actor_id, e.comment) for e in services.history(bulletin)]
    assert ("approved", people["communications"].id, "Fine, thanks.") in steps
    assert steps[-1][0] == "published"
    [entry] = _audit("bulletins.approved")
    assert entry.actor_id == people["communications"].id and entry.details["comment"] == "Fine, thanks."


def test_returning_needs_a_comment_and_the_author_can_resubmit(people, write):
    bulletin = write(people["director"], audience_all=True)
    with pytest.raises(DomainError) as refused:
        services.return_to_author(people["communications"], bulletin, "  ")
    assert refused.value.field == "comment"
    services.return_to_author(people["communications"], bulletin, "Add the room number.")
    assert bulletin.status == "returned"
    assert _audit("bulletins.returned")[0].details["comment"] == "Add the room number."
    decision = db.session.scalars(select(Notification).where(Notification.kind == "bulletins.decision")).one()
    assert decision.person_id == people["director"].id and "Add the room number." in decision.body
    services.submit(people["director"], bulletin, now=NOW)
    assert bulletin.status == "submitted"


def test_only_communications_approves(people, write):
    bulletin = write(people["director"], audience_all=True)
    for role in ("director", "employee", "hr", "cabinet"):
        with pytest.raises(PermissionDenied):
            services.approve(people[role], bulletin)


def test_a_scheduled_bulletin_is_published_at_its_time_with_its_audience(people, units, write):
    at = NOW + timedelta(days=2)
    bulletin = write(people["director"], unit_ids=[units["other"].id], publish_at=at,
                     expires_at=at + timedelta(days=7))
    services.approve(people["communications"], bulletin, now=NOW)
    assert bulletin.status == "scheduled"
    assert services.publish_due(now=at - timedelta(minutes=1)) == 0
    assert bulletin.status == "scheduled"
    assert services.publish_due(now=at) == 1
    assert bulletin.status == "published" and bulletin.published_at == at
    assert bulletin.audience_unit_ids == [units["other"].id]
    services.publish_due(now=at + timedelta(days=8))
    assert bulletin.status == "expired"


def test_editing_a_published_bulletin_keeps_the_earlier_version(people, write):
    bulletin = write(people["director"], title="Old title", body="Old text")
    services.save(people["director"], bulletin, titles={"en": "New title"}, bodies={"en": "New text"},
                  unit_ids=bulletin.audience_unit_ids, now=NOW + timedelta(hours=3))
    [version] = db.session.scalars(select(BulletinVersion)).all()
    assert version.titles["en"] == "Old title" and version.bodies["en"] == "Old text"
    assert bulletin.updated_at == NOW + timedelta(hours=3)
    assert bulletin.titles["en"] == "New title"


def test_another_director_may_not_edit(people, make_person, make_unit, write):
    bulletin = write(people["director"])
    elsewhere = make_unit()
    other = make_person(unit=elsewhere, head_of=elsewhere)
    with pytest.raises(PermissionDenied):
        services.save(other, bulletin, titles={"en": "Mine now"}, bodies={"en": "x"}, unit_ids=[elsewhere.id])


def test_archive_keeps_the_bulletin_out_of_the_feed(people, write):
    from bulletins.reading import feed_query

    bulletin = write(people["director"])
    services.archive(people["director"], bulletin)
    assert db.session.get(Bulletin, bulletin.id).status == "archived"
    assert bulletin not in db.session.scalars(feed_query(people["employee"])).all()


@pytest.mark.parametrize("kwargs, field", [
    (dict(titles={}, bodies={}), "title_sq"),
    (dict(titles={"en": "Title"}, bodies={}), "body_en"),
    (dict(titles={"en": ""}, bodies={"en": "Text"}), "title_en"),
    (dict(titles={"en": "T"}, bodies={"en": "![](/x.png)"}), "body_en"),
    (dict(titles={"en": "T"}, bodies={"en": "x"}, audience_all=False), "units"),
    (dict(titles={"en": "T"}, bodies={"en": "x"}, must_read=True), "acknowledge_by"),
])
def test_refusals_name_the_field(people, kwargs, field):
    kwargs.setdefault("audience_all", True)
    with pytest.raises(DomainError) as refused:
        services.save(people["communications"], **kwargs)
    assert refused.value.field == field


def test_only_communications_pins(people, write):
    with pytest.raises(DomainError):
        write(people["director"], pinned=True)
    bulletin = write(people["communications"], audience_all=True, pinned=True)
    assert bulletin.pinned


def test_sector_bulletins_take_comments_by_default_all_staff_news_does_not(people, write):
    assert write(people["director"]).comments_enabled
    assert not write(people["communications"], audience_all=True).comments_enabled


def test_a_published_sector_bulletin_cannot_be_widened_without_approval(people, units, write):
    bulletin = write(people["director"])
    with pytest.raises(DomainError) as refused:
        services.save(people["director"], bulletin, titles=bulletin.titles, bodies=bulletin.bodies,
                      audience_all=True)
    assert refused.value.field == "units"
    db.session.rollback()
    services.save(people["communications"], bulletin, titles=bulletin.titles, bodies=bulletin.bodies,
                  audience_all=True)
    assert bulletin.audience_all
