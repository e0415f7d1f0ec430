"""The question form as the builder page draws it: every kind added and edited, rows of options
and statements added, moved and removed without JavaScript, refusals beside their field.

Every request sends what the rendered page offers (tests.forms.PageForm), as a browser would.
"""

import re

import pytest

from intranet.extensions import db
from surveys.models import QUESTION_KINDS, Question, Survey
from tests.forms import PageForm


def page(response) -> str:
    return response.get_data(as_text=True)


def new_question(client, survey, kind, section=0) -> tuple[PageForm, str]:
    """The "Add a question" form for `kind`, as the overview's "Add a question" button opens it."""
    section_id = survey.sections[section].id
    response = client.get(f"/surveys/{survey.id}/sections/{section_id}/questions/new?kind={kind}")
    assert response.status_code == 200
    html = page(response)
    return PageForm(html, action=f"/surveys/{survey.id}/sections/{section_id}/questions/new"), html


def edit_question(client, question) -> tuple[PageForm, str]:
    url = f"/surveys/{question.survey_id}/questions/{question.id}"
    response = client.get(url)
    assert response.status_code == 200
    html = page(response)
    return PageForm(html, action=url), html


def redraw(form: PageForm, client, button: str) -> tuple[PageForm, str]:
    """Press a row button: the page comes back with the rows changed, nothing saved."""
    response = form.submit(client, button=button)
    assert response.status_code == 200, page(response)
    html = page(response)
    return PageForm(html, action=form.action), html


def texts(form: PageForm, name: str, word: str) -> PageForm:
    return form.fill(**{f"{name}_sq": word, f"{name}_sr": f"{word} (sr)", f"{name}_en": f"{word} (en)"})


def saved(survey_id: int, key: str) -> Question:
    db.session.expire_all()
    return db.session.scalar(db.select(Question).filter_by(survey_id=survey_id, key=key))


def hidden_groups(html: str) -> set[str]:
    return set(re.findall(r'<fieldset[^>]*id="(\w+)-group"[^>]*\bhidden\b', html))


#: per kind: what a person fills besides the question's text, and what is then stored
FILL = {
    "single": lambda f: texts(texts(f, "options-0-text", "Email"), "options-1-text", "Teams"),
    "multiple": lambda f: texts(texts(f, "options-0-text", "Email"), "options-1-text", "Teams"),
    "grid": lambda f: texts(texts(f, "items-0-text", "Clear"), "items-1-text", "On time").fill(scale="likert7"),
}


@pytest.mark.parametrize("kind", QUESTION_KINDS)
def test_every_kind_is_added_and_edited_through_the_page(client_as, people, make_survey, kind):
    survey = make_survey()
    client = client_as(people["hr"])
    form, html = new_question(client, survey, kind)
    shown = {"single": "options", "multiple": "options", "grid": "items", "unit_matrix": "units"}.get(kind)
    assert hidden_groups(html) == {"options", "items", "units"} - {shown}
    texts(form, "text", "How clear are the weekly news")
    FILL.get(kind, lambda f: f)(form)
    if kind == "likert5":
        form.fill(dimension="top_down").check("required", "y")
    response = form.submit(client, button="save")
    assert response.status_code == 302, page(response)
    question = saved(survey.id, "how-clear-are-the-weekly-news")
    assert question is not None and question.kind == kind
    assert question.texts == {"sq": "How clear are the weekly news", "sr": "How clear are the weekly news (sr)",
                              "en": "How clear are the weekly news (en)"}
    expected = {
        "single": ("options", [("email", "Email"), ("teams", "Teams")]),
        "multiple": ("options", [("email", "Email"), ("teams", "Teams")]),
        "grid": ("items", [("clear", "Clear"), ("on-time", "On time")]),
    }
    if kind in expected:
        attribute, rows = expected[kind]
        assert [(r["key"], r["labels"]["sq"]) for r in getattr(question, attribute)] == rows
    assert question.options == [] or kind in ("single", "multiple")
    assert question.scale == ("likert7" if kind == "grid" else None)
    if kind == "unit_matrix":  # the directorates are chosen to begin with
        assert question.items == [{"key": "OTH"}, {"key": "OWN"}]
    if kind == "likert5":
        assert question.required and question.dimension == "top_down"

    # hr corrects the wording: the key stays, so the years still compare
    form, _html = edit_question(client, question)
    form.fill(text_sq="Sa të qarta janë lajmet javore?")
    if kind in expected:
        attribute = expected[kind][0]
        form.fill(**{f"{attribute}-0-text_en": "Corrected"})
    response = form.submit(client, button="save")
    assert response.status_code == 302, page(response)
    question = saved(survey.id, "how-clear-are-the-weekly-news")
    assert question.texts["sq"] == "Sa të qarta janë lajmet javore?"
    if kind in expected:
        rows = getattr(question, expected[kind][0])
        assert [r["key"] for r in rows] == [key for key, _label in expected[kind][1]]
        assert rows[0]["labels"]["en"] == "Corrected"


