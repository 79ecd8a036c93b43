"""Text cells a spreadsheet would run as formulas, made inert on export and read back exactly.

OWASP's CSV Injection page (https://owasp.org/www-community/attacks/CSV_Injection): a
spreadsheet that opens a CSV reads a cell beginning with =, +, -, @, tab or carriage return
as a formula, so an exercise imported as `=HYPERLINK(...)` or `=cmd|' /C calc'!A0` would run
on the machine of whoever opens the export. Its remedy, followed here: no cell begins with
one of those characters, as a single quote is put before the ones that would (spreadsheets
read it as "this cell is text"), and text cells are wrapped in double quotes with their
double quotes doubled (`export_csv` writes them so), which keeps a cell whole in a
spreadsheet that splits on ";" or tabs.

A name is data, never a formula: it is stored as the person wrote it and only the export
neutralises it. For reading it back exactly, a name that begins with quotes followed by a
formula character gets one quote more, so that `restore_formula` can take exactly one away:
`'=x` is exported as `''=x` and `=x` as `'=x`, and each reads back as itself. Every other
cell, a leading quote included, is written as it is.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_TEXT_MARK = "'"


def neutralise_formula(cell: str) -> str:
    """`cell` as a spreadsheet shows it as text, with a quote before it if needed."""
    if cell.lstrip(_TEXT_MARK).startswith(FORMULA_STARTS):
        return _TEXT_MARK + cell
    return cell


def restore_formula(cell: str) -> str:
    """The text `neutralise_formula` was given: the inverse for every cell it writes."""
    if cell.startswith(_TEXT_MARK) and cell.lstrip(_TEXT_MARK).startswith(FORMULA_STARTS):
        return cell[1:]
    return cell
