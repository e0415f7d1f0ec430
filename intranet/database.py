"""Writes that stay correct when two requests race: idempotent inserts, upserts and row locks.

A "once per person" write (an acknowledgment, a preference, a token) must not
check for an existing row and then insert: a double click sends two requests
that both find nothing and both insert, and the second meets the unique
constraint. These statements let the database decide in one step instead:

    inserted = insert_once(Acknowledgment, person_id=p.id, version_id=v.id, language="sq")
    upsert(NotificationPreference, ("person_id", "kind"), {...}, update=("delivery",))

Both use the dialect's `INSERT … ON CONFLICT` (PostgreSQL and SQLite alike).
`insert_rows` writes many rows (or adds them to counts) in one statement;
`rewrite_rows_in_random_order` writes rows again so that their storage tells nothing of their order.
`lock` takes a row lock (`SELECT … FOR UPDATE`) on PostgreSQL, so a read-then-
write such as "the next version number" is done by one request at a time;
SQLite has no row locks and serialises writers anyway.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, cast

from sqlalchemy import Table, bindparam, column, func, insert, null, select, table, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from intranet.extensions import db

_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def dialect_name() -> str:
    return db.session.get_bind().dialect.name


def dialect_insert(model):
    """The dialect's INSERT (with `on_conflict_do_nothing` and `on_conflict_do_update`) of a model or table."""
    try:
        return _INSERTS[dialect_name()](model)
    except KeyError:  # pragma: no cover - Ura runs on PostgreSQL and SQLite only
        raise RuntimeError(f"no INSERT … ON CONFLICT for the {dialect_name()} dialect") from None


def insert_once(model, **values) -> bool:
    """Insert the row unless one with the same unique key exists; True when this call inserted it.

    Runs in the caller's transaction (nothing is committed). Python-side column
    defaults apply as for any insert.
    """
    # RETURNING, not rowcount: the driver's rowcount of an ORM insert is not reliable (psycopg gives -1).
    key = model.__table__.primary_key.columns.values()[0]
    statement = dialect_insert(model).values(**values).on_conflict_do_nothing().returning(key)
    return db.session.execute(statement).first() is not None


def upsert(model, key: Iterable[str], values: dict, update: Iterable[str]) -> None:
    """Insert the row, or update the columns `update` of the row with the same `key` columns."""
    statement = dialect_insert(model).values(**values)
    statement = statement.on_conflict_do_update(
        index_elements=list(key), set_={column: statement.excluded[column] for column in update})
    db.session.execute(statement)


def lock(obj):
    """Lock `obj`'s row until the transaction ends (PostgreSQL) and reload it; returns it.

    A second request locking the same row waits for the first to commit, then
    reads what the first wrote.
    """
    model = type(obj)
    return db.session.scalars(
        select(model).where(model.id == obj.id).with_for_update().execution_options(populate_existing=True)
    ).one()


@contextmanager
def unique_or(error: Exception) -> Iterator[None]:
    """Write the block's rows in a savepoint; if another request took the unique key first, raise `error`.

    For creations checked by name first ("another handbook has this name"): the
    check gives the message, this keeps a double click from turning it into a 500.
    """
    try:
        with db.session.begin_nested():
            yield
    except IntegrityError:
        raise error from None


#: `insert_rows`' statements, built once per process: (dialect, table, columns, added columns) -> statement
_ROW_STATEMENTS: dict[tuple[str, str, tuple[str, ...], tuple[str, ...], tuple[str, ...]], Any] = {}


def insert_rows(model, rows: Sequence[dict], add: tuple[str, ...] = (), same: dict | None = None) -> None:
    """Insert `rows` (dicts with the same keys) in one statement, in their order, each with the
    values of `same` too. With `add`, a row whose primary key is stored already adds its `add`
    columns to the stored ones instead (counts).

    On PostgreSQL the rows travel as one array per column into one `INSERT … SELECT unnest(…), …`
    (`same` as plain parameters): one execution whatever their number, where an executemany is an
    execution per row, each with its own work in the driver and the server (a multi-row VALUES
    would be new SQL, compiled again, for each number of rows). On SQLite, in the process, an
    executemany costs no round trips. Either way the rows are written in the order given: writers
    that sort their rows by key lock shared rows in one order. In the caller's transaction.
    """
    if not rows:
        return
    same = same or {}
    table = getattr(model, "__table__", model)
    names = tuple(rows[0])
    dialect = dialect_name()
    key = (dialect, table.name, names, tuple(same), add)
    statement = _ROW_STATEMENTS.get(key)
    if statement is None:
        statement = dialect_insert(table)
        if dialect == "postgresql":
            # set-returning functions side by side in one select list are read in step, row by row
            statement = statement.from_select([*names, *same], select(
                *(func.unnest(bindparam(name, type_=postgresql.ARRAY(table.c[name].type))).label(name)
                  for name in names),
                *(bindparam(name, type_=table.c[name].type).label(name) for name in same)))
        if add:
            statement = statement.on_conflict_do_update(
                index_elements=list(table.primary_key.columns),
                set_={name: table.c[name] + statement.excluded[name] for name in add})
        _ROW_STATEMENTS[key] = statement
    if dialect == "postgresql":
        db.session.execute(statement, {**{name: [row[name] for row in rows] for name in names}, **same})
    else:
        db.session.execute(statement, [{**row, **same} for row in rows])


def rewrite_rows_in_random_order(copies: Sequence[tuple[Any, str, str]], params: dict, remove: Callable[[], None],
                            blank: Collection[str] = (), then: Callable[[], None] | None = None) -> None:
    """Write rows again in a random physical order, with the same ids and values, in the caller's
    transaction: for anonymity, where the order rows were written in must not be readable.

    On PostgreSQL a table's heap keeps rows about in the order they were inserted (`ctid`), each with
    the id of the transaction that wrote it (`xmin`), which a database administrator could match to
    other rows of that transaction. Rewritten, they take a random heap order and all the one
    transaction id of the caller's. (On SQLite Ura's such tables are `WITHOUT ROWID`, stored in the
    order of their keys anyway; the rewrite runs there too, so one code path is tested on both.)

    `copies`: (model, temporary table, its `CREATE TEMPORARY TABLE … AS SELECT …` with `params`),
    parents first. The rows are copied aside, `remove()` deletes the originals, then each table's
    rows go back from its copy in a random order, `blank` columns as NULL (a link to a row not back
    yet), which `then()` puts back while the copies still exist; then the copies are dropped.
    """
    for _model, copy, fill in copies:
        db.session.execute(text(f"DROP TABLE IF EXISTS {copy}"))
        db.session.execute(text(fill), params)
    remove()
    for model, copy, _fill in copies:
        target = cast(Table, model.__table__)
        names = [c.name for c in target.columns]
        copied = table(copy, *(column(n) for n in names))
        values = [null() if n in blank else copied.c[n] for n in names]
        db.session.execute(insert(target).from_select(names, select(*values).order_by(func.random())))
    if then is not None:
        then()
    for _model, copy, _fill in copies:
        db.session.execute(text(f"DROP TABLE {copy}"))
