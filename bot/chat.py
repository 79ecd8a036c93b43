"""`coach chat`: talk to the real bot in this terminal, through the local Bot API emulator."""

from __future__ import annotations

import asyncio
import contextlib
import html
import re
import sys
import threading
from pathlib import Path
from typing import TextIO

from bot.config import Settings
from bot.emulator import BotApiEmulator, BotMessage, ChatUser, KeyboardKind, StoredFile
from bot.runner import running_bot

BANNER = (
    "Local chat with Coach — no Telegram token set. "
    "Type a message; a number presses that button; Ctrl-D quits."
)
BOT_SAYS = "Coach: {text}"
BOT_EDITED = "Coach (edited): {text}"
PHOTO = "[photo]"
DOCUMENT = "[document {name}]"
FILE_SAVED = "  (saved to {path})"
NO_SUCH_BUTTON = "(There is no button {number} to press.)"
LINK_BUTTON = "(Button {number} opens {url} — open it in your browser.)"
UNPRESSABLE_BUTTON = "(Button {number} can't be pressed in the local chat.)"

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
    transcript.note(BANNER)
    async with BotApiEmulator() as emulator:
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
        if text.isdigit():
            await _press(user, transcript, int(text))
        else:
            await user.send_text(text)
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(MAX_WAIT_SECONDS):
                await emulator.wait_idle(SETTLE_SECONDS)


async def _press(user: ChatUser, transcript: Transcript, number: int) -> None:
    """Press button `number` (counting from 1) of the newest message with buttons."""
    message = user.last_message_with_buttons
    buttons = message.keyboard_buttons if message is not None else []
    if message is None or not 1 <= number <= len(buttons):
        transcript.note(NO_SUCH_BUTTON.format(number=number))
        return
    button = buttons[number - 1]
    inline = message.keyboard is not None and message.keyboard.kind is KeyboardKind.INLINE
    if inline and button.callback_data is None:
        if button.url is not None:
            transcript.note(LINK_BUTTON.format(number=number, url=button.url))
        else:
            transcript.note(UNPRESSABLE_BUTTON.format(number=number))
        return
    await user.press_button(button, message)


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

    async def follow(self, user: ChatUser) -> None:
        async for message in user.stream():
            self.show(message)

    def show(self, message: BotMessage) -> None:
        template = BOT_EDITED if message.edited else BOT_SAYS
        lines = [template.format(text=_content(message))]
        # An edit only changes text or buttons; its file was saved with the original.
        if not message.edited:
            lines.extend(FILE_SAVED.format(path=self._save(f)) for f in _files(message))
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
        text = f"{PHOTO} {text}".rstrip()
    elif message.document is not None:
        text = f"{DOCUMENT.format(name=message.document.filename)} {text}".rstrip()
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
