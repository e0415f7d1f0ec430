"""The extension points where plugins meet the host, and the domain events they send.

Two kinds of signal live here, both `PluginSignal`s:

- extension points the host (or a plugin) sends and plugins answer (`nav_entries`,
  `home_widgets`, `search`, `audit_targets`, `announcement_published`,
  `profile_sections`): receivers return values described in each docstring;
- domain events a service sends after a change has been made, before the commit
  (`bulletin_published`, `survey_closed`, `handbook_version_published`,
  `person_provisioned`): any plugin may react; return values are ignored.

Plugins connect receivers by naming them in their `Plugin(receivers=...)`; the
registry connects each with its plugin as owner (`connect_for`). A signal calls a
receiver only when its owner is enabled in the running app (`URA_PLUGINS`), so a
plugin that is installed but not enabled is never called. Receivers the host
connects with plain `connect` always run. The host never imports a plugin by name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from blinker import ANY, NamedSignal
from blinker._utilities import make_id
from flask import current_app, has_app_context
from markupsafe import Markup


class PluginSignal(NamedSignal):
    """A signal whose plugin receivers are called only when their plugin is enabled."""

    def __init__(self, name: str, doc: str | None = None) -> None:
        super().__init__(name, doc)
        #: receiver id -> the plugin that connected it
        self.owners: dict[Any, str] = {}

    def connect_for(self, owner: str, receiver: Callable, sender: Any = ANY) -> Callable:
        """Connect `receiver` on behalf of the plugin `owner` (strongly: plugins live as long as the process)."""
        self.owners[make_id(receiver)] = owner
        return self.connect(receiver, sender=sender, weak=False)

    def send(self, sender: Any | None = None, /, **kwargs: Any) -> list[tuple[Callable, Any]]:
        if self.is_muted:
            return []
        enabled = set(current_app.extensions.get("ura.plugins", {})) if has_app_context() else None
        results = []
        for receiver in self.receivers_for(sender):
            owner = self.owners.get(make_id(receiver))
            if owner is not None and enabled is not None and owner not in enabled:
                continue
            results.append((receiver, receiver(sender, **kwargs)))
        return results


def collect(signal: PluginSignal, sender, **kwargs) -> list:
    """Send and flatten: each receiver may return one item, a list of items, or None."""
    items: list = []
    for _receiver, value in signal.send(sender, **kwargs):
        if value is None:
            continue
        if isinstance(value, (list, tuple)):
            items.extend(value)
        else:
            items.append(value)
    return items


@dataclass(frozen=True)
class NavEntry:
    """A link in the main navigation."""

    label: str
    endpoint: str
    order: int = 50
    #: URL prefix that marks the entry active (defaults to the endpoint's URL)
    active_prefix: str | None = None
    #: Bootstrap-free text badge (e.g. an unread count); None shows nothing
    badge: int | None = None


@dataclass(frozen=True)
class HomeWidget:
    """A card on the home page ("for me")."""

    title: str
    #: template rendered inside the card, with `context` as its variables
    template: str
    context: dict = field(default_factory=dict)
    #: lower comes first; must-reads and open surveys use 10-20
    priority: int = 50
    #: link to the full page, shown as "See all"
    url: str | None = None


@dataclass(frozen=True)
class NextAction:
    """One thing this person should do next, listed at the top of the home page
    ("Write a bulletin", "3 bulletins wait for your approval", "File November's report").

    Returned by `home_widgets` receivers beside (or instead of) cards. Offer an action
    only while it is still to do: nothing stale (October's report in December).
    """

    label: str
    url: str
    #: lower comes first; due or overdue work 10-20, everyday actions 50+
    priority: int = 50
    #: a short note after the link, e.g. the deadline ("by 5 December")
    note: str = ""
    #: overdue or urgent: drawn as a warning
    urgent: bool = False

    def __post_init__(self) -> None:
        # A lazy string counts as safe HTML to Jinja (it has `__html__`), so a title a person
        # typed inside `_l("Overdue: %(title)s", ...)` would reach the page unescaped. As plain
        # text, label and note are escaped like any other value.
        object.__setattr__(self, "label", str(self.label))
        object.__setattr__(self, "note", str(self.note))


@dataclass(frozen=True)
class SearchResult:
    """One hit of the intranet-wide search."""

    title: str
    url: str
    kind: str
    snippet: str = ""


@dataclass(frozen=True)
class NotificationKind:
    """A kind of notification people can route to in-app, email or a daily digest."""

    key: str
    label: str
    default_delivery: str = "inapp"


@dataclass(frozen=True)
class AuditAction:
    """How the audit log names one kind of event: key as recorded, label as a phrase."""

    #: the action as `audit.record` stores it, e.g. "bulletins.published"
    key: str
    #: what the actor did, lazy-translated, e.g. "published the bulletin"
    label: str


@dataclass(frozen=True)
class Indicator:
    """A figure a plugin measures from its own data for the strategy's action plan and its yearly
    evaluation ("handbook acknowledged by 87 % of staff", "92 % of unit reports filed on time")."""

    #: stable key, "<plugin>.<what>", e.g. "reports.filed_on_time"
    key: str
    #: what it measures, lazy-translated
    label: str
    #: a share (0..1) with value_format "percent", or a count with "number"; None: nothing to measure yet
    value: float | None
    value_format: str = "percent"
    #: the counts behind it, e.g. "112 of 122 reports" (translated)
    detail: str = ""
    #: the page with the figures behind it ("" when there is none)
    url: str = ""


@dataclass(frozen=True)
class ProfileSection:
    """A section another plugin adds to a person's profile page (the directory's card): the
    thanks a colleague received, their open items, ... Returned by `profile_sections` receivers."""

    #: the section's heading, plain text (escaped like any value)
    title: str
    #: the section's body: `Markup` the answering plugin rendered from its own (autoescaped)
    #: template, shown as it is; a plain string is refused, so nothing typed reaches the page raw
    html: Markup
    #: lower comes first
    order: int = 50
    #: a link to the full page (shown as "See all"), or ""
    url: str = ""

    def __post_init__(self) -> None:
        # A lazy string counts as safe HTML to Jinja (see `NextAction`): the title is plain text.
        object.__setattr__(self, "title", str(self.title))
        if not isinstance(self.html, Markup):
            raise TypeError("ProfileSection.html is Markup rendered from a template, not a plain string")


@dataclass(frozen=True)
class Announcement:
    """Something to tell all staff, from a plugin that has no feed of its own (the monthly
    report, meeting minutes, award winners): published by whichever plugin publishes news."""

    #: the person it is published in the name of
    author: Any
    #: title and Markdown body per language ({"sq": ..., "sr": ...})
    titles: dict[str, str]
    bodies: dict[str, str]
    #: the plugin and object it comes from, e.g. ("reports", "month:2026-11")
    source: tuple[str, str] = ("", "")
    #: a local path to the original, linked from the announcement
    url: str = ""
    extra: dict = field(default_factory=dict)


_signals: dict[str, PluginSignal] = {}


def _signal(name: str, doc: str) -> PluginSignal:
    sig = PluginSignal(name, doc=doc)
    _signals[name] = sig
    return sig


# -- extension points ---------------------------------------------------------------

nav_entries = _signal(
    "nav-entries",
    """
