"""SQL statements per answering request, counted (counts are stable, unlike times: issue 13).

Every statement the app sends to the database during one request is counted with
SQLAlchemy's `before_cursor_execute` event; the budgets are those of issue 13: at most 5 per
answering page (GET) and per section POST, at most 10 for the submission, at most 45 for a
whole response from the start page to the thank-you page. A failure lists the statements.

The structure cache (surveys.services.structure) is tested here too: hr correcting a text of
an open survey shows the corrected text on the next answering page, in this process.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import pytest
from sqlalchemy import event
from werkzeug.datastructures import MultiDict

from intranet.extensions import db
from surveys.models import Participation
from tests.forms import PageForm

PAGE_BUDGET = 5
SECTION_POST_BUDGET = 5
SUBMISSION_BUDGET = 10
RESPONSE_BUDGET = 45


class Statements:
    """The statements sent while recording, for the budgets and for a readable failure."""

    def __init__(self):
        self.sent: list[str] = []

    def __len__(self) -> int:
        return len(self.sent)

    def listing(self) -> str:
        return "\n".join(f"  {n}. {s.split(chr(10))[0][:160]}" for n, s in enumerate(self.sent, 1))


@contextmanager
def counted():
    statements = Statements()

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.sent.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def alone(call, *args, **kwargs):
    """Run one test-client request in a thread of its own: a fresh app context, so a fresh database
    session and `g`, as a request has in production (the tests' own app context would otherwise share
    its loaded objects with the request and hide statements)."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(call, *args, **kwargs).result()


def within(statements: Statements, budget: int, what: str) -> None:
    assert len(statements) <= budget, (
        f"{what}: {len(statements)} SQL statements, budget {budget}:\n{statements.listing()}")


def answered_form(html: str, survey_id: int, number: int) -> PageForm:
    """The page's form with every question answered the way a respondent might."""
    form = PageForm(html, action=f"/surveys/{survey_id}/page/{number}")
    for name in sorted(form.names()):
        if not name.startswith("q-"):
            continue
        offered = form.options(name)
        if offered:
            form.check(name, offered[min(1, len(offered) - 1)])
        else:
            form.fill(**{name: "A comment"})
    return form


@pytest.fixture
def respondent(open_survey, people, client_as):
    client = client_as(people["employee"])
    # warm the process's caches as any earlier respondent would have (the budgets are per request in a running app)
    client_as(people["communications"]).get(f"/surveys/{open_survey.id}/page/1")
    db.session.expire_all()
    return client


def test_a_whole_response_stays_within_the_statement_budgets(open_survey, respondent, people):
    base = f"/surveys/{open_survey.id}"
    total = 0

    def request(method: str, url: str, budget: int, what: str, **kwargs):
        nonlocal total
        with counted() as statements:
            response = alone(getattr(respondent, method), url, **kwargs)
        assert response.status_code in (200, 302), (what, response.status_code)
        within(statements, budget, what)
        print(f"{what}: {len(statements)} SQL statements")
        total += len(statements)
        return response

    request("get", f"{base}/", PAGE_BUDGET, "start page")
    number = 1
    while True:
        html = request("get", f"{base}/page/{number}", PAGE_BUDGET, f"page {number}").get_data(as_text=True)
        form = answered_form(html, open_survey.id, number)
        response = request("post", form.action, SECTION_POST_BUDGET, f"page {number} posted",
                           data=MultiDict(form.data(button="action")))
        assert response.status_code == 302, response.get_data(as_text=True)
        if response.headers["Location"].endswith("/review"):
            break
        number += 1
    html = request("get", f"{base}/review", PAGE_BUDGET, "review").get_data(as_text=True)
    response = request("post", f"{base}/review", SUBMISSION_BUDGET, "submission (answered with the thank-you page)",
                       data=MultiDict(PageForm(html, action=f"{base}/review").data()))
    assert response.status_code == 200 and "Thank you" in response.get_data(as_text=True)
    request("get", f"{base}/done", PAGE_BUDGET, "thank-you page, read again")
    print(f"a whole response: {total} SQL statements")
    assert total <= RESPONSE_BUDGET, f"a whole response: {total} statements, budget {RESPONSE_BUDGET}"
    assert db.session.scalar(db.select(db.func.count()).select_from(Participation)) == 1


