"""Handbooks: editing the draft, publishing versions, reading and acknowledging them.

Comparing versions lives in `handbook.compare`; the report, export and reminders in
`handbook.reports`.

Every rule lives here and runs without HTTP. Writes check `can`, validate,
apply, write the audit log, then commit (except receivers of host signals,
which only add to the caller's transaction). Refusals are `DomainError`s with a
translated message and, where it belongs to one, the form field.

Acknowledgment rules, in one place (`evaluate`):

- a *material* version asks everyone to acknowledge again; an *editorial* one
  carries acknowledgments over: an acknowledgment of any version since the
  latest material one meets the requirement;
- republishing content identical to the latest version creates no version;
- the due date is `due_days` after joining for people who joined after the
  latest material version, else `due_days` after that version was published;
- with yearly re-acknowledgment, an acknowledgment older than 365 days no
  longer counts (due `due_days` after it expired).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import func

from handbook.content import CONTENT_ROOT, load_folder
from handbook.models import Acknowledgment, Chapter, Handbook, Section, Version
from handbook.rendering import clean_markdown, plain_text, render_markdown
from intranet.audit.services import record
from intranet.database import insert_once, lock, unique_or
from intranet.domain import DomainError
from intranet.extensions import db
from intranet.i18n import LANGUAGE_NAMES, enabled_languages
from intranet.people.models import Person, find_translation, utcnow
from intranet.permissions import require

#: the first handbook, shipped with Ura in handbook/content/email-guidelines/
FIRST_EDITION_SLUG = "email-guidelines"
FIRST_EDITION_TITLES = {
    "sq": "Udhëzuesi për komunikim me email zyrtar",
    "sr": "Vodič za komunikaciju službenom e-poštom",
    "en": "Guide to communication by official email",
}
#: slugs that would clash with the plugin's own pages
RESERVED_SLUGS = frozenset({"check", "signature", "new"})
REMINDER_KIND = "handbook.reminder"
YEAR = timedelta(days=365)
KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{1,63}$")
MAX_TITLE, MAX_BODY, MAX_NOTE = 200, 20_000, 1000


# --- reading ---------------------------------------------------------------


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


# --- acknowledgment status -------------------------------------------------


@dataclass(frozen=True)
class AckRecord:
    """What `evaluate` needs of one acknowledgment."""

    version_number: int
    acknowledged_at: datetime
    language: str


@dataclass(frozen=True)
class Status:
    """Where a person stands with a handbook."""

    #: the version readers see now (None: nothing published yet)
    current: Version | None
    #: the latest version the person acknowledged, its date and language (None: never)
    acknowledged_number: int | None = None
    acknowledged_at: datetime | None = None
    language: str | None = None
    #: whether the person has to acknowledge (again) now
    must_acknowledge: bool = False
    #: "new" (never acknowledged), "material" (a material change since), "yearly" (too old)
    reason: str | None = None
    due: datetime | None = None
    overdue: bool = False

    @property
    def acknowledged_current(self) -> bool:
        return self.current is not None and self.acknowledged_number == self.current.number

    @property
    def changed_since_acknowledged(self) -> bool:
        """Whether "what changed since your version" has something to show."""
        return (self.current is not None and self.acknowledged_number is not None
                and self.acknowledged_number < self.current.number)


def evaluate(handbook: Handbook, current: Version | None, material: Version | None,
             joined_at: datetime | None, acks: list[AckRecord], now: datetime | None = None) -> Status:
    """The acknowledgment rules (see the module docstring) as a pure function."""
    if current is None:
        return Status(current=None)
    now = now or utcnow()
    material = material or current
    latest = max(acks, key=lambda a: (a.version_number, a.acknowledged_at), default=None)
    base: dict[str, Any] = {"current": current}
    if latest is not None:
        base |= {"acknowledged_number": latest.version_number, "acknowledged_at": latest.acknowledged_at,
                 "language": latest.language}
    valid = [a for a in acks if a.version_number >= material.number]
    newest_valid = max((a.acknowledged_at for a in valid), default=None)
    due_days = timedelta(days=handbook.due_days)
    if newest_valid is not None:
        if not handbook.yearly_reacknowledgment or now - newest_valid <= YEAR:
            return Status(**base)
        due = newest_valid + YEAR + due_days
        return Status(**base, must_acknowledge=True, reason="yearly", due=due, overdue=now > due)
    joined_at = joined_at or now
    if joined_at > material.published_at:
        due = joined_at + due_days
    else:
        due = material.published_at + due_days
    reason = "material" if latest is not None else "new"
    return Status(**base, must_acknowledge=True, reason=reason, due=due, overdue=now > due)


def acknowledgment_records(handbook: Handbook, person_id: int | None = None) -> dict[int, list[AckRecord]]:
    query = (
        db.select(Acknowledgment.person_id, Version.number, Acknowledgment.acknowledged_at,
                  Acknowledgment.language)
        .join(Version, Acknowledgment.version_id == Version.id)
        .where(Acknowledgment.handbook_id == handbook.id)
    )
    if person_id is not None:
        query = query.where(Acknowledgment.person_id == person_id)
    found: dict[int, list[AckRecord]] = {}
    for pid, number, at, language in db.session.execute(query):
        found.setdefault(pid, []).append(AckRecord(number, at, language))
    return found


def status(person: Person, handbook: Handbook, now: datetime | None = None) -> Status:
    """Where `person` stands with `handbook`: acknowledged version, whether and by when to acknowledge."""
    acks = acknowledgment_records(handbook, person.id).get(person.id, [])
    return evaluate(handbook, current_version(handbook), latest_material(handbook), person.created_at, acks, now)


def pending_for(person: Person) -> list[tuple[Handbook, Status]]:
    """The handbooks `person` must acknowledge now, with their status (for the home page)."""
    found = []
    for handbook in list_handbooks():
        person_status = status(person, handbook)
        if person_status.must_acknowledge:
            found.append((handbook, person_status))
    return found


# --- acknowledging ---------------------------------------------------------


def acknowledge(person: Person, handbook: Handbook, language: str) -> Acknowledgment:
    """Record that `person` read and understood the current version, in `language`.

    Acknowledging the same version twice changes nothing and returns the first record,
    except for yearly re-acknowledgment: an acknowledgment older than a year is renewed.

    :raises DomainError: when nothing is published yet or the language is not enabled.
    """
    version = current_version(handbook)
    if version is None:
        raise DomainError(_("This handbook has no published version yet."))
    if language not in enabled_languages():
        raise DomainError(_("Choose one of the enabled languages."), field="language")
    # One statement, not check-then-insert: a double click sends two requests at once.
    if insert_once(Acknowledgment, person_id=person.id, handbook_id=handbook.id, version_id=version.id,
                   language=language, acknowledged_at=utcnow()):
        db.session.commit()
    existing = db.session.scalar(
        db.select(Acknowledgment).where(Acknowledgment.person_id == person.id,
                                        Acknowledgment.version_id == version.id)
    )
    if handbook.yearly_reacknowledgment and utcnow() - existing.acknowledged_at > YEAR:
        existing.acknowledged_at, existing.language = utcnow(), language
        db.session.commit()
    return existing


# --- the draft -------------------------------------------------------------


def _number_chapters(handbook: Handbook) -> list[tuple[str, Chapter, list[tuple[str, Section]]]]:
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
            for number, chapter, sections in _number_chapters(handbook)
        ],
    }


def content_hash(content: dict) -> str:
    """A fingerprint of a version's content: equal content, equal hash."""
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def draft_is_published(handbook: Handbook) -> bool:
    """Whether the draft equals the current version (nothing to publish)."""
    version = current_version(handbook)
    return version is not None and version.content_hash == content_hash(snapshot(handbook))


