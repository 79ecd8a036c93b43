"""`coach chat`: talk to the real bot in this terminal, through the local Bot API emulator."""

from __future__ import annotations

import asyncio
import contextlib
import html
import re
import sys
import threading
import time
from pathlib import Path
from typing import TextIO

from bot.config import Settings
from bot.emulator import BotApiEmulator, BotMessage, ChatUser, KeyboardKind, StoredFile
from bot.telegram import messages
from bot.telegram.runner import running_bot

FILES_SUBDIR = "chat_files"
# After each line, wait until the bot has been quiet this long before handling the next one,
# so that piped input (`coach chat < script`) does not outrun the bot's replies.
SETTLE_SECONDS = 0.3
# ...but never longer than this: a stuck bot must not stall the terminal.
MAX_WAIT_SECONDS = 30.0

_HTML_TAG = re.compile(r"<[^>]+>")


async def run_chat(
    settings: Settings,
    *,
    stdin: TextIO = sys.stdin,
    stdout: TextIO = sys.stdout,
    user_id: int = 1,
    first_name: str = "You",
) -> None:
    """Run the bot against a local emulator and chat with it until EOF on `stdin`."""
    transcript = Transcript(stdout, settings.data_dir / FILES_SUBDIR)
    transcript.note(messages.CHAT_BANNER)
    # The bot keeps its database between chats, so ids must go on growing: milliseconds
    # since the epoch outgrow any earlier chat's ids.
    async with BotApiEmulator(first_id=time.time_ns() // 1_000_000) as emulator:
        local = settings.model_copy(
            update={
                "telegram_base_url": emulator.base_url,
                "telegram_base_file_url": emulator.base_file_url,
            }
        )
        async with running_bot(local, token=emulator.token):
            user = emulator.user(user_id, first_name)
            follower = asyncio.create_task(transcript.follow(user))
            try:
                await _converse(emulator, user, transcript, _read_lines(stdin))
            finally:
                follower.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await follower
                # Whatever arrived after the follower's last turn still belongs on screen.
                for message in await user.drain(settle=0):
                    transcript.show(message)


async def _converse(
    emulator: BotApiEmulator,
    user: ChatUser,
    transcript: Transcript,
    lines: asyncio.Queue[str | None],
) -> None:
    while (line := await lines.get()) is not None:
        text = line.strip()
        if not text:
            continue
        if not (text.isdigit() and await _press(user, transcript, int(text))):
            await user.send_text(text)
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(MAX_WAIT_SECONDS):
                await emulator.wait_idle(SETTLE_SECONDS)


async def _press(user: ChatUser, transcript: Transcript, number: int) -> bool:
    """Press button `number` (counting from 1) of the newest message with buttons.

    False when there is no such button: the number is then an answer to send as text
    (a bodyweight, a rep count).
    """
    message = user.last_message_with_buttons
    buttons = message.keyboard_buttons if message is not None else []
    if message is None or not 1 <= number <= len(buttons):
        return False
    button = buttons[number - 1]
    inline = message.keyboard is not None and message.keyboard.kind is KeyboardKind.INLINE
    if inline and button.callback_data is None:
        if button.url is not None:
            transcript.note(messages.CHAT_LINK_BUTTON.format(number=number, url=button.url))
        else:
            transcript.note(messages.CHAT_UNPRESSABLE_BUTTON.format(number=number))
        return True
    await user.press_button(button, message)
    return True


def _read_lines(stdin: TextIO) -> asyncio.Queue[str | None]:
    """Lines of `stdin` as they are typed, then None at EOF.

    A daemon thread reads them rather than asyncio.to_thread: after Ctrl-C, asyncio.run waits
    for its executor's threads, and one blocked in readline would hang until Enter.
    """
    loop = asyncio.get_running_loop()
    lines: asyncio.Queue[str | None] = asyncio.Queue()

    def read() -> None:
        with contextlib.suppress(RuntimeError):  # the loop closed: nobody is listening
            for line in iter(stdin.readline, ""):
                loop.call_soon_threadsafe(lines.put_nowait, line)
            loop.call_soon_threadsafe(lines.put_nowait, None)

    threading.Thread(target=read, name="chat-stdin", daemon=True).start()
    return lines


class Transcript:
    """Writes the bot's messages as plain text, with numbered buttons, and saves its files."""

    def __init__(self, out: TextIO, files_dir: Path) -> None:
        self._out = out
        self._files_dir = files_dir
        self._texts: dict[int, str] = {}

    async def follow(self, user: ChatUser) -> None:
        async for message in user.stream():
            self.show(message)

    def show(self, message: BotMessage) -> None:
        content = _content(message)
        # The bot takes the buttons off an answered question; reprinting it is only noise.
        if (
            message.edited
            and message.keyboard is None
            and self._texts.get(message.message_id) == content
        ):
            return
        self._texts[message.message_id] = content
        template = messages.CHAT_BOT_EDITED if message.edited else messages.CHAT_BOT_SAYS
        lines = [template.format(text=content)]
        # An edit only changes text or buttons; its file was saved with the original.
        if not message.edited:
            lines.extend(
                messages.CHAT_FILE_SAVED.format(path=self._save(f)) for f in _files(message)
            )
        lines.extend(_button_lines(message))
        self.note("\n".join(lines))

    def note(self, text: str) -> None:
        self._out.write(text + "\n")
        self._out.flush()

    def _save(self, stored: StoredFile) -> Path:
        self._files_dir.mkdir(parents=True, exist_ok=True)
        # Only the name's last part: a file name chosen by the bot must not pick the directory.
        path = self._files_dir / f"{stored.file_id}-{Path(stored.filename).name}"
        path.write_bytes(stored.data)
        return path


def _content(message: BotMessage) -> str:
    text = message.text
    if (message.parse_mode or "").upper() == "HTML":
        text = html.unescape(_HTML_TAG.sub("", text))
    if message.photo is not None:
        text = f"{messages.CHAT_PHOTO} {text}".rstrip()
    elif message.document is not None:
        text = f"{messages.CHAT_DOCUMENT.format(name=message.document.filename)} {text}".rstrip()
    return text


def _files(message: BotMessage) -> list[StoredFile]:
    return [f for f in (message.photo, message.document) if f is not None]


def _button_lines(message: BotMessage) -> list[str]:
    if message.keyboard is None:
        return []
    lines = []
    number = 0
    for row in message.keyboard.rows:
        labels = []
        for button in row:
            number += 1
            labels.append(f"[{number}] {button.text}")
        lines.append("  " + "  ".join(labels))
    return lines
