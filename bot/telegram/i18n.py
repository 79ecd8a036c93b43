"""Coach in six languages: which one a person gets, and their texts, numbers and dates in it.

The texts are Babel/gettext catalogues (bot/telegram/locales), read as .po when first
needed: there is no compiled .mo file to forget to rebuild. A text is `{name}`-formatted
(str.format), so a literal brace in a catalogue is written twice.
"""

from __future__ import annotations

import gettext
import io
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable

from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

ENGLISH = "en"
# In the order /language shows them, each named in its own language.
LANGUAGE_NAMES: dict[str, str] = {
    "en": "English",
    "ru": "Русский",
    "es": "Español",
    "de": "Deutsch",
    "pt_BR": "Português (Brasil)",
    "uk": "Українська",
}
LOCALES = tuple(LANGUAGE_NAMES)
DOMAIN = "coach"


def locale_for(language_code: str | None) -> str:
    """The locale for Telegram's `language_code` (an IETF tag: "ru", "pt-br", "de-AT",
    "es-419"): its language's, whatever the region, and English for one Coach lacks."""
    language = (language_code or "").replace("_", "-").split("-")[0].lower()
    if language == "pt":
        return "pt_BR"  # the one Portuguese Coach speaks
    return language if language in LOCALES else ENGLISH


def command_language(locale: str) -> str:
    """The code setMyCommands takes for `locale`: Telegram's menus are per language only."""
    return locale.split("_")[0]


@dataclass(frozen=True, slots=True)
class Translator:
    """One language's texts, numbers and dates."""

    locale: str
    catalogue: gettext.NullTranslations

    def text(self, key: str, **values: object) -> str:
        return self.catalogue.gettext(key).format(**values)

    def plural(self, key: str, count: int, **values: object) -> str:
        """The form of `key` for `count` (Russian has three), with `{count}` written in
        this language."""
        form = self.catalogue.ngettext(key, key, count)
        return form.format(count=self.number(count), **values)

    def number(self, value: float) -> str:
        """72.5 → "72.5" in English, "72,5" in German; 12000 → "12,000", "12.000"."""
        return format_decimal(value, locale=self.locale)

    def date(self, day: date, form: str = "medium") -> str:
        """`day` in one of Babel's forms (short, medium, long, full) or a CLDR pattern."""
        return format_date(day, format=form, locale=self.locale)


def read_catalogue(directory: Traversable, locale: str) -> gettext.GNUTranslations:
    """The catalogue of `locale` under `directory`, as gettext reads it. Entries left empty
    (or fuzzy) are not in it, so the fallback answers for them."""
    with (directory / locale / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as po:
        catalogue = read_po(po, locale=locale, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalogue)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def load(directory: Traversable, locale: str) -> Translator:
    """`locale`'s translator from the catalogues under `directory`, English behind it."""
    english = read_catalogue(directory, ENGLISH)
    if locale == ENGLISH:
        return Translator(ENGLISH, english)
    texts = read_catalogue(directory, locale)
    texts.add_fallback(english)
    return Translator(locale, texts)


@cache
def translator(locale: str) -> Translator:
    """The translator of one of LOCALES (English for any other), read once per process."""
    return load(files("bot.telegram.locales"), locale if locale in LOCALES else ENGLISH)
