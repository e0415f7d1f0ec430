"""Writing bulletins and moving them through their workflow.

draft → submitted → (approved | returned with a comment) → scheduled → published → expired / archived.
A director's bulletin for their own unit (and anything communications writes)
goes live without approval; a bulletin for all staff, for other units or for
roles goes to communications first. Every step is a `BulletinEvent` on the
bulletin's history and an audit entry. Reading, acknowledging and reach live in
`bulletins.reading`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, false, func, or_, select, true, update
from sqlalchemy.engine import CursorResult

from bulletins.models import CATEGORIES, Bulletin, BulletinAudience, BulletinEvent, BulletinVersion, ReminderSent
from bulletins.rendering import check_images, clean_markdown, plain_text
from intranet.audit.services import record
from intranet.database import dialect_name, lock
from intranet.domain import DomainError, PermissionDenied
from intranet.extensions import db
from intranet.notifications.fanout import enqueue_fanout
from intranet.notifications.services import enqueue_teams, notify, notify_many
from intranet.people.models import Person, RoleAssignment, Unit, utcnow
from intranet.permissions import can, require

log = logging.getLogger("ura.bulletins")

#: audiences up to this size are notified inside the publishing request; larger ones
#: (all staff) by a fan-out job that `flask outbox run` picks up within its interval
INLINE_AUDIENCE = 200
ANNOUNCE_JOB = "bulletins.published"

LANGUAGES = ("sq", "sr", "en")
#: roles a bulletin can be addressed to
AUDIENCE_ROLES = ("director", "communications", "hr", "cabinet", "admin")


# --- who is in the audience -------------------------------------------------------


@dataclass(frozen=True)
class Audience:
    """Whom a bulletin would be addressed to (a `Bulletin` answers the same three attributes)."""

    audience_all: bool
    audience_unit_ids: list[int]
    audience_role_names: list[str]


def unit_chain(unit_id: int | None) -> list[int]:
    """The unit and every unit above it: a bulletin for any of them reaches a person in `unit_id`."""
    chain, seen = [], set()
    while unit_id is not None and unit_id not in seen:
        seen.add(unit_id)
        chain.append(unit_id)
        unit_id = db.session.scalar(select(Unit.parent_id).where(Unit.id == unit_id))
    return chain


def unit_subtree(unit_ids: list[int]) -> set[int]:
    """The units and every unit below them."""
    children: dict[int | None, list[int]] = {}
    for uid, parent in db.session.execute(select(Unit.id, Unit.parent_id)).all():
        children.setdefault(parent, []).append(uid)
    found, stack = set(), list(unit_ids)
    while stack:
        uid = stack.pop()
        if uid not in found:
            found.add(uid)
            stack.extend(children.get(uid, []))
    return found


def audience_condition(person: Person):
    """SQL: the bulletin is addressed to `person` (all staff, a unit above theirs, or a role they hold)."""
    # An uncorrelated IN: the database finds the few addressed bulletins once through the
    # unit and role indexes, instead of probing the audience table for every bulletin.
    addressed = select(BulletinAudience.bulletin_id).where(or_(
        BulletinAudience.unit_id.in_(unit_chain(person.unit_id)), BulletinAudience.role.in_(sorted(person.roles))))
    return or_(Bulletin.audience_all, Bulletin.id.in_(addressed))


def in_audience(person: Person, bulletin: Bulletin) -> bool:
    if bulletin.audience_all:
        return True
    chain = set(unit_chain(person.unit_id))
    return any(a.unit_id in chain for a in bulletin.audiences) or bool(
        set(bulletin.audience_role_names) & person.roles)


def audience_filter(bulletin: Bulletin):
    """SQL over `Person`: active and addressed by the bulletin."""
    if bulletin.audience_all:
        return Person.active
    roles = set(bulletin.audience_role_names)
    conditions = []
    if bulletin.audience_unit_ids:
        conditions.append(Person.unit_id.in_(unit_subtree(bulletin.audience_unit_ids)))
    if roles:
        conditions.append(Person.id.in_(select(RoleAssignment.person_id).where(RoleAssignment.role.in_(roles))))
    if "director" in roles:
        # A unit's recorded head is a director without the role assigned (Person.roles).
        conditions.append(Person.id.in_(select(Unit.head_id).where(Unit.head_id.is_not(None))))
    return and_(Person.active, or_(*conditions) if conditions else false())


def audience_people(bulletin: Bulletin) -> list[Person]:
    """Every active person the bulletin is addressed to."""
    return list(db.session.scalars(select(Person).where(audience_filter(bulletin)).order_by(Person.name, Person.id)))


def needs_approval(actor: Person, bulletin: Bulletin) -> bool:
    """Whether communications must approve: all staff, roles, or any unit the author does not act for."""
    return not can(actor, "bulletins.publish_without_approval", bulletin)


def _audience_needs_approval(actor: Person, audience_all: bool, unit_ids, roles) -> bool:
    return not can(actor, "bulletins.publish_without_approval", Audience(audience_all, list(unit_ids), list(roles)))


# --- writing ------------------------------------------------------------------------


def _search_text(titles: dict, bodies: dict) -> str:
    parts = [titles.get(lang, "") + " " + plain_text(bodies.get(lang, "")) for lang in LANGUAGES]
    return " ".join(" ".join(parts).split()).lower()


def _event(bulletin: Bulletin, actor: Person | None, action: str, comment: str = "", now=None) -> None:
    db.session.add(BulletinEvent(bulletin_id=bulletin.id, actor_id=actor.id if actor else None,
                                 action=action, comment=comment, at=now or utcnow()))


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
    if bulletin is not None and bulletin.status == "archived":
        raise PermissionDenied(_("You may not edit this bulletin."))
    if bulletin is not None:
        # Two saves at once take turns: each numbers its kept version after the other's.
        bulletin = lock(bulletin)
    titles = {lang: " ".join((titles.get(lang) or "").split())[:300] for lang in LANGUAGES}
    bodies = {lang: clean_markdown(bodies.get(lang)) for lang in LANGUAGES}
    for lang in LANGUAGES:
        if titles[lang] and not bodies[lang]:
            raise DomainError(_("Write the text for this title too, or leave both empty."), field=f"body_{lang}")
        if bodies[lang] and not titles[lang]:
            raise DomainError(_("Give this text a title."), field=f"title_{lang}")
        check_images(bodies[lang], field=f"body_{lang}")
    languages = [lang for lang in LANGUAGES if titles[lang]]
    if not languages:
        raise DomainError(_("Write the bulletin in at least one language: a title and a text."), field="title_sq")
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
    if must_read and acknowledge_by <= (publish_at or now):
        raise DomainError(_("The acknowledgment date must come after publishing."), field="acknowledge_by")
    may_pin = can(actor, "bulletins.pin", bulletin)
    if pinned and not may_pin and (bulletin is None or not bulletin.pinned):
        raise DomainError(_("Only communications pins bulletins to the top."), field="pinned")

    creating = bulletin is None
    if not creating and bulletin.status in ("published", "expired"):
        widened = (audience_all, unit_ids, roles) != (bulletin.audience_all, sorted(bulletin.audience_unit_ids),
                                                      sorted(bulletin.audience_role_names))
        if widened and _audience_needs_approval(actor, audience_all, unit_ids, roles):
            # Published without approval for the author's unit; a wider audience needs communications.
            raise DomainError(_("A published bulletin cannot be sent to a wider audience without approval: "
                                "write a new bulletin for it."), field="units")
    values = dict(titles=titles, bodies=bodies, category=category, audience_all=audience_all, unit_ids=unit_ids,
                  roles=roles, publish_at=publish_at, expires_at=expires_at, must_read=must_read,
                  acknowledge_by=acknowledge_by if must_read else None, comments_enabled=comments_enabled)
    if creating:
        bulletin = Bulletin(author_id=actor.id, unit_id=actor.unit_id, status="draft", original_language=languages[0],
                            created_at=now)
        db.session.add(bulletin)
        if comments_enabled is None:
            # Sector bulletins invite questions; all-staff announcements start without.
            values["comments_enabled"] = not audience_all
    elif _approved_change(actor, bulletin, values) and bulletin.status in ("published", "expired"):
        # Readers keep the approved text; the edit waits for communications.
        bulletin.pending_changes = _stored(values)
        _back_to_approval(actor, bulletin, now)
        record(actor, "bulletins.edited", bulletin, status=bulletin.status, pending=True)
        db.session.commit()
        return bulletin
    must_approve = not creating and _approved_change(actor, bulletin, values)
    _apply(actor, bulletin, values, now)
    if may_pin:
        bulletin.pinned = pinned
    db.session.flush()
    if must_approve and bulletin.status in ("submitted", "scheduled"):
        # Changed while communications reads it, or after it was approved: approve it again.
        _back_to_approval(actor, bulletin, now)
    _event(bulletin, actor, "created" if creating else "edited", now=now)
    record(actor, "bulletins.created" if creating else "bulletins.edited", bulletin, status=bulletin.status)
    db.session.commit()
    return bulletin


def _apply(actor: Person, bulletin: Bulletin, values: dict, now: datetime) -> None:
    """Write `save`'s values onto the bulletin; a published text changed keeps its earlier version."""
    titles, bodies = values["titles"], values["bodies"]
    if bulletin.status in ("published", "expired") and (bulletin.titles != titles or bulletin.bodies != bodies):
        number = 1 + len(db.session.scalars(select(BulletinVersion.id)
                                            .where(BulletinVersion.bulletin_id == bulletin.id)).all())
        db.session.add(BulletinVersion(bulletin_id=bulletin.id, number=number, titles=bulletin.titles,
                                       bodies=bulletin.bodies, saved_at=now, saved_by_id=actor.id))
        bulletin.updated_at = now
    languages = [lang for lang in LANGUAGES if titles.get(lang)]
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
    bulletin.search_text = _search_text(titles, bodies)


