"""Reading a `reply_markup` parameter into a Keyboard, rejecting what Telegram rejects."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.emulator.records import Button, Keyboard, KeyboardKind
from bot.emulator.wire import ApiError, bad_request

MAX_CALLBACK_DATA_BYTES = 64
# Inline buttons that do something other than a callback or a link; pressing them is not
# emulated, but a keyboard holding them is valid.
_OTHER_INLINE_ACTIONS = frozenset(
    {
        "login_url",
        "switch_inline_query",
        "switch_inline_query_current_chat",
        "switch_inline_query_chosen_chat",
        "copy_text",
        "callback_game",
        "pay",
    }
)


def parse_reply_markup(markup: Any) -> Keyboard | None:
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise _unparsable()
    if "inline_keyboard" in markup:
        return Keyboard(KeyboardKind.INLINE, _rows(markup["inline_keyboard"], _inline_button))
    if "keyboard" in markup:
        return Keyboard(KeyboardKind.REPLY, _rows(markup["keyboard"], _reply_button))
    if markup.get("remove_keyboard"):
        return Keyboard(KeyboardKind.REMOVE)
    if markup.get("force_reply"):
        return None
    raise _unparsable()


def _rows(raw: Any, button: Callable[[Any], Button]) -> tuple[tuple[Button, ...], ...]:
    if not isinstance(raw, list) or not all(isinstance(row, list) for row in raw):
        raise _unparsable()
    return tuple(tuple(button(item) for item in row) for row in raw)


def _inline_button(raw: Any) -> Button:
    text = _button_text(raw)
    data = raw.get("callback_data")
    url = raw.get("url")
    web_app = web_app_url(raw["web_app"]) if "web_app" in raw else None
    if data is not None and not 0 < len(str(data).encode()) <= MAX_CALLBACK_DATA_BYTES:
        raise bad_request("BUTTON_DATA_INVALID")
    if data is None and url is None and web_app is None and not _OTHER_INLINE_ACTIONS & raw.keys():
        raise bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    return Button(text, callback_data=None if data is None else str(data), url=url, web_app=web_app)


def web_app_url(raw: Any, where: str = "inline keyboard button") -> str:
    """The URL of a WebAppInfo (on an inline button, or `where`), which Telegram takes over
    HTTPS only."""
    url = raw.get("url") if isinstance(raw, dict) else None
    if not isinstance(url, str) or not url:
        raise bad_request(f"can't parse {where}: Web App URL must be non-empty")
    if not url.startswith("https://"):
        raise bad_request(f"{where} Web App URL '{url}' is invalid: Only HTTPS links are allowed")
    return url


def _reply_button(raw: Any) -> Button:
    return Button(raw) if isinstance(raw, str) and raw else Button(_button_text(raw))


def _button_text(raw: Any) -> str:
    text = raw.get("text") if isinstance(raw, dict) else None
    if not isinstance(text, str) or not text:
        raise bad_request("can't parse keyboard button: Text must be non-empty")
    return text


def _unparsable() -> ApiError:
    return bad_request("can't parse reply keyboard markup JSON object")
