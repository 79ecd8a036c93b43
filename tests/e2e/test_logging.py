"""Logging a workout by replying in plain text, as a person would during their session."""

from __future__ import annotations

import re

from bot.core.catalogue import lookup
from bot.core.logparse.reading import RejectionReason
from bot.emulator import BotApiEmulator, BotMessage, ChatUser
from bot.telegram import messages
from bot.telegram.context import CoachApplication
from bot.telegram.i18n import tr, tr_count
from tests.e2e.conftest import FakeClock
from tests.e2e.handled import Replies
from tests.support.onboarding import gym_lifter

App = CoachApplication
PROMPT = re.compile(
    r"^(?P<position>\d+)/(?P<total>\d+) (?P<name>.+?) — (?P<sets>\d+) × (?P<low>\d+)-(?P<high>\d+)"
)


async def _today(user: ChatUser) -> re.Match[str]:
    """Sends /today on a training day and returns the first exercise prompt, parsed."""
    await user.send_text("/today")
    await user.next_message()
    prompt = await user.next_message()
    match = PROMPT.match(prompt.text)
    assert match is not None, prompt.text
    return match


async def _logged(user: ChatUser, text: str, reply_to: int | None = None) -> BotMessage:
    message_id = await user.send_text(text, reply_to=reply_to)
    return await user.wait_for(lambda message: message.reply_to_message_id == message_id)


async def test_a_session_logged_by_replies(
    emulator: BotApiEmulator, coach: App, clock: FakeClock
) -> None:
    user = await gym_lifter(emulator, 401)
    first = await _today(user)
    prompt_id = user.last_message.message_id

    confirmation = await _logged(user, "3x8 @ 60")
    assert confirmation.text.startswith(f"✅ {first['name']}: 3 × 8 @ 60 kg")
    assert confirmation.button_texts == [tr("workouts.button_undo"), tr("workouts.button_edit")]
    second = PROMPT.match((await user.next_message()).text)
    assert second is not None
    assert second["position"] == "2"
    assert second["name"] != first["name"]

    curl = lookup("leg curl")
    assert curl is not None
    named = await _logged(user, "leg curl 3x12 @ 30")
    assert named.text.startswith(f"✅ {curl.name}: 3 × 12 @ 30 kg")

    replied = await _logged(user, "1x6 @ 70", reply_to=prompt_id)
    assert replied.text.startswith(f"✅ {first['name']}: 1 × 6 @ 70 kg")
    assert "🏆" in replied.text

    await user.send_text("/done")
    summary = (await user.wait_for(lambda m: m.text.startswith("Session done"))).text
    assert f"• {first['name']}: 3 × 8 @ 60 kg" in summary
    assert f"• {curl.name}: 3 × 12 @ 30 kg" in summary
    assert f"• {first['name']}: 1 × 6 @ 70 kg" in summary