def _publish(actor: Person | None, handbook: Handbook, change_note: str, material: bool) -> Version:
    # One publisher at a time per handbook: the second waits here, then sees the first's
    # version (its number taken, its content already published) instead of reusing N+1.
    lock(handbook)
    content = snapshot(handbook)
    digest = content_hash(content)
    latest = current_version(handbook)
    if latest is not None and latest.content_hash == digest:
        raise DomainError(
            _("Nothing changed since version %(num)d, so no version was published "
              "and nobody is asked to acknowledge again.", num=latest.number),
        )
    if not content["chapters"]:
        raise DomainError(_("The handbook has no chapters to publish."))
    version = Version(
        handbook=handbook, number=(latest.number + 1) if latest else 1, content=content, content_hash=digest,
        material=material or latest is None, change_note=change_note,
        published_by_id=actor.id if actor is not None else None,
    )
    db.session.add(version)
    record(actor, "handbook.published", handbook, version=version.number, material=version.material,
           change_note=change_note)
    db.session.commit()
    return version


def publish(actor: Person, handbook: Handbook, change_note: str, material: bool) -> Version:
    """Publish the draft as version N+1 (the first is always material).

    :raises PermissionDenied: unless the actor may edit the handbook.
    :raises DomainError: when the draft equals the latest version (no version, nobody asked
        again), or the change note is missing or too long (field "change_note").
    """
    require(actor, "handbook.edit", handbook)
    note = (change_note or "").strip()
    if not note:
        raise DomainError(_("Say what changed."), field="change_note")
    if len(note) > MAX_NOTE:
        raise DomainError(_("At most %(num)d characters.", num=MAX_NOTE), field="change_note")
    return _publish(actor, handbook, note, material)


