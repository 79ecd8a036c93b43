"""Plain records of what happens in the emulated Telegram, for tests and the terminal chat."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from bot.emulator.wire import Params


@dataclass(frozen=True)
class UserProfile:
    """A person talking to the bot in a private chat (whose chat id is the user id)."""

    user_id: int
    first_name: str
    username: str | None = None
    language_code: str | None = "en"

    def user_json(self) -> dict[str, Any]:
        user: dict[str, Any] = {"id": self.user_id, "is_bot": False, "first_name": self.first_name}
        if self.username:
            user["username"] = self.username
        if self.language_code:
            user["language_code"] = self.language_code
        return user

    def chat_json(self) -> dict[str, Any]:
        chat: dict[str, Any] = {
            "id": self.user_id,
            "type": "private",
            "first_name": self.first_name,
        }
        if self.username:
            chat["username"] = self.username
        return chat


@dataclass(frozen=True)
class Button:
    text: str
    callback_data: str | None = None
    url: str | None = None
    # The Mini App a web_app button opens.
    web_app: str | None = None


class KeyboardKind(StrEnum):
    INLINE = "inline"
    REPLY = "reply"
    # ReplyKeyboardRemove: hides the reply keyboard an earlier message showed.
    REMOVE = "remove"


@dataclass(frozen=True)
class Keyboard:
    kind: KeyboardKind
    rows: tuple[tuple[Button, ...], ...] = ()


@dataclass(frozen=True)
class StoredFile:
    """A file uploaded by the bot or the user; `file_path` is where getFile says it lives.

    `declared_size` is the `file_size` the Bot API states: the real one unless a test made
    the sender's client lie about it (a number) or leave it out (None)."""

    file_id: str
    file_unique_id: str
    file_path: str
    filename: str
    mime_type: str
    data: bytes
    declared_size: int | None


@dataclass(frozen=True)
class BotMessage:
    """One state of a message the bot sent; every send and every edit is a new snapshot."""

    message_id: int
    chat_id: int
    date: int
    text: str = ""
    """The message text, or the caption of a photo or document ("" when it has none)."""
    parse_mode: str | None = None
    reply_markup: Mapping[str, Any] | None = None
    """The markup exactly as the bot sent it, parsed from JSON."""
    keyboard: Keyboard | None = None
    photo: StoredFile | None = None
    document: StoredFile | None = None
    media_group_id: str | None = None
    reply_to_message_id: int | None = None
    edited: bool = False
    edit_date: int | None = None

    @property
    def has_media(self) -> bool:
        return self.photo is not None or self.document is not None

    @property
    def keyboard_buttons(self) -> list[Button]:
        """Every button of the keyboard, row by row, left to right."""
        if self.keyboard is None:
            return []
        return [button for row in self.keyboard.rows for button in row]

    @property
    def buttons(self) -> list[list[str]]:
        """Button texts, one list per keyboard row."""
        if self.keyboard is None:
            return []
        return [[button.text for button in row] for row in self.keyboard.rows]

    @property
    def button_texts(self) -> list[str]:
        return [button.text for button in self.keyboard_buttons]

    def find_button(self, text: str, *, ignore_case: bool = False) -> Button | None:
        if ignore_case:
            wanted = text.casefold()
            return next((b for b in self.keyboard_buttons if b.text.casefold() == wanted), None)
        return next((b for b in self.keyboard_buttons if b.text == text), None)


@dataclass(frozen=True)
class ApiCall:
    """One request the bot made, with its parameters as they arrived (see `Params`)."""

    method: str
    params: Params


@dataclass(frozen=True)
class CallbackAnswer:
    callback_query_id: str
    data: str | None
    text: str | None = None
    show_alert: bool = False
    url: str | None = None


@dataclass(frozen=True)
class Webhook:
    url: str
    secret_token: str | None = None
