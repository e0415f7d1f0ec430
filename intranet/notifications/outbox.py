"""The outbox worker behind `flask outbox run`: send due messages, each exactly once.

A message is claimed before it is sent, by an atomic compare-and-set UPDATE
(pending -> sending, with this worker's token) that is committed first; only the
worker whose UPDATE changed the row sends it. On PostgreSQL the candidates are
also selected `FOR UPDATE SKIP LOCKED`, so concurrent workers pick different rows
instead of queueing behind each other. A failure puts the message back to pending
with `attempts` counted and the next attempt pushed back exponentially, until
`OUTBOX_MAX_ATTEMPTS` tries or a permanent refusal (SMTP 5xx) mark it "failed": an
admin sees it, with its error, on the outbox page and may send it again.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import and_, func, or_, update

from intranet.extensions import db
from intranet.notifications.channels import SENDERS, MailConnection, PermanentRefusal
from intranet.notifications.fanout import FANOUT, run_job
from intranet.notifications.models import OutboxMessage
from intranet.people.models import utcnow

log = logging.getLogger("ura.outbox")

#: How long a claim holds (renewed just before each send). A worker that dies
#: between claiming a message and recording the result (killed, crashed, or cut
#: off from the database) leaves it "sending"; once the lease has run out another
#: worker claims it again. This is the only case in which a message can be sent
#: twice: the dead worker may have handed it over before it could record that.
#: The Message-ID derived from the outbox id lets mail clients spot the duplicate.
LEASE = timedelta(minutes=15)
#: the first retry waits this long; each further failure doubles it, up to the cap
FIRST_BACKOFF_SECONDS = 60
#: messages claimed at a time: small, so concurrent workers share the load and a
#: crashed worker strands few messages until their lease runs out
BATCH_SIZE = 10


@dataclass
class PassResult:
    sent: int = 0
    failed: int = 0


def worker_token() -> str:
    """Names this worker in `claimed_by`: host, process and a random part (threads differ too)."""
    return f"{socket.gethostname()[:30]}:{os.getpid()}:{secrets.token_hex(6)}"[:64]


def backoff(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failure: 60 s, 120 s, 240 s, … capped by the setting."""
    cap = max(1, current_app.config["OUTBOX_MAX_BACKOFF_SECONDS"])
    return timedelta(seconds=min(cap, FIRST_BACKOFF_SECONDS * 2 ** min(max(attempts - 1, 0), 30)))


def _clock(now: datetime | None) -> datetime:
    """The current time, never earlier than the pass's own clock (tests move that forward)."""
    return max(utcnow(), now or utcnow())


def _due(now: datetime):
    """Pending and due, or claimed by a worker whose lease has run out."""
    return or_(
        and_(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now),
        and_(OutboxMessage.status == "sending", OutboxMessage.claimed_at < now - LEASE),
    )


def claim(token: str, now: datetime, limit: int = BATCH_SIZE) -> list[int]:
    """Claim up to `limit` due messages for `token` and commit; returns the ids won.

    An empty list means nothing is due: a batch lost entirely to another worker
    is followed by another look, since those rows are no longer candidates.
    """
    candidates = (
        db.select(OutboxMessage.id).where(_due(now))
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id).limit(limit)
    )
    if db.session.get_bind().dialect.name == "postgresql":
        candidates = candidates.with_for_update(skip_locked=True)
    while ids := db.session.scalars(candidates).all():
        won = []
        for message_id in ids:
            # The compare-and-set: it changes the row only if it is still due, so of two
            # workers that both saw it (possible without row locks, e.g. on SQLite) one wins.
            result = db.session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == message_id, _due(now))
                .values(status="sending", claimed_by=token, claimed_at=_clock(now))
                .execution_options(synchronize_session=False)
            )
            if result.rowcount == 1:
                won.append(message_id)
        db.session.commit()
        if won:
            return won
    db.session.commit()
    return []


def _finish(message_id: int, token: str, **values) -> bool:
    """Record the outcome if the claim is still ours; commit at once."""
    result = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.status == "sending",
               OutboxMessage.claimed_by == token)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount == 1


def max_attempts() -> int:
    return max(1, int(current_app.config.get("OUTBOX_MAX_ATTEMPTS") or 8))


