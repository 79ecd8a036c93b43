"""DatabasePersistence keeps conversations and user_data across a restart."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage.models import UserData
from bot.storage.persistence import ConversationKey, DatabasePersistence, PersonState

Sessions = async_sessionmaker[AsyncSession]


NAMES = ("onboarding", "settings")
STEP = ("onboarding", (1, 1))


async def _store_state(
    persistence: DatabasePersistence, name: str, key: ConversationKey, state: object
) -> None:
    """One conversation state, as an update that changed nothing else stores it."""
    await persistence.store_person(int(key[-1]), {}, {(name, key): state})


async def test_conversations_survive_a_restart(session_factory: Sessions) -> None:
    before = DatabasePersistence(session_factory)
    await _store_state(before, "onboarding", (10, 20), "ASK_GOAL")
    await _store_state(before, "onboarding", (10, 20), 3)
    await _store_state(before, "settings", (10, 20), "MENU")
    await _store_state(before, "onboarding", (11, 21), "ASK_DAYS")
    await _store_state(before, "onboarding", (12, 22), "DONE")
    await _store_state(before, "onboarding", (12, 22), None)
    await before.flush()

    after = DatabasePersistence(session_factory)
    first = await after.load_person(20, (10, 20), NAMES)
    assert first.conversations == {"onboarding": 3, "settings": "MENU"}
    assert (await after.load_person(21, (11, 21), NAMES)).conversations == {
        "onboarding": "ASK_DAYS"
    }
    assert (await after.load_person(22, (12, 22), NAMES)).conversations == {}
    assert (await after.load_person(20, (10, 20), ("unknown",))).conversations == {}
    assert (await after.load_person(20, None, NAMES)).conversations == {}


async def test_nothing_is_loaded_up_front(session_factory: Sessions) -> None:
    """Start-up must not read every person's rows: they are read per person, per update."""
    before = DatabasePersistence(session_factory)
    await _store_state(before, "onboarding", (1, 1), 1)
    await before.store_person(1, {"draft": {"goal": "glutes"}})

    after = DatabasePersistence(session_factory)
    assert await after.get_conversations("onboarding") == {}
    assert await after.get_user_data() == {}
    assert (await after.load_person(1, (1, 1), NAMES)).user_data == {"draft": {"goal": "glutes"}}


async def test_deleting_an_unknown_conversation_is_harmless(session_factory: Sessions) -> None:
    persistence = DatabasePersistence(session_factory)
    await _store_state(persistence, "onboarding", (1, 2), None)
    assert (await persistence.load_person(2, (1, 2), NAMES)).conversations == {}


async def test_user_data_survives_a_restart(session_factory: Sessions) -> None:
    draft: dict[Any, Any] = {"draft": {"goal": "glutes", "days": [0, 2, 4], "kg": 61.5}}
    before = DatabasePersistence(session_factory)
    await before.store_person(1, draft)
    await before.store_person(2, {"draft": None})
    await before.store_person(2, {"done": True})
    await before.store_person(3, {"gone": "soon"})
    await before.store_person(3, {})
    await before.store_person(4, {"draft": "finished"})
    await before.store_person(4, {})
    draft["draft"]["days"].append(6)  # the stored copy must not follow

    after = DatabasePersistence(session_factory)
    stored = {
        user_id: (await after.load_person(user_id, None, NAMES)).user_data
        for user_id in (1, 2, 3, 4)
    }
    assert stored == {
        1: {"draft": {"goal": "glutes", "days": [0, 2, 4], "kg": 61.5}},
        2: {"done": True},
        3: {},
        4: {},
    }
    assert await _user_data_rows(session_factory) == 2, "empty data needs no row"


async def test_a_late_drop_from_ptb_deletes_nothing_stored_since(
    session_factory: Sessions,
) -> None:
    """PTB passes on `Application.drop_user_data` at its next periodic write, up to a second
    later: by then the person may have started over, and their new answers must stay."""
    persistence = DatabasePersistence(session_factory)
    await persistence.store_person(5, {"draft": {"goal": "strength"}})
    await persistence.drop_user_data(5)
    # The person's next update, read from the database as every instance on PostgreSQL does.
    loaded = await persistence.load_person(5, None, NAMES)
    assert loaded.user_data == {"draft": {"goal": "strength"}}


async def test_what_another_instance_wrote_is_seen_on_the_next_load(
    session_factory: Sessions,
) -> None:
    """Two instances: each must read the other's writes and still write its own."""
    first, second = DatabasePersistence(session_factory), DatabasePersistence(session_factory)
    await first.store_person(7, {"draft": 1})
    assert (await second.load_person(7, None, NAMES)).user_data == {"draft": 1}
    await second.store_person(7, {"draft": 2})
    assert (await first.load_person(7, None, NAMES)).user_data == {"draft": 2}
    await first.store_person(7, {"draft": 1})
    assert (await second.load_person(7, None, NAMES)).user_data == {"draft": 1}


