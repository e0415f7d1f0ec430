"""The handbook's text as Markdown files: `<folder>/<language>/NN-<chapter-key>.md`.

Each file is one chapter in one language:

    # Chapter title

    Introduction paragraphs.

    ## Section title {#section-key}

    Section body in Markdown.

Keys are the same in every language; the chapter's position comes from `NN`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

#: where the shipped handbooks live: content/<slug>/<language>/
CONTENT_ROOT = Path(__file__).parent / "content"

_FILE = re.compile(r"^(\d+)-([a-z0-9][a-z0-9-]*)\.md$")
_SECTION = re.compile(r"^##\s+(.+?)\s*\{#([a-z0-9][a-z0-9-]*)\}\s*$")
_CHAPTER = re.compile(r"^#\s+(.+?)\s*$")


class ContentError(ValueError):
    """A content file does not follow the format; the message names the file and line."""


@dataclass
class SectionText:
    key: str
    titles: dict[str, str] = field(default_factory=dict)
    bodies: dict[str, str] = field(default_factory=dict)


@dataclass
class ChapterText:
    key: str
    position: int
    titles: dict[str, str] = field(default_factory=dict)
    intros: dict[str, str] = field(default_factory=dict)
    sections: list[SectionText] = field(default_factory=list)


def parse_chapter(text: str, where: str = "") -> tuple[str, str, list[tuple[str, str, str]]]:
    """(title, intro, [(section key, title, body)]) of one chapter file.

    :raises ContentError: without a `# Title` first line, for a `##` heading
        without `{#key}`, or for a key used twice.
    """
    lines = text.replace("\r\n", "\n").split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    match = _CHAPTER.match(lines[0]) if lines else None
    if match is None:
        raise ContentError(f"{where}: the first line must be '# Chapter title'")
    title = match.group(1)
    intro: list[str] = []
    sections: list[tuple[str, str, list[str]]] = []
    for number, line in enumerate(lines[1:], start=2):
        if line.startswith("## "):
            found = _SECTION.match(line)
            if found is None:
                raise ContentError(f"{where}:{number}: a section heading needs a key: '## Title {{#key}}'")
            if any(key == found.group(2) for key, _, _ in sections):
                raise ContentError(f"{where}:{number}: section key {found.group(2)!r} is used twice")
            sections.append((found.group(2), found.group(1), []))
        elif sections:
            sections[-1][2].append(line)
        else:
            intro.append(line)
    return title, "\n".join(intro).strip(), [(k, t, "\n".join(b).strip()) for k, t, b in sections]


def load_folder(folder: Path, languages: list[str] | None = None) -> list[ChapterText]:
    """Chapters in order, each with its sections, merged across the language folders found.

    A chapter or section missing in one language simply has no text in it; the
    reader falls back to another language (see `problems` to list what is missing).

    :raises ContentError: when a file does not follow the format.
    """
    folder = Path(folder)
    chapters: dict[str, ChapterText] = {}
    for language_dir in sorted(p for p in folder.iterdir() if p.is_dir()):
        language = language_dir.name
        if languages is not None and language not in languages:
            continue
        for path in sorted(language_dir.glob("*.md")):
            name = _FILE.match(path.name)
            if name is None:
                raise ContentError(f"{path}: file names are NN-chapter-key.md")
            position, key = int(name.group(1)), name.group(2)
            title, intro, sections = parse_chapter(path.read_text(encoding="utf-8"), str(path))
            chapter = chapters.setdefault(key, ChapterText(key=key, position=position))
            chapter.titles[language] = title
            if intro:
                chapter.intros[language] = intro
            known = {s.key: s for s in chapter.sections}
            for section_key, section_title, body in sections:
                section = known.get(section_key)
                if section is None:
                    section = SectionText(key=section_key)
                    chapter.sections.append(section)
                    known[section_key] = section
                section.titles[language] = section_title
                section.bodies[language] = body
    return sorted(chapters.values(), key=lambda c: (c.position, c.key))


def problems(chapters: list[ChapterText], languages: list[str]) -> list[str]:
    """What is missing in some language, or duplicated: one line each (empty when complete)."""
    found: list[str] = []
    seen: dict[str, str] = {}
    for chapter in chapters:
        for language in languages:
            if not chapter.titles.get(language):
                found.append(f"chapter {chapter.key}: no {language} text")
        for section in chapter.sections:
            if section.key in seen:
                found.append(f"section {section.key}: in chapters {seen[section.key]} and {chapter.key}")
            seen[section.key] = chapter.key
            for language in languages:
                if not section.titles.get(language) or not section.bodies.get(language):
                    found.append(f"section {chapter.key}/{section.key}: no {language} text")
    return found