def test_option_rows_are_added_moved_and_removed_without_javascript(client_as, people, make_survey):
    survey = make_survey()
    client = client_as(people["hr"])
    form, _html = new_question(client, survey, "single")
    texts(form, "text", "Where do you hear news first")
    texts(texts(form, "options-0-text", "Email"), "options-1-text", "Teams")
    form, html = redraw(form, client, "edit-options-add")
    assert form.get("options-1-text_sr") == "Teams (sr)" and form.get("text_en") == "Where do you hear news first (en)"
    assert form.get("options-2-text_sq") == "" and re.search(r'id="options-2-text_sq"[^>]*autofocus', html)
    texts(form, "options-2-text", "Notice board")
    form, html = redraw(form, client, "edit-options-2-up")
    assert [form.get(f"options-{i}-text_sq") for i in range(3)] == ["Email", "Notice board", "Teams"]
    assert re.search(r'id="edit-options-1-up"[^>]*autofocus', html)
    form, _html = redraw(form, client, "edit-options-0-remove")
    assert [form.get(f"options-{i}-text_sq") for i in range(2)] == ["Notice board", "Teams"]
    assert "options-2-text_en" not in form.names()
    response = form.submit(client, button="save")
    assert response.status_code == 302, page(response)
    question = saved(survey.id, "where-do-you-hear-news-first")
    assert [o["key"] for o in question.options] == ["notice-board", "teams"]
    assert question.options[0]["labels"] == {"sq": "Notice board", "sr": "Notice board (sr)",
                                             "en": "Notice board (en)"}


def test_grid_statements_keep_their_keys_when_reordered_and_a_new_one_gets_its_own(client_as, people,
                                                                                   make_survey):
    survey = make_survey()
    client = client_as(people["hr"])
    grid = next(q for q in survey.questions if q.kind == "grid")
    form, html = edit_question(client, grid)
    assert "items" not in hidden_groups(html) and form.get("scale") == "likert5"
    form, _html = redraw(form, client, "edit-items-1-up")
    form, _html = redraw(form, client, "edit-items-add")
    texts(form, "items-2-text", "Clear")  # the same words as an existing key: the new key differs
    response = form.submit(client, button="save")
    assert response.status_code == 302, page(response)
    items = saved(survey.id, "grid").items
    assert [i["key"] for i in items] == ["timely", "clear", "clear-2"]
    assert items[0]["labels"]["en"] == "Timely" and items[2]["labels"]["sr"] == "Clear (sr)"


def test_a_refusal_is_shown_beside_the_box_and_in_the_summary_keeping_the_input(client_as, people, make_survey):
    survey = make_survey()
    client = client_as(people["hr"])
    form, _html = new_question(client, survey, "multiple")
    texts(form, "text", "Which channels do you use")
    texts(form, "options-0-text", "Email")
    form.fill(**{"options-1-text_sr": "Oglasna tabla", "options-1-text_en": "Notice board"})
    response = form.submit(client, button="save")
    assert response.status_code == 400
    html = page(response)
    summary = html[html.index('id="error-summary"'):html.index("</div>", html.index('id="error-summary"'))]
    assert 'href="#options-1-text_sq"' in summary and "Option 2 (Albanian)" in summary
    assert "Write this in Shqip." in summary
    assert re.search(r'id="options-1-text_sq-error"[^>]*>Write this in Shqip\.', html)
    again = PageForm(html, action=form.action)
    assert again.get("options-1-text_en") == "Notice board" and again.get("options-0-text_sr") == "Email (sr)"
    assert again.get("text_en") == "Which channels do you use (en)"
    assert saved(survey.id, "which-channels-do-you-use") is None

    # the question's own text missing in Albanian: the message beside that box
    again.fill(text_sq="", **{"options-1-text_sq": "Tabela e shpalljeve"})
    response = again.submit(client, button="save")
    html = page(response)
    assert response.status_code == 400 and 'href="#text_sq"' in html
    assert re.search(r'id="text_sq-error"[^>]*>Write this in Shqip\.', html)


def test_changing_the_kind_without_javascript_asks_for_what_the_new_kind_needs(client_as, people, make_survey):
    survey = make_survey()
    client = client_as(people["hr"])
    works = next(q for q in survey.questions if q.key == "works")
    form, html = edit_question(client, works)
    assert hidden_groups(html) == {"options", "items", "units"}
    response = form.fill(kind="single").submit(client, button="save")
    assert response.status_code == 400
    html = page(response)
    assert "Give at least two options." in html and "options" not in hidden_groups(html)
    form = PageForm(html, action=form.action)
    texts(texts(form, "options-0-text", "Yes, weekly"), "options-1-text", "Rarely")
    assert form.submit(client, button="save").status_code == 302
    question = saved(survey.id, "works")
    assert question.kind == "single" and [o["key"] for o in question.options] == ["yes-weekly", "rarely"]


