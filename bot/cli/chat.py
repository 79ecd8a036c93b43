"""`coach chat`: talk to the real bot in this terminal, through the local Bot API emulator."""

from __future__ import annotations

import asyncio
import contextlib
import html
import json
import mimetypes
import re
import sys
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from bot.cli.chat_clock import ChatClock, read_move
from bot.config import Settings
from bot.emulator import (
    BotApiEmulator,
    BotMessage,
    CallbackAnswer,
    ChatUser,
    KeyboardKind,
    StoredFile,
)
from bot.telegram import messages
from bot.telegram.context import (
    SERVICES_KEY,
    CoachApplication,
    install_services,
    services,
    webapp_site,
)
from bot.telegram.runner import running_bot
from bot.webapp.server import local_link

FILES_SUBDIR = "chat_files"
# The last update and message ids of the previous chat, beside the database: the bot keeps
# what it has handled there and would take a repeated id for a redelivery.
IDS_FILE = "chat_ids.json"
# After each line, wait until the bot has been quiet this long before handling the next one,
# so that piped input (`coach chat < script`) does not outrun the bot's replies.
SETTLE_SECONDS = 0.3
# ...but never longer than this: a stuck bot must not stall the terminal.
MAX_WAIT_SECONDS = 30.0
# What the emulator accepts in one request.
MAX_SEND_BYTES = 50 * 1024 * 1024

_HTML_TAG = re.compile(r"<[^>]+>")
# `#N.K`: button K of message #N. The `#` keeps a decimal such as a bodyweight (72.5) text.
_PRESS_ON = re.compile(r"#(\d+)\.(\d+)")
_NUMBERED_TEXT = re.compile(r"#?(\d+)\s+(\S.*)", re.DOTALL)
_IMAGE_SUFFIXES = (
    (b"\x89PNG\r\n\x1a\n", ".png"),
    (b"\xff\xd8\xff", ".jpg"),
    (b"GIF8", ".gif"),
)
# Telegram hands out photos as JPEG whatever was uploaded.
_PHOTO_SUFFIX = ".jpg"


async def run_chat(
    settings: Settings,
    *,
    stdin: TextIO = sys.stdin,
    stdout: TextIO = sys.stdout,
    user_id: int = 1,
    first_name: str = "You",
) -> None:
    """Run the bot against a local emulator and chat with it until EOF on `stdin`."""
    ids = IdFile(settings.data_dir / IDS_FILE)
    first_id = ids.first_id()
    transcript = Transcript(stdout, settings.data_dir / FILES_SUBDIR, first_id - 1)
    transcript.note(messages.CHAT_BANNER)
    async with BotApiEmulator(first_id=first_id) as emulator:
        emulator.on_callback_answer(transcript.show_answer)
        # No flood guard: the one person is at their own keyboard, and a script piped in
        # (`make chat < week.txt`) goes as fast as the bot answers, which the guard would cut.
        local = settings.model_copy(
            update={
                "telegram_base_url": emulator.base_url,
                "telegram_base_file_url": emulator.base_file_url,
                "flood_limit": 0,
            }
        )
        try:
            async with running_bot(local, token=emulator.token, local_webapp=True) as application:
                user = emulator.user(user_id, first_name)
                if (site := webapp_site(application.bot_data)) is not None:
                    link = local_link(
                        site.port, emulator.token, user_id, first_name, datetime.now(UTC)
                    )
                    transcript.note(messages.CHAT_WEBAPP.format(url=link))
                follower = asyncio.create_task(transcript.follow(user))
                try:
                    chat = Chat(user, transcript, _movable_clock(application))
                    await _converse(emulator, chat, ids, _read_lines(stdin))
                finally:
                    follower.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await follower
                    # Whatever arrived after the follower's last turn still belongs on screen.
                    for message in await user.drain(settle=0):
                        transcript.show(message)
        finally:
            ids.save(emulator.last_id)


def _movable_clock(application: CoachApplication) -> Clock | None:
    """The bot's clock, made movable by `/clock`: every service and the reminder
    dispatcher read it, so a move forward brings what a real wait would."""
    if SERVICES_KEY not in application.bot_data:
        return None
    clock = ChatClock()
    install_services(application.bot_data, services(application.bot_data).with_clock(clock))
    return Clock(clock, services(application.bot_data).dispatcher.run_once)


