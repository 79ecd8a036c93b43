"""Commands, help, errors and the replies of last resort."""

from __future__ import annotations

from bot.telegram.messages.data import IMPORT_LIMITS

COMMANDS: tuple[tuple[str, str], ...] = (
    ("start", "Set up your training plan"),
    ("plan", "Your week of training"),
    ("today", "Today's session or recovery advice"),
    ("readiness", "The quick check before a session: on or off"),
    ("swap", "Swap an exercise of today's session"),
    ("dumbbells", "The dumbbells or kettlebells you own"),
    ("weight", "Note your bodyweight; your protein target follows it"),
    ("travel", "Train with what you have while away, for some days"),
    ("done", "Finish today's session"),
    ("undo", "Remove your last log"),
    ("history", "Your recent sessions"),
    ("reminders", "Your reminders: on, off, times"),
    ("pause", "Pause reminders for some days"),
    ("resume", "Turn reminders back on"),
    ("progress", "Charts of your progress"),
    ("stats", "Sessions, streak, volume and records"),
    ("export", "Download your history (CSV; /export json for all)"),
    ("import", "Import a Strong or Hevy CSV"),
    ("delete_me", "Delete everything I store about you"),
    ("settings", "Change your answers and rebuild the plan"),
    ("help", "What Coach can do"),
    ("cancel", "Stop what we are doing"),
)

HELP = (
    "I'm Coach, your glute and hamstring training partner.\n\n"
    "/start – set up your plan (goal, experience, equipment, days)\n"
    "/plan – your week of training\n"
    "/today – today's session, or recovery advice on rest days\n"
    "/readiness on|off – the quick check before a session (sleep, soreness, pain); you can "
    "also just tell me “my knee hurts” or “slept badly”\n"
    "/swap – swap an exercise of today's session for one that fits your equipment\n"
    "/dumbbells – the dumbbells or kettlebells you own, so loads fit them\n"
    "/travel – train with only what you have (bands, bodyweight, hotel gym…) for some days: "
    "tick it and tap the days, or type /travel bands 7; /travel again shows the period, with "
    "Back home to end it early\n"
    "Can't train today? Say so (or tap the button on the reminder): I move the session to "
    "a later day this week\n"
    "/done – finish today's session with a summary\n"
    "/undo – remove your last log\n"
    "/history [exercise] – your recent sessions\n"
    "/reminders – switch reminders on or off and change their times\n"
    "/pause N – no reminders for N days; /resume to turn them back on\n"
    "/settings – change any answer; the plan is rebuilt. 🧭 Coaching there switches each "
    "part on or off: the quick check, the rest timer, “Can't train today” on the reminder, "
    "replies to how you feel, and a plan without a region that keeps hurting (say “my knee "
    "is fine now” to bring it back)\n"
    "/weight 72.5 (or 160 lb) – note today's bodyweight (or just tell me “I weigh 72.5 kg”); "
    "your protein target follows it\n"
    "/progress [exercise] – charts of your progress and bodyweight; /stats – the numbers\n"
    "/export – your history as CSV (/export json: your whole account); /import – add a "
    f"Strong or Hevy CSV ({IMPORT_LIMITS})\n"
    "/delete_me – delete everything I store about you\n"
    "/cancel – stop the current question\n"
    "/help logging – how to write what you did\n\n"
    "During a workout just reply with what you did: “RDL 80kg 3x8”, “3x10 @ 60” or "
    "“10,10,8 at 50kg”."
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
