"""Editing a handbook's draft: new handbooks, settings, chapters and sections, and what is missing.

Readers never see the draft; publishing (`handbook.services.publishing`) freezes it
into a version. Writes check `can`, validate, apply, write the audit log, then commit.
Refusals are `DomainError`s with a translated message and the form field they concern.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass

from flask_babel import gettext as _

from handbook.models import Chapter, Handbook, Section
from handbook.rendering import clean_markdown
from handbook.services.reading import current_version, get_chapter, get_handbook
from intranet.audit.services import record
from intranet.database import unique_or
from intranet.domain import DomainError
from intranet.extensions import db
from intranet.i18n import LANGUAGE_NAMES, enabled_languages
from intranet.people.models import Person
from intranet.permissions import require

#: slugs that would clash with the plugin's own pages
RESERVED_SLUGS = frozenset({"check", "signature", "new"})
KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{1,63}$")
MAX_TITLE, MAX_BODY = 200, 20_000


def numbered_chapters(handbook: Handbook) -> list[tuple[str, Chapter, list[tuple[str, Section]]]]:
    """The draft's chapters with their numbers ("4"), each with its numbered sections ("4.2")."""
    return [
        (str(ci), chapter, [(f"{ci}.{si}", section) for si, section in enumerate(chapter.sections, start=1)])
        for ci, chapter in enumerate(handbook.chapters, start=1)
    ]


def snapshot(handbook: Handbook) -> dict:
    """The draft as a version's content: chapters and sections with their numbers."""
    return {
        "titles": dict(handbook.titles or {}),
        "chapters": [
            {
                "key": chapter.key, "number": number, "titles": dict(chapter.titles or {}),
                "intros": dict(chapter.intros or {}),
                "sections": [
                    {"key": s.key, "number": s_number, "titles": dict(s.titles or {}),
                     "bodies": dict(s.bodies or {})}
                    for s_number, s in sections
                ],
            }
            for number, chapter, sections in numbered_chapters(handbook)
        ],
    }


def content_hash(content: dict) -> str:
    """A fingerprint of a version's content: equal content, equal hash."""
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def draft_is_published(handbook: Handbook) -> bool:
    """Whether the draft equals the current version (nothing to publish)."""
    version = current_version(handbook)
    return version is not None and version.content_hash == content_hash(snapshot(handbook))


def clean_key(key: str, field: str = "key") -> str:
    """A key or slug, lowercased; 2 to 64 lowercase letters, digits and hyphens.

    :raises DomainError: otherwise (on `field`).
    """
    key = (key or "").strip().lower()
    if not KEY_PATTERN.match(key):
        raise DomainError(_("Use 2 to 64 lowercase letters, digits and hyphens."), field=field)
    return key


def clean_titles(titles: dict[str, str]) -> dict[str, str]:
    """Titles per enabled language (fields `title_<lang>`); the first language (Albanian) is required.

    :raises DomainError: for a missing first-language title or a title too long.
    """
    languages = enabled_languages()
    clean = {}
    for code in languages:
        title = " ".join((titles.get(code) or "").split())
        if len(title) > MAX_TITLE:
            raise DomainError(_("At most %(num)d characters.", num=MAX_TITLE), field=f"title_{code}")
        if title:
            clean[code] = title
    first = languages[0]
    if first not in clean:
        raise DomainError(_("A title in %(language)s is required.", language=LANGUAGE_NAMES[first]),
                          field=f"title_{first}")
    return clean


def keep_other_languages(old: dict | None, clean: dict[str, str]) -> dict[str, str]:
    """`clean` for the enabled languages; languages that are not enabled keep what they had."""
    return {**{k: v for k, v in (old or {}).items() if k not in enabled_languages()}, **clean}


