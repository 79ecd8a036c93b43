"""The local terminal chat (`coach chat`)."""

from __future__ import annotations

CHAT_BANNER = (
    "Local chat with Coach — no Telegram token set. "
    "Type a message; a number presses that button; Ctrl-D quits."
)
CHAT_BOT_SAYS = "Coach: {text}"
CHAT_BOT_EDITED = "Coach (edited): {text}"
CHAT_PHOTO = "[photo]"
CHAT_DOCUMENT = "[document {name}]"
CHAT_FILE_SAVED = "  (saved to {path})"
CHAT_LINK_BUTTON = "(Button {number} opens {url} — open it in your browser.)"
CHAT_UNPRESSABLE_BUTTON = "(Button {number} can't be pressed in the local chat.)"
