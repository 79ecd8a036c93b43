"""The Bot API methods the emulator implements, over its in-memory state."""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any

from bot.emulator.keyboards import parse_reply_markup, web_app_url
from bot.emulator.objects import bot_message_json, get_file_json
from bot.emulator.records import (
    BotMessage,
    CallbackAnswer,
    StoredFile,
    UserProfile,
    Webhook,
)
from bot.emulator.state import ChatLog, FileStore, UpdateQueue, now
from bot.emulator.wire import ApiError, Params, bad_request

Method = Callable[[Params], Awaitable[Any]]

MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
MAX_UPDATES_PER_CALL = 100
_COMMAND_NAME = re.compile(r"[a-z0-9_]{1,32}")
_DEFAULT_SCOPE = {"type": "default"}
_MEDIA_KINDS = frozenset({"photo", "document"})


class BotApi:
    def __init__(self, *, bot_id: int, first_name: str, username: str, first_id: int = 1) -> None:
        self.bot_user: dict[str, Any] = {
            "id": bot_id,
            "is_bot": True,
            "first_name": first_name,
            "username": username,
        }
        self.updates = UpdateQueue(first_id)
        self._first_id = first_id
        self.files = FileStore()
        self.chats: dict[int, ChatLog] = {}
        self.callback_answers: list[CallbackAnswer] = []
        # Called with each answer as it arrives, for a client that shows them (the terminal chat).
        self.answer_listeners: list[Callable[[CallbackAnswer], None]] = []
        self.webhook: Webhook | None = None
        self._commands: dict[tuple[str, str], list[tuple[str, str]]] = {}
        # Per chat id; None: the bot's default, for chats without one of their own.
        self._menu_buttons: dict[int | None, dict[str, Any]] = {}
        self._open_queries: dict[str, str | None] = {}
        self._query_count = 0
        self._media_group_count = 0
        methods: dict[str, Method] = {
            "getMe": self.get_me,
            "getUpdates": self.get_updates,
            "setWebhook": self.set_webhook,
            "deleteWebhook": self.delete_webhook,
            "getWebhookInfo": self.get_webhook_info,
            "setMyCommands": self.set_my_commands,
            "getMyCommands": self.get_my_commands,
            "deleteMyCommands": self.delete_my_commands,
            "setChatMenuButton": self.set_chat_menu_button,
            "getChatMenuButton": self.get_chat_menu_button,
            "sendMessage": self.send_message,
            "sendPhoto": self.send_photo,
            "sendDocument": self.send_document,
            "sendMediaGroup": self.send_media_group,
            "editMessageText": self.edit_message_text,
            "editMessageReplyMarkup": self.edit_message_reply_markup,
            "deleteMessage": self.delete_message,
            "answerCallbackQuery": self.answer_callback_query,
            "sendChatAction": self.send_chat_action,
            "getFile": self.get_file,
        }
        # Telegram matches method names case-insensitively.
        self._methods = {name.lower(): method for name, method in methods.items()}

    def method(self, name: str) -> Method | None:
        return self._methods.get(name.lower())

    # --- The user side -------------------------------------------------------------------

    def chat_for(self, profile: UserProfile) -> ChatLog:
        chat = self.chats.get(profile.user_id)
        if chat is None:
            chat = self.chats[profile.user_id] = ChatLog(profile, self._first_id)
        return chat

    async def deliver(self, chat: ChatLog, update: dict[str, Any]) -> int:
        chat.started = True
        return await self.updates.put(update)

    def open_callback_query(self, data: str | None) -> str:
        self._query_count += 1
        query_id = f"query-{self._query_count}"
        self._open_queries[query_id] = data
        return query_id

    def render(self, chat: ChatLog, message: BotMessage) -> dict[str, Any]:
        return bot_message_json(message, chat, self.bot_user)

    def commands(
        self, scope: dict[str, Any] | None = None, language_code: str | None = None
    ) -> list[tuple[str, str]]:
        return list(self._commands.get(_commands_key(scope, language_code), []))

    # --- Bot identity, updates and webhooks ----------------------------------------------

    async def get_me(self, params: Params) -> dict[str, Any]:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    async def get_updates(self, params: Params) -> list[dict[str, Any]]:
        if self.webhook is not None:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        limit = params.integer("limit") or MAX_UPDATES_PER_CALL
        return await self.updates.fetch(
            offset=params.integer("offset") or 0,
            limit=min(max(limit, 1), MAX_UPDATES_PER_CALL),
            wait=max(params.number("timeout") or 0.0, 0.0),
        )

    async def set_webhook(self, params: Params) -> bool:
        url = params.text("url")
        self.webhook = Webhook(url, params.text("secret_token")) if url else None
        if params.flag("drop_pending_updates"):
            self.updates.drop_pending()
        return True

    async def delete_webhook(self, params: Params) -> bool:
        self.webhook = None
        if params.flag("drop_pending_updates"):
            self.updates.drop_pending()
        return True

    async def get_webhook_info(self, params: Params) -> dict[str, Any]:
        return {
            "url": self.webhook.url if self.webhook else "",
            "has_custom_certificate": False,
            "pending_update_count": self.updates.pending_count,
        }

    # --- Commands ------------------------------------------------------------------------

    async def set_my_commands(self, params: Params) -> bool:
        raw = params.json("commands")
        if not isinstance(raw, list):
            raise bad_request("can't parse commands JSON object")
        commands = [_command(item) for item in raw]
        self._commands[_commands_key(params.json("scope"), params.text("language_code"))] = commands
        return True

    async def get_my_commands(self, params: Params) -> list[dict[str, str]]:
        commands = self.commands(params.json("scope"), params.text("language_code"))
        return [{"command": name, "description": text} for name, text in commands]

    async def delete_my_commands(self, params: Params) -> bool:
        self._commands.pop(_commands_key(params.json("scope"), params.text("language_code")), None)
        return True

    def menu_button(self, chat_id: int | None = None) -> dict[str, Any]:
        """The menu button `chat_id`'s chat shows (None: the bot's default), as
        getChatMenuButton gives it."""
        if chat_id in self._menu_buttons:
            return dict(self._menu_buttons[chat_id])
        return dict(self._menu_buttons.get(None, {"type": "default"}))

    async def set_chat_menu_button(self, params: Params) -> bool:
        raw = params.json("menu_button")
        button = {"type": "default"} if raw is None else _menu_button(raw)
        chat_id = params.integer("chat_id")
        if chat_id is not None and chat_id not in self.chats:
            raise bad_request("chat not found")
        self._menu_buttons[chat_id] = button
        return True

    async def get_chat_menu_button(self, params: Params) -> dict[str, Any]:
        return self.menu_button(params.integer("chat_id"))

    # --- Sending -------------------------------------------------------------------------

    async def send_message(self, params: Params) -> dict[str, Any]:
        chat = self._chat(params)
        text = params.text("text") or ""
        if not text.strip():
            raise bad_request("message text is empty")
        if len(text) > MAX_TEXT_LENGTH:
            raise bad_request("message is too long")
        return await self._send(chat, self._compose(chat, params, text=text))

    async def send_photo(self, params: Params) -> dict[str, Any]:
        chat = self._chat(params)
        photo = self._input_file(params, "photo")
        message = self._compose(chat, params, text=_caption(params), photo=photo)
        return await self._send(chat, message)

    async def send_document(self, params: Params) -> dict[str, Any]:
        chat = self._chat(params)
        document = self._input_file(params, "document")
        message = self._compose(chat, params, text=_caption(params), document=document)
        return await self._send(chat, message)

    async def send_media_group(self, params: Params) -> list[dict[str, Any]]:
        chat = self._chat(params)
        media = params.json("media")
        if not isinstance(media, list) or not media:
            raise bad_request("media is empty")
        # Read every item before sending any, so a bad item sends nothing, as in Telegram.
        items = [self._media_item(params, item) for item in media]
        self._media_group_count += 1
        group_id = str(self._media_group_count)
        sent = []
        for kind, stored, caption in items:
            files = {"photo": stored} if kind == "photo" else {"document": stored}
            message = self._compose(chat, params, text=caption, media_group_id=group_id, **files)
            sent.append(await self._send(chat, message))
        return sent

    async def send_chat_action(self, params: Params) -> bool:
        self._chat(params)
        return True

    # --- Editing and deleting ------------------------------------------------------------

    async def edit_message_text(self, params: Params) -> dict[str, Any]:
        chat = self._chat(params)
        old = self._editable(chat, params)
        text = params.text("text") or ""
        if not text.strip():
            raise bad_request("message text is empty")
        if old.has_media:
            raise bad_request("there is no text in the message to edit")
        markup = params.json("reply_markup")
        new = replace(
            old,
            text=text,
            parse_mode=params.text("parse_mode"),
            reply_markup=markup,
            keyboard=parse_reply_markup(markup),
        )
        return await self._apply_edit(chat, old, new)

    async def edit_message_reply_markup(self, params: Params) -> dict[str, Any]:
        chat = self._chat(params)
        old = self._editable(chat, params)
        markup = params.json("reply_markup")
        new = replace(old, reply_markup=markup, keyboard=parse_reply_markup(markup))
        return await self._apply_edit(chat, old, new)

    async def delete_message(self, params: Params) -> bool:
        chat = self._chat(params)
        if not chat.delete(params.required_integer("message_id")):
            raise bad_request("message to delete not found")
        return True

    # --- Callback queries and files ------------------------------------------------------

    async def answer_callback_query(self, params: Params) -> bool:
        query_id = params.text("callback_query_id") or ""
        if query_id not in self._open_queries:
            raise bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        answer = CallbackAnswer(
            callback_query_id=query_id,
            data=self._open_queries.pop(query_id),
            text=params.text("text"),
            show_alert=params.flag("show_alert"),
            url=params.text("url"),
        )
        self.callback_answers.append(answer)
        for listener in self.answer_listeners:
            listener(answer)
        return True

    async def get_file(self, params: Params) -> dict[str, Any]:
        stored = self.files.by_id(params.text("file_id") or "")
        if stored is None:
            raise bad_request("invalid file_id")
        return get_file_json(stored)

    # --- Helpers -------------------------------------------------------------------------

    def _chat(self, params: Params) -> ChatLog:
        chat = self.chats.get(params.required_integer("chat_id"))
        if chat is None or not chat.started:
            raise bad_request("chat not found")
        return chat

    def _compose(self, chat: ChatLog, params: Params, **content: Any) -> BotMessage:
        markup = params.json("reply_markup")
        keyboard = parse_reply_markup(markup)
        reply_to = _reply_target(chat, params)
        return BotMessage(
            message_id=chat.next_message_id(),
            chat_id=chat.chat_id,
            date=now(),
            parse_mode=params.text("parse_mode"),
            reply_markup=markup,
            keyboard=keyboard,
            reply_to_message_id=reply_to,
            **content,
        )

    async def _send(self, chat: ChatLog, message: BotMessage) -> dict[str, Any]:
        await chat.record(message)
        return self.render(chat, message)

    async def _apply_edit(self, chat: ChatLog, old: BotMessage, new: BotMessage) -> dict[str, Any]:
        if (new.text, new.parse_mode, new.reply_markup) == (
            old.text,
            old.parse_mode,
            old.reply_markup,
        ):
            raise bad_request(
                "message is not modified: specified new message content and reply markup are "
                "exactly the same as a current content and reply markup of the message"
            )
        edited = replace(new, edited=True, edit_date=now())
        await chat.record(edited)
        return self.render(chat, edited)

    def _editable(self, chat: ChatLog, params: Params) -> BotMessage:
        message_id = params.required_integer("message_id")
        message = chat.bot_messages.get(message_id)
        if message is not None:
            return message
        if message_id in chat.user_messages:
            raise bad_request("message can't be edited")
        raise bad_request("message to edit not found")

    def _input_file(self, params: Params, kind: str) -> StoredFile:
        """A file sent as the multipart part `kind`, or referenced by attach:// or file_id."""
        upload = params.uploads.get(kind)
        if upload is not None:
            return self.files.add(upload, kind)
        return self._file_reference(params, params.text(kind), kind)

    def _file_reference(self, params: Params, reference: str | None, kind: str) -> StoredFile:
        if not reference:
            raise bad_request(f"there is no {kind} in the request")
        if reference.startswith("attach://"):
            upload = params.uploads.get(reference.removeprefix("attach://"))
            if upload is None:
                raise bad_request(f"there is no {kind} in the request")
            return self.files.add(upload, kind)
        stored = self.files.by_id(reference)
        if stored is None:
            raise bad_request("wrong file identifier/HTTP URL specified")
        return stored

    def _media_item(self, params: Params, item: Any) -> tuple[str, StoredFile, str]:
        kind = item.get("type") if isinstance(item, dict) else None
        if kind not in _MEDIA_KINDS:
            raise bad_request(f"media type {kind!r} is not supported by the emulator")
        caption = _checked_caption(item.get("caption"))
        return kind, self._file_reference(params, item.get("media"), kind), caption


