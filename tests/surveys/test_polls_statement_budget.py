"""SQL statements per public poll request, counted (issue 16: 200 submissions a second on two cores
needs a cheap submission). The poll page and a submission each stay within a small budget; a failure
lists the statements. Measured as tests/surveys/test_statement_budget.py measures answering."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from surveys.models import Response
from tests.surveys.test_polls import SLUG, answered_form, make_poll
from tests.surveys.test_statement_budget import alone, counted, within

POLL_PAGE_BUDGET = 3
POLL_SUBMISSION_BUDGET = 6


def test_the_poll_page_and_a_submission_stay_within_their_budgets(app, people, db):
    poll = make_poll(people["hr"])
    # warm the process's caches (settings, the open poll's structure) as any earlier citizen would have
    app.test_client().get(f"/p/{SLUG}")
    db.session.expire_all()
    browser = app.test_client()
    with counted() as page_statements:
        page = alone(browser.get, f"/p/{SLUG}")
    assert page.status_code == 200
    within(page_statements, POLL_PAGE_BUDGET, "poll page")
    form = answered_form(page.get_data(as_text=True), poll)
    with counted() as post_statements:
        sent = alone(browser.post, form.action, data=MultiDict(form.data()))
    assert sent.status_code == 302, sent.get_data(as_text=True)
    within(post_statements, POLL_SUBMISSION_BUDGET, "poll submission")
    print(f"poll page: {len(page_statements)} SQL statements; submission: {len(post_statements)}")
    assert db.session.scalar(db.select(db.func.count()).select_from(Response)) == 1
