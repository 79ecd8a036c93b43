"""The people on the other side of the emulated Telegram: send updates, read the bot's replies."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Callable, Mapping
from typing import Any, Literal

from bot.emulator.api import BotApi
from bot.emulator.objects import document_json
from bot.emulator.records import BotMessage, Button, KeyboardKind, UserProfile
from bot.emulator.state import ACTUAL_SIZE, ChatLog, now
from bot.emulator.wire import Upload

# What Telegram's clients mark as a bot command at the start of a message.
_COMMAND = re.compile(r"/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?![A-Za-z0-9_@])")
_SHOWN_EVENTS = 10
# How long reading waits for a message unless told otherwise. Only a bound on waiting for
# a bot that never answers, so nothing depends on it but how soon such a test fails; a
# machine running the test suite on several workers can take seconds over one reply.
DEFAULT_PATIENCE = 30.0


class NoBotMessageError(AssertionError, TimeoutError):
    """The bot did not send what a test waited for; the message lists what it did send."""


class ChatUser:
    """One person in a private chat with the bot.

    Sending enqueues an update for the bot's next getUpdates. Reading follows a cursor over
    the chat's event stream, in which every message the bot sends and every edit it makes is
    one BotMessage snapshot.
    """

    def __init__(self, api: BotApi, chat: ChatLog) -> None:
        self._api = api
        self._chat = chat
        self._cursor = 0
        # Callback queries sent, by id, for `redeliver_press`.
        self._presses: dict[str, dict[str, Any]] = {}
        # The update_id of this person's last message or press, for `redeliver_update`.
        self.last_update_id: int | None = None

    @property
    def profile(self) -> UserProfile:
        return self._chat.profile

    @property
    def user_id(self) -> int:
        return self._chat.chat_id

    # --- Sending -------------------------------------------------------------------------

    async def send_text(self, text: str, reply_to: int | None = None) -> int:
        """Send a text message (replying to message `reply_to`); returns its message_id."""
        content = _text_content(text)
        if reply_to is not None:
            content["reply_to_message"] = self._message_json(reply_to)
        return await self._send(content)

    async def send_location(self, latitude: float, longitude: float) -> int:
        return await self._send({"location": {"latitude": latitude, "longitude": longitude}})

    async def send_document(
        self,
        filename: str,
        data: bytes,
        mime_type: str = "application/octet-stream",
        *,
        declared_size: int | Literal["actual"] | None = ACTUAL_SIZE,
    ) -> int:
        """Send a file; the bot can fetch it with getFile and download it.

        `declared_size` is the `file_size` the bot is told, as a client may state any: the
        real size unless given, None for none at all.
        """
        upload = Upload(filename, data, mime_type)
        stored = self._api.files.add(upload, "document", declared_size)
        return await self._send({"document": document_json(stored)})

    async def edit_text(self, message_id: int, new_text: str) -> None:
        original = self._chat.user_messages.get(message_id)
        if original is None or "text" not in original:
            raise AssertionError(f"message {message_id} is not a text message of {self.user_id}")
        unchanged = {k: v for k, v in original.items() if k not in {"text", "entities"}}
        edited = {**unchanged, **_text_content(new_text), "edit_date": now()}
        self._chat.user_messages[message_id] = edited
        await self._api.deliver(self._chat, {"edited_message": edited})

    async def redeliver_update(self, update_id: int) -> None:
        """Deliver an update again with its own update_id, as Telegram does when the bot
        crashed before confirming it."""
        await self._api.updates.put_again(update_id)

    async def redeliver(self, message_id: int) -> None:
        """Deliver one of this person's messages again, as Telegram does after a restart."""
        message = self._chat.user_messages[message_id]
        await self._api.deliver(self._chat, {"message": message})

    async def press(self, button_text: str, message: BotMessage | None = None) -> None:
        """Press a button by its text (exact match first, else ignoring case).

        Looks on `message`, or else on the newest bot message that has such a button. An
        inline button sends its callback; a reply-keyboard button sends its text.
        """
        target, button = self._find_button(button_text, message)
        await self.press_button(button, target)

    async def press_button(self, button: Button, message: BotMessage) -> None:
        if message.keyboard is not None and message.keyboard.kind is KeyboardKind.REPLY:
            await self.send_text(button.text)
            return
        if button.callback_data is None:
            raise AssertionError(f"button {button.text!r} sends no callback (url: {button.url})")
        await self.press_data(button.callback_data, message)

    async def press_data(self, callback_data: str, message: BotMessage | None = None) -> str:
        """Send a callback query with any data, as if from a button on `message`.

        `message` defaults to the newest bot message. Returns the callback query id.
        """
        message = message or self.last_message
        # Telegram attaches the message as it is now, not as the caller last saw it.
        current = self._chat.bot_messages.get(message.message_id, message)
        query_id = self._api.open_callback_query(callback_data)
        query = {
            "id": query_id,
            "from": self.profile.user_json(),
            "message": self._api.render(self._chat, current),
            "chat_instance": str(self.user_id),
            "data": callback_data,
        }
        self._presses[query_id] = query
        self.last_update_id = await self._api.deliver(self._chat, {"callback_query": query})
        return query_id

    async def redeliver_press(self, query_id: str) -> None:
        """Deliver a button press again, the same callback query, as Telegram does after a
        bot crash; like Telegram, the emulator refuses a second answer to it."""
        await self._api.deliver(self._chat, {"callback_query": self._presses[query_id]})

    # --- Reading -------------------------------------------------------------------------

    # Reading takes a `timeout` (rather than leaving it to asyncio.timeout) so that a test that
    # waits in vain fails with a list of what the bot did send.
    async def next_message(self, timeout: float = DEFAULT_PATIENCE) -> BotMessage:  # noqa: ASYNC109
        """The next new message or edit snapshot after the cursor."""
        event = await self._chat.event_at(self._cursor, timeout)
        if event is None:
            raise NoBotMessageError(
                self._nothing_arrived(f"no message from the bot in {timeout} s")
            )
        self._cursor += 1
        return event

    async def wait_for(
        self,
        predicate: Callable[[BotMessage], bool],
        timeout: float = DEFAULT_PATIENCE,  # noqa: ASYNC109
    ) -> BotMessage:
        """Skip events until one matches `predicate`; it is returned and consumed."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            remaining = max(deadline - loop.time(), 0.0)
            event = await self._chat.event_at(self._cursor, remaining)
            if event is None:
                reason = f"no matching message from the bot in {timeout} s"
                raise NoBotMessageError(self._nothing_arrived(reason))
            self._cursor += 1
            if predicate(event):
                return event

    async def drain(self, settle: float = 0.2) -> list[BotMessage]:
        """Every event that arrives until none comes for `settle` s."""
        events = []
        while (event := await self._chat.event_at(self._cursor, settle)) is not None:
            self._cursor += 1
            events.append(event)
        return events

    async def stream(self) -> AsyncIterator[BotMessage]:
        """Events as they come, forever; for consumers such as the terminal chat."""
        while True:
            event = await self._chat.event_at(self._cursor, None)
            if event is not None:
                self._cursor += 1
                yield event

    @property
    def messages(self) -> list[BotMessage]:
        """The current state of every bot message in this chat, oldest first."""
        return [self._chat.bot_messages[key] for key in sorted(self._chat.bot_messages)]

    @property
    def last_message(self) -> BotMessage:
        """The newest bot message, as it is now; AssertionError if the bot has sent none."""
        if not self._chat.bot_messages:
            raise AssertionError(f"the bot has sent nothing to {self.user_id}")
        return self._chat.bot_messages[max(self._chat.bot_messages)]

    @property
    def last_message_with_buttons(self) -> BotMessage | None:
        return next((m for m in self.pressable_messages if m.keyboard_buttons), None)

    def message(self, message_id: int) -> BotMessage | None:
        """The bot's message `message_id` as it is now; None if there is none (or deleted)."""
        return self._chat.bot_messages.get(message_id)

    def sent_message(self, message_id: int) -> Mapping[str, Any] | None:
        """This person's message `message_id` as the bot got it (latest edit); None if none."""
        return self._chat.user_messages.get(message_id)

    @property
    def pressable_messages(self) -> list[BotMessage]:
        """Messages whose buttons can be pressed now, newest first.

        Inline keyboards stay on their messages; of reply keyboards only the newest counts,
        and a ReplyKeyboardRemove after it hides it.
        """
        pressable = []
        reply_keyboard_seen = False
        for message in reversed(self.messages):
            kind = message.keyboard.kind if message.keyboard else None
            if kind is KeyboardKind.INLINE:
                pressable.append(message)
            elif kind is not None and not reply_keyboard_seen:
                reply_keyboard_seen = True
                pressable.append(message)
        return pressable

    # --- Helpers -------------------------------------------------------------------------

    async def _send(self, content: dict[str, Any]) -> int:
        message = {
            "message_id": self._chat.next_message_id(),
            "from": self.profile.user_json(),
            "chat": self.profile.chat_json(),
            "date": now(),
            **content,
        }
        self._chat.user_messages[message["message_id"]] = message
        self.last_update_id = await self._api.deliver(self._chat, {"message": message})
        return int(message["message_id"])

    def _message_json(self, message_id: int) -> dict[str, Any]:
        if message_id in self._chat.user_messages:
            return self._chat.user_messages[message_id]
        if message_id in self._chat.bot_messages:
            return self._api.render(self._chat, self._chat.bot_messages[message_id])
        raise AssertionError(f"no message {message_id} in the chat with {self.user_id}")

    def _find_button(self, text: str, message: BotMessage | None) -> tuple[BotMessage, Button]:
        candidates = [message] if message is not None else self.pressable_messages
        for ignore_case in (False, True):
            for candidate in candidates:
                button = candidate.find_button(text, ignore_case=ignore_case)
                if button is not None:
                    return candidate, button
        available = [f"{m.message_id}: {m.button_texts}" for m in candidates if m.keyboard_buttons]
        raise AssertionError(
            f"no button {text!r} in the chat with {self.user_id}; buttons: {available or 'none'}"
        )

    def _nothing_arrived(self, reason: str) -> str:
        events = self._chat.events
        lines = [f"{reason} (chat {self.user_id}); {len(events)} event(s) in the chat, latest:"]
        lines.extend(f"  {_describe(event)}" for event in events[-_SHOWN_EVENTS:])
        return "\n".join(lines)


def _text_content(text: str) -> dict[str, Any]:
    """A text message's fields; a leading /command gets the entity Telegram's clients add."""
    content: dict[str, Any] = {"text": text}
    command = _COMMAND.match(text)
    if command:
        content["entities"] = [{"type": "bot_command", "offset": 0, "length": command.end()}]
    return content


def _describe(message: BotMessage) -> str:
    edited = " (edited)" if message.edited else ""
    buttons = f" {message.buttons}" if message.keyboard_buttons else ""
    return f"#{message.message_id}{edited}: {message.text!r}{buttons}"
