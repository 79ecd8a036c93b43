"""Hostile input into every handler: no exception, no silence, nobody else's data touched.

Hypothesis generates texts, callback data, edits and documents; each example is one
update sent to the running bot by one of three people: someone onboarded with a session
open (`owner`), someone half-way through onboarding (`midway`) and someone who never
started (`stranger`). A fourth person (`bystander`) has logs and reminders of their own
and only watches: their data must be identical after every example.

The examples run with `@given` on the async test (pytest-asyncio drives each example in
the test's event loop), so the running bot and the people in `cast` are set up once per
test and shared by all its examples: hence the suppressed function-scoped-fixture health
check. Generation is derandomized (the same examples on every run) and never shrinks, so
that a run costs the same each time; a failing example is printed as it was generated.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from telegram.ext import Application

from bot.core.catalogue import CATALOGUE, lookup
from bot.core.profile import Weekday
from bot.emulator import BotApiEmulator, BotMessage, ChatUser
from bot.emulator.client import DEFAULT_PATIENCE
from bot.telegram.context import services
from bot.telegram.i18n import tr
from tests.e2e.conftest import FakeClock
from tests.e2e.handled import Replies, all_handled
from tests.support.onboarding import gym_lifter, reach_reminder_time

App = Application[Any, Any, Any, Any, Any, Any]

OWNER, MIDWAY, STRANGER, BYSTANDER = 9101, 9102, 9103, 9104
# Only a bound on waiting for a bot that never answers, as generous as the emulator's own.
REPLY_TIMEOUT = DEFAULT_PATIENCE


def _hostile_settings(max_examples: int) -> settings:
    return settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=True,
        database=None,
        phases=(Phase.explicit, Phase.generate),
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


# --- Strategies -----------------------------------------------------------------------------

_ANY_CHAR = st.characters(exclude_categories=["Cs"])  # anything UTF-8 can carry
_NASTY_TEXTS = [
    "\u202eRTL override 3x8 @ 60",
    "مرحبا ٣x٨ @ ٦٠",
    "שלום 3x8",
    "💪🏋️‍♀️🔥" * 50,
    "\x00\x01\x02\x1b[31mred\x7f",
    "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇",
    "3x8 @ 1e309",
    "3x8 @ -60",
    "3x8 @ nan",
    "3x8 @ inf",
    "99999999999999999999x99999999999999999999 @ 99999999999999999999",
    "0x0 @ 0",
    "3x8 @ 60" + " 3x8 @ 60" * 400,
    "leg curl " * 400,
    "<b>bold</b> *md* _it_ `code` [link](http://x)",
    "'; DROP TABLE logs; --",
    "%s %d {0} {name} {{}}",
    "/start@coach_test_bot",
    "/history " + "x" * 3000,
    "/history %",
    "/history _",
    "/pause 99999999999999999999999",
    "/pause -1",
    "/pause ²",
    "/pause ⑦",
    "/pause ٣",
    "/export json",
    "/export 💥",
    "/help logging extra words",
    "/import",
    "/cancel",
    "/" + "a" * 32,
    "/x",
    "18:30",
    "25:99",
    "Europe/Nowhere",
    "70",
    "-70",
    "1e400",
    "NaN",
]


def _fits_telegram(text: str) -> bool:
    # Telegram trims the text, refuses an empty one and counts length in UTF-16 units.
    return bool(text) and len(text.encode("utf-16-le")) <= 2 * 4096


_free_text = st.text(_ANY_CHAR, min_size=1, max_size=200)
_long_text = st.builds(
    lambda piece, size: (piece * (size // len(piece) + 1))[:size],
    st.text(_ANY_CHAR, min_size=1, max_size=12),
    st.integers(min_value=500, max_value=4096),
)
_command_like = st.builds(
    lambda name, rest: f"/{name} {rest}",
    st.from_regex(r"[A-Za-z0-9_]{1,40}", fullmatch=True),
    st.text(_ANY_CHAR, max_size=60),
)
_number = st.one_of(
    st.integers().map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.from_regex(r"-?[0-9٠-٩]{1,25}([.,][0-9]{1,10})?", fullmatch=True),
)
_log_like = st.builds(
    lambda name, sets, reps, weight, unit: f"{name} {sets}x{reps} @ {weight}{unit}".strip(),
    st.sampled_from(["", "leg curl", "RDL", "squat", "bench press", "💪", "x" * 300]),
    _number,
    _number,
    _number,
    st.sampled_from(["", "kg", "lb", "lbs", " kg", "kgkg", "%"]),
)
hostile_texts = (
    st.one_of(
        st.sampled_from(_NASTY_TEXTS),
        _free_text,
        _long_text,
        _command_like,
        _log_like,
        _number,
    )
    .map(str.strip)
    .filter(_fits_telegram)
)

_word = st.from_regex(r"\w{1,12}", fullmatch=True)
_big_id = st.one_of(
    st.integers(min_value=0, max_value=2**31),
    st.integers(min_value=2**31, max_value=10**55),
)
_curl = lookup("leg curl")
assert _curl is not None
_EXERCISE_IDS = [_curl.id, "zzz", "a", "b"]
_weekday_or_word = st.one_of(st.sampled_from([day.short for day in Weekday]), _word)


def _fits_callback(data: str) -> bool:
    return 1 <= len(data.encode()) <= 64


_ONBOARDING_STEPS = ["goal", "exp", "eq", "days", "wd", "time", "tz", "units", "bw", "menu"]
_NASTY_CALLBACKS = [
    "swapto:mon:a:b",
    "sw:mon:a:b",
    "swap:to:mon:x:y",
    f"sw:mon:{_curl.id}:{_curl.id}",
    "log:undo:99999999999",
    "swap:xyz:" + _curl.id,
    "swap:mon:" + _curl.id,
    "swapto:xyz:" + _curl.id + ":" + _curl.id,
    "log:undo:" + "9" * 55,
    "log:edit:" + "9" * 55,
    "log:undo:" + str(2**63),
    "log:undo:٣",
    "rem:toggle:zzz",
    "rem:time:zzz",
    "rem:at:99:99",
    "ob:goal:nope",
    "ob:exp:",
    "ob:eq:nope",
    "ob:days:99",
    "ob:wd:xyz",
    "ob:tz:Mars/Olympus",
    "ob:time:99:99",
    "ob:units:stone",
    "ob:bw:nope",
    "ob:menu:nope",
    "erase:cancel",
    "session:skip",
    "session:finish",
    "log:undo:0",
    "log:edit:0",
]


def _callback_strategy(other_log_ids: list[int]) -> st.SearchStrategy[str]:
    forged_ids = st.sampled_from(other_log_ids) if other_log_ids else _big_id
    return st.one_of(
        st.text(_ANY_CHAR, min_size=1, max_size=64),
        st.builds("log:undo:{}".format, st.one_of(_big_id, forged_ids)),
        st.builds("log:edit:{}".format, st.one_of(_big_id, forged_ids)),
        st.builds("log:{}:{}".format, _word, _word),
        st.builds(
            "{}:{}:{}:{}".format,
            st.sampled_from(["sw", "swapto"]),
            _weekday_or_word,
            st.sampled_from(_EXERCISE_IDS) | _word,
            st.sampled_from(_EXERCISE_IDS) | _word,
        ),
        st.builds("swap:{}:{}".format, _weekday_or_word, st.sampled_from(_EXERCISE_IDS) | _word),
        st.builds(
            "ob:{}:{}".format,
            st.sampled_from(
                ["goal", "exp", "eq", "days", "wd", "time", "tz", "units", "bw", "menu"]
            ),
            st.text(_ANY_CHAR, max_size=40),
        ),
        st.builds(
            "rem:{}:{}".format,
            st.sampled_from(["toggle", "time", "at", "close"]),
            st.one_of(_word, st.from_regex(r"\d\d:\d\d", fullmatch=True)),
        ),
        st.sampled_from(_NASTY_CALLBACKS),
    ).filter(_fits_callback)


_file_names = st.one_of(
    st.sampled_from(["history.csv", "strong.CSV", "x.csv", "notes.txt", "", ".csv", "💥.csv"]),
    st.text(_ANY_CHAR, min_size=1, max_size=60),
)
_csv_cell = st.one_of(_number, st.text(_ANY_CHAR, max_size=20), st.just('"'), st.just(""))
_csv_text = st.builds(
    lambda header, rows, times: (header + "\n" + "\n".join(",".join(r) for r in rows)) * times,
    st.sampled_from(
        [
            "Date,Workout Name,Exercise Name,Set Order,Weight,Reps",
            "title,start_time,end_time,exercise_title,set_index,weight_kg,reps",
            "a,b,c",
            "",
        ]
    ),
    st.lists(st.lists(_csv_cell, max_size=8), max_size=20),
    st.integers(min_value=1, max_value=400),
).map(lambda text: text.encode("utf-8", "surrogatepass"))
_payloads = st.one_of(
    st.just(b""),
    st.binary(max_size=2048),
    _csv_text,
    st.just(b"\xff\xfe" + "Date,Exercise Name,Weight,Reps\n".encode("utf-16-le")),
    st.just(b"x" * (3 * 1024 * 1024)),
)


# --- The people -----------------------------------------------------------------------------


@dataclass
class Cast:
    emulator: BotApiEmulator
    coach: App
    owner: ChatUser
    midway: ChatUser
    stranger: ChatUser
    bystander: ChatUser
    bystander_log_ids: list[int]
    replies: Replies

    def person(self, who: str) -> ChatUser:
        user = {"owner": self.owner, "midway": self.midway, "stranger": self.stranger}[who]
        assert isinstance(user, ChatUser)
        return user

    async def data_of(self, user_id: int) -> str:
        """Someone's stored profile, plan, logs and reminders, as one comparable text."""
        found = services(self.coach.bot_data)
        return repr(
            (
                await found.coach.setup(user_id),
                await found.logbook.history(user_id, None),
                await found.progress.history(user_id),
                await found.reminders.current(user_id),
            )
        )