def test_the_same_form_sent_twice_adds_one_question(client_as, people, make_survey):
    survey = make_survey()
    client = client_as(people["hr"])
    form, _html = new_question(client, survey, "single")
    texts(texts(texts(form, "text", "Which channel"), "options-0-text", "Email"), "options-1-text", "Teams")
    first, second = form.submit(client, button="save"), form.submit(client, button="save")  # a double click
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    db.session.expire_all()
    assert [q.key for q in db.session.get(Survey, survey.id).questions].count("which-channel") == 1
    assert saved(survey.id, "which-channel-2") is None
    # the same text with other options is another question
    form.fill(**{"options-1-text_sq": "Takimet"})
    assert form.submit(client, button="save").status_code == 302
    assert [o["labels"]["sq"] for o in saved(survey.id, "which-channel-2").options] == ["Email", "Takimet"]


def test_the_key_is_made_unique_and_can_be_set_under_advanced(client_as, people, make_survey):
    survey = make_survey()
    client = client_as(people["hr"])
    for section, expected in ((0, "anything-else"), (1, "anything-else-2")):
        form, html = new_question(client, survey, "long_text", section=section)
        assert re.search(r"<details[^>]*>\s*<summary>Advanced", html)
        texts(form, "text", "Anything else?")
        assert form.submit(client, button="save").status_code == 302
        assert saved(survey.id, expected) is not None
    form, _html = new_question(client, survey, "yesno")
    texts(form, "text", "Do you read the bulletin").fill(key="informed")
    response = form.submit(client, button="save")
    html = page(response)
    assert response.status_code == 400 and "Another question of this survey has this key." in html
    assert re.search(r"<details[^>]*\bopen\b", html) and 'href="#key"' in html
    form = PageForm(html, action=form.action).fill(key="reads-bulletin")
    assert form.submit(client, button="save").status_code == 302
    assert saved(survey.id, "reads-bulletin").kind == "yesno"


def test_a_unit_matrix_needs_a_unit_and_a_condition_its_answers(client_as, people, make_survey):
    survey = make_survey()
    client = client_as(people["hr"])
    form, _html = new_question(client, survey, "unit_matrix", section=1)
    texts(form, "text", "Cooperation").uncheck("units")
    response = form.submit(client, button="save")
    html = page(response)
    assert response.status_code == 400 and 'href="#units-group"' in html and "Choose at least one unit." in html
    assert re.search(r'data-condition-for="meetings"[^>]*hidden', html)
    form = PageForm(html, action=form.action).check("units", "OWN")
    form.check("condition_equals", "channel=email")  # a hidden box of another question: ignored
    form.fill(condition_question="meetings")
    response = form.submit(client, button="save")
    html = page(response)
    assert response.status_code == 400 and "Choose the answers that show this question." in html
    assert 'href="#condition_equals"' in html and not re.search(r'data-condition-for="meetings"[^>]*hidden', html)
    assert re.search(r'value="channel=email"[^>]*checked', html)  # kept as ticked
    assert "Yes</label>" in html and "4 · Agree</label>" in html
    response = PageForm(html, action=form.action).check("condition_equals", "meetings=yes").submit(
        client, button="save")
    assert response.status_code == 302
    question = saved(survey.id, "cooperation")
    assert question.items == [{"key": "OWN"}] and question.condition == {"question": "meetings", "equals": ["yes"]}


def test_an_open_survey_lets_labels_be_corrected_but_draws_no_row_buttons(client_as, people, open_survey):
    client = client_as(people["hr"])
    channel = next(q for q in open_survey.questions if q.key == "channel")
    form, _html = edit_question(client, channel)
    assert not [name for name in form.names() if name.startswith("edit-")]
    form.fill(**{"options-0-text_en": "E-mail"})
    assert form.submit(client, button="save").status_code == 302
    assert saved(open_survey.id, "channel").options[0] == {
        "key": "email", "labels": {"sq": "Email (sq)", "sr": "Email (sr)", "en": "E-mail"}}
    form, _html = edit_question(client, channel)
    response = form.fill(kind="multiple").submit(client, button="save")
    assert response.status_code == 400 and "only texts, help and labels can be corrected" in page(response)
    assert db.session.get(Survey, open_survey.id).questions[2].kind == "single"


def test_a_condition_is_shown_ticked_and_kept_when_the_question_is_saved_again(client_as, people, make_survey):
    survey = make_survey()
    client = client_as(people["hr"])
    useful = next(q for q in survey.questions if q.key == "meetings_useful")
    form, html = edit_question(client, useful)
    assert form.get("condition_question") == "meetings" and form.get_all("condition_equals") == ["meetings=yes"]
    assert "6. Question meetings" in html  # earlier questions by number and text, not by key
    form.uncheck("condition_equals").check("condition_equals", "meetings=no")
    assert form.submit(client, button="save").status_code == 302
    assert saved(survey.id, "meetings_useful").condition == {"question": "meetings", "equals": ["no"]}
    assert "shown when the answer to question 6 is: No" in page(client.get(f"/surveys/{survey.id}/edit"))
    form, _html = edit_question(client, useful)
    assert form.fill(condition_question="").submit(client, button="save").status_code == 302
    assert saved(survey.id, "meetings_useful").condition is None
