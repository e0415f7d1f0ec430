"""What the handbook adds to the host's pages: the menu entry, the home-page card and next actions,
search hits, notification kinds, how the audit log names its events, and the request to a new
colleague to acknowledge the handbook."""

from __future__ import annotations

from datetime import datetime

from flask import url_for
from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from handbook.models import Handbook
from handbook.reports import REMINDER_KIND, ask_new_person, report
from handbook.services import (
    NEW_VERSION_KIND,
    Reason,
    Status,
    current_version,
    list_handbooks,
    pending_for,
    search_version,
)
from intranet.extensions import db
from intranet.i18n import chosen_language
from intranet.localtime import local_today, to_local
from intranet.people.models import Person, utcnow
from intranet.permissions import can
from intranet.signals import (
    AuditAction,
    HomeWidget,
    Indicator,
    NavEntry,
    NextAction,
    NotificationKind,
    SearchResult,
)
from intranet.texts import Translated

NOTIFICATION_KINDS = [
    NotificationKind(REMINDER_KIND, _l("Handbook: please read and acknowledge")),
    NotificationKind(NEW_VERSION_KIND, _l("Handbook: a new version to acknowledge")),
]

AUDIT_ACTIONS = [
    AuditAction("handbook.created", _l("created the handbook")),
    AuditAction("handbook.settings_changed", _l("changed the settings of the handbook")),
    AuditAction("handbook.chapter_added", _l("added a chapter to the handbook")),
    AuditAction("handbook.section_added", _l("added a section to the handbook")),
    AuditAction("handbook.section_saved", _l("edited a section of the handbook")),
    AuditAction("handbook.published", _l("published a version of the handbook")),
    AuditAction("handbook.reminded", _l("reminded those who have not acknowledged the handbook")),
    AuditAction("handbook.signature_saved", _l("saved their email signature")),
]


def nav_entry(person: Person) -> NavEntry:
    return NavEntry(label=_l("Handbook"), endpoint="handbook.index", order=40)


def _action_label(handbook: Handbook, person_status: Status) -> str:
    if person_status.reason == Reason.MATERIAL:
        return _("Acknowledge the new version of %(title)s", title=handbook.title)
    if person_status.reason == Reason.YEARLY:
        return _("Acknowledge %(title)s again for this year", title=handbook.title)
    return _("Read and acknowledge %(title)s", title=handbook.title)


def _due_note(person_status: Status) -> str:
    due = to_local(person_status.due)
    if due is None:
        return ""
    day = format_date(due.date(), "long")
    return _("overdue since %(date)s", date=day) if person_status.overdue else _("by %(date)s", date=day)


def _follow_up_actions(person: Person) -> list[NextAction]:
    """For those who follow acknowledgment: handbooks with people past their due date."""
    actions = []
    for handbook in list_handbooks():
        if not can(person, "handbook.report", handbook) or current_version(handbook) is None:
            continue
        late = sum(1 for _person, person_status in report(handbook).missing if person_status.overdue)
        if late:
            actions.append(NextAction(
                ngettext("%(num)d person has not acknowledged %(title)s in time",
                         "%(num)d people have not acknowledged %(title)s in time", late, title=handbook.title),
                url_for("handbook.report", slug=handbook.slug), priority=40,
            ))
    return actions


def home_items(person: Person) -> list[HomeWidget | NextAction]:
    """The card of handbooks to acknowledge (with "what changed" for a new version), an action for
    each, and for hr and communications the handbooks with people past their due date."""
    items: list[HomeWidget | NextAction] = []
    pending = pending_for(person)
    if pending:
        for handbook, person_status in pending:
            items.append(NextAction(
                _action_label(handbook, person_status),
                url_for("handbook.read", slug=handbook.slug, _anchor="acknowledge"),
                priority=15, note=_due_note(person_status), urgent=person_status.overdue,
            ))
        handbook, _status = pending[0]
        items.append(HomeWidget(
            title=_l("Please read and acknowledge"),
            template="handbook/_widget.html",
            context={"pending": pending},
            priority=10,
            url=url_for("handbook.read", slug=handbook.slug),
        ))
    items.extend(_follow_up_actions(person))
    return items


def search_results(person: Person, query: str, limit: int) -> list[SearchResult]:
    results = []
    language = chosen_language()
    for handbook in list_handbooks():
        version = current_version(handbook)
        if version is None:
            continue
        for hit in search_version(version, query, language, limit=limit):
            results.append(
                SearchResult(
                    title=f"{hit.number} {hit.title} — {handbook.title}",
                    url=url_for("handbook.read", slug=handbook.slug, _anchor=hit.key),
                    kind=str(_l("Handbook")),
                    snippet=hit.snippet,
                )
            )
    return results[:limit]


def audit_target_titles(target_type: str, ids=(), **kwargs) -> dict[str, tuple[str, str]]:
    """The audit log's handbook targets: {id: (title, url)}; nothing for other types."""
    if target_type != "handbook":
        return {}
    numbers = [int(i) for i in ids if str(i).isdigit()]
    if not numbers:
        return {}
    return {
        str(handbook.id): (handbook.title, url_for("handbook.read", slug=handbook.slug))
        for handbook in db.session.scalars(db.select(Handbook).where(Handbook.id.in_(numbers)))
    }


def ask_new_colleague(person: Person, source: str | None = None, **kwargs) -> None:
    ask_new_person(person)


def indicators(year: int, now: datetime | None = None) -> list[Indicator]:
    """For the action plan ("guide for communication by official email"): the share of active staff who have
    acknowledged each published handbook. A figure of today, so only for the current year (the report counts
    today's staff and acknowledgments; an earlier year's figure is entered by hand)."""
    now = now or utcnow()
    if year != local_today(now).year:
        return []
    found = []
    for handbook in list_handbooks():
        if current_version(handbook) is None:
            continue
        total = report(handbook, now=now).total
        found.append(Indicator(
            key=f"handbook.acknowledged.{handbook.slug}",
            label=_("Staff who acknowledged “%(title)s”", title=Translated(handbook.titles or {}).in_language()),
            value=total.share, detail=_("%(done)d of %(total)d staff", done=total.acknowledged, total=total.headcount),
            url=url_for("handbook.report", slug=handbook.slug),
        ))
    return found