_DATES = ("publish_at", "expires_at", "acknowledge_by")


def _stored(values: dict) -> dict:
    """`save`'s values as JSON (dates as ISO text), to wait for approval on the bulletin."""
    return {k: (v.isoformat() if k in _DATES and v else v) for k, v in values.items()}


def _loaded(stored: dict) -> dict:
    return {k: (datetime.fromisoformat(v) if k in _DATES and v else v) for k, v in stored.items()}


def _approved_change(actor: Person, bulletin: Bulletin, values: dict | None = None) -> bool:
    """Whether a change by `actor` must be approved: the bulletin needed approval, or would with the new audience.

    Communications approves, so its own changes never wait.
    """
    if can(actor, "bulletins.review", bulletin) or bulletin.status in ("draft", "returned"):
        return False
    if needs_approval(actor, bulletin):
        return True
    if values is None:
        return False
    return _audience_needs_approval(actor, values["audience_all"], values["unit_ids"], values["roles"])


def _back_to_approval(actor: Person, bulletin: Bulletin, now: datetime) -> None:
    """A change communications has not seen: count it, ask again for approval, tell communications."""
    bulletin.revision = (bulletin.revision or 0) + 1
    if bulletin.status in ("published", "expired"):
        bulletin.pending_status = "submitted"
        _event(bulletin, actor, "changes_submitted", now=now)
        message = _l("Changes to a published bulletin wait for your approval")
    else:
        if bulletin.status == "scheduled":
            bulletin.status = "submitted"
            _event(bulletin, actor, "submitted", now=now)
        message = _l("A bulletin waiting for approval was changed")
    for officer in _communications():
        notify(officer, "bulletins.review", message, bulletin.text_in(officer.language)[0],
               url=f"/bulletins/{bulletin.id}")


