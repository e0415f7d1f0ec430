"""Comparing two versions of a handbook side by side, with the changes marked."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from markupsafe import Markup, escape

from handbook.models import Handbook, Version
from handbook.services import get_version, status
from intranet.people.models import Person, find_translation


@dataclass(frozen=True)
class Change:
    """One chapter introduction or section, side by side in two versions."""

    key: str
    #: "chapter" or "section"
    kind: str
    old_number: str | None
    new_number: str | None
    title: str
    #: "same", "changed", "added" or "removed"
    state: str
    old_html: Markup
    new_html: Markup


def _tokens(text: str) -> list[str]:
    return re.findall(r"\S+|\s+", text or "")


def _escape(text: str) -> str:
    return str(escape(text)).replace("\n", "<br>\n")


def word_diff(old: str, new: str) -> tuple[Markup, Markup]:
    """Both texts as safe HTML, removed words in `<del>` on the old side, added in `<ins>` on the new."""
    a, b = _tokens(old), _tokens(new)
    left, right = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        old_part, new_part = "".join(a[i1:i2]), "".join(b[j1:j2])
        if op == "equal":
            left.append(_escape(old_part))
            right.append(_escape(new_part))
            continue
        if old_part:
            left.append(f"<del>{_escape(old_part)}</del>" if old_part.strip() else _escape(old_part))
        if new_part:
            right.append(f"<ins>{_escape(new_part)}</ins>" if new_part.strip() else _escape(new_part))
    return Markup("".join(left)), Markup("".join(right))  # noqa: S704 (every piece escaped)


def _parts(version: Version | None, language: str) -> dict[str, tuple[str, str, str, str]]:
    """key -> (kind, number, title, text) of every chapter intro and section."""
    parts: dict[str, tuple[str, str, str, str]] = {}
    for chapter in (version.content.get("chapters", []) if version else []):
        title, code = find_translation(chapter["titles"], language)
        parts[f"chapter:{chapter['key']}"] = ("chapter", chapter["number"], title,
                                              (chapter.get("intros") or {}).get(code, ""))
        for section in chapter["sections"]:
            s_title, s_code = find_translation(section["titles"], language)
            parts[section["key"]] = ("section", section["number"], s_title,
                                     f"{s_title}\n\n{(section.get('bodies') or {}).get(s_code, '')}")
    return parts


def compare(handbook: Handbook, a: Version, b: Version, language: str) -> list[Change]:
    """Every chapter introduction and section of versions `a` (old) and `b` (new), with the changes marked.

    Sections are matched by key, so a moved or renumbered section is compared with itself;
    sections only in `b` are "added", only in `a` "removed". Output is escaped HTML.
    """
    old, new = _parts(a, language), _parts(b, language)
    order = list(new) + [key for key in old if key not in new]
    changes = []
    for key in order:
        before, after = old.get(key), new.get(key)
        kind, _number, title, _text = after if after is not None else old[key]  # a key is in one or both
        old_text, new_text = (before[3] if before else ""), (after[3] if after else "")
        state = ("added" if before is None else "removed" if after is None
                 else "same" if old_text == new_text and before[1] == after[1] else "changed")
        old_html, new_html = word_diff(old_text, new_text)
        changes.append(Change(key.removeprefix("chapter:"), kind, before[1] if before else None,
                              after[1] if after else None, title, state, old_html, new_html))
    return changes


def changes_since(person: Person, handbook: Handbook, language: str) -> tuple[Version, Version, list[Change]] | None:
    """(their version, the current one, the changes) for a person who acknowledged an older version."""
    person_status = status(person, handbook)
    number, current = person_status.acknowledged_number, person_status.current
    if not person_status.changed_since_acknowledged or number is None or current is None:
        return None
    old = get_version(handbook, number)
    return None if old is None else (old, current, compare(handbook, old, current, language))