@dataclass(frozen=True, slots=True)
class Clock:
    now: ChatClock
    # Sends the reminders due at the new time at once, instead of at the next poll.
    send_due: Callable[[], Awaitable[object]]


async def _converse(
    emulator: BotApiEmulator, chat: Chat, ids: IdFile, lines: asyncio.Queue[str | None]
) -> None:
    while (line := await lines.get()) is not None:
        text = line.strip()
        if not text:
            continue
        await chat.handle(text)
        # Saved after every line too, so a chat that is killed does not lose its ids.
        ids.save(emulator.last_id)
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(MAX_WAIT_SECONDS):
                await emulator.wait_idle(SETTLE_SECONDS)


class IdFile:
    """The last ids a chat used, so that the next chat's ids go on growing as Telegram's do."""

    def __init__(self, path: Path) -> None:
        self._path = path

    def first_id(self) -> int:
        """Above the stored last ids, and above seconds since the epoch: those outgrow the
        ids of a chat that left no file (one on another data dir sharing the database, or
        from before the file was kept). Seconds, not finer: Telegram's message ids fit in 31
        bits, and the bot's buttons carry them within that range (until 2038)."""
        clock = time.time_ns() // 1_000_000_000
        try:
            last = int(json.loads(self._path.read_text(encoding="utf-8"))["last_id"])
        except (OSError, ValueError, TypeError, KeyError):
            return clock
        return max(last + 1, clock)

    def save(self, last_id: int) -> None:
        """Keep the largest update or message id used: the emulator starts both at one id."""
        self._path.parent.mkdir(parents=True, exist_ok=True)
        body = json.dumps({"last_id": last_id})
        # Written aside and renamed, so a chat killed mid-write leaves the old file whole.
        partial = self._path.with_suffix(".partial")
        partial.write_text(body + "\n", encoding="utf-8")
        partial.replace(self._path)