Sender: the signed-in `Person`. Receivers return a `NavEntry` or a list of them
for the entries that person may use (check permissions with `can`).
""",
)

home_widgets = _signal(
    "home-widgets",
    """
Sender: the signed-in `Person`. Receivers return a `HomeWidget` or a list of them:
what the plugin has for this person now (unread must-reads, open surveys, ...).
Return nothing when there is nothing to show.
""",
)

search = _signal(
    "search",
    """
Sender: the signed-in `Person`; keyword `query` (a non-empty string) and `limit`.
Receivers return a list of `SearchResult` the person may see, best first.
""",
)

audit_targets = _signal(
    "audit-targets",
    """
Sender: a target type as the audit log stores it ("bulletin", "survey", ...); keyword
`ids`: a set of target ids (strings). Receivers that know the type return a dict from
id to `(title, url)`; url may be "" when there is no page to open.
""",
)

plan_indicators = _signal(
    "plan-indicators",
    """
Sender: a year (int). Receivers return an `Indicator` or a list of them: what their
plugin measured for that year from its own data (the action plan shows them; a
plugin that is not enabled answers nothing, and its figure is entered by hand).
""",
)

profile_sections = _signal(
    "profile-sections",
    """
Sender: the `Person` whose profile is shown (the directory's person page); keyword
`viewer`: the signed-in `Person` reading it. Receivers return a `ProfileSection` (or a
list, or nothing) with only what `viewer` may read about that person: the page shows
every section it gets. A plugin that is not enabled adds nothing.
""",
)

announcement_published = _signal(
    "announcement-published",
    """
Sender: an `Announcement`. Sent by `intranet.announcements.publish`; the plugin that
publishes news (bulletins) makes it an all-staff item and returns its local URL.
""",
)

# -- domain events ----------------------------------------------------------------

person_provisioned = _signal(
    "person-provisioned",
    """
Sender: the new `Person`, just created by first sign-in, by import or by an admin,
before the commit; keyword `source` ("sso", "import" or "admin"). Receivers may add
rows to the session (e.g. ask a new colleague to acknowledge the handbook).
""",
)

bulletin_published = _signal(
    "bulletin-published",
    """
Sender: the `Bulletin` just published (directly or on approval), before the commit.
""",
)

survey_closed = _signal(
    "survey-closed",
    """
Sender: the `Survey` just closed (by hand or by `flask surveys tick`), before the commit.
""",
)

handbook_version_published = _signal(
    "handbook-version-published",
    """
Sender: the new `HandbookVersion`, before the commit; keyword `material` (bool): whether
people must acknowledge it again.
""",
)

person_changed = _signal(
    "person-changed",
    """
Sender: the `Person` whose unit, roles, active flag or other details changed, before
the commit; keyword `changes`: a dict from field name to (old, new).
""",
)

unit_changed = _signal(
    "unit-changed",
    """
Sender: the `Unit` created or changed, before the commit; keyword `changes` as for
`person_changed`.
""",
)
