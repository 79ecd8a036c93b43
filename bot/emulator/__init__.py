"""A local Telegram Bot API: the bot talks HTTP to it, tests and the terminal chat play the users.

Example::

    async with BotApiEmulator() as emulator:
        ...  # run the bot with emulator.token, emulator.base_url, emulator.base_file_url
        ann = emulator.user(1, "Ann")
        await ann.send_text("/start")
        reply = await ann.next_message()
        await ann.press("Grow glutes")
        edited = await ann.next_message()
"""

from bot.emulator.client import ChatUser, NoBotMessageError
from bot.emulator.faults import Fault, FaultPolicy
from bot.emulator.records import (
    ApiCall,
    BotMessage,
    Button,
    CallbackAnswer,
    Keyboard,
    KeyboardKind,
    StoredFile,
    UserProfile,
    Webhook,
)
from bot.emulator.server import BotApiEmulator
from bot.emulator.wire import Params

__all__ = [
    "ApiCall",
    "BotApiEmulator",
    "BotMessage",
    "Button",
    "CallbackAnswer",
    "ChatUser",
    "Fault",
    "FaultPolicy",
    "Keyboard",
    "KeyboardKind",
    "NoBotMessageError",
    "Params",
    "StoredFile",
    "UserProfile",
    "Webhook",
]