def changed_after_approval(actor: Person, bulletin: Bulletin, now: datetime | None = None) -> bool:
    """Called when an attachment changes: True when the change must wait for approval (published
    bulletins); communications is told either way. In the caller's transaction."""
    if not _approved_change(actor, bulletin):
        return False
    waits = bulletin.status in ("published", "expired")
    _back_to_approval(actor, bulletin, now or utcnow())
    return waits


def editable_values(bulletin: Bulletin) -> dict:
    """What the edit form starts from: the changes waiting for approval, else the bulletin as it is."""
    if bulletin.pending_changes:
        return _loaded(bulletin.pending_changes)
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


def waiting_for_review(bulletin: Bulletin) -> bool:
    """A new bulletin or changes to a published one wait for communications."""
    return bulletin.status == "submitted" or bulletin.pending_status == "submitted"


def submit(actor: Person, bulletin: Bulletin, now: datetime | None = None) -> Bulletin:
    """Send a draft on: to communications when it needs approval, else live (or scheduled) at once."""
    now = now or utcnow()
    require(actor, "bulletins.manage", bulletin, _("You may not submit this bulletin."))
    if bulletin.status not in ("draft", "returned"):
        raise DomainError(_("Only a draft or a returned bulletin can be submitted."))
    if needs_approval(actor, bulletin):
        bulletin.status = "submitted"
        _event(bulletin, actor, "submitted", now=now)
        record(actor, "bulletins.submitted", bulletin)
        for officer in _communications():
            notify(officer, "bulletins.review", _l("A bulletin waits for your approval"),
                   bulletin.text_in(officer.language)[0], url=f"/bulletins/{bulletin.id}")
    else:
        _go_live(actor, bulletin, now)
    db.session.commit()
    return bulletin


