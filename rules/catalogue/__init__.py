"""The rules of the demo treaties, as facts read in their articles (each entry cites its own).

Each entry is plain data (what the database stores) with the treaty's identity and the rules
document in the vocabulary of ``vocabulary.py``. Only facts found in the spec are used: where
the spec says a date was "not found in sources read" (the North Atlantic Treaty's and the
ECHR's entry into force) the value is ``None`` and the engine will say the treaty is not in
force until an editor records the date.
"""

from __future__ import annotations

from typing import Any, Final

from rules.document.vocabulary import Rules

__all__ = ["CATALOGUE", "catalogue_rules"]

_ALL_CONSENTS: Final = ["ratification", "acceptance", "approval", "accession", "succession"]
_UN_STATUS = "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no={ref}&chapter={ch}&clang=_en"


def _days(n: int, text: str | None = None) -> dict[str, Any]:
    step: dict[str, Any] = {"add": {"days": n}}
    if text:
        step["text"] = text
    return step


def _months(n: int, text: str | None = None) -> dict[str, Any]:
    step: dict[str, Any] = {"add": {"months": n}}
    if text:
        step["text"] = text
    return step


def _years(n: int, text: str | None = None) -> dict[str, Any]:
    step: dict[str, Any] = {"add": {"years": n}}
    if text:
        step["text"] = text
    return step


def _first_day(months_after: int, text: str) -> dict[str, Any]:
    return {"first_day_of_month": {"months_after": months_after}, "text": text}


def _withdrawal(
    article: str,
    period: list[dict[str, Any]],
    *,
    later_date: bool = False,
    minimum: dict[str, Any] | None = None,
    armed_conflict: str | None = None,
    condition_text: str | None = None,
) -> dict[str, Any]:
    return {
        "article": article,
        "allowed": True,
        "period": period,
        "later_date_may_be_specified": later_date,
        "minimum_membership": minimum,
        "armed_conflict": armed_conflict,
        "condition_text": condition_text,
    }


_SUSPENDS = (
    "subject to art. 20(3): if on the expiry of the six months the withdrawing State is engaged"
    " in an armed conflict, the withdrawal does not take effect before the end of the armed"
    " conflict"
)

#: The states whose deposit the CTBT's entry into force waits for. Art. XIV(1): "the date of
#: deposit of the instruments of ratification by all States listed in Annex 2 to this Treaty"
#: — the 44 States of Annex 2 (ISO 3166-1 alpha-3), as the Annex lists them.
_CTBT_ANNEX_2: Final[dict[str, Any]] = {
    "provision": "Annex 2 (art. XIV(1))",
    "source": "https://treaties.un.org/doc/Treaties/1997/09/19970910%2007-37%20AM/Ch_XXVI_04p.pdf",
    "codes": [
        "DZA", "ARG", "AUS", "AUT", "BGD", "BEL", "BRA", "BGR", "CAN", "CHL", "CHN",
        "COL", "PRK", "EGY", "FIN", "FRA", "DEU", "HUN", "IND", "IDN", "IRN", "ISR",
        "ITA", "JPN", "MEX", "NLD", "NOR", "PAK", "PER", "POL", "ROU", "KOR", "RUS",
        "SVK", "ZAF", "ESP", "SWE", "CHE", "TUR", "UKR", "GBR", "USA", "VNM", "COD",
    ],
}  # fmt: skip

