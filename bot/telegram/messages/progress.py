"""/progress and /stats: charts' captions, records, balance notes, the weekly summary."""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.balance import Imbalance, ImbalanceKind
from bot.core.profile import Units
from bot.core.records import Record
from bot.core.stats import Stats, WeeklySummary
from bot.telegram.i18n import speaking, tr
from bot.telegram.messages.exercises import exercise_name, named_by_core
from bot.telegram.messages.formats import format_date, unit_word
from bot.telegram.messages.workouts import format_record


def imbalance_lines() -> dict[ImbalanceKind, str]:
    return {
        ImbalanceKind.HAMSTRINGS_LAG: tr("progress.imbalance_lines.hamstrings_lag"),
        ImbalanceKind.GLUTES_LAG: tr("progress.imbalance_lines.glutes_lag"),
        ImbalanceKind.FEW_HIP_HINGES: tr("progress.imbalance_lines.few_hip_hinges"),
        ImbalanceKind.FEW_KNEE_FLEXION: tr("progress.imbalance_lines.few_knee_flexion"),
        ImbalanceKind.FEW_BRIDGE_THRUST: tr("progress.imbalance_lines.few_bridge_thrust"),
        ImbalanceKind.FEW_SQUAT_LUNGE: tr("progress.imbalance_lines.few_squat_lunge"),
    }


def format_imbalances(imbalances: Sequence[Imbalance]) -> list[str]:
    lines, suggested = [], set()
    for imbalance in imbalances:
        line = imbalance_lines()[imbalance.kind]
        suggestion = imbalance.suggestion
        if suggestion is not None and suggestion.id not in suggested:
            suggested.add(suggestion.id)
            line += " " + tr("progress.imbalance_suggestion", name=exercise_name(suggestion.id))
        lines.append(line)
    return lines


def _record_text(record: Record, units: Units) -> str:
    """The record without its announcement: every language's record line is
    "<announcement>: <record>" ("🏆 New record: 100 kg for 5 reps")."""
    line = format_record(record, units)
    _, colon, record_text = line.partition(": ")
    return record_text if colon else line


def format_stats(stats: Stats, units: Units) -> str:
    if stats.total_sets == 0:
        return tr("progress.stats_empty")
    lines = [
        tr(
            "progress.stats",
            week=stats.sessions_this_week,
            month=stats.sessions_this_month,
            streak=stats.streak,
            sets=stats.total_sets,
            # Grouped as the language groups thousands: "12,000", "12 000", "12.000".
            volume=speaking().number(round(stats.total_volume)),
            unit=unit_word(units),
        )
    ]
    if stats.latest_records:
        lines.append(tr("progress.stats_records_title"))
        lines += [
            tr(
                "progress.stats_record_line",
                date=format_date(dated.performed_on, "formats.date_record"),
                name=named_by_core(dated.exercise_name),
                record=_record_text(dated.record, units),
            )
            for dated in stats.latest_records
        ]
    return "\n".join(lines)


def format_weekly_summary(summary: WeeklySummary, units: Units) -> str:
    lines = [
        tr("progress.weekly_title", done=summary.sessions_done, planned=summary.sessions_planned)
    ]
    if summary.records:
        records = ", ".join(
            f"{named_by_core(dated.exercise_name)} {_record_text(dated.record, units)}"
            for dated in summary.records
        )
        lines.append(tr("progress.weekly_records", records=records))
    lines += format_imbalances(summary.imbalances)
    if summary.focus is not None:
        lines.append(tr("progress.weekly_focus", name=exercise_name(summary.focus.id)))
    else:
        lines.append(tr("progress.weekly_keep_going"))
    return "\n".join(lines)
