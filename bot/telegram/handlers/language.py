"""/language and the settings menu's Language entry: the language Coach speaks with a person.

Until a person has one (their first /start sets it), Coach goes by their Telegram app's.
"""

from __future__ import annotations

from telegram import BotCommand, BotCommandScopeChat, CallbackQuery, Update
from telegram.ext import BaseHandler, CommandHandler, TypeHandler

from bot.telegram import messages
from bot.telegram.callbacks import LanguageChoice
from bot.telegram.context import Context, identity
from bot.telegram.handlers import keyboards
from bot.telegram.handlers.wiring import edit_in_place, on_press
from bot.telegram.i18n import Translator, locale_for, speak, translator


def command_menu(speaks: Translator) -> list[BotCommand]:
    """The `/` menu, described in `speaks`'s language."""
    return [BotCommand(name, speaks.text(f"command.{name}")) for name in messages.COMMANDS]


async def speaking(update: Update, context: Context) -> Translator:
    """The translator of the person the update comes from."""
    who = identity(update)
    chosen = await context.services.languages.chosen(who.user_id)
    return translator(chosen or locale_for(who.language_code))


def speaking_handler() -> TypeHandler[Update, Context, None]:
    """A handler, for a group of its own before all others but the logs', that makes every
    reply to the update speak the person's language (see bot.telegram.i18n.speak). Like
    the log tags, the language stays with the update's task; blocking, so it is set before
    the next group runs."""

    async def speak_their_language(update: Update, context: Context) -> None:
        user = update.effective_user
        if user is None:
            return
        chosen = await context.services.languages.chosen(user.id)
        speak(chosen or locale_for(user.language_code))

    return TypeHandler(Update, speak_their_language, block=True)


async def keep_app_language(update: Update, context: Context) -> None:
    """At /start: the Telegram app's language becomes the person's, unless they have one."""
    who = identity(update)
    await context.services.languages.choose(who, locale_for(who.language_code), if_unset=True)


async def show_menu(update: Update, context: Context) -> None:
    message = update.effective_message
    assert message is not None
    speaks = await speaking(update, context)
    await message.reply_text(
        speaks.text("language.menu"), reply_markup=keyboards.languages(speaks.locale)
    )


async def show_menu_in_place(query: CallbackQuery, speaks: Translator) -> None:
    """The pressed message (the settings menu) becomes the language menu."""
    await edit_in_place(query, speaks.text("language.menu"), keyboards.languages(speaks.locale))


async def on_choice(update: Update, context: Context, press: LanguageChoice) -> None:
    """The language pressed becomes the person's, said in it; the menu goes, so its other
    buttons cannot be pressed by mistake. A press on an older menu sets the language it
    names, as the button showed. The chat's `/` menu follows, whatever the app's language
    (a chat's menu comes before the menus per app language)."""
    query = update.callback_query
    assert query is not None
    who = identity(update)
    await context.services.languages.choose(who, press.locale)
    await query.answer()
    chosen = translator(press.locale)
    await edit_in_place(query, chosen.text("language.set"))
    await context.bot.set_my_commands(command_menu(chosen), scope=BotCommandScopeChat(who.chat_id))


def handlers() -> list[BaseHandler[Update, Context, None]]:
    return [CommandHandler("language", show_menu), on_press(LanguageChoice, on_choice)]
