"""/admin for the people in ADMIN_IDS; to everyone else it is an unknown command."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import Update
from telegram.ext import ApplicationHandlerStop, CommandHandler

from bot import messages
from bot.handlers.context import Context, service
from bot.handlers.general import unknown_command
from bot.log_format import ErrorCounter
from bot.storage.admin_stats import admin_stats


def admin_handler(
    admin_ids: frozenset[int],
    sessions: async_sessionmaker[AsyncSession],
    error_counter: ErrorCounter,
) -> CommandHandler[Context, None]:
    """/admin stats for `admin_ids`; anyone else gets the unknown-command reply.

    The time comes from the coach service's clock, so tests that move it move this too.

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
            async with sessions() as session:
                stats = await admin_stats(session, service(context).clock())
            await message.reply_text(
                messages.ADMIN_STATS.format(
                    users=stats.users,
                    active_this_week=stats.active_this_week,
                    reminders_sent_today=stats.reminders_sent_today,
                    logs_today=stats.logs_today,
                    errors=error_counter.count,
                )
            )
        else:
            await message.reply_text(messages.ADMIN_USAGE)
        raise ApplicationHandlerStop

    return CommandHandler("admin", admin)
