"""Every piece of text a person reads, in one place so wording and translations are easy.

One module per section of the bot; this package gathers them, so callers write
`messages.ASK_GOAL` whichever section a text belongs to.

The texts themselves are in the catalogues of bot/telegram/locales, one per section and
language, keyed "<section>.<name>"; these modules put them together (`tr("plans.rest_day")`,
lists, dates, units), always in the language of the person being answered (see
`bot.telegram.i18n`).

All texts are plain text: the bot sends them with no parse mode, so nothing a person typed
(or a name) can break the formatting.
"""

from bot.telegram.messages.away import *  # noqa: F403
from bot.telegram.messages.bodyweight import *  # noqa: F403
from bot.telegram.messages.chat import *  # noqa: F403
from bot.telegram.messages.coaching import *  # noqa: F403
from bot.telegram.messages.data import *  # noqa: F403
from bot.telegram.messages.exercises import *  # noqa: F403
from bot.telegram.messages.formats import *  # noqa: F403
from bot.telegram.messages.general import *  # noqa: F403
from bot.telegram.messages.labels import *  # noqa: F403
from bot.telegram.messages.onboarding import *  # noqa: F403
from bot.telegram.messages.plans import *  # noqa: F403
from bot.telegram.messages.programme import *  # noqa: F403
from bot.telegram.messages.progress import *  # noqa: F403
from bot.telegram.messages.readiness import *  # noqa: F403
from bot.telegram.messages.reminders import *  # noqa: F403
from bot.telegram.messages.workouts import *  # noqa: F403
