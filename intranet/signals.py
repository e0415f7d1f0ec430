"""The extension points where plugins meet the host.

Plugins connect receivers in their `Plugin.connect()`; the host sends. A signal
reaches only the plugins enabled in the running app (`URA_PLUGINS`), so a plugin
that is installed but not enabled contributes nothing. Receivers return plain
values described in each docstring; the host never imports a plugin by name.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from blinker import NamedSignal
from flask import current_app, has_app_context


class PluginSignal(NamedSignal):
    """A signal whose receivers are skipped when their plugin is not enabled."""

    def send(self, *args, **kwargs):
        results = super().send(*args, **kwargs)
        if not has_app_context():
            return results
        enabled = set(current_app.extensions.get("ura.plugins", {}))
        return [
            (receiver, value) for receiver, value in results
            if _owner(receiver) in enabled or _owner(receiver) == "intranet"
        ]


def _owner(receiver) -> str:
    module = getattr(receiver, "__module__", "") or ""
    return module.split(".", 1)[0]


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


_signals: dict[str, PluginSignal] = {}


def _signal(name: str, doc: str) -> PluginSignal:
    sig = PluginSignal(name, doc=doc)
    _signals[name] = sig
    return sig


nav_entries = _signal("nav-entries", """
Sender: the signed-in `Person`. Receivers return a `NavEntry` or a list of them
for the entries that person may use (check permissions with `can`).
""")

home_widgets = _signal("home-widgets", """
Sender: the signed-in `Person`. Receivers return a `HomeWidget` or a list of them:
what the plugin has for this person now (unread must-reads, open surveys, ...).
Return nothing when there is nothing to show.
""")

permissions_defined = _signal("permissions-defined", """
Sender: the Flask app, once at start. Receivers return a dict from action names
("<plugin>.<verb>", e.g. "directory.view") to rules `rule(person, target) -> bool`.
`intranet.permissions.can` then decides these actions like the host's own.
""")

search = _signal("search", """
Sender: the signed-in `Person`; keyword `query` (a non-empty string) and `limit`.
Receivers return a list of `SearchResult` the person may see, best first.
""")

notification_kinds = _signal("notification-kinds", """
Sender: the Flask app. Receivers return a `NotificationKind` or a list of them;
each person then chooses per kind: in-app only, email, or daily digest.
""")

person_provisioned = _signal("person-provisioned", """
Sender: the new `Person`, just created by first sign-in, by import or by an admin,
before the commit; keyword `source` ("sso", "import" or "admin"). Receivers may add
rows to the session (e.g. ask a new colleague to acknowledge the handbook). Return
value ignored.
""")

person_changed = _signal("person-changed", """
Sender: the `Person` whose unit, roles, active flag or other details changed, before
the commit; keyword `changes`: a dict from field name (`unit_id`, `roles`, `active`,
`name`, `email`, `language`, ...) to (old, new). Return value ignored.
""")

unit_changed = _signal("unit-changed", """
Sender: the `Unit` created or changed, before the commit; keyword `changes` as for
`person_changed`. Return value ignored.
""")

demo_loaded = _signal("demo-loaded", """
Sender: the Flask app, after the host's demo organisation is in the session and
before the commit; keyword `people`: dict from demo login name to `Person`.
Plugins' own demo data is loaded through `Plugin.load_demo` instead; this signal
is for reacting to it. Return value ignored.
""")


@dataclass(frozen=True)
class AuditAction:
    """How the audit log reads one action: key "bulletins.published", label "published the bulletin".

    The label is a lazy string, a verb phrase that follows the actor's name and
    precedes the target's title: "Arta Krasniqi published the bulletin “Orari i ri”".
    """

    key: str
    label: str


audit_actions = _signal("audit-actions", """
Sender: the Flask app. Receivers return a list of `AuditAction`: the readable labels
of the audit actions their package records.
""")

audit_targets = _signal("audit-targets", """
Sender: a target type as the audit log stores it ("bulletin", "survey", ...); keyword
`ids`: a set of target ids (strings). Receivers that know the type return a dict from
id to `(title, url)`; url may be "" when there is no page to open.
""")
