"""/admin for the people in ADMIN_IDS; to everyone else it is an unknown command."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ApplicationHandlerStop, CommandHandler

from bot.logs.formatting import ErrorCounter
from bot.telegram.context import Context
from bot.telegram.handlers.general import unknown_command
from bot.telegram.i18n import tr


def admin_handler(
    admin_ids: frozenset[int], error_counter: ErrorCounter
) -> CommandHandler[Context, None]:
    """/admin stats for `admin_ids`; anyone else gets the unknown-command reply.

    The handler ends the update's processing, so it can sit in a group before the default
    one (-1) without the last-resort handlers answering /admin a second time.
    """

    async def admin(update: Update, context: Context) -> None:
        message, user = update.effective_message, update.effective_user
        assert message is not None
        if user is None or user.id not in admin_ids:
            # The same reply as any other unknown command, so /admin gives away nothing.
            await unknown_command(update, context)
        elif [arg.lower() for arg in context.args or []] == ["stats"]:
            stats = await context.services.admin.stats()
            await message.reply_text(
                tr(
                    "general.admin_stats",
                    users=stats.users,
                    active_this_week=stats.active_this_week,
                    reminders_sent_today=stats.reminders_sent_today,
                    logs_today=stats.logs_today,
                    errors=error_counter.count,
                )
            )
        else:
            await message.reply_text(tr("general.admin_usage"))
        raise ApplicationHandlerStop

    return CommandHandler("admin", admin)
