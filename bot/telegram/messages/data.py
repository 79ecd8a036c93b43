"""/export, /import and /delete_me."""

from __future__ import annotations

from bot.core.transfer.import_csv import (
    HistoryFull,
    Imported,
    ImportFailure,
    ImportFormat,
    ImportProblem,
)
from bot.telegram.i18n import tr

# --- Export and import ---------------------------------------------------------------------------


def import_formats() -> dict[ImportFormat, str]:
    return {
        ImportFormat.STRONG: tr("data.import_formats.strong"),
        ImportFormat.STRONG_WITH_UNITS: tr("data.import_formats.strong_with_units"),
        ImportFormat.STRONG_SEMICOLON: tr("data.import_formats.strong_semicolon"),
        ImportFormat.HEVY_KG: tr("data.import_formats.hevy_kg"),
        ImportFormat.HEVY_LB: tr("data.import_formats.hevy_lb"),
    }


def import_problems() -> dict[ImportProblem, str]:
    return {
        ImportProblem.TOO_LARGE: tr("data.import_problems.too_large"),
        ImportProblem.TOO_MANY_ROWS: tr("data.import_problems.too_many_rows"),
        ImportProblem.EMPTY: tr("data.import_problems.empty"),
        ImportProblem.NOT_UTF8: tr("data.import_problems.not_utf8"),
        ImportProblem.UNKNOWN_FORMAT: tr("data.import_problems.unknown_format"),
        ImportProblem.BAD_CSV: tr("data.import_problems.bad_csv"),
        ImportProblem.WRONG_COLUMN_COUNT: tr("data.import_problems.wrong_column_count"),
        ImportProblem.BAD_DATE: tr("data.import_problems.bad_date"),
        ImportProblem.NOT_A_NUMBER: tr("data.import_problems.not_a_number"),
        ImportProblem.IMPOSSIBLE_REPS: tr("data.import_problems.impossible_reps"),
        ImportProblem.IMPOSSIBLE_LOAD: tr("data.import_problems.impossible_load"),
        ImportProblem.IMPOSSIBLE_EFFORT: tr("data.import_problems.impossible_effort"),
        ImportProblem.UNKNOWN_UNIT: tr("data.import_problems.unknown_unit"),
        ImportProblem.NO_EXERCISE_NAME: tr("data.import_problems.no_exercise_name"),
        ImportProblem.NAME_TOO_LONG: tr("data.import_problems.name_too_long"),
    }


def format_import_failure(failure: ImportFailure) -> str:
    where = ""
    if failure.line is not None:
        column = tr("data.import_where_column", column=failure.column) if failure.column else ""
        where = tr("data.import_where_line", line=failure.line, column=column)
    return tr("data.import_failed", problem=import_problems()[failure.reason], where=where)


def format_history_full(full: HistoryFull) -> str:
    return tr("data.import_history_full", adding=full.adding, stored=full.stored)


def format_import_done(imported: Imported) -> str:
    counts, result = imported.counts, imported.result
    if counts.exercises == 0:
        return tr("data.import_nothing_new")
    lines = [
        tr(
            "data.import_done",
            sessions=counts.sessions,
            sets=counts.sets,
            format=import_formats()[result.format],
        )
    ]
    if counts.already_imported:
        lines.append(tr("data.import_already", count=counts.already_imported))
    if result.unmatched_names:
        lines.append(tr("data.import_unmatched", names=", ".join(result.unmatched_names[:20])))
    return "\n".join(lines)
