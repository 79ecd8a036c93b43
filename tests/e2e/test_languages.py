"""Coach in the person's language: their Telegram app's until they choose, /language and
/settings → Language to choose, and the `/` menu in each language Coach speaks."""

from __future__ import annotations

from telegram import BotCommandScopeChat

from bot.emulator import BotApiEmulator, BotMessage, ChatUser
from bot.telegram import messages
from bot.telegram.context import CoachApplication
from bot.telegram.handlers.general import help_text
from bot.telegram.i18n import LANGUAGE_NAMES, speaking_in, translator
from tests.e2e.handled import Replies
from tests.support.onboarding import onboard

App = CoachApplication
RU, ES, DE, UK = (translator(locale) for locale in ("ru", "es", "de", "uk"))


async def _language_menu(user: ChatUser, replies: Replies) -> BotMessage:
    await user.send_text("/language")
    (menu,) = await replies(user)
    return menu


async def _help(user: ChatUser, replies: Replies) -> str:
    await user.send_text("/help")
    (answer,) = await replies(user)
    return answer.text


async def test_a_russian_app_gets_russian_help_and_a_russian_menu(
    emulator: BotApiEmulator, coach: App, replies: Replies
) -> None:
    user = emulator.user(4501, language_code="ru")
    assert await _help(user, replies) == help_text(RU)
    assert "20\u00a0000" in help_text(RU)  # the import limits, as Russian writes numbers
    russian = await coach.bot.get_my_commands(language_code="ru")
    assert [(c.command, c.description) for c in russian] == [
        (name, RU.text(f"command.{name}")) for name in messages.COMMANDS
    ]
    assert russian[0].description == "Составить план тренировок"
    english = await coach.bot.get_my_commands()
    assert english[0].description == "Set up your training plan"
    brazilian = await coach.bot.get_my_commands(language_code="pt")
    assert brazilian[0].description == "Monte seu plano de treino"


async def test_an_app_in_a_language_coach_lacks_gets_english(
    emulator: BotApiEmulator, coach: App, replies: Replies
) -> None:
    user = emulator.user(4502, language_code="fr")
    assert await _help(user, replies) == help_text(translator("en"))


async def test_language_switches_to_spanish_and_help_follows(
    emulator: BotApiEmulator, coach: App, replies: Replies
) -> None:
    user = emulator.user(4503, language_code="ru")
    menu = await _language_menu(user, replies)
    assert menu.text == RU.text("language.menu")
    assert menu.button_texts == [
        "English",
        "✅ Русский",
        "Español",
        "Deutsch",
        "Português (Brasil)",
        "Українська",
    ]
    await user.press(LANGUAGE_NAMES["es"], message=menu)
    (done,) = await replies(user)
    assert done.message_id == menu.message_id  # the menu becomes the answer, without buttons
    assert done.text == ES.text("language.set")
    assert done.keyboard is None
    assert await _help(user, replies) == help_text(ES)
    assert (await _language_menu(user, replies)).button_texts[2] == "✅ Español"
    # The chat's `/` menu is Spanish now, although the app is in Russian.
    chat_menu = await coach.bot.get_my_commands(scope=BotCommandScopeChat(user.user_id))
    assert [c.description for c in chat_menu] == [
        ES.text(f"command.{name}") for name in messages.COMMANDS
    ]


async def test_delete_me_forgets_the_language_and_the_chats_menu(
    emulator: BotApiEmulator, coach: App, replies: Replies
) -> None:
    user = emulator.user(4509, language_code="uk")
    with speaking_in("uk"):  # the app's language, which the bot speaks
        await onboard(user)
    await replies(user)
    await user.press(LANGUAGE_NAMES["de"], message=await _language_menu(user, replies))
    await replies(user)
    await user.send_text("/delete_me")
    (question,) = await replies(user)
    await user.press(DE.text("data.button_delete_everything"), message=question)
    await replies(user)
    assert await coach.bot.get_my_commands(scope=BotCommandScopeChat(user.user_id)) == ()
    assert await _help(user, replies) == help_text(UK)  # the app's language again


async def test_an_older_menu_sets_the_language_its_button_names(
    emulator: BotApiEmulator, coach: App, replies: Replies
) -> None:
    user = emulator.user(4504, language_code="en")
    older = await _language_menu(user, replies)
    newer = await _language_menu(user, replies)
    await user.press(LANGUAGE_NAMES["es"], message=newer)
    await replies(user)
    await user.press(LANGUAGE_NAMES["de"], message=older)
    (done,) = await replies(user)
    assert (done.message_id, done.text) == (older.message_id, DE.text("language.set"))
    assert await _help(user, replies) == help_text(DE)


async def test_a_forged_language_is_refused_and_changes_nothing(
    emulator: BotApiEmulator, coach: App, replies: Replies
) -> None:
    user = emulator.user(4505, language_code="es")
    menu = await _language_menu(user, replies)
    await user.press_data("lang:set:fr", message=menu)
    await user.press_data("lang:set:pt-BR", message=menu)
    assert await replies(user) == []
    assert [a.text for a in emulator.callback_answers[-2:]] == [ES.text("general.menu_expired")] * 2
    assert await _help(user, replies) == help_text(ES)


async def test_the_first_start_keeps_the_app_language_and_later_ones_keep_the_choice(
    emulator: BotApiEmulator, coach: App, replies: Replies
) -> None:
    user = emulator.user(4506, language_code="de")
    with speaking_in("de"):  # the app's language, which the bot speaks
        await onboard(user)
    await replies(user)
    assert await _help(user, replies) == help_text(DE)
    await user.press(LANGUAGE_NAMES["uk"], message=await _language_menu(user, replies))
    await replies(user)
    await user.send_text("/start")  # welcomed back: the choice stays
    await replies(user)
    assert await _help(user, replies) == help_text(UK)


async def test_settings_has_a_language_entry(
    emulator: BotApiEmulator, coach: App, replies: Replies
) -> None:
    user = emulator.user(4507, language_code="uk")
    with speaking_in("uk"):  # the app's language, which the bot speaks
        await onboard(user)
    await replies(user)
    await user.send_text("/settings")
    (settings,) = await replies(user)
    await user.press(UK.text("settings.language"), message=settings)
    (menu,) = await replies(user)
    assert (menu.message_id, menu.text) == (settings.message_id, UK.text("language.menu"))
    await user.press(LANGUAGE_NAMES["ru"], message=menu)
    (done,) = await replies(user)
    assert done.text == RU.text("language.set")
    assert await _help(user, replies) == help_text(RU)


async def test_a_language_chosen_mid_way_through_start_leaves_the_question_waiting(
    emulator: BotApiEmulator, coach: App, replies: Replies
) -> None:
    user = emulator.user(4508, language_code="ru")
    await user.send_text("/start")
    _welcome, question = await replies(user)
    assert question.text == RU.text("onboarding.ask_goal")  # the app's language
    await user.press(LANGUAGE_NAMES["es"], message=await _language_menu(user, replies))
    (done,) = await replies(user)
    assert done.text == ES.text("language.set")
    await user.press(question.button_texts[0], message=question)
    assert (await replies(user))[-1].text.endswith(ES.text("onboarding.ask_experience"))
