"""Writing a bulletin: drafts, edits, and changes to published bulletins that wait for approval.

A director's bulletin for their own unit (and anything communications writes) needs
no approval; one for all staff, other units or roles does. An edit communications has
not seen sends the bulletin back to them: a published bulletin keeps showing its
approved text until the change is approved (`pending_changes`).
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from bulletins.models import (
    BEING_WRITTEN,
    CATEGORIES,
    SEEN_BY_READERS,
    Bulletin,
    BulletinAudience,
    BulletinEvent,
    BulletinStatus,
    BulletinVersion,
)
from bulletins.rendering import check_images, clean_markdown, plain_text
from bulletins.services.audiences import (
    AUDIENCE_ROLES,
    audience_needs_approval,
    communications_officers,
    needs_approval,
)
from intranet.audit.services import record
from intranet.database import lock
from intranet.domain import DomainError, PermissionDenied
from intranet.extensions import db
from intranet.i18n import enabled_languages
from intranet.notifications.services import notify
from intranet.people.models import Person, utcnow
from intranet.permissions import can, require

#: the longest title kept
TITLE_LENGTH = 300


def search_text(titles: dict, bodies: dict) -> str:
    """Titles and bodies of every language, lowercased: what the feed's search matches."""
    languages = sorted(set(titles) | set(bodies))
    parts = [titles.get(lang, "") + " " + plain_text(bodies.get(lang, "")) for lang in languages]
    return " ".join(" ".join(parts).split()).lower()


def record_event(bulletin: Bulletin, actor: Person | None, action: str, comment: str = "",
                 now: datetime | None = None) -> None:
    """A step on the bulletin's history (shown to its author and communications)."""
    db.session.add(BulletinEvent(bulletin_id=bulletin.id, actor_id=actor.id if actor else None,
                                 action=action, comment=comment, at=now or utcnow()))


def cleaned_texts(titles: dict, bodies: dict) -> tuple[dict[str, str], dict[str, str]]:
    """Titles on one line and bodies as stored, for the enabled languages that have them.

    :raises DomainError: naming the input of a title without text, a text without title,
        an image without description, or when no language has both.
    """
    languages = enabled_languages()
    titles = {lang: " ".join((titles.get(lang) or "").split())[:TITLE_LENGTH] for lang in languages}
    bodies = {lang: clean_markdown(bodies.get(lang)) for lang in languages}
    for lang in languages:
        if titles[lang] and not bodies[lang]:
            raise DomainError(_("Write the text for this title too, or leave both empty."), field=f"body_{lang}")
        if bodies[lang] and not titles[lang]:
            raise DomainError(_("Give this text a title."), field=f"title_{lang}")
        check_images(bodies[lang], field=f"body_{lang}")
    if not any(titles.values()):
        raise DomainError(_("Write the bulletin in at least one language: a title and a text."),
                          field=f"title_{languages[0]}")
    return ({lang: text for lang, text in titles.items() if text},
            {lang: text for lang, text in bodies.items() if text})


