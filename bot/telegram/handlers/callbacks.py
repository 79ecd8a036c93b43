"""Callback data shared by messages that other modules send (reminders) and their handlers."""

START_SESSION = "session:start"
ADD_BODYWEIGHT = "ob:open:bodyweight"