def deliver(message_id: int, token: str, now: datetime | None = None,
            mail: MailConnection | None = None) -> bool | None:
    """Send one claimed message and record the outcome.

    True when it went out, False when it failed (pending again with backoff, or
    "failed" for good after `OUTBOX_MAX_ATTEMPTS` tries or a permanent refusal),
    None when the claim was no longer ours and nothing was sent. `mail` is the
    batch's SMTP connection.
    """
    # Renew the lease just before sending: it then only has to outlast one send,
    # however long the rest of the batch took.
    if not _finish(message_id, token, claimed_at=_clock(now)):
        log.warning("outbox message=%s skipped: claim lost to another worker", message_id)
        return None
    message = db.session.get(OutboxMessage, message_id)
    # Detach it fully loaded and end the read transaction: nothing is held open
    # (no snapshot, no lock) while we wait on the network.
    db.session.expunge(message)
    db.session.commit()
    attempt = message.attempts + 1
    try:
        if message.channel == FANOUT:
            return _run_fanout(message, token, attempt)
        SENDERS[message.channel](message, mail=mail)
    except Exception as exc:  # noqa: BLE001 - any failure means: try again later, or give up
        db.session.rollback()  # a fan-out job's half-done writes go too
        error = f"{type(exc).__name__}: {exc}"[:1000]
        if isinstance(exc, PermanentRefusal) or attempt >= max_attempts():
            # Given up: an admin sees it with its error under Administration → Outbox and may retry it.
            _finish(message_id, token, status="failed", attempts=attempt, last_error=error,
                    claimed_by="", claimed_at=None)
            log.error("outbox message=%s channel=%s attempt=%s failed for good: %s",
                      message_id, message.channel, attempt, error)
            return False
        # Later than the pass's start, so a pass never meets its own failures again.
        retry_at = _clock(now) + backoff(attempt)
        _finish(message_id, token, status="pending", attempts=attempt, last_error=error,
                next_attempt_at=retry_at, claimed_by="", claimed_at=None)
        # The error names the failure (a refused connection, an HTTP status), never the body.
        log.warning("outbox message=%s channel=%s attempt=%s failed, retry at %s: %s",
                    message_id, message.channel, attempt, retry_at.isoformat(timespec="seconds"), error)
        return False
    if not _finish(message_id, token, status="sent", sent_at=utcnow(), attempts=attempt, last_error=""):
        log.warning("outbox message=%s was sent after its lease ran out; another worker may send it too",
                    message_id)
    log.info("outbox message=%s channel=%s sent (attempt %s)", message_id, message.channel, attempt)
    return True


def _run_fanout(message: OutboxMessage, token: str, attempt: int) -> bool | None:
    """Run a fan-out job; its writes and its "sent" mark commit together, so it is done exactly once."""
    run_job(message)
    result = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message.id, OutboxMessage.status == "sending", OutboxMessage.claimed_by == token)
        .values(status="sent", sent_at=utcnow(), attempts=attempt, last_error="")
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.rollback()  # the lease ran out and another worker has it: its run counts, not ours
        log.warning("outbox job=%s %s: claim lost, nothing written", message.id, message.subject)
        return None
    db.session.commit()
    log.info("outbox job=%s %s done (attempt %s)", message.id, message.subject, attempt)
    return True


def run_once(token: str | None = None, now: datetime | None = None, batch: int = BATCH_SIZE) -> PassResult:
    """One pass: send every message due at the start of the pass; returns the counts.

    A message that fails is due again only after the pass's start (its backoff
    is at least a second), so a pass always ends. `now` stands in for the clock
    (tests move time forward with it).
    """
    token = token or worker_token()
    start = now or utcnow()
    result = PassResult()
    while ids := claim(token, start, batch):
        mail = MailConnection()  # one SMTP connection serves the batch
        try:
            for message_id in ids:
                outcome = deliver(message_id, token, start, mail=mail)
                if outcome is True:
                    result.sent += 1
                elif outcome is False:
                    result.failed += 1
        finally:
            mail.close()
    return result


def run_loop(interval: float, stop: threading.Event) -> None:
    """Keep passing every `interval` seconds until `stop` is set (the service mode)."""
    token = worker_token()
    log.info("outbox worker %s started, interval %ss", token, interval)
    while not stop.is_set():
        try:
            result = run_once(token)
            if result.sent or result.failed:
                log.info("outbox pass: %s sent, %s failed", result.sent, result.failed)
        except Exception:
            # The database may be restarting; keep the service alive and try again.
            db.session.rollback()
            log.exception("outbox pass failed")
        finally:
            db.session.remove()
        stop.wait(interval)
    log.info("outbox worker %s stopped", token)


# --- what an admin sees and does (Administration → Outbox) ----------------------


def failed_messages(page: int = 1, per_page: int = 50):
    """Messages given up on, newest first (a Flask-SQLAlchemy pagination)."""
    query = (db.select(OutboxMessage).where(OutboxMessage.status == "failed")
             .order_by(OutboxMessage.next_attempt_at.desc(), OutboxMessage.id.desc()))
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def pending_count() -> int:
    return db.session.scalar(db.select(func.count()).select_from(OutboxMessage)
                             .where(OutboxMessage.status.in_(("pending", "sending")))) or 0


def retry(actor, message: OutboxMessage) -> bool:
    """Send a failed message again at the next pass, with a fresh count of attempts; audited.

    Returns False (nothing changed) when the message is not failed.
    """
    from intranet.audit.services import record

    result = db.session.execute(
        update(OutboxMessage).where(OutboxMessage.id == message.id, OutboxMessage.status == "failed")
        .values(status="pending", attempts=0, next_attempt_at=utcnow(), claimed_by="", claimed_at=None)
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        return False
    record(actor, "outbox.retried", message, channel=message.channel, error=message.last_error[:200])
    db.session.commit()
    return True
