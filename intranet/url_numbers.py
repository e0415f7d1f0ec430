"""Whole numbers from URLs and query strings, bounded by what an id column holds.

A number past the database's integer (PostgreSQL's `integer` ends at 2^31 - 1,
SQLite's at 2^63 - 1) used to reach a query and come back as a 500. Here it is
refused before that: an URL part beyond the bound matches no route (404), and a
query-string number beyond it counts as absent.
"""

from __future__ import annotations

import builtins
from typing import overload

from flask import request
from werkzeug.routing import IntegerConverter

#: the largest value of an `Integer` column on every supported database
MAX_ID = 2**31 - 1


class BoundedIntConverter(IntegerConverter):
    """`<int:...>` for the whole app: an unsigned number no larger than `MAX_ID`."""

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False):  # noqa: A002  (werkzeug's names)
        bounded = MAX_ID if max is None else builtins.min(max, MAX_ID)
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=bounded, signed=signed)


# With an int default the answer is always an int; the overloads tell the type checker so.
@overload
def whole_number(value: object, default: int, *, minimum: int = 0, maximum: int = MAX_ID) -> int: ...
@overload
def whole_number(value: object, default: None = None, *, minimum: int = 0, maximum: int = MAX_ID) -> int | None: ...
def whole_number(value: object, default: int | None = None, *, minimum: int = 0, maximum: int = MAX_ID) -> int | None:
    """`value` (text of ASCII digits) as an int within [minimum, maximum], else `default`."""
    text = value.strip() if isinstance(value, str) else ""
    negative = text.startswith("-")
    digits = text[1:] if negative else text
    if not digits.isascii() or not digits.isdigit() or len(digits) > 12:
        return default
    number = -int(digits) if negative else int(digits)
    return number if minimum <= number <= maximum else default


@overload
def query_int(name: str, default: int, *, minimum: int = 0, maximum: int = MAX_ID) -> int: ...
@overload
def query_int(name: str, default: None = None, *, minimum: int = 0, maximum: int = MAX_ID) -> int | None: ...
def query_int(name: str, default: int | None = None, *, minimum: int = 0, maximum: int = MAX_ID) -> int | None:
    """The query-string parameter `name` as a bounded whole number, else `default`.

    The one way pages read numbers from the query string (`page`, `group`, …).
    """
    return whole_number(request.args.get(name), default, minimum=minimum, maximum=maximum)