def approve(actor: Person, bulletin: Bulletin, comment: str = "", now: datetime | None = None,
            revision: int | None = None) -> Bulletin:
    """Communications approves a submitted bulletin (it goes live now or at its publishing date),
    or the changes waiting on a published one (readers see them from now on).

    `revision` is the one the approver read (the review form carries it): a bulletin
    changed since is refused, so nobody approves a text they have not seen.
    """
    now = now or utcnow()
    _check_reviewer(actor, bulletin)
    if revision is not None and revision != (bulletin.revision or 0):
        raise DomainError(_("The bulletin was changed after you opened it: read it again, then decide."))
    comment = (comment or "").strip()[:2000]
    if bulletin.pending_status == "submitted":
        _approve_changes(actor, bulletin, comment, now)
        db.session.commit()
        return bulletin
    _event(bulletin, actor, "approved", comment, now=now)
    record(actor, "bulletins.approved", bulletin, comment=comment)
    if bulletin.author and bulletin.author_id != actor.id:
        notify(bulletin.author, "bulletins.decision", _l("Your bulletin is approved"),
               comment, url=f"/bulletins/{bulletin.id}")
    _go_live(actor, bulletin, now)
    db.session.commit()
    return bulletin


def _approve_changes(actor: Person, bulletin: Bulletin, comment: str, now: datetime) -> None:
    """Apply the changes waiting on a published bulletin: texts, audience, dates and files."""
    author = bulletin.author or actor
    if bulletin.pending_changes:
        _apply(author, bulletin, _loaded(bulletin.pending_changes), now)
    for attachment in list(bulletin.attachments):
        if attachment.pending == "remove":
            bulletin.attachments.remove(attachment)
        elif attachment.pending == "add":
            attachment.pending = ""
            bulletin.updated_at = now
    bulletin.pending_changes, bulletin.pending_status = None, None
    _event(bulletin, actor, "changes_approved", comment, now=now)
    record(actor, "bulletins.changes_approved", bulletin, comment=comment)
    if bulletin.author and bulletin.author_id != actor.id:
        notify(bulletin.author, "bulletins.decision", _l("The changes to your bulletin are approved"),
               comment, url=f"/bulletins/{bulletin.id}")


def return_to_author(actor: Person, bulletin: Bulletin, comment: str, now: datetime | None = None) -> Bulletin:
    """Communications sends a submitted bulletin (or changes to a published one) back with a comment."""
    _check_reviewer(actor, bulletin)
    comment = (comment or "").strip()[:2000]
    if not comment:
        raise DomainError(_("Say what the author should change."), field="comment")
    changes = bulletin.pending_status == "submitted"
    if changes:
        # The published text stays; the author edits the changes again (which resubmits them).
        bulletin.pending_status = "returned"
    else:
        bulletin.status = "returned"
    event = "changes_returned" if changes else "returned"
    _event(bulletin, actor, event, comment, now=now)
    record(actor, f"bulletins.{event}", bulletin, comment=comment)
    if bulletin.author:
        message = (_l("The changes to your bulletin were returned") if changes
                   else _l("Your bulletin was returned with a comment"))
        notify(bulletin.author, "bulletins.decision", message, comment, url=f"/bulletins/{bulletin.id}")
    db.session.commit()
    return bulletin


def _check_reviewer(actor: Person, bulletin: Bulletin) -> None:
    if not can(actor, "bulletins.review", bulletin):
        raise PermissionDenied(_("Only communications approves bulletins."))
    if not waiting_for_review(bulletin):
        raise DomainError(_("This bulletin is not waiting for approval."))


def _communications() -> list[Person]:
    return list(db.session.scalars(
        select(Person).join(RoleAssignment).where(RoleAssignment.role == "communications", Person.active)
        .distinct()))


