"""The audit log read as sentences: "12 Dec 2026, 14:05 — Arta Krasniqi published the bulletin “Orari i ri”".

An entry stores a dotted action key, a target (type and id) and JSON details.
Reading it back takes three things the audit package does not own: the label of
each action and the title and page of each target. Both come from whoever
records them, through `Plugin(audit_actions=...)` (see `intranet.audit.actions`) and the
`audit_targets` signal, so the
host never needs to know a plugin's words or pages. Values in the details are
shown in the reader's language (Yes/No, dates, numbers, lists joined), never as
Python writes them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from flask_babel import format_date, format_decimal, format_time
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from intranet.audit.actions import known_actions
from intranet.audit.models import AuditEntry
from intranet.extensions import db
from intranet.i18n import LANGUAGE_LABELS
from intranet.people.models import ROLE_LABELS
from intranet.signals import audit_targets, collect

#: detail keys shown with a translated name; any other key is shown as "Some key"
DETAIL_LABELS = {
    "name": _l("Name"), "email": _l("Email"), "role": _l("Role"), "roles": _l("Roles"), "code": _l("Code"),
    "names": _l("Names"), "kind": _l("Kind"), "parent": _l("Part of"), "head": _l("Head (director)"),
    "unit": _l("Unit"), "position": _l("Position"), "phone": _l("Phone"), "language": _l("Language"),
    "active": _l("Active"), "sort_order": _l("Order in lists"), "filename": _l("File"),
    "created": _l("Created"), "updated": _l("Updated"), "unchanged": _l("Unchanged"),
    "rejected": _l("Rejected"), "rows": _l("Rows"), "via": _l("Through"), "source": _l("Source"),
    "channel": _l("Channel"), "error": _l("Error"), "title": _l("Title"), "org_name": _l("Organisation name"),
    "it_contact_email": _l("IT contact email"),
}
#: values of "via" and "source" (where a change came from)
ORIGIN_LABELS = {"import": _l("staff import"), "sso": _l("Entra ID sign-in"), "admin": _l("administration")}
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass
class AuditLine:
    """One entry as the page shows it."""

    entry: AuditEntry
    #: local date and time in the reader's language
    when: str
    #: the actor's name, or "System"
    actor: str
    #: the verb phrase: "published the bulletin"
    action: str
    #: the target's title ("" when the entry has no target) and its page ("" when the reader has none)
    target_title: str = ""
    target_url: str = ""
    #: the details as (label, value) pairs, values already formatted
    details: list[tuple[str, str]] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The sentence as plain text (titles in quotes), for tests and exports."""
        target = f" “{self.target_title}”" if self.target_title else ""
        return f"{self.when} — {self.actor} {self.action}{target}"


# --- what actions and targets are called ----------------------------------------

def readable_key(key: str) -> str:
    """A label for an action nobody described: "bulletins.comment_hidden" → "bulletins: comment hidden"."""
    parts = [part.replace("_", " ") for part in key.split(".") if part]
    if not parts:
        return key
    return f"{parts[0]}: {' '.join(parts[1:])}" if len(parts) > 1 else parts[0]


def action_label(key: str, labels: Mapping[str, str] | None = None) -> str:
    """The label of one action, or a readable form of its key when no one describes it."""
    labels = known_actions() if labels is None else labels
    return str(labels[key]) if key in labels else readable_key(key)


def action_choices() -> list[tuple[str, str]]:
    """(key, label) of every kind of event a reader can filter by: the described ones and those in the log."""
    labels = known_actions()
    logged = set(db.session.scalars(db.select(AuditEntry.action).distinct()))
    keys = set(labels) | logged
    return sorted(((key, action_label(key, labels)) for key in keys), key=lambda pair: pair[1].casefold())


