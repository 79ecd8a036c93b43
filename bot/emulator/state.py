"""What the emulated Telegram remembers: pending updates, chats and uploaded files."""

from __future__ import annotations

import asyncio
import time
from pathlib import PurePosixPath
from typing import Any, Literal

from bot.emulator.records import BotMessage, StoredFile, UserProfile
from bot.emulator.wire import Upload


def now() -> int:
    return int(time.time())


class UpdateQueue:
    """Updates waiting for getUpdates, with Telegram's offset confirmation and long polling."""

    def __init__(self, first_update_id: int = 1) -> None:
        self._pending: list[dict[str, Any]] = []
        self._last_update_id = first_update_id - 1
        # Every update ever put, by id, so a test can deliver one again as Telegram does.
        self._delivered: dict[int, dict[str, Any]] = {}
        self._changed = asyncio.Condition()
        # Each getUpdates call takes a new generation; an older long poll that sees a newer
        # one ends, as Telegram ends a poll when another one starts.
        self._generation = 0
        self._closed = False

    @property
    def pending_count(self) -> int:
        return len(self._pending)

    @property
    def last_update_id(self) -> int:
        """The id of the newest update put (first_update_id - 1 before any)."""
        return self._last_update_id

    async def put(self, update: dict[str, Any]) -> int:
        self._last_update_id += 1
        await self._append({"update_id": self._last_update_id, **update})
        return self._last_update_id

    async def put_again(self, update_id: int) -> None:
        """Deliver an update again, same id and content: what Telegram does with updates a
        bot fetched but never confirmed (it crashed before its next getUpdates)."""
        await self._append(self._delivered[update_id])

    async def _append(self, update: dict[str, Any]) -> None:
        self._delivered[update["update_id"]] = update
        async with self._changed:
            self._pending.append(update)
            self._changed.notify_all()

    async def fetch(self, *, offset: int, limit: int, wait: float) -> list[dict[str, Any]]:
        """Confirm updates below `offset`, then wait up to `wait` s for at least one."""
        self._confirm(offset)
        async with self._changed:
            self._generation += 1
            generation = self._generation
            self._changed.notify_all()
            try:
                async with asyncio.timeout(wait):
                    await self._changed.wait_for(
                        lambda: (
                            bool(self._pending) or self._closed or generation != self._generation
                        )
                    )
            except TimeoutError:
                pass
            if generation != self._generation:
                return []
            return self._pending[:limit]

    def drop_pending(self) -> None:
        self._pending.clear()

    async def close(self) -> None:
        """Let every waiting long poll answer now, so the server can stop at once."""
        async with self._changed:
            self._closed = True
            self._changed.notify_all()

    def _confirm(self, offset: int) -> None:
        if offset < 0:
            # Telegram: a negative offset keeps only the last -offset updates.
            self._pending = self._pending[offset:]
        elif offset > 0:
            self._pending = [u for u in self._pending if u["update_id"] >= offset]


class ChatLog:
    """A private chat: the bot's messages (current state and every snapshot) and the user's."""

    def __init__(self, profile: UserProfile, first_message_id: int = 1) -> None:
        self.profile = profile
        # Telegram only lets a bot write to people who have written to it first.
        self.started = False
        self.bot_messages: dict[int, BotMessage] = {}
        self.user_messages: dict[int, dict[str, Any]] = {}
        self.events: list[BotMessage] = []
        self._last_message_id = first_message_id - 1
        self._changed = asyncio.Condition()

    @property
    def chat_id(self) -> int:
        return self.profile.user_id

    @property
    def last_message_id(self) -> int:
        """The id of the chat's newest message (first_message_id - 1 before any)."""
        return self._last_message_id

    def next_message_id(self) -> int:
        """Message ids of a private chat count up across both sides, as in Telegram."""
        self._last_message_id += 1
        return self._last_message_id

    async def record(self, message: BotMessage) -> None:
        """Store a sent or edited bot message and add it to the event stream."""
        async with self._changed:
            self.bot_messages[message.message_id] = message
            self.events.append(message)
            self._changed.notify_all()

    def delete(self, message_id: int) -> bool:
        found = message_id in self.bot_messages or message_id in self.user_messages
        self.bot_messages.pop(message_id, None)
        self.user_messages.pop(message_id, None)
        return found

    async def event_at(self, index: int, wait: float | None) -> BotMessage | None:
        """Event number `index`, waiting up to `wait` s (None: forever) for it to happen."""
        async with self._changed:
            try:
                async with asyncio.timeout(wait):
                    await self._changed.wait_for(lambda: len(self.events) > index)
            except TimeoutError:
                return None
            return self.events[index]


# `FileStore.add`'s default: declare the file's real size.
ACTUAL_SIZE: Literal["actual"] = "actual"


class FileStore:
    def __init__(self) -> None:
        self._by_id: dict[str, StoredFile] = {}
        self._by_path: dict[str, StoredFile] = {}
        # Bytes of file content the bot's downloads took off the emulator, all files.
        self.bytes_served = 0

    def add(
        self, upload: Upload, kind: str, declared_size: int | Literal["actual"] | None = ACTUAL_SIZE
    ) -> StoredFile:
        number = len(self._by_id) + 1
        suffix = PurePosixPath(upload.filename).suffix
        stored = StoredFile(
            file_id=f"{kind}-{number}",
            file_unique_id=f"unique-{number}",
            file_path=f"{kind}s/file_{number}{suffix}",
            filename=upload.filename,
            mime_type=upload.content_type,
            data=upload.data,
            declared_size=len(upload.data) if declared_size == ACTUAL_SIZE else declared_size,
        )
        self._by_id[stored.file_id] = stored
        self._by_path[stored.file_path] = stored
        return stored

    def by_id(self, file_id: str) -> StoredFile | None:
        return self._by_id.get(file_id)

    def by_path(self, file_path: str) -> StoredFile | None:
        return self._by_path.get(file_path)
