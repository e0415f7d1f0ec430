"""Fan-out jobs: work for a whole audience, done by the outbox worker instead of the request.

Publishing a bulletin to all staff means a notification (and perhaps an email)
for thousands of people: seconds of work that must not hold up the approving
request. The request queues one job in its own transaction,

    enqueue_fanout("bulletins.published", bulletin_id=12)

and `flask outbox run` runs the handler the plugin registered for that name.
The job is an outbox row (channel "fanout"), so it is claimed by one worker,
retried with backoff, given up after `OUTBOX_MAX_ATTEMPTS`, and shown to admins
like any message. Its writes and its "sent" mark are committed together, so it
runs to completion exactly once.
"""

from __future__ import annotations

from collections.abc import Callable

from intranet.extensions import db
from intranet.notifications.models import OutboxMessage
from intranet.people.models import utcnow

FANOUT = "fanout"

#: job name -> handler(payload); plugins register theirs when they connect
HANDLERS: dict[str, Callable[[dict], object]] = {}


class UnknownJob(LookupError):
    """No enabled plugin handles this job (the plugin was disabled after queueing it)."""


def register(name: str, handler: Callable[[dict], object]) -> None:
    """Let `flask outbox run` run `handler(payload)` for jobs called `name`."""
    HANDLERS[name] = handler


def enqueue_fanout(name: str, **payload) -> OutboxMessage:
    """Queue job `name` in the current transaction (JSON-serialisable `payload`)."""
    message = OutboxMessage(channel=FANOUT, recipient="", subject=name[:300], payload=payload,
                            status="pending", attempts=0, next_attempt_at=utcnow())
    db.session.add(message)
    return message


def run_job(message: OutboxMessage) -> None:
    """Run the job's handler in the current transaction (the worker commits it with the job's end)."""
    handler = HANDLERS.get(message.subject)
    if handler is None:
        raise UnknownJob(f"no handler for the job {message.subject!r}")
    handler(dict(message.payload or {}))
