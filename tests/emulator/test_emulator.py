"""The Bot API emulator, driven by a real PTB Application over real HTTP."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

import httpx
import pytest
from telegram import (
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaPhoto,
    KeyboardButton,
    MenuButtonCommands,
    MenuButtonDefault,
    MenuButtonWebApp,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
    WebAppInfo,
)
from telegram.error import BadRequest, Conflict, Forbidden, NetworkError, RetryAfter
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.emulator import ApiCall, BotApiEmulator, ChatUser, Fault, NoBotMessageError, Params
from bot.emulator.faults import RandomFaults
from bot.emulator.wire import Upload

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
GOALS = InlineKeyboardMarkup(
    [
        [
            InlineKeyboardButton("Grow glutes", callback_data="goal:glutes"),
            InlineKeyboardButton("Stronger hamstrings", callback_data="goal:hamstrings"),
        ],
        [InlineKeyboardButton("Guide", url="https://example.org/guide")],
    ]
)

# --- A small bot that exercises every emulated method --------------------------------------


async def _start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message is not None
    await update.message.reply_text("Pick a goal", reply_markup=GOALS)


async def _choose(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    assert query.data is not None
    await query.answer("Saved")
    await query.edit_message_text(f"Goal: {query.data.removeprefix('goal:')}")


async def _media(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message is not None
    await update.message.reply_photo(PNG, caption="Form check", filename="form.png")
    await update.message.reply_document(b"day 1: hip thrusts", filename="plan.txt")


async def _keyboard(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message is not None
    markup = ReplyKeyboardMarkup([[KeyboardButton("Yes"), KeyboardButton("No")]])
    await update.message.reply_text("Trained today?", reply_markup=markup)


async def _document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message is not None
    assert update.message.document is not None
    file = await update.message.document.get_file()
    data = await file.download_as_bytearray()
    await update.message.reply_text(f"{update.message.document.file_name}: {data.decode()}")


async def _location(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message is not None
    assert update.message.location is not None
    location = update.message.location
    await update.message.reply_text(f"At {location.latitude}, {location.longitude}")


async def _edited(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.edited_message is not None
    await update.edited_message.reply_text(f"Edited to: {update.edited_message.text}")


async def _echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message is not None
    assert update.message.text is not None
    replied = update.message.reply_to_message
    prefix = f"(re #{replied.message_id}) " if replied else ""
    await update.message.reply_text(prefix + update.message.text)


def demo_handlers() -> list[BaseHandler[Update, Any, Any]]:
    return [
        CommandHandler("start", _start),
        CommandHandler("media", _media),
        CommandHandler("keyboard", _keyboard),
        CallbackQueryHandler(_choose, pattern="^goal:"),
        MessageHandler(filters.UpdateType.EDITED_MESSAGE, _edited),
        MessageHandler(filters.Document.ALL, _document),
        MessageHandler(filters.LOCATION, _location),
        MessageHandler(filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND, _echo),
    ]


# --- Fixtures ------------------------------------------------------------------------------


@asynccontextmanager
async def running_application(
    emulator: BotApiEmulator, handlers: list[BaseHandler[Update, Any, Any]]
) -> AsyncIterator[Application[Any, Any, Any, Any, Any, Any]]:
    """A PTB Application polling the emulator, stopped cleanly on exit."""
    application = (
        ApplicationBuilder()
        .token(emulator.token)
        .base_url(emulator.base_url)
        .base_file_url(emulator.base_file_url)
        .build()
    )
    application.add_handlers(handlers)
    async with application:
        assert application.updater is not None
        await application.updater.start_polling(poll_interval=0, timeout=10)
        await application.start()
        try:
            yield application
        finally:
            await application.updater.stop()
            await application.stop()


@pytest.fixture
async def emulator() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator() as running:
        yield running


@pytest.fixture
async def app(emulator: BotApiEmulator) -> AsyncIterator[Application[Any, Any, Any, Any, Any, Any]]:
    async with running_application(emulator, demo_handlers()) as application:
        yield application


@pytest.fixture
def ann(emulator: BotApiEmulator) -> ChatUser:
    return emulator.user(42, "Ann", username="ann")


def _sent_params(emulator: BotApiEmulator, method: str) -> ApiCall:
    calls = emulator.calls_to(method)
    assert calls, f"the bot never called {method}"
    return calls[-1]


# --- Conversations -------------------------------------------------------------------------


@pytest.mark.usefixtures("app")
async def test_start_command_gets_a_reply_with_an_inline_keyboard(
    emulator: BotApiEmulator, ann: ChatUser
) -> None:
    await ann.send_text("/start")

    reply = await ann.next_message()

    assert reply.text == "Pick a goal"
    assert reply.buttons == [["Grow glutes", "Stronger hamstrings"], ["Guide"]]
    assert reply.button_texts[-1] == "Guide"
    assert reply.keyboard_buttons[2].url == "https://example.org/guide"
    assert _sent_params(emulator, "sendMessage").params.integer("chat_id") == 42


@pytest.mark.usefixtures("app")
async def test_pressing_a_button_shows_the_edit_and_answers_the_callback(
    emulator: BotApiEmulator, ann: ChatUser
) -> None:
    await ann.send_text("/start")
    menu = await ann.next_message()

    await ann.press("grow GLUTES")
    edit = await ann.next_message()

    assert edit.message_id == menu.message_id
    assert edit.edited
    assert edit.text == "Goal: glutes"
    assert edit.buttons == []
    assert ann.messages == [edit]
    [answer] = emulator.callback_answers
    assert (answer.data, answer.text) == ("goal:glutes", "Saved")


@pytest.mark.usefixtures("app")
async def test_callback_answers_are_told_as_they_come(
    emulator: BotApiEmulator, ann: ChatUser
) -> None:
    heard: list[str | None] = []
    emulator.on_callback_answer(lambda answer: heard.append(answer.text))
    await ann.send_text("/start")
    await ann.next_message()

    await ann.press("Grow glutes")
    await ann.next_message()

    assert heard == ["Saved"]


@pytest.mark.usefixtures("app")
async def test_last_id_is_the_largest_update_or_message_id(
    emulator: BotApiEmulator, ann: ChatUser
) -> None:
    assert emulator.last_id == 0
    await ann.send_text("/start")
    menu = await ann.next_message()
    assert emulator.last_id == menu.message_id

    await ann.press("Grow glutes")
    await ann.next_message()

    assert ann.last_update_id == 2
    assert emulator.last_id == menu.message_id == 2


@pytest.mark.usefixtures("app")
async def test_command_entity_covers_the_bot_name(ann: ChatUser) -> None:
    await ann.send_text("/start@coach_test_bot now")

    assert (await ann.next_message()).text == "Pick a goal"


@pytest.mark.usefixtures("app")
async def test_echo_and_reply_to(ann: ChatUser) -> None:
    first = await ann.send_text("hip thrusts")
    assert (await ann.next_message()).text == "hip thrusts"

    await ann.send_text("again", reply_to=first)

    assert (await ann.next_message()).text == f"(re #{first}) again"


@pytest.mark.usefixtures("app")
async def test_edited_message_and_location_reach_the_bot(ann: ChatUser) -> None:
    message_id = await ann.send_text("squats")
    await ann.next_message()

    await ann.edit_text(message_id, "lunges")
    await ann.send_location(52.5, 13.4)

    texts = [(await ann.next_message()).text for _ in range(2)]
    assert texts == ["Edited to: lunges", "At 52.5, 13.4"]


@pytest.mark.usefixtures("app")
async def test_photo_and_document_bytes_are_stored(ann: ChatUser) -> None:
    await ann.send_text("/media")

    photo, document = await ann.next_message(), await ann.next_message()

    assert photo.photo is not None
    assert photo.photo.data == PNG
    assert photo.text == "Form check"
    assert document.document is not None
    assert document.document.filename == "plan.txt"
    assert document.document.data == b"day 1: hip thrusts"


@pytest.mark.usefixtures("app")
async def test_user_document_can_be_downloaded_by_the_bot(ann: ChatUser) -> None:
    await ann.send_document("log.txt", b"3x10 RDL", "text/plain")

    assert (await ann.next_message()).text == "log.txt: 3x10 RDL"


@pytest.mark.usefixtures("app")
async def test_reply_keyboard_buttons_send_their_text(ann: ChatUser) -> None:
    await ann.send_text("/keyboard")
    question = await ann.next_message()
    assert question.buttons == [["Yes", "No"]]

    await ann.press("Yes")

    assert (await ann.next_message()).text == "Yes"


async def test_reply_keyboard_remove_hides_the_keyboard(
    app: Application[Any, Any, Any, Any, Any, Any], ann: ChatUser
) -> None:
    await ann.send_text("/keyboard")
    await ann.next_message()

    await app.bot.send_message(ann.user_id, "Done", reply_markup=ReplyKeyboardRemove())
    await ann.next_message()

    assert ann.last_message_with_buttons is None
    with pytest.raises(AssertionError, match="no button 'Yes'"):
        await ann.press("Yes")


@pytest.mark.usefixtures("app")
async def test_pressing_a_missing_button_lists_the_buttons(ann: ChatUser) -> None:
    await ann.send_text("/start")
    await ann.next_message()

    with pytest.raises(AssertionError, match="Grow glutes"):
        await ann.press("Balanced legs")


@pytest.mark.usefixtures("app")
async def test_forged_callback_data_reaches_the_bot(
    emulator: BotApiEmulator, ann: ChatUser
) -> None:
    await ann.send_text("/start")
    menu = await ann.next_message()

    await ann.press_data("goal:forged", menu)

    assert (await ann.next_message()).text == "Goal: forged"
    assert emulator.callback_answers[-1].data == "goal:forged"


# --- Reading the chat ----------------------------------------------------------------------


@pytest.mark.usefixtures("app")
async def test_next_message_times_out_listing_what_arrived(ann: ChatUser) -> None:
    await ann.send_text("curl")
    await ann.next_message()

    with pytest.raises(NoBotMessageError, match=r"'curl'"):
        await ann.next_message(timeout=0.05)


@pytest.mark.usefixtures("app")
async def test_wait_for_skips_and_drain_collects(ann: ChatUser) -> None:
    await ann.send_text("/media")
    document = await ann.wait_for(lambda message: message.document is not None)
    assert document.document is not None

    await ann.send_text("one")
    await ann.send_text("two")

    assert [message.text for message in await ann.drain(settle=0.1)] == ["one", "two"]
    assert ann.last_message.text == "two"


async def test_media_group(app: Application[Any, Any, Any, Any, Any, Any], ann: ChatUser) -> None:
    await ann.send_text("hi")
    await ann.next_message()

    sent = await app.bot.send_media_group(
        ann.user_id, [InputMediaPhoto(PNG, caption="front"), InputMediaPhoto(b"side")]
    )

    album = [await ann.next_message(), await ann.next_message()]
    assert [message.text for message in album] == ["front", ""]
    assert [message.photo.data for message in album if message.photo] == [PNG, b"side"]
    assert sent[0].media_group_id == sent[1].media_group_id is not None


# --- Bot API behaviour ---------------------------------------------------------------------


async def test_commands_are_recorded(
    emulator: BotApiEmulator, app: Application[Any, Any, Any, Any, Any, Any]
) -> None:
    await app.bot.set_my_commands([BotCommand("start", "Set up"), BotCommand("plan", "Week")])

    assert emulator.commands == [("start", "Set up"), ("plan", "Week")]
    assert [c.command for c in await app.bot.get_my_commands()] == ["start", "plan"]
    with pytest.raises(BadRequest, match=r"(?i)BOT_COMMAND_INVALID"):
        await app.bot.set_my_commands([BotCommand("Start", "Set up")])


async def test_identical_edit_is_not_modified(
    app: Application[Any, Any, Any, Any, Any, Any], ann: ChatUser
) -> None:
    await ann.send_text("/start")
    menu = await ann.next_message()

    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await app.bot.edit_message_text(
            "Pick a goal", chat_id=ann.user_id, message_id=menu.message_id, reply_markup=GOALS
        )
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await app.bot.edit_message_text("x", chat_id=ann.user_id, message_id=999)


async def test_markup_edit_and_delete(
    app: Application[Any, Any, Any, Any, Any, Any], ann: ChatUser
) -> None:
    await ann.send_text("/start")
    menu = await ann.next_message()

    await app.bot.edit_message_reply_markup(ann.user_id, menu.message_id, reply_markup=None)
    assert (await ann.next_message()).buttons == []
    await app.bot.delete_message(ann.user_id, menu.message_id)

    assert ann.messages == []
    with pytest.raises(BadRequest, match=r"(?i)message to delete not found"):
        await app.bot.delete_message(ann.user_id, menu.message_id)


async def test_chat_that_never_wrote_is_not_found(
    emulator: BotApiEmulator, app: Application[Any, Any, Any, Any, Any, Any]
) -> None:
    emulator.user(7)

    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await app.bot.send_message(7, "Hello?")
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await app.bot.send_chat_action(8, "typing")


async def test_callback_data_over_64_bytes_is_rejected(
    app: Application[Any, Any, Any, Any, Any, Any], ann: ChatUser
) -> None:
    await ann.send_text("hi")
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Big", callback_data="x" * 65)]])

    with pytest.raises(BadRequest, match=r"(?i)BUTTON_DATA_INVALID"):
        await app.bot.send_message(ann.user_id, "menu", reply_markup=markup)


async def test_a_web_app_button_opens_its_https_url_and_refuses_plain_http(
    app: Application[Any, Any, Any, Any, Any, Any], ann: ChatUser
) -> None:
    await ann.send_text("hi")
    url = "https://coach.example.com/webapp/"
    opens = InlineKeyboardButton("Start", web_app=WebAppInfo(url))
    await app.bot.send_message(ann.user_id, "menu", reply_markup=InlineKeyboardMarkup([[opens]]))
    (button,) = (await ann.next_message()).keyboard_buttons
    assert (button.web_app, button.callback_data) == (url, None)

    plain = InlineKeyboardButton("Start", web_app=WebAppInfo("http://127.0.0.1/webapp/"))
    with pytest.raises(BadRequest, match=r"(?i)only https links are allowed"):
        await app.bot.send_message(
            ann.user_id, "menu", reply_markup=InlineKeyboardMarkup([[plain]])
        )


async def test_the_menu_button_is_the_bots_default_or_a_chats_own(
    app: Application[Any, Any, Any, Any, Any, Any], emulator: BotApiEmulator, ann: ChatUser
) -> None:
    await ann.send_text("hi")
    assert isinstance(await app.bot.get_chat_menu_button(), MenuButtonDefault)
    url = "https://coach.example.com/webapp/"
    await app.bot.set_chat_menu_button(menu_button=MenuButtonWebApp("Workout", WebAppInfo(url)))
    mine = await app.bot.get_chat_menu_button(ann.user_id)
    assert isinstance(mine, MenuButtonWebApp)
    assert (mine.text, mine.web_app.url) == ("Workout", url)

    await app.bot.set_chat_menu_button(ann.user_id, MenuButtonCommands())
    assert emulator.api.menu_button(ann.user_id) == {"type": "commands"}
    assert emulator.api.menu_button()["type"] == "web_app"
    with pytest.raises(BadRequest, match=r"(?i)only https links are allowed"):
        await app.bot.set_chat_menu_button(
            menu_button=MenuButtonWebApp("Workout", WebAppInfo("http://x/"))
        )
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await app.bot.set_chat_menu_button(99, MenuButtonCommands())


async def test_long_poll_answers_as_soon_as_an_update_arrives(
    emulator: BotApiEmulator, ann: ChatUser
) -> None:
    app = ApplicationBuilder().token(emulator.token).base_url(emulator.base_url).build()
    async with app:
        loop = asyncio.get_running_loop()
        started = loop.time()
        poll = asyncio.create_task(app.bot.get_updates(timeout=5))
        await asyncio.sleep(0.05)
        await ann.send_text("ping")

        [update] = await poll

    assert update.message is not None
    assert update.message.text == "ping"
    assert loop.time() - started < 1


async def test_offset_confirms_updates(emulator: BotApiEmulator, ann: ChatUser) -> None:
    app = ApplicationBuilder().token(emulator.token).base_url(emulator.base_url).build()
    async with app:
        await ann.send_text("one")
        await ann.send_text("two")
        first = await app.bot.get_updates(limit=1)
        rest = await app.bot.get_updates(offset=first[0].update_id + 1)

    assert [u.message.text for u in first + rest if u.message] == ["one", "two"]


async def test_webhook_blocks_get_updates(emulator: BotApiEmulator) -> None:
    app = ApplicationBuilder().token(emulator.token).base_url(emulator.base_url).build()
    async with app:
        await app.bot.set_webhook("https://example.org/hook", secret_token="s3cret")
        info = await app.bot.get_webhook_info()
        with pytest.raises(Conflict, match="webhook is active"):
            await app.bot.get_updates()
        await app.bot.delete_webhook()

    assert info.url == "https://example.org/hook"
    assert emulator.webhook is None


# --- Faults --------------------------------------------------------------------------------


async def test_injected_flood_error_raises_retry_after(
    monkeypatch: pytest.MonkeyPatch,
    emulator: BotApiEmulator,
    app: Application[Any, Any, Any, Any, Any, Any],
    ann: ChatUser,
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    await ann.send_text("hi")
    await ann.next_message()
    emulator.fail_next("sendMessage", status=429, retry_after=7)

    with pytest.raises(RetryAfter) as raised:
        await app.bot.send_message(ann.user_id, "flood")
    await app.bot.send_message(ann.user_id, "fine")

    assert raised.value.retry_after == timedelta(seconds=7)
    assert [m.text for m in await ann.drain(settle=0.05)] == ["fine"]


async def test_fault_policy_blocks_one_user(
    emulator: BotApiEmulator, app: Application[Any, Any, Any, Any, Any, Any], ann: ChatUser
) -> None:
    await ann.send_text("hi")
    await ann.next_message()
    emulator.fault_policy = lambda call: (
        Fault.blocked() if call.params.integer("chat_id") == ann.user_id else None
    )

    with pytest.raises(Forbidden, match=r"(?i)bot was blocked by the user"):
        await app.bot.send_message(ann.user_id, "still there?")

    emulator.fault_policy = None
    emulator.fail_next(status=500)
    with pytest.raises(NetworkError, match="Internal Server Error"):
        await app.bot.send_message(ann.user_id, "oops")


async def test_dropped_connection_is_a_network_error_and_sends_nothing(
    emulator: BotApiEmulator, app: Application[Any, Any, Any, Any, Any, Any], ann: ChatUser
) -> None:
    await ann.send_text("hi")
    await ann.next_message()
    emulator.drop_next("sendMessage")

    with pytest.raises(NetworkError, match="disconnected without sending a response") as raised:
        await app.bot.send_message(ann.user_id, "lost")
    # The client cannot tell it from a reply: neither an API error nor a flood answer.
    assert type(raised.value) is NetworkError
    await app.bot.send_message(ann.user_id, "after")

    # The dropped call was made, and it did nothing: the chat holds the echo and "after".
    assert [call.params.text("text") for call in emulator.calls_to("sendMessage")][-2:] == [
        "lost",
        "after",
    ]
    assert [m.text for m in ann.messages] == ["hi", "after"]


async def test_a_dropped_long_poll_loses_and_repeats_no_update(
    emulator: BotApiEmulator,
    app: Application[Any, Any, Any, Any, Any, Any],
    ann: ChatUser,
    caplog: pytest.LogCaptureFixture,
) -> None:
    await ann.send_text("one")
    assert (await ann.next_message()).text == "one"
    # The poll waiting now is not affected; the next one, which confirms "one", is dropped.
    emulator.drop_next("getUpdates")
    await ann.send_text("two")
    assert (await ann.next_message()).text == "two"
    await ann.send_text("three")

    # PTB retries the poll after a pause; the dropped one confirmed nothing, fetched nothing.
    assert (await ann.next_message(timeout=10)).text == "three"
    failed_polls = [
        record.exc_info[1]
        for record in caplog.records
        if record.name == "telegram.ext.Updater" and record.exc_info
    ]
    assert len(failed_polls) == 1, failed_polls
    assert isinstance(failed_polls[0], NetworkError)
    assert "disconnected without sending a response" in str(failed_polls[0])
    # Updates are handled in order: a "two" or "three" fetched again would come before this.
    await ann.send_text("four")
    assert (await ann.next_message()).text == "four"
    assert [m.text for m in ann.messages] == ["one", "two", "three", "four"]


async def test_a_press_delivered_again_cannot_be_answered_again(
    emulator: BotApiEmulator, app: Application[Any, Any, Any, Any, Any, Any], ann: ChatUser
) -> None:
    await ann.send_text("/start")
    menu = await ann.next_message()
    query_id = await ann.press_data("goal:glutes", menu)
    await ann.next_message()

    await ann.redeliver_press(query_id)
    # The bot answers every press it gets; the second answer is its try at the same query.
    async with asyncio.timeout(10):
        while True:
            tried = emulator.calls_to("answerCallbackQuery")
            if len(tried) == 2:
                break
            await asyncio.sleep(0.01)

    assert [call.params.text("callback_query_id") for call in tried] == [query_id, query_id]
    # Only the first answer stands: Telegram refuses to answer a query twice.
    assert [answer.callback_query_id for answer in emulator.callback_answers] == [query_id]


def _call(method: str, upload: bytes | None = None, **params: Any) -> ApiCall:
    uploads = {} if upload is None else {"document": Upload("a.csv", upload, "text/csv")}
    return ApiCall(method, Params({name: str(value) for name, value in params.items()}, uploads))


def test_random_faults_fail_the_given_share_of_calls_in_equal_kinds() -> None:
    faults = RandomFaults(rate=0.2, seed=7)
    outcomes = [faults(_call("sendMessage", chat_id=n, text="hi")) for n in range(3_000)]

    failed = [fault for fault in outcomes if fault is not None]
    assert 0.17 * 3_000 < len(failed) < 0.23 * 3_000
    assert faults.calls == 3_000
    assert faults.failed == len(failed)
    assert faults.methods == {"sendMessage": len(failed)}
    assert set(faults.counts) == {"429", "500", "dropped"}
    # Roughly a third each.
    assert all(count > len(failed) / 4 for count in faults.counts.values()), faults.counts
    flood = next(fault for fault in failed if fault.kind == "429")
    assert flood.retry_after == 1


def test_random_faults_fail_the_same_request_at_most_max_in_a_row_times() -> None:
    faults = RandomFaults(rate=1.0, max_in_a_row=3)
    request = _call("sendMessage", chat_id=1, text="hi")

    assert [faults(request) is not None for _ in range(8)] == [
        *[True] * 3,
        False,  # the fourth attempt goes through
        *[True] * 3,  # made again later, the same request may fail again
        False,
    ]
    # Any parameter, upload included, makes another request, failing on its own count.
    others = [
        _call("sendMessage", chat_id=1, text="ho"),
        _call("sendMessage", chat_id=2, text="hi"),
        _call("sendDocument", chat_id=1, text="hi"),
        _call("sendDocument", upload=b"1", chat_id=1, text="hi"),
        _call("sendDocument", upload=b"2", chat_id=1, text="hi"),
    ]
    assert all(faults(other) is not None for other in others)


def test_random_faults_reject_a_rate_outside_zero_to_one() -> None:
    with pytest.raises(ValueError, match="rate"):
        RandomFaults(rate=1.5)


async def test_a_client_that_tries_one_more_time_than_random_faults_allow_gets_through(
    emulator: BotApiEmulator, app: Application[Any, Any, Any, Any, Any, Any], ann: ChatUser
) -> None:
    await ann.send_text("hi")
    await ann.next_message()
    faults = RandomFaults(rate=1.0, max_in_a_row=3)
    emulator.fault_policy = lambda call: faults(call) if call.method == "sendMessage" else None

    errors = []
    for _ in range(faults.max_in_a_row):
        with pytest.raises((RetryAfter, NetworkError)) as raised:
            await app.bot.send_message(ann.user_id, "through at last")
        errors.append(raised.value)
    await app.bot.send_message(ann.user_id, "through at last")

    assert faults.failed == len(errors) == 3
    assert [m.text for m in await ann.drain(settle=0.05)] == ["through at last"]


# --- HTTP ----------------------------------------------------------------------------------


async def test_http_errors_and_json_bodies(emulator: BotApiEmulator, ann: ChatUser) -> None:
    await ann.send_text("hi")
    api = f"{emulator.base_url}{emulator.token}"
    async with httpx.AsyncClient() as http:
        unauthorized = await http.post(f"{emulator.base_url}123:WRONG/getMe")
        unknown = await http.post(f"{api}/sendTelepathy")
        sent = await http.post(
            f"{api}/sendMessage",
            json={
                "chat_id": ann.user_id,
                "text": "json",
                "reply_markup": {"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]},
            },
        )
        queried = await http.get(f"{api}/getMe", params={"unused": "1"})

    assert unauthorized.status_code == 401
    assert unauthorized.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}
    assert unknown.status_code == 404
    assert unknown.json()["ok"] is False
    assert sent.json()["result"]["reply_markup"] == json.loads(
        '{"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]}'
    )
    assert (await ann.next_message()).buttons == [["A"]]
    assert queried.json()["result"]["username"] == "coach_test_bot"
