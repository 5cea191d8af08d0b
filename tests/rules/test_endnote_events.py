"""The depositary's endnotes read as dated acts of the state they are attached to
(``rules.depositary.endnote_events``), on sentences of the 2018 MTDSG files."""

from __future__ import annotations

import time
from datetime import date

import pytest

from rules.depositary.endnote_events import (
    APPLIED,
    EXCLUDED,
    EXCLUSION_WITHDRAWN,
    WITHDRAWAL,
    names_of,
    read_note_acts,
)

UNCCD = (
    "United Nations Convention to Combat Desertification in those Countries Experiencing "
    "Serious Drought and/or Desertification, Particularly in Africa"
)
CANADA = (
    "Canada had signed the Convention on 14 October 1994 and had ratified it subsequently on "
    "1 December 1995. Thereafter, on 28 March 2013, in accordance with its article 38 (2), the "
    "Government of Canada had notified the Secretary-General of its decision to withdraw from "
    "the Convention. The withdrawal took effect on 28 March 2014. On 21 December 2016, Canada "
    "deposited with the Secretary-General an instrument of accession to the Convention. "
)
ICCPR_OP = "Optional Protocol to the International Covenant on Civil and Political Rights"


def _acts(note: str, title: str, *names: str) -> list[tuple[str, date, date | None]]:
    reading = read_note_acts(note, title, names_of(*names))
    return [(a.kind, a.date, a.effective) for a in reading.acts]


def test_canada_s_history_of_the_unccd():
    assert _acts(CANADA, UNCCD, "Canada") == [
        ("ratification", date(1995, 12, 1), None),
        (WITHDRAWAL, date(2013, 3, 28), date(2014, 3, 28)),
        ("accession", date(2016, 12, 21), None),
    ]


def test_the_object_must_be_the_treaty_the_title_names():
    # The same words in a protocol's notes are about its convention, not about it.
    assert _acts(CANADA, "Protocol on Something to the Convention", "Canada") == []
    # Another convention named in full is not this one.
    note = (
        "On 1 January 1990, the Government of the Federal Republic of Germany denounced the "
        "Convention relating to a Uniform Law on the International Sale of Goods."
    )
    title = "United Nations Convention on Contracts for the International Sale of Goods"
    assert _acts(note, title, "Germany", "Federal Republic of Germany") == []
    # The treaty named in full is this one.
    note = (
        "On 1 September 1994, the Government of Barbados notified the Secretary-General that it "
        "decided to denounce the International Sugar Agreement, 1992 with effect from on "
        "1 October 1994."
    )
    assert _acts(note, "International Sugar Agreement, 1992", "Barbados") == [
        (WITHDRAWAL, date(1994, 9, 1), date(1994, 10, 1))
    ]


def test_the_withdrawal_of_a_reservation_is_not_a_withdrawal():
    note = (
        "On 13 January 1998, the Government of Spain notified the Secretary-General that it had "
        "decided to withdraw its reservation made upon ratification."
    )
    reading = read_note_acts(note, "Second Optional Protocol", ["Spain"])
    assert reading.acts == [] and reading.undated == []


