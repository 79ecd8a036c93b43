"""Coach in six languages: which one a person gets, and their texts, numbers and dates in it.

The texts are Babel/gettext catalogues (bot/telegram/locales), read as .po when first
needed: there is no compiled .mo file to forget to rebuild. A text is `{name}`-formatted
(str.format) when it is given values; numbers among them are written the language's way,
whatever the format spec ("{weight:g}" is "72.5" in English and "72,5" in German).

Which language a text is in is the language of the person being answered: the update
handler and the reminder sender set it (`speak`) for the task at hand, and `tr` reads it, so
texts need no translator passed down through every function that builds a reply.
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable

from babel.dates import format_date
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, get_decimal_symbol, get_group_symbol

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
        """The text of `key`, formatted with `values` when there are any."""
        text = self.catalogue.gettext(key)
        return text.format(**self._localised(values)) if values else text

    def plural(self, key: str, count: int, **values: object) -> str:
        """The form of `key` for `count` (Russian has three), with `{count}` written in
        this language."""
        form = self.catalogue.ngettext(key, key, count)
        return form.format(count=self.number(count), **self._localised(values))

    def number(self, value: float) -> str:
        """72.5 → "72.5" in English, "72,5" in German; 12000 → "12,000", "12.000"."""
        return format_decimal(value, locale=self.locale)

    def date(self, day: date, form: str = "medium") -> str:
        """`day` in one of Babel's forms (short, medium, long, full) or a CLDR pattern."""
        return format_date(day, format=form, locale=self.locale)

    def _localised(self, values: dict[str, object]) -> dict[str, object]:
        return {name: self._localised_value(value) for name, value in values.items()}

    def _localised_value(self, value: object) -> object:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return _Number(value, self.locale)
        return value


@dataclass(frozen=True, slots=True)
class _Number:
    """A number that formats itself with the separators of `locale`, so the texts keep
    Python's format specs ("{value:g}", "{count:,}") in every language."""

    value: float
    locale: str

    def __format__(self, spec: str) -> str:
        written = format(self.value, spec)
        return written.translate(_separators(self.locale))


@cache
def _separators(locale: str) -> dict[int, str]:
    return {ord("."): get_decimal_symbol(locale), ord(","): get_group_symbol(locale)}


def read_catalogue(directory: Traversable, locale: str) -> gettext.GNUTranslations:
    """The catalogue of `locale` under `directory` (every .po file of the language, one per
    section of the bot), as gettext reads it. Entries left empty (or fuzzy) are not in it,
    so the fallback answers for them."""
    merged = Catalog(locale=locale, domain=DOMAIN)
    for section in sorted(
        (entry for entry in (directory / locale / "LC_MESSAGES").iterdir()),
        key=lambda entry: entry.name,
    ):
        if not section.name.endswith(".po"):
            continue
        with section.open("rb") as po:
            for message in read_po(po, locale=locale):
                if not message.id:
                    continue
                if message.id in merged:
                    raise ValueError(f"{message.id!r} is in two catalogues of {locale}")
                merged.add(message.id, message.string, flags=message.flags)
    compiled = io.BytesIO()
    write_mo(compiled, merged)
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


_speaking: ContextVar[Translator] = ContextVar("speaking")


def speaking() -> Translator:
    """The language of the person being answered (English outside any update or send)."""
    return _speaking.get(translator(ENGLISH))


def speak(locale: str) -> None:
    """Answer in `locale` for the rest of the current task (an update's handling)."""
    _speaking.set(translator(locale))


@contextmanager
def speaking_in(locale: str) -> Iterator[Translator]:
    """Answer in `locale` inside the block (one person's reminder in a batch of many)."""
    token = _speaking.set(translator(locale))
    try:
        yield _speaking.get()
    finally:
        _speaking.reset(token)


def tr(key: str, **values: object) -> str:
    """The text of `key` in the language of the person being answered."""
    return speaking().text(key, **values)


def tr_count(key: str, count: int, **values: object) -> str:
    """The form of `key` for `count`, in the language of the person being answered."""
    return speaking().plural(key, count, **values)
