"""The small pieces many texts share, written the person's language's way: lists, units,
loads and dates.

Date (and time) forms are CLDR patterns kept in the catalogues ("formats.date_log" is
"EEE dd MMM" in English, "EEE, dd. MMM" in German), so each language orders and punctuates
them its own way while Babel supplies the names of its days and months.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from bot.core.profile import Units
from bot.telegram.i18n import speaking, tr


def list_join(items: Iterable[str]) -> str:
    """ "A", "A and B", "A, B and C" in the person's language."""
    named = list(items)
    if len(named) < 2:
        return "".join(named)
    return tr("formats.list_join", items=", ".join(named[:-1]), last=named[-1])


def unit_word(unit: Units | str) -> str:
    """How the person's language writes a unit of load ("kg", "кг"); a unit Coach does not
    know (none is stored) is shown as it came."""
    match str(unit):
        case Units.KG.value:
            return tr("formats.unit_kg")
        case Units.LB.value:
            return tr("formats.unit_lb")
        case other:
            return other


def format_load(weight: float, unit: Units | str) -> str:
    """ "72.5 kg", "72,5 кг"."""
    return tr("formats.load", weight=weight, unit=unit_word(unit))


def format_numbers(numbers: Iterable[float], unit: Units) -> str:
    """ "5, 7.5, 10 kg"; "5; 7,5; 10 kg" where a comma is the decimal mark."""
    separator = tr("formats.number_separator")
    written = separator.join(speaking().number(number) for number in numbers)
    return tr("formats.numbers", numbers=written, unit=unit_word(unit))


def format_date(day: date, form: str) -> str:
    """`day` in the catalogues' pattern `form` ("formats.date_log")."""
    return speaking().date(day, tr(form))
