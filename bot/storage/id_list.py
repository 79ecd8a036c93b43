"""A column matched against a list of ids bound as one value, so its SQL never changes.

SQLAlchemy's expanding `IN` renders one bind per id into the statement on every execution,
after the cache: a reminder batch's eight reads of a hundred people each spent about half
a millisecond there on PostgreSQL, a fifth of what the dispatcher does per batch besides
sending. Bound as one value instead, the list is an array on PostgreSQL (`= ANY($1)`) and
JSON text on SQLite (`IN (SELECT value FROM json_each(?))`, which SQLite plans as a lookup
of each id on the column's index), and the compiled statement is reused as it is.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from typing import Any

from sqlalchemy import BigInteger, Boolean, String, TypeDecorator, bindparam
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import BindParameter, ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal, _TraverseInternalsType
from sqlalchemy.types import TypeEngine


class IdList(TypeDecorator[Collection[int]]):
    """Integer ids as one bound value: a BIGINT array on PostgreSQL, JSON text elsewhere."""

    impl = String
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(postgresql.ARRAY(BigInteger()))
        return dialect.type_descriptor(String())

    def process_bind_param(self, value: Collection[int] | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        ids = [int(one) for one in value]
        return ids if dialect.name == "postgresql" else json.dumps(ids)


class OneOf(ColumnElement[bool]):
    """`column` equals one of the ids bound to `ids` (an `IdList` parameter)."""

    inherit_cache = True
    type = Boolean()
    # A comparison already: SQLite would otherwise be given `... = 1`, which no index serves.
    _is_implicitly_boolean = True
    # What its cache key is made of: without it SQLAlchemy would not cache the statement.
    _traverse_internals: _TraverseInternalsType = [  # noqa: RUF012 (as SQLAlchemy declares it)
        ("column", InternalTraversal.dp_clauseelement),
        ("ids", InternalTraversal.dp_clauseelement),
    ]

    def __init__(self, column: ColumnElement[Any], ids: BindParameter[Any]) -> None:
        self.column = column
        self.ids = ids


@compiles(OneOf)
def _one_of_in_json(element: OneOf, compiler: SQLCompiler, **kw: Any) -> str:
    column, ids = compiler.process(element.column, **kw), compiler.process(element.ids, **kw)
    return f"{column} IN (SELECT value FROM json_each({ids}))"


@compiles(OneOf, "postgresql")
def _one_of_array(element: OneOf, compiler: SQLCompiler, **kw: Any) -> str:
    column, ids = compiler.process(element.column, **kw), compiler.process(element.ids, **kw)
    return f"{column} = ANY({ids})"


def id_list(name: str) -> BindParameter[Collection[int]]:
    """A parameter `name` that takes a list of ids (see `OneOf`)."""
    return bindparam(name, type_=IdList())