def _go_live(actor: Person | None, bulletin: Bulletin, now: datetime) -> None:
    if bulletin.publish_at and bulletin.publish_at > now:
        bulletin.status = "scheduled"
        _event(bulletin, actor, "scheduled", now=now)
        record(actor, "bulletins.scheduled", bulletin, publish_at=bulletin.publish_at.isoformat())
    else:
        publish_now(actor, bulletin, now)


def publish_now(actor: Person | None, bulletin: Bulletin, now: datetime | None = None) -> None:
    """Make the bulletin live and tell its audience (in the caller's transaction)."""
    now = now or utcnow()
    bulletin.status = "published"
    bulletin.published_at = now
    _event(bulletin, actor, "published", now=now)
    record(actor, "bulletins.published", bulletin, audience_all=bulletin.audience_all)
    _announce(bulletin, inline=False)
    if bulletin.must_read:
        db.session.add(ReminderSent(bulletin_id=bulletin.id, step="published", sent_at=now))
    if bulletin.audience_all and bulletin.category == "news":
        teams_title, teams_body, _lang = bulletin.text_in(bulletin.original_language)
        enqueue_teams(teams_title, plain_text(teams_body)[:500], url=f"/bulletins/{bulletin.id}/open")


def _announce(bulletin: Bulletin, inline: bool) -> None:
    """Tell the audience: at once for a small one, through a queued fan-out job for a large one."""
    if not inline and audience_size(bulletin) > INLINE_AUDIENCE:
        # Thousands of notifications and emails take seconds: the outbox worker makes them.
        enqueue_fanout(ANNOUNCE_JOB, bulletin_id=bulletin.id)
        return
    kind = "bulletins.must_read" if bulletin.must_read else "bulletins.published"

    def title(person: Person):
        text = bulletin.text_in(person.language)[0]
        if bulletin.must_read:
            return _l("Please read and acknowledge: %(title)s", title=text)
        return _l("New bulletin: %(title)s", title=text)

    body = _l("Acknowledge by %(date)s.", date=bulletin.acknowledge_by.date().isoformat()) if bulletin.must_read else ""
    notify_many(audience_people(bulletin), kind, title, body, url=f"/bulletins/{bulletin.id}/open")


def announce_job(payload: dict) -> None:
    """The fan-out job queued by `publish_now`: notify the audience of a published bulletin."""
    bulletin = db.session.get(Bulletin, payload["bulletin_id"])
    if bulletin is None or bulletin.status != "published":
        log.info("bulletin=%s is no longer published: nobody is told", payload["bulletin_id"])
        return
    _announce(bulletin, inline=True)


def audience_size(bulletin: Bulletin) -> int:
    return db.session.scalar(select(func.count()).select_from(Person).where(audience_filter(bulletin))) or 0


def _next_due(condition, skip: set[int]):
    """The id of one row of `condition` not in `skip`, locked on PostgreSQL (rows another
    tick holds are skipped, not waited for)."""
    query = select(Bulletin.id).where(condition, Bulletin.id.not_in(skip) if skip else true()).order_by(
        Bulletin.id).limit(1)
    if dialect_name() == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return db.session.scalar(query)


def _claim(bulletin_id: int, status: str, new_status: str) -> bool:
    """Move the bulletin from `status` to `new_status` if it is still there: of two ticks, one wins."""
    result = db.session.execute(update(Bulletin).where(Bulletin.id == bulletin_id, Bulletin.status == status)
                                .values(status=new_status).execution_options(synchronize_session=False))
    return cast(CursorResult, result).rowcount == 1  # an UPDATE answers a CursorResult


def publish_due(now: datetime | None = None) -> int:
    """Publish every scheduled bulletin whose time has come; expire those past their expiry date.

    Safe to run twice at once (each bulletin is claimed, so it is published and
    announced once) and to fail: each bulletin is committed on its own, and one
    that fails is logged and left scheduled for the next tick.
    """
    now = now or utcnow()
    count, failed = 0, set[int]()
    due = and_(Bulletin.status == "scheduled", Bulletin.publish_at <= now)
    while (bulletin_id := _next_due(due, failed)) is not None:
        try:
            if _claim(bulletin_id, "scheduled", "published"):
                bulletin = db.session.get(Bulletin, bulletin_id, populate_existing=True)
                publish_now(None, bulletin, now)
                count += 1
            db.session.commit()
        except Exception:
            db.session.rollback()
            failed.add(bulletin_id)
            log.exception("bulletin=%s could not be published; it stays scheduled for the next tick", bulletin_id)
    expiring = and_(Bulletin.status == "published", Bulletin.expires_at.is_not(None), Bulletin.expires_at <= now)
    while (bulletin_id := _next_due(expiring, failed)) is not None:
        try:
            if _claim(bulletin_id, "published", "expired"):
                bulletin = db.session.get(Bulletin, bulletin_id, populate_existing=True)
                _event(bulletin, None, "expired", now=now)
                record(None, "bulletins.expired", bulletin)
            db.session.commit()
        except Exception:
            db.session.rollback()
            failed.add(bulletin_id)
            log.exception("bulletin=%s could not be expired", bulletin_id)
    return count


