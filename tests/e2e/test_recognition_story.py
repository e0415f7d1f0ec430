"""Recognition in a browser, in Albanian, on a laptop and a phone: an employee thanks two colleagues at once (and
a thanked colleague finds it on their directory profile) and nominates a colleague for this year's awards; a
committee member scores a nomination, and the director of the nominee's unit, also on the committee, sees why they
may not; hr adds a member to the committee and the cabinet chooses two winners in a category. axe-core on every
page."""

from __future__ import annotations

from datetime import timedelta

import pytest

from intranet.extensions import db
from intranet.people.models import Person, utcnow
from tests.e2e.browser import ROLE_PEOPLE, PageWatch, check_page
from tests.e2e.browser import sign_in as sign_in_as

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

WIDTHS = {"1366px": {"width": 1366, "height": 900}, "375px": {"width": 375, "height": 740}}


@pytest.fixture(params=list(WIDTHS))
def albanian(request, browser, live_server):
    ctx = browser.new_context(base_url=live_server.url, viewport=WIDTHS["1366px"], locale="sq",
                              extra_http_headers={"Accept-Language": "sq"}, timezone_id="Europe/Belgrade")
    ctx.set_default_timeout(10_000)
    page = ctx.new_page()
    page.watch = PageWatch(page)
    page.story_viewport = WIDTHS[request.param]
    yield page, request.param
    ctx.close()


def sign_in(page, role: str, next_url: str = "/") -> None:
    page.set_viewport_size(WIDTHS["1366px"])
    sign_in_as(page, ROLE_PEOPLE[role], next_url=next_url)
    page.set_viewport_size(page.story_viewport)


def submit(page, locator) -> None:
    with page.expect_navigation():
        locator.click()


def test_thanking_two_colleagues_at_once(albanian, live_server):
    page, width = albanian
    message = f"Faleminderit për ndihmën me regjistrimin ({width})."
    sign_in(page, "employee", next_url="/recognition/thanks/new")
    assert page.locator("html").get_attribute("lang") == "sq"
    assert check_page(page) == []
    page.select_option("#receivers", [str(live_server.people["Blerta Gashi"]),
                                      str(live_server.people["Dragan Petrović"])])
    page.fill("#message", message)
    page.select_option("#value", "better")
    submit(page, page.locator("main form button[type=submit]"))
    assert "/recognition/thanks/" in page.url
    card = page.locator("main article", has_text=message)
    assert "Blerta Gashi" in card.inner_text() and "Dragan Petrović" in card.inner_text()
    assert check_page(page) == []
    page.goto("/recognition/")
    assert page.locator("main article", has_text=message).count() == 1
    assert check_page(page) == []

    # One of them finds it on their page of thanks.
    sign_in(page, "communications", next_url=f"/recognition/people/{live_server.people['Blerta Gashi']}")
    assert page.locator("main article", has_text=message).count() == 1
    assert check_page(page) == []
    # ... and on their profile in the directory.
    page.goto(f"/directory/people/{live_server.people['Blerta Gashi']}")
    assert page.locator("main section article", has_text=message).count() == 1
    assert check_page(page) == []


def test_nominating_a_colleague(albanian, live_server):
    page, width = albanian
    # A colleague per width: the same nomination twice is the same nomination.
    nominee = {"1366px": "Dragan Petrović", "375px": "Emina Bajrami"}[width]
    sign_in(page, "employee")
    step = page.locator(".next-actions a", has_text="Nominoni një koleg")
    assert step.count() >= 1
    submit(page, step.first)
    assert "/recognition/cycles/" in page.url
    assert check_page(page) == []
    submit(page, page.locator("main a", has_text="Nominoni një koleg").first)
    assert check_page(page) == []
    page.select_option("#nominee", str(live_server.people[nominee]))
    submit(page, page.locator("main form button[type=submit]"))
    assert check_page(page) == []
    for index, area in enumerate(page.locator("main textarea").all()):
        area.fill(f"Arsyeja {index + 1} ({width}): punë e shkëlqyer me komunitetet.")
    submit(page, page.locator("main form button[type=submit]"))
    assert "/recognition/nominations/" in page.url
    assert page.locator("main h1", has_text=nominee).count() == 1
    assert page.locator("main", has_text=f"Arsyeja 1 ({width})").count() == 1
    assert check_page(page) == []


