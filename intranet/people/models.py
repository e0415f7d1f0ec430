"""Units, people and the roles they hold."""

from __future__ import annotations

from datetime import UTC, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from intranet.config import ROLE_NAMES
from intranet.extensions import Model
from intranet.i18n import current_language
from intranet.texts import Translated


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def find_translation(texts: dict | None, language: str) -> tuple[str, str]:
    """(text, its language): the text in `language`, else the default language's, else any.

    The language comes back too, so a page can say when it shows another one.
    """
    translated = Translated(texts or {})
    code = translated.language_for(language)
    return translated.get(code, ""), code


def pick_translation(texts: dict | None, language: str | None = None, fallback: str = "") -> str:
    """The text in `language` (default: the reader's) as `find_translation` picks it, else `fallback`."""
    return find_translation(texts, language or current_language())[0] or fallback


class Unit(Model):
    """A directorate, an office of the cabinet or a smaller unit inside one."""

    __tablename__ = "units"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: short stable code, e.g. "DAP"; matched against the Entra `department` claim
    code: Mapped[str] = mapped_column(String(32), unique=True)
    #: the name per language: {"sq": ..., "sr": ..., "en": ...}
    names: Mapped[dict] = mapped_column(JSON, default=dict)
    #: directorate, office, unit
    kind: Mapped[str] = mapped_column(String(20), default="directorate")
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    #: the director or head; holding this makes the person a director of the unit
    head_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", use_alter=True, name="fk_units_head_id_people"), index=True
    )
    sort_order: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)

    parent: Mapped[Unit | None] = relationship(remote_side=[id])
    head: Mapped[Person | None] = relationship(foreign_keys=[head_id], post_update=True)

    @property
    def name(self) -> str:
        return pick_translation(self.names, fallback=self.code)

    def name_in(self, language: str) -> str:
        return pick_translation(self.names, language, fallback=self.code)

    def __repr__(self) -> str:
        return f"<Unit {self.code}>"


class Person(Model):
    """A member of staff. Identity is the Entra tenant and object id, never the email."""

    __tablename__ = "people"
    __table_args__ = (UniqueConstraint("tenant_id", "object_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Entra `tid` and `oid`; empty until the first sign-in for imported staff
    tenant_id: Mapped[str | None] = mapped_column(String(64))
    object_id: Mapped[str | None] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254), index=True)
    position: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    #: sq, sr or en
    language: Mapped[str] = mapped_column(String(8), default="sq")
    active: Mapped[bool] = mapped_column(default=True)
    #: optional, only ever set by the staff import: one of `GENDERS`, or "" when not recorded;
    #: used in aggregate figures only (never shown on a profile)
    gender: Mapped[str] = mapped_column(String(16), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_sign_in_at: Mapped[datetime | None]

    unit: Mapped[Unit | None] = relationship(foreign_keys=[unit_id])
    role_assignments: Mapped[list[RoleAssignment]] = relationship(
        back_populates="person", cascade="all, delete-orphan"
    )
    #: the units this person heads (which makes them their director); loaded once per session
    headed_units: Mapped[list[Unit]] = relationship(
        primaryjoin="Unit.head_id == Person.id", viewonly=True, order_by="Unit.id"
    )

    @property
    def roles(self) -> set[str]:
        """Every role held: always employee, plus assigned roles, plus director for a head."""
        held = {"employee"} | {a.role for a in self.role_assignments}
        if self.headed_units:
            held.add("director")
        return held

    def directs(self, unit_id: int | None) -> bool:
        """Whether this person is the director of that unit (by heading it, or by role in it)."""
        if unit_id is None:
            return False
        if any(u.id == unit_id for u in self.headed_units):
            return True
        return "director" in {a.role for a in self.role_assignments} and self.unit_id == unit_id

    def has_role(self, role: str) -> bool:
        return role in self.roles

    def __repr__(self) -> str:
        return f"<Person {self.id} {self.name}>"


class RoleAssignment(Model):
    """A role a person holds, from an admin or from the Entra `roles` claim."""

    __tablename__ = "role_assignments"
    __table_args__ = (UniqueConstraint("person_id", "role", "source"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(32))
    #: "admin" (assigned in Ura) or "sso" (refreshed from the token at each sign-in)
    source: Mapped[str] = mapped_column(String(8), default="admin")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    person: Mapped[Person] = relationship(back_populates="role_assignments")


ASSIGNABLE_ROLES = tuple(r for r in ROLE_NAMES if r != "employee")
#: the values of `Person.gender` (besides "" for not recorded), and how they are named in figures
GENDERS = ("female", "male", "other")
GENDER_LABELS = {"female": _l("Women"), "male": _l("Men"), "other": _l("Other"), "": _l("Not recorded")}
#: how roles are named to people (lazy: each reader's language)
ROLE_LABELS = {
    "employee": _l("Employee"), "director": _l("Director"), "communications": _l("Communications"),
    "hr": _l("Human resources"), "cabinet": _l("Cabinet"), "admin": _l("Administrator"),
}
