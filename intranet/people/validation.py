"""Checking the values of people and units, one field at a time.

Each check returns the value in normal form or raises a `DomainError` naming
the form field. They read the database at most (a unit exists), and import no
service that notifies or audits, so settings and imports can use them without
pulling in the notification machinery.
"""

from __future__ import annotations

import re
from typing import Any

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import gettext as _

from intranet.domain import DomainError
from intranet.extensions import db
from intranet.i18n import enabled_languages
from intranet.people.models import ASSIGNABLE_ROLES, Person, Unit

Changes = dict[str, tuple[Any, Any]]


def clean_text(value: str | None, field: str, max_length: int, required: bool = False) -> str:
    text = (value or "").strip()
    if required and not text:
        raise DomainError(_("This field is required."), field)
    if len(text) > max_length:
        raise DomainError(_("At most %(num)d characters.", num=max_length), field)
    return text



def normalise_email(value: str | None, field: str = "email") -> str:
    """The address in normal form. :raises DomainError: when it is malformed."""
    text = (value or "").strip()
    try:
        # No DNS lookups (intranets are often offline); tests may use the reserved ".test" domain.
        email = validate_email(text, check_deliverability=False, test_environment=current_app.testing).normalized
    except EmailNotValidError:
        raise DomainError(_("%(value)s is not a valid email address.", value=text), field) from None
    if len(email) > 254:
        raise DomainError(_("At most %(num)d characters.", num=254), field)
    return email


_PHONE = re.compile(r"^\+?[0-9 ()./-]{3,40}$")


def clean_phone(value: str | None, field: str = "phone") -> str:
    """A work phone number as typed (digits, spaces, + ( ) . / -), or empty."""
    text = clean_text(value, field, 50)
    if text and not _PHONE.match(text):
        raise DomainError(_("Write the phone number with digits, spaces and + ( ) - only."), field)
    return text



def clean_language(value: str | None, field: str = "language") -> str:
    code = (value or "").strip().lower() or current_app.config["BABEL_DEFAULT_LOCALE"]
    if code not in enabled_languages():
        raise DomainError(_("Unknown language %(value)s; use one of: %(known)s.",
                            value=value, known=", ".join(enabled_languages())), field)
    return code



#: what an import file may write for each gender (any letter case); "unknown" clears it
_GENDER_WORDS = {"female": "female", "f": "female", "male": "male", "m": "male", "other": "other",
                 "unknown": ""}


def clean_gender(value: str | None, field: str = "gender") -> str:
    word = (value or "").strip().lower()
    if word not in _GENDER_WORDS:
        raise DomainError(_("Write female, male, other or unknown, not %(value)s.", value=value), field)
    return _GENDER_WORDS[word]


def clean_unit_id(unit_id: int | None, field: str = "unit_id") -> int | None:
    if unit_id is None:
        return None
    if db.session.get(Unit, unit_id) is None:
        raise DomainError(_("This unit does not exist."), field)
    return unit_id



def clean_role(role: str, field: str = "roles") -> str:
    role = (role or "").strip().lower()
    if role not in ASSIGNABLE_ROLES:
        raise DomainError(_("Unknown role %(value)s; use one of: %(known)s.",
                            value=role, known=", ".join(ASSIGNABLE_ROLES)), field)
    return role


def changes_of(obj: Any, values: dict[str, Any]) -> Changes:
    """The values that differ from the object's, as {field: (old, new)}."""
    return {key: (getattr(obj, key), new) for key, new in values.items() if getattr(obj, key) != new}


def apply_changes(obj: Any, changes: Changes) -> None:
    """Set each changed field to its new value."""
    for key, (_old, new) in changes.items():
        setattr(obj, key, new)


def audit_view(changes: Changes) -> dict[str, list]:
    """Changes as the audit log keeps them: ids of units and people shown as codes and names."""
    def show(key: str, value: Any) -> Any:
        if value is None:
            return None
        if key in ("unit_id", "parent_id"):
            unit = db.session.get(Unit, value)
            return unit.code if unit else value
        if key == "head_id":
            person = db.session.get(Person, value)
            return person.name if person else value
        return value

    return {key.removesuffix("_id"): [show(key, old), show(key, new)] for key, (old, new) in changes.items()}