def target_titles(entries: Iterable[AuditEntry]) -> dict[tuple[str, str], tuple[str, str]]:
    """(title, url) of each entry's target, keyed by (target_type, target_id): one signal per type."""
    wanted: dict[str, set[str]] = {}
    for entry in entries:
        if entry.target_type and entry.target_id:
            wanted.setdefault(entry.target_type, set()).add(entry.target_id)
    found: dict[tuple[str, str], tuple[str, str]] = {}
    for kind, ids in wanted.items():
        for answer in collect(audit_targets, kind, ids=ids):
            if isinstance(answer, Mapping):
                for target_id, (title, url) in answer.items():
                    found[(kind, str(target_id))] = (str(title), url or "")
    return found


# --- values in the reader's language ----------------------------------------------

def detail_label(key: str) -> str:
    return str(DETAIL_LABELS[key]) if key in DETAIL_LABELS else key.replace("_", " ").capitalize()


def format_value(value: Any, key: str = "") -> str:
    """A detail's value in the reader's language: Yes/No, local dates, numbers, lists joined."""
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, (int, float)):
        return format_decimal(value)
    if isinstance(value, (list, tuple)):
        return ", ".join(format_value(item, key) for item in value)
    if isinstance(value, Mapping):
        return "; ".join(f"{detail_label(str(k)) if key != 'names' else k}: {format_value(v, str(k))}"
                         for k, v in value.items())
    text = str(value)
    if key in ("role", "roles") and text in ROLE_LABELS:
        return str(ROLE_LABELS[text])
    if key == "language" and text in LANGUAGE_LABELS:
        return str(LANGUAGE_LABELS[text])
    if key in ("via", "source") and text in ORIGIN_LABELS:
        return str(ORIGIN_LABELS[text])
    if _ISO_DATE.match(text):
        try:
            return format_date(date.fromisoformat(text), "medium")
        except ValueError:
            return text
    if _ISO_DATETIME.match(text):
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return text
        if moment.tzinfo is not None:
            moment = moment.astimezone(UTC).replace(tzinfo=None)  # Flask-Babel takes naive times as UTC
        return when(moment)
    return text


def when(moment: datetime) -> str:
    """A stored UTC time as the reader's local date and time: "12 Dec 2026, 14:05"."""
    return f"{format_date(moment, 'medium')}, {format_time(moment, 'HH:mm')}"


def detail_lines(details: Mapping[str, Any] | None, hide: Iterable[str] = ()) -> list[tuple[str, str]]:
    """The details as (label, value); a "changes" mapping of [old, new] pairs reads "old → new"."""
    lines: list[tuple[str, str]] = []
    hidden = set(hide)
    for key, value in sorted((details or {}).items()):
        if key in hidden:
            continue
        if key == "changes" and isinstance(value, Mapping):
            for name, pair in sorted(value.items()):
                if isinstance(pair, (list, tuple)) and len(pair) == 2:
                    lines.append((detail_label(name), f"{format_value(pair[0], name)} → {format_value(pair[1], name)}"))
                else:
                    lines.append((detail_label(name), format_value(pair, name)))
        else:
            lines.append((detail_label(key), format_value(value, key)))
    return lines


# --- whole lines --------------------------------------------------------------------

def fallback_title(entry: AuditEntry) -> str:
    """A title for a target nobody described: the name or code kept in the details, else "type 12"."""
    details = entry.details or {}
    for key in ("title", "name", "code", "filename"):
        if isinstance(details.get(key), str) and details[key]:
            return details[key]
    return f"{entry.target_type} {entry.target_id}".strip()


def sentences(entries: Iterable[AuditEntry]) -> list[AuditLine]:
    """The entries as sentences, with target titles and links looked up once per target type."""
    entries = list(entries)
    labels = known_actions()
    titles = target_titles(entries)
    lines = []
    for entry in entries:
        title, url = "", ""
        if entry.target_type:
            title, url = titles.get((entry.target_type, entry.target_id), (fallback_title(entry), ""))
        details = entry.details if isinstance(entry.details, Mapping) else {"details": entry.details}
        shown_in_title = [key for key in ("title", "name", "code", "filename") if details.get(key) == title]
        lines.append(AuditLine(
            entry=entry, when=when(entry.at), actor=entry.actor.name if entry.actor else _("System"),
            action=action_label(entry.action, labels), target_title=title, target_url=url,
            details=detail_lines(details, hide=shown_in_title),
        ))
    return lines