@pytest.mark.parametrize(
    ("note", "title", "names", "expected"),
    [
        (  # effect in the same sentence, after a semicolon
            "By a notification received by the Secretary-General on 2 April 1965, the Government"
            " of Madagascar denounced the Convention; the denunciation took effect on 2 April"
            " 1966.",
            "Convention relating to the Status of Stateless Persons",
            ("Madagascar",),
            [(WITHDRAWAL, date(1965, 4, 2), date(1966, 4, 2))],
        ),
        (  # "the Government" alone continues the state's sentence before it
            "The Government of the Plurinational State of Bolivia originally deposited its"
            " instrument of accession to the Convention on 23 September 1976. On 29 June 2011,"
            " the Government notified the Secretary-General that it had decided to denounce the"
            " Convention. In accordance with article 46 (2), the denunciation took effect on"
            " 1 January 2012.",
            "Single Convention on Narcotic Drugs, 1961",
            ("Bolivia (Plurinational State of)",),
            [
                ("accession", date(1976, 9, 23), None),
                (WITHDRAWAL, date(2011, 6, 29), date(2012, 1, 1)),
            ],
        ),
        (  # "i.e., on D" after the rule in words
            "The Secretary-General received on 1 March 1976, a communication from the Government"
            " of Senegal denouncing this Convention and specifying that the denunciation would"
            " take effect on the thirtieth day from its receipt, i.e., on 30 March 1976.",
            "Convention on the Continental Shelf",
            ("Senegal",),
            [(WITHDRAWAL, date(1976, 3, 1), date(1976, 3, 30))],
        ),
        (  # "form" for "from", as printed; "effective on"
            "In a communication received on 14 January 2013, the Government of Canada informed"
            " the Secretary-General of the withdrawal of Canada form the Agreement effective on"
            " 14 April 2013.",
            "International Agreement on the International Sugar Organization",
            ("Canada",),
            [(WITHDRAWAL, date(2013, 1, 14), date(2013, 4, 14))],
        ),
        (  # "which shall take effect on"
            "On 30 December 2016, the Government of Poland notified the Secretary-General of its"
            " decision to withdraw from the Statutes which shall take effect on 30 December 2017"
            " in accordance with article 17 of the Statues.",
            "Statutes of the International Centre for Genetic Engineering and Biotechnology",
            ("Poland",),
            [(WITHDRAWAL, date(2016, 12, 30), date(2017, 12, 30))],
        ),
        (  # "The action will become effective for Australia on"
            "On 1 September 2004, the Government of Australia informed the Secretary-General that"
            " it had decided to denounce the Agreement. The action will become effective for"
            " Australia on 31 July 2007, in accordance with its article 9, Section 1(b).",
            "Agreement establishing the Common Fund for Commodities",
            ("Australia",),
            [(WITHDRAWAL, date(2004, 9, 1), date(2007, 7, 31))],
        ),
        (  # a withdrawal without a stated effect: the rules will say when
            "On 23 October 1997, the Government of Jamaica notified the Secretary-General of its"
            " denunciation of the Protocol.",
            ICCPR_OP,
            ("Jamaica",),
            [(WITHDRAWAL, date(1997, 10, 23), None)],
        ),
        (  # two acts of one sentence, each with its own date
            "On 19 January 1993, The Government of Barbados deposited a Notification of"
            " Provisional Application of the Agreement and on 20 January 1993, the Government of"
            " Barbados ratified the Agreement.",
            "International Sugar Agreement, 1992",
            ("Barbados",),
            [("ratification", date(1993, 1, 20), None)],
        ),
        (  # "signed and ratified ... on D1 and D2, respectively": the ratification on D2
            "It is recalled that the Government of Australia had signed and ratified the"
            " Constitution on 3 March 1980 and 12 July 1982, respectively.",
            "Constitution of the United Nations Industrial Development Organization",
            ("Australia",),
            [("ratification", date(1982, 7, 12), None)],
        ),
    ],
)
def test_real_sentences(note, title, names, expected):
    assert _acts(note, title, *names) == expected


def test_acts_of_others_are_not_the_state_s():
    title = "Convention relating to the Status of Refugees"
    # A predecessor, a former regime, another state's objection quoting the state.
    for note, names in [
        ("The Republic of Viet Nam had acceded to the Convention on 10 May 1973.", ("Viet Nam",)),
        (
            "Czechoslovakia had acceded to the Convention on 7 September 1955.",
            ("Czech Republic", "Czechia"),
        ),
        (
            "The Convention was accepted on behalf of the Republic of China on 1 July 1958.",
            ("China",),
        ),
    ]:
        assert _acts(note, title, *names) == [], note
    note = (
        "The Government of Trinidad and Tobago acceded to the Optional Protocol on 14 November"
        " 1980. The Secretary-General received communications from the following States on the"
        " dates indicated hereinafter: France (9 September 1999): While article 12 of the"
        " Protocol provides that any State Party may denounce the Protocol ..."
    )
    assert _acts(note, ICCPR_OP, "Trinidad and Tobago") == [("accession", date(1980, 11, 14), None)]
    # A government's letter quoted in the note is its words, not the depositary's account.
    note = (
        'The Government of New Zealand wrote: "... the Government of New Zealand ratified the'
        ' Convention on 2 June 1987; ..."'
    )
    ozone = "Vienna Convention for the Protection of the Ozone Layer"
    assert _acts(note, ozone, "New Zealand") == []


