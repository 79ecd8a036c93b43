"""/settings → Coaching: each part of the coaching switched on and off with a check mark,
the same switch as `/readiness on|off` and the rest timer's own buttons; and a plan without a
region that hurts three sessions running, offered under the advice to have it checked and
undone by a button or by saying it is fine."""

from __future__ import annotations

import re

from bot.core.readiness import Note, PainRegion, loads
from bot.emulator import BotApiEmulator, BotMessage, ChatUser
from bot.telegram import messages
from bot.telegram.context import CoachApplication, services
from bot.telegram.i18n import tr
from tests.e2e.conftest import FakeClock
from tests.e2e.handled import Replies
from tests.e2e.test_readiness import _listed, _today
from tests.e2e.test_rest_timer import rests_over
from tests.support.onboarding import gym_lifter

App = CoachApplication
LABELS = messages.coaching_switch_labels()
CHECK = LABELS["readiness_check"]
TIMER = LABELS["rest_timer"]
SKIP = LABELS["skip_button"]
FEELINGS = LABELS["moments"]
REST_PREFIX = tr("workouts.rest").split("{", 1)[0]
PING_PREFIX = tr("workouts.rest_over").split("{", 1)[0]
AVOID_KNEE = tr("coaching.button_avoid", region="knee")
KNEE_FINE = messages.format_fine_button(PainRegion.KNEE)
LASTING = tr("readiness.pain_lasting", where=messages.pain_where()[PainRegion.KNEE])
AVOIDING_KNEE = tr("coaching.avoiding", region="knee")
LISTED = re.compile(r"^\d+\. (.+?) — \d+ ×", re.M)


def _on(label: str) -> str:
    return f"{tr('labels.checked')} {label}"


def _off(label: str) -> str:
    return f"{tr('labels.unchecked')} {label}"


async def _coaching(user: ChatUser, replies: Replies) -> BotMessage:
    """/settings, then its Coaching entry: the settings message, now the coaching menu."""
    await user.send_text("/settings")
    (menu,) = await replies(user)
    await user.press(tr("coaching.button_coaching"), message=menu)
    (coaching,) = await replies(user)
    assert coaching.message_id == menu.message_id
    assert coaching.text.startswith(tr("coaching.coaching_menu"))
    return coaching


async def _press(user: ChatUser, replies: Replies, label: str, menu: BotMessage) -> BotMessage:
    """`label` pressed on the coaching menu: the menu as it shows the switches now."""
    await user.press(label, message=menu)
    edited = [m for m in await replies(user) if m.message_id == menu.message_id]
    assert edited, "the menu shows the change"
    return edited[-1]


async def _said(user: ChatUser, text: str) -> BotMessage:
    sent = await user.send_text(text)
    return await user.wait_for(lambda m: m.reply_to_message_id == sent)


async def _bot_said(user: ChatUser, replies: Replies, text: str) -> list[str]:
    await user.send_text(text)
    return [m.text for m in await replies(user)]


def _usual_reply(text: str) -> bool:
    return any(reason in text for reason in messages.log_rejected().values())