class Chat:
    """What the person types: text for the bot, or one of the chat's own commands."""

    def __init__(self, user: ChatUser, transcript: Transcript, clock: Clock | None = None) -> None:
        self._user = user
        self._transcript = transcript
        self._clock = clock
        self._commands: dict[str, Callable[[str], Awaitable[None]]] = {
            "/chathelp": self._help,
            "?": self._help,
            "/reply": self._reply,
            "/edit": self._edit,
            "/send": self._send_file,
            "/location": self._location,
            "/clock": self._move_clock,
        }

    async def handle(self, text: str) -> None:
        name, _, rest = text.partition(" ")
        command = self._commands.get(name)
        if command is not None:
            await command(rest.strip())
        elif press := _PRESS_ON.fullmatch(text):
            await self._press_on(int(press[1]), int(press[2]))
        elif not (text.isdigit() and await self._press_newest(int(text))):
            await self._say(text)

    async def _say(self, text: str, reply_to: int | None = None) -> None:
        message_id = await self._user.send_text(text, reply_to=reply_to)
        self._transcript.you(message_id, text, reply_to=reply_to)

    async def _help(self, rest: str) -> None:
        self._transcript.note(messages.CHAT_HELP.format(files_dir=self._transcript.files_dir))

    async def _reply(self, rest: str) -> None:
        numbered = self._numbered(rest, "/reply N TEXT")
        if numbered is None:
            return
        number, target, text = numbered
        if not self._exists(target):
            self._transcript.note(messages.CHAT_NO_MESSAGE.format(number=number))
            return
        await self._say(text, reply_to=target)

    async def _edit(self, rest: str) -> None:
        numbered = self._numbered(rest, "/edit N TEXT")
        if numbered is None:
            return
        number, target, text = numbered
        if "text" not in (self._user.sent_message(target) or {}):
            self._transcript.note(messages.CHAT_NOT_YOUR_TEXT.format(number=number))
            return
        await self._user.edit_text(target, text)
        self._transcript.you(target, text, edited=True)

    def _numbered(self, rest: str, usage: str) -> tuple[int, int, str] | None:
        """`N TEXT` as (N, the message id of #N, TEXT); None, after saying how, if not."""
        numbered = _NUMBERED_TEXT.fullmatch(rest)
        if numbered is None:
            self._transcript.note(messages.CHAT_USAGE.format(usage=usage))
            return None
        number = int(numbered[1])
        return number, self._transcript.message_id(number), numbered[2]

    async def _send_file(self, rest: str) -> None:
        if not rest:
            self._transcript.note(messages.CHAT_USAGE.format(usage="/send PATH"))
            return
        # A path dragged into a terminal arrives quoted when it has spaces.
        path = Path(_unquoted(rest))
        try:
            data = await asyncio.to_thread(_read_file, path)
        except OSError as error:
            reason = error.strerror or str(error)
            self._transcript.note(messages.CHAT_CANNOT_SEND.format(path=path, reason=reason))
            return
        mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        message_id = await self._user.send_document(path.name, data, mime_type)
        self._transcript.you(message_id, messages.CHAT_DOCUMENT.format(name=path.name))

    async def _location(self, rest: str) -> None:
        try:
            latitude, longitude = (float(part) for part in re.split(r"[\s,]+", rest) if part)
        except ValueError:
            latitude = longitude = float("nan")
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            self._transcript.note(messages.CHAT_USAGE.format(usage="/location LAT LON"))
            return
        message_id = await self._user.send_location(latitude, longitude)
        where = messages.CHAT_LOCATION.format(latitude=latitude, longitude=longitude)
        self._transcript.you(message_id, where)

    async def _move_clock(self, rest: str) -> None:
        if self._clock is None:
            self._transcript.note(messages.CHAT_NO_CLOCK)
            return
        now = self._clock.now()
        if rest:
            to = read_move(rest, now)
            if to is None:
                self._transcript.note(messages.CHAT_USAGE.format(usage=messages.CHAT_CLOCK_USAGE))
                return
            if not self._clock.now.move(to):
                self._transcript.note(messages.CHAT_CLOCK_BACKWARDS)
                return
            now = to
        self._transcript.note(messages.CHAT_CLOCK.format(now=now.strftime("%a %d %b %Y %H:%M")))
        if rest:
            await self._clock.send_due()

    async def _press_newest(self, number: int) -> bool:
        """Press button `number` (counting from 1) of the newest message with buttons.

        False when there is no such button: the number is then an answer to send as text
        (a bodyweight, a rep count).
        """
        message = self._user.last_message_with_buttons
        if message is None or not 1 <= number <= len(message.keyboard_buttons):
            return False
        await self._press(message, number)
        return True

    async def _press_on(self, shown_number: int, number: int) -> None:
        message_id = self._transcript.message_id(shown_number)
        if not self._exists(message_id):
            self._transcript.note(messages.CHAT_NO_MESSAGE.format(number=shown_number))
            return
        # Inline keyboards stay pressable on old messages; a replaced reply keyboard does not.
        message = next(
            (m for m in self._user.pressable_messages if m.message_id == message_id), None
        )
        if message is None or not 1 <= number <= len(message.keyboard_buttons):
            note = messages.CHAT_NO_BUTTON.format(message=shown_number, number=number)
            self._transcript.note(note)
            return
        await self._press(message, number)

    def _exists(self, message_id: int) -> bool:
        return (
            self._user.message(message_id) is not None
            or self._user.sent_message(message_id) is not None
        )

    async def _press(self, message: BotMessage, number: int) -> None:
        button = message.keyboard_buttons[number - 1]
        if message.keyboard is not None and message.keyboard.kind is KeyboardKind.REPLY:
            # A reply keyboard's button types its text, as in Telegram.
            await self._say(button.text)
        elif button.callback_data is None:
            if button.url is not None:
                note = messages.CHAT_LINK_BUTTON.format(number=number, url=button.url)
            else:
                note = messages.CHAT_UNPRESSABLE_BUTTON.format(number=number)
            self._transcript.note(note)
        else:
            shown = self._transcript.number(message.message_id)
            pressed = messages.CHAT_PRESSED.format(button=number, text=button.text, number=shown)
            self._transcript.note(pressed)
            await self._user.press_button(button, message)


