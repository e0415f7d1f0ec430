"""An owner, in Albanian, opens an overdue action item from the home page, moves it to in progress
with a comment, then marks it done; the home page no longer asks. Desktop and phone widths."""

from __future__ import annotations

from datetime import timedelta

import pytest

from intranet.actions.models import ActionItem
from intranet.actions.services import create_item
from intranet.extensions import db
from intranet.localtime import local_today
from intranet.people.models import Person
from tests.e2e.browser import ROLE_PEOPLE, check_page, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def _overdue_item(live_server, title: str) -> int:
    """An item from the weekly meeting for the demo employee, due three days ago."""
    with live_server.app.app_context():
        owner = db.session.get(Person, live_server.people[ROLE_PEOPLE["employee"]])
        chair = db.session.get(Person, live_server.people[ROLE_PEOPLE["director"]])
        item = create_item(chair, title=title, owner=owner, due_on=local_today() - timedelta(days=3),
                           source_plugin="meetings", source_key="minutes:1:item:1", source_url="/directory/",
                           source_label={"sq": "Mbledhja javore e sektorit", "en": "Weekly sector meeting"})
        db.session.commit()
        item_id = item.id
        db.session.remove()
    return item_id


def _status(live_server, item_id: int) -> str:
    with live_server.app.app_context():
        status = db.session.get(ActionItem, item_id).status
        db.session.remove()
    return status


@pytest.mark.parametrize("width", [1366, 375])
def test_an_owner_moves_an_overdue_item_to_in_progress_then_done(page, live_server, width):
    page.set_viewport_size({"width": width, "height": 900})
    title = f"Dërgoni tabelën e buxhetit ({width})"
    item_id = _overdue_item(live_server, title)
    sign_in(page, ROLE_PEOPLE["employee"])
    assert page.locator("html").get_attribute("lang") == "sq"

    # The home page: an urgent next step for the overdue item, and the card of open items.
    step = page.locator(".next-actions .list-group-item-warning", has_text=title)
    assert step.count() == 1 and "Afati ka kaluar" in step.inner_text()
    assert page.locator("section", has_text="Detyrat e mia të hapura").count() >= 1
    assert check_page(page) == []
    with page.expect_navigation():
        page.locator("section", has_text="Detyrat e mia të hapura").locator("a[href='/actions/']").click()
    assert page.url.endswith("/actions/")

    # The list: the item is marked overdue; move it to in progress with a comment.
    card = page.locator("main li.card", has_text=title)
    assert card.locator(".badge.text-bg-danger").inner_text() == "Me vonesë"
    assert check_page(page) == []
    card.locator("select").select_option("in_progress")
    card.locator("textarea").fill("Kam filluar, e dërgoj të premten")
    with page.expect_navigation():
        card.get_by_role("button").click()
    assert "Në punë" in page.locator("[role='status'], .alert").first.inner_text()
    assert _status(live_server, item_id) == "in_progress"
    assert check_page(page) == []

    # The item's page: the history shows the comment; mark it done there.
    page.locator("main li.card", has_text=title).get_by_role("link", name=title).click()
    page.wait_for_url(f"**/actions/{item_id}")
    assert "Kam filluar, e dërgoj të premten" in page.locator("main").inner_text()
    assert page.get_by_role("link", name="Mbledhja javore e sektorit").count() == 1
    page.select_option(f"#item-{item_id}-status", "done")
    with page.expect_navigation():
        page.locator(f"form[action='/actions/{item_id}/status'] button").click()
    assert _status(live_server, item_id) == "done"
    assert "Statusi u ndryshua në «E kryer»" in page.locator("main").inner_text()
    assert check_page(page) == []

    # Home no longer asks for it.
    page.goto("/")
    assert page.locator(".next-actions", has_text=title).count() == 0
