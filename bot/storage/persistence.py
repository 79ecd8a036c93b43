"""python-telegram-bot persistence in Coach's own database."""

from __future__ import annotations

import json
import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Any, Protocol

from cachetools import LRUCache
from sqlalchemy import JSON, BigInteger, Boolean, TextualSelect, bindparam, delete, select, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.types import String
from telegram.ext import BasePersistence, PersistenceInput

from bot.storage.database import upsert
from bot.storage.deferred_writes import Write
from bot.storage.inbox import mark_handled, was_handled
from bot.storage.models import Conversation, UserData, utcnow

# PTB's own aliases live in a private module; these are the same types.
ConversationKey = tuple[int | str, ...]
ConversationDict = dict[ConversationKey, object]
# A person's state in one conversation: (conversation name, PTB's key).
StateRef = tuple[str, ConversationKey]
CDCData = tuple[list[tuple[str, float, dict[str, Any]]], dict[str, str]]

JSON_SCALARS = (str, int, float, bool, type(None))

# How many people's last stored user_data this instance remembers, to skip rewriting it
# unchanged: about the people active in the last minutes; older entries just cost one write.
_REMEMBERED_PEOPLE = 10_000

_NO_STATES: Mapping[StateRef, object | None] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class PersonState:
    """What the database holds for one person: their user_data and, by conversation name,
    the state of each of their conversations (absent when not in one)."""

    user_data: dict[str, Any]
    conversations: dict[str, object]


class Refresh(Protocol):
    """What a service keeps of a person in memory, checked before their update on
    PostgreSQL (another instance may have changed it) and read again when it changed.

    The check is one SQL column, `probe`: a scalar expression of `:user_id` and of the
    parameters it returns. It is read in the statement that loads the person's state, so
    checking costs no statement of its own; `settle` then gets its value, in that session.
    """

    def probe(self, user_id: int) -> tuple[str, Mapping[str, Any]]: ...

    async def settle(self, session: AsyncSession, user_id: int, value: Any) -> None: ...


async def check(session: AsyncSession, user_id: int, refreshes: Sequence[Refresh]) -> None:
    """Check each of `refreshes` in one statement and settle it, in `session`."""
    if not refreshes:
        return
    probes, params = _probes(user_id, refreshes)
    columns = ", ".join(f"({sql}) AS probe_{n}" for n, sql in enumerate(probes))
    row = (await session.execute(text(f"SELECT {columns}"), params)).one()
    await _settle(session, user_id, refreshes, row)


async def _settle(
    session: AsyncSession, user_id: int, refreshes: Sequence[Refresh], values: Sequence[Any]
) -> None:
    """Give each of `refreshes` the value its probe read."""
    for each, value in zip(refreshes, values, strict=True):
        await each.settle(session, user_id, value)


def _probes(user_id: int, refreshes: Sequence[Refresh]) -> tuple[tuple[str, ...], dict[str, Any]]:
    """The refreshes' probes and the parameters of them all."""
    params: dict[str, Any] = {"user_id": user_id}
    probes = []
    for each in refreshes:
        sql, extra = each.probe(user_id)
        probes.append(sql)
        params.update(extra)
    return tuple(probes), params


# A person's data and states on SQLite (read at their first update since start; on
# PostgreSQL `_person_statement` reads them): built once, as building took longer than running.
_USER_DATA = select(UserData.data).where(UserData.user_id == bindparam("user_id"))
_STATES = select(Conversation.name, Conversation.state).where(
    Conversation.key == bindparam("key"),
    Conversation.name.in_(bindparam("names", expanding=True)),
)


