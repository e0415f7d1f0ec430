"""Local time: the database stores naive UTC; people read and type Istog's time.

Every conversion goes through Flask-Babel (`to_user_timezone`, `to_utc`), so the
zone is the one configured (`URA_TIMEZONE`, default Europe/Belgrade) and daylight
saving is handled by the zone database. Forms use `LocalDateTimeField`: its data
is naive UTC, what the page shows and what the person types is local time.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import overload

from flask_babel import lazy_gettext as _l
from flask_babel import to_user_timezone
from flask_babel import to_utc as _babel_to_utc
from wtforms import DateTimeLocalField

from intranet.people.models import utcnow

#: how `<input type="datetime-local">` writes a value
HTML_LOCAL = "%Y-%m-%dT%H:%M"


@overload
def to_local(value: datetime) -> datetime: ...
@overload
def to_local(value: None) -> None: ...
def to_local(value: datetime | None) -> datetime | None:
    """A stored (naive UTC) time as naive local time; None stays None."""
    if value is None:
        return None
    return to_user_timezone(value).replace(tzinfo=None)


@overload
def to_utc(value: datetime) -> datetime: ...
@overload
def to_utc(value: None) -> None: ...
def to_utc(value: datetime | None) -> datetime | None:
    """A naive local time (as typed) as naive UTC, as stored; None stays None."""
    if value is None:
        return None
    return _babel_to_utc(value)


def local_today(now: datetime | None = None) -> date:
    """Today's date in Istog (at 00:30 local time it is already tomorrow in UTC terms' eyes)."""
    local = to_local(now or utcnow())
    assert local is not None
    return local.date()


def start_of_local_day(day: date) -> datetime:
    """00:00 local time on `day`, as naive UTC: the bound for "from this day on" filters."""
    start = to_utc(datetime.combine(day, time.min))
    assert start is not None
    return start


class LocalDateTimeField(DateTimeLocalField):
    """A date and time typed in local time; `data` is naive UTC, ready to store."""

    data: datetime | None

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("format", HTML_LOCAL)
        kwargs.setdefault("invalid_value_message", _l("Enter a date and time, e.g. 19.12.2026 14:30."))
        super().__init__(label, validators, **kwargs)

    def _value(self) -> str:
        if self.raw_data:
            return " ".join(self.raw_data)
        local = to_local(self.data)
        return local.strftime(self.format[0]) if local else ""

    def process_formdata(self, valuelist) -> None:
        super().process_formdata(valuelist)
        if self.data is not None and valuelist:
            self.data = to_utc(self.data)