PEOPLE = st.sampled_from(["owner", "midway", "stranger"])


async def _logged(user: ChatUser, text: str) -> BotMessage:
    message_id = await user.send_text(text)
    return await user.wait_for(lambda message: message.reply_to_message_id == message_id)


def _undo_log_id(confirmation: BotMessage) -> int:
    data = next(
        button.callback_data
        for button in confirmation.keyboard_buttons
        if button.text == tr("workouts.button_undo")
    )
    assert data is not None
    assert data.startswith("log:undo:")
    return int(data.rsplit(":", 1)[1])


async def _chat_view(replies: Replies, user: ChatUser) -> tuple[str, str]:
    """What the bystander sees in /history and /reminders."""
    await replies(user)
    await user.send_text("/history")
    history = (await user.wait_for(lambda m: m.text.startswith(("Recent", "No logs")))).text
    await user.send_text("/reminders")
    menu = await user.next_message()
    await user.send_text("/cancel")
    await user.wait_for(lambda m: m.text == tr("reminders.reminders_closed"))
    return history, menu.text


async def _onboarded_with_session(emulator: BotApiEmulator, user_id: int) -> ChatUser:
    user = await gym_lifter(emulator, user_id)
    await user.send_text("/today")
    await user.wait_for(lambda m: m.text.startswith("1/"))
    return user


