"""Commands, help, errors and the replies of last resort."""

from __future__ import annotations

# The `/` menu, in order; each one's description is the catalogues' "command.<name>".
COMMANDS: tuple[str, ...] = (
    "start",
    "plan",
    "today",
    "readiness",
    "swap",
    "dumbbells",
    "weight",
    "travel",
    "done",
    "undo",
    "history",
    "reminders",
    "pause",
    "resume",
    "progress",
    "stats",
    "export",
    "import",
    "delete_me",
    "settings",
    "language",
    "help",
    "cancel",
)


# --- Errors ---------------------------------------------------------------------------------


# --- Admin ---------------------------------------------------------------------------------------
