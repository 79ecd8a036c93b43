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

HELP_LOGGING = (
    "Log a lift the way you'd jot it in a notebook, one exercise per message:\n\n"
    "• Hip thrust 3x10 60kg — 3 sets of 10 at 60 kg (also 3 x 10 @ 60kg, 60kg 3x10, "
    "3 sets of 10)\n"
    "• RDL 100x5 — one set of 5 at 100 (a first number over 10 is the weight)\n"
    "• 60x10x3 — 3 sets of 10 at 60\n"
    "• 10/8/6 @ 60/70/80kg, or 60x10, 70x8, 80x6 (one per line works too) — one set each\n"
    "• Nordics 3x5 bw+10 · Bulgarians 3x12 each leg 12kg dbs · 5x5 @8 (RPE 8) · 3x10 2 rir\n"
    "• RDL 5x5 @ 80% — 80% of your estimated 1RM, worked out from the sets you've logged\n\n"
    "No unit? I use yours. Dumbbells: write the weight of one (2x20kg dbs → 20 kg).\n"
    "A range (8-12) or “planning 3x10 tomorrow” is a plan, so I don't log it yet.\n\n"
    "Numbers only go to the exercise you're on, or to the one whose message you reply to. "
    "Made a typo? Edit your message and I'll update the log, or tap Undo.\n\n"
    "Logging one set at a time? Tap ⏱ Rest timer under a set (or say “rest timer on”): I tell "
    "you your rest and the next set (after an exercise's last set, the next exercise), and "
    "ping you once when the rest is over (🔕 Timer off, or “timer off”, stops it)."
)

UNKNOWN_COMMAND = "I don't know that command. /help lists what I can do."
NOT_UNDERSTOOD = "I'm not sure what you mean. /help lists what I can do."
NEED_PROFILE = "Let's set you up first: send /start and answer a few quick questions."
MENU_EXPIRED = "That menu has expired. Send the command again for a fresh one."


# --- Errors ---------------------------------------------------------------------------------

FLOOD_WARNING = (
    "Whoa, that's a lot of messages at once 🙂 Give me a few seconds' pause: "
    "I'll skip what you send until then, so resend anything that still needs an answer."
)
INTERNAL_ERROR = "Sorry, something went wrong on my side. Please try again in a moment."


# --- Admin ---------------------------------------------------------------------------------------

ADMIN_USAGE = "Admin commands: /admin stats"
ADMIN_STATS = (
    "📊 Coach stats\n"
    "People: {users}\n"
    "Active in the last 7 days: {active_this_week}\n"
    "Reminders sent in the last 24 h: {reminders_sent_today}\n"
    "Logs in the last 24 h: {logs_today}\n"
    "Errors since start: {errors}"
)
