"""The states reference data, its loader and name matching."""

from __future__ import annotations

import csv
from datetime import date

import pytest
from django.core.management import call_command

from states.models import State, StateAlias
from states.services import (
    DATA_DIR,
    StateMatcher,
    UnknownStateName,
    repair_mojibake,
    state_match,
    states_load,
)

pytestmark = pytest.mark.django_db

# How the 2018 XML spells it: UTF-8 bytes read as Latin-1.
MOJIBAKE_CIV = "C\u00c3\u00b4te d'Ivoire"


@pytest.fixture
def loaded():
    states_load()


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_the_reference_data_holds_all_193_un_members_and_both_observers():
    rows = _rows("states.csv")
    assert sum(r["un_member"] == "yes" for r in rows) == 193
    codes = {r["code"] for r in rows}
    assert {"VAT", "PSE", "COK", "NIU", "EUU"} <= codes


def test_loading_creates_historical_states_with_their_successors(loaded):
    ussr = State.objects.get(code="SUN")
    assert ussr.kind == State.Kind.HISTORICAL
    assert str(ussr.exists_until) == "1991-12-25"
    assert set(ussr.successors.values_list("code", flat=True)) >= {"RUS", "UKR", "BLR"}
    assert set(State.objects.get(code="SRB").predecessors.values_list("code", flat=True)) == {"SCG"}
    assert set(State.objects.get(code="SCG").predecessors.values_list("code", flat=True)) == {"YUG"}
    assert set(State.objects.get(code="CSK").successors.values_list("code", flat=True)) == {
        "CZE",
        "SVK",
    }


def test_organisations_and_territories_get_their_kinds(loaded):
    assert State.objects.get(code="EUU").kind == State.Kind.ORGANISATION
    assert State.objects.get(code="XOPCW").kind == State.Kind.ORGANISATION
    assert State.objects.get(code="HKG").kind == State.Kind.TERRITORY


def test_loading_twice_changes_nothing(loaded):
    states = State.objects.count()
    aliases = StateAlias.objects.count()
    history = State.history.count()
    report = states_load()
    assert not report.changed
    assert (State.objects.count(), StateAlias.objects.count()) == (states, aliases)
    assert State.history.count() == history


def test_load_states_command_reports_what_it_did():
    from io import StringIO

    out = StringIO()
    call_command("load_states", stdout=out)
    assert "states: 235 created" in out.getvalue()
    out = StringIO()
    call_command("load_states", stdout=out)
    assert "states: 0 created, 0 updated" in out.getvalue()


def test_a_state_renamed_in_the_data_file_is_updated(loaded, tmp_path):
    rows = _rows("states.csv")
    for row in rows:
        if row["code"] == "TUR":
            row["short_name"] = "Turkey (renamed for test)"
    with (tmp_path / "states.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    (tmp_path / "aliases.csv").write_text((DATA_DIR / "aliases.csv").read_text())
    report = states_load(data_dir=tmp_path)
    assert report.updated == ["TUR"]
    assert State.objects.get(code="TUR").short_name == "Turkey (renamed for test)"


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Bolivia (Plurinational State of)", "BOL"),
        ("Türkiye", "TUR"),
        ("Turkey", "TUR"),
        ("TURKIYE", "TUR"),
        ("Czechia", "CZE"),
        ("Czech Republic", "CZE"),
        ("Swaziland", "SWZ"),
        ("The former Yugoslav Republic of Macedonia", "MKD"),
        (MOJIBAKE_CIV, "CIV"),
        ("Côte d'Ivoire", "CIV"),
        ("St. Kitts and Nevis", "KNA"),
        ("Netherlands (Kingdom of the)", "NLD"),
        ("Union of Soviet Socialist Republics", "SUN"),
        (
            "Preparatory Commission for the Comprehensive Nuclear-Test-Ban Treaty Organization",
            "XCTBTO",
        ),
        ("Hong Kong", "HKG"),
        ("gbr", "GBR"),
    ],
)
def test_state_match_finds_the_uns_names(loaded, name, code):
    assert state_match(name).code == code


def test_state_match_lists_the_closest_names_for_an_unknown_name(loaded):
    with pytest.raises(UnknownStateName) as exc:
        state_match("Republic of Moldava")
    assert "Republic of Moldova (MDA)" in str(exc.value)
    assert exc.value.suggestions[0][1] == "MDA"


def test_a_matcher_matches_without_further_queries(loaded, django_assert_num_queries):
    with django_assert_num_queries(2):
        matcher = StateMatcher.from_db()
    with django_assert_num_queries(0):
        assert matcher.match("Viet Nam").code == "VNM"
        assert matcher.find("Atlantis") is None


def test_mojibake_repair_leaves_clean_names_alone():
    assert repair_mojibake(MOJIBAKE_CIV) == "Côte d'Ivoire"
    assert repair_mojibake("Côte d'Ivoire") == "Côte d'Ivoire"
    assert repair_mojibake("São Tomé") == "São Tomé"


def test_dates_of_succession_are_loaded_each_with_its_source(loaded):
    croatia = State.objects.get(code="HRV")
    assert croatia.succession_date == date(1991, 10, 8)
    assert "8 October 1991" in croatia.succession_source
    # Serbia's successions run from the Federal Republic of Yugoslavia's date, not from 2006.
    assert State.objects.get(code="SRB").succession_date == date(1992, 4, 27)
    # No source, no date: Eritrea's successions stay of unknown date.
    assert State.objects.get(code="ERI").succession_date is None
    for state in State.objects.exclude(succession_date=None):
        assert state.succession_source, state.code
