"""When reminders fire: which weekdays each kind uses and the next slot in the person's zone.

Slots are wall-clock times in the person's IANA timezone, so a 07:00 reminder stays at 07:00
local across daylight-saving changes; everything returned is an aware UTC datetime. A pause
needs no special case: callers ask for `next_fire(..., after=max(now, paused_until))`, with
`paused_until` from `pause_until`.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.core.profile import Weekday


class ReminderKind(StrEnum):
    WORKOUT = "workout"
    RECOVERY = "recovery"
    NUTRITION = "nutrition"
    WEEKLY_SUMMARY = "weekly_summary"


# None means the person's own reminder time.
DEFAULT_TIMES: dict[ReminderKind, time | None] = {
    ReminderKind.WORKOUT: None,
    ReminderKind.RECOVERY: None,
    ReminderKind.NUTRITION: time(12, 0),
    ReminderKind.WEEKLY_SUMMARY: time(19, 0),
}

# Today's slot may already have passed, and the next one on the same weekday is a week later.
_CANDIDATE_DAYS = 8
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_SECOND = timedelta(seconds=1)


def reminder_days(kind: ReminderKind, training_days: Collection[Weekday]) -> frozenset[Weekday]:
    """The local weekdays a kind fires on: workouts on training days, recovery on the others,
    nutrition every day, the weekly summary on Sundays. May be empty (nothing to schedule)."""
    if kind is ReminderKind.WORKOUT:
        return frozenset(training_days)
    if kind is ReminderKind.RECOVERY:
        return frozenset(Weekday) - frozenset(training_days)
    if kind is ReminderKind.NUTRITION:
        return frozenset(Weekday)
    return frozenset({Weekday.SUN})


def next_fire(
    local_time: time, timezone: str, after: datetime, days: frozenset[Weekday]
) -> datetime:
    """The first instant strictly after `after` at which it is `local_time` on one of `days`
    in `timezone`, as an aware UTC datetime.

    Rules:
    * `after` must be aware (any zone); `local_time` must be naive (its fold is ignored).
    * The weekday is the local calendar day in `timezone`.
    * A local time skipped by a spring-forward change fires at the first valid instant after
      the gap (Europe/Berlin 2027-03-28 02:30 → 03:00 CEST = 01:00 UTC).
    * A local time repeated by an autumn change fires once, at its first occurrence; the
      second occurrence is not a slot.
    * ValueError for an empty `days`, an unknown `timezone`, a naive `after` or an aware
      `local_time`.
    """
    if not days:
        raise ValueError("a reminder needs at least one weekday")
    if after.utcoffset() is None:
        raise ValueError("`after` must be an aware datetime")
    if local_time.tzinfo is not None:
        raise ValueError("`local_time` is a wall-clock time and must be naive")
    zone = _zone(timezone)
    after_utc = after.astimezone(UTC)
    first_day = after_utc.astimezone(zone).date()
    # fold=0 picks the first occurrence of an ambiguous time and, in a gap, marks it as such.
    wall = local_time.replace(fold=0)
    for offset in range(_CANDIDATE_DAYS):
        day = first_day + timedelta(days=offset)
        if day.weekday() not in days:
            continue
        slot = datetime.combine(day, wall, tzinfo=zone)
        slot_utc = _gap_end(slot) if _in_gap(slot) else slot.astimezone(UTC)
        if slot_utc > after_utc:
            return slot_utc
    raise AssertionError("every weekday recurs within eight consecutive days")


def pause_until(now: datetime, days: int) -> datetime:
    """When a pause of `days` whole days (24-hour periods) started at `now` ends, in UTC."""
    if days < 1:
        raise ValueError("a pause lasts at least one day")
    if now.utcoffset() is None:
        raise ValueError("`now` must be an aware datetime")
    return now.astimezone(UTC) + timedelta(days=days)


def is_stale(slot: datetime, now: datetime, grace: timedelta) -> bool:
    """Whether a slot was missed by more than `grace`, so that after downtime it is skipped
    rather than sent late; a slot missed by exactly `grace` is still sent."""
    return now - slot > grace


def _zone(key: str) -> ZoneInfo:
    try:
        return ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError, OSError) as error:
        # ValueError covers malformed keys and files under the zone path that are not zones;
        # OSError a key naming a directory of zones ("Europe").
        raise ValueError(f"unknown timezone: {key!r}") from error


def _in_gap(slot: datetime) -> bool:
    # In a gap zoneinfo reads fold=0 with the offset before the change and fold=1 with the
    # one after, which is larger; in an overlap the order is reversed, elsewhere they agree.
    before, after = slot.utcoffset(), slot.replace(fold=1).utcoffset()
    assert before is not None and after is not None
    return after > before


def _gap_end(slot: datetime) -> datetime:
    """The instant the spring-forward gap holding `slot`'s wall time closes.

    Read with the offset after the change (fold=1) the wall time lands before the change, read
    with the offset before it (fold=0) at or after it. zoneinfo keeps transitions in whole
    seconds, so bisecting the seconds between the two readings finds the change exactly.
    """
    zone = slot.tzinfo
    offset_before = slot.utcoffset()
    earlier = (slot.replace(fold=1) - _EPOCH) // _SECOND
    later = -((_EPOCH - slot) // _SECOND)
    while later - earlier > 1:
        middle = (earlier + later) // 2
        if datetime.fromtimestamp(middle, zone).utcoffset() == offset_before:
            earlier = middle
        else:
            later = middle
    return datetime.fromtimestamp(later, UTC)


@dataclass(frozen=True, slots=True)
class ReminderSetting:
    """One of a person's reminders, as the settings screens show it."""

    kind: str
    local_time: time
    enabled: bool
    next_fire_at: datetime | None
    paused_until: datetime | None
    last_sent_at: datetime | None


@dataclass(frozen=True, slots=True)
class DueReminder:
    """A claimed reminder, with everything needed to send it and to compute its next slot.

    `slot` is the fire instant being delivered (the original one on a retry); `timezone`
    and `weekdays` (the profile's comma-separated `Weekday.short` names) come from the
    profile; `attempts` counts the failed sends of this slot so far; `language` is the one
    the person chose, else their Telegram app's code (None when neither is known).
    """

    user_id: int
    chat_id: int
    kind: str
    local_time: time
    slot: datetime
    timezone: str
    weekdays: str
    attempts: int
    language: str | None = None