@pytest.fixture
async def cast(
    emulator: BotApiEmulator,
    coach: App,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
    replies: Replies,
) -> AsyncIterator[Cast]:
    caplog.set_level(logging.WARNING)
    bystander = await _onboarded_with_session(emulator, BYSTANDER)
    log_ids = [_undo_log_id(await _logged(bystander, text)) for text in ("3x8 @ 60", "3x5 @ 70")]
    owner = await _onboarded_with_session(emulator, OWNER)
    await _logged(owner, "3x8 @ 50")
    midway = emulator.user(MIDWAY)
    await reach_reminder_time(midway)
    stranger = emulator.user(STRANGER)
    before_view = await _chat_view(replies, bystander)

    the_cast = Cast(emulator, coach, owner, midway, stranger, bystander, log_ids, replies)
    before_data = await the_cast.data_of(BYSTANDER)
    yield the_cast

    await all_handled(emulator, coach)
    assert await the_cast.data_of(BYSTANDER) == before_data
    assert await _chat_view(replies, bystander) == before_view


# --- Checks after every example -------------------------------------------------------------


async def _eventually(condition: Callable[[], bool]) -> bool:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + REPLY_TIMEOUT
    while not condition():
        if loop.time() > deadline:
            return False
        await asyncio.sleep(0.01)
    return True