async def test_the_coaching_menu_has_a_checked_switch_for_each_part_and_keeps_each_press(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await gym_lifter(emulator, 1601)
    await replies(user)
    menu = await _coaching(user, replies)
    assert menu.button_texts == [_on(CHECK), _off(TIMER), _on(SKIP), _on(FEELINGS)]
    menu = await _press(user, replies, _on(SKIP), menu)
    menu = await _press(user, replies, _off(TIMER), menu)
    assert menu.button_texts == [_on(CHECK), _on(TIMER), _off(SKIP), _on(FEELINGS)]
    # Kept: a new /settings shows them so, and a double tap sets the same again.
    again = await _coaching(user, replies)
    assert again.button_texts == menu.button_texts
    await user.press(_off(SKIP), message=again)
    await user.press(_off(SKIP), message=again)
    await replies(user)
    assert (await _coaching(user, replies)).button_texts[2] == _on(SKIP)


async def test_the_check_switch_is_the_one_readiness_on_off_changes(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await gym_lifter(emulator, 1602)
    await replies(user)
    await user.send_text("/readiness off")
    await replies(user)
    menu = await _coaching(user, replies)
    assert _off(CHECK) in menu.button_texts
    menu = await _press(user, replies, _off(CHECK), menu)
    await user.send_text("/today")
    day = (await replies(user))[0]
    assert tr("readiness.ask_sleep") in day.text, "on again from /settings"
    menu = await _press(user, replies, _on(CHECK), menu)
    assert _off(CHECK) in menu.button_texts
    clock.advance(days=3)  # Thursday, the next training day
    await user.send_text("/today")
    assert tr("readiness.ask_sleep") not in (await replies(user))[0].text


async def test_the_timer_switch_is_the_one_the_timers_own_buttons_change(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await gym_lifter(emulator, 1603)
    await user.send_text("/today")
    await replies(user)
    first = await _said(user, "8 @ 60")
    await replies(user)
    await user.press(tr("workouts.button_rest_timer"), message=first)
    assert len([t for t in (m.text for m in await replies(user)) if t.startswith(REST_PREFIX)])
    menu = await _coaching(user, replies)
    assert _on(TIMER) in menu.button_texts

    # Off in /settings: the rest under way is not pinged, the next set gets none.
    await _press(user, replies, _on(TIMER), menu)
    clock.advance(minutes=30)
    await rests_over(coach)
    assert await replies(user) == []
    second = await _said(user, "8 @ 62")
    assert tr("workouts.button_rest_timer") in second.button_texts
    assert not [m for m in await replies(user) if m.text.startswith(REST_PREFIX)]


async def test_with_replies_to_how_i_feel_off_pain_said_gets_the_usual_reply(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await gym_lifter(emulator, 1604)
    await replies(user)
    await user.send_text("/today")
    before = (await replies(user))[0].text
    menu = await _coaching(user, replies)
    menu = await _press(user, replies, _on(FEELINGS), menu)
    reply = await _said(user, "my knee hurts")
    assert _usual_reply(reply.text), reply.text
    await replies(user)
    await user.send_text("/today")
    assert LISTED.findall((await replies(user))[0].text) == LISTED.findall(before), "unchanged"
    # What is not about how the person feels is still heard.
    assert tr("away.session_moved").split("{", 1)[0] in "".join(
        await _bot_said(user, replies, "can't train today")
    )

    await _press(user, replies, _off(FEELINGS), menu)
    # Heard again; today's session moved, so there is nothing to change.
    heard = (await _said(user, "my hip hurts")).text
    assert heard.startswith(tr("readiness.told_pain_rest_day"))
    assert tr("readiness.told_rest_day") in heard


async def test_a_forged_switch_is_refused_and_changes_nothing(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await gym_lifter(emulator, 1605)
    await replies(user)
    menu = await _coaching(user, replies)
    await user.press_data("co:sw:avoid:on", message=menu)
    await user.press_data("co:fine:neck", message=menu)
    assert await replies(user) == []
    assert [a.text for a in emulator.callback_answers[-2:]] == [tr("general.menu_expired")] * 2
    assert (await _coaching(user, replies)).button_texts == menu.button_texts


async def _knee_hurts_three_sessions(user: ChatUser, clock: FakeClock) -> BotMessage:
    """Knee pain said on three training days running: the third reply, with the advice."""
    for days_on in (0, 3, 4):  # Monday, Thursday, the next Monday
        clock.advance(days=days_on)
        reply = await _said(user, "my knee hurts")
    assert LASTING in reply.text
    return reply


async def test_lasting_knee_pain_offers_a_plan_without_knee_work_until_it_is_said_fine(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await gym_lifter(emulator, 1606)
    advice = await _knee_hurts_three_sessions(user, clock)
    assert advice.button_texts == [AVOID_KNEE]
    await replies(user)
    await user.press(AVOID_KNEE, message=advice)
    said = await replies(user)
    assert AVOIDING_KNEE in [m.text for m in said]
    offered = user.message(advice.message_id)
    assert offered is not None
    assert offered.button_texts == [], "taken off once pressed"
    switches = await services(coach.bot_data).switches.get(user.user_id)
    assert switches.avoid is PainRegion.KNEE
    # The old button again: already so.
    await user.press_data(advice.keyboard_buttons[0].callback_data or "", message=advice)
    assert await replies(user) == []
    assert emulator.callback_answers[-1].text == tr("coaching.avoiding_already", region="knee")

    menu = await _coaching(user, replies)
    assert tr("coaching.coaching_avoiding", region="knee") in menu.text
    assert menu.button_texts[-1] == KNEE_FINE

    assert await _bot_said(user, replies, "my hip is fine now") == [
        tr("coaching.fine_not_avoided", region="hip")
    ]
    assert await _bot_said(user, replies, "my knee is fine now") == [
        tr("coaching.fine_again", region="knee")
    ]
    assert (await services(coach.bot_data).switches.get(user.user_id)).avoid is None
    assert KNEE_FINE not in (await _coaching(user, replies)).button_texts


async def test_knee_fine_again_in_the_menu_brings_it_back_and_its_old_button_says_so(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await gym_lifter(emulator, 1607)
    advice = await _knee_hurts_three_sessions(user, clock)
    await user.press(AVOID_KNEE, message=advice)
    await replies(user)
    menu = await _coaching(user, replies)
    await user.press(KNEE_FINE, message=menu)
    said = await replies(user)
    assert tr("coaching.fine_again", region="knee") in [m.text for m in said]
    shown = user.message(menu.message_id)
    assert shown is not None
    assert KNEE_FINE not in shown.button_texts
    assert tr("coaching.coaching_avoiding", region="knee") not in shown.text

    fine = menu.find_button(KNEE_FINE)
    assert fine is not None
    assert fine.callback_data is not None
    await user.press_data(fine.callback_data, message=menu)
    assert tr("coaching.fine_not_avoided", region="knee") in [m.text for m in await replies(user)]


async def test_fine_again_is_heard_with_replies_to_how_i_feel_off(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    """It undoes what the person chose; anything else about how they feel is not heard."""
    user = await gym_lifter(emulator, 1608)
    advice = await _knee_hurts_three_sessions(user, clock)
    await user.press(AVOID_KNEE, message=advice)
    await replies(user)
    menu = await _coaching(user, replies)
    await _press(user, replies, _on(FEELINGS), menu)
    assert _usual_reply((await _said(user, "my hip feels fine")).text)
    assert await _bot_said(user, replies, "knee feels fine") == [
        tr("coaching.fine_again", region="knee")
    ]


async def test_lasting_pain_answered_in_the_check_offers_the_plan_without_it_too(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await gym_lifter(emulator, 1609)
    for days_on in (0, 3):  # Monday, Thursday: said in words
        clock.advance(days=days_on)
        await _said(user, "my knee hurts")
    clock.advance(days=4)  # the next Monday: answered in the check
    await replies(user)
    await user.send_text("/today")
    day = (await replies(user))[0]
    for label in (messages.sleep_labels()[2], messages.soreness_labels()[1]):
        await user.press(label, message=user.message(day.message_id))
        await replies(user)
    await user.press(messages.pain_labels()[PainRegion.KNEE], message=user.message(day.message_id))
    await replies(user)
    check = user.message(day.message_id)
    assert check is not None
    assert LASTING in check.text
    assert check.button_texts == [AVOID_KNEE]
    await user.press(AVOID_KNEE, message=check)
    assert AVOIDING_KNEE in [m.text for m in await replies(user)]
    assert (await services(coach.bot_data).switches.get(user.user_id)).avoid is PainRegion.KNEE


async def test_a_plan_without_knee_work_leaves_it_out_of_the_next_days_until_the_knee_is_fine(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await gym_lifter(emulator, 1610)
    advice = await _knee_hurts_three_sessions(user, clock)
    await user.press(AVOID_KNEE, message=advice)
    await replies(user)

    clock.advance(days=3)  # Thursday: nothing said about the knee today
    day, _ = await _today(user)
    spared = [exercise for exercise, _ in _listed(day)]
    await replies(user)
    assert not any(loads(exercise, PainRegion.KNEE) for exercise in spared), day.text
    assert messages.readiness_notes()[Note.AVOID_KNEE] in day.text

    await _bot_said(user, replies, "my knee is fine now")
    again, _ = await _today(user)
    back = [exercise for exercise, _ in _listed(again)]
    assert any(loads(exercise, PainRegion.KNEE) for exercise in back), again.text
    assert messages.readiness_notes()[Note.AVOID_KNEE] not in again.text