def save(actor: Person, bulletin: Bulletin | None = None, *, titles: dict, bodies: dict, category: str = "news",
         audience_all: bool = False, unit_ids=(), roles=(), publish_at: datetime | None = None,
         expires_at: datetime | None = None, must_read: bool = False, acknowledge_by: datetime | None = None,
         comments_enabled: bool | None = None, pinned: bool = False, now: datetime | None = None) -> Bulletin:
    """Create a draft (bulletin None) or save changes; editing a published bulletin keeps its earlier text.

    :raises PermissionDenied: when the actor may not write or edit it.
    :raises DomainError: naming the field for missing texts, images without alt text, a bad audience or dates.
    """
    now = now or utcnow()
    require(actor, "bulletins.manage", bulletin, _("You may not edit this bulletin."))
    if bulletin is not None and bulletin.status == BulletinStatus.ARCHIVED:
        raise PermissionDenied(_("You may not edit this bulletin."))
    if bulletin is not None:
        # Two saves at once take turns: each numbers its kept version after the other's.
        bulletin = lock(bulletin)
    titles, bodies = cleaned_texts(titles, bodies)
    if category not in CATEGORIES:
        raise DomainError(_("Choose a category."), field="category")
    unit_ids = sorted({int(u) for u in unit_ids})
    roles = sorted({r for r in roles if r in AUDIENCE_ROLES})
    if not (audience_all or unit_ids or roles):
        raise DomainError(_("Choose who the bulletin is for: all staff, units or roles."), field="units")
    if publish_at and expires_at and expires_at <= publish_at:
        raise DomainError(_("The expiry date must come after the publishing date."), field="expires_at")
    if must_read and acknowledge_by is None:
        raise DomainError(_("Give the date by which readers must acknowledge."), field="acknowledge_by")
    if must_read and acknowledge_by is not None and acknowledge_by <= (publish_at or now):
        raise DomainError(_("The acknowledgment date must come after publishing."), field="acknowledge_by")
    may_pin = can(actor, "bulletins.pin", bulletin)
    if pinned and not may_pin and (bulletin is None or not bulletin.pinned):
        raise DomainError(_("Only communications pins bulletins to the top."), field="pinned")

    creating = bulletin is None
    if bulletin is not None and bulletin.status in SEEN_BY_READERS:
        widened = (audience_all, unit_ids, roles) != (bulletin.audience_all, sorted(bulletin.audience_unit_ids),
                                                      sorted(bulletin.audience_role_names))
        if widened and audience_needs_approval(actor, audience_all, unit_ids, roles):
            # Published without approval for the author's unit; a wider audience needs communications.
            raise DomainError(_("A published bulletin cannot be sent to a wider audience without approval: "
                                "write a new bulletin for it."), field="units")
    values = dict(titles=titles, bodies=bodies, category=category, audience_all=audience_all, unit_ids=unit_ids,
                  roles=roles, publish_at=publish_at, expires_at=expires_at, must_read=must_read,
                  acknowledge_by=acknowledge_by if must_read else None, comments_enabled=comments_enabled)
    if bulletin is None:
        bulletin = Bulletin(author_id=actor.id, unit_id=actor.unit_id, status=BulletinStatus.DRAFT,
                            original_language=next(iter(titles)), created_at=now)
        db.session.add(bulletin)
        if comments_enabled is None:
            # Sector bulletins invite questions; all-staff announcements start without.
            values["comments_enabled"] = not audience_all
    elif approved_change(actor, bulletin, values) and bulletin.status in SEEN_BY_READERS:
        # Readers keep the approved text; the edit waits for communications.
        bulletin.pending_changes = stored_values(values)
        back_to_approval(actor, bulletin, now)
        record(actor, "bulletins.edited", bulletin, status=bulletin.status, pending=True)
        db.session.commit()
        return bulletin
    must_approve = not creating and approved_change(actor, bulletin, values)
    apply_values(actor, bulletin, values, now)
    if may_pin:
        bulletin.pinned = pinned
    db.session.flush()
    if must_approve and bulletin.status in (BulletinStatus.SUBMITTED, BulletinStatus.SCHEDULED):
        # Changed while communications reads it, or after it was approved: approve it again.
        back_to_approval(actor, bulletin, now)
    record_event(bulletin, actor, "created" if creating else "edited", now=now)
    record(actor, "bulletins.created" if creating else "bulletins.edited", bulletin, status=bulletin.status)
    db.session.commit()
    return bulletin


def apply_values(actor: Person, bulletin: Bulletin, values: dict, now: datetime) -> None:
    """Write `save`'s values onto the bulletin; a published text changed keeps its earlier version."""
    titles, bodies = values["titles"], values["bodies"]
    if bulletin.status in SEEN_BY_READERS and (bulletin.titles != titles or bulletin.bodies != bodies):
        number = 1 + len(db.session.scalars(select(BulletinVersion.id)
                                            .where(BulletinVersion.bulletin_id == bulletin.id)).all())
        db.session.add(BulletinVersion(bulletin_id=bulletin.id, number=number, titles=bulletin.titles,
                                       bodies=bulletin.bodies, saved_at=now, saved_by_id=actor.id))
        bulletin.updated_at = now
    languages = [lang for lang, title in titles.items() if title]
    bulletin.titles, bulletin.bodies = titles, bodies
    if bulletin.original_language not in languages:
        bulletin.original_language = languages[0]
    bulletin.category = values["category"]
    bulletin.audience_all = values["audience_all"]
    bulletin.audiences = ([BulletinAudience(unit_id=u) for u in values["unit_ids"]]
                          + [BulletinAudience(role=r) for r in values["roles"]])
    bulletin.publish_at, bulletin.expires_at = values["publish_at"], values["expires_at"]
    bulletin.must_read, bulletin.acknowledge_by = values["must_read"], values["acknowledge_by"]
    if values["comments_enabled"] is not None:
        bulletin.comments_enabled = values["comments_enabled"]
    bulletin.search_text = search_text(titles, bodies)


_DATES = ("publish_at", "expires_at", "acknowledge_by")