def archive(actor: Person, bulletin: Bulletin, now: datetime | None = None) -> None:
    """Take a bulletin out of the feed for good (nothing is deleted)."""
    require(actor, "bulletins.manage", bulletin, _("You may not archive this bulletin."))
    bulletin.status = "archived"
    bulletin.pinned = False
    _event(bulletin, actor, "archived", now=now)
    record(actor, "bulletins.archived", bulletin)
    db.session.commit()


def set_pinned(actor: Person, bulletin: Bulletin, pinned: bool) -> None:
    require(actor, "bulletins.pin", bulletin, _("Only communications pins bulletins to the top."))
    bulletin.pinned = pinned
    _event(bulletin, actor, "pinned" if pinned else "unpinned")
    record(actor, "bulletins.pinned" if pinned else "bulletins.unpinned", bulletin)
    db.session.commit()


def history(bulletin: Bulletin) -> list[BulletinEvent]:
    return list(db.session.scalars(select(BulletinEvent).where(BulletinEvent.bulletin_id == bulletin.id)
                                   .order_by(BulletinEvent.at, BulletinEvent.id)))


def versions(bulletin: Bulletin) -> list[BulletinVersion]:
    return list(db.session.scalars(select(BulletinVersion).where(BulletinVersion.bulletin_id == bulletin.id)
                                   .order_by(BulletinVersion.number.desc())))


def review_queue() -> list[Bulletin]:
    return list(db.session.scalars(select(Bulletin).where(or_(Bulletin.status == "submitted",
                                                              Bulletin.pending_status == "submitted"))
                                   .order_by(Bulletin.created_at)))


def mine(person: Person) -> list[Bulletin]:
    """The person's own bulletins at every stage, newest first (communications: everything not yet live too)."""
    condition = Bulletin.author_id == person.id
    if can(person, "bulletins.moderate"):
        condition = or_(condition, Bulletin.status.in_(("submitted", "scheduled")),
                        Bulletin.pending_status == "submitted")
    return list(db.session.scalars(select(Bulletin).where(condition).order_by(Bulletin.created_at.desc(),
                                                                             Bulletin.id.desc()).limit(200)))


def publish_consolidated_report(actor: Person, titles: dict[str, str], bodies: dict[str, str],
                                now: datetime | None = None) -> Bulletin:
    """Publish the month's consolidated report as an all-staff news bulletin, at once.

    The caller (communications or the cabinet) is the approver, so there is no
    approval step; the audience is notified as for any published bulletin.
    """
    now = now or utcnow()
    require(actor, "bulletins.monthly.manage", message=_("Only communications or the cabinet publish the "
                                                          "consolidated report."))
    titles = {lang: " ".join((titles.get(lang) or "").split())[:300] for lang in LANGUAGES}
    bodies = {lang: clean_markdown(bodies.get(lang)) for lang in LANGUAGES}
    languages = [lang for lang in LANGUAGES if titles[lang] and bodies[lang]]
    if not languages:
        raise DomainError(_("Write the bulletin in at least one language: a title and a text."), field="title_sq")
    bulletin = Bulletin(author_id=actor.id, unit_id=actor.unit_id, category="news", titles=titles, bodies=bodies,
                        original_language=languages[0], audience_all=True, comments_enabled=True,
                        search_text=_search_text(titles, bodies), created_at=now)
    db.session.add(bulletin)
    db.session.flush()
    _event(bulletin, actor, "created", now=now)
    record(actor, "bulletins.created", bulletin, source="monthly-report")
    publish_now(actor, bulletin, now)
    db.session.commit()
    return bulletin