def _scoring_cycle(live_server, width):
    """A cycle whose committee scores: hr (chair), the cabinet and the director of Education; communications
    nominated an officer of Education, so the director may not score it."""
    from recognition.services import cycles

    with live_server.app.app_context():
        people = {role: db.session.scalar(db.select(Person).filter_by(name=name))
                  for role, name in ROLE_PEOPLE.items()}
        now = utcnow()
        cycle = cycles.save_cycle(
            people["hr"], None, year=now.year, names={"sq": f"Çmimet e provës {width}", "en": f"Test awards {width}"},
            opens=now - timedelta(days=1), closes=now + timedelta(days=5),
            decision_on=(now + timedelta(days=10)).date(), budget_eur=2500,
            member_ids=[people[r].id for r in ("hr", "cabinet", "director")], chair_id=people["hr"].id)
        category = cycles.add_category(people["hr"], cycle, {"sq": "Shërbimi ndaj qytetarëve"},
                                       [({"sq": "Rezultatet"}, 3), ({"sq": "Bashkëpunimi"}, 1)])
        cycles.open_nominations(people["hr"], cycle)
        nomination = cycles.nominate(people["communications"], category, people["employee"],
                                     {c.id: "Punë e mirë me prindërit." for c in category.criteria})
        cycles.close_nominations(people["hr"], cycle)
        return cycle.id, nomination.id


def test_a_committee_member_scores_and_a_conflicted_member_sees_why_not(albanian, live_server):
    page, width = albanian
    cycle_id, nomination_id = _scoring_cycle(live_server, width)

    sign_in(page, "hr")
    step = page.locator(".next-actions a", has_text="Vlerësoni")
    assert step.count() >= 1
    page.goto(f"/recognition/cycles/{cycle_id}/committee")
    assert check_page(page) == []
    submit(page, page.locator("main table a", has_text="Arta Rexhepi"))
    assert page.url.endswith(f"/recognition/nominations/{nomination_id}")
    assert page.locator("main .scores-hidden").count() == 1, "the cabinet has not scored: scores stay hidden"
    assert check_page(page) == []
    selects = page.locator("main form select").all()
    assert len(selects) == 2
    selects[0].select_option("5")
    selects[1].select_option("4")
    submit(page, page.locator("main form button[type=submit]"))
    assert page.url.endswith(f"/recognition/cycles/{cycle_id}/committee")
    assert page.locator("main table tr", has_text="Arta Rexhepi").locator("text=E vlerësuar").count() == 1
    assert check_page(page) == []

    sign_in(page, "director", next_url=f"/recognition/nominations/{nomination_id}")
    conflict = page.locator("main .conflict")
    assert "Ju e drejtoni njësinë e të nominuarit." in conflict.inner_text()
    assert page.locator("main form select").count() == 0
    assert check_page(page) == []


def test_the_fairness_view_draws_its_charts(albanian):
    page, _width = albanian
    sign_in(page, "hr", next_url="/recognition/fairness")
    assert page.locator("main figure.ura-chart").count() == 2
    page.wait_for_selector("main .ura-chart-canvas .main-svg")
    assert page.locator("main table", has_text="Drejtoria e Arsimit").count() >= 1
    assert check_page(page) == []


