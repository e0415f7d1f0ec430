"""An approved bulletin cannot change behind the approver's back.

Any edit of a bulletin that needed approval — texts, audience, dates, files — while
it waits for approval or after approval goes (back) to communications; readers keep
the published version until the change is approved, and communications is told.
"""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from sqlalchemy import select

from bulletins import attachments, services
from bulletins.models import BulletinVersion
from intranet.domain import DomainError
from intranet.extensions import db
from intranet.notifications.models import Notification
from tests.bulletins.conftest import NOW
from tests.bulletins.test_attachments import PDF
from tests.forms import PageForm


@pytest.fixture
def approved(people, write):
    """A director's all-staff bulletin, approved by communications and published."""
    bulletin = write(people["director"], audience_all=True, title="Water outage", body="No water on Monday.")
    services.approve(people["communications"], bulletin, now=NOW)
    assert bulletin.status == "published"
    return bulletin


def _review_notices(people):
    return db.session.scalars(select(Notification.title).where(
        Notification.kind == "bulletins.review", Notification.person_id == people["communications"].id)).all()


def _edit(people, bulletin, **changes):
    values = dict(titles={"en": "Water outage"}, bodies={"en": "No water on Monday."}, audience_all=True)
    values.update(changes)
    return services.save(people["director"], bulletin, now=NOW + timedelta(hours=1), **values)


def test_an_edit_after_approval_waits_and_readers_keep_the_approved_text(people, approved, client_as):
    before = len(_review_notices(people))
    _edit(people, approved, titles={"en": "Water outage (updated)"}, bodies={"en": "Click [here](https://evil.test)."})
    assert approved.status == "published" and approved.pending_status == "submitted"
    assert approved.titles == {"en": "Water outage"}
    page = client_as(people["employee"]).get(f"/bulletins/{approved.id}").get_data(as_text=True)
    assert "No water on Monday." in page and "evil.test" not in page
    notices = _review_notices(people)
    assert len(notices) == before + 1 and "Changes to a published bulletin wait for your approval" in notices
    assert approved in services.review_queue()

    services.approve(people["communications"], approved, revision=approved.revision, now=NOW + timedelta(hours=2))
    assert approved.pending_status is None and approved.pending_changes is None
    assert approved.text_in("en")[:2] == ("Water outage (updated)", "Click [here](https://evil.test).")
    kept = db.session.scalars(select(BulletinVersion)).one()
    assert kept.titles["en"] == "Water outage" and approved.updated_at == NOW + timedelta(hours=2)


def test_returned_changes_leave_the_published_text_and_a_new_edit_resubmits(people, approved):
    _edit(people, approved, bodies={"en": "Tuesday as well."})
    with pytest.raises(DomainError):
        services.return_to_author(people["communications"], approved, "")
    services.return_to_author(people["communications"], approved, "Say which offices.")
    assert approved.pending_status == "returned" and approved.bodies["en"] == "No water on Monday."
    assert services.editable_values(approved)["bodies"]["en"] == "Tuesday as well."
    _edit(people, approved, bodies={"en": "Tuesday as well, in the east wing."})
    assert approved.pending_status == "submitted"


def test_an_attachment_added_after_approval_reaches_readers_only_once_approved(people, approved, client_as):
    attachment = attachments.add_attachment(people["director"], approved, "Plan.pdf", PDF)
    assert attachment.pending == "add" and approved.pending_status == "submitted"
    reader = client_as(people["employee"])
    url = f"/bulletins/{approved.id}/attachments/{attachment.id}"
    assert reader.get(url).status_code == 404
    assert "Plan.pdf" not in reader.get(f"/bulletins/{approved.id}").get_data(as_text=True)
    services.approve(people["communications"], approved)
    assert reader.get(url).status_code == 200

    attachments.remove_attachment(people["director"], attachment)
    assert attachment.pending == "remove" and reader.get(url).status_code == 200
    services.approve(people["communications"], approved)
    assert approved.attachments == []


def test_a_change_while_communications_reads_it_cannot_be_approved_unseen(people, write):
    bulletin = write(people["director"], audience_all=True)
    seen = bulletin.revision
    _edit(people, bulletin, bodies={"en": "Something else entirely."})
    assert bulletin.status == "submitted" and bulletin.revision == seen + 1
    assert "A bulletin waiting for approval was changed" in _review_notices(people)
    with pytest.raises(DomainError):
        services.approve(people["communications"], bulletin, revision=seen)
    assert bulletin.status == "submitted"
    services.approve(people["communications"], bulletin, revision=bulletin.revision, now=NOW)
    assert bulletin.status == "published"


def test_an_approved_scheduled_bulletin_goes_back_to_approval_when_edited(people, write):
    at = NOW + timedelta(days=30)
    bulletin = write(people["director"], audience_all=True, publish_at=at)
    services.approve(people["communications"], bulletin, now=NOW)
    assert bulletin.status == "scheduled"
    _edit(people, bulletin, bodies={"en": "Changed after approval."}, publish_at=at)
    assert bulletin.status == "submitted"


def test_a_directors_own_unit_bulletin_still_changes_at_once(people, write):
    bulletin = write(people["director"])
    services.save(people["director"], bulletin, titles={"en": "Fixed"}, bodies={"en": "Text"},
                  unit_ids=[u.id for u in people["director"].headed_units])
    assert bulletin.titles["en"] == "Fixed" and bulletin.pending_status is None


def test_through_the_pages_the_edit_waits_and_the_approver_sees_what_they_approve(people, approved, client_as):
    director, comms, reader = (client_as(people[r]) for r in ("director", "communications", "employee"))
    edit_url = f"/bulletins/{approved.id}/edit"
    page = director.get(edit_url).get_data(as_text=True)
    assert "your changes, files included, go to communications for approval" in page
    form = PageForm(page, action="", base_url=edit_url)
    response = form.fill(title_en="Water back on Tuesday", body_en="Water returns on **Tuesday**.").submit(
        director, button="save", follow_redirects=True)
    assert "Your changes are sent to communications for approval" in response.get_data(as_text=True)
    assert "Water returns" not in reader.get(f"/bulletins/{approved.id}").get_data(as_text=True)
    # The author's next edit starts from their changes, not from the published text.
    assert "Water returns on **Tuesday**." in director.get(edit_url).get_data(as_text=True)

    page = comms.get(f"/bulletins/{approved.id}").get_data(as_text=True)
    assert "Proposed: Water back on Tuesday" in page and "Water returns on <strong>Tuesday</strong>." in page
    review = PageForm(page, action=f"/bulletins/{approved.id}/review")
    # Another change arrives while communications reads: the approval of the older one is refused.
    director.post(f"/bulletins/{approved.id}/attachments", data={"file": (io.BytesIO(PDF), "Map.pdf")})
    refused = review.submit(comms, button="approve", follow_redirects=True).get_data(as_text=True)
    assert "The bulletin was changed after you opened it" in refused
    review = PageForm(comms.get(f"/bulletins/{approved.id}").get_data(as_text=True),
                      action=f"/bulletins/{approved.id}/review")
    review.submit(comms, button="approve")
    page = reader.get(f"/bulletins/{approved.id}").get_data(as_text=True)
    assert "Water returns on <strong>Tuesday</strong>." in page and "Map.pdf" in page
