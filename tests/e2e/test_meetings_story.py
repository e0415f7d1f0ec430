"""The general staff meeting in Albanian, at a laptop's and a phone's width.

A member of staff proposes an agenda item and the chair (the Mayor) accepts it and attaches its
paper (a renamed file is refused next to the field first); the member downloads it, then
asks an anonymous question and another member of staff upvotes it; the chair sees it at the
top by votes and marks it answered; staff read the answer. axe-core checks every page on the way.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from intranet.extensions import db
from intranet.people.models import utcnow
from meetings.models import Meeting, MeetingSeries, MeetingStatus, StaffQuestion
from tests.e2e.browser import ROLE_PEOPLE, PageWatch, check_page, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def _next_general_meeting(live_server) -> int:
    with live_server.app.app_context():
        meeting_id = db.session.scalar(
            select(Meeting.id).join(MeetingSeries).where(
                MeetingSeries.key == "general-staff", Meeting.status == MeetingStatus.SCHEDULED,
                Meeting.starts_at > utcnow()).order_by(Meeting.starts_at).limit(1))
        db.session.remove()
    assert meeting_id is not None, "the demo plans the next general meeting"
    return meeting_id


def _as(browser, live_server, role: str, width: int):
    """A fresh browser reading Albanian, signed in as the demo person of `role`."""
    ctx = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": 900}, locale="sq",
                              extra_http_headers={"Accept-Language": "sq"}, timezone_id="Europe/Belgrade")
    ctx.set_default_timeout(10_000)
    page = ctx.new_page()
    page.watch = PageWatch(page)
    sign_in(page, ROLE_PEOPLE[role])
    return ctx, page


def _open(page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    assert page.locator("html").get_attribute("lang") == "sq"
    assert check_page(page) == [], url


@pytest.mark.parametrize("width", [1366, 375])
def test_proposals_and_staff_questions_at_the_general_meeting(browser, live_server, width):
    meeting_id = _next_general_meeting(live_server)
    meeting_url, questions_url = f"/meetings/{meeting_id}", f"/meetings/{meeting_id}/questions"
    topic = f"Orari i punës gjatë verës ({width})"
    asked = f"Kur hapet parkingu i ri për stafin? ({width})"
    answer = f"Parkingu hapet në maj. ({width})"
    contexts = []
    try:
        # A member proposes an agenda item.
        ctx, member = _as(browser, live_server, "employee", width)
        contexts.append(ctx)
        _open(member, meeting_url)
        member.fill("#title", topic)
        with member.expect_navigation():
            member.locator("form[action$='/propose'] button[type=submit]").click()
        assert member.locator("#mine + ul", has_text=topic).count() == 1

        # The chair (the Mayor) accepts it: it is on the agenda.
        ctx, chair = _as(browser, live_server, "cabinet", width)
        contexts.append(ctx)
        _open(chair, meeting_url)
        proposal = chair.locator("section", has_text=topic)
        proposal.locator("select[name$='-decision']").select_option("accept")
        with chair.expect_navigation():
            proposal.locator("button[type=submit]").click()
        assert chair.locator("#agenda + form li, #agenda + ol li", has_text=topic).count() == 1
        assert check_page(chair) == []

        # The chair attaches the item's paper: a renamed program is refused next to the field, a PDF is kept.
        def attach(data: bytes) -> None:
            papers = chair.locator("section[aria-labelledby^='documents-']", has_text=topic)
            papers.locator("input[type=file]").set_input_files(
                {"name": f"orari-{width}.pdf", "mimeType": "application/pdf", "buffer": data})
            with chair.expect_navigation():
                papers.locator("button[type=submit]", has_text=topic).click()

        attach(b"MZ\x90\x00 not a PDF")
        refused = chair.locator("section[aria-labelledby^='documents-']", has_text=topic)
        assert "nuk është skedar PDF" in refused.locator(".invalid-feedback").inner_text()
        assert check_page(chair) == []
        attach(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
        assert chair.locator(".alert-success").count() == 1
        assert check_page(chair) == []
        _open(member, meeting_url)
        link = member.locator("#documents ~ section a", has_text=f"orari-{width}.pdf")
        with member.expect_download() as download:
            link.click()
        assert download.value.suggested_filename == f"orari-{width}.pdf"

        # The member asks anonymously; the page says what is kept.
        with member.expect_navigation():
            member.locator(f"a[href='{questions_url}']").click()
        assert check_page(member) == []
        assert "jo emri juaj, jo ora" in member.locator("#ask").locator("..").inner_text()
        member.fill("#text", asked)
        member.check("#anonymous")
        with member.expect_navigation():
            member.locator("form[action$='/questions/ask'] button[type=submit]").click()
        assert member.locator(".alert-success", has_text="pa emrin tuaj").count() == 1
        mine = member.locator("#mine + ul li", has_text=asked)
        assert mine.count() == 1 and "anonime" in mine.inner_text()
        assert check_page(member) == []
        with live_server.app.app_context():
            question = db.session.scalar(select(StaffQuestion).where(StaffQuestion.text == asked))
            assert question is not None and question.author_link is None
            db.session.remove()

        # Another member of staff upvotes it.
        ctx, colleague = _as(browser, live_server, "hr", width)
        contexts.append(ctx)
        _open(colleague, questions_url)
        entry = colleague.locator("li[id^='question-']", has_text=asked)
        assert "anonime" in entry.inner_text()
        with colleague.expect_navigation():
            entry.locator("form[action$='/vote'] button").click()
        entry = colleague.locator("li[id^='question-']", has_text=asked)
        assert "1 votë" in entry.inner_text() and entry.locator("form[action$='/unvote']").count() == 1
        assert check_page(colleague) == []

        # The chair sees it first by votes and marks it answered.
        _open(chair, questions_url)
        first = chair.locator("#questions ~ ol > li").first
        assert asked in first.inner_text()
        first.locator("summary", has_text="Shëno si të përgjigjur").click()
        first.locator("textarea").fill(answer)
        assert check_page(chair) == []
        with chair.expect_navigation():
            first.locator("form[action$='/answer'] button[type=submit]").click()
        assert chair.locator(".alert-success").count() == 1

        # Staff read the answer.
        _open(member, questions_url)
        answered = member.locator("#answered + ul li", has_text=asked)
        assert answered.count() == 1 and answer in answered.inner_text()
        assert member.locator("#questions ~ ol li", has_text=asked).count() == 0
    finally:
        for ctx in contexts:
            ctx.close()