async def test_undo_by_button_and_by_command(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await gym_lifter(emulator, 402)
    first = await _today(user)
    confirmation = await _logged(user, "3x8 @ 60")
    await user.press(tr("workouts.button_undo"), message=confirmation)
    undone = await user.wait_for(lambda m: m.message_id == confirmation.message_id)
    assert undone.text == f"↩️ Removed: {first['name']}: 3 × 8 @ 60 kg"
    await user.send_text("/history")
    assert (await user.wait_for(lambda m: m.text.startswith(("Recent", "No logs")))).text == (
        tr("workouts.history_empty")
    )

    await _logged(user, "3x5 @ 80")
    await replies(user)
    await user.send_text("/undo")
    assert (await user.next_message()).text == f"↩️ Removed: {first['name']}: 3 × 5 @ 80 kg"
    await user.send_text("/undo")
    assert (await user.next_message()).text == tr("workouts.nothing_to_undo")


async def test_editing_the_sent_message_updates_the_log(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await gym_lifter(emulator, 403)
    first = await _today(user)
    message_id = await user.send_text("3x8 @ 60")
    await replies(user)
    await user.edit_text(message_id, "3x8 @ 65")
    updated = await user.wait_for(lambda m: m.text.startswith("✏️"))
    assert updated.text == f"✏️ Updated — {first['name']}: 3 × 8 @ 65 kg"
    await user.send_text(f"/history {first['name']}")
    history = (await user.wait_for(lambda m: m.text.startswith("Recent"))).text
    assert "3 × 8 @ 65 kg" in history
    assert "@ 60 kg" not in history


async def test_the_same_update_delivered_twice_stores_one_log(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await gym_lifter(emulator, 404)
    first = await _today(user)
    message_id = await user.send_text("3x8 @ 60")
    await replies(user)
    await user.redeliver(message_id)
    again = await user.wait_for(lambda m: m.reply_to_message_id == message_id)
    assert again.text.startswith(f"✅ Already logged — {first['name']}")
    await replies(user)
    await user.send_text("/history")
    history = (await user.wait_for(lambda m: m.text.startswith("Recent"))).text
    assert history.count("3 × 8 @ 60 kg") == 1


async def test_next_target_shows_on_the_following_today(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await gym_lifter(emulator, 405)
    first = await _today(user)
    top = f"{first['sets']}x{first['high']} @ 60"
    confirmation = await _logged(user, top)
    assert "🎯 Next time:" in confirmation.text
    await replies(user)

    clock.advance(days=7)
    again = await _today(user)
    assert again["name"] == first["name"]
    prompt = user.last_message.text
    assert f"Last time: {first['sets']} × {first['high']} @ 60 kg" in prompt
    aim = re.search(r"Aim for: .*@ (?P<weight>[\d.]+) kg", prompt)
    assert aim is not None, prompt
    assert float(aim["weight"]) > 60


async def test_what_is_not_a_log_is_explained_and_not_stored(
    emulator: BotApiEmulator, coach: App, clock: FakeClock
) -> None:
    user = await gym_lifter(emulator, 406)
    await _today(user)
    for text, reason in (
        ("hello coach", RejectionReason.NOT_A_LOG),
        ("planning 3x10 tomorrow", RejectionReason.PLAN_NOT_LOG),
    ):
        reply = await _logged(user, text)
        assert reply.text.startswith(messages.log_rejected()[reason])
        assert "RDL 80kg 3x8" in reply.text
    await user.send_text("/history")
    assert (await user.next_message()).text == tr("workouts.history_empty")


async def test_numbers_on_a_rest_day_ask_for_the_exercise(
    emulator: BotApiEmulator, coach: App, clock: FakeClock
) -> None:
    user = await gym_lifter(emulator, 407)
    clock.advance(days=1)
    reply = await _logged(user, "3x10 @ 40")
    assert reply.text == tr("workouts.need_exercise")


async def test_another_persons_undo_button_changes_nothing(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    owner = await gym_lifter(emulator, 408)
    intruder = await gym_lifter(emulator, 409)
    await _today(owner)
    confirmation = await _logged(owner, "3x8 @ 60")
    undo = next(
        b for row in confirmation.keyboard.rows for b in row if b.text == tr("workouts.button_undo")
    )  # type: ignore[union-attr]
    await intruder.press_data(undo.callback_data or "", intruder.last_message)
    await replies(intruder)
    assert emulator.callback_answers[-1].text == tr("workouts.already_undone")
    await owner.send_text("/history")
    assert "3 × 8 @ 60 kg" in (await owner.wait_for(lambda m: m.text.startswith("Recent"))).text


async def test_an_old_undo_button_never_removes_a_newer_log(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    """SQLite gave a new log the id of the newest one removed, which the removed log's Undo
    button still named."""
    user = await gym_lifter(emulator, 411)
    await _today(user)
    await _logged(user, "3x8 @ 60")
    removed = await _logged(user, "3x8 @ 65")
    await replies(user)
    await user.send_text("/undo")
    assert (await user.next_message()).text.startswith("↩️ Removed:")
    await _logged(user, "3x8 @ 70")
    await replies(user)

    await user.press(tr("workouts.button_undo"), message=removed)
    await replies(user)
    assert emulator.callback_answers[-1].text == tr("workouts.already_undone")
    await user.send_text("/history")
    history = (await user.wait_for(lambda m: m.text.startswith("Recent"))).text
    assert "3 × 8 @ 60 kg" in history
    assert "3 × 8 @ 70 kg" in history
    assert "@ 65 kg" not in history


async def test_edit_button_takes_the_corrected_numbers(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await gym_lifter(emulator, 410)
    first = await _today(user)
    confirmation = await _logged(user, "3x8 @ 60")
    await replies(user)
    await user.press(tr("workouts.button_edit"), message=confirmation)
    ask = await user.next_message()
    assert ask.text == tr("workouts.edit_ask", name=first["name"])
    updated = await _logged(user, "3x6 @ 70")
    assert updated.text == f"✏️ Updated — {first['name']}: 3 × 6 @ 70 kg"


async def test_skip_moves_on_and_finish_summarises(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await gym_lifter(emulator, 411)
    first = await _today(user)
    await user.press(tr("workouts.button_skip_exercise"))
    second = PROMPT.match((await user.next_message()).text)
    assert second is not None
    assert second["position"] == "2"
    confirmation = await _logged(user, "3x10 @ 50")
    assert confirmation.text.startswith(f"✅ {second['name']}: 3 × 10 @ 50 kg")
    await replies(user)
    await user.press(tr("workouts.button_finish"))
    summary = (await user.wait_for(lambda m: m.text.startswith("Session done"))).text
    assert f"• {second['name']}: 3 × 10 @ 50 kg" in summary
    assert first["name"] not in summary
    assert tr_count("workouts.summary_totals", 3, done=1, planned=first["total"]) in summary
