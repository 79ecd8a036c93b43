"""/progress and /stats: charts' captions, records, balance notes, the weekly summary."""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.balance import Imbalance, ImbalanceKind
from bot.core.profile import Units
from bot.core.records import Record
from bot.core.stats import Stats, WeeklySummary
from bot.telegram.messages.workouts import format_record

PROGRESS_EMPTY = (
    "No charts yet: log a few sessions first. During a workout, reply with what you did, "
    "like “hip thrust 3x10 @ 60”."
)
PROGRESS_EXERCISE_EMPTY = (
    "I have no logs of “{name}” yet. Check the name, or log it like “{name} 3x10 @ 40”."
)
PROGRESS_CAPTION = "Your progress 📈 /progress EXERCISE shows one lift in detail."
PROGRESS_EXERCISE_CAPTION = "{name}: load, reps and estimated 1RM"

IMBALANCE_LINES: dict[ImbalanceKind, str] = {
    ImbalanceKind.HAMSTRINGS_LAG: "Your hamstrings got far fewer sets next to your glutes than "
    "your plan gives them, two weeks running.",
    ImbalanceKind.GLUTES_LAG: "Your glutes got far fewer sets next to your hamstrings than "
    "your plan gives them, two weeks running.",
    ImbalanceKind.FEW_HIP_HINGES: "Far fewer hip hinges (RDLs, good mornings) than your plan "
    "has, two weeks running.",
    ImbalanceKind.FEW_KNEE_FLEXION: "Far fewer hamstring curls than your plan has, two weeks "
    "running — they protect your knees.",
    ImbalanceKind.FEW_BRIDGE_THRUST: "Far fewer bridges and hip thrusts than your plan has, "
    "two weeks running.",
    ImbalanceKind.FEW_SQUAT_LUNGE: "Far fewer squats and lunges than your plan has, two weeks "
    "running.",
}
IMBALANCE_SUGGESTION = "Try adding {name}."

STATS_EMPTY = "No stats yet: log your first session and they'll appear here."
STATS = (
    "📊 Your stats\n"
    "Sessions this week: {week}\n"
    "Sessions this month: {month}\n"
    "Streak of planned sessions done: {streak}\n"
    "Total: {sets} sets, {volume} {unit} lifted"
)
STATS_RECORDS_TITLE = "Latest records:"
STATS_RECORD_LINE = "• {date} {name}: {record}"

WEEKLY_TITLE = "📈 Your week: {done} of {planned} planned sessions done."
WEEKLY_RECORDS = "🏆 Records this week: {records}"
WEEKLY_FOCUS = "Next week's focus: {name}."
WEEKLY_KEEP_GOING = "Next week: keep the same plan and add a rep or a little weight where you can."


def format_imbalances(imbalances: Sequence[Imbalance]) -> list[str]:
    lines, suggested = [], set()
    for imbalance in imbalances:
        line = IMBALANCE_LINES[imbalance.kind]
        suggestion = imbalance.suggestion
        if suggestion is not None and suggestion.id not in suggested:
            suggested.add(suggestion.id)
            line += " " + IMBALANCE_SUGGESTION.format(name=suggestion.name)
        lines.append(line)
    return lines


def _record_text(record: Record, units: Units) -> str:
    return format_record(record, units).removeprefix("🏆 New record: ")


def format_stats(stats: Stats, units: Units) -> str:
    if stats.total_sets == 0:
        return STATS_EMPTY
    lines = [
        STATS.format(
            week=stats.sessions_this_week,
            month=stats.sessions_this_month,
            streak=stats.streak,
            sets=stats.total_sets,
            volume=f"{stats.total_volume:,.0f}",
            unit=units.value,
        )
    ]
    if stats.latest_records:
        lines.append(STATS_RECORDS_TITLE)
        lines += [
            STATS_RECORD_LINE.format(
                date=dated.performed_on.strftime("%d %b"),
                name=dated.exercise_name,
                record=_record_text(dated.record, units),
            )
            for dated in stats.latest_records
        ]
    return "\n".join(lines)


def format_weekly_summary(summary: WeeklySummary, units: Units) -> str:
    lines = [WEEKLY_TITLE.format(done=summary.sessions_done, planned=summary.sessions_planned)]
    if summary.records:
        records = ", ".join(
            f"{dated.exercise_name} {_record_text(dated.record, units)}"
            for dated in summary.records
        )
        lines.append(WEEKLY_RECORDS.format(records=records))
    lines += format_imbalances(summary.imbalances)
    if summary.focus is not None:
        lines.append(WEEKLY_FOCUS.format(name=summary.focus.name))
    else:
        lines.append(WEEKLY_KEEP_GOING)
    return "\n".join(lines)
