"""An activity's history as people read it: each changed field under the label its form gives it, and the
values in words (the title in the reader's language, statuses, verdicts, months and units by name) rather
than the audit log's stored keys and ids."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import format_date
from flask_babel import lazy_gettext as _l

from intranet.audit.models import AuditEntry
from intranet.extensions import db
from intranet.people.models import Unit
from intranet.texts import Translated
from plan.models import FREQUENCY_LABELS, STATUS_LABELS, VERDICT_LABELS

#: the audit log's keys -> the labels the activity's forms show for them
FIELD_LABELS = {
    "titles": _l("Activity"),
    "objective": _l("Objective"),
    "responsible": _l("Responsibility"),
    "units": _l("Units whose directors update it"),
    "month": _l("Month"),
    "end_month": _l("Until (for an activity over several months)"),
    "frequency": _l("Or: frequency of a recurring activity"),
    "planned_cost": _l("Planned cost (EUR)"),
    "actual_cost": _l("Actual cost (EUR)"),
    "status": _l("Status"),
    "evidence": _l("Evidence links"),
    "indicator_key": _l("Indicator"),
    "verdict": _l("Verdict"),
    "verdict_comment": _l("Comment"),
}

#: an indicator entered by hand records its own value, note and links
INDICATOR_LABELS = {"value": _l("Indicator"), "note": _l("Note"), "evidence": _l("Evidence links")}


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class HistoryEntry:
    entry: AuditEntry
    changes: list[Change]


def _in_words(key: str, value: object) -> str:
    """One stored value as the reader reads it; "—" for nothing."""
    if value in (None, "", [], {}):
        return "—"
    named: dict[str, dict] = {"status": STATUS_LABELS, "verdict": VERDICT_LABELS, "frequency": FREQUENCY_LABELS}
    labels = named.get(key)
    if labels is not None:
        return str(next((label for code, label in labels.items() if str(code) == str(value)), value))
    if key == "units" and isinstance(value, list):
        names = {u.id: u.name for u in db.session.scalars(db.select(Unit).where(Unit.id.in_(value)))}
        return ", ".join(names.get(unit_id, str(unit_id)) for unit_id in value)
    if key in ("month", "end_month") and isinstance(value, int) and 1 <= value <= 12:
        return format_date(date(2000, value, 1), "LLLL")
    if isinstance(value, dict):
        return Translated(value).in_language()
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def readable(entries: list[AuditEntry]) -> list[HistoryEntry]:
    """The activity's audit entries with their changes labelled and in words, in the order given."""
    found = []
    for entry in entries:
        details = entry.details or {}
        after, before = details.get("after") or {}, details.get("before") or {}
        labels = INDICATOR_LABELS if entry.action == "plan.indicator_entered" else FIELD_LABELS
        changes = [Change(str(labels.get(key, key.replace("_", " "))), _in_words(key, before.get(key)),
                          _in_words(key, value)) for key, value in after.items()]
        # a created activity records every field; the empty ones say nothing
        changes = [c for c in changes if (c.before, c.after) != ("—", "—")]
        found.append(HistoryEntry(entry, changes))
    return found