@pytest.mark.parametrize(
    ("note", "title", "name"),
    [
        (  # withdrawn again
            "On 15 May 2001, the Government of Brazil notified the Secretary-General that it had"
            " decided to withdraw from the Statutes, the date of effect being 14 May 2002."
            " Subsequently, in a communication received on 9 May 2002, the Government of Brazil"
            " notified the Secretary-General that it had decided to withdraw its notification of"
            " withdrawal of 15 May 2001.",
            "Statutes of the International Centre for Genetic Engineering and Biotechnology",
            "Brazil",
        ),
        (  # suspended
            "On 27 March 1997, the Government of Trinidad and Tobago notified the"
            " Secretary-General of its denunciation of the Agreement. The withdrawal was to take"
            " effect on 27 September 1997. On 26 September 1997, the Government of Trinidad and"
            " Tobago notified the Secretary-General of its decision to suspend the withdrawal"
            " from the Agreement.",
            "Agreement establishing the Common Fund for Commodities",
            "Trinidad and Tobago",
        ),
        (  # the instrument itself withdrawn
            "By a depositary notification the Secretary-General has communicated that on"
            " 6 December 1950 the Government of Greece has deposited the instrument of acceptance"
            " to the Convention on the Intergovernmental Maritime Consultative Organization."
            " Subsequently, on 6 April 1956, the Secretary-General has issued a depositary"
            " notification notifying the withdrawal by the Government of Greece of its instrument"
            " of acceptance of the Convention on the Intergovernmental Maritime Consultative"
            " Organization.",
            "Convention on the Intergovernmental Maritime Consultative Organization",
            "Greece",
        ),
        (  # disputed
            "The Secretary-General received, on 9 June 1971, a communication from the Government"
            " of Senegal denouncing this Convention. In this connection, a communication from"
            ' the Government of the United Kingdom stated: "... the purported denunciation by'
            ' the Government of Senegal ..."',
            "Convention on the Territorial Sea and the Contiguous Zone",
            "Senegal",
        ),
    ],
)
def test_a_note_that_undoes_what_it_tells_is_quoted_not_read(note, title, name):
    reading = read_note_acts(note, title, names_of(name))
    assert reading.acts == [] and reading.refused and reading.undated


def test_a_withdrawal_for_part_of_the_territory_is_quoted_not_read():
    note = (
        "On 30 July 1985, the Secretary-General received from the Government of the Netherlands a"
        " notification of denunciation of the said Protocol and Convention. The notification"
        " specifies that the denunciation shall apply in respect of the Kingdom in Europe only."
    )
    reading = read_note_acts(note, "Protocol amending the Convention", names_of("Netherlands"))
    assert reading.acts == [] and reading.unread_withdrawal


def test_history_without_a_date_is_kept_to_be_quoted():
    note = (
        "Following denunciation, the Plurinational State of Bolivia re-acceded to the Convention"
        " with a reservation. On 27 March 2000, the Government of Bolivia notified the"
        " Secretary-General that it had decided to denounce the Convention for the second time"
        " with effect from 27 June 2000 and on 1 July 2000 something else."
    )
    names = names_of("Bolivia (Plurinational State of)")
    reading = read_note_acts(note, "Single Convention", names)
    assert reading.acts == []
    assert len(reading.undated) == 2 and reading.unread_withdrawal


def test_territorial_statements_are_read_as_evidence():
    reading = read_note_acts(
        "With a territorial exclusion in respect of the Faroe Islands. Subsequently, on"
        " 29 August 2005, the Government of Denmark informed the Secretary-General that Denmark"
        " withdraws its declaration made upon ratification to the effect that the Optional"
        " Protocol should not apply to the Faroe Islands.",
        ICCPR_OP,
        names_of("Denmark"),
    )
    assert [(t.kind, t.territory, t.date) for t in reading.territories] == [
        (EXCLUDED, "the Faroe Islands", None),
        (EXCLUSION_WITHDRAWN, "the Faroe Islands", date(2005, 8, 29)),
    ]
    reading = read_note_acts(
        "For the United Kingdom, the British Virgin Islands. Subsequently, on 24 December 1996,"
        " the Government of the United Kingdom notified the Secretary-General that the"
        " Convention would apply to Montserrat.",
        UNCCD,
        names_of("United Kingdom of Great Britain and Northern Ireland", "United Kingdom"),
    )
    assert [(t.kind, t.territory, t.date) for t in reading.territories] == [
        (APPLIED, "Montserrat", date(1996, 12, 24))
    ]
    assert reading.acts == []


def test_names_of_a_state():
    # Longest first, so that the fullest name is tried first.
    assert names_of("Bolivia (Plurinational State of)") == [
        "Bolivia (Plurinational State of)",
        "Plurinational State of Bolivia",
        "Bolivia",
    ]
    assert names_of("the Netherlands", "") == ["Netherlands"]


def test_a_hostile_note_is_read_in_linear_time():
    hostile = (
        ("On 1 January 2000, the Government of Canada withdraw from the " + "Convention " * 5000)
        + ("on 1 " * 20000)
        + ('"' * 3000)
        + ("withdrawal of " * 5000)
    )
    started = time.perf_counter()
    read_note_acts(hostile, UNCCD, names_of("Canada"))
    read_note_acts(CANADA * 200, UNCCD, names_of("Canada"))
    assert time.perf_counter() - started < 2.0
