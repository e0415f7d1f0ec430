"""An activity's indicator: measured by Ura where the plugin that holds its data is enabled, entered by
hand otherwise.

An activity names the figures that measure it by `indicator_key` ("surveys", "meetings.general_held"):
a prefix of the keys the plugins answer through the host signal `plan_indicators`. When the plugin the
key names is enabled, Ura measures the indicator and nobody types it; when it is not (or the activity
names none), communications or a director of the activity's units enters a value, a note and evidence
links. Entries are only added: the newest is the value, the older ones its history, and each is in the
audit log.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from flask_babel import gettext as _

from intranet.audit.services import record
from intranet.domain import DomainError
from intranet.extensions import db
from intranet.people.models import Person, utcnow
from intranet.permissions import require
from intranet.plugins import enabled_plugins
from intranet.signals import Indicator, plan_indicators
from plan.models import PlanActivity, PlanIndicatorEntry
from plan.services import clean_evidence, indicators

MAX_VALUE = 200
MAX_NOTE = 2000


def measuring_plugin(activity: PlanActivity) -> str | None:
    """The enabled plugin that measures the activity's indicator, or None (then it is entered by hand)."""
    if not activity.indicator_key:
        return None
    plugin = activity.indicator_key.split(".", 1)[0]
    return plugin if plugin in {p.name for p in enabled_plugins()} else None


def indicator_choices(keep: str | None = None) -> list[tuple[str, str]]:
    """(key, label) of what an activity can name as its indicator: each enabled plugin that measures
    something for the plan (by its name, every figure it gives), and `keep` (an activity's own key, kept
    even when its plugin is not enabled now)."""
    # the plugins that answer the signal (whether or not they have a figure yet), as the registry connected them
    answering = set(plan_indicators.owners.values())
    titles = {plugin.name: str(plugin.title) for plugin in enabled_plugins()}
    choices = [(name, _("All figures of: %(part)s", part=titles[name])) for name in sorted(answering) if name in titles]
    if keep and keep not in {key for key, _label in choices}:
        choices.append((keep, keep))
    return choices


def _matches(key: str, prefix: str) -> bool:
    return key == prefix or key.startswith(prefix + ".")


def measured(activity: PlanActivity, found: list[Indicator] | None = None) -> list[Indicator]:
    """The figures Ura measured for the activity's year that its `indicator_key` names (none when its
    plugin is not enabled). `found`: the year's indicators when the caller has them already."""
    if measuring_plugin(activity) is None:
        return []
    found = indicators(activity.year) if found is None else found
    return [indicator for indicator in found if _matches(indicator.key, activity.indicator_key or "")]


def entries(activity: PlanActivity) -> list[PlanIndicatorEntry]:
    """The values entered by hand, newest first."""
    return list(db.session.scalars(
        db.select(PlanIndicatorEntry).where(PlanIndicatorEntry.activity_id == activity.id)
        .order_by(PlanIndicatorEntry.entered_at.desc(), PlanIndicatorEntry.id.desc())))


def latest_entry(activity: PlanActivity) -> PlanIndicatorEntry | None:
    found = entries(activity)
    return found[0] if found else None


def enter_value(actor: Person, activity: PlanActivity, *, value: str, note: str = "", evidence: Iterable[str] = (),
                now: datetime | None = None) -> PlanIndicatorEntry | None:
    """Communications or a director of the activity's units enters the indicator's value, with a note and
    evidence links. Returns the new entry, or None when it says what the newest already says (a double
    click adds one entry).

    :raises DomainError: when Ura measures this indicator, on an empty or too long value or note, a bad link;
        PermissionDenied for someone who does not update this activity.
    """
    require(actor, "plan.update", activity, _("Only the directors of the responsible units and the "
                                              "Public Information Office update this activity."))
    plugin = measuring_plugin(activity)
    if plugin is not None:
        raise DomainError(_("Ura measures this indicator from its own data: it is not entered by hand."), "value")
    value, note = (value or "").strip(), (note or "").replace("\r\n", "\n").strip()
    if not value:
        raise DomainError(_("Write the indicator's value."), "value")
    if len(value) > MAX_VALUE:
        raise DomainError(_("Keep it under %(num)d characters.", num=MAX_VALUE), "value")
    if len(note) > MAX_NOTE:
        raise DomainError(_("Keep it under %(num)d characters.", num=MAX_NOTE), "note")
    links = clean_evidence(list(evidence))
    newest = latest_entry(activity)
    if newest is not None and (newest.value, newest.note, list(newest.evidence or [])) == (value, note, links):
        return None
    entry = PlanIndicatorEntry(activity_id=activity.id, value=value, note=note, evidence=links,
                               entered_by_id=actor.id, entered_at=now or utcnow())
    db.session.add(entry)
    db.session.flush()
    before = None if newest is None else {"value": newest.value, "note": newest.note, "evidence": newest.evidence}
    record(actor, "plan.indicator_entered", activity, before=before,
           after={"value": value, "note": note, "evidence": links})
    db.session.commit()
    return entry
