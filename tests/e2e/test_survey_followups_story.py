"""hr, in Albanian, creates a follow-up action from a closed survey's results for the director; the
action is an item of the register: the director finds it on the home page, opens it and starts it,
and the results page shows its new status with a link to the item. Desktop and phone widths."""

from __future__ import annotations

from datetime import timedelta

import pytest

from intranet.actions.models import ActionItem
from intranet.extensions import db
from intranet.people.models import Unit, utcnow
from surveys.models import FollowUp
from tests.e2e.browser import ROLE_PEOPLE, check_page, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


@pytest.fixture(scope="module")
def closed_survey(live_server):
    """A closed survey (tests/surveys/test_results.py's dataset) on the demo's Education directorate."""
    from tests.surveys.test_results import build_survey

    with live_server.app.app_context():
        units = {"own": db.session.get(Unit, live_server.units["DASH"]),
                 "other": db.session.get(Unit, live_server.units["DEZH"])}

        def make_unit(code, name):
            unit = Unit(code=code, kind="office", sort_order=996, names={"sq": name, "sr": name, "en": name})
            db.session.add(unit)
            db.session.commit()
            return unit

        survey = build_survey(None, units, make_unit, series="e2e-followups",
                              frozen_at=utcnow() - timedelta(days=30))
        survey_id = survey.id
        db.session.remove()
    return survey_id


def _item_of(live_server, title: str) -> tuple[int, str]:
    with live_server.app.app_context():
        item = db.session.scalars(db.select(ActionItem).filter_by(title=title)).one()
        assert db.session.scalars(db.select(FollowUp).filter_by(action_item_id=item.id)).one()
        found = (item.id, item.status)
        db.session.remove()
    return found


@pytest.mark.parametrize("width", [1366, 375])
def test_a_follow_up_from_the_results_reaches_its_owner_through_the_register(page, live_server, closed_survey,
                                                                             width):
    page.set_viewport_size({"width": width, "height": 900})
    title = f"Takim mujor me procesverbal ({width})"
    sign_in(page, ROLE_PEOPLE["hr"], f"/surveys/{closed_survey}/results#new-follow-up")
    assert page.locator("html").get_attribute("lang") == "sq"
    form = page.locator("form[action$='/follow-ups']")
    form.locator("input[name='title']").fill(title)
    form.locator("input[name='owner']").fill(ROLE_PEOPLE["director"])
    with page.expect_navigation():
        form.locator("button[type='submit']").click()
    item_id, status = _item_of(live_server, title)
    assert status == "open"
    row = page.locator("#follow-ups ~ * tr", has_text=title)
    assert row.get_by_role("link", name=title).get_attribute("href") == f"/actions/{item_id}"
    assert check_page(page) == []

    page.context.clear_cookies()
    sign_in(page, ROLE_PEOPLE["director"])
    card = page.locator("section", has_text="Detyrat e mia të hapura")
    with page.expect_navigation():
        card.get_by_role("link", name=title).click()
    assert page.url.endswith(f"/actions/{item_id}")
    assert check_page(page) == []
    page.select_option(f"#item-{item_id}-status", "in_progress")
    with page.expect_navigation():
        page.locator(f"form[action='/actions/{item_id}/status'] button").click()
    assert _item_of(live_server, title)[1] == "in_progress"

    page.goto(f"/surveys/{closed_survey}/results")
    assert "Në punë" in page.locator("#follow-ups ~ * tr", has_text=title).inner_text()
    assert check_page(page) == []
