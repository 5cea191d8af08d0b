"""The one matcher of the League of Nations' list's names against a state's names."""

from __future__ import annotations

from states.names import league_entries_naming, league_key

ENTRIES = [
    {"who": "The Netherlands", "kind": "ratification", "date": "1928-01-07"},
    {"who": "Belgium", "kind": "ratification", "date": "1927-09-23"},
    {"who": "Theocratia", "kind": "accession", "date": "1930-01-01"},
]


def test_a_leading_article_case_and_accents_do_not_count():
    assert league_key("The  Netherlands") == league_key("netherlands") == "netherlands"
    assert league_key("Côte d'Ivoire") == "cote d ivoire"
    # Only the article "the " is dropped, not a name that starts with those letters.
    assert league_key("Theocratia") == "theocratia"


def test_entries_are_those_naming_one_of_the_states_names():
    assert league_entries_naming(ENTRIES, ["Netherlands", "Kingdom of the Netherlands"]) == [
        ENTRIES[0]
    ]
    assert league_entries_naming(ENTRIES, ["Brazil", ""]) == []
