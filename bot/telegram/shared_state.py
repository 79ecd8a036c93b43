"""Each person's conversation state and user_data, read from the database before each of
their updates and written back after it, so any instance can continue any conversation.

PTB loads persisted conversations once, at start-up, and afterwards only writes them, every
`update_interval` seconds: fine for one process, wrong for several behind a load balancer,
where the instance that gets a person's next button press may never have seen the previous
one. PTB has no hook to refresh a conversation (python-telegram-bot issues #4452, #5225), so
`SharedState.around` frames the handling of every update (bot.telegram.update_processor calls it):

1. take the person's turn across instances (bot.storage.person_locks), so that another
   instance holds their next update back until this one is written;
2. skip the update if it was handled already (redelivered, or replayed from the inbox:
   see bot.telegram.intake);
3. read their user_data and their state in every persistent conversation in one session,
   in place of what this instance holds in memory, and, when other instances may have
   changed them, read again in that session what the services cache of them (`refresh`);
4. handle the update;
5. write what the update changed of their state, the writes the handlers deferred to its
   end (bot.storage.deferred_writes), and that the update is handled, in one transaction,
   at once rather than at PTB's next interval;
6. give the turn back.

Updates without a user (channel posts, for instance) touch no person's state: they are
only skipped when handled already, and marked handled.

A sole instance (SQLite) reads a person's state only at their first update since start:
nothing but itself writes it afterwards, so what it holds in memory stays right.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

from cachetools import LRUCache
from telegram import Update
from telegram.ext import Application, ConversationHandler

from bot.storage.deferred_writes import Write, collecting
from bot.storage.persistence import ConversationKey, DatabasePersistence, Refresh
from bot.storage.person_locks import PersonLocks
from bot.telegram.intake import UpdateIntake

AnyConversation = ConversationHandler[Any]
AnyApplication = Application[Any, Any, Any, Any, Any, Any]

# How many (chat, person) states a sole instance remembers having read; one it forgot is
# simply read again.
_REMEMBERED_STATES = 100_000


class SharedState:
    """Frames each update with its person's stored state (see the module docstring)."""

    __slots__ = (
        "_application",
        "_conversations",
        "_intake",
        "_loaded",
        "_locks",
        "_names",
        "_persistence",
        "_refresh",
    )

    def __init__(
        self,
        persistence: DatabasePersistence,
        locks: PersonLocks,
        intake: UpdateIntake,
        conversations: Sequence[AnyConversation],
        *,
        sole_instance: bool,
        refresh: Sequence[Refresh] = (),
    ) -> None:
        """`refresh` reads again what this instance caches of a person elsewhere; with
        other instances it runs before each of the person's updates, in the session that
        reads their state."""
        for conversation in conversations:
            if not conversation.persistent or conversation.name is None:
                raise ValueError(f"{conversation!r} is not a named persistent conversation")
            if conversation.per_message or not (conversation.per_chat and conversation.per_user):
                # PTB's default key, (chat, user): one person's state in one chat.
                raise ValueError(f"{conversation.name} must be keyed per chat and user only")
        self._persistence = persistence
        self._locks = locks
        self._intake = intake
        self._conversations = tuple(conversations)
        self._names = {conversation.name for conversation in conversations if conversation.name}
        self._refresh = () if sole_instance else tuple(refresh)
        # The (chat, person) keys whose state is in memory; None: read before every update.
        self._loaded: LRUCache[ConversationKey, bool] | None = (
            LRUCache(maxsize=_REMEMBERED_STATES) if sole_instance else None
        )
        self._application: AnyApplication | None = None

    def attach(self, application: AnyApplication) -> None:
        """The application whose memory is refreshed and whose changes are written."""
        self._application = application

    @asynccontextmanager
    async def around(self, update: object) -> AsyncIterator[bool]:
        """Yields whether to handle the update: False when it was handled already."""
        application = self._application
        if not isinstance(update, Update) or application is None:
            yield True
            return
        try:
            if update.effective_user is None:
                async with self._without_person(update) as to_handle:
                    yield to_handle
            else:
                async with self._with_person(application, update, update.effective_user.id) as (
                    to_handle
                ):
                    yield to_handle
        finally:
            self._intake.finished(update.update_id)

    @asynccontextmanager
    async def _with_person(
        self, application: AnyApplication, update: Update, user_id: int
    ) -> AsyncIterator[bool]:
        chat = update.effective_chat
        # Without a chat (an inline query, say) the person can be in no conversation.
        key: ConversationKey | None = None if chat is None else (chat.id, user_id)
        async with self._locks.hold(user_id):
            memory = key or (user_id,)
            if self._loaded is not None and memory in self._loaded:
                to_handle = await self._intake.to_handle(update.update_id)
            else:
                # Whether it was handled is read with the state, in one session.
                to_handle = await self._load(application, user_id, key, update.update_id)
                if to_handle and self._loaded is not None:
                    self._loaded[memory] = True
            if not to_handle:
                self._intake.stored(update.update_id)
                yield False
                return
            before = self._states(key)
            with collecting() as writes:
                yield True
            await self._save(application, user_id, key, before, (update.update_id, writes))
            self._intake.stored(update.update_id)

    @asynccontextmanager
    async def hold(self, user_id: int) -> AsyncIterator[None]:
        """The person's turn across instances for work that is not an update (a Mini App
        request), with what is kept of them read again first, as before an update."""
        async with self._locks.hold(user_id):
            if self._refresh:
                await self._persistence.refresh_person(user_id, self._refresh)
            yield

    @asynccontextmanager
    async def _without_person(self, update: Update) -> AsyncIterator[bool]:
        """Updates without a user (a channel post, say) touch no one's state: handled
        unless they were, and marked handled on their own."""
        to_handle = await self._intake.to_handle(update.update_id)
        yield to_handle
        if to_handle:
            await self._intake.inbox.mark_handled(update.update_id)
        self._intake.stored(update.update_id)

    async def close(self) -> None:
        await self._locks.close()

    def _states(self, key: ConversationKey | None) -> dict[str, object]:
        """The person's state in each conversation, as this instance holds it now."""
        if key is None:
            return {}
        return {str(c.name): _tracked(c).get(key) for c in self._conversations}

    async def _save(
        self,
        application: AnyApplication,
        user_id: int,
        key: ConversationKey | None,
        before: dict[str, object],
        handled: tuple[int, Sequence[Write]],
    ) -> None:
        """Write what the update changed of this person's state, and only that, at once,
        with the update's deferred writes, and mark it handled: `handled` is its id and
        those writes.

        Not PTB's `update_persistence`, which writes everyone's pending changes behind one
        application-wide lock: with many updates in flight each waited for all the others.
        (PTB's own periodic writes are ignored by the persistence; see DatabasePersistence.)
        """
        changed = {
            (name, key): state
            for name, state in self._states(key).items()
            if key is not None and state != before[name]
        }
        update_id, writes = handled
        user_data = application.user_data[user_id]
        await self._persistence.store_person(
            user_id, user_data, changed, handled_update=update_id, writes=writes
        )

    async def _load(
        self,
        application: AnyApplication,
        user_id: int,
        key: ConversationKey | None,
        update_id: int,
    ) -> bool:
        """Put the person's stored state in memory; False, changing nothing, when the
        update `update_id` was handled already."""
        unless = None if self._intake.is_fresh(update_id) else update_id
        stored = await self._persistence.load_person(
            user_id, key, self._names, refresh=self._refresh, unless_handled=unless
        )
        if stored is None:
            return False
        # PTB's user_data mapping is read-only; the person's own dict is theirs to change.
        user_data = application.user_data[user_id]
        user_data.clear()
        user_data.update(stored.user_data)
        if key is not None:
            for conversation in self._conversations:
                _put_state(conversation, key, stored.conversations)
        return True


def _tracked(conversation: AnyConversation) -> Any:
    """PTB's private TrackingDict of the conversation's states; PTB offers no public way to
    set one person's state, and `update_no_track` and `.data` are that dict's own access
    without its tracking."""
    return conversation._conversations


def _put_state(
    conversation: AnyConversation, key: ConversationKey, stored: dict[str, object]
) -> None:
    """Replace this instance's state for `key` with the stored one, without marking it as
    changed (it came from the database, so writing it back would be a wasted write)."""
    states = _tracked(conversation)
    name = conversation.name
    assert name is not None
    if name in stored:
        states.update_no_track({key: stored[name]})
    else:
        states.data.pop(key, None)