def _caption(params: Params) -> str:
    return _checked_caption(params.text("caption"))


def _checked_caption(raw: Any) -> str:
    caption = "" if raw is None else str(raw)
    if len(caption) > MAX_CAPTION_LENGTH:
        raise bad_request("message caption is too long")
    return caption


def _reply_target(chat: ChatLog, params: Params) -> int | None:
    """The message being replied to, from reply_parameters or the older reply_to_message_id."""
    reply = params.json("reply_parameters")
    reply = reply if isinstance(reply, dict) else {}
    target = reply.get("message_id") or params.integer("reply_to_message_id")
    if target is None:
        return None
    if target in chat.user_messages or target in chat.bot_messages:
        return int(target)
    if reply.get("allow_sending_without_reply") or params.flag("allow_sending_without_reply"):
        return None
    raise bad_request("message to be replied not found")


def _command(raw: Any) -> tuple[str, str]:
    name = raw.get("command") if isinstance(raw, dict) else None
    description = raw.get("description") if isinstance(raw, dict) else None
    if not isinstance(name, str) or not _COMMAND_NAME.fullmatch(name):
        raise bad_request("BOT_COMMAND_INVALID")
    if not isinstance(description, str) or not description:
        raise bad_request("command description is empty")
    return name, description


def _commands_key(scope: Any, language_code: str | None) -> tuple[str, str]:
    return json.dumps(scope or _DEFAULT_SCOPE, sort_keys=True), language_code or ""


def _menu_button(raw: Any) -> dict[str, Any]:
    """A MenuButton as Telegram takes it: the commands list, the default, or a Mini App."""
    kind = raw.get("type") if isinstance(raw, dict) else None
    if kind in {"commands", "default"}:
        return {"type": kind}
    if kind != "web_app":
        raise bad_request("can't parse menu button: unsupported menu button type")
    text = raw.get("text")
    if not isinstance(text, str) or not text.strip():
        raise bad_request("can't parse menu button: text must be non-empty")
    return {
        "type": "web_app",
        "text": text,
        "web_app": {"url": web_app_url(raw.get("web_app"), "menu button")},
    }
