"""Reading and changing people, units and roles. Every privileged write is audited.

Each write service follows one order: check `can(actor, ...)`, validate every
value (before touching the object, so autoflush never writes half a change),
apply, write the audit entry, send `person_changed` / `unit_changed` (the host forgets its
cached answers about who directs which units on them), commit.
Receivers thus see the change inside the same transaction, and a refused change
leaves nothing behind. Refusals are `DomainError`s with a translated message
and the form field they belong to.

The services live in `units`, `people` and `roles`; the field checks they share
in `intranet.people.validation`. This package exports the names callers use.
"""

from intranet.people.services.people import (
    PERSON_STATUSES,
    PersonFields,
    check_can_deactivate,
    clean_email,
    create_person,
    deactivate_person,
    find_by_email,
    head_candidates,
    list_people,
    other_active_admins,
    person_values,
    reactivate_person,
    tell_about_account,
    update_own_profile,
    update_person,
)
from intranet.people.services.roles import (
    extra_roles,
    grant_role,
    revoke_role,
    role_sources,
    set_roles,
)
from intranet.people.services.units import (
    UNIT_KINDS,
    UnitFields,
    create_unit,
    find_unit,
    headcount_by_unit,
    list_units,
    set_unit_head,
    update_unit,
)
from intranet.people.validation import (
    Changes,
    apply_changes,
    audit_view,
    changes_of,
    clean_language,
    clean_phone,
    clean_role,
    clean_text,
    clean_unit_id,
    normalise_email,
)

__all__ = [
    "PERSON_STATUSES", "UNIT_KINDS", "Changes", "PersonFields", "UnitFields", "apply_changes",
    "audit_view", "changes_of", "check_can_deactivate", "clean_email", "clean_language", "clean_phone",
    "clean_role", "clean_text", "clean_unit_id", "create_person", "create_unit", "deactivate_person",
    "extra_roles", "find_by_email", "find_unit", "grant_role", "head_candidates", "headcount_by_unit",
    "list_people", "list_units", "normalise_email", "other_active_admins", "person_values",
    "reactivate_person", "revoke_role", "role_sources", "set_roles", "set_unit_head", "tell_about_account",
    "update_own_profile", "update_person", "update_unit",
]
