"""Notification texts kept as a message and its parameters, rendered in the reader's language.

A plugin writes `notify(person, kind, _l("New bulletin: %(title)s", title=...))`.
The lazy string is stored as what it is — the message id, its context or plural
form, and its parameters — not as finished text in the sender's language, so a
Serbian reader sees Serbian and dates come out as the reader's language writes
them. Parameters may be strings, numbers, dates, times, other lazy strings, a
`Translated` text (a title per language: the reader's is picked), or a list of
these (joined with commas). Plain strings
(a person's comment) are kept as written.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask_babel import format_date, format_datetime, gettext, ngettext, pgettext
from flask_babel.speaklater import LazyString  # type: ignore[import-untyped]

from intranet.i18n import current_language
from intranet.texts import Translated

_FUNCTIONS = {"gettext": gettext, "pgettext": pgettext, "ngettext": ngettext}


def freeze(value: Any) -> Any:
    """A JSON-storable form of a notification text or parameter."""
    if isinstance(value, LazyString):
        name = getattr(value._func, "__name__", "")
        if name not in _FUNCTIONS:
            return {"text": str(value)}
        return {"msg": name, "args": [freeze(arg) for arg in value._args],
                "params": {key: freeze(param) for key, param in value._kwargs.items()}}
    if isinstance(value, Translated):
        return {"translated": dict(value)}
    if isinstance(value, (list, tuple)):
        return {"list": [freeze(item) for item in value]}
    if isinstance(value, datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def render(frozen: Any) -> Any:
    """The frozen text or parameter in the current locale (use `in_language` for another)."""
    if not isinstance(frozen, dict):
        return "" if frozen is None else frozen
    if "msg" in frozen:
        function = _FUNCTIONS[frozen["msg"]]
        params = {key: render(param) for key, param in frozen.get("params", {}).items()}
        return function(*[render(arg) for arg in frozen.get("args", [])], **params)
    if "list" in frozen:
        return ", ".join(str(render(item)) for item in frozen["list"])
    if "translated" in frozen:
        return Translated(frozen["translated"]).in_language(current_language())
    if "datetime" in frozen:
        return format_datetime(datetime.fromisoformat(frozen["datetime"]), "medium")
    if "date" in frozen:
        return format_date(date.fromisoformat(frozen["date"]), "long")
    return frozen.get("text", "")
