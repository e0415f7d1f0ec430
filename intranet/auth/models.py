"""The server-side record of a signed-in session."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from intranet.extensions import Model
from intranet.people.models import Person, utcnow


def new_session_id() -> str:
    """256 random bits: not guessable, and nothing in it follows the order of sign-ins."""
    return secrets.token_urlsafe(32)


class SignInSession(Model):
    """One browser's sign-in. The cookie names it by `id`; ending the record ends the session.

    It is also the object Flask-Login holds as `current_user`, so `login_user` keeps
    this record's id, never the person's: revoking one record ends exactly one session.
    """

    __tablename__ = "sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True, default=new_session_id)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    #: how the person signed in: "sso", "development" or "test"
    method: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: moved on at most once a minute, which is the idle timeout's granularity
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: set once the session is over; a record that has it never comes back to life
    ended_at: Mapped[datetime | None]
    #: "signed out", "signed out everywhere", "deactivated", "idle timeout", "absolute timeout"
    end_reason: Mapped[str | None] = mapped_column(String(40))

    person: Mapped[Person] = relationship(lazy="joined", innerjoin=True)

    # What Flask-Login asks of its user object.
    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self) -> bool:
        return self.ended_at is None and self.person.active

    def get_id(self) -> str:
        return self.id

    def __repr__(self) -> str:
        return f"<SignInSession person={self.person_id} ended={self.ended_at is not None}>"
