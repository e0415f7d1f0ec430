"""The signed-in session: who it is, and when it ends.

Flask-Login keeps the signed-in state: the signed cookie holds the id of a
`SignInSession` record, and the user loader reads that record (with its person)
in one indexed lookup per request. A session ends when its record is ended —
sign-out, "sign out everywhere", deactivation — or, checked here by hand because
Flask-Login does not, when it has been idle longer than `SESSION_IDLE_MINUTES`
or is older than `SESSION_MAX_HOURS`. An ended record never comes back to life,
so a cookie copied before sign-out is refused after it.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import cast

from flask import Flask, current_app, g, session
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import contains_eager

from intranet.auth.models import SignInSession
from intranet.extensions import db, login_manager
from intranet.notifications.services import UNREAD_CACHE, unread_statement
from intranet.people.models import Person, utcnow

log = logging.getLogger("ura.auth")

#: `last_seen_at` moves on at most this often: one write a minute, not one per request
SEEN_GRANULARITY = timedelta(minutes=1)


def init_sessions(app: Flask) -> None:
    """Flask-Login on the app; "strong" protection drops a cookie replayed from another address or browser."""
    app.config.setdefault("SESSION_PROTECTION", "strong")
    login_manager.init_app(app)
    login_manager.user_loader(load_session)


def start_session(person: Person, method: str) -> SignInSession:
    """Sign `person` in: a new record and a new cookie (and CSRF token) replace whatever was there."""
    language = session.get("lang")
    previous = current_user.get_id() if current_user.is_authenticated else None
    if previous:
        _end(SignInSession.id == previous, "signed out")
    session.clear()
    record = open_session(person, method)
    login_user(record)
    if language:
        session["lang"] = language
        if not person.language:
            person.language = language
    session.permanent = False
    person.last_sign_in_at = utcnow()
    db.session.commit()
    g.person = person
    log.info("sign-in succeeded person=%s method=%s", person.id, method)
    return record


def open_session(person: Person, method: str) -> SignInSession:
    """A new live session record for `person` (flushed, not committed)."""
    # By id: `person` may belong to another SQLAlchemy session (tests build several apps).
    record = SignInSession(person_id=person.id, method=method)
    db.session.add(record)
    db.session.flush()
    return record


def end_session() -> None:
    """Sign out this browser: its record is ended, so a copy of the cookie is worthless too."""
    if current_user.is_authenticated:
        _end(SignInSession.id == current_user.get_id(), "signed out")
        db.session.commit()
    logout_user()
    session.clear()
    g.person = None


def end_all_sessions(person: Person, reason: str) -> int:
    """End every open session of `person` (not committed: the caller's change commits it).

    :returns: how many sessions were open.
    """
    return _end(SignInSession.person_id == person.id, reason)


def sign_out_everywhere(person: Person) -> int:
    """End every session of `person`, this browser's too, and commit."""
    count = end_all_sessions(person, "signed out everywhere")
    db.session.commit()
    logout_user()
    session.clear()
    g.person = None
    log.info("signed out everywhere person=%s sessions=%s", person.id, count)
    return count


def _end(condition, reason: str) -> int:
    result = db.session.execute(
        update(SignInSession).where(condition, SignInSession.ended_at.is_(None))
        .values(ended_at=utcnow(), end_reason=reason)
        .execution_options(synchronize_session=False)
    )
    return cast(CursorResult, result).rowcount  # an UPDATE answers a CursorResult


def load_session(session_id: str) -> SignInSession | None:
    """Flask-Login's user loader: the live record, or None (ending a dead one on the way)."""
    record = _read_session(session_id) if isinstance(session_id, str) else None
    reason = _why_dead(record)
    if reason:
        if record is not None and record.ended_at is None:
            record.ended_at, record.end_reason = utcnow(), reason
            db.session.commit()
        log.info("session ended person=%s reason=%s", getattr(record, "person_id", None), reason)
        g.session_ended = reason
        return None
    assert record is not None  # `_why_dead` calls a missing record dead
    now = utcnow()
    if now - record.last_seen_at >= SEEN_GRANULARITY:
        record.last_seen_at = now
        db.session.commit()
    return record


def _read_session(session_id: str) -> SignInSession | None:
    """The session record with its person, the person's roles and headed units (what every
    permission check asks) and their unread count (what every layout shows): one statement,
    once per request. The count waits on `g` for the layout (intranet.notifications.services)."""
    unread = unread_statement(Person.id).correlate(Person).scalar_subquery()
    row = db.session.execute(
        select(SignInSession, unread).join(SignInSession.person)
        .options(contains_eager(SignInSession.person).joinedload(Person.role_assignments),
                 contains_eager(SignInSession.person).joinedload(Person.headed_units))
        .where(SignInSession.id == session_id)
        .execution_options(populate_existing=True)
    ).unique().first()
    if row is None:
        return None
    record, count = row
    setattr(g, UNREAD_CACHE, (record.person_id, count or 0))
    return record


def _why_dead(record: SignInSession | None) -> str:
    if record is None:
        return "unknown session"
    if record.ended_at is not None:
        return record.end_reason or "ended"
    if not record.person.active:
        return "deactivated"
    now = utcnow()
    if now - record.last_seen_at > timedelta(minutes=current_app.config["SESSION_IDLE_MINUTES"]):
        return "idle timeout"
    if now - record.created_at > timedelta(hours=current_app.config["SESSION_MAX_HOURS"]):
        return "absolute timeout"
    return ""


def load_session_person() -> Person | None:
    """The person of this request's live session, or None; a dead session's cookie is cleared."""
    # Flask-Login caches the user on `g`, which lives on the app context; a request
    # inside an outer app context (tests, CLI-driven rendering) shares it, and must
    # still read its own cookie's session.
    g.pop("_login_user", None)
    if current_user.is_authenticated:
        return current_user.person
    if "_user_id" in session:
        logout_user()
    return None


def session_method() -> str | None:
    """How this browser's session was signed in, or None when signed out."""
    return current_user.method if current_user.is_authenticated else None
