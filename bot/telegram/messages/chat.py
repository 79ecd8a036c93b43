"""The local terminal chat (`coach chat`)."""

from __future__ import annotations

CHAT_BANNER = (
    "Local chat with Coach — no Telegram token set. "
    "Type a message; a number presses that button; /chathelp lists the rest; Ctrl-D quits."
)
CHAT_WEBAPP = "Today's session in the Mini App (valid for a day): open {url} in your browser."
CHAT_HELP = """\
The local chat, as in Telegram (#N is the number shown beside a message):
  any text            send it to Coach
  K                   press button K of the newest message with buttons
  #N.K                press button K of message #N
  /reply N TEXT       reply to message #N
  /edit N TEXT        edit your message #N
  /send PATH          send a file as a document (try /import with a CSV)
  /location LAT LON   share a location, e.g. /location 40.42 -3.70
  /clock [+1d2h30m]   the bot's time (UTC); move it forward by days, hours, minutes,
  /clock 2026-12-07 07:55   or to a UTC moment: reminders due by then arrive
  /chathelp or ?      this list
  Ctrl-D              quit
Files Coach sends are saved under {files_dir}."""
# One line per message: who and its number, then marks such as (edited), then the text.
CHAT_LINE = "{who}{marks}: {text}"
CHAT_BOT = "Coach #{number}"
CHAT_YOU = "You #{number}"
CHAT_EDITED = " (edited)"
CHAT_REPLY_TO = " (reply to #{number})"
CHAT_PHOTO = "[photo]"
CHAT_DOCUMENT = "[document {name}]"
CHAT_LOCATION = "[location {latitude}, {longitude}]"
CHAT_FILE_SAVED = "  (saved to {path})"
CHAT_PRESSED = "You pressed [{button}] {text} on #{number}"
CHAT_ALERT = "Coach (alert): {text}"
CHAT_NOTICE = "Coach (notice): {text}"
CHAT_LINK_BUTTON = "(Button {number} opens {url} — open it in your browser.)"
CHAT_UNPRESSABLE_BUTTON = "(Button {number} can't be pressed in the local chat.)"
CHAT_NO_BUTTON = "(Message #{message} has no button {number} to press.)"
CHAT_NO_MESSAGE = "(There is no message #{number} in this chat.)"
CHAT_NOT_YOUR_TEXT = "(#{number} is not a text message of yours: only those can be edited.)"
CHAT_USAGE = "(Usage: {usage} — /chathelp lists the chat's commands.)"
CHAT_CANNOT_SEND = "(Can't send {path}: {reason})"
CHAT_FILE_TOO_BIG = "larger than {megabytes} MB"
CHAT_CLOCK = "(Coach's clock: {now} UTC.)"
CHAT_CLOCK_USAGE = "/clock, /clock +1d2h30m or /clock 2026-12-07 07:55 (UTC)"
CHAT_CLOCK_BACKWARDS = "(The clock only goes forward: Coach has stored what happened until now.)"
CHAT_NO_CLOCK = "(This bot's clock can't be moved.)"
