"""Values a process keeps for a few seconds: what every page asks and almost never changes (the
settings, whether any monthly report is published), read once per process instead of once per request.

A write forgets the value at once in its own process (`forget`); the other processes (gunicorn
workers) see it within the value's time. Kept on the app, so two apps in one process (tests) do
not share them.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from flask import current_app, has_app_context

T = TypeVar("T")
_KEPT = "ura.kept"


def kept(name: str, seconds: float, compute: Callable[[], T]) -> T:
    """The value `compute()` gave within the last `seconds` in this process, or a new one."""
    values: dict[str, tuple[float, object]] = current_app.extensions.setdefault(_KEPT, {})
    now = time.monotonic()
    found = values.get(name)
    if found is not None and now - found[0] < seconds:
        return found[1]  # type: ignore[return-value]  # stored by this function from `compute`
    value = compute()
    values[name] = (now, value)
    return value


def forget(name: str) -> None:
    """Drop this process's copy of `name` (it was written)."""
    if has_app_context():
        current_app.extensions.get(_KEPT, {}).pop(name, None)