def _unquoted(text: str) -> str:
    if len(text) > 1 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    return text


def _read_file(path: Path) -> bytes:
    path = path.expanduser()
    if path.stat().st_size > MAX_SEND_BYTES:
        too_big = messages.CHAT_FILE_TOO_BIG.format(megabytes=MAX_SEND_BYTES // 1024 // 1024)
        raise OSError(too_big)
    return path.read_bytes()


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
    """Writes both sides of the chat as plain text, numbering messages and buttons, and saves
    the bot's files.

    A message's number counts from the chat's start (#1), whatever Telegram id it has.
    """

    def __init__(self, out: TextIO, files_dir: Path, id_before_first: int) -> None:
        self._out = out
        self.files_dir = files_dir
        self._id_before_first = id_before_first
        self._texts: dict[int, str] = {}

    def number(self, message_id: int) -> int:
        return message_id - self._id_before_first

    def message_id(self, number: int) -> int:
        return number + self._id_before_first

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
        who = messages.CHAT_BOT.format(number=self.number(message.message_id))
        reply_to = message.reply_to_message_id
        lines = [self._line(who, content, edited=message.edited, reply_to=reply_to)]
        # An edit only changes text or buttons; its file was saved with the original.
        if not message.edited:
            lines.extend(messages.CHAT_FILE_SAVED.format(path=p) for p in self._save_files(message))
        lines.extend(_button_lines(message))
        self.note("\n".join(lines))

    def you(
        self, message_id: int, text: str, *, edited: bool = False, reply_to: int | None = None
    ) -> None:
        who = messages.CHAT_YOU.format(number=self.number(message_id))
        self.note(self._line(who, text, edited=edited, reply_to=reply_to))

    def show_answer(self, answer: CallbackAnswer) -> None:
        """A button press's answer: Telegram shows its text as a notice, or an alert to close."""
        if answer.text:
            template = messages.CHAT_ALERT if answer.show_alert else messages.CHAT_NOTICE
            self.note(template.format(text=answer.text))

    def note(self, text: str) -> None:
        self._out.write(text + "\n")
        self._out.flush()

    def _line(self, who: str, text: str, *, edited: bool, reply_to: int | None) -> str:
        marks = ""
        if reply_to is not None:
            marks += messages.CHAT_REPLY_TO.format(number=self.number(reply_to))
        if edited:
            marks += messages.CHAT_EDITED
        return messages.CHAT_LINE.format(who=who, marks=marks, text=text)

    def _save(self, stored: StoredFile, stem: str, suffix: str) -> Path:
        """Save as `stem` + `suffix`, or with -2, -3... added: never over an earlier file."""
        self.files_dir.mkdir(parents=True, exist_ok=True)
        copy = 1
        while True:
            path = self.files_dir / (f"{stem}{suffix}" if copy == 1 else f"{stem}-{copy}{suffix}")
            try:
                with path.open("xb") as file:
                    file.write(stored.data)
            except FileExistsError:
                copy += 1
                continue
            return path

    def _save_files(self, message: BotMessage) -> list[Path]:
        saved = []
        if message.photo is not None:
            saved.append(self._save(message.photo, "photo", _photo_suffix(message.photo.data)))
        if message.document is not None:
            saved.append(self._save(message.document, *_document_name(message.document)))
        return saved


def _photo_suffix(data: bytes) -> str:
    return next((s for magic, s in _IMAGE_SUFFIXES if data.startswith(magic)), _PHOTO_SUFFIX)


def _document_name(stored: StoredFile) -> tuple[str, str]:
    # Only the name's last part: a file name chosen by the bot must not pick the directory.
    name = Path(stored.filename).name
    if name in {"", ".", ".."}:
        return "document", ""
    path = Path(name)
    return path.stem, path.suffix


def _content(message: BotMessage) -> str:
    text = message.text
    if (message.parse_mode or "").upper() == "HTML":
        text = html.unescape(_HTML_TAG.sub("", text))
    if message.photo is not None:
        text = f"{messages.CHAT_PHOTO} {text}".rstrip()
    elif message.document is not None:
        text = f"{messages.CHAT_DOCUMENT.format(name=message.document.filename)} {text}".rstrip()
    return text


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
