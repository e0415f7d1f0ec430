"""One place decides who may do what: `can(person, action, target)`.

Views declare the action they need (`Page.permission`); services call `can`
before writes; templates call `can` to show or hide actions. The host defines its
own actions here and plugins add theirs through `signals.permissions_defined`.
An unknown action is a programming error and is refused loudly, never allowed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import current_app

from intranet.people.models import Person

Rule = Callable[[Person, Any], bool]


class UnknownPermission(LookupError):
    """`can` was asked about an action nobody defined."""


def any_role(*roles: str) -> Rule:
    """A rule granting the action to holders of any of these roles."""
    wanted = set(roles)

    def rule(person: Person, target: Any = None) -> bool:
        return bool(wanted & person.roles)

    rule.__doc__ = "held by: " + ", ".join(sorted(wanted))
    return rule


def everyone(person: Person, target: Any = None) -> bool:
    return True


def own_record(person: Person, target: Any = None) -> bool:
    return target is None or getattr(target, "person_id", None) == person.id


HOST_RULES: dict[str, Rule] = {
    "intranet.view": everyone,
    "notifications.own": own_record,
    "admin.access": any_role("admin"),
    "units.manage": any_role("admin"),
    "people.manage": any_role("admin"),
    "roles.manage": any_role("admin"),
    "people.import": any_role("admin"),
    "audit.read": any_role("admin"),
    "settings.manage": any_role("admin"),
    "outbox.manage": any_role("admin"),
}


def build_rules(app) -> dict[str, Rule]:
    """Host rules plus every enabled plugin's, checked for clashes."""
    from intranet.signals import permissions_defined

    rules = dict(HOST_RULES)
    for _receiver, defined in permissions_defined.send(app):
        for action, rule in (defined or {}).items():
            if action in rules:
                raise ValueError(f"permission {action!r} is defined twice")
            rules[action] = rule
    return rules


def can(person: Person | None, action: str, target: Any = None) -> bool:
    """Whether `person` may perform `action` (on `target`). Signed out or inactive: never.

    :raises UnknownPermission: when `action` is not defined by the host or a plugin.
    """
    rules = current_app.extensions["ura.permissions"]
    rule = rules.get(action)
    if rule is None:
        raise UnknownPermission(action)
    if person is None or not person.active:
        return False
    return bool(rule(person, target))
