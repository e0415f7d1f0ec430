"""Who a single sign-on token belongs to: find, link or create the person, then refresh them.

`person_from_claims(claims)` is the whole rule, callable without HTTP:

1. Identity is the token's tenant and object id (`tid`, `oid`); an issuer that
   is not Entra ID and sends neither is keyed on its `iss` and `sub` instead.
   Email and `preferred_username` never identify anyone: both can change hands.
2. Not found: a person imported by an admin (same email, never linked to an
   account) is linked to this account once, and only when the provider vouches
   for the email (`email_verified`, or Entra's `xms_edov`): anyone can put any
   address in an unverified claim. Otherwise a new person is created.
3. A deactivated person is refused before anything is written.
4. Every sign-in refreshes the name and email, the roles that came from the
   token (`roles` claim through `SSO_ROLE_MAP`) and the unit (`department`
   claim, when a unit has that code or name). Roles an admin assigned stay.

Nothing is committed here: the caller commits with the new session
(`intranet.auth.session.start_session`), so a sign-in is written whole or not at all.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import func

from intranet.audit.services import record
from intranet.extensions import db
from intranet.people.models import ASSIGNABLE_ROLES, Person, RoleAssignment
from intranet.people.services import find_unit
from intranet.signals import person_changed, person_provisioned

log = logging.getLogger("ura.auth")

SOURCE = "sso"
_ID_LENGTH = 64  # Person.tenant_id / object_id
_NAME_LENGTH = 200
_EMAIL_LENGTH = 254


class SignInRefused(Exception):
    """The token is valid but nobody may sign in with it; `reason` names why.

    Reasons: "deactivated" (the person exists and is deactivated), "invalid"
    (the token lacks what identifies a person), "unverified" (the token's email
    is a staff member's not yet linked, but the provider does not vouch for it).
    """

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class Identity:
    """The stable key of an account at the identity provider."""

    tenant_id: str
    object_id: str


def identity_from_claims(claims: Mapping) -> Identity:
    """The account's (`tid`, `oid`); for an issuer that sends neither, (`iss`, `sub`).

    :raises SignInRefused: ("invalid") when the claims identify nobody.
    """
    tid, oid = _text(claims.get("tid")), _text(claims.get("oid"))
    if not tid and not oid:
        # Not Entra ID: OpenID Connect guarantees `sub` is stable and unique per issuer.
        tid, oid = _text(claims.get("iss")), _text(claims.get("sub"))
    if not tid or not oid:
        raise SignInRefused("invalid", "token has no tid/oid")
    if len(tid) > _ID_LENGTH or len(oid) > _ID_LENGTH:
        raise SignInRefused("invalid", "tid/oid too long")
    return Identity(tid, oid)


def map_roles(values: object, role_map: Mapping[str, str] | None) -> set[str]:
    """Ura roles for the token's `roles` claim.

    With `role_map` (`SSO_ROLE_MAP`), an app-role value maps to the role it names;
    without one, an app-role value that is itself a Ura role name maps to that role.
    Values that map to nothing are ignored; "employee" is implicit and never returned.
    """
    if not isinstance(values, (list, tuple)):
        return set()
    names = {v for v in values if isinstance(v, str)}
    if role_map is None:
        mapped = names
    else:
        mapped = {role_map[v] for v in names if v in role_map}
    return mapped & set(ASSIGNABLE_ROLES)


def person_from_claims(
    claims: Mapping, *, role_map: Mapping[str, str] | None = None, language: str | None = None,
) -> Person:
    """The person these ID-token claims sign in, found, linked or created, and refreshed.

    :param claims: the validated ID-token claims (`id_token_claims` from MSAL).
    :param role_map: `SSO_ROLE_MAP`; None maps app roles named like Ura roles.
    :param language: the language of a newly created person (the one they chose
        before signing in); None keeps the default.
    :raises SignInRefused: "deactivated", "invalid" or "unverified"; nothing has been written then.
    """
    identity = identity_from_claims(claims)
    email = _email(claims)
    person = _find(identity)
    if person is None:
        person = _linkable(email)
        if person is not None and not email_verified(claims):
            # Linking would hand this staff member's record and roles to whoever typed their address.
            raise SignInRefused("unverified", f"person={person.id}")
        if person is not None and person.active:
            _link(person, identity)
    created = person is None
    if person is None:
        person = _create(identity, claims, email, language)
    elif not person.active:
        raise SignInRefused("deactivated", f"person={person.id}")
    _refresh(person, claims, email, map_roles(claims.get("roles"), role_map), created)
    return person


def email_verified(claims: Mapping) -> bool:
    """Whether the provider vouches that the `email` claim belongs to this account.

    OpenID Connect says so with `email_verified`; Entra ID with the optional claim
    `xms_edov` (the email's domain is verified by the tenant). Absent means no.
    """
    return any(claims.get(name) in (True, "true", "True") for name in ("email_verified", "xms_edov"))


def _find(identity: Identity) -> Person | None:
    return db.session.scalar(db.select(Person).filter_by(
        tenant_id=identity.tenant_id, object_id=identity.object_id,
    ))


def _linkable(email: str | None) -> Person | None:
    """The one imported person with this email who was never linked to an account."""
    if not email:
        return None
    candidates = db.session.scalars(db.select(Person).where(
        func.lower(Person.email) == email.lower(),
        Person.tenant_id.is_(None), Person.object_id.is_(None),
    ).limit(2)).all()
    if len(candidates) > 1:
        # Guessing between two people would hand one person's record to another.
        log.warning("sign-in did not link: %d unlinked people share the token's email", len(candidates))
        return None
    return candidates[0] if candidates else None


def _link(person: Person, identity: Identity) -> None:
    person.tenant_id, person.object_id = identity.tenant_id, identity.object_id
    record(None, "person.linked", person, name=person.name, source=SOURCE)
    log.info("person linked to their account at first sign-in person=%s", person.id)


def _create(identity: Identity, claims: Mapping, email: str | None, language: str | None) -> Person:
    person = Person(
        tenant_id=identity.tenant_id, object_id=identity.object_id,
        name=(_name(claims) or email or identity.object_id)[:_NAME_LENGTH],
    )
    if language:
        person.language = language
    db.session.add(person)
    db.session.flush()  # the audit log and the signals need its id
    record(None, "person.provisioned", person, name=person.name, source=SOURCE)
    log.info("person provisioned at first sign-in person=%s", person.id)
    return person


def _refresh(person: Person, claims: Mapping, email: str | None, roles: set[str], created: bool) -> None:
    name = _name(claims)
    if name:
        person.name = name
    if email and (person.email or "").lower() != email.lower():
        _warn_if_shared(person, email)
    if email:
        person.email = email
    before_unit, before_roles = person.unit, sorted(person.roles)
    unit = find_unit(_text(claims.get("department")))
    if unit is not None:
        person.unit = unit
    _sync_roles(person, roles)
    if created:
        person_provisioned.send(person, source=SOURCE)
        return
    changes: dict[str, tuple] = {}
    if person.unit is not None and person.unit is not before_unit:  # a unit is only ever set, never cleared
        changes["unit_id"] = (getattr(before_unit, "id", None), person.unit.id)
        record(None, "person.updated", person, name=person.name, source=SOURCE,
               changes={"unit": [getattr(before_unit, "code", None), person.unit.code]})
    after_roles = sorted(person.roles)
    if after_roles != before_roles:
        changes["roles"] = (before_roles, after_roles)
    if changes:
        person_changed.send(person, changes=changes)


def _sync_roles(person: Person, wanted: set[str]) -> None:
    """Make the token-given roles exactly `wanted`; admin-given roles are not touched."""
    current = {a.role: a for a in person.role_assignments if a.source == SOURCE}
    for role in sorted(wanted - set(current)):
        person.role_assignments.append(RoleAssignment(role=role, source=SOURCE))
        record(None, "role.granted", person, role=role, name=person.name, source=SOURCE)
    for role in sorted(set(current) - wanted):
        person.role_assignments.remove(current[role])
        record(None, "role.revoked", person, role=role, name=person.name, source=SOURCE)
    db.session.flush()


def _warn_if_shared(person: Person, email: str) -> None:
    others = db.session.scalars(db.select(Person.id).where(
        func.lower(Person.email) == email.lower(), Person.id != person.id,
    )).all()
    if others:
        # Allowed, since email never identifies; an admin may want to tidy the older record.
        log.warning("sign-in email is also on other people person=%s others=%s", person.id, list(others))


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _email(claims: Mapping) -> str | None:
    email = _text(claims.get("email"))
    if "@" not in email or len(email) > _EMAIL_LENGTH:
        return None
    return email


def _name(claims: Mapping) -> str:
    name = _text(claims.get("name"))
    if not name:
        name = " ".join(p for p in (_text(claims.get("given_name")), _text(claims.get("family_name"))) if p)
    return name[:_NAME_LENGTH]
