"""The position each person's email signature states, per language.

A person's profile holds one position, typed in one language; the Serbian signature
needs it in Serbian. The signature builder keeps a position per language here; a
language without one shows the profile's position.
"""

from __future__ import annotations

from flask_babel import gettext as _

from handbook.models import SignatureProfile
from intranet.audit.services import record
from intranet.database import upsert
from intranet.domain import DomainError
from intranet.extensions import db
from intranet.i18n import enabled_languages
from intranet.people.models import Person, utcnow
from intranet.texts import Translated

MAX_POSITION = 200


def stored_positions(person: Person) -> Translated:
    """The positions the person wrote for their signatures, per language (only those written)."""
    rows = db.session.execute(
        db.select(SignatureProfile.language, SignatureProfile.position)
        .where(SignatureProfile.person_id == person.id)
    )
    return Translated({language: position for language, position in rows if position})


def positions_for(person: Person) -> dict[str, str]:
    """The position each enabled language's signature states: the one written for it, else the profile's."""
    stored = stored_positions(person)
    return {code: stored.get(code) or (person.position or "") for code in enabled_languages()}


def save_positions(person: Person, positions: dict[str, str]) -> Translated:
    """Keep the position for each enabled language's signature; an empty one falls back to the profile's.

    Saving the same values twice changes nothing (one row per person and language).

    :raises DomainError: for a position longer than 200 characters (field `position_<lang>`).
    """
    clean = Translated.cleaned({code: " ".join((text or "").split()) for code, text in positions.items()})
    for code, text in clean.items():
        if len(text) > MAX_POSITION:
            raise DomainError(_("At most %(num)d characters.", num=MAX_POSITION), field=f"position_{code}")
    for code in enabled_languages():
        if code in clean:
            upsert(SignatureProfile, ("person_id", "language"),
                   dict(person_id=person.id, language=code, position=clean[code], updated_at=utcnow()),
                   update=("position", "updated_at"))
        else:
            db.session.execute(db.delete(SignatureProfile).where(SignatureProfile.person_id == person.id,
                                                                 SignatureProfile.language == code))
    record(person, "handbook.signature_saved", None, languages=sorted(clean))
    db.session.commit()
    return clean
