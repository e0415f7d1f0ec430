"""Running things at the same moment: real threads released together by a barrier.

    outcomes = at_once([lambda: client.post(url), lambda: client.post(url)])

Each callable runs in its own thread (with its own app context, so its own
database session and connection) and starts when every thread is ready. The
outcomes come back in order: the return value, or the exception raised.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest


def at_once(calls: list[Callable], app=None, timeout: float = 120) -> list:
    """Run every call in its own thread, all released at once; their results or exceptions, in order."""
    barrier = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

    def run(index: int, call: Callable) -> None:
        try:
            barrier.wait()
            if app is None:
                outcomes[index] = call()
            else:
                with app.app_context():
                    outcomes[index] = call()
        except BaseException as exc:  # noqa: BLE001 - reported to the test, which asserts on it
            outcomes[index] = exc

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert not any(thread.is_alive() for thread in threads), "a concurrent call did not finish"
    return outcomes


def postgresql_only(db) -> None:
    """Concurrency tests need a server that runs transactions side by side."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("concurrency test: needs PostgreSQL (TEST_DATABASE_URL); SQLite serialises every writer")