async def test_concurrent_writes_all_land(session_factory: Sessions) -> None:
    # PTB hands all pending changes over at once with asyncio.gather; on SQLite the
    # writers must wait for each other (busy_timeout) rather than fail.
    persistence = DatabasePersistence(session_factory)
    await asyncio.gather(
        *(
            persistence.store_person(user_id, {"n": user_id}, {("c", (user_id,)): user_id})
            for user_id in range(20)
        ),
        *(persistence.store_person(99, {"n": n}) for n in range(5)),
    )
    reader = DatabasePersistence(session_factory)
    for user_id in range(20):
        stored = await reader.load_person(user_id, (user_id,), ("c",))
        assert stored.user_data == {"n": user_id}
        assert stored.conversations == {"c": user_id}
    assert (await reader.load_person(99, None, ())).user_data["n"] in range(5)


@pytest.mark.parametrize(
    ("data", "culprit"),
    [
        ({"draft": {"start": date(2025, 1, 6)}}, r"\['draft'\]\['start'\] is a date"),
        ({"days": (0, 2)}, r"\['days'\] is a tuple"),
        ({"sets": {1: "a"}}, r"\['sets'\] has the key 1"),
        ({"seen": {"a"}}, r"\['seen'\] is a set"),
    ],
)
async def test_user_data_must_be_json_safe(
    session_factory: Sessions, data: dict[Any, Any], culprit: str
) -> None:
    persistence = DatabasePersistence(session_factory)
    with pytest.raises(TypeError, match=rf"user_data\[5\]{culprit}"):
        await persistence.store_person(5, data)
    assert await _user_data_rows(session_factory) == 0


async def test_only_user_data_and_conversations_are_stored(session_factory: Sessions) -> None:
    persistence = DatabasePersistence(session_factory, update_interval=2.5)
    assert persistence.update_interval == 2.5
    assert persistence.store_data.user_data
    assert not persistence.store_data.chat_data
    assert not persistence.store_data.bot_data
    assert not persistence.store_data.callback_data
    assert await persistence.get_chat_data() == {}
    assert await persistence.get_bot_data() == {}
    assert await persistence.get_callback_data() is None


async def test_conversation_state_must_be_finite(session_factory: Sessions) -> None:
    persistence = DatabasePersistence(session_factory)
    with pytest.raises(ValueError, match="conversation 'c'"):
        await persistence.store_person(1, {"kept": 1}, {("c", (1,)): float("nan")})
    assert await persistence.load_person(1, (1,), ("c",)) == PersonState({}, {})


async def _user_data_rows(session_factory: Sessions) -> int:
    async with session_factory() as session:
        return await session.scalar(select(func.count()).select_from(UserData)) or 0


async def test_ptbs_periodic_copies_are_never_written(session_factory: Sessions) -> None:
    """PTB hands over copies taken earlier; written late they would undo newer writes."""
    persistence = DatabasePersistence(session_factory)
    draft = {"draft": {"goal": "glutes", "days": 3}}
    await persistence.store_person(1, draft, {("onboarding", (1, 1)): "ASK_TIME"})
    await persistence.update_user_data(1, {"draft": {"goal": "glutes"}})
    await persistence.update_conversation("onboarding", (1, 1), "ASK_DAYS")
    stored = await DatabasePersistence(session_factory).load_person(1, (1, 1), NAMES)
    assert stored.user_data == {"draft": {"goal": "glutes", "days": 3}}
    assert stored.conversations == {"onboarding": "ASK_TIME"}


class _Crash(Exception):
    pass


async def test_a_crash_between_state_and_user_data_writes_neither(
    session_factory: Sessions,
) -> None:
    """One answer moves the conversation on and adds to the draft: both or neither."""
    persistence = DatabasePersistence(session_factory)
    await persistence.store_person(1, {"draft": {"goal": "glutes"}}, {STEP: "ASK_DAYS"})

    def die_at_user_data(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if UserData.__tablename__ in statement:
            raise _Crash

    engine = session_factory.kw["bind"].sync_engine
    event.listen(engine, "before_cursor_execute", die_at_user_data)
    try:
        with pytest.raises(_Crash):
            await persistence.store_person(1, {"draft": {"goal": "glutes", "days": 3}}, {STEP: 4})
    finally:
        event.remove(engine, "before_cursor_execute", die_at_user_data)
    stored = await DatabasePersistence(session_factory).load_person(1, STEP[1], NAMES)
    assert stored == PersonState({"draft": {"goal": "glutes"}}, {"onboarding": "ASK_DAYS"})