class DatabasePersistence(BasePersistence[dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """Stores `ConversationHandler` states and `context.user_data`; nothing else.

    Read per person, never all at once: `get_user_data` and `get_conversations`, which PTB
    calls once at start-up, return nothing, and `load_person` reads one person's rows when
    an update of theirs arrives (see bot.telegram.shared_state). So start-up time and memory do not
    grow with the number of people, and an instance sees what another instance wrote.

    Written per person too, by `store_person`, which bot.telegram.shared_state calls at the end of
    each update with what it changed, in one short transaction. PTB's own
    `update_user_data` and `update_conversation`, which it calls every `update_interval`
    seconds with copies taken at some moment, write nothing: such a copy, written late,
    could overwrite a newer state that this or another instance stored since. For the same
    reason `drop_user_data`, which PTB calls at that interval for an `Application.drop_user_data`
    made up to a second before, deletes nothing: /delete_me erases the row itself
    (bot.storage.erasure) and empties the person's user_data in memory.

    Values are stored as JSON and must be JSON-safe: dicts with str keys, lists, str, int,
    float (finite), bool and None. Anything else raises TypeError (ValueError for NaN and
    infinities) naming where it sits, instead of being silently converted (a tuple would
    come back as a list, an int key as a str). Conversation keys, tuples of ints and strs,
    are stored as JSON text and come back as tuples.

    chat_data, bot_data and callback_data are not stored (`store_data` says so, so PTB
    never calls their methods); their getters return empty values and the rest do nothing,
    as PTB's documentation allows for data a persistence does not keep.
    """

    __slots__ = ("_sessions", "_stored")

    def __init__(
        self, session_factory: async_sessionmaker[AsyncSession], update_interval: float = 1.0
    ) -> None:
        super().__init__(
            store_data=PersistenceInput(
                bot_data=False, chat_data=False, user_data=True, callback_data=False
            ),
            update_interval=update_interval,
        )
        self._sessions = session_factory
        # user id -> JSON text of the user_data the database holds, as last read or written.
        self._stored: LRUCache[int, str] = LRUCache(maxsize=_REMEMBERED_PEOPLE)

    # --- per person --------------------------------------------------------------------

    async def load_person(
        self,
        user_id: int,
        key: ConversationKey | None,
        names: Collection[str],
        *,
        refresh: Sequence[Refresh] = (),
        unless_handled: int | None = None,
    ) -> PersonState | None:
        """One person's user_data, and their states under `key` in the conversations `names`;
        `refresh` checks what else is kept of them in memory, in the same session. None,
        reading nothing more, when the update `unless_handled` was handled already.

        On PostgreSQL, where this runs before every update, all of it is one statement."""
        async with self._sessions() as session:
            if session.get_bind().dialect.name == "postgresql":
                return await self._load_at_once(
                    session, user_id, key, names, refresh, unless_handled
                )
            if unless_handled is not None and await was_handled(session, unless_handled):
                return None
            await check(session, user_id, refresh)
            data = await session.scalar(_USER_DATA, {"user_id": user_id})
            states: dict[str, object] = {}
            if key is not None and names:
                params = {"key": conversation_key(key), "names": list(names)}
                states = dict((await session.execute(_STATES, params)).all())
        return self._loaded(user_id, data, states)

    async def _load_at_once(
        self,
        session: AsyncSession,
        user_id: int,
        key: ConversationKey | None,
        names: Collection[str],
        refreshes: Sequence[Refresh],
        unless_handled: int | None,
    ) -> PersonState | None:
        # One statement reads nothing a transaction would keep consistent (each statement
        # sees the latest commits anyway): without one, it skips BEGIN and ROLLBACK.
        await session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
        probes, params = _probes(user_id, refreshes)
        params.update(
            update_id=unless_handled,
            key=None if key is None else conversation_key(key),
            names=list(names),
        )
        row = (await session.execute(_person_statement(probes), params)).one()
        if row.handled:
            return None
        await _settle(session, user_id, refreshes, row[3:])
        return self._loaded(user_id, row.data, row.states or {})

    def _loaded(self, user_id: int, data: Any, states: dict[str, object]) -> PersonState:
        user_data = data or {}
        self._stored[user_id] = _json_text(user_data)
        return PersonState(user_data, states)

    async def refresh_person(self, user_id: int, refreshes: Sequence[Refresh]) -> None:
        """Check again, in one session, what is kept of the person in memory."""
        async with self._sessions() as session:
            await check(session, user_id, refreshes)

    # --- user_data ---------------------------------------------------------------------

    async def get_user_data(self) -> dict[int, dict[Any, Any]]:
        """Nothing up front: each person's data is read when their update arrives."""
        return {}

    async def update_user_data(self, user_id: int, data: dict[Any, Any]) -> None:
        """Nothing: see `store_person` and the class docstring."""

    async def store_person(
        self,
        user_id: int,
        data: dict[Any, Any],
        states: Mapping[StateRef, object | None] = _NO_STATES,
        *,
        handled_update: int | None = None,
        writes: Sequence[Write] = (),
    ) -> None:
        """Stores the person's user_data, unless the database already holds it (empty data
        has no row), the conversation states in `states` (None ends one: no row), makes the
        update's deferred `writes` (bot.storage.deferred_writes), and marks
        `handled_update` handled in the update inbox.

        One transaction: a crash between the two would leave a conversation at a step whose
        answers the draft in user_data does not hold, or the other way round; and an update
        is handled exactly when the state it left is stored (see bot.storage.inbox).
        """
        copy = _json_copy(data, f"user_data[{user_id}]")
        text = _json_text(copy)
        changed = self._stored.get(user_id) != text
        rows = {ref: _state_copy(ref, state) for ref, state in states.items()}
        if not changed and not rows and not writes and handled_update is None:
            return
        async with self._sessions.begin() as session:
            for write in writes:
                await write(session)
            for (name, key), state in rows.items():
                await _store_state(session, name, key, state)
            if changed:
                await _store_user_data(session, user_id, copy)
            if handled_update is not None:
                await mark_handled(session, handled_update, utcnow())
        self._stored[user_id] = text

    async def drop_user_data(self, user_id: int) -> None:
        """Nothing: see the class docstring. A deletion this late would erase what the
        person stored since, a new onboarding's answers for one."""

    async def refresh_user_data(self, user_id: int, user_data: dict[Any, Any]) -> None:
        """Nothing here: the shell loads the person's data together with their conversations."""

    # --- conversations -----------------------------------------------------------------

    async def get_conversations(self, name: str) -> ConversationDict:
        """Nothing up front: each person's states are read when their update arrives."""
        return {}

    async def update_conversation(
        self, name: str, key: ConversationKey, new_state: object | None
    ) -> None:
        """Nothing: see `store_person` and the class docstring."""

    async def flush(self) -> None:
        """Nothing is buffered (see the class docstring), so there is nothing to write."""

    # --- not stored --------------------------------------------------------------------

    async def get_chat_data(self) -> dict[int, dict[Any, Any]]:
        return {}

    async def update_chat_data(self, chat_id: int, data: dict[Any, Any]) -> None:
        pass

    async def drop_chat_data(self, chat_id: int) -> None:
        pass

    async def refresh_chat_data(self, chat_id: int, chat_data: dict[Any, Any]) -> None:
        pass

    async def get_bot_data(self) -> dict[Any, Any]:
        return {}

    async def update_bot_data(self, data: dict[Any, Any]) -> None:
        pass

    async def refresh_bot_data(self, bot_data: dict[Any, Any]) -> None:
        pass

    async def get_callback_data(self) -> CDCData | None:
        return None

    async def update_callback_data(self, data: CDCData) -> None:
        pass


@cache
def _person_statement(probes: tuple[str, ...]) -> TextualSelect:
    """PostgreSQL's one statement before a person's update: whether the update was handled,
    their user_data, their states by conversation name, and each probe (see `Refresh`)."""
    columns = "".join(f", ({sql}) AS probe_{n}" for n, sql in enumerate(probes))
    return (
        text(
            "SELECT"
            " (SELECT handled_at IS NOT NULL FROM update_inbox"
            " WHERE update_id = :update_id) AS handled,"
            " (SELECT data FROM ptb_user_data WHERE user_id = :user_id) AS data,"
            " (SELECT json_object_agg(name, state) FROM ptb_conversations"
            " WHERE key = :key AND name = ANY(:names)) AS states" + columns
        )
        .bindparams(
            bindparam("update_id", type_=BigInteger),
            bindparam("user_id", type_=BigInteger),
            bindparam("key", type_=String),
            bindparam("names", type_=ARRAY(String)),
        )
        .columns(handled=Boolean, data=JSON, states=JSON)
    )


def _state_copy(ref: StateRef, state: object | None) -> object | None:
    name, key = ref
    return None if state is None else _json_copy(state, f"state of conversation {name!r} {key}")


async def _store_state(
    session: AsyncSession, name: str, key: ConversationKey, state: object | None
) -> None:
    where = (Conversation.name == name, Conversation.key == conversation_key(key))
    if state is None:
        await session.execute(delete(Conversation).where(*where))
    else:
        values = {"name": name, "key": conversation_key(key), "state": state}
        await upsert(session, Conversation, values)


async def _store_user_data(session: AsyncSession, user_id: int, data: dict[str, Any]) -> None:
    if data:
        await upsert(session, UserData, {"user_id": user_id, "data": data})
    else:
        await session.execute(delete(UserData).where(UserData.user_id == user_id))


def conversation_key(key: ConversationKey) -> str:
    """How a conversation key is stored: the JSON text of the key tuple."""
    return json.dumps(list(key), separators=(",", ":"))


def _json_text(value: object) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def _json_copy(value: object, where: str) -> Any:
    """A deep copy of `value` made of plain JSON types, or an error naming what is not."""
    _check_json_safe(value, where)
    return json.loads(json.dumps(value))


def _check_json_safe(value: object, where: str) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(
                    f"{where} has the key {key!r} of type {type(key).__name__}; "
                    "only str keys survive JSON storage"
                )
            _check_json_safe(item, f"{where}[{key!r}]")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_json_safe(item, f"{where}[{index}]")
    elif not isinstance(value, JSON_SCALARS):
        raise TypeError(
            f"{where} is a {type(value).__name__}, which cannot be stored as JSON; "
            "keep only dict (str keys), list, str, int, float, bool and None there"
        )
    elif isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"{where} is {value}, which JSON cannot represent")
