"""CSV cells that a spreadsheet shows as text instead of running them as formulas.

Spreadsheet programs read a cell beginning with ``=``, ``+``, ``-`` or ``@`` as a formula (and
some skip a leading tab or carriage return before looking), so an editor's note such as
``=HYPERLINK("http://…")`` in a download would run on the reader's machine. Every CSV we write
(the API's ``?format=csv``, the participants download, the interchange export of the admin and
``export_events``) passes its text cells through :func:`neutralise`, which puts an apostrophe
before such a cell: spreadsheets show the rest as text.

A cell that already begins with an apostrophe gets a second one, so the escape is reversible:
``restore(neutralise(text)) == text`` for every text. The interchange importer calls
:func:`restore`, so export → import reproduces the events exactly (docs/data-format.md).
"""

from __future__ import annotations

#: What a spreadsheet may read as the start of a formula (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"
_ESCAPED = (*FORMULA_STARTS, ESCAPE)


def neutralise(text: str) -> str:
    """``text`` as a cell no spreadsheet runs: an apostrophe before a formula's first
    character (or before an apostrophe, to keep the escape reversible)."""
    return ESCAPE + text if text.startswith(_ESCAPED) else text


def restore(cell: str) -> str:
    """The text :func:`neutralise` turned into ``cell``; any other cell as it is."""
    if cell.startswith(ESCAPE) and cell[1:2] and cell[1:].startswith(_ESCAPED):
        return cell[1:]
    return cell
