"""The bulletins plugin as the host expects it: statuses that refuse illegal moves, the
`bulletin_published` signal, notifications with subjects cleared by acting, audit names,
next actions, history names, announcements — all without HTTP."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bulletins import reading, services, widgets
from bulletins.forms import EVENT_LABELS
from bulletins.models import Bulletin, BulletinStatus
from bulletins.rendering import render_markdown
from intranet.announcements import publish as publish_announcement
from intranet.domain import DomainError
from intranet.extensions import db
from intranet.notifications.emails import in_language
from intranet.notifications.messages import render
from intranet.notifications.models import Notification
from intranet.signals import Announcement, NextAction, bulletin_published
from tests.bulletins.conftest import NOW

PACKAGE = Path(__file__).resolve().parents[2] / "bulletins"


def _unread(person, subject=None):
    db.session.expire_all()
    query = select(Notification).where(Notification.person_id == person.id, Notification.read_at.is_(None))
    if subject is not None:
        query = query.where(Notification.subject == subject)
    return list(db.session.scalars(query))


# --- statuses -------------------------------------------------------------------------


@pytest.mark.parametrize("status, move", [
    ("published", lambda b: b.submit()),
    ("draft", lambda b: b.return_to_author()),
    ("draft", lambda b: b.approve(NOW)),
    ("published", lambda b: b.publish(NOW)),
    ("archived", lambda b: b.withdraw()),
    ("draft", lambda b: b.expire()),
    ("submitted", lambda b: b.reopen_for_approval()),
])
def test_an_illegal_move_is_refused_with_a_domain_error(app, status, move):
    bulletin = Bulletin(status=status)
    with pytest.raises(DomainError):
        move(bulletin)
    assert bulletin.status == status


def test_statuses_are_the_stored_strings(people, write):
    bulletin = write(people["director"])
    assert bulletin.status == BulletinStatus.PUBLISHED == "published"
    assert db.session.scalar(select(Bulletin.status).where(Bulletin.id == bulletin.id)) == "published"


# --- bulletin_published ---------------------------------------------------------------------


def test_bulletin_published_is_sent_directly_on_approval_and_when_a_scheduled_one_goes_out(people, write):
    sent = []

    def receiver(bulletin, **kwargs):
        sent.append(bulletin.id)

    with bulletin_published.connected_to(receiver):
        direct = write(people["director"])
        waiting = write(people["director"], audience_all=True)
        assert sent == [direct.id]
        services.approve(people["communications"], waiting, now=NOW)
        assert sent == [direct.id, waiting.id]
        later = write(people["director"], publish_at=NOW + timedelta(hours=2))
        assert later.status == "scheduled" and sent == [direct.id, waiting.id]
        assert services.publish_due(NOW + timedelta(hours=3)) == 1
        assert sent == [direct.id, waiting.id, later.id]


# --- notifications --------------------------------------------------------------------------


def test_approving_clears_every_officers_review_notice_and_keeps_the_authors_notices(people, make_person, units,
                                                                                     write):
    second = make_person("Drita Communications", roles=["communications"], unit=units["own"])
    bulletin = write(people["director"], audience_all=True)
    subject = f"bulletin-review:{bulletin.id}"
    assert len(_unread(people["communications"], subject)) == 1 and len(_unread(second, subject)) == 1
    services.approve(people["communications"], bulletin, now=NOW)
    assert _unread(people["communications"], subject) == [] and _unread(second, subject) == []
    decision = _unread(people["director"], f"bulletin:{bulletin.id}")
    assert "bulletins.decision" in [n.kind for n in decision]


def test_returning_clears_the_review_notices(people, write):
    bulletin = write(people["director"], audience_all=True)
    services.return_to_author(people["communications"], bulletin, "Add the Serbian text.", now=NOW)
    assert _unread(people["communications"], f"bulletin-review:{bulletin.id}") == []
    assert bulletin.status == "returned"


def test_acknowledging_a_must_read_clears_the_readers_notice_only(people, write):
    bulletin = write(people["communications"], audience_all=True, must_read=True,
                     acknowledge_by=NOW + timedelta(days=7))
    subject = f"bulletin:{bulletin.id}"
    assert len(_unread(people["employee"], subject)) == 1 and len(_unread(people["hr"], subject)) == 1
    reading.record_open(people["employee"], bulletin)
    assert len(_unread(people["employee"], subject)) == 1, "opening a must-read is not acknowledging it"
    reading.acknowledge(people["employee"], bulletin, "en")
    assert _unread(people["employee"], subject) == []
    assert len(_unread(people["hr"], subject)) == 1


def test_reading_an_ordinary_bulletin_clears_its_notice(people, write):
    bulletin = write(people["director"])
    assert len(_unread(people["employee"], f"bulletin:{bulletin.id}")) == 1
    reading.record_open(people["employee"], bulletin)
    assert _unread(people["employee"], f"bulletin:{bulletin.id}") == []


def test_a_notice_is_shown_in_the_readers_language_with_the_date_as_their_language_writes_it(app, people, write):
    bulletin = services.save(people["communications"], titles={"sq": "Ujë", "sr": "Voda", "en": "Water"},
                             bodies={"sq": "Tekst.", "sr": "Tekst.", "en": "Text."}, audience_all=True,
                             must_read=True, acknowledge_by=datetime(2026, 3, 20, 22, 59), now=NOW)
    services.submit(people["communications"], bulletin, now=NOW)
    notice = _unread(people["employee"], f"bulletin:{bulletin.id}")[0]
    with in_language("sr"):
        title, body = str(render(notice.message["title"])), str(render(notice.message["body"]))
    assert "Voda" in title and "Water" not in title
    assert "2026" in body and "20" in body  # the local day (23:59 in Istog), written the Serbian way


# --- rendering ----------------------------------------------------------------------------


def test_a_single_new_line_stays_a_line_break():
    html = str(render_markdown("Ju lutem lexoni.\n\nMe respekt,\nDrejtoria e Arsimit"))
    assert "Me respekt,<br>" in html and "Drejtoria e Arsimit</p>" in html


# --- reach ----------------------------------------------------------------------------------


def test_reach_by_unit_gives_shares_with_the_units_furthest_behind_first(people, make_person, units, write):
    for n in range(3):
        make_person(f"Other {n}", unit=units["other"])
    bulletin = write(people["communications"], audience_all=True, must_read=True,
                     acknowledge_by=NOW + timedelta(days=7))
    reading.acknowledge(people["employee"], bulletin, "en")
    for person in db.session.scalars(select(type(people["employee"])).where(
            type(people["employee"]).unit_id == units["other"].id).limit(2)):
        reading.record_open(person, bulletin)
    rows = {row.label: row for row in reading.reach_by_unit(bulletin)}
    own, other = rows["Own directorate"], rows["Other directorate"]
    assert (other.audience, other.opened, other.acknowledged) == (3, 2, 0)
    assert other.opened_share == pytest.approx(2 / 3) and other.acknowledged_share == 0
    assert own.acknowledged == 1 and own.acknowledged_share == pytest.approx(1 / own.audience)
    assert [r.label for r in reading.reach_by_unit(bulletin)][0] == "Other directorate"


# --- home page ------------------------------------------------------------------------------


def test_next_actions_per_role(app, people, write):
    with app.test_request_context():
        assert [a.label for a in widgets.next_actions(people["director"])] == ["Write a bulletin"]
        assert widgets.next_actions(people["employee"]) == []
        assert widgets.next_actions(people["communications"]) == [], "nothing waits: nothing to do"
    write(people["director"], audience_all=True, now=datetime.now() - timedelta(days=7))
    write(people["director"], title="Fresh", audience_all=True, now=datetime.now())
    with app.test_request_context():
        [action] = widgets.next_actions(people["communications"])
    assert isinstance(action, NextAction)
    assert str(action.label) == "2 bulletins waiting for your approval" and action.urgent
    assert action.url == "/bulletins/review"


def test_working_days_skip_the_weekend():
    friday = datetime(2026, 3, 6, 9, 0)
    assert services.working_days_between(friday, friday + timedelta(days=3)) == 1  # Monday
    assert services.working_days_between(friday, friday + timedelta(days=5)) == 3


# --- the audit log and the history --------------------------------------------------------


def _source() -> str:
    return "\n".join(p.read_text() for p in PACKAGE.rglob("*.py") if not p.name.startswith("monthly"))


def test_every_recorded_action_has_an_audit_name():
    recorded = set(re.findall(r'record\([^,]+, "(bulletins\.[a-z_]+)"', _source()))
    recorded |= set(re.findall(r'"(bulletins\.[a-z_]+)" if', _source()))
    recorded |= {f"bulletins.{event}" for event in ("returned", "changes_returned")}
    named = {action.key for action in widgets.AUDIT_ACTIONS}
    assert recorded and recorded <= named, recorded - named


def test_every_history_step_has_a_name():
    steps = set(re.findall(r'record_event\([^)]*?"([a-z_]+)"', _source()))
    steps |= {"created", "edited", "returned", "changes_returned", "pinned", "unpinned"}
    assert steps <= set(EVENT_LABELS), steps - set(EVENT_LABELS)


def test_audit_targets_names_bulletins_only(app, people, write):
    bulletin = write(people["director"], title="Staff meeting")
    with app.test_request_context():
        assert widgets.audit_targets("bulletin", ids={str(bulletin.id), "999999"}) == {
            str(bulletin.id): ("Staff meeting", f"/bulletins/{bulletin.id}")}
        assert widgets.audit_targets("survey", ids={str(bulletin.id)}) == {}


# --- announcements and languages ------------------------------------------------------------


def test_an_announcement_becomes_a_published_all_staff_bulletin(people):
    [url] = publish_announcement(Announcement(author=people["communications"], titles={"en": "Report for March"},
                                              bodies={"en": "The consolidated report."},
                                              source=("reports", "month:2026-03"), url="/reports/2026-03"))
    db.session.commit()
    bulletin = db.session.get(Bulletin, int(url.rsplit("/", 1)[1]))
    assert bulletin.status == "published" and bulletin.audience_all and bulletin.titles == {"en": "Report for March"}
    assert len(_unread(people["employee"], f"bulletin:{bulletin.id}")) == 1
