"""When reminders fire, checked against explicit instants in awkward timezones."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.profile import Weekday
from bot.core.reminder_schedule import (
    DEFAULT_TIMES,
    ReminderKind,
    is_stale,
    next_fire,
    pause_until,
    reminder_days,
)

D = Weekday
EVERY_DAY = frozenset(Weekday)
MICROSECOND = timedelta(microseconds=1)


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def local(instant: datetime, zone: str) -> datetime:
    return instant.astimezone(ZoneInfo(zone))


def daily(at: time, zone: str, after: datetime, count: int) -> list[datetime]:
    """The next `count` everyday slots after `after`, each found from the previous one."""
    slots = []
    for _ in range(count):
        after = next_fire(at, zone, after, EVERY_DAY)
        slots.append(after)
    return slots


# --- Daylight-saving changes -------------------------------------------------------------


def test_a_berlin_time_skipped_in_spring_fires_when_the_clocks_reach_three() -> None:
    # 2027-03-28: 02:00 CET jumps to 03:00 CEST, at 01:00 UTC.
    after = utc(2027, 3, 27, 12)
    assert next_fire(time(2, 30), "Europe/Berlin", after, EVERY_DAY) == utc(2027, 3, 28, 1)
    assert next_fire(time(2, 0), "Europe/Berlin", after, EVERY_DAY) == utc(2027, 3, 28, 1)
    # Either side of the gap the wall time is kept as asked.
    assert next_fire(time(1, 59), "Europe/Berlin", after, EVERY_DAY) == utc(2027, 3, 28, 0, 59)
    assert next_fire(time(3, 0), "Europe/Berlin", after, EVERY_DAY) == utc(2027, 3, 28, 1)


def test_a_skipped_berlin_time_fires_once_and_then_daily_at_the_asked_time() -> None:
    slots = daily(time(2, 30), "Europe/Berlin", utc(2027, 3, 27, 12), 2)
    assert [local(slot, "Europe/Berlin").time() for slot in slots] == [time(3, 0), time(2, 30)]
    assert slots[1] - slots[0] == timedelta(hours=23, minutes=30)


def test_a_repeated_berlin_time_in_autumn_fires_only_at_its_first_occurrence() -> None:
    # 2027-10-31: 03:00 CEST falls back to 02:00 CET at 01:00 UTC, so 02:30 happens twice.
    first = next_fire(time(2, 30), "Europe/Berlin", utc(2027, 10, 30, 12), EVERY_DAY)
    assert first == utc(2027, 10, 31, 0, 30)
    next_day = utc(2027, 11, 1, 1, 30)
    assert next_fire(time(2, 30), "Europe/Berlin", first, EVERY_DAY) == next_day
    # Between the two occurrences, and at the second one, the next slot is still tomorrow's.
    between = utc(2027, 10, 31, 1, 0)
    second = utc(2027, 10, 31, 1, 30)
    assert next_fire(time(2, 30), "Europe/Berlin", between, EVERY_DAY) == next_day
    assert next_fire(time(2, 30), "Europe/Berlin", second - MICROSECOND, EVERY_DAY) == next_day


@pytest.mark.parametrize(
    ("zone", "start", "utc_hours"),
    [
        # Berlin springs forward on 2027-03-28 and falls back on 2027-10-31.
        ("Europe/Berlin", utc(2027, 3, 25, 12), [6, 6, 5, 5]),
        ("Europe/Berlin", utc(2027, 10, 28, 12), [5, 5, 6, 6]),
        # New York springs forward on 2027-03-14 and falls back on 2027-11-07.
        ("America/New_York", utc(2027, 3, 11, 18), [12, 12, 11, 11]),
        ("America/New_York", utc(2027, 11, 4, 18), [11, 11, 12, 12]),
    ],
)
def test_a_seven_oclock_reminder_stays_at_seven_local_across_a_change(
    zone: str, start: datetime, utc_hours: list[int]
) -> None:
    slots = daily(time(7, 0), zone, start, 4)
    assert [local(slot, zone).time() for slot in slots] == [time(7, 0)] * 4
    assert [slot.hour for slot in slots] == utc_hours


def test_a_new_york_time_skipped_in_spring_fires_at_three_edt() -> None:
    # 2027-03-14: 02:00 EST jumps to 03:00 EDT, at 07:00 UTC.
    after = utc(2027, 3, 13, 18)
    slot = next_fire(time(2, 30), "America/New_York", after, EVERY_DAY)
    assert slot == utc(2027, 3, 14, 7)
    assert local(slot, "America/New_York").time() == time(3, 0)


def test_a_repeated_new_york_time_in_autumn_fires_once() -> None:
    # 2027-11-07: 02:00 EDT falls back to 01:00 EST, so 01:30 happens at 05:30 and 06:30 UTC.
    first = next_fire(time(1, 30), "America/New_York", utc(2027, 11, 6, 18), EVERY_DAY)
    assert first == utc(2027, 11, 7, 5, 30)
    again = next_fire(time(1, 30), "America/New_York", first, EVERY_DAY)
    assert again == utc(2027, 11, 8, 6, 30)


# --- Unusual offsets ---------------------------------------------------------------------


def test_kolkata_half_hour_offset() -> None:
    # +05:30 all year: 07:00 IST is 01:30 UTC, and Tuesday's midnight is Monday 18:30 UTC.
    after = utc(2026, 11, 30, 12)  # a Monday
    assert next_fire(time(7, 0), "Asia/Kolkata", after, EVERY_DAY) == utc(2026, 12, 1, 1, 30)
    midnight = next_fire(time(0, 0), "Asia/Kolkata", after, frozenset({D.TUE}))
    assert midnight == utc(2026, 11, 30, 18, 30)


def test_kathmandu_quarter_hour_offset() -> None:
    slot = next_fire(time(7, 0), "Asia/Kathmandu", utc(2027, 6, 1, 12), EVERY_DAY)
    assert slot == utc(2027, 6, 2, 1, 15)


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        # +12:45 in the southern winter, +13:45 in summer; Monday 07:00 is Sunday in UTC.
        (utc(2027, 7, 1), utc(2027, 7, 4, 18, 15)),
        (utc(2027, 1, 1), utc(2027, 1, 3, 17, 15)),
    ],
)
def test_chatham_monday_morning_is_sunday_evening_in_utc(
    after: datetime, expected: datetime
) -> None:
    slot = next_fire(time(7, 0), "Pacific/Chatham", after, frozenset({D.MON}))
    assert slot == expected
    assert local(slot, "Pacific/Chatham").weekday() == D.MON


def test_chatham_changes_clocks_at_a_quarter_to_three() -> None:
    # 2027-09-26: 02:45 +12:45 jumps to 03:45 +13:45 at 14:00 UTC the day before.
    spring = next_fire(time(3, 0), "Pacific/Chatham", utc(2027, 9, 25), EVERY_DAY)
    assert spring == utc(2027, 9, 25, 14)
    assert local(spring, "Pacific/Chatham").time() == time(3, 45)
    # 2027-04-04: 03:45 +13:45 falls back to 02:45 +12:45, so 03:00 happens twice.
    autumn = next_fire(time(3, 0), "Pacific/Chatham", utc(2027, 4, 3), EVERY_DAY)
    assert autumn == utc(2027, 4, 3, 13, 15)
    assert next_fire(time(3, 0), "Pacific/Chatham", autumn, EVERY_DAY) == utc(2027, 4, 4, 14, 15)


def test_lord_howe_half_hour_shift() -> None:
    # 2027-10-03: 02:00 +10:30 jumps to 02:30 +11:00.
    slot = next_fire(time(2, 15), "Australia/Lord_Howe", utc(2027, 10, 2), EVERY_DAY)
    assert slot == utc(2027, 10, 2, 15, 30)
    assert local(slot, "Australia/Lord_Howe").time() == time(2, 30)


def test_santiago_skips_midnight_and_fires_at_one() -> None:
    # 2027-09-05: Chile's clocks go from 00:00 straight to 01:00, at 04:00 UTC.
    slot = next_fire(time(0, 30), "America/Santiago", utc(2027, 9, 4, 12), EVERY_DAY)
    assert slot == utc(2027, 9, 5, 4)
    assert local(slot, "America/Santiago").date() == date(2027, 9, 5)


# --- Day boundaries and filters ----------------------------------------------------------


def test_the_slot_itself_is_not_after_itself_but_a_microsecond_earlier_is() -> None:
    slot = utc(2027, 6, 2, 5)  # 07:00 CEST
    assert next_fire(time(7, 0), "Europe/Berlin", slot, EVERY_DAY) == utc(2027, 6, 3, 5)
    assert next_fire(time(7, 0), "Europe/Berlin", slot - MICROSECOND, EVERY_DAY) == slot


def test_the_zone_of_after_does_not_matter() -> None:
    instant = utc(2027, 6, 2, 5)
    for zone in ("UTC", "Asia/Kolkata", "America/New_York", "Pacific/Chatham"):
        assert next_fire(time(7, 0), "Europe/Berlin", local(instant, zone), EVERY_DAY) == utc(
            2027, 6, 3, 5
        )


def test_midnight_and_one_minute_to_midnight() -> None:
    after = utc(2027, 6, 2, 12)  # Wednesday 14:00 in Berlin
    midnight = next_fire(time(0, 0), "Europe/Berlin", after, EVERY_DAY)
    assert midnight == utc(2027, 6, 2, 22)  # Thursday 00:00 CEST
    assert local(midnight, "Europe/Berlin").weekday() == D.THU
    late = next_fire(time(23, 59), "Europe/Berlin", after, EVERY_DAY)
    assert late == utc(2027, 6, 2, 21, 59)  # still Wednesday
    assert local(late, "Europe/Berlin").weekday() == D.WED
    assert next_fire(time(23, 59), "Europe/Berlin", late, EVERY_DAY) == utc(2027, 6, 3, 21, 59)


def test_workout_reminders_only_on_training_days() -> None:
    days = reminder_days(ReminderKind.WORKOUT, [D.MON, D.THU])
    assert days == {D.MON, D.THU}
    tuesday = utc(2027, 6, 1, 12)
    thursday = next_fire(time(7, 0), "Europe/Berlin", tuesday, days)
    assert thursday == utc(2027, 6, 3, 5)
    assert next_fire(time(7, 0), "Europe/Berlin", thursday, days) == utc(2027, 6, 7, 5)


def test_recovery_reminders_on_the_other_days() -> None:
    days = reminder_days(ReminderKind.RECOVERY, (D.MON, D.THU))
    assert days == {D.TUE, D.WED, D.FRI, D.SAT, D.SUN}
    monday_slot = utc(2027, 5, 31, 5)
    slots = [next_fire(time(7, 0), "Europe/Berlin", monday_slot, days)]
    for _ in range(4):
        slots.append(next_fire(time(7, 0), "Europe/Berlin", slots[-1], days))
    assert [local(slot, "Europe/Berlin").weekday() for slot in slots] == [
        D.TUE,
        D.WED,
        D.FRI,
        D.SAT,
        D.SUN,
    ]


def test_training_every_day_leaves_no_recovery_days_to_schedule() -> None:
    days = reminder_days(ReminderKind.RECOVERY, EVERY_DAY)
    assert days == frozenset()
    with pytest.raises(ValueError, match="weekday"):
        next_fire(time(7, 0), "Europe/Berlin", utc(2027, 6, 1), days)


def test_nutrition_reminder_comes_every_day_at_noon_local() -> None:
    assert reminder_days(ReminderKind.NUTRITION, [D.MON]) == EVERY_DAY
    noon = DEFAULT_TIMES[ReminderKind.NUTRITION]
    assert noon is not None
    slots = [
        local(slot, "Asia/Kolkata") for slot in daily(noon, "Asia/Kolkata", utc(2027, 6, 1), 7)
    ]
    assert {slot.time() for slot in slots} == {time(12, 0)}
    assert {slot.weekday() for slot in slots} == set(Weekday)


def test_weekly_summary_arrives_on_sunday_evening() -> None:
    days = reminder_days(ReminderKind.WEEKLY_SUMMARY, [D.MON, D.THU])
    evening = DEFAULT_TIMES[ReminderKind.WEEKLY_SUMMARY]
    assert evening is not None
    slot = next_fire(evening, "America/New_York", utc(2027, 6, 2), days)
    assert local(slot, "America/New_York") == datetime(
        2027, 6, 6, 19, tzinfo=ZoneInfo("America/New_York")
    )
    assert next_fire(evening, "America/New_York", slot, days) - slot == timedelta(weeks=1)


# --- Pauses and downtime -----------------------------------------------------------------


def test_a_three_day_pause_after_mondays_reminder_resumes_on_friday() -> None:
    now = utc(2027, 5, 31, 5, 0, 5)  # Monday, five seconds after the 07:00 CEST reminder
    paused_until = pause_until(now, 3)
    assert paused_until == utc(2027, 6, 3, 5, 0, 5)
    slot = next_fire(time(7, 0), "Europe/Berlin", max(now, paused_until), EVERY_DAY)
    assert local(slot, "Europe/Berlin") == datetime(2027, 6, 4, 7, tzinfo=ZoneInfo("Europe/Berlin"))


def test_a_pause_that_has_ended_changes_nothing() -> None:
    now = utc(2027, 6, 10, 12)
    paused_until = pause_until(utc(2027, 6, 1, 12), 2)
    assert next_fire(time(7, 0), "Europe/Berlin", max(now, paused_until), EVERY_DAY) == utc(
        2027, 6, 11, 5
    )


def test_a_pause_is_counted_in_whole_days_across_a_clock_change() -> None:
    assert pause_until(utc(2027, 3, 27, 12), 2) == utc(2027, 3, 29, 12)
    berlin = local(utc(2027, 3, 27, 12), "Europe/Berlin")
    assert pause_until(berlin, 2) == utc(2027, 3, 29, 12)


@pytest.mark.parametrize("days", [0, -1])
def test_a_pause_must_last_at_least_a_day(days: int) -> None:
    with pytest.raises(ValueError, match="at least one day"):
        pause_until(utc(2027, 6, 1), days)


def test_a_pause_needs_an_aware_start() -> None:
    with pytest.raises(ValueError, match="aware"):
        pause_until(datetime(2027, 6, 1), 1)


@pytest.mark.parametrize(
    ("late_by", "stale"),
    [
        (timedelta(minutes=-5), False),
        (timedelta(0), False),
        (timedelta(minutes=14), False),
        (timedelta(minutes=15), False),
        (timedelta(minutes=15, microseconds=1), True),
        (timedelta(hours=6), True),
    ],
)
def test_a_slot_missed_by_more_than_the_grace_is_skipped(late_by: timedelta, stale: bool) -> None:
    slot = utc(2027, 6, 1, 5)
    assert is_stale(slot, slot + late_by, timedelta(minutes=15)) is stale


def test_staleness_compares_instants_not_wall_times() -> None:
    slot = local(utc(2027, 6, 1, 5), "Asia/Kolkata")  # 10:30 in Kolkata
    assert not is_stale(slot, utc(2027, 6, 1, 5, 10), timedelta(minutes=15))
    assert is_stale(slot, utc(2027, 6, 1, 5, 20), timedelta(minutes=15))


# --- Invalid input -----------------------------------------------------------------------


@pytest.mark.parametrize("zone", ["Mars/Olympus", "", "Europe", "../etc/passwd", "zone.tab"])
def test_an_unknown_timezone_is_refused(zone: str) -> None:
    with pytest.raises(ValueError, match="unknown timezone"):
        next_fire(time(7, 0), zone, utc(2027, 6, 1), EVERY_DAY)


def test_no_days_is_refused() -> None:
    with pytest.raises(ValueError, match="weekday"):
        next_fire(time(7, 0), "Europe/Berlin", utc(2027, 6, 1), frozenset())


def test_a_naive_after_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        next_fire(time(7, 0), "Europe/Berlin", datetime(2027, 6, 1), EVERY_DAY)


def test_a_local_time_with_a_zone_is_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        next_fire(time(7, 0, tzinfo=UTC), "Europe/Berlin", utc(2027, 6, 1), EVERY_DAY)


# --- Properties --------------------------------------------------------------------------

ZONES = [
    "UTC",
    "Europe/Berlin",
    "America/New_York",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Pacific/Chatham",
    "Australia/Lord_Howe",
    "America/St_Johns",
    "America/Santiago",
]
FIRST_DAY = date(2026, 1, 1)
LAST_DAY = date(2028, 12, 31)


@cache
def clock_changes(zone: str) -> tuple[datetime, ...]:
    """The instants in 2026–2028 at which `zone` changes its offset, to the second."""
    tz = ZoneInfo(zone)

    def offset(instant: datetime) -> timedelta | None:
        return instant.astimezone(tz).utcoffset()

    changes = []
    midnight = datetime.combine(FIRST_DAY, time(), tzinfo=UTC)
    while midnight.date() <= LAST_DAY:
        earlier, later = midnight, midnight + timedelta(days=1)
        if offset(earlier) != offset(later):
            while later - earlier > timedelta(seconds=1):
                middle = earlier + (later - earlier) / 2
                middle -= timedelta(microseconds=middle.microsecond)
                if offset(middle) == offset(earlier):
                    earlier = middle
                else:
                    later = middle
            changes.append(later)
        midnight += timedelta(days=1)
    return tuple(changes)


@st.composite
def schedules(draw: st.DrawFn) -> tuple[str, time, datetime, frozenset[Weekday]]:
    """A zone, a reminder time, an instant in 2026–2028 and reminder days; half the time in a
    zone with clock changes the instant falls in the days before one and the reminder time
    within 90 minutes of the wall time the change happens at, so that gaps and repeated hours
    come up often."""
    zone = draw(st.sampled_from(ZONES))
    tz = ZoneInfo(zone)
    in_any_zone = st.sampled_from([ZoneInfo(name) for name in ZONES])
    days = draw(st.one_of(st.just(EVERY_DAY), st.frozensets(st.sampled_from(Weekday), min_size=1)))
    changes = clock_changes(zone)
    near_a_change = draw(st.booleans())
    if changes and near_a_change:
        change = draw(st.sampled_from(changes))
        after = change + timedelta(
            seconds=draw(st.integers(-3 * 86_400, 86_400)),
            microseconds=draw(st.integers(0, 999_999)),
        )
        wall_at_change = (change - timedelta(seconds=1)).astimezone(tz) + timedelta(seconds=1)
        at = (wall_at_change + timedelta(seconds=draw(st.integers(-5_400, 5_400)))).time()
        return zone, at, after.astimezone(draw(in_any_zone)), days
    after = draw(
        st.datetimes(
            min_value=datetime.combine(FIRST_DAY, time()),
            max_value=datetime.combine(LAST_DAY, time.max),
            timezones=in_any_zone,
            allow_imaginary=False,
        )
    )
    return zone, draw(st.times()), after, days


def exists(wall: datetime, tz: ZoneInfo) -> bool:
    """Whether a naive wall time happens at all in `tz`, i.e. is not skipped by a change."""
    return wall.replace(tzinfo=tz).astimezone(UTC).astimezone(tz).replace(tzinfo=None) == wall


@settings(max_examples=600)
@given(case=schedules(), fraction=st.floats(0, 1, exclude_max=True))
def test_next_fire_properties(
    case: tuple[str, time, datetime, frozenset[Weekday]], fraction: float
) -> None:
    zone, at, after, days = case
    tz = ZoneInfo(zone)
    slot = next_fire(at, zone, after, days)

    assert slot.tzinfo is UTC
    assert slot > after
    wall = slot.astimezone(tz)
    assert wall.weekday() in days
    asked = datetime.combine(wall.date(), at.replace(fold=0))
    if wall.time() == at:
        assert wall.fold == 0, "an ambiguous time fires at its first occurrence"
    else:
        # The asked time does not exist that day: the slot is where the gap ends.
        assert not exists(asked, tz)
        asked_here = asked.replace(tzinfo=tz)
        # Read with the offsets from before and after the change, it lies a gap apart.
        gap = asked_here.astimezone(UTC) - asked_here.replace(fold=1).astimezone(UTC)
        assert timedelta(0) < wall.replace(tzinfo=None) - asked <= gap
        assert (slot - MICROSECOND).astimezone(tz).replace(tzinfo=None) < asked

    # Every allowed day from `after` up to the slot's had its reminder time by `after`.
    after_wall = after.astimezone(tz).replace(tzinfo=None)
    day = after_wall.date()
    while day < wall.date():
        if day.weekday() in days:
            asked = datetime.combine(day, at.replace(fold=0))
            if exists(asked, tz):
                # In UTC: within one zone Python compares wall times, ignoring the offset.
                assert asked.replace(tzinfo=tz).astimezone(UTC) <= after.astimezone(UTC)
            else:
                assert after_wall >= asked
        day += timedelta(days=1)

    # Asking again from any point before the slot finds the same slot.
    # In UTC: adding to a zoned datetime moves its wall time and drops its fold.
    middle = after.astimezone(UTC) + (slot - after) * fraction
    if middle < slot:
        assert next_fire(at, zone, middle, days) == slot

    # A slot is never followed by a second one the same night.
    assert next_fire(at, zone, slot, days) - slot >= timedelta(hours=23)
