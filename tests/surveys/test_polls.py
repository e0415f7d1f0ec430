"""Public citizen polls (issue 16, Objective 1): answered without sign-in at /p/<slug>, one answer per
browser (a signed cookie), a rate limit and a honeypot against automation, nothing of the staff side on a
public page, the embeddable page framed only by the configured hosts, results public only once published
and closed. Forms are read from the pages (tests/forms.py)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from intranet.config import ConfigurationError, load_settings
from intranet.domain import DomainError, PermissionDenied
from intranet.extensions import db
from intranet.people.models import utcnow
from surveys.demo_polls import build_poll
from surveys.models import Answer, Participation, Response, Survey
from surveys.services import polls, response_rows
from surveys.services.opening import close_survey, open_survey
from tests.forms import PageForm

SLUG = "test-poll"


def make_poll(hr, slug: str = SLUG) -> Survey:
    now = utcnow()
    poll = build_poll(hr, slug, now - timedelta(days=1), now + timedelta(days=10), now.year)
    return open_survey(hr, poll, now=now)


@pytest.fixture
def poll(people) -> Survey:
    return make_poll(people["hr"])


def question_id(survey: Survey, key: str) -> int:
    return next(q.id for q in survey.questions if q.key == key)


def answered_form(html: str, survey: Survey, suggestion: str = "A bus line to the villages") -> PageForm:
    form = PageForm(html)
    form.check(f"q-{question_id(survey, 'projects')}", "water")
    form.check(f"q-{question_id(survey, 'projects')}", "roads")
    form.check(f"q-{question_id(survey, 'first')}", "roads")
    form.check(f"q-{question_id(survey, 'second')}", "water")
    form.fill(**{f"q-{question_id(survey, 'suggestion')}": suggestion})
    return form


def responses(survey: Survey) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(Response).filter_by(survey_id=survey.id))


def set_cookies(response) -> list[str]:
    return response.headers.getlist("Set-Cookie")


def test_a_citizen_answers_without_signing_in(app, poll):
    client = app.test_client()
    page = client.get(f"/p/{SLUG}?lang=en")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Which public projects do you want?" in html
    form = answered_form(html, poll)
    assert form.action.startswith(f"/p/{SLUG}")
    sent = form.submit(client)
    assert sent.status_code == 302
    cookies = set_cookies(sent)
    assert any(c.startswith(f"{polls.ANSWERED_COOKIE}=") for c in cookies)
    assert not any(c.startswith(f"{app.config['SESSION_COOKIE_NAME']}=") for c in cookies)

    assert responses(poll) == 1
    response = db.session.scalar(db.select(Response).filter_by(survey_id=poll.id))
    assert response.person_id is None
    assert db.session.scalar(db.select(db.func.count()).select_from(Participation)) == 0
    texts = db.session.scalars(db.select(Answer.text).where(Answer.response_id == response.id,
                                                            Answer.text.is_not(None))).all()
    assert texts == ["A bus line to the villages"]
    # the export's row of the answers, stored with the response, agrees with its answer rows
    columns = response_rows.columns(sorted(poll.questions, key=lambda q: (q.position, q.id)))
    assert json.loads(response.cells) == response_rows.cells_from_answers(columns, [response.id])[response.id]

    thanks = client.get(sent.headers["Location"]).get_data(as_text=True)
    assert "Thank you: your answers are received." in thanks
    assert "<form" not in thanks


def test_one_answer_per_browser_is_best_effort(app, poll):
    browser = app.test_client()
    html = browser.get(f"/p/{SLUG}").get_data(as_text=True)
    answered_form(html, poll).submit(browser)
    # the same browser posting again (a second tab, the back button) adds nothing
    again = answered_form(html, poll).submit(browser)
    assert again.status_code == 200
    assert responses(poll) == 1
    # a forged cookie counts for nothing; another browser answers (the results say so)
    other = app.test_client()
    other.set_cookie(polls.ANSWERED_COOKIE, f"[{poll.id}]")
    assert "<form" in other.get(f"/p/{SLUG}").get_data(as_text=True)
    answered_form(html, poll).submit(other)
    assert responses(poll) == 2


def test_a_missing_answer_comes_back_translated_with_what_was_typed(app, poll):
    client = app.test_client()
    html = client.get(f"/p/{SLUG}?lang=sr").get_data(as_text=True)
    form = PageForm(html)
    form.fill(**{f"q-{question_id(poll, 'suggestion')}": "Biciklistička staza"})
    sent = form.submit(client)
    assert sent.status_code == 400
    page = sent.get_data(as_text=True)
    assert 'lang="sr-Latn"' in page
    assert f'id="q{question_id(poll, "projects")}-error"' in page
    # (the language of the messages: tests/test_polls_language.py; this folder forces English)
    assert "Biciklistička staza" in page
    assert responses(poll) == 0
    assert not any(c.startswith(f"{polls.ANSWERED_COOKIE}=") for c in set_cookies(sent))


def test_a_filled_honeypot_is_refused_quietly(app, poll):
    client = app.test_client()
    html = client.get(f"/p/{SLUG}?lang=en").get_data(as_text=True)
    form = answered_form(html, poll).fill(website="http://spam.example")
    sent = form.submit(client)
    assert sent.status_code == 200
    assert "Thank you: your answers are received." in sent.get_data(as_text=True)
    assert responses(poll) == 0
    assert not set_cookies(sent)


def test_answers_are_limited_per_address(make_app, people):
    limited = make_app(RATELIMIT_ENABLED=True, RATELIMIT_POLL="2 per minute")
    with limited.app_context():
        poll = make_poll(people["hr"])
        html = limited.test_client().get(f"/p/{SLUG}?lang=en").get_data(as_text=True)
        statuses = []
        for _n in range(3):
            browser = limited.test_client()  # a new browser each time: the cookie does not stop it
            statuses.append(answered_form(html, poll).submit(browser, environ_base={"REMOTE_ADDR": "192.0.2.7"}))
        assert [r.status_code for r in statuses] == [302, 302, 429]
        refused = statuses[-1].get_data(as_text=True)
        assert "Too many answers came from your address" in refused
        assert 'href="/surveys' not in refused
        assert responses(poll) == 2
        # another address is not held back by the first one
        elsewhere = answered_form(html, poll).submit(limited.test_client(), environ_base={"REMOTE_ADDR": "192.0.2.8"})
        assert elsewhere.status_code == 302


def test_nothing_of_the_staff_side_on_a_public_page(app, poll, people, client_as):
    staff = client_as(people["hr"])
    for url in (f"/p/{SLUG}", f"/p/{SLUG}/embed", "/p/no-such-poll"):
        response = staff.get(url)
        html = response.get_data(as_text=True)
        assert people["hr"].name not in html, url
        for staff_link in ('href="/surveys', 'href="/auth/logout', 'action="/search', 'href="/admin'):
            assert staff_link not in html, (url, staff_link)
        assert not set_cookies(response), url
    sent = answered_form(staff.get(f"/p/{SLUG}").get_data(as_text=True), poll).submit(staff)
    assert [c.split("=")[0] for c in set_cookies(sent)] == [polls.ANSWERED_COOKIE]
    anonymous = app.test_client()
    assert not set_cookies(anonymous.get(f"/p/{SLUG}"))
    assert anonymous.get_cookie(app.config["SESSION_COOKIE_NAME"]) is None


def test_the_embeddable_page_is_framed_only_by_the_configured_hosts(make_app, people):
    closed = make_app()
    with closed.app_context():
        make_poll(people["hr"])
        client = closed.test_client()
        embed = client.get(f"/p/{SLUG}/embed")
        assert "frame-ancestors 'none'" in embed.headers["Content-Security-Policy"]
        assert embed.headers["X-Frame-Options"] == "DENY"
    website = "https://www.kk.rks-gov.net"
    opened = make_app(URA_POLL_EMBED_HOSTS=[website, "https://facebook.example"])
    with opened.app_context():
        client = opened.test_client()
        embed = client.get(f"/p/{SLUG}/embed?lang=en")
        assert embed.status_code == 200
        assert f"frame-ancestors {website} https://facebook.example" in embed.headers["Content-Security-Policy"]
        assert "X-Frame-Options" not in embed.headers
        assert 'class="poll-embed"' in embed.get_data(as_text=True)
        # a refusal shows inside the frame too
        missing = client.get("/p/no-such-poll/embed")
        assert missing.status_code == 404 and website in missing.headers["Content-Security-Policy"]
        for elsewhere in (f"/p/{SLUG}", "/auth/login", "/healthz"):
            assert "frame-ancestors 'none'" in client.get(elsewhere).headers["Content-Security-Policy"], elsewhere


def test_embed_hosts_must_be_origins():
    assert load_settings({"URA_POLL_EMBED_HOSTS": "https://a.example, http://b.example:8080/"})[
        "URA_POLL_EMBED_HOSTS"] == ["https://a.example", "http://b.example:8080"]
    with pytest.raises(ConfigurationError):
        load_settings({"URA_POLL_EMBED_HOSTS": "https://a.example; script-src *"})


def test_results_are_public_only_once_published_and_closed(app, poll, people):
    client = app.test_client()
    for n in range(6):
        polls.submit_poll(poll, {"projects": ["water", "park"], "first": "water" if n % 2 else "park",
                                 "suggestion": "My neighbour Agim Krasniqi should build it"})
    assert client.get(f"/p/{SLUG}/results").status_code == 404  # open, not published
    polls.set_poll(people["communications"], poll, SLUG, True)
    assert client.get(f"/p/{SLUG}/results").status_code == 404  # published, still open
    close_survey(people["hr"], poll)
    page = client.get(f"/p/{SLUG}/results?lang=en")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "6 responses." in html
    assert "nothing stops a person from answering again in another browser" in html
    assert "ura-chart-data" in html and "Renewing the water supply network" in html
    assert "Agim Krasniqi" not in html  # free texts are never public
    polls.set_poll(people["communications"], poll, SLUG, False)
    assert client.get(f"/p/{SLUG}/results").status_code == 404


def test_who_makes_a_poll_and_what_a_slug_may_be(app, people, units):
    from tests.surveys.conftest import build_survey

    survey = build_survey(units)
    with pytest.raises(PermissionDenied):
        polls.set_poll(people["employee"], survey, "x", False)
    with pytest.raises(DomainError) as wrong:
        polls.set_poll(people["communications"], survey, "Not A Slug!", False)
    assert wrong.value.field == "slug"
    polls.set_poll(people["communications"], survey, "budget-2027", False)
    assert survey.is_poll and survey.one_page
    other = build_survey(units)
    with pytest.raises(DomainError):
        polls.set_poll(people["hr"], other, "budget-2027", False)
    open_survey(people["hr"], survey)
    assert [g.key for g in survey.groups] == [polls.POLL_GROUP]
    with pytest.raises(DomainError):
        polls.set_poll(people["hr"], survey, "another-link", False)
    polls.set_poll(people["communications"], survey, "budget-2027", True)  # publishing: any time
    assert survey.results_public


def test_communications_makes_a_survey_a_poll_on_its_page(app, people, units, client_as):
    from tests.surveys.conftest import build_survey

    survey = build_survey(units)
    client = client_as(people["communications"])
    page = client.get(f"/surveys/{survey.id}/poll")
    assert page.status_code == 200
    action = f"/surveys/{survey.id}/poll"
    form = PageForm(page.get_data(as_text=True), action=action)
    refused = form.fill(slug="Has spaces").submit(client)
    assert refused.status_code == 400
    assert 'value="Has spaces"' in refused.get_data(as_text=True)
    form = PageForm(refused.get_data(as_text=True), action=action).fill(slug="budget-2027")
    assert form.submit(client).status_code == 302
    db.session.expire_all()
    assert db.session.get(Survey, survey.id).poll_slug == "budget-2027"
    index = client.get("/surveys/").get_data(as_text=True)
    listed = index[index.index("<main"):]
    assert "/p/budget-2027" in listed, "the polls are listed on the page"
    title = index[index.index("<title>"):index.index("</title>")]
    assert "budget-2027" not in title and "<h2" not in title, "the tab's title is the page's name only"


def test_a_poll_is_answered_by_nobody_on_the_staff(app, poll, people, client_as):
    assert client_as(people["employee"]).get(f"/surveys/{poll.id}/").status_code == 403


def test_hr_reads_a_poll_on_the_staff_results_pages(app, poll, people, client_as):
    hr = client_as(people["hr"])
    assert hr.get(f"/surveys/{poll.id}/results").status_code == 200  # open: response rates only
    for _n in range(5):
        polls.submit_poll(poll, {"projects": ["roads"], "first": "roads"})
    close_survey(people["hr"], poll)
    results = hr.get(f"/surveys/{poll.id}/results")
    assert results.status_code == 200
    assert "Which public projects do you want?" in results.get_data(as_text=True)
