"""Built-in survey templates: JSON files in surveys/content/, checked before use.

A template is plain data in the shape the builder consumes (see
`surveys.services.building.create_from_template`): the survey's titles and intros, the
breakdowns it collects, and its sections with their questions. Every text exists
in each of the languages the template is written for, so a survey made from it can
open at once. `load_template` refuses a template that is not complete and says
every problem it found, with where it is.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from surveys.models import GRID, LIKERT5, LIKERT7, MULTIPLE, QUESTION_KINDS, SINGLE, UNIT_MATRIX, YESNO
from surveys.services.dimensions import DIMENSIONS

CONTENT = Path(__file__).parent.parent / "content"


#: question and option keys: lower-case words joined by "-" or "_", at most 64 characters
KEY = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")

#: what a condition on a yes/no question compares with
YESNO_VALUES = ("yes", "no")

CHOICE_KINDS = (SINGLE, MULTIPLE)
SCALES = (LIKERT5, LIKERT7)


class TemplateError(ValueError):
    """A template that cannot be used; `problems` lists each one with where it is."""

    def __init__(self, name: str, problems: list[str]):
        self.problems = problems
        super().__init__(f"survey template {name!r} is not valid:\n- " + "\n- ".join(problems))


def template_names() -> list[str]:
    """The built-in templates, by name (file name without extension)."""
    return sorted(path.stem for path in CONTENT.glob("*.json"))


def template_languages(data: dict) -> tuple[str, ...]:
    """The languages a template says it is written in (its "languages" list); every text has each."""
    languages = data.get("languages") if isinstance(data, dict) else None
    if not isinstance(languages, list) or not all(isinstance(code, str) and code for code in languages):
        return ()
    return tuple(languages)


def load_template(name: str = "annual-communication") -> dict:
    """Read the built-in template `name` and return it, once it is valid (else `TemplateError`)."""
    if not KEY.match(name) or name not in template_names():
        raise TemplateError(name, [f"there is no built-in template of that name (known: {template_names()})"])
    path = CONTENT / f"{name}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise TemplateError(name, [f"{path.name} is not valid JSON: {exc}"]) from exc
    validate_template(data, name=name)
    return data


def validate_template(data, name: str = "template") -> None:
    """Raise `TemplateError` listing every problem of `data`; return None when it is valid."""
    problems: list[str] = []
    if not isinstance(data, dict):
        raise TemplateError(name, ["the template must be a JSON object"])
    if not isinstance(data.get("series"), str) or not KEY.match(data.get("series") or ""):
        problems.append("series: a key such as 'staff-communication' is required")
    languages = template_languages(data)
    if not languages:
        problems.append("languages: the list of the languages the template is written in is required")
    _texts(problems, languages, "titles", data.get("titles"))
    _texts(problems, languages, "intros", data.get("intros"), optional=True)
    for flag in ("collect_manager", "collect_tenure"):
        if not isinstance(data.get(flag), bool):
            problems.append(f"{flag}: true or false is required")
    sections = data.get("sections")
    if not isinstance(sections, list) or not sections:
        problems.append("sections: at least one section is required")
        sections = []
    seen: dict[str, dict] = {}
    for s_index, section in enumerate(sections, start=1):
        where = f"section {s_index}"
        if not isinstance(section, dict):
            problems.append(f"{where}: must be an object")
            continue
        _texts(problems, languages, f"{where} titles", section.get("titles"))
        _texts(problems, languages, f"{where} intros", section.get("intros"), optional=True)
        questions = section.get("questions")
        if not isinstance(questions, list) or not questions:
            problems.append(f"{where}: at least one question is required")
            continue
        for q_index, question in enumerate(questions, start=1):
            _question(problems, languages, f"{where} question {q_index}", question, seen)
    if problems:
        raise TemplateError(name, problems)


def _texts(problems: list[str], languages: tuple, where: str, texts, optional: bool = False) -> None:
    """A text per language: every language filled in (or, when optional, none at all)."""
    if optional and texts in (None, {}):
        return
    if not isinstance(texts, dict):
        problems.append(f"{where}: a text per language ({', '.join(languages)}) is required")
        return
    missing = [lang for lang in languages if not isinstance(texts.get(lang), str) or not texts[lang].strip()]
    if missing:
        problems.append(f"{where}: missing in {', '.join(missing)}")
    unknown = sorted(set(texts) - set(languages))
    if unknown:
        problems.append(f"{where}: unknown languages {', '.join(unknown)}")


def _labelled(problems: list[str], languages: tuple, where: str, entries, what: str) -> list[str]:
    """Options or grid items: a list of {"key", "labels"} with unique keys; returns the keys."""
    if not isinstance(entries, list):
        problems.append(f"{where}: {what} must be a list")
        return []
    keys = []
    for index, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or not KEY.match(str(entry.get("key", ""))):
            problems.append(f"{where} {what} {index}: a key is required")
            continue
        if entry["key"] in keys:
            problems.append(f"{where} {what} {index}: key {entry['key']!r} is used twice")
        keys.append(entry["key"])
        _texts(problems, languages, f"{where} {what} {entry['key']!r}", entry.get("labels"))
    return keys


def _question(problems: list[str], languages: tuple, where: str, question, seen: dict[str, dict]) -> None:
    if not isinstance(question, dict):
        problems.append(f"{where}: must be an object")
        return
    key = question.get("key")
    if not isinstance(key, str) or not KEY.match(key) or len(key) > 64:
        problems.append(f"{where}: a key of lower-case words joined by '-' or '_' is required")
        key = None
    elif key in seen:
        problems.append(f"{where}: key {key!r} is used twice")
    else:
        where = f"{where} ({key})"
    kind = question.get("kind")
    if kind not in QUESTION_KINDS:
        problems.append(f"{where}: unknown kind {kind!r} (known: {', '.join(QUESTION_KINDS)})")
    dimension = question.get("dimension")
    if dimension is not None and dimension not in DIMENSIONS:
        problems.append(f"{where}: unknown dimension {dimension!r}")
    _texts(problems, languages, f"{where} texts", question.get("texts"))
    _texts(problems, languages, f"{where} helps", question.get("helps"), optional=True)
    if not isinstance(question.get("required"), bool):
        problems.append(f"{where}: required must be true or false")

    options = _labelled(problems, languages, where, question.get("options", []), "option")
    if kind in CHOICE_KINDS and len(options) < 2:
        problems.append(f"{where}: a choice question needs at least two options")
    if kind not in CHOICE_KINDS and options:
        problems.append(f"{where}: only single and multiple choice questions have options")
    items = _labelled(problems, languages, where, question.get("items", []), "item")
    if kind == GRID and not items:
        problems.append(f"{where}: a grid needs at least one item")
    if kind == UNIT_MATRIX and question.get("items"):
        problems.append(f"{where}: a unit matrix's items are left empty (the builder fills in the units)")
    if kind not in (GRID, UNIT_MATRIX) and items:
        problems.append(f"{where}: only grids have items")
    scale = question.get("scale")
    if kind == GRID and scale not in SCALES:
        problems.append(f"{where}: a grid needs a scale ({', '.join(SCALES)})")
    if kind != GRID and scale is not None:
        problems.append(f"{where}: only grids have a scale")

    _condition(problems, where, question.get("condition"), seen)
    if key and key not in seen:
        seen[key] = {"kind": kind, "options": options}


def _condition(problems: list[str], where: str, condition, seen: dict[str, dict]) -> None:
    """A condition refers to an earlier question, with values that question can take."""
    if condition is None:
        return
    if not isinstance(condition, dict) or not isinstance(condition.get("equals"), list) or not condition["equals"]:
        problems.append(f"{where}: a condition is {{'question': <earlier key>, 'equals': [values]}}")
        return
    target = condition.get("question")
    earlier = seen.get(target) if isinstance(target, str) else None
    if earlier is None:
        problems.append(f"{where}: the condition refers to {condition.get('question')!r}, not an earlier question")
        return
    values = [str(value) for value in condition["equals"]]
    if earlier["kind"] in CHOICE_KINDS:
        allowed = earlier["options"]
    elif earlier["kind"] == YESNO:
        allowed = list(YESNO_VALUES)
    else:
        allowed = None  # scales: any value of the scale
    if allowed is not None:
        wrong = [value for value in values if value not in allowed]
        if wrong:
            problems.append(f"{where}: the condition's values {wrong} are not answers of {condition['question']!r}")
