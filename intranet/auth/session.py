"""The signed-in session: who it is, and when it ends.

Sessions live in Flask's signed cookie. Each holds the person id, the person's
`session_epoch` at sign-in, the sign-in time and the last activity. A session
ends when it has been idle longer than `SESSION_IDLE_MINUTES`, is older than
`SESSION_MAX_HOURS`, or the person's epoch has moved on (deactivated, or signed
out everywhere).
"""

from __future__ import annotations

import logging
import secrets
import time

from flask import current_app, g, session

from intranet.extensions import db
from intranet.people.models import Person, utcnow

log = logging.getLogger("ura.auth")


def start_session(person: Person, method: str) -> None:
    """Sign `person` in: a new session (and CSRF token) replaces whatever was there."""
    language = session.get("lang")
    session.clear()
    now = int(time.time())
    session.update(
        pid=person.id, epoch=person.session_epoch, iat=now, seen=now,
        sid=secrets.token_urlsafe(16), method=method,
    )
    if language and not person.language:
        person.language = language
    session.permanent = False
    person.last_sign_in_at = utcnow()
    db.session.commit()
    g.person = person
    log.info("sign-in succeeded person=%s method=%s", person.id, method)


def end_session() -> None:
    session.clear()
    g.person = None


def load_session_person() -> Person | None:
    """The person of a live session, or None (ending a dead session on the way)."""
    pid = session.get("pid")
    if pid is None:
        return None
    now = int(time.time())
    idle = current_app.config["SESSION_IDLE_MINUTES"] * 60
    absolute = current_app.config["SESSION_MAX_HOURS"] * 3600
    person = db.session.get(Person, pid)
    reason = None
    if person is None:
        reason = "unknown person"
    elif not person.active:
        reason = "person deactivated"
    elif session.get("epoch") != person.session_epoch:
        reason = "sessions revoked"
    elif now - int(session.get("seen", 0)) > idle:
        reason = "idle timeout"
    elif now - int(session.get("iat", 0)) > absolute:
        reason = "absolute timeout"
    if reason:
        log.info("session ended person=%s reason=%s", pid, reason)
        session.clear()
        g.session_ended = reason
        return None
    # Rewriting the cookie on every request is what makes the idle timeout work
    # with stateless workers; a minute's granularity keeps it from churning.
    if now - int(session.get("seen", 0)) >= 60:
        session["seen"] = now
    return person
