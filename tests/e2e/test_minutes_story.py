"""The secretary writes minutes in Albanian with an action item; the autosave status shows; the session
ends (the cookie is deleted) while typing, and after signing in again the editor holds what was typed;
the series asks for the members' comments, so the secretary sends the draft out, a member comments on
an item, the round closes (as `flask meetings tick` does after the deadline); the chair approves with the
comment in view; a member reads the approved minutes and their print view. Desktop and phone widths."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from intranet.actions.models import ActionItem
from intranet.extensions import db
from intranet.localtime import local_today
from intranet.people.models import Person, utcnow
from meetings.models import AgendaItem, Meeting, MeetingSeries, MinutesStatus, SeriesMember
from meetings.services.minutes import minutes_of
from meetings.services.minutes_comments import close_rounds
from tests.e2e.browser import ROLE_PEOPLE, check_page, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

SECRETARY, CHAIR, MEMBER = ROLE_PEOPLE["hr"], ROLE_PEOPLE["director"], ROLE_PEOPLE["employee"]


def _meeting(live_server, width: int) -> tuple[int, list[int]]:
    """A series chaired by the director with the hr officer as secretary, and yesterday's meeting."""
    with live_server.app.app_context():
        person = {name: db.session.get(Person, live_server.people[name]) for name in (SECRETARY, CHAIR, MEMBER)}
        series = MeetingSeries(key=f"e2e-minutes-{width}", titles={"sq": f"Mbledhja e ekipit {width}",
                                                                   "en": f"Team meeting {width}"},
                               chair_id=person[CHAIR].id, secretary_id=person[SECRETARY].id, start_time=time(9),
                               comment_days=2)
        series.chosen_members = [SeriesMember(person_id=person[MEMBER].id)]
        day = local_today() - timedelta(days=1)
        meeting = Meeting(series=series, scheduled_for=day, starts_at=datetime.combine(day, time(8)))
        items = [AgendaItem(series=series, meeting=meeting, title=t, position=n)
                 for n, t in enumerate(["Buxheti 2027", "Rrugët në dimër"])]
        db.session.add_all([series, meeting, *items])
        db.session.commit()
        found = meeting.id, [i.id for i in items]
        db.session.remove()
    return found


def _minutes(live_server, meeting_id: int):
    with live_server.app.app_context():
        minutes = minutes_of(db.session.get(Meeting, meeting_id))
        found = (minutes.status, minutes.notes, dict(minutes.texts)) if minutes else None
        actions = [a.title for a in db.session.scalars(db.select(ActionItem).where(
            ActionItem.source_key.like(f"%:meeting:{meeting_id}:%")))]
        db.session.remove()
    return found, actions


