"""/export, /import and /delete_me."""

from __future__ import annotations

from bot.core.transfer.import_csv import (
    MAX_HISTORY_SETS,
    MAX_IMPORT_ROWS,
    HistoryFull,
    Imported,
    ImportFailure,
    ImportFormat,
    ImportProblem,
)

DELETE_CONFIRM = (
    "This deletes everything I store about you: your answers, plan, workout logs and "
    "reminders. It can't be undone. Want a copy first? /export sends your history.\n\n"
    "Delete everything?"
)
BUTTON_DELETE_EVERYTHING = "🗑 Yes, delete everything"
BUTTON_KEEP_MY_DATA = "No, keep my data"
DELETED = "Done — everything is deleted and your reminders are off. /start if you come back."
NOT_DELETED = "Nothing was deleted."


# --- Export and import ---------------------------------------------------------------------------

EXPORT_CAPTION = (
    "Your whole history, one row per set, in Strong's CSV format (weights in {unit}). "
    "/export json sends your whole account."
)
EXPORT_JSON_CAPTION = (
    "Your whole account: profile, plan, logs, weigh-ins, check-ins, moved sessions and settings."
)
EXPORT_EMPTY = "There's nothing to export yet: your history is empty."
IMPORT_LIMITS = (
    f"up to 10 MB and {MAX_IMPORT_ROWS:,} rows a file, {MAX_HISTORY_SETS:,} sets in your "
    "history in all"
)
IMPORT_ASK = (
    f"Send me a CSV file exported from Strong or Hevy (as a file: {IMPORT_LIMITS}) and I'll "
    "add its workouts to your history. Importing the same file twice adds nothing."
)
IMPORT_NOT_CSV = (
    "That file isn't a CSV. Export your workouts from Strong or Hevy as CSV and send that."
)
IMPORT_TOO_BIG = "That file is over 10 MB, too big to import. Nothing was imported."
IMPORT_HISTORY_FULL = (
    "I couldn't import that file: its {adding:,} new sets would take your history past "
    f"{MAX_HISTORY_SETS:,} sets, the most I keep for one person (you have {{stored:,}}). "
    "Nothing was imported."
)
IMPORT_DONE = "✅ Imported {sessions:,} sessions and {sets:,} sets ({format})."
IMPORT_NOTHING_NEW = "Everything in that file was imported before — nothing new to add."
IMPORT_ALREADY = "{count} exercises were already imported and were skipped."
IMPORT_UNMATCHED = "Kept as your own exercises (no match in my catalogue): {names}"
IMPORT_FAILED = "I couldn't import that file: {problem}{where}. Nothing was imported."
IMPORT_WHERE_LINE = " (line {line}{column})"
IMPORT_WHERE_COLUMN = ", column “{column}”"
IMPORT_FORMATS: dict[ImportFormat, str] = {
    ImportFormat.STRONG: "Strong",
    ImportFormat.STRONG_WITH_UNITS: "Strong",
    ImportFormat.STRONG_SEMICOLON: "Strong for Android",
    ImportFormat.HEVY_KG: "Hevy",
    ImportFormat.HEVY_LB: "Hevy",
}
IMPORT_PROBLEMS: dict[ImportProblem, str] = {
    ImportProblem.TOO_LARGE: "it is over 10 MB",
    ImportProblem.TOO_MANY_ROWS: (
        f"it has more than {MAX_IMPORT_ROWS:,} rows, the most I read from one file (split it "
        "into smaller files, each with the header line, and send them one by one)"
    ),
    ImportProblem.EMPTY: "it is empty",
    ImportProblem.NOT_UTF8: "it isn't a text (UTF-8) file",
    ImportProblem.UNKNOWN_FORMAT: "I don't recognise its columns as a Strong or Hevy export",
    ImportProblem.BAD_CSV: "it isn't valid CSV",
    ImportProblem.WRONG_COLUMN_COUNT: "a row has the wrong number of columns",
    ImportProblem.BAD_DATE: "a date I can't read",
    ImportProblem.NOT_A_NUMBER: "a number I can't read",
    ImportProblem.IMPOSSIBLE_REPS: "an impossible number of reps",
    ImportProblem.IMPOSSIBLE_LOAD: "an impossible weight",
    ImportProblem.IMPOSSIBLE_EFFORT: "an RPE outside 1–10",
    ImportProblem.UNKNOWN_UNIT: "a weight unit I don't know",
    ImportProblem.NO_EXERCISE_NAME: "a row without an exercise name",
    ImportProblem.NAME_TOO_LONG: "an exercise name that is too long",
}


def format_import_failure(failure: ImportFailure) -> str:
    where = ""
    if failure.line is not None:
        column = IMPORT_WHERE_COLUMN.format(column=failure.column) if failure.column else ""
        where = IMPORT_WHERE_LINE.format(line=failure.line, column=column)
    return IMPORT_FAILED.format(problem=IMPORT_PROBLEMS[failure.reason], where=where)


def format_history_full(full: HistoryFull) -> str:
    return IMPORT_HISTORY_FULL.format(adding=full.adding, stored=full.stored)


def format_import_done(imported: Imported) -> str:
    counts, result = imported.counts, imported.result
    if counts.exercises == 0:
        return IMPORT_NOTHING_NEW
    lines = [
        IMPORT_DONE.format(
            sessions=counts.sessions, sets=counts.sets, format=IMPORT_FORMATS[result.format]
        )
    ]
    if counts.already_imported:
        lines.append(IMPORT_ALREADY.format(count=counts.already_imported))
    if result.unmatched_names:
        lines.append(IMPORT_UNMATCHED.format(names=", ".join(result.unmatched_names[:20])))
    return "\n".join(lines)
