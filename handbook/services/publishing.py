"""Publishing a handbook's draft as a version, and loading the shipped first edition.

Republishing content identical to the latest version creates no version. A
material version asks everyone to acknowledge again and, by default, tells them
so: a notification about the handbook ("handbook:<slug>", cleared when they
acknowledge) with the change note in each reader's language.
"""

from __future__ import annotations

from pathlib import Path

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from handbook.content import CONTENT_ROOT, load_folder
from handbook.models import Chapter, Handbook, Section, Version
from handbook.rendering import clean_markdown
from handbook.services.acknowledgment import notification_subject
from handbook.services.drafts import content_hash, snapshot
from handbook.services.reading import FIRST_EDITION_SLUG, current_version, get_handbook
from intranet.audit.services import record
from intranet.database import lock
from intranet.domain import DomainError
from intranet.extensions import db
from intranet.i18n import LANGUAGE_LABELS, enabled_languages
from intranet.notifications.emails import in_language
from intranet.notifications.services import notify_many
from intranet.people.models import Person
from intranet.permissions import require
from intranet.signals import handbook_version_published
from intranet.texts import Translated

FIRST_EDITION_TITLES = {
    "sq": "Udhëzuesi për komunikim me email zyrtar",
    "sr": "Vodič za komunikaciju službenom e-poštom",
    "en": "Guide to communication by official email",
}
NEW_VERSION_KIND = "handbook.new_version"
MAX_NOTE = 1000


def handbook_path(handbook: Handbook) -> str:
    """The local path of the handbook's reading page (for notifications)."""
    return f"/handbook/{handbook.slug}/"


def first_edition_notes() -> Translated:
    """"First edition" in every enabled language: the change note of an imported version 1."""
    notes = {}
    for code in enabled_languages():
        with in_language(code):
            notes[code] = _("First edition")
    return Translated(notes)


def clean_notes(notes: dict[str, str] | str) -> Translated:
    """The change note per enabled language; the first enabled language is required.

    :raises DomainError: for a missing first-language note (field `change_note_<lang>`) or one too long.
    """
    languages = enabled_languages()
    if isinstance(notes, str):  # one note, written in the default language
        notes = {languages[0]: notes}
    clean = Translated.cleaned(notes)
    for code, note in clean.items():
        if len(note) > MAX_NOTE:
            raise DomainError(_("At most %(num)d characters.", num=MAX_NOTE), field=f"change_note_{code}")
    if not clean.get(languages[0]):
        raise DomainError(_("Say what changed, at least in %(language)s.", language=LANGUAGE_LABELS[languages[0]]),
                          field=f"change_note_{languages[0]}")
    return clean


def publish_version(actor: Person | None, handbook: Handbook, notes: Translated, material: bool) -> Version:
    """Freeze the draft as version N+1, without permission checks or notifications (see `publish`).

    :raises DomainError: when the draft equals the latest version, or has no chapters.
    """
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
        material=material or latest is None, change_notes=dict(notes),
        published_by_id=actor.id if actor is not None else None,
    )
    db.session.add(version)
    db.session.flush()
    record(actor, "handbook.published", handbook, version=version.number, material=version.material,
           change_notes=dict(notes))
    handbook_version_published.send(version, material=version.material)
    return version


def notify_new_version(handbook: Handbook, version: Version) -> int:
    """Tell every active person that they must acknowledge `version` (a material one); returns how many.

    The title names the handbook and the body gives the change note, both in each reader's
    language. Joins the caller's transaction.
    """
    people = db.session.scalars(db.select(Person).where(Person.active.is_(True)).order_by(Person.id))
    return notify_many(
        list(people), NEW_VERSION_KIND,
        _l("New version of %(title)s: please read and acknowledge", title=Translated(handbook.titles or {})),
        _l("What changed: %(note)s", note=version.notes),
        url=handbook_path(handbook), subject=notification_subject(handbook),
    )


def publish(actor: Person, handbook: Handbook, change_notes: dict[str, str] | str, material: bool,
            notify: bool = True) -> Version:
    """Publish the draft as version N+1 (the first is always material).

    `change_notes` says what changed, per language (`{"sq": ..., "sr": ...}`; a plain string
    is the first language's). A material version, with `notify`, notifies everyone who
    must now acknowledge it again.

    :raises PermissionDenied: unless the actor may edit the handbook.
    :raises DomainError: when the draft equals the latest version (no version, nobody asked
        again), or the change note is missing or too long (field `change_note_<lang>`).
    """
    require(actor, "handbook.edit", handbook)
    notes = clean_notes(change_notes)
    version = publish_version(actor, handbook, notes, material)
    if version.material and notify:
        notify_new_version(handbook, version)
    db.session.commit()
    return version


def import_handbook(slug: str, titles: dict[str, str], folder: Path, actor: Person | None = None,
                    change_notes: dict[str, str] | None = None) -> Handbook:
    """Create handbook `slug` from a content folder and publish version 1; idempotent.

    A handbook that exists keeps its draft; one that already has a version is left alone.
    Version 1's note is "First edition" in every enabled language unless `change_notes` says otherwise.

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
        notes = Translated(change_notes) if change_notes else first_edition_notes()
        publish_version(actor, handbook, notes, material=True)
    db.session.commit()
    return handbook


def load_first_edition(actor: Person | None = None, folder: Path | None = None) -> Handbook:
    """The email guidelines from handbook/content/email-guidelines/, published as version 1 if new."""
    return import_handbook(FIRST_EDITION_SLUG, FIRST_EDITION_TITLES, folder or CONTENT_ROOT / FIRST_EDITION_SLUG,
                           actor)