async def _until(condition: Callable[[], bool], what: str) -> None:
    assert await _eventually(condition), f"timed out waiting for {what}"


def _answered(cast: Cast, query_id: str) -> Callable[[], bool]:
    return lambda: any(a.callback_query_id == query_id for a in cast.emulator.callback_answers)


def _apologies(user: ChatUser) -> int:
    return sum(m.text == tr("general.internal_error") for m in user.messages)


def _answered_or_failed(cast: Cast, user: ChatUser, query_id: str) -> Callable[[], bool]:
    """Answered, or the bot apologised (it failed: no use waiting for an answer)."""
    answered, apologies = _answered(cast, query_id), _apologies(user)
    return lambda: answered() or _apologies(user) > apologies


def _assert_no_errors(caplog: pytest.LogCaptureFixture, *users: ChatUser) -> None:
    errors = [
        f"{record.levelname} {record.name}: {record.getMessage()}\n{record.exc_text or ''}"
        for record in caplog.records
        if record.levelno >= logging.ERROR
        or record.exc_info is not None
        or "Unhandled error" in record.getMessage()
    ]
    assert not errors, "\n".join(errors)
    for user in users:
        apologies = [m for m in user.messages if m.text == tr("general.internal_error")]
        assert not apologies, f"the bot apologised to {user.user_id}"


async def _sent_and_answered(
    cast: Cast, user: ChatUser, send: Callable[[], Awaitable[object]]
) -> None:
    """Sends one message and waits until the bot sends at least one new message back."""
    before = len(user.messages)
    await send()
    await _until(lambda: len(user.messages) > before, f"a reply to {user.user_id}")


async def _answers_to(cast: Cast, user: ChatUser, presses: list[str]) -> dict[str, str | None]:
    """Each press made on the person's newest message, with the answer it got."""
    answers = {}
    for callback in presses:
        query_id = await user.press_data(callback, user.last_message)
        await _until(_answered(cast, query_id), f"an answer to {callback!r}")
        answer = next(a for a in cast.emulator.callback_answers if a.callback_query_id == query_id)
        answers[callback] = answer.text
    return answers


async def _a_message_to_press_on(user: ChatUser) -> None:
    """A press comes from a message of the bot's; someone who never wrote has none yet."""
    if not user.messages:
        await user.send_text("/help")
        await user.next_message()


# --- The tests ------------------------------------------------------------------------------


@_hostile_settings(max_examples=30)
@given(text=hostile_texts, who=PEOPLE)
async def test_hostile_texts_get_an_answer_and_no_error(
    cast: Cast, caplog: pytest.LogCaptureFixture, text: str, who: str
) -> None:
    user = cast.person(who)
    await _sent_and_answered(cast, user, lambda: user.send_text(text))
    await cast.replies(user)
    _assert_no_errors(caplog, user)