def _clean_key(key: str, field: str = "key") -> str:
    """A key or slug, lowercased; 2 to 64 lowercase letters, digits and hyphens."""
    key = (key or "").strip().lower()
    if not KEY_PATTERN.match(key):
        raise DomainError(_("Use 2 to 64 lowercase letters, digits and hyphens."), field=field)
    return key


def _clean_titles(titles: dict[str, str]) -> dict[str, str]:
    """Titles per enabled language (fields `title_<lang>`); the first language (Albanian) is required."""
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


def _keep_other_languages(old: dict | None, clean: dict[str, str]) -> dict[str, str]:
    """`clean` for the enabled languages; languages that are not enabled keep what they had."""
    return {**{k: v for k, v in (old or {}).items() if k not in enabled_languages()}, **clean}


def _clean_texts(titles: dict[str, str], bodies: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """Titles and bodies per enabled language, checked; a language may be left empty entirely."""
    languages = enabled_languages()
    clean_titles, clean_bodies = {}, {}
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
            clean_titles[code], clean_bodies[code] = title, body
    first = languages[0]
    if first not in clean_titles:
        raise DomainError(
            _("The section needs a title and text in %(language)s.", language=LANGUAGE_NAMES[first]),
            field=f"title_{first}",
        )
    return clean_titles, clean_bodies


def save_section(actor: Person, section: Section, titles: dict[str, str], bodies: dict[str, str]) -> Section:
    """Change a section of the draft (title and Markdown body per language); readers see it once published.

    :raises PermissionDenied: unless the actor may edit the handbook.
    :raises DomainError: for a missing or too long title or body (field `title_<lang>`/`body_<lang>`).
    """
    handbook = section.chapter.handbook
    require(actor, "handbook.edit", handbook)
    clean_titles, clean_bodies = _clean_texts(titles, bodies)
    section.titles = _keep_other_languages(section.titles, clean_titles)
    section.bodies = _keep_other_languages(section.bodies, clean_bodies)
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
    key = _clean_key(key)
    taken = db.session.scalar(
        db.select(Section.id).where(Section.handbook_id == handbook.id, Section.key == key)
    )
    taken_error = DomainError(_("Another section of this handbook has this key."), field="key")
    if taken is not None:
        raise taken_error
    clean_titles, clean_bodies = _clean_texts(titles, bodies)
    position = max((s.position for s in chapter.sections), default=0) + 1
    with unique_or(taken_error):
        section = Section(handbook_id=handbook.id, chapter=chapter, key=key, position=position,
                          titles=clean_titles, bodies=clean_bodies)
        db.session.add(section)
    record(actor, "handbook.section_added", handbook, section=key, chapter=chapter.key)
    db.session.commit()
    return section


def get_section(handbook: Handbook, key: str) -> Section | None:
    """The draft's section with that key, or None."""
    return db.session.scalar(db.select(Section).where(Section.handbook_id == handbook.id, Section.key == key))


def get_chapter(handbook: Handbook, key: str) -> Chapter | None:
    """The draft's chapter with that key, or None."""
    return db.session.scalar(db.select(Chapter).where(Chapter.handbook_id == handbook.id, Chapter.key == key))


def create_handbook(actor: Person, slug: str, titles: dict[str, str]) -> Handbook:
    """Create an empty handbook (no chapters, nothing published) for communications to write.

    :raises PermissionDenied: unless the actor may edit handbooks.
    :raises DomainError: for a malformed, reserved or taken slug (field "slug"), or a missing
        or too long title (field `title_<lang>`; the first language is required).
    """
    require(actor, "handbook.edit")
    slug = _clean_key(slug, field="slug")
    if slug in RESERVED_SLUGS:
        raise DomainError(_("This name is reserved; choose another."), field="slug")
    taken = DomainError(_("Another handbook has this name."), field="slug")
    if get_handbook(slug) is not None:
        raise taken
    clean_titles = _clean_titles(titles)
    with unique_or(taken):
        handbook = Handbook(slug=slug, titles=clean_titles)
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
    clean_titles = _clean_titles(titles)
    if not isinstance(due_days, int) or not 1 <= due_days <= 365:
        raise DomainError(_("Between 1 and 365 days."), field="due_days")
    handbook.titles = _keep_other_languages(handbook.titles, clean_titles)
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
    key = _clean_key(key)
    taken = DomainError(_("Another chapter of this handbook has this key."), field="key")
    if get_chapter(handbook, key) is not None:
        raise taken
    clean_titles = _clean_titles(titles)
    position = max((c.position for c in handbook.chapters), default=0) + 1
    with unique_or(taken):
        chapter = Chapter(handbook=handbook, key=key, position=position, titles=clean_titles, intros={})
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
    for number, chapter, sections in _number_chapters(handbook):
        lacking = [code for code in languages if not (chapter.titles or {}).get(code)]
        if lacking:
            found.append(Missing(number, chapter.key, chapter.title, lacking))
        for s_number, section in sections:
            lacking = [code for code in languages
                       if not (section.titles or {}).get(code) or not (section.bodies or {}).get(code)]
            if lacking:
                found.append(Missing(s_number, section.key, section.title, lacking))
    return found


# --- reading a version -----------------------------------------------------


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


@dataclass(frozen=True)
class Hit:
    key: str
    number: str
    title: str
    snippet: str


def _snippet(text: str, needle: str, width: int = 160) -> str:
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
            hit = Hit(section["key"], section["number"], title, _snippet(body, needle))
            if needle in title.casefold():
                in_title.append(hit)
            elif needle in body.casefold():
                in_body.append(hit)
    return (in_title + in_body)[:limit]


# --- loading content -------------------------------------------------------


def import_handbook(slug: str, titles: dict[str, str], folder: Path, actor: Person | None = None,
                    change_note: str = "First edition") -> Handbook:
    """Create handbook `slug` from a content folder and publish version 1; idempotent.

    A handbook that exists keeps its draft; one that already has a version is left alone.

    :raises ContentError: when a content file does not follow the format.
    """
    handbook = get_handbook(slug)
    if handbook is None:
        handbook = Handbook(slug=slug, titles=dict(titles))
        db.session.add(handbook)
        db.session.flush()
    if not handbook.chapters:
        for chapter_text in load_folder(folder):
            chapter = Chapter(handbook=handbook, key=chapter_text.key, position=chapter_text.position,
                              titles=chapter_text.titles,
                              intros={k: clean_markdown(v) for k, v in chapter_text.intros.items()})
            for position, section_text in enumerate(chapter_text.sections, start=1):
                chapter.sections.append(Section(
                    handbook_id=handbook.id, key=section_text.key, position=position,
                    titles=section_text.titles,
                    bodies={k: clean_markdown(v) for k, v in section_text.bodies.items()},
                ))
            db.session.add(chapter)
        db.session.flush()
        db.session.expire(handbook, ["chapters"])
    if current_version(handbook) is None:
        _publish(actor, handbook, change_note, material=True)
    db.session.commit()
    return handbook


def load_first_edition(actor: Person | None = None, folder: Path | None = None) -> Handbook:
    """The email guidelines from handbook/content/email-guidelines/, published as version 1 if new."""
    return import_handbook(FIRST_EDITION_SLUG, FIRST_EDITION_TITLES, folder or CONTENT_ROOT / FIRST_EDITION_SLUG,
                           actor)


def version_counts(handbook: Handbook) -> int:
    """How many versions the handbook has."""
    return db.session.scalar(db.select(func.count()).select_from(Version).where(Version.handbook_id == handbook.id))