def _deciding_cycle(live_server, width):
    """A cycle whose category has two winners, three nominations scored by the committee, scoring closed."""
    from recognition.services import committee, cycles

    with live_server.app.app_context():
        people = {role: db.session.scalar(db.select(Person).filter_by(name=name))
                  for role, name in ROLE_PEOPLE.items()}
        nominees = [db.session.scalar(db.select(Person).filter_by(name=name))
                    for name in ("Dragan Petrović", "Emina Bajrami", "Arta Rexhepi")]
        # the Chief of Cabinet heads no unit: no conflict with any of them (the Mayor heads the cabinet's offices)
        chief = db.session.scalar(db.select(Person).filter_by(name="Mimoza Krasniqi"))
        now = utcnow()
        cycle = cycles.save_cycle(
            people["hr"], None, year=now.year, names={"sq": f"Çmimet e ekipeve {width}"},
            opens=now - timedelta(days=1), closes=now + timedelta(days=5),
            decision_on=(now + timedelta(days=10)).date(), budget_eur=2500,
            member_ids=[people["hr"].id, chief.id], chair_id=people["hr"].id)
        category = cycles.add_category(people["hr"], cycle, {"sq": "Bashkëpunimi"}, [({"sq": "Rezultatet"}, 1)],
                                       winners=2)
        cycles.open_nominations(people["hr"], cycle)
        found = [cycles.nominate(people["communications"], category, nominee, {category.criteria[0].id: "Punë e mirë."})
                 for nominee in nominees]
        cycles.close_nominations(people["hr"], cycle)
        for member in (people["hr"], chief):
            for value, nomination in zip((5, 4, 3), found, strict=True):
                committee.score(member, nomination, {category.criteria[0].id: value})
        return cycle.id, category.id, [n.id for n in found]


def test_hr_changes_the_committee_and_the_cabinet_chooses_two_winners(albanian, live_server):
    page, width = albanian
    cycle_id, category_id, nominations = _deciding_cycle(live_server, width)

    sign_in(page, "hr", next_url=f"/recognition/cycles/{cycle_id}/members")
    assert check_page(page) == []
    page.select_option("#person", str(live_server.people["Fatmir Kelmendi"]))
    submit(page, page.locator("main form button", has_text="Shtoni në komision"))
    assert page.locator("main table tr", has_text="Fatmir Kelmendi").count() == 1
    assert check_page(page) == []
    # ... and hr removes them again (they have scored nothing).
    submit(page, page.locator("main table tr", has_text="Fatmir Kelmendi").locator("button", has_text="Hiqni"))
    assert page.locator("main table tr", has_text="Fatmir Kelmendi").count() == 0
    # The cycle form offers to tell nominees at once (off unless hr turns it on).
    page.goto("/recognition/cycles/new")
    assert not page.locator("#tell_nominees").is_checked()
    assert check_page(page) == []
    page.goto(f"/recognition/cycles/{cycle_id}")
    submit(page, page.locator("main form button", has_text="Mbyllni vlerësimin"))

    sign_in(page, "cabinet", next_url=f"/recognition/cycles/{cycle_id}/categories/{category_id}/decide")
    assert page.locator("#winner_1").input_value() == str(nominations[0])
    assert page.locator("#winner_2").input_value() == str(nominations[1])
    assert check_page(page) == []
    page.select_option("#winner_2", str(nominations[2]))
    page.fill("#justification_1_sq", "Për rezultatet e ekipit.")
    page.fill("#justification_2_sq", "Për bashkëpunimin me të gjitha drejtoritë.")
    submit(page, page.locator("main form button[type=submit]"))
    assert page.locator("#reason-error").count() == 1, "a colleague not chosen has a higher score"
    assert page.locator("#justification_2_sq").input_value() == "Për bashkëpunimin me të gjitha drejtoritë."
    assert check_page(page) == []
    page.fill("#reason", "Bashkëpunimi me drejtoritë peshon më shumë.")
    submit(page, page.locator("main form button[type=submit]"))
    assert page.url.endswith(f"/recognition/cycles/{cycle_id}")
    assert check_page(page) == []
