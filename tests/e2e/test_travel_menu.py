"""/travel by buttons: equipment ticked on the onboarding's toggles, then a number of days,
with the clock moved; while away, /travel shows the period with Back home. Old menus and
ended periods are told so and change nothing."""

from __future__ import annotations

import re
from datetime import date, timedelta

from bot.core.catalogue import CATALOGUE
from bot.core.profile import Equipment
from bot.emulator import BotApiEmulator, BotMessage, ChatUser
from bot.telegram import messages
from bot.telegram.context import CoachApplication
from bot.telegram.i18n import tr
from tests.e2e.conftest import FakeClock
from tests.e2e.handled import Replies
from tests.support.onboarding import gym_lifter

App = CoachApplication
LISTED = re.compile(r"^\d+\. (.+?) — \d+ ×", re.M)
BANDS = messages.equipment_labels()[Equipment.BANDS]
BENCH = messages.equipment_labels()[Equipment.BENCH]


def _equipment(names: list[str]) -> set[Equipment]:
    return {kind for e in CATALOGUE if e.name in names for kind in e.equipment}


def _started(until: date, equipment: frozenset[Equipment]) -> str:
    return tr(
        "away.travel_started",
        until=messages.format_short_date(until),
        equipment=messages.format_equipment(equipment).lower(),
    )


def _unticked(label: str) -> str:
    return f"{tr('labels.unchecked')} {label}"


def _ticked(label: str) -> str:
    return f"{tr('labels.checked')} {label}"


async def _today(user: ChatUser, replies: Replies) -> str:
    """/today's day message, without the readiness check below it."""
    await user.send_text("/today")
    day = (await replies(user))[0].text
    return day.split(f"\n\n{tr('readiness.readiness_intro')}", 1)[0]


async def _menu(user: ChatUser, replies: Replies) -> BotMessage:
    await user.send_text("/travel")
    (menu,) = await replies(user)
    return menu


async def _press(user: ChatUser, replies: Replies, label: str, menu: BotMessage) -> BotMessage:
    """Press `label` on `menu`: the menu edited in place, and nothing else sent."""
    await user.press(label, message=menu)
    (edited,) = await replies(user)
    assert edited.message_id == menu.message_id
    return edited


async def test_the_menu_ticks_equipment_and_days_then_trains_with_it_until_the_date(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await gym_lifter(emulator, 1501)
    await replies(user)
    menu = await _menu(user, replies)
    assert menu.text == tr("away.travel_menu")
    # The onboarding's equipment, nothing ticked, and the day counts.
    for label in messages.equipment_labels().values():
        assert _unticked(label) in menu.button_texts
    assert tr("away.button_travel_days", days=7) in menu.button_texts

    menu = await _press(user, replies, _unticked(BANDS), menu)
    menu = await _press(user, replies, _unticked(BENCH), menu)
    menu = await _press(user, replies, _ticked(BENCH), menu)  # changed their mind
    assert _ticked(BANDS) in menu.button_texts
    assert _unticked(BENCH) in menu.button_texts
    confirmed = await _press(user, replies, tr("away.button_travel_days", days=7), menu)
    sunday = date(2026, 12, 6)
    assert confirmed.text == _started(sunday, frozenset({Equipment.BANDS}))
    assert confirmed.button_texts == []

    away = await _today(user, replies)
    assert LISTED.findall(away)
    assert _equipment(LISTED.findall(away)) <= {Equipment.BANDS}
    clock.advance(days=(sunday - clock.now.date()).days + 1)
    home = await _today(user, replies)
    assert not _equipment(LISTED.findall(home)) <= {Equipment.BANDS}, "the gym plan is back"


async def test_nothing_ticked_is_bodyweight_only(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await gym_lifter(emulator, 1502)
    await replies(user)
    menu = await _menu(user, replies)
    confirmed = await _press(user, replies, tr("away.button_travel_days", days=3), menu)
    assert confirmed.text == _started(date(2026, 12, 2), frozenset())
    assert _equipment(LISTED.findall(await _today(user, replies))) == set()


async def test_while_away_travel_shows_the_period_and_back_home_ends_it(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await gym_lifter(emulator, 1503)
    await replies(user)
    before = await _today(user, replies)
    await user.send_text("/travel bands 10")
    await replies(user)
    await user.send_text("/travel")
    (current,) = await replies(user)
    until = messages.format_short_date(date(2026, 12, 9))
    assert until in current.text
    assert current.button_texts == [tr("away.button_back_home")]
    ended = await _press(user, replies, tr("away.button_back_home"), current)
    assert ended.text == tr("away.travel_ended")
    assert await _today(user, replies) == before
    # With no period on, /travel opens the menu again.
    assert (await _menu(user, replies)).text == tr("away.travel_menu")


async def test_back_home_on_a_period_already_over_is_told_and_changes_nothing(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await gym_lifter(emulator, 1504)
    await replies(user)
    await user.send_text("/travel bands 3")
    await replies(user)
    await user.send_text("/travel")
    (old,) = await replies(user)
    # Ended by typing, then a new period started: the old button is for neither.
    await user.send_text("/travel off")
    await user.send_text("/travel dumbbells 5")
    await replies(user)
    await user.press(tr("away.button_back_home"), message=old)
    assert await replies(user) == []
    assert emulator.callback_answers[-1].text == tr("away.travel_period_over")
    await user.send_text("/travel")
    (current,) = await replies(user)
    assert messages.format_short_date(date(2026, 12, 4)) in current.text, "still travelling"

    # Past its last day, the period is over by itself.
    clock.advance(days=5)
    await user.press(tr("away.button_back_home"), message=current)
    assert await replies(user) == []
    assert emulator.callback_answers[-1].text == tr("away.travel_period_over")


async def test_an_old_menu_is_told_out_of_date_and_changes_nothing(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await gym_lifter(emulator, 1505)
    await replies(user)
    before = await _today(user, replies)
    old = await _menu(user, replies)
    new = await _menu(user, replies)
    await user.press(_unticked(BANDS), message=old)
    assert await replies(user) == []
    assert emulator.callback_answers[-1].text == tr("away.travel_menu_stale")
    await user.press(tr("away.button_travel_days", days=5), message=old)
    assert await replies(user) == []
    assert emulator.callback_answers[-1].text == tr("away.travel_menu_stale")
    assert await _today(user, replies) == before

    # The new menu works, once: pressed again after it started the period, it is old too.
    await _press(user, replies, _unticked(BANDS), new)
    confirmed = await _press(user, replies, tr("away.button_travel_days", days=5), new)
    until = clock.now.date() + timedelta(days=4)
    assert confirmed.text == _started(until, frozenset({Equipment.BANDS}))
    again = new.find_button(tr("away.button_travel_days", days=5))
    assert again is not None
    assert again.callback_data is not None
    await user.press_data(again.callback_data, message=new)
    assert await replies(user) == []
    assert emulator.callback_answers[-1].text == tr("away.travel_menu_stale")
