"""hr builds a survey with one question of every kind by clicking and typing in the builder,
in Albanian, once with the page's script (kinds show their fields at once, rows are added,
moved and removed on the page, Enter saves) and once without JavaScript (the same buttons
post the form and it comes back with everything typed); then sees every question in the
preview. axe-core checks the builder pages at 1366 and 375 CSS pixels (with the script: axe
runs as a script itself).
"""

from __future__ import annotations

import os
import re

import pytest

from intranet.extensions import db
from surveys.models import QUESTION_KINDS, Question
from tests.e2e.browser import ROLE_PEOPLE, PageWatch, check_page, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

SHOTS = os.environ.get("URA_SHOTS")  # a folder to save screenshots in, when set
#: the question each kind is built with (Albanian first: the key is made from it)
TEXTS = {kind: (f"Pyetja {number}: {kind.replace('_', ' ')}", f"Pitanje {number}", f"Question {number}")
         for number, kind in enumerate(QUESTION_KINDS, start=1)}


def click(page, selector: str) -> None:
    with page.expect_navigation():
        page.locator(selector).first.click()


def shot(page, name: str) -> None:
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def accessible_at_both_sizes(page, name: str) -> None:
    for width, height in ((1366, 900), (375, 800)):
        page.set_viewport_size({"width": width, "height": height})
        assert check_page(page) == [], f"{name} at {width} px"
        assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{name} scrolls sideways at {width}"
        shot(page, f"{name}-{width}")
    page.set_viewport_size({"width": 1366, "height": 900})


def new_survey_with_a_section(page, title: str) -> int:
    sign_in(page, ROLE_PEOPLE["hr"], "/surveys/manage")
    assert page.locator("html").get_attribute("lang") == "sq"
    page.check("input[name='start'][value='blank']")
    page.fill("#title_sq", title)
    click(page, "main form[action$='/manage/new'] button[type='submit']")
    survey_id = int(re.search(r"/surveys/(\d+)/edit", page.url).group(1))
    click(page, f"main a[href='/surveys/{survey_id}/sections/new']")
    page.fill("#title_sq", "Faqja e parë")
    page.fill("#title_sr", "Prva strana")
    page.fill("#title_en", "First page")
    click(page, "main form button[type='submit']")
    return survey_id


def open_new_question(page, survey_id: int, kind: str) -> None:
    """The overview's "Add a question" with the kind chosen there."""
    page.goto(f"/surveys/{survey_id}/edit")
    page.select_option("main form[action$='/questions/new'] select[name='kind']", kind)
    click(page, "main form[action$='/questions/new'] button[type='submit']")
    assert "/questions/new" in page.url


def type_texts(page, kind: str) -> None:
    for code, text in zip(("sq", "sr", "en"), TEXTS[kind], strict=True):
        page.locator(f"#text_{code}").press_sequentially(text)


def type_row(page, group: str, index: int, word: str) -> None:
    for code, suffix in (("sq", ""), ("sr", " (sr)"), ("en", " (en)")):
        page.fill(f"#{group}-{index}-text_{code}", word + suffix)


def saved(page) -> None:
    assert re.search(r"/surveys/\d+/edit", page.url), f"not saved: {page.url}"


def stored(live_server, survey_id: int) -> dict[str, Question]:
    with live_server.app.app_context():
        return {q.kind: q for q in db.session.scalars(db.select(Question).filter_by(survey_id=survey_id))}


def row_values(page, group: str) -> list[str]:
    return page.locator(f"[data-rows='{group}'] input[name$='-text_sq']").evaluate_all(
        "boxes => boxes.map(box => box.value)")


