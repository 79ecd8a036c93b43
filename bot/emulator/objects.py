"""Bot API JSON objects built from the emulator's records, shaped so PTB's de_json accepts them."""

from __future__ import annotations

from typing import Any

from bot.emulator.records import BotMessage, KeyboardKind, StoredFile
from bot.emulator.state import ChatLog


def bot_message_json(
    message: BotMessage, chat: ChatLog, bot_user: dict[str, Any], *, with_reply: bool = True
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "message_id": message.message_id,
        "from": bot_user,
        "chat": chat.profile.chat_json(),
        "date": message.date,
    }
    if message.edit_date is not None:
        body["edit_date"] = message.edit_date
    if message.photo is not None:
        body["photo"] = [photo_size_json(message.photo)]
    if message.document is not None:
        body["document"] = document_json(message.document)
    if message.text:
        body["caption" if message.has_media else "text"] = message.text
    if message.media_group_id is not None:
        body["media_group_id"] = message.media_group_id
    # Messages only ever carry inline keyboards; reply keyboards live in the client.
    if message.keyboard is not None and message.keyboard.kind is KeyboardKind.INLINE:
        body["reply_markup"] = dict(message.reply_markup or {})
    if with_reply and message.reply_to_message_id is not None:
        replied = message_json(chat, message.reply_to_message_id, bot_user)
        if replied is not None:
            body["reply_to_message"] = replied
    return body


def message_json(chat: ChatLog, message_id: int, bot_user: dict[str, Any]) -> dict[str, Any] | None:
    """Any message of the chat, without its own reply (Telegram does not nest them either)."""
    if message_id in chat.user_messages:
        user_message = chat.user_messages[message_id]
        return {key: value for key, value in user_message.items() if key != "reply_to_message"}
    if message_id in chat.bot_messages:
        return bot_message_json(chat.bot_messages[message_id], chat, bot_user, with_reply=False)
    return None


def photo_size_json(stored: StoredFile) -> dict[str, Any]:
    # Sizes stay 0: the emulator does not decode images, and no caller needs them.
    return {**_file_json(stored), "width": 0, "height": 0}


def document_json(stored: StoredFile) -> dict[str, Any]:
    return {**_file_json(stored), "file_name": stored.filename, "mime_type": stored.mime_type}


def get_file_json(stored: StoredFile) -> dict[str, Any]:
    return {**_file_json(stored), "file_path": stored.file_path}


def _file_json(stored: StoredFile) -> dict[str, Any]:
    body: dict[str, Any] = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id}
    if stored.declared_size is not None:
        body["file_size"] = stored.declared_size
    return body
