"""Shared database fixtures: every test that asks for one runs on SQLite and PostgreSQL.

* `database_url`: a fresh, empty database (no tables) as an async URL; on PostgreSQL a
  new schema, selected with the `search_path` URL parameter `create_engine` understands.
* `db_settings_overrides`: `load_settings(**db_settings_overrides)` points the bot at it.
* `engine`: an engine on that database, migrated to head (a copy of a database migrated
  once per process: tests.support.databases); `session_factory`: its sessions.

The PostgreSQL variant needs TEST_DATABASE_URL (e.g.
postgresql+asyncpg://postgres@127.0.0.1:5432/test) and is skipped without it.
"""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import hypothesis
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.storage import database
from tests.support import databases
from tests.support.databases import backends

# The browser tests' fixtures (page, served, person, ...), for tests/browser and tests/e2e.
pytest_plugins = ["tests.browser.fixtures"]

# The backends every database test runs on, as fixture parameters.
DATABASE_BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(params=DATABASE_BACKENDS)
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    async with fresh_database(request.param, tmp_path) as url:
        yield url


@asynccontextmanager
async def fresh_database(backend: str, directory: Path) -> AsyncIterator[str]:
    """A fresh, empty database on `backend` ("sqlite" or "postgresql"), as an async URL.

    For fixtures of a wider scope than `database_url`'s; skips the test without
    TEST_DATABASE_URL on PostgreSQL.
    """
    chosen, notes = backends([backend])
    if notes:
        pytest.skip(notes[0])
    async with databases.fresh_database(chosen[0], directory) as url:
        yield url


@pytest.fixture
def db_settings_overrides(database_url: str, tmp_path: Path) -> dict[str, Any]:
    return {"database_url": database_url, "data_dir": tmp_path}


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    # A copy of a migrated database: what upgrade_to_head makes, without its cost per test
    # (tests/storage/test_migrations.py runs the migrations themselves).
    await databases.migrate_from_template(database_url)
    engine = database.create_engine(database_url)
    try:
        yield engine
    finally:
        await engine.dispose()


@pytest.fixture
def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return database.session_factory(engine)


# --- Parallel runs ---------------------------------------------------------------------------
#
# The suite runs on several pytest-xdist workers with `--dist loadgroup` (pyproject.toml's
# addopts): tests of one `xdist_group` run one after the other on one worker, every other test
# goes to whichever worker is free, in collection order.


# For the tests that run the bot as a process of its own under heavy load (the fault days, a
# SIGKILL in the middle of 2,000 reminders): each keeps most of a CPU core busy for a minute
# or so, and more than two at once on a 2-core machine starve each other, until a bot on
# SQLite holds its write lock so long that another writer gives up after SQLite's busy
# timeout. In a parallel run those of each backend take turns on one worker (`xdist_group`),
# so two go at once at most, and they have the CPU first (see pytest_runtest_setup).
BOT_PROCESSES_IN_TURN = pytest.mark.parametrize(
    "database_url",
    [
        pytest.param("sqlite", marks=pytest.mark.xdist_group("bot-processes-sqlite")),
        pytest.param(
            "postgresql",
            marks=[pytest.mark.postgres, pytest.mark.xdist_group("bot-processes-postgresql")],
        ),
    ],
    indirect=True,
)


# Hypothesis fails an example that takes over 200 ms, and a test whose data comes too
# slowly: timings, which on a machine shared by four workers say nothing about the code.
hypothesis.settings.register_profile(
    "coach",
    deadline=None,
    suppress_health_check=[hypothesis.HealthCheck.too_slow],
)
hypothesis.settings.load_profile("coach")


def pytest_runtest_setup(item: pytest.Item) -> None:
    """A worker steps down to a lower CPU priority, for good, before its first test outside
    an `xdist_group`, so that the bot processes taking turns (BOT_PROCESSES_IN_TURN) get the
    CPU first: they set the length of a parallel run, and a bot on SQLite starved of CPU
    fails. The other tests mostly wait on I/O and lose little by waiting for a core too.
    """
    if "PYTEST_XDIST_WORKER" in os.environ and item.get_closest_marker("xdist_group") is None:
        _step_aside()


@functools.cache
def _step_aside() -> None:
    # Raising one's own nice value needs no privilege; on Linux it applies to this thread,
    # which runs the tests, and to every thread and process it starts from now on.
    with contextlib.suppress(OSError):
        os.nice(5)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked `slow` (tens of seconds) first: one started last would keep a worker
    busy alone after the others are done."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """`loadgroup`, except that a worker running a group gets a single quick test to follow it
    rather than the next in line: xdist queues a test or two behind a group, started only
    when the group ends, and a slow one queued behind the fault days would end the run late.
    """
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    class QuickTestsAfterGroups(LoadGroupScheduling):
        def _reschedule(self, node: Any) -> None:
            work = self.assigned_work.get(node, {})
            # A group's scope is its name; any other test's scope is its node id ("a::b").
            unfinished = [scope for scope, done in work.items() if not all(done.values())]
            if not self.workqueue or all("::" in scope for scope in unfinished):
                super()._reschedule(node)
            elif all("::" not in scope for scope in unfinished):
                # A worker starts a test only once it holds the next one (or is told to stop):
                # it needs one behind the group. The last in the queue: the quickest.
                self.workqueue.move_to_end(next(reversed(self.workqueue)), last=False)
                self._assign_work_unit(node)

    return QuickTestsAfterGroups(config, log)