def test_hr_builds_every_kind_with_the_script_and_sees_them_in_the_preview(page, live_server):
    survey_id = new_survey_with_a_section(page, "Anketa e ndërtuesit")
    for kind in QUESTION_KINDS:
        open_new_question(page, survey_id, "likert5" if kind in ("single", "grid") else kind)
        groups = {group: page.locator(f"#{group}-group") for group in ("options", "items", "units")}
        if kind in ("single", "grid"):  # chosen again on the page: the fields change at once
            assert not any(group.is_visible() for group in groups.values())
            page.select_option("#kind", kind)
        shown = {"single": "options", "multiple": "options", "grid": "items", "unit_matrix": "units"}.get(kind)
        assert {name for name, group in groups.items() if group.is_visible()} == ({shown} if shown else set())
        type_texts(page, kind)
        if kind in ("single", "multiple"):
            type_row(page, "options", 0, "Email")
            type_row(page, "options", 1, "Teams")
            url = page.url
            page.click("#edit-options-add")
            assert page.url == url, "the script adds the row on the page"
            assert page.evaluate("document.activeElement.id") == "options-2-text_sq"
            page.keyboard.type("Tabela")
            type_row(page, "options", 2, "Tabela")
            page.click("#edit-options-2-up")
            assert row_values(page, "options") == ["Email", "Tabela", "Teams"]
            assert page.evaluate("document.activeElement.id") == "edit-options-1-up"
            assert page.locator("[data-rows-status='options']").inner_text() == "U zhvendos në vendin 2."
            page.click("#edit-options-0-remove")
            assert row_values(page, "options") == ["Tabela", "Teams"]
            assert page.locator("label[for='options-0-text_sq']").inner_text().startswith("Opsioni 1")
        if kind == "grid":
            page.select_option("#scale", "likert7")
            type_row(page, "items", 0, "Të qarta")
            page.fill("#items-1-text_en", "On time")  # not in Albanian yet: refused beside the box
            accessible_at_both_sizes(page, "question-grid")
            click(page, "#question-form button[name='save'].btn-primary")
            assert page.locator("#items-1-text_sq-error").is_visible()
            assert page.locator("#error-summary a[href='#items-1-text_sq']").count() == 1
            assert page.input_value("#items-1-text_en") == "On time" and page.input_value("#scale") == "likert7"
            assert page.locator("#items-group").is_visible() and not page.locator("#options-group").is_visible()
            accessible_at_both_sizes(page, "question-grid-refused")
            type_row(page, "items", 1, "Në kohë")
        if kind == "long_text":  # shown only after a "yes" to the yes/no question
            yes = page.locator("input[name='condition_equals'][value='pyetja-6-yesno=yes']")
            assert not yes.is_visible()
            page.select_option("#condition_question", "pyetja-6-yesno")
            yes.check()
        if kind == "multiple":  # Enter in a box saves the question (not a row button)
            with page.expect_navigation():
                page.press("#options-1-text_en", "Enter")
        else:
            click(page, "#question-form button[name='save'].btn-primary")
        saved(page)
    accessible_at_both_sizes(page, "overview")

    questions = stored(live_server, survey_id)
    assert set(questions) == set(QUESTION_KINDS)
    assert questions["single"].key == "pyetja-3-single"
    assert [o["key"] for o in questions["single"].options] == ["tabela", "teams"]
    assert [o["labels"]["sr"] for o in questions["multiple"].options] == ["Tabela (sr)", "Teams (sr)"]
    assert questions["grid"].scale == "likert7" and [i["key"] for i in questions["grid"].items] == [
        "te-qarta", "ne-kohe"]
    assert questions["unit_matrix"].items, "the directorates are chosen to begin with"
    assert questions["long_text"].condition == {"question": "pyetja-6-yesno", "equals": ["yes"]}

    # the preview shows every question as a respondent sees it
    page.goto(f"/surveys/{survey_id}/preview?lang=sq")
    main = page.locator("main")
    for kind in QUESTION_KINDS:
        assert main.get_by_text(TEXTS[kind][0]).count() >= 1, kind
    for label in ("Tabela", "Teams", "Të qarta", "Në kohë"):
        assert main.get_by_text(label, exact=True).count() >= 1, label
    assert check_page(page) == []
    shot(page, "preview")


def test_hr_builds_choices_and_a_grid_without_javascript(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1366, "height": 900},
                                  locale="sq-AL", timezone_id="Europe/Belgrade", java_script_enabled=False)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.watch = PageWatch(page)
    try:
        survey_id = new_survey_with_a_section(page, "Anketa pa skript")
        # a single choice: the row buttons post the form and it comes back as typed
        open_new_question(page, survey_id, "single")
        type_texts(page, "single")
        type_row(page, "options", 0, "Email")
        type_row(page, "options", 1, "Teams")
        click(page, "#edit-options-add")
        assert page.evaluate("document.activeElement.id") == "options-2-text_sq"
        assert page.input_value("#text_sr") == TEXTS["single"][1] and page.input_value("#options-1-text_en") == (
            "Teams (en)")
        type_row(page, "options", 2, "Tabela")
        click(page, "#edit-options-0-down")
        assert row_values(page, "options") == ["Teams", "Email", "Tabela"]
        click(page, "#edit-options-2-remove")
        assert row_values(page, "options") == ["Teams", "Email"]
        click(page, "#question-form button[name='save'].btn-primary")
        saved(page)

        # a grid chosen on the page: saving asks for what a grid needs, nothing typed is lost
        open_new_question(page, survey_id, "likert5")
        assert not page.locator("#items-group").is_visible()
        type_texts(page, "grid")
        page.select_option("#kind", "grid")
        click(page, "#question-form button[name='save'].btn-primary")
        summary = page.locator("#error-summary")
        assert summary.is_visible() and summary.locator("a[href='#items-group']").count() == 1
        assert page.locator("#items-group").is_visible() and page.input_value("#text_en") == TEXTS["grid"][2]
        shot(page, "question-refused-without-js")  # (axe-core needs the script: checked in the test above)
        type_row(page, "items", 0, "Të qarta")
        page.fill("#items-1-text_sr", "Na vreme")  # no Albanian: refused beside the box
        click(page, "#question-form button[name='save'].btn-primary")
        assert page.locator("#items-1-text_sq-error").is_visible()
        assert page.locator("#error-summary a[href='#items-1-text_sq']").count() == 1
        assert page.input_value("#items-1-text_sr") == "Na vreme"
        page.fill("#items-1-text_sq", "Në kohë")
        click(page, "#question-form button[name='save'].btn-primary")
        saved(page)
    finally:
        context.close()
    questions = stored(live_server, survey_id)
    assert [o["key"] for o in questions["single"].options] == ["teams", "email"]
    assert [i["labels"].get("sr") for i in questions["grid"].items] == ["Të qarta (sr)", "Na vreme"]