def clean_texts(titles: dict[str, str], bodies: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """Titles and bodies per enabled language, checked; a language may be left empty entirely.

    :raises DomainError: for a title without text or text without title, or too long.
    """
    languages = enabled_languages()
    clean_titles_, clean_bodies = {}, {}
    for code in languages:
        title = " ".join((titles.get(code) or "").split())
        body = clean_markdown(bodies.get(code))
        if len(title) > MAX_TITLE:
            raise DomainError(_("At most %(num)d characters.", num=MAX_TITLE), field=f"title_{code}")
        if len(body) > MAX_BODY:
            raise DomainError(_("At most %(num)d characters.", num=MAX_BODY), field=f"body_{code}")
        if title and not body:
            raise DomainError(_("Write the text of the section in this language too."), field=f"body_{code}")
        if body and not title:
            raise DomainError(_("Give the section a title in this language too."), field=f"title_{code}")
        if title:
            clean_titles_[code], clean_bodies[code] = title, body
    first = languages[0]
    if first not in clean_titles_:
        raise DomainError(
            _("The section needs a title and text in %(language)s.", language=LANGUAGE_NAMES[first]),
            field=f"title_{first}",
        )
    return clean_titles_, clean_bodies


def save_section(actor: Person, section: Section, titles: dict[str, str], bodies: dict[str, str]) -> Section:
    """Change a section of the draft (title and Markdown body per language); readers see it once published.

    :raises PermissionDenied: unless the actor may edit the handbook.
    :raises DomainError: for a missing or too long title or body (field `title_<lang>`/`body_<lang>`).
    """
    handbook = section.chapter.handbook
    require(actor, "handbook.edit", handbook)
    new_titles, new_bodies = clean_texts(titles, bodies)
    section.titles = keep_other_languages(section.titles, new_titles)
    section.bodies = keep_other_languages(section.bodies, new_bodies)
    record(actor, "handbook.section_saved", handbook, section=section.key)
    db.session.commit()
    return section


def add_section(actor: Person, chapter: Chapter, key: str, titles: dict[str, str],
                bodies: dict[str, str]) -> Section:
    """Add a section at the end of `chapter` in the draft.

    :raises PermissionDenied: unless the actor may edit the handbook.
    :raises DomainError: for a malformed or taken key (field "key"), or bad texts as `save_section`.
    """
    handbook = chapter.handbook
    require(actor, "handbook.edit", handbook)
    key = clean_key(key)
    taken = db.session.scalar(
        db.select(Section.id).where(Section.handbook_id == handbook.id, Section.key == key)
    )
    taken_error = DomainError(_("Another section of this handbook has this key."), field="key")
    if taken is not None:
        raise taken_error
    new_titles, new_bodies = clean_texts(titles, bodies)
    position = max((s.position for s in chapter.sections), default=0) + 1
    with unique_or(taken_error):
        section = Section(handbook_id=handbook.id, chapter=chapter, key=key, position=position,
                          titles=new_titles, bodies=new_bodies)
        db.session.add(section)
    record(actor, "handbook.section_added", handbook, section=key, chapter=chapter.key)
    db.session.commit()
    return section


def create_handbook(actor: Person, slug: str, titles: dict[str, str]) -> Handbook:
    """Create an empty handbook (no chapters, nothing published) for communications to write.

    :raises PermissionDenied: unless the actor may edit handbooks.
    :raises DomainError: for a malformed, reserved or taken slug (field "slug"), or a missing
        or too long title (field `title_<lang>`; the first language is required).
    """
    require(actor, "handbook.edit")
    slug = clean_key(slug, field="slug")
    if slug in RESERVED_SLUGS:
        raise DomainError(_("This name is reserved; choose another."), field="slug")
    taken = DomainError(_("Another handbook has this name."), field="slug")
    if get_handbook(slug) is not None:
        raise taken
    new_titles = clean_titles(titles)
    with unique_or(taken):
        handbook = Handbook(slug=slug, titles=new_titles)
        db.session.add(handbook)
    record(actor, "handbook.created", handbook, slug=slug)
    db.session.commit()
    return handbook


def update_handbook_settings(actor: Person, handbook: Handbook, titles: dict[str, str], due_days: int,
                             yearly: bool) -> Handbook:
    """Change a handbook's titles, the days people have to acknowledge, and yearly re-acknowledgment.

    The titles show at once (they are not part of a version); the rules apply to every status from now on.

    :raises PermissionDenied: unless the actor may edit the handbook.
    :raises DomainError: for a missing or too long title (field `title_<lang>`), or due days
        outside 1 to 365 (field "due_days").
    """
    require(actor, "handbook.edit", handbook)
    new_titles = clean_titles(titles)
    if not isinstance(due_days, int) or not 1 <= due_days <= 365:
        raise DomainError(_("Between 1 and 365 days."), field="due_days")
    handbook.titles = keep_other_languages(handbook.titles, new_titles)
    handbook.due_days = due_days
    handbook.yearly_reacknowledgment = bool(yearly)
    record(actor, "handbook.settings_changed", handbook, due_days=due_days, yearly=bool(yearly))
    db.session.commit()
    return handbook


def add_chapter(actor: Person, handbook: Handbook, key: str, titles: dict[str, str]) -> Chapter:
    """Add an empty chapter at the end of the handbook's draft.

    :raises PermissionDenied: unless the actor may edit the handbook.
    :raises DomainError: for a malformed or taken key (field "key"), or a missing or too long
        title (field `title_<lang>`).
    """
    require(actor, "handbook.edit", handbook)
    key = clean_key(key)
    taken = DomainError(_("Another chapter of this handbook has this key."), field="key")
    if get_chapter(handbook, key) is not None:
        raise taken
    new_titles = clean_titles(titles)
    position = max((c.position for c in handbook.chapters), default=0) + 1
    with unique_or(taken):
        chapter = Chapter(handbook=handbook, key=key, position=position, titles=new_titles, intros={})
        db.session.add(chapter)
    record(actor, "handbook.chapter_added", handbook, chapter=key)
    db.session.commit()
    return chapter


@dataclass(frozen=True)
class Missing:
    """A part of the draft without text in some enabled languages."""

    number: str
    key: str
    title: str
    languages: list[str]


def missing_translations(handbook: Handbook) -> list[Missing]:
    """Chapters and sections of the draft that lack a title or text in an enabled language."""
    languages = enabled_languages()
    found = []
    for number, chapter, sections in numbered_chapters(handbook):
        lacking = [code for code in languages if not (chapter.titles or {}).get(code)]
        if lacking:
            found.append(Missing(number, chapter.key, chapter.title, lacking))
        for s_number, section in sections:
            lacking = [code for code in languages
                       if not (section.titles or {}).get(code) or not (section.bodies or {}).get(code)]
            if lacking:
                found.append(Missing(s_number, section.key, section.title, lacking))
    return found
