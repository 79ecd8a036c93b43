"""Waiting on what another process does: the bot as a subprocess, or the database it writes."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

# Only keeps a broken bot from hanging the suite; no test asserts on time.
PATIENCE_SECONDS = 90


async def until(
    condition: Callable[[], Awaitable[bool]], what: str, *, every: float = 0.05
) -> None:
    """Poll `condition` every `every` s until it holds; fail the test after
    `PATIENCE_SECONDS`."""
    try:
        async with asyncio.timeout(PATIENCE_SECONDS):
            while True:
                if await condition():
                    return
                await asyncio.sleep(every)
    except TimeoutError:
        raise AssertionError(f"gave up after {PATIENCE_SECONDS} s waiting until {what}") from None
