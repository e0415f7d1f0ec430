"""How the audit log names each kind of event: the host's own, and each enabled plugin's.

Plugins declare theirs as `Plugin(audit_actions="<plugin>.audit:ACTIONS")`, a list
of `AuditAction`; the host's are here. Every `record(` call under `intranet/` has
its label below, a verb phrase that reads between the actor and the target:
"Arta Krasniqi deactivated the account of “Era Berisha”".
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from intranet.plugins import declared
from intranet.signals import AuditAction

HOST_ACTIONS = [
    AuditAction("person.created", _l("added the person")),
    AuditAction("person.updated", _l("changed the details of")),
    AuditAction("person.deactivated", _l("deactivated the account of")),
    AuditAction("person.reactivated", _l("reactivated the account of")),
    AuditAction("person.provisioned", _l("created at first sign-in the account of")),
    AuditAction("person.linked", _l("linked to their Entra ID account the record of")),
    AuditAction("role.granted", _l("gave a role to")),
    AuditAction("role.revoked", _l("took a role from")),
    AuditAction("unit.created", _l("added the unit")),
    AuditAction("unit.updated", _l("changed the unit")),
    AuditAction("people.imported", _l("imported staff from the file")),
    AuditAction("settings.changed", _l("changed the settings")),
    AuditAction("outbox.retried", _l("sent again a failed message")),
    AuditAction("action_item.created", _l("created the action item")),
    AuditAction("action_item.status_changed", _l("changed the status of the action item")),
    AuditAction("action_item.commented", _l("commented on the action item")),
    AuditAction("action_item.escalated", _l("told the owner's director about the overdue action item")),
]


def known_actions() -> dict[str, str]:
    """Every described action key with its label: the host's, then each enabled plugin's."""
    labels: dict[str, str] = {}
    for action in HOST_ACTIONS + [a for _plugin, actions in declared("audit_actions") for a in actions]:
        labels[action.key] = action.label
    return labels