def test_a_page_with_errors_stays_within_the_budget(open_survey, respondent):
    base = f"/surveys/{open_survey.id}"
    form = PageForm(respondent.get(f"{base}/page/1").get_data(as_text=True), action=f"{base}/page/1")
    with counted() as statements:
        response = alone(respondent.post, form.action, data=MultiDict(form.data(button="action")))
    assert response.status_code == 400  # a required question left empty
    within(statements, SECTION_POST_BUDGET, "page 1 posted with errors")


def test_a_corrected_text_shows_on_the_next_answering_page(open_survey, respondent, people, client_as):
    base = f"/surveys/{open_survey.id}"
    question = open_survey.questions[0]
    assert "Question informed" in alone(respondent.get, f"{base}/page/1").get_data(as_text=True)
    hr = client_as(people["hr"])
    url = f"/surveys/{open_survey.id}/questions/{question.id}"
    form = PageForm(hr.get(url).get_data(as_text=True), action=url)
    form.fill(text_en="How well are you informed?")
    assert form.submit(hr).status_code == 302
    page = alone(respondent.get, f"{base}/page/1").get_data(as_text=True)
    assert "How well are you informed?" in page and "Question informed" not in page


def test_a_submission_reuses_compiled_statements(open_survey, people, client_as, respondent):
    """Once one person has submitted, the next submission sends only statements SQLAlchemy has compiled
    before (its compiled cache): turning a statement into SQL costs more CPU than running it, and a
    statement that embeds the answers (one multi-row VALUES) would be compiled afresh every time."""
    base = f"/surveys/{open_survey.id}"

    def submit(client) -> list[str]:
        fresh: list[str] = []

        def note(conn, cursor, statement, parameters, context, executemany):
            if context.cache_hit is not context.dialect.CACHE_HIT:
                fresh.append(statement)

        number = 1
        while True:
            html = alone(client.get, f"{base}/page/{number}").get_data(as_text=True)
            response = alone(client.post, f"{base}/page/{number}",
                             data=MultiDict(answered_form(html, open_survey.id, number).data(button="action")))
            if response.headers["Location"].endswith("/review"):
                break
            number += 1
        html = alone(client.get, f"{base}/review").get_data(as_text=True)
        event.listen(db.engine, "before_cursor_execute", note)
        try:
            response = alone(client.post, f"{base}/review",
                             data=MultiDict(PageForm(html, action=f"{base}/review").data()))
        finally:
            event.remove(db.engine, "before_cursor_execute", note)
        assert response.status_code == 200 and "Thank you" in response.get_data(as_text=True)
        return fresh

    submit(client_as(people["communications"]))
    fresh = submit(respondent)
    assert not fresh, "compiled afresh:\n" + "\n".join(s.split("\n")[0][:160] for s in fresh)


def test_a_blank_page_is_rendered_once_and_a_page_with_answers_each_time(open_survey, respondent, app):
    """The questions of a page nobody has answered yet are the same markup for everyone: the second
    respondent gets the first one's rendering (the `respondent` fixture's colleague opened page 1).
    A page that holds a person's answers is rendered for them, with their answers."""
    from flask import template_rendered

    base = f"/surveys/{open_survey.id}"
    rendered: list[str] = []

    def note(sender, template, context, **extra):
        rendered.append(template.name)

    template_rendered.connect(note, app)
    try:
        page = alone(respondent.get, f"{base}/page/1")
        assert rendered.count("surveys/answer/_questions.html") == 0, "the colleague's rendering is reused"
        assert "Question informed" in page.get_data(as_text=True)
        form = answered_form(page.get_data(as_text=True), open_survey.id, 1)
        alone(respondent.post, form.action, data=MultiDict(form.data(button="action")))
        again = alone(respondent.get, f"{base}/page/1").get_data(as_text=True)
    finally:
        template_rendered.disconnect(note, app)
    assert rendered.count("surveys/answer/_questions.html") == 1, "a page with answers is rendered for its person"
    def answers(pairs):
        return sorted((name, value) for name, value in pairs if name.startswith("q-"))

    assert answers(PageForm(again, action=form.action).data()) == answers(form.data()), "the answers are on the page"