def stored_values(values: dict) -> dict:
    """`save`'s values as JSON (dates as ISO text), to wait for approval on the bulletin."""
    return {k: (v.isoformat() if k in _DATES and v else v) for k, v in values.items()}


def loaded_values(stored: dict) -> dict:
    """`stored_values` read back."""
    return {k: (datetime.fromisoformat(v) if k in _DATES and v else v) for k, v in stored.items()}


def approved_change(actor: Person, bulletin: Bulletin, values: dict | None = None) -> bool:
    """Whether a change by `actor` must be approved: the bulletin needed approval, or would with the new audience.

    Communications approves, so its own changes never wait.
    """
    if can(actor, "bulletins.review", bulletin) or bulletin.status in BEING_WRITTEN:
        return False
    if needs_approval(actor, bulletin):
        return True
    if values is None:
        return False
    return audience_needs_approval(actor, values["audience_all"], values["unit_ids"], values["roles"])


def ask_for_approval(bulletin: Bulletin, message) -> None:
    """Tell every communications officer that the bulletin waits for them (one notice each,
    cleared for all of them once one decides)."""
    for officer in communications_officers():
        notify(officer, "bulletins.review", message, bulletin.translated_titles,
               url=f"/bulletins/{bulletin.id}", subject=bulletin.review_subject)


def back_to_approval(actor: Person, bulletin: Bulletin, now: datetime) -> None:
    """A change communications has not seen: count it, ask again for approval, tell communications."""
    bulletin.revision = (bulletin.revision or 0) + 1
    if bulletin.status in SEEN_BY_READERS:
        bulletin.pending_status = "submitted"
        record_event(bulletin, actor, "changes_submitted", now=now)
        message = _l("Changes to a published bulletin wait for your approval")
    else:
        if bulletin.status == BulletinStatus.SCHEDULED:
            bulletin.reopen_for_approval()
            record_event(bulletin, actor, "submitted", now=now)
        message = _l("A bulletin waiting for approval was changed")
    ask_for_approval(bulletin, message)


def changed_after_approval(actor: Person, bulletin: Bulletin, now: datetime | None = None) -> bool:
    """Called when an attachment changes: True when the change must wait for approval (published
    bulletins); communications is told either way. In the caller's transaction."""
    if not approved_change(actor, bulletin):
        return False
    waits = bulletin.status in SEEN_BY_READERS
    back_to_approval(actor, bulletin, now or utcnow())
    return waits


def editable_values(bulletin: Bulletin) -> dict:
    """What the edit form starts from: the changes waiting for approval, else the bulletin as it is."""
    if bulletin.pending_changes:
        return loaded_values(bulletin.pending_changes)
    return dict(titles=dict(bulletin.titles), bodies=dict(bulletin.bodies), category=bulletin.category,
                audience_all=bulletin.audience_all, unit_ids=bulletin.audience_unit_ids,
                roles=bulletin.audience_role_names, publish_at=bulletin.publish_at, expires_at=bulletin.expires_at,
                must_read=bulletin.must_read, acknowledge_by=bulletin.acknowledge_by,
                comments_enabled=bulletin.comments_enabled)


def proposed_text(bulletin: Bulletin, language: str) -> tuple[str, str, str]:
    """(title, body, language shown) of the changes waiting for approval, as `Bulletin.text_in` picks them."""
    values = editable_values(bulletin)
    return Bulletin(titles=values["titles"], bodies=values["bodies"],
                    original_language=bulletin.original_language).text_in(language)


def history(bulletin: Bulletin) -> list[BulletinEvent]:
    """Every step of the bulletin, oldest first."""
    return list(db.session.scalars(select(BulletinEvent).where(BulletinEvent.bulletin_id == bulletin.id)
                                   .order_by(BulletinEvent.at, BulletinEvent.id)))


def versions(bulletin: Bulletin) -> list[BulletinVersion]:
    """The earlier texts of a published bulletin, newest first."""
    return list(db.session.scalars(select(BulletinVersion).where(BulletinVersion.bulletin_id == bulletin.id)
                                   .order_by(BulletinVersion.number.desc())))


def mine(person: Person) -> list[Bulletin]:
    """The person's own bulletins at every stage, newest first (communications: everything not yet live too)."""
    condition = Bulletin.author_id == person.id
    if can(person, "bulletins.moderate"):
        condition = or_(condition, Bulletin.status.in_((BulletinStatus.SUBMITTED, BulletinStatus.SCHEDULED)),
                        Bulletin.pending_status == "submitted")
    return list(db.session.scalars(select(Bulletin).where(condition).order_by(Bulletin.created_at.desc(),
                                                                             Bulletin.id.desc()).limit(200)))
