"""The built-in annual communication survey template: complete, and checked before use."""

from __future__ import annotations

import copy

import pytest

from surveys.models import GRID, LIKERT5, LONG_TEXT, QUESTION_KINDS, RATING10, TEXT_KINDS, UNIT_MATRIX
from surveys.services.dimensions import DIRECTIONS, direction_of
from surveys.services.template import (
    TemplateError,
    load_template,
    template_languages,
    template_names,
    validate_template,
)

THE_EIGHT = ("organisational_perspective", "personal_feedback", "organisational_integration", "supervisor",
             "subordinates", "climate", "horizontal", "media_quality")


def questions(template: dict) -> list[dict]:
    return [question for section in template["sections"] for question in section["questions"]]


def scale_items(template: dict) -> list[tuple[str, str]]:
    """(key, dimension) of everything answered on an agreement scale: single items and grid rows."""
    found = []
    for question in questions(template):
        if question["kind"] == LIKERT5:
            found.append((question["key"], question["dimension"]))
        elif question["kind"] == GRID:
            found += [(f"{question['key']}.{item['key']}", question["dimension"]) for item in question["items"]]
    return found


@pytest.fixture
def template():
    return load_template("annual-communication")


def test_the_annual_template_is_built_in_and_the_default():
    assert "annual-communication" in template_names()
    assert load_template() == load_template("annual-communication")


def test_it_has_about_thirty_items_on_pages_of_a_sensible_size(template):
    assert template["series"] == "staff-communication"
    assert template["collect_manager"] and template["collect_tenure"]
    assert 5 <= len(template["sections"]) <= 8
    assert 27 <= len(scale_items(template)) <= 36
    for section in template["sections"]:
        assert 1 <= len(section["questions"]) <= 8


def test_every_text_exists_in_albanian_serbian_and_english(template):
    texts = [template["titles"], template["intros"]]
    for section in template["sections"]:
        texts += [section["titles"], section["intros"]]
        for question in section["questions"]:
            texts.append(question["texts"])
            if question["helps"]:
                texts.append(question["helps"])
            texts += [entry["labels"] for entry in question["options"] + question["items"]]
    languages = template_languages(template)
    assert set(languages) == {"sq", "sr", "en"}
    for text in texts:
        assert set(text) == set(languages)
        assert all(text[lang].strip() for lang in languages)
    # the three languages say different things in different words, not one language copied
    assert len({template["titles"][lang] for lang in languages}) == 3


def test_it_covers_the_eight_dimensions_and_the_three_directions(template):
    dimensions = {dimension for _key, dimension in scale_items(template)}
    assert set(THE_EIGHT) <= dimensions
    assert {"channels", "recognition"} <= {q["dimension"] for q in questions(template)}
    assert {direction_of(dimension) for dimension in dimensions} == set(DIRECTIONS)


def test_every_question_has_a_stable_key_and_a_dimension(template):
    keys = [question["key"] for question in questions(template)]
    assert len(keys) == len(set(keys))
    for question in questions(template):
        assert question["dimension"]
        assert question["kind"] in QUESTION_KINDS
        # scales must be answered; what people write is up to them
        assert question["required"] is (question["kind"] not in TEXT_KINDS + (UNIT_MATRIX,))


def test_it_asks_about_the_strategys_channels_and_meetings(template):
    english = " ".join(
        [q["texts"]["en"] for q in questions(template)]
        + [item["labels"]["en"] for q in questions(template) for item in q["items"]]
    ).lower()
    for topic in ("official email", "teams", "bulletins", "intranet", "general meetings", "directors' meeting",
                  "sector", "thanked", "merit"):
        assert topic in english, topic


def test_the_unit_matrix_enps_and_two_open_questions(template):
    by_kind = {}
    for question in questions(template):
        by_kind.setdefault(question["kind"], []).append(question)
    [matrix] = by_kind[UNIT_MATRIX]
    assert matrix["items"] == []  # the builder fills in the units of the organisation
    assert "each of these units" in matrix["texts"]["en"]
    [enps] = by_kind[RATING10]
    assert enps["dimension"] == "engagement" and "recommend" in enps["texts"]["en"]
    opens = by_kind[LONG_TEXT]
    assert len(opens) == 2 and not any(q["required"] for q in opens)
    assert {"single", "yesno"} <= set(by_kind)