@pytest.mark.parametrize("width", [1366, 375])
def test_minutes_survive_a_lost_session_and_are_approved_and_read(page, live_server, width):
    page.set_viewport_size({"width": width, "height": 900})
    meeting_id, (budget, roads) = _meeting(live_server, width)
    editor = f"/meetings/{meeting_id}/minutes/edit"

    # The secretary writes; the autosave says when it saved.
    sign_in(page, SECRETARY, next_url=editor)
    assert page.locator("html").get_attribute("lang") == "sq"
    page.fill(f"#discussion-{budget}", "U diskutua projektbuxheti.")
    status = page.locator("#autosave-status")
    status.filter(has_text="U ruajt").wait_for()
    assert check_page(page) == []
    (found, _actions) = _minutes(live_server, meeting_id)
    assert found is not None and found[2][str(budget)]["discussion"] == "U diskutua projektbuxheti."

    # An action item under the budget item, for the member.
    page.select_option("#action_item", str(budget))
    page.select_option("#action_owner", label=MEMBER)
    page.fill("#action_title", f"Dërgoni tabelën e buxhetit ({width})")
    page.fill("#action_due", (date.today() + timedelta(days=7)).isoformat())
    with page.expect_navigation():
        page.locator("button[name='add_action']").click()
    assert f"Dërgoni tabelën e buxhetit ({width})" in page.locator(f"#item-{budget}").inner_text()
    assert _minutes(live_server, meeting_id)[1] == [f"Dërgoni tabelën e buxhetit ({width})"]
    assert check_page(page) == []

    # The session is lost (the cookie is gone) while the secretary keeps typing, then saves.
    page.context.clear_cookies()
    page.fill(f"#decisions-{budget}", "Buxheti u miratua.")
    page.fill(f"#discussion-{roads}", "Kamionët e borës janë gati.")
    with page.expect_navigation():
        page.locator("button[name='save_draft']").click()
    assert "/auth/" in page.url
    sign_in(page, SECRETARY, next_url=editor)
    assert page.locator(".alert-info[role='status']").count() == 1
    assert page.input_value(f"#decisions-{budget}") == "Buxheti u miratua."
    assert page.input_value(f"#discussion-{roads}") == "Kamionët e borës janë gati."
    assert page.input_value(f"#discussion-{budget}") == "U diskutua projektbuxheti."
    assert check_page(page) == []
    with page.expect_navigation():
        page.locator("button[name='submit_minutes']").click()
    # The series asks for the members' comments first: the secretary sends the draft out.
    assert page.locator(".alert-danger", has_text="dërgojuni draftin").count() == 1
    assert _minutes(live_server, meeting_id)[0][0] == MinutesStatus.DRAFT
    with page.expect_navigation():
        page.locator("form[action$='/send-for-comments'] button[type=submit]").click()
    assert page.locator("#comments", has_text="Anëtarët komentojnë deri më").count() == 1
    assert check_page(page) == []

    # A member reads the draft and comments on the budget item.
    page.context.clear_cookies()
    sign_in(page, MEMBER, next_url=f"/meetings/{meeting_id}/minutes")
    assert "Buxheti u miratua." in page.locator("main").inner_text()
    page.select_option("#item", str(budget))
    page.fill("#body", f"Shtoni shumën e buxhetit ({width}).")
    assert check_page(page) == []
    with page.expect_navigation():
        page.locator("form[action$='/minutes/comments'] button[type=submit]").click()
    assert page.locator("#comments li", has_text=f"Shtoni shumën e buxhetit ({width}).").count() == 1

    # The deadline passes (`flask meetings tick` closes the round); the secretary sends the minutes to the chair.
    with live_server.app.app_context():
        close_rounds(utcnow() + timedelta(days=3))
        db.session.commit()
        db.session.remove()
    page.context.clear_cookies()
    sign_in(page, SECRETARY, next_url=editor)
    with page.expect_navigation():
        page.locator("button[name='submit_minutes']").click()
    assert _minutes(live_server, meeting_id)[0][0] == MinutesStatus.SUBMITTED

    # The chair approves, the member's comment in view.
    page.context.clear_cookies()
    sign_in(page, CHAIR, next_url=f"/meetings/{meeting_id}/minutes")
    assert page.locator("#comments li", has_text=f"Shtoni shumën e buxhetit ({width}).").count() == 1
    assert check_page(page) == []
    with page.expect_navigation():
        page.locator("button[name='approve']").click()
    assert _minutes(live_server, meeting_id)[0][0] == MinutesStatus.APPROVED

    # A member reads them, and prints them.
    page.context.clear_cookies()
    sign_in(page, MEMBER, next_url=f"/meetings/{meeting_id}/minutes")
    main = page.locator("main").inner_text()
    assert "Buxheti u miratua." in main and "Kamionët e borës janë gati." in main
    assert f"Dërgoni tabelën e buxhetit ({width})" in main
    assert check_page(page) == []
    page.goto(f"/meetings/{meeting_id}/minutes/print")
    assert page.locator("nav").count() == 0 and "Buxheti u miratua." in page.locator("main").inner_text()
    assert check_page(page) == []