@_hostile_settings(max_examples=40)
@given(data=st.data(), who=PEOPLE)
async def test_forged_callback_data_is_answered_and_harmless(
    cast: Cast, caplog: pytest.LogCaptureFixture, data: st.DataObject, who: str
) -> None:
    user = cast.person(who)
    callback = data.draw(_callback_strategy(cast.bystander_log_ids), label="callback_data")
    # Press it on the newest bot message of the person's own chat, as a forged client would.
    target = user.last_message if user.messages else None
    if target is None:
        await user.send_text("/help")
        target = await user.next_message()
    query_id = await user.press_data(callback, target)
    await _eventually(_answered_or_failed(cast, user, query_id))
    await cast.replies(user)
    _assert_no_errors(caplog, user)
    assert _answered(cast, query_id)(), f"no answer to the callback {callback!r}"
    if callback.startswith("log:edit:"):
        # Were the forged edit accepted, this text would correct someone's log.
        await _sent_and_answered(cast, user, lambda: user.send_text("3x1 @ 1"))
        await cast.replies(user)
        _assert_no_errors(caplog, user)


@_hostile_settings(max_examples=20)
@given(original=hostile_texts, edited=hostile_texts, who=PEOPLE)
async def test_hostile_edits_cause_no_error(
    cast: Cast, caplog: pytest.LogCaptureFixture, original: str, edited: str, who: str
) -> None:
    user = cast.person(who)
    message_ids: list[int] = []

    async def send() -> None:
        message_ids.append(await user.send_text(original))

    await _sent_and_answered(cast, user, send)
    await cast.replies(user)
    await user.edit_text(message_ids[0], edited)
    await cast.replies(user)
    _assert_no_errors(caplog, user)


@_hostile_settings(max_examples=20)
@given(
    name=_file_names,
    payload=_payloads,
    mime=st.sampled_from(["text/csv", "application/octet-stream", "text/plain", "image/png"]),
    who=PEOPLE,
)
async def test_hostile_documents_get_an_answer_and_no_error(
    cast: Cast,
    caplog: pytest.LogCaptureFixture,
    name: str,
    payload: bytes,
    mime: str,
    who: str,
) -> None:
    user = cast.person(who)
    await _sent_and_answered(cast, user, lambda: user.send_document(name, payload, mime))
    await cast.replies(user)
    _assert_no_errors(caplog, user)


@pytest.mark.slow
async def test_known_nasty_texts_and_callbacks(
    cast: Cast, caplog: pytest.LogCaptureFixture
) -> None:
    """Every hand-picked nasty input, to every person: a fixed list, not left to chance."""
    unanswered = []
    for who in ("owner", "midway", "stranger"):
        user = cast.person(who)
        for text in _NASTY_TEXTS:
            await _sent_and_answered(cast, user, functools.partial(user.send_text, text))
        for callback in [*_NASTY_CALLBACKS, *(f"log:undo:{i}" for i in cast.bystander_log_ids)]:
            query_id = await user.press_data(callback, user.last_message)
            await _eventually(_answered_or_failed(cast, user, query_id))
            if not _answered(cast, query_id)():
                unanswered.append((who, callback))
        await cast.replies(user)
    # Checked once at the end, so that a failure lists every input that went wrong.
    _assert_no_errors(caplog, cast.owner, cast.midway, cast.stranger)
    assert not unanswered


