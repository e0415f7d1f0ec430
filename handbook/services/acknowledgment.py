"""Where a person stands with a handbook, and acknowledging it.

The acknowledgment rules, in one place (`evaluate`):

- a *material* version asks everyone to acknowledge again; an *editorial* one
  carries acknowledgments over: an acknowledgment of any version since the
  latest material one meets the requirement;
- the due date is `due_days` after joining for people who joined after the
  latest material version, else `due_days` after that version was published;
- with yearly re-acknowledgment, an acknowledgment older than 365 days no
  longer counts (due `due_days` after it expired).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from flask_babel import gettext as _

from handbook.models import Acknowledgment, Handbook, Version
from handbook.services.reading import current_version, latest_material, list_handbooks
from intranet.database import insert_once
from intranet.domain import DomainError
from intranet.extensions import db
from intranet.i18n import enabled_languages
from intranet.notifications.services import clear
from intranet.people.models import Person, utcnow

YEAR = timedelta(days=365)


def notification_subject(handbook: Handbook) -> str:
    """What notifications about the handbook are about: acknowledging it clears them."""
    return f"handbook:{handbook.slug}"


class Reason(StrEnum):
    """Why a person has to acknowledge (again)."""

    #: never acknowledged
    NEW = "new"
    #: a material change since their acknowledgment
    MATERIAL = "material"
    #: their acknowledgment is more than a year old
    YEARLY = "yearly"


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
    reason: Reason | None = None
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
        return Status(**base, must_acknowledge=True, reason=Reason.YEARLY, due=due, overdue=now > due)
    joined_at = joined_at or now
    if joined_at > material.published_at:
        due = joined_at + due_days
    else:
        due = material.published_at + due_days
    reason = Reason.MATERIAL if latest is not None else Reason.NEW
    return Status(**base, must_acknowledge=True, reason=reason, due=due, overdue=now > due)


def acknowledgment_records(handbook: Handbook, person_id: int | None = None) -> dict[int, list[AckRecord]]:
    """Every acknowledgment of the handbook (or one person's), by person id."""
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


def acknowledge(person: Person, handbook: Handbook, language: str) -> Acknowledgment:
    """Record that `person` read and understood the current version, in `language`.

    Acknowledging the same version twice changes nothing and returns the first record,
    except for yearly re-acknowledgment: an acknowledgment older than a year is renewed.
    The person's notifications about the handbook ("please read and acknowledge",
    "new version") are marked read: there is nothing left to do about them.

    :raises DomainError: when nothing is published yet or the language is not enabled.
    """
    version = current_version(handbook)
    if version is None:
        raise DomainError(_("This handbook has no published version yet."))
    if language not in enabled_languages():
        raise DomainError(_("Choose one of the enabled languages."), field="language")
    # One statement, not check-then-insert: a double click sends two requests at once.
    insert_once(Acknowledgment, person_id=person.id, handbook_id=handbook.id, version_id=version.id,
                language=language, acknowledged_at=utcnow())
    clear(notification_subject(handbook), person)
    db.session.commit()
    existing = db.session.scalar(
        db.select(Acknowledgment).where(Acknowledgment.person_id == person.id,
                                        Acknowledgment.version_id == version.id)
    )
    if handbook.yearly_reacknowledgment and utcnow() - existing.acknowledged_at > YEAR:
        existing.acknowledged_at, existing.language = utcnow(), language
        db.session.commit()
    return existing
