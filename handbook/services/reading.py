"""Reading handbooks: finding them, their versions, a version's text in the reader's language, search."""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup
from sqlalchemy import func

from handbook.models import Chapter, Handbook, Section, Version
from handbook.rendering import plain_text, render_markdown
from intranet.extensions import db
from intranet.people.models import find_translation

#: the first handbook, shipped with Ura in handbook/content/email-guidelines/
FIRST_EDITION_SLUG = "email-guidelines"


def list_handbooks() -> list[Handbook]:
    """Every handbook, in the order they were created."""
    return list(db.session.scalars(db.select(Handbook).order_by(Handbook.id)))


def get_handbook(slug: str) -> Handbook | None:
    """The handbook with that slug, or None."""
    return db.session.scalar(db.select(Handbook).where(Handbook.slug == slug))


def current_version(handbook: Handbook) -> Version | None:
    """The latest published version (what readers see), or None before the first."""
    return db.session.scalar(
        db.select(Version).where(Version.handbook_id == handbook.id).order_by(Version.number.desc()).limit(1)
    )


def get_version(handbook: Handbook, number: int) -> Version | None:
    """Version `number` of the handbook, or None."""
    return db.session.scalar(
        db.select(Version).where(Version.handbook_id == handbook.id, Version.number == number)
    )


def list_versions(handbook: Handbook) -> list[Version]:
    """Every version, newest first."""
    return list(db.session.scalars(
        db.select(Version).where(Version.handbook_id == handbook.id).order_by(Version.number.desc())
    ))


def latest_material(handbook: Handbook) -> Version | None:
    """The latest material version: acknowledgments of versions before it no longer count."""
    return db.session.scalar(
        db.select(Version).where(Version.handbook_id == handbook.id, Version.material.is_(True))
        .order_by(Version.number.desc()).limit(1)
    )


def version_counts(handbook: Handbook) -> int:
    """How many versions the handbook has."""
    return db.session.scalar(db.select(func.count()).select_from(Version).where(Version.handbook_id == handbook.id))


def get_section(handbook: Handbook, key: str) -> Section | None:
    """The draft's section with that key, or None."""
    return db.session.scalar(db.select(Section).where(Section.handbook_id == handbook.id, Section.key == key))


def get_chapter(handbook: Handbook, key: str) -> Chapter | None:
    """The draft's chapter with that key, or None."""
    return db.session.scalar(db.select(Chapter).where(Chapter.handbook_id == handbook.id, Chapter.key == key))


# --- a version's text ------------------------------------------------------------


@dataclass
class ReadSection:
    key: str
    number: str
    title: str
    body_html: Markup
    #: the language the text is shown in (differs from the reader's when it falls back)
    language: str


@dataclass
class ReadChapter:
    key: str
    number: str
    title: str
    intro_html: Markup
    language: str
    sections: list[ReadSection] = field(default_factory=list)


def read(version: Version, language: str) -> list[ReadChapter]:
    """A version's chapters and sections in `language` (falling back per part), rendered safely."""
    chapters = []
    for chapter in version.content.get("chapters", []):
        title, title_language = find_translation(chapter["titles"], language)
        intro, _intro_language = find_translation(chapter.get("intros"), title_language)
        read_chapter = ReadChapter(chapter["key"], chapter["number"], title,
                                   render_markdown(intro, heading_level=3), title_language)
        for section in chapter["sections"]:
            s_title, s_language = find_translation(section["titles"], language)
            body = (section.get("bodies") or {}).get(s_language) or find_translation(section.get("bodies"), language)[0]
            read_chapter.sections.append(ReadSection(section["key"], section["number"], s_title,
                                                     render_markdown(body), s_language))
        chapters.append(read_chapter)
    return chapters


def section_titles(slug: str, language: str) -> dict[str, str]:
    """{section key: "4.2 Title"} of a handbook's current version in `language` (empty without one)."""
    handbook = get_handbook(slug)
    version = current_version(handbook) if handbook else None
    if version is None:
        return {}
    titles = {}
    for chapter in version.content.get("chapters", []):
        for section in chapter["sections"]:
            titles[section["key"]] = f"{section['number']} {find_translation(section['titles'], language)[0]}"
    return titles


def section_number(version: Version, key: str) -> str | None:
    """The number ("4.2") of the section `key` in that version, or None when it has no such section."""
    for chapter in version.content.get("chapters", []):
        for section in chapter["sections"]:
            if section["key"] == key:
                return section["number"]
    return None


# --- search ----------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    key: str
    number: str
    title: str
    snippet: str


def snippet(text: str, needle: str, width: int = 160) -> str:
    """About `width` characters of `text` around the first `needle` (casefolded), with ellipses."""
    index = text.casefold().find(needle)
    if index < 0:
        return text[:width] + ("…" if len(text) > width else "")
    start = max(0, index - width // 3)
    return ("…" if start else "") + text[start:start + width] + ("…" if start + width < len(text) else "")


def search_version(version: Version, query: str, language: str, limit: int = 50) -> list[Hit]:
    """Sections whose title or body (in the reader's language) contains `query`, ignoring case.

    Title matches come first, then body matches, each in handbook order.
    """
    needle = " ".join((query or "").split()).casefold()
    if not needle:
        return []
    in_title, in_body = [], []
    for chapter in version.content.get("chapters", []):
        for section in chapter["sections"]:
            title, s_language = find_translation(section["titles"], language)
            body = plain_text((section.get("bodies") or {}).get(s_language, ""))
            hit = Hit(section["key"], section["number"], title, snippet(body, needle))
            if needle in title.casefold():
                in_title.append(hit)
            elif needle in body.casefold():
                in_body.append(hit)
    return (in_title + in_body)[:limit]