CATALOGUE: Final[dict[str, dict[str, Any]]] = {
    "ccm": {
        "slug": "ccm",
        "short_name": "CCM",
        "title": "Convention on Cluster Munitions",
        "un_reference": "XXVI-6",
        "adopted_on": "2008-05-30",
        "adopted_at": "Dublin",
        "depositary": "Secretary-General of the United Nations",
        "source_url": _UN_STATUS.format(ref="XXVI-6", ch=26),
        "rules": {
            "entry_into_force": {
                "article": "17(1)",
                "threshold": {"count": 30, "kinds": _ALL_CONSENTS},
                "period": [
                    _first_day(6, "first day of the sixth month after the month of deposit")
                ],
                "not_before": None,
                "recorded_date": None,
            },
            "later_states": {
                "article": "17(2)",
                "period": [_first_day(6, "first day of the sixth month after the date of deposit")],
                "applies_after": "threshold",
                "not_before_treaty_entry_into_force": True,
            },
            "withdrawal": _withdrawal(
                "20(3)",
                [_months(6, "six months after receipt")],
                armed_conflict="suspends",
                condition_text=_SUSPENDS,
            ),
        },
    },
    "apmbc": {
        "slug": "apmbc",
        "short_name": "APMBC",
        "title": (
            "Convention on the Prohibition of the Use, Stockpiling, Production and Transfer of"
            " Anti-Personnel Mines and on their Destruction"
        ),
        "un_reference": "XXVI-5",
        "adopted_on": "1997-09-18",
        "adopted_at": "Oslo",
        "depositary": "Secretary-General of the United Nations",
        "source_url": _UN_STATUS.format(ref="XXVI-5", ch=26),
        "rules": {
            "entry_into_force": {
                "article": "17(1)",
                "threshold": {"count": 40, "kinds": _ALL_CONSENTS},
                "period": [
                    _first_day(6, "first day of the sixth month after the month of deposit")
                ],
                "not_before": None,
                "recorded_date": None,
            },
            "later_states": {
                "article": "17(2)",
                "period": [_first_day(6, "first day of the sixth month after the date of deposit")],
                "applies_after": "threshold",
                "not_before_treaty_entry_into_force": True,
            },
            "withdrawal": _withdrawal(
                "20(3)",
                [_months(6, "six months after receipt")],
                armed_conflict="suspends",
                condition_text=_SUSPENDS,
            ),
        },
    },
    "rome-statute": {
        "slug": "rome-statute",
        "short_name": "Rome Statute",
        "title": "Rome Statute of the International Criminal Court",
        "un_reference": "XVIII-10",
        "adopted_on": "1998-07-17",
        "adopted_at": "Rome",
        "depositary": "Secretary-General of the United Nations",
        "source_url": _UN_STATUS.format(ref="XVIII-10", ch=18),
        "rules": {
            "entry_into_force": {
                "article": "126(1)",
                "threshold": {"count": 60, "kinds": _ALL_CONSENTS},
                "period": [
                    _days(60, "the 60th day following"),
                    _first_day(1, "first day of the month after"),
                ],
                "not_before": None,
                "recorded_date": None,
            },
            "later_states": {
                "article": "126(2)",
                "period": [
                    _days(60, "the 60th day following"),
                    _first_day(1, "first day of the month after"),
                ],
                "applies_after": "threshold",
                "not_before_treaty_entry_into_force": True,
            },
            "withdrawal": _withdrawal(
                "127(1)", [_years(1, "one year after receipt")], later_date=True
            ),
        },
    },
    "paris-agreement": {
        "slug": "paris-agreement",
        "short_name": "Paris Agreement",
        "title": "Paris Agreement",
        "un_reference": "XXVII-7-d",
        "adopted_on": "2015-12-12",
        "adopted_at": "Paris",
        "depositary": "Secretary-General of the United Nations",
        "source_url": _UN_STATUS.format(ref="XXVII-7-d", ch=27),
        "rules": {
            "entry_into_force": {
                "article": "21(1)",
                "threshold": {
                    "condition": (
                        "at least 55 Parties to the UNFCCC accounting for at least 55 % of total"
                        " global greenhouse gas emissions have deposited"
                    ),
                    "recorded_date": "2016-10-05",
                },
                "period": [_days(30, "the 30th day after")],
                "not_before": None,
                "recorded_date": None,
            },
            "later_states": {
                "article": "21(3)",
                "period": [_days(30, "the 30th day after")],
                "applies_after": "threshold",
                "not_before_treaty_entry_into_force": True,
            },
            "withdrawal": _withdrawal(
                "28",
                [_years(1, "upon expiry of one year from receipt")],
                later_date=True,
                minimum={"amount": 3, "unit": "years", "from": "party_entry_into_force"},
            ),
        },
    },
    "att": {
        "slug": "att",
        "short_name": "ATT",
        "title": "Arms Trade Treaty",
        "un_reference": "XXVI-8",
        "adopted_on": "2013-04-02",
        "adopted_at": "New York",
        "depositary": "Secretary-General of the United Nations",
        "source_url": _UN_STATUS.format(ref="XXVI-8", ch=26),
        "rules": {
            "entry_into_force": {
                "article": "22(1)",
                # Art. 22(1) names ratification, acceptance and approval only.
                "threshold": {"count": 50, "kinds": ["ratification", "acceptance", "approval"]},
                "period": [_days(90, "90 days following")],
                "not_before": None,
                "recorded_date": None,
            },
            "later_states": {
                "article": "22(2)",
                "period": [_days(90, "90 days following")],
                "applies_after": "entry_into_force",
                "not_before_treaty_entry_into_force": True,
            },
            "withdrawal": _withdrawal("24", [_days(90, "90 days after receipt")], later_date=True),
        },
    },
    "tpnw": {
        "slug": "tpnw",
        "short_name": "TPNW",
        "title": "Treaty on the Prohibition of Nuclear Weapons",
        "un_reference": "XXVI-9",
        "adopted_on": "2017-07-07",
        "adopted_at": "New York",
        "depositary": "Secretary-General of the United Nations",
        "source_url": _UN_STATUS.format(ref="XXVI-9", ch=26),
        "rules": {
            "entry_into_force": {
                "article": "15(1)",
                "threshold": {
                    "count": 50,
                    "kinds": ["ratification", "acceptance", "approval", "accession"],
                },
                "period": [_days(90, "90 days after")],
                "not_before": None,
                "recorded_date": None,
            },
            "later_states": {
                "article": "15(2)",
                "period": [_days(90, "90 days after")],
                "applies_after": "threshold",
                "not_before_treaty_entry_into_force": True,
            },
            "withdrawal": _withdrawal(
                "17(3)",
                [_months(12, "12 months after receipt")],
                armed_conflict="remains_bound",
                condition_text=(
                    "subject to art. 17(3): if at the expiry of the 12 months the withdrawing"
                    " State is a party to an armed conflict, it remains bound until it is no"
                    " longer a party to an armed conflict"
                ),
            ),
        },
    },
    "cwc": {
        "slug": "cwc",
        "short_name": "CWC",
        "title": (
            "Convention on the Prohibition of the Development, Production, Stockpiling and Use"
            " of Chemical Weapons and on their Destruction"
        ),
        "un_reference": "XXVI-3",
        # The spec gives "Geneva/Paris 1992-93" and opening for signature on 13 Jan 1993; the
        # depositary's own record (MTDSG XXVI-3, "Conclusion") gives "Geneva, 3 September 1992".
        "adopted_on": "1992-09-03",
        "adopted_at": "Geneva",
        "depositary": "Secretary-General of the United Nations",
        "source_url": _UN_STATUS.format(ref="XXVI-3", ch=26),
        "rules": {
            "entry_into_force": {
                "article": "XXI(1)",
                # "the 65th instrument of ratification": accessions do not count.
                "threshold": {"count": 65, "kinds": ["ratification"]},
                "period": [_days(180, "180 days after")],
                "not_before": "1995-01-13",
                "recorded_date": None,
            },
            "later_states": {
                "article": "XXI(2)",
                "period": [_days(30, "the 30th day following")],
                "applies_after": "entry_into_force",
                "not_before_treaty_entry_into_force": True,
            },
            "withdrawal": _withdrawal("XVI(2)", [_days(90, "90 days' notice")]),
        },
    },
    "npt": {
        "slug": "npt",
        "short_name": "NPT",
        "title": "Treaty on the Non-Proliferation of Nuclear Weapons",
        "un_reference": None,
        "adopted_on": "1968-07-01",
        "adopted_at": "London, Moscow and Washington",
        "depositary": "Governments of the United States, the United Kingdom and the USSR (Russia)",
        "source_url": "https://github.com/statengeneraal/laws-markdown/tree/master/verdrag/non-proliferatieverdrag/BWBV0004367",
        "rules": {
            "entry_into_force": {
                "article": "IX(3)",
                "threshold": {
                    "condition": (
                        "ratification by the three Depositary Governments and 40 other"
                        " signatory States"
                    ),
                    "recorded_date": "1970-03-05",
                },
                "period": [],
                "not_before": None,
                "recorded_date": None,
            },
            "later_states": {
                "article": "IX(4)",
                "period": [],
                "applies_after": "entry_into_force",
                "not_before_treaty_entry_into_force": True,
            },
            "withdrawal": _withdrawal("X(1)", [_months(3, "three months' notice")]),
        },
    },
    "ctbt": {
        "slug": "ctbt",
        "short_name": "CTBT",
        "title": "Comprehensive Nuclear-Test-Ban Treaty",
        "un_reference": "XXVI-4",
        "adopted_on": "1996-09-10",
        "adopted_at": "New York",
        "depositary": "Secretary-General of the United Nations",
        "source_url": _UN_STATUS.format(ref="XXVI-4", ch=26),
        "rules": {
            "entry_into_force": {
                "article": "XIV(1)",
                "threshold": {
                    "condition": "deposit by all 44 States listed in Annex 2",
                    "recorded_date": None,
                },
                "period": [_days(180, "180 days after")],
                "not_before": "1998-09-24",
                "recorded_date": None,
                "required_states": _CTBT_ANNEX_2,
            },
            "later_states": {
                "article": "XIV(5)",
                "period": [_days(30, "the 30th day following")],
                "applies_after": "entry_into_force",
                "not_before_treaty_entry_into_force": True,
            },
            "withdrawal": _withdrawal("IX(3)", [_months(6, "six months' notice")]),
        },
    },
    "north-atlantic-treaty": {
        "slug": "north-atlantic-treaty",
        "short_name": "North Atlantic Treaty",
        "title": "North Atlantic Treaty",
        "un_reference": None,
        "adopted_on": "1949-04-04",
        "adopted_at": "Washington",
        "depositary": "Government of the United States",
        "source_url": "https://github.com/statengeneraal/laws-markdown/tree/master/verdrag/navo-verdrag/BWBV0005760",
        "rules": {
            "entry_into_force": {
                "article": "11",
                "threshold": {
                    "condition": (
                        "deposit by a majority of the signatories, including Belgium, Canada,"
                        " France, Luxembourg, the Netherlands, the United Kingdom and the"
                        " United States"
                    ),
                    # Treaty EIF date not found in the sources read (spec §10).
                    "recorded_date": None,
                },
                "period": [],
                "not_before": None,
                "recorded_date": None,
            },
            "later_states": {
                "article": "11",
                "period": [],
                "applies_after": "entry_into_force",
                "not_before_treaty_entry_into_force": True,
            },
            "withdrawal": _withdrawal(
                "13",
                [_years(1, "one year after the notice of denunciation")],
                minimum={"amount": 20, "unit": "years", "from": "treaty_entry_into_force"},
            ),
        },
    },
    "echr": {
        "slug": "echr",
        "short_name": "ECHR",
        "title": "Convention for the Protection of Human Rights and Fundamental Freedoms",
        "un_reference": None,
        "adopted_on": "1950-11-04",
        "adopted_at": "Rome",
        "depositary": "Secretary General of the Council of Europe",
        "source_url": "https://github.com/statengeneraal/laws-markdown/tree/master/verdrag/convention/for/the/protection/of/human/rights/and/fundamental/freedoms/BWBV0001000",
        "rules": {
            "entry_into_force": {
                "article": "59(3)",
                "threshold": {"count": 10, "kinds": ["ratification"]},
                "period": [],
                "not_before": None,
                # Treaty EIF date not found in the sources read (spec §11).
                "recorded_date": None,
            },
            "later_states": {
                "article": "59(4)",
                "period": [],
                "applies_after": "entry_into_force",
                "not_before_treaty_entry_into_force": True,
            },
            "withdrawal": _withdrawal(
                "58(1)",
                [_months(6, "six months' notice")],
                minimum={"amount": 5, "unit": "years", "from": "party_entry_into_force"},
                condition_text=(
                    "art. 58(3): a Party that ceases to be a member of the Council of Europe"
                    " ceases to be a Party under the same conditions"
                ),
            ),
        },
    },
    "unclos": {
        "slug": "unclos",
        "short_name": "UNCLOS",
        "title": "United Nations Convention on the Law of the Sea",
        # Not in the spec: MTDSG XXI-6 is this Convention (chapter XXI, number 6, title and
        # conclusion "Montego Bay, 10 December 1982" in the depositary's own file).
        "un_reference": "XXI-6",
        "adopted_on": "1982-12-10",
        "adopted_at": "Montego Bay",
        "depositary": "Secretary-General of the United Nations",
        "source_url": "https://github.com/statengeneraal/laws-markdown/tree/master/verdrag/united/nations/convention/on/the/law/of/the/sea/BWBV0003172",
        "rules": {
            "entry_into_force": {
                "article": "308(1)",
                "threshold": {"count": 60, "kinds": _ALL_CONSENTS},
                "period": [_months(12, "12 months after")],
                "not_before": None,
                "recorded_date": "1994-11-16",
            },
            "later_states": {
                "article": "308(2)",
                "period": [_days(30, "the thirtieth day following")],
                "applies_after": "threshold",
                "not_before_treaty_entry_into_force": True,
            },
            "withdrawal": _withdrawal(
                "317(1)", [_years(1, "one year after receipt")], later_date=True
            ),
        },
    },
    "kyoto-protocol": {
        "slug": "kyoto-protocol",
        "short_name": "Kyoto Protocol",
        "title": "Kyoto Protocol to the United Nations Framework Convention on Climate Change",
        # MTDSG XXVII-7-a (chapter XXVII, number 7, sub-number a; conclusion "Kyoto, 11 December
        # 1997" in the depositary's own file).
        "un_reference": "XXVII-7-a",
        "adopted_on": "1997-12-11",
        "adopted_at": "Kyoto",
        "depositary": "Secretary-General of the United Nations",
        "source_url": "https://github.com/statengeneraal/laws-markdown/tree/master/verdrag/kyoto/protocol/BWBV0001538",
        "rules": {
            "entry_into_force": {
                "article": "25(1)",
                "threshold": {
                    "condition": (
                        "at least 55 UNFCCC Parties, including Annex I Parties accounting for"
                        " at least 55 % of Annex I 1990 CO2 emissions, have deposited"
                    ),
                    "recorded_date": "2004-11-18",
                },
                "period": [_days(90, "the 90th day after")],
                "not_before": None,
                "recorded_date": None,
            },
            "later_states": {
                "article": "25(3)",
                "period": [_days(90, "the 90th day following")],
                "applies_after": "threshold",
                "not_before_treaty_entry_into_force": True,
            },
            "withdrawal": _withdrawal(
                "27",
                [_years(1, "upon expiry of one year from receipt")],
                later_date=True,
                minimum={"amount": 3, "unit": "years", "from": "party_entry_into_force"},
            ),
        },
    },
    # Not one of the thirteen demo treaties: its rules are in the spec (§4) because withdrawing
    # from it withdraws a state from the Paris Agreement and the Kyoto Protocol too.
    "unfccc": {
        "slug": "unfccc",
        "short_name": "UNFCCC",
        "title": "United Nations Framework Convention on Climate Change",
        # Not in the spec; the depositary's own file, MTDSG XXVII-7 (chapter XXVII, number 7),
        # gives the title, the conclusion "New York, 9 May 1992" and the depositary.
        "un_reference": "XXVII-7",
        "adopted_on": "1992-05-09",
        "adopted_at": "New York",
        "depositary": "Secretary-General of the United Nations",
        "source_url": "https://github.com/statengeneraal/laws-markdown/tree/master/verdrag/klimaatverdrag/BWBV0001115",
        "rules": {
            "entry_into_force": {
                "article": "23(1)",
                "threshold": {"count": 50, "kinds": _ALL_CONSENTS},
                "period": [_days(90, "the 90th day after")],
                "not_before": None,
                "recorded_date": None,
            },
            "later_states": {
                "article": "23(2)",
                "period": [_days(90, "the 90th day after")],
                "applies_after": "threshold",
                "not_before_treaty_entry_into_force": True,
            },
            "withdrawal": _withdrawal(
                "25",
                [_years(1, "upon expiry of one year from receipt")],
                later_date=True,
                minimum={"amount": 3, "unit": "years", "from": "party_entry_into_force"},
                condition_text=(
                    "art. 25(3): withdrawal from the Convention is also withdrawal from its"
                    " protocols (Kyoto Protocol art. 27(3), Paris Agreement art. 28(3))"
                ),
            ),
        },
    },
}


def catalogue_rules(slug: str) -> Rules:
    """The parsed ``Rules`` of a catalogue treaty (``KeyError`` for an unknown slug)."""
    return Rules.from_dict(CATALOGUE[slug]["rules"])