def test_the_managers_questions_show_only_to_those_who_supervise(template):
    conditional = [q for q in questions(template) if q["condition"]]
    assert conditional and all(q["dimension"] == "subordinates" for q in conditional)
    earlier = {q["key"]: q for q in questions(template)}
    assert earlier[conditional[0]["condition"]["question"]]["kind"] == "yesno"


# --- the validator refuses what the builder could not use ---------------------------------

def broken(change) -> dict:
    data = copy.deepcopy(load_template())
    change(data)
    return data


def first_question(data: dict) -> dict:
    return data["sections"][0]["questions"][0]


def find(data: dict, key: str) -> dict:
    return next(q for q in questions(data) if q["key"] == key)


def set_first(field, value):
    return lambda data: first_question(data).__setitem__(field, value)


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d["titles"].pop("sr"), "titles: missing in sr"),
    (lambda d: first_question(d)["texts"].__setitem__("en", "  "), "texts: missing in en"),
    (lambda d: d["sections"][1]["intros"].pop("sq"), "section 2 intros: missing in sq"),
    (lambda d: find(d, "ch-channels")["items"][0]["labels"].pop("sr"), "item 'email-clear': missing in sr"),
    (lambda d: find(d, "ch-first-source")["options"][1]["labels"].pop("en"), "option 'meetings': missing in en"),
    (set_first("key", "td-job-information"), "key 'td-job-information' is used twice"),
    (set_first("key", "Not A Key!"), "a key of lower-case words"),
    (set_first("kind", "slider"), "unknown kind 'slider'"),
    (set_first("dimension", "happiness"), "unknown dimension 'happiness'"),
    (set_first("required", "yes"), "required must be true or false"),
    (lambda d: find(d, "ch-first-source").__setitem__("options", []), "needs at least two options"),
    (lambda d: find(d, "ch-channels").__setitem__("items", []), "a grid needs at least one item"),
    (lambda d: find(d, "ch-channels").__setitem__("scale", None), "a grid needs a scale"),
    (lambda d: find(d, "ch-channels")["items"][1].__setitem__("key", "email-clear"), "is used twice"),
    (lambda d: find(d, "lat-unit-matrix").__setitem__("items", [{"key": "DA", "labels": {}}]),
     "a unit matrix's items are left empty"),
    (set_first("options", [{"key": "a", "labels": {"sq": "a", "sr": "a", "en": "a"}}]), "only single and multiple"),
    (set_first("condition", {"question": "enps-recommend", "equals": ["10"]}), "not an earlier question"),
    (lambda d: find(d, "mgr-staff").__setitem__("condition", {"question": "mgr-supervises", "equals": ["maybe"]}),
     "are not answers of 'mgr-supervises'"),
    (lambda d: find(d, "mgr-staff").__setitem__("condition", {"question": "mgr-supervises"}), "a condition is"),
    (lambda d: d["sections"][2].__setitem__("questions", []), "section 3: at least one question"),
    (lambda d: d.__setitem__("collect_tenure", "no"), "collect_tenure: true or false"),
    (lambda d: d.__setitem__("series", ""), "series: a key"),
])
def test_the_validator_refuses_a_broken_template(change, message):
    with pytest.raises(TemplateError) as refused:
        validate_template(broken(change), name="broken")
    assert message in str(refused.value)
    assert "survey template 'broken' is not valid" in str(refused.value)


def test_the_validator_lists_every_problem_at_once():
    def two_problems(data):
        data["titles"].pop("en")
        first_question(data)["kind"] = "slider"

    with pytest.raises(TemplateError) as refused:
        validate_template(broken(two_problems))
    assert len(refused.value.problems) == 2


def test_an_unknown_template_is_refused_clearly():
    with pytest.raises(TemplateError, match="no built-in template"):
        load_template("../models")
    with pytest.raises(TemplateError, match="no built-in template"):
        load_template("quarterly")