async def test_forged_callbacks_get_a_clean_answer_and_change_nothing_of_yours(
    cast: Cast, caplog: pytest.LogCaptureFixture
) -> None:
    """Data no button of ours sends, pressed by someone with a session and logs of their
    own: each press gets the answer to a stale menu (or to a stale swap, for a well-formed
    swap that is not in their plan), and their own data stays as it was."""
    owner = cast.owner
    setup = await services(cast.coach.bot_data).coach.setup(OWNER)
    assert setup is not None
    monday = {planned.exercise.id for planned in setup[1].day(Weekday.MON).exercises}
    absent, other = [exercise.id for exercise in CATALOGUE if exercise.id not in monday][:2]
    expected = {
        **dict.fromkeys(
            [
                "log:undo:99999999999",
                "log:edit:99999999999",
                f"log:undo:{2**31}",
                "log:undo:0",
                "swap:to:mon:x:y",
                "sw:mon:x:y",
                f"sw:mon:{_curl.id}:{_curl.id}",
                "sw:mon:" + _curl.id,
                "garbage",
                "💥" * 16,
                "rem:toggle:workout",
                "ob:goal:glutes",
            ],
            tr("general.menu_expired"),
        ),
        # Well formed, but no swap of this plan: the plan is left alone.
        f"sw:mon:{absent}:{other}": tr("plans.swap_stale"),
        f"swapto:mon:{absent}:{other}": tr("plans.swap_stale"),
    }
    before = await cast.data_of(OWNER)
    answers = await _answers_to(cast, owner, list(expected))
    await cast.replies(owner)
    assert answers == expected
    assert await cast.data_of(OWNER) == before
    _assert_no_errors(caplog, owner)


async def test_forged_swaps_show_no_menu_and_change_no_plan(
    cast: Cast, caplog: pytest.LogCaptureFixture
) -> None:
    """Another person's swap button names an exercise the presser does not have: it shows no
    substitutes. A swap to an exercise of another movement is refused. The plan stays."""
    owner = cast.owner
    setup = await services(cast.coach.bot_data).coach.setup(OWNER)
    assert setup is not None
    monday = [planned.exercise for planned in setup[1].day(Weekday.MON).exercises]
    absent = next(exercise for exercise in CATALOGUE if exercise not in monday)
    kept = monday[0]
    unlike = next(e for e in CATALOGUE if e.pattern is not kept.pattern and e not in monday)
    expected = {
        f"swap:mon:{absent.id}": tr("plans.swap_stale"),
        f"sw:mon:{kept.id}:{unlike.id}": tr(
            "plans.swap_not_offered", new=unlike.name, old=kept.name
        ),
    }
    before = await cast.data_of(OWNER)
    await cast.replies(owner)
    answers = await _answers_to(cast, owner, list(expected))
    assert answers == expected
    assert await cast.replies(owner) == []  # no menu, no "Swapped" in place of the message
    assert await cast.data_of(OWNER) == before
    _assert_no_errors(caplog, owner)


async def test_a_press_without_data_is_answered_and_changes_nothing(
    cast: Cast, caplog: pytest.LogCaptureFixture
) -> None:
    """No button of ours sends empty data; it used to start the bodyweight question."""
    for user in (cast.owner, cast.midway, cast.stranger):
        await _a_message_to_press_on(user)
        before = await cast.data_of(user.user_id)
        await cast.replies(user)
        assert await _answers_to(cast, user, [""]) == {"": tr("general.menu_expired")}
        assert await cast.replies(user) == []
        assert await cast.data_of(user.user_id) == before
    _assert_no_errors(caplog, cast.owner, cast.midway, cast.stranger)


async def test_forged_erase_on_your_own_chat_erases_only_you(
    cast: Cast, caplog: pytest.LogCaptureFixture
) -> None:
    for user in (cast.owner, cast.midway, cast.stranger):
        await _a_message_to_press_on(user)
        query_id = await user.press_data("erase:confirm", user.last_message)
        await _until(_answered(cast, query_id), "an answer to erase:confirm")
        await cast.replies(user)
    await cast.owner.send_text("/today")
    assert (await cast.owner.next_message()).text == tr("general.need_profile")
    _assert_no_errors(caplog, cast.owner, cast.midway, cast.stranger)
