"""Runtime settings, and who and when for the audit log page's filters.

A setting stored here wins over the deployment's configuration (`URA_ORG_NAME`);
without a stored value the configuration applies, so a fresh install needs none.
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import event, select
from sqlalchemy.exc import SQLAlchemyError

from intranet.admin.models import Setting
from intranet.audit.models import AuditEntry
from intranet.audit.services import record
from intranet.domain import DomainError
from intranet.extensions import db
from intranet.i18n import enabled_languages
from intranet.people.models import Person, pick_translation
from intranet.people.validation import clean_text, normalise_email
from intranet.permissions import require
from intranet.process_cache import forget, kept

log = logging.getLogger("ura.admin")

#: every key the settings page manages
SETTING_KEYS = ("org_name", "it_contact_email", "action_escalation_days")

#: the bounds of the escalation grace period, in days overdue
ESCALATION_DAYS_RANGE = (1, 90)


#: how long a process keeps the settings it read: every page's layout reads them, an admin
#: changes them a few times a year. A save forgets them at once in its own process; the
#: other processes (gunicorn workers) see it within this time.
SETTINGS_CACHE_SECONDS = 30.0
_CACHE = "settings"


def _stored_settings() -> dict[str, Any]:
    """Every stored setting, read once per process and kept `SETTINGS_CACHE_SECONDS`."""
    return kept(_CACHE, SETTINGS_CACHE_SECONDS,
                lambda: {key: value for key, value in db.session.execute(select(Setting.key, Setting.value))})


def forget_settings(*_args: Any) -> None:
    """Drop this process's copy of the settings (a setting was written)."""
    forget(_CACHE)


# Any write of a setting, by the settings page or not (the demo, a test), forgets the copy.
for _event in ("after_insert", "after_update", "after_delete"):
    event.listen(Setting, _event, forget_settings)


def get_setting(key: str, default: Any = None) -> Any:
    """The stored value of `key`, or `default` when none is stored.

    :raises KeyError: for a key the settings page does not manage (a typo, most likely).
    """
    if key not in SETTING_KEYS:
        raise KeyError(key)
    value = _stored_settings().get(key)
    return default if value in (None, "", {}) else value


def organisation_name(default: str) -> str:
    """The organisation's name in the reader's language, else `default` (from configuration).

    Every page's layout asks for it, error pages included, so a database that
    cannot answer falls back to the configured name instead of failing the page.
    """
    try:
        names = get_setting("org_name")
    except SQLAlchemyError:
        log.warning("organisation name not readable from settings; using the configured one", exc_info=True)
        return default
    return pick_translation(names, fallback=default) if isinstance(names, dict) else default


def it_contact_email() -> str | None:
    """Where staff write for help with Ura (shown on pages that refuse access), if set."""
    try:
        return get_setting("it_contact_email")
    except SQLAlchemyError:
        log.warning("IT contact not readable from settings", exc_info=True)
        return None


def action_escalation_days() -> int:
    """Days an action item may be overdue before its owner's director is told: the stored
    setting, else `ACTION_ESCALATION_DAYS` from the configuration (default 7)."""
    stored = get_setting("action_escalation_days")
    return stored if isinstance(stored, int) else int(current_app.config["ACTION_ESCALATION_DAYS"])


def save_settings(actor: Person, *, org_name: dict[str, str], it_contact_email: str | None,
                  action_escalation_days: int | None = None) -> dict:
    """Store the settings; returns the changes {key: [old, new]}, audited as "settings.changed".

    `action_escalation_days` None keeps the stored value (or the configuration's).

    :raises PermissionDenied: without "settings.manage".
    :raises DomainError: for a name too long, a malformed email or a grace period out of
        bounds (fields "org_name_<lang>", "it_contact_email", "action_escalation_days").
    """
    require(actor, "settings.manage")
    current = get_setting("org_name", {}) or {}
    names = dict(current)
    for language in enabled_languages():
        names[language] = clean_text(org_name.get(language), f"org_name_{language}", 200)
    values: dict[str, Any] = {
        "org_name": {k: v for k, v in names.items() if v},
        # a shared mailbox, not a person's: no uniqueness check against people's emails
        "it_contact_email": normalise_email(it_contact_email, "it_contact_email")
        if (it_contact_email or "").strip() else None,
    }
    if action_escalation_days is not None:
        low, high = ESCALATION_DAYS_RANGE
        if not low <= action_escalation_days <= high:
            raise DomainError(_l("Enter a number of days from %(low)d to %(high)d.", low=low, high=high),
                              field="action_escalation_days")
        stored = get_setting("action_escalation_days")
        effective = stored if isinstance(stored, int) else current_app.config["ACTION_ESCALATION_DAYS"]
        if action_escalation_days != effective:
            # Only a change is stored: saving the page as shown keeps following the configuration.
            values["action_escalation_days"] = action_escalation_days
    changes = {}
    for key, value in values.items():
        old = get_setting(key)
        if (old or None) != (value or None):
            setting = db.session.get(Setting, key) or Setting(key=key)
            setting.value, setting.updated_by_id = value, actor.id
            db.session.add(setting)
            changes[key] = [old, value]
    if changes:
        record(actor, "settings.changed", None, changes=changes)
        db.session.commit()
        forget_settings()  # again after the commit: a page read in between must not keep the old values
    return changes


# --- the audit log page ------------------------------------------------------

def audit_actors() -> list[Person]:
    """Everyone who appears as the actor of an audit entry, by name."""
    ids = db.select(AuditEntry.actor_id).where(AuditEntry.actor_id.is_not(None)).distinct()
    return list(db.session.scalars(db.select(Person).where(Person.id.in_(ids)).order_by(Person.name)))


def day_bounds(first: date | None, last: date | None) -> tuple[datetime | None, datetime | None]:
    """The UTC span of the local days `first` to `last` inclusive (entries are stored in UTC)."""
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])

    def start_of(day: date) -> datetime:
        return datetime.combine(day, time.min, zone).astimezone(UTC).replace(tzinfo=None)

    return (start_of(first) if first else None, start_of(last + timedelta(days=1)) if last else None)
