"""The members' comment round on draft minutes, on a clock the test controls: sending the draft, commenting per
item or overall until the deadline, the chair seeing the comments, `flask meetings tick` closing the round."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from intranet.domain import DomainError, PermissionDenied
from intranet.extensions import db
from intranet.localtime import local_today, start_of_local_day
from intranet.notifications.models import Notification
from intranet.people.models import utcnow
from meetings.models import AgendaItem, MinutesStatus
from meetings.services import minutes as service
from meetings.services import minutes_comments as comments
from meetings.services.minutes import MinutesTexts
from meetings.services.tick import tick
from tests.conftest import PageForm


@pytest.fixture(autouse=True)
def _clock(app):
    """The clock of these tests: NOW, the round's LAST_DAY two days later, and a minute AFTER that day ends."""
    global NOW, LAST_DAY, AFTER
    with app.app_context():
        NOW = utcnow()
        LAST_DAY = local_today(NOW) + timedelta(days=2)
        AFTER = start_of_local_day(LAST_DAY + timedelta(days=1)) + timedelta(minutes=1)


@pytest.fixture
def draft(people, series, meeting):
    series.comment_days = 3
    item = AgendaItem(series=series, meeting=meeting, title="Winter roads")
    db.session.add(item)
    db.session.commit()
    minutes = service.save_draft(people["hr"], meeting, MinutesTexts(
        notes="All present.", items={item.id: {"discussion": "Salt is short.", "decisions": "Buy salt."}}))
    db.session.commit()
    return minutes


def _unread(person, subject):
    return list(db.session.scalars(select(Notification).where(
        Notification.person_id == person.id, Notification.subject == subject, Notification.read_at.is_(None))))


def test_members_comment_until_the_deadline_and_the_round_closes(people, draft):
    with pytest.raises(DomainError, match="comment first"):
        service.submit(people["hr"], draft)
    assert comments.send_for_comments(people["hr"], draft, LAST_DAY, now=NOW) is True
    assert comments.send_for_comments(people["hr"], draft, LAST_DAY, now=NOW) is False, "a double click"
    db.session.commit()
    assert comments.last_comment_day(draft) == LAST_DAY, "the page shows the day chosen, not the next midnight"
    subject = comments.subject_of(draft)
    assert _unread(people["employee"], subject), "members are told"
    assert not _unread(people["hr"], subject), "not the sender"

    item = draft.meeting.agenda[0]
    comments.add_comment(people["employee"], draft, "Salt: say how much.", item, now=NOW)
    comments.add_comment(people["employee"], draft, "Salt: say how much.", item, now=NOW)
    comments.add_comment(people["director"], draft, "Fine overall.", now=NOW + timedelta(days=1))
    db.session.commit()
    assert [(c.person_id, c.item_id) for c in draft.comments] == [
        (people["employee"].id, item.id), (people["director"].id, None)], "a double click is one comment"
    assert not _unread(people["employee"], subject), "commenting clears the member's notice"
    assert _unread(people["admin"], subject), "a member who has not commented is still asked"
    assert len(comments.comments_for(people["cabinet"], draft)) == 2, "the chair sees every comment"
    assert [c.body for c in comments.comments_for(people["director"], draft)] == ["Fine overall."]

    with pytest.raises(DomainError, match="send the minutes to the chair after that"):
        service.submit(people["hr"], draft)
    with pytest.raises(DomainError, match="time for comments has ended"):
        comments.add_comment(people["employee"], draft, "Too late", now=AFTER)

    assert tick(AFTER).comment_rounds == 1
    assert tick(AFTER).comment_rounds == 0, "closed once"
    assert not _unread(people["admin"], subject), "the remaining members' notices are cleared"
    [told] = _unread(people["hr"], f"minutes:{draft.id}")
    assert told.shown_title.endswith("has ended. Comments: 2")
    db.session.refresh(draft)
    service.submit(people["hr"], draft)
    assert draft.state is MinutesStatus.SUBMITTED


def test_only_members_comment_and_only_where_the_series_asks(people, draft, make_person, units):
    with pytest.raises(DomainError, match="at least until tomorrow"):
        comments.send_for_comments(people["hr"], draft, local_today(NOW), now=NOW)
    with pytest.raises(PermissionDenied):
        comments.send_for_comments(people["employee"], draft, LAST_DAY, now=NOW)
    comments.send_for_comments(people["hr"], draft, LAST_DAY, now=NOW)
    outsider = make_person("Olta Outside", unit=units["other"])
    with pytest.raises(PermissionDenied):
        comments.add_comment(outsider, draft, "Not mine to say", now=NOW)
    with pytest.raises(DomainError, match="Write your comment"):
        comments.add_comment(people["employee"], draft, "   ", now=NOW)

    draft.meeting.series.comment_days = 0
    draft.comments_sent_at = draft.comments_until = None
    with pytest.raises(DomainError, match="does not ask"):
        comments.send_for_comments(people["hr"], draft, LAST_DAY, now=NOW)
    service.submit(people["hr"], draft)  # no round asked: straight to the chair


def test_the_pages_send_the_draft_and_take_a_members_comment(people, draft, client_as):
    meeting_id = draft.meeting_id
    secretary = client_as(people["hr"])
    action = f"/meetings/{meeting_id}/minutes/send-for-comments"
    form = PageForm(secretary.get(f"/meetings/{meeting_id}/minutes").data, action=action)
    assert form.get("last_day") == (local_today() + timedelta(days=3)).isoformat(), "the series' days by default"
    response = form.fill(last_day=local_today().isoformat()).submit(secretary)
    assert response.status_code == 422 and 'id="last_day-error"' in response.get_data(as_text=True)
    assert form.fill(last_day=LAST_DAY.isoformat()).submit(secretary).status_code == 302

    member = client_as(people["employee"])
    page = member.get(f"/meetings/{meeting_id}/minutes")
    assert page.status_code == 200 and "Salt is short." in page.get_data(as_text=True), "members read the draft"
    form = PageForm(page.data, action=f"/meetings/{meeting_id}/minutes/comments")
    item = draft.meeting.agenda[0]
    assert form.options("item") == ["0", str(item.id)]
    response = form.fill(body="").submit(member)
    assert response.status_code == 422 and 'id="body-error"' in response.get_data(as_text=True)
    form.fill(item=str(item.id), body="Say how much salt.")
    assert form.submit(member).status_code == 302

    chair = client_as(people["cabinet"])
    html = chair.get(f"/meetings/{meeting_id}/minutes").get_data(as_text=True)
    assert "Say how much salt." in html and "Era Employee" in html


def test_a_comment_round_that_ended_keeps_the_chair_informed(people, draft):
    comments.send_for_comments(people["hr"], draft, LAST_DAY, now=NOW)
    comments.add_comment(people["employee"], draft, "Add the salt figures.", now=NOW)
    db.session.commit()
    tick(AFTER)
    service.submit(people["hr"], draft)
    db.session.commit()
    assert [c.body for c in comments.comments_for(people["cabinet"], draft)] == ["Add the salt figures."]
    assert draft.comments_closed_at == AFTER and isinstance(draft.comments_until, datetime)
