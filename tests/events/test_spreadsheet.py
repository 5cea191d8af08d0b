"""CSV cells are neutralised against spreadsheet formulas, reversibly."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from events.spreadsheet import neutralise, restore


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"],
)
def test_a_cell_a_spreadsheet_would_run_gets_an_apostrophe(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["", "Lithuania", "C.N.347.2024", "2011-03-24", "a=b"])
def test_an_ordinary_cell_is_left_alone(text):
    assert neutralise(text) == text
    assert restore(text) == text


def test_a_leading_apostrophe_is_doubled_so_that_the_escape_can_be_undone():
    assert neutralise("'=1") == "''=1"
    assert restore("''=1") == "'=1"
    assert restore("'tis") == "'tis"  # written by hand: not an escape


@given(st.text())
def test_restore_undoes_neutralise_for_every_text(text):
    assert restore(neutralise(text)) == text
