"""Intake: every update cleaned, in the inbox before Telegram learns it arrived, handled
once, and handled again from the inbox when a crash left it unhandled.

The guarantee (stated in the README): an update Telegram delivered is handled at least
once, whatever crashes in between; and its effects happen once, because a handled update
is skipped when it comes again (see bot.storage.inbox for how).

Webhooks pass through `receive`, which records each update before the server answers 200.
Polled updates pass through `take` and are handled at once; the next poll, which confirms
them, first waits up to `SETTLE_WAIT` for their handling, which stores each one handled in
the transaction of its person's state, and records those still going or failed (`settle`).
Recording each on arrival cost a transaction per update before any handling, a sixth of a
log's reply time. If the inbox cannot be written, the updates are not confirmed, and
Telegram delivers them again.

Without the insert's word on whether a polled update is new, a sole instance knows one is
new when its id is above every id it has seen: Telegram numbers updates in order, and one
delivered again was seen before, by this process or, stored, by the inbox at start.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from telegram import Update
from telegram.ext import Application

from bot.core.text_input import clean_strings
from bot.storage.inbox import UpdateInbox
from bot.storage.models import utcnow

logger = logging.getLogger(__name__)

AnyApplication = Application[Any, Any, Any, Any, Any, Any]

# How long an update may wait unhandled before a sweep takes it for abandoned by a crashed
# instance: far longer than any update takes, queueing included.
ABANDONED_AFTER = timedelta(seconds=60)
# Sweeps look this far back; older leftovers are handled at the next start only, so an
# update whose handling fails every time is not retried all day.
SWEEP_WINDOW = timedelta(hours=1)
# Updates put back on the queue per sweep.
_SWEEP_BATCH = 500
# How long the next poll waits for the handling of the updates fetched before it; past
# that it records them. Updates sent meanwhile wait at Telegram for as long.
SETTLE_WAIT = 0.05


class UpdateIntake:
    """Cleans and records arriving updates; decides whether a queued one is to be handled;
    puts back what a crash left unhandled.

    `sole_instance`: no other instance takes updates from the inbox, so one known new here
    (recorded new, or polled with an id above any seen) is known unhandled without asking
    the database.
    """

    __slots__ = (
        "_fresh",
        "_in_flight",
        "_inbox",
        "_newest",
        "_settled",
        "_sole_instance",
        "_unrecorded",
    )

    def __init__(self, inbox: UpdateInbox, *, sole_instance: bool) -> None:
        self._inbox = inbox
        self._sole_instance = sole_instance
        # Ids on this instance's queue or being handled: a sweep leaves them alone.
        self._in_flight: set[int] = set()
        # Of those, the ones known new to this sole instance.
        self._fresh: set[int] = set()
        # Polled updates neither recorded nor stored handled yet, by id.
        self._unrecorded: dict[int, dict[str, Any]] = {}
        # Set once no update in `_unrecorded` is in flight, while `settle` waits for that.
        self._settled: asyncio.Event | None = None
        # The highest update id seen, by the inbox at start or polled since; None: unknown.
        self._newest: int | None = None

    @property
    def inbox(self) -> UpdateInbox:
        return self._inbox

    async def receive(self, payloads: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
        """Clean and record `payloads` (Telegram's JSON updates); returns the cleaned ones,
        to be handled. Raises when they cannot be recorded: then they must not be confirmed."""
        cleaned = [clean_strings(payload) for payload in payloads]
        new = await self._inbox.record(cleaned)
        self._in_flight.update(payload["update_id"] for payload in cleaned)
        if self._sole_instance:
            self._fresh.update(new)
        return cleaned

    def take(self, payloads: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
        """Clean polled `payloads`, to be handled at once; `settle` stores them before the
        next poll confirms them."""
        cleaned = [clean_strings(payload) for payload in payloads]
        batch = {payload["update_id"]: payload for payload in cleaned}
        self._unrecorded.update(batch)
        self._in_flight.update(batch)
        if self._newest is not None:
            for update_id in batch:
                if self._sole_instance and update_id > self._newest:
                    self._fresh.add(update_id)
                self._newest = max(self._newest, update_id)
        return cleaned

    async def settle(self) -> None:
        """Before a poll confirms the updates `take` got: wait up to SETTLE_WAIT for their
        handling, then record those not stored handled. Raises when they cannot be
        recorded: then the poll must not go out."""
        if self._unrecorded.keys() & self._in_flight:
            self._settled = asyncio.Event()
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(SETTLE_WAIT):
                    await self._settled.wait()
            self._settled = None
        waiting = list(self._unrecorded.values())
        await self._inbox.keep(waiting)
        for payload in waiting:
            self._unrecorded.pop(payload["update_id"], None)

    def stored(self, update_id: int) -> None:
        """The update is in the inbox, handled: `settle` has nothing to record of it."""
        self._unrecorded.pop(update_id, None)

    def is_fresh(self, update_id: int) -> bool:
        """Whether this sole instance knows the update new: then it is known unhandled."""
        return update_id in self._fresh

    async def to_handle(self, update_id: int) -> bool:
        """Whether the update is yet to be handled (call it inside the person's turn, so
        that no other copy of it is being handled meanwhile)."""
        if self.is_fresh(update_id):
            return True
        return not await self._inbox.handled(update_id)

    def finished(self, update_id: int) -> None:
        """The update's handling ended, done or failed; a failed one is swept up later."""
        self._in_flight.discard(update_id)
        self._fresh.discard(update_id)
        if self._settled is not None and not self._unrecorded.keys() & self._in_flight:
            self._settled.set()

    async def replay(self, application: AnyApplication, *, at_start: bool = False) -> int:
        """Queue updates the inbox holds unhandled: at start, all of them (a crash left
        them), else those abandoned for ABANDONED_AFTER within SWEEP_WINDOW. Returns how many."""
        now = utcnow()
        if at_start:
            self._newest = await self._inbox.newest() or 0
        payloads = await self._inbox.unhandled(
            received_before=now if at_start else now - ABANDONED_AFTER,
            received_after=None if at_start else now - SWEEP_WINDOW,
            limit=_SWEEP_BATCH,
            skip=sorted(self._in_flight),
        )
        for payload in payloads:
            update = await self._readable(payload, application)
            if update is not None:
                self._in_flight.add(update.update_id)
                await application.update_queue.put(update)
        if payloads:
            logger.warning(
                "Handling %d update(s) again that a crash or failure left unhandled",
                len(payloads),
            )
        return len(payloads)

    async def _readable(
        self, payload: dict[str, Any], application: AnyApplication
    ) -> Update | None:
        """The update in `payload`, or None for one python-telegram-bot cannot read, which
        is marked handled: tried again, it would fail again, every sweep."""
        # PTB documents no exception set for de_json (see bot.telegram.webhook).
        try:
            return Update.de_json(payload, application.bot)
        except Exception as exc:
            logger.warning(
                "Dropped update %s from the inbox: it cannot be read (%s)",
                payload.get("update_id"),
                type(exc).__name__,
            )
            await self._inbox.mark_handled(payload["update_id"])
            return None
