"""Build the states reference data files (``states.csv``, ``aliases.csv``) in this folder.

Rerunnable: ``.venv/bin/python states/data/build_states.py`` rewrites both files from

* pycountry (ISO 3166-1 for current states, ISO 3166-3 for historical ones): codes, numeric
  codes, ISO names, official names;
* the tables below: which entries are UN members and observers, the UN's own short names, the
  participants ISO does not cover (organisations, given documented project codes), historical
  states with their successors, and names the UN used over time;
* when ``../shared/data`` is present, every participant name of the UN's 2018 XML and 2026 status
  tables is checked to resolve to exactly one row (the run fails otherwise, so a new UN spelling
  is noticed here, not at import time).

The outputs are committed; the running project never imports pycountry for this.
"""

from __future__ import annotations

import csv
import os
import re
import sys
from pathlib import Path

import django
import pycountry

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from states.models import normalize_name  # noqa: E402
from states.services import repair_mojibake  # noqa: E402

# UN member states (193) with the short name the UN Treaty Collection prints today.
UN_MEMBERS: dict[str, str] = {
    "AFG": "Afghanistan", "ALB": "Albania", "DZA": "Algeria", "AND": "Andorra", "AGO": "Angola",
    "ATG": "Antigua and Barbuda", "ARG": "Argentina", "ARM": "Armenia", "AUS": "Australia",
    "AUT": "Austria", "AZE": "Azerbaijan", "BHS": "Bahamas", "BHR": "Bahrain",
    "BGD": "Bangladesh", "BRB": "Barbados", "BLR": "Belarus", "BEL": "Belgium", "BLZ": "Belize",
    "BEN": "Benin", "BTN": "Bhutan", "BOL": "Bolivia (Plurinational State of)",
    "BIH": "Bosnia and Herzegovina", "BWA": "Botswana", "BRA": "Brazil",
    "BRN": "Brunei Darussalam", "BGR": "Bulgaria", "BFA": "Burkina Faso", "BDI": "Burundi",
    "CPV": "Cabo Verde", "KHM": "Cambodia", "CMR": "Cameroon", "CAN": "Canada",
    "CAF": "Central African Republic", "TCD": "Chad", "CHL": "Chile", "CHN": "China",
    "COL": "Colombia", "COM": "Comoros", "COG": "Congo", "CRI": "Costa Rica",
    "CIV": "Côte d'Ivoire", "HRV": "Croatia", "CUB": "Cuba", "CYP": "Cyprus", "CZE": "Czechia",
    "PRK": "Democratic People's Republic of Korea", "COD": "Democratic Republic of the Congo",
    "DNK": "Denmark", "DJI": "Djibouti", "DMA": "Dominica", "DOM": "Dominican Republic",
    "ECU": "Ecuador", "EGY": "Egypt", "SLV": "El Salvador", "GNQ": "Equatorial Guinea",
    "ERI": "Eritrea", "EST": "Estonia", "SWZ": "Eswatini", "ETH": "Ethiopia", "FJI": "Fiji",
    "FIN": "Finland", "FRA": "France", "GAB": "Gabon", "GMB": "Gambia", "GEO": "Georgia",
    "DEU": "Germany", "GHA": "Ghana", "GRC": "Greece", "GRD": "Grenada", "GTM": "Guatemala",
    "GIN": "Guinea", "GNB": "Guinea-Bissau", "GUY": "Guyana", "HTI": "Haiti",
    "HND": "Honduras", "HUN": "Hungary", "ISL": "Iceland", "IND": "India", "IDN": "Indonesia",
    "IRN": "Iran (Islamic Republic of)", "IRQ": "Iraq", "IRL": "Ireland", "ISR": "Israel",
    "ITA": "Italy", "JAM": "Jamaica", "JPN": "Japan", "JOR": "Jordan", "KAZ": "Kazakhstan",
    "KEN": "Kenya", "KIR": "Kiribati", "KWT": "Kuwait", "KGZ": "Kyrgyzstan",
    "LAO": "Lao People's Democratic Republic", "LVA": "Latvia", "LBN": "Lebanon",
    "LSO": "Lesotho", "LBR": "Liberia", "LBY": "Libya", "LIE": "Liechtenstein",
    "LTU": "Lithuania", "LUX": "Luxembourg", "MDG": "Madagascar", "MWI": "Malawi",
    "MYS": "Malaysia", "MDV": "Maldives", "MLI": "Mali", "MLT": "Malta",
    "MHL": "Marshall Islands", "MRT": "Mauritania", "MUS": "Mauritius", "MEX": "Mexico",
    "FSM": "Micronesia (Federated States of)", "MCO": "Monaco", "MNG": "Mongolia",
    "MNE": "Montenegro", "MAR": "Morocco", "MOZ": "Mozambique", "MMR": "Myanmar",
    "NAM": "Namibia", "NRU": "Nauru", "NPL": "Nepal", "NLD": "Netherlands (Kingdom of the)",
    "NZL": "New Zealand", "NIC": "Nicaragua", "NER": "Niger", "NGA": "Nigeria",
    "MKD": "North Macedonia", "NOR": "Norway", "OMN": "Oman", "PAK": "Pakistan", "PLW": "Palau",
    "PAN": "Panama", "PNG": "Papua New Guinea", "PRY": "Paraguay", "PER": "Peru",
    "PHL": "Philippines", "POL": "Poland", "PRT": "Portugal", "QAT": "Qatar",
    "KOR": "Republic of Korea", "MDA": "Republic of Moldova", "ROU": "Romania",
    "RUS": "Russian Federation", "RWA": "Rwanda", "KNA": "Saint Kitts and Nevis",
    "LCA": "Saint Lucia", "VCT": "Saint Vincent and the Grenadines", "WSM": "Samoa",
    "SMR": "San Marino", "STP": "Sao Tome and Principe", "SAU": "Saudi Arabia",
    "SEN": "Senegal", "SRB": "Serbia", "SYC": "Seychelles", "SLE": "Sierra Leone",
    "SGP": "Singapore", "SVK": "Slovakia", "SVN": "Slovenia", "SLB": "Solomon Islands",
    "SOM": "Somalia", "ZAF": "South Africa", "SSD": "South Sudan", "ESP": "Spain",
    "LKA": "Sri Lanka", "SDN": "Sudan", "SUR": "Suriname", "SWE": "Sweden",
    "CHE": "Switzerland", "SYR": "Syrian Arab Republic", "TJK": "Tajikistan",
    "THA": "Thailand", "TLS": "Timor-Leste", "TGO": "Togo", "TON": "Tonga",
    "TTO": "Trinidad and Tobago", "TUN": "Tunisia", "TUR": "Türkiye", "TKM": "Turkmenistan",
    "TUV": "Tuvalu", "UGA": "Uganda", "UKR": "Ukraine", "ARE": "United Arab Emirates",
    "GBR": "United Kingdom of Great Britain and Northern Ireland",
    "TZA": "United Republic of Tanzania", "USA": "United States of America", "URY": "Uruguay",
    "UZB": "Uzbekistan", "VUT": "Vanuatu", "VEN": "Venezuela (Bolivarian Republic of)",
    "VNM": "Viet Nam", "YEM": "Yemen", "ZMB": "Zambia", "ZWE": "Zimbabwe",
}  # fmt: skip

# Non-member observer states, and states in free association with New Zealand that the
# Secretary-General recognises as having full treaty-making capacity.
OTHER_STATES: dict[str, str] = {
    "VAT": "Holy See",
    "PSE": "State of Palestine",
    "COK": "Cook Islands",
    "NIU": "Niue",
}

# Territories that take part in treaties in their own name (UN 2018 corpus).
TERRITORIES: dict[str, str] = {
    "HKG": "Hong Kong",
    "VGB": "British Virgin Islands",
    "CYM": "Cayman Islands",
    "MSR": "Montserrat",
    "TCA": "Turks and Caicos Islands",
}

# Organisations: no ISO code exists, so project codes: "X" (ISO's user-assigned range) plus
# the usual acronym; EUU is the code the EU itself and the UN M49 use.
ORGANISATIONS: list[tuple[str, str, list[str]]] = [
    ("EUU", "European Union", ["European Community", "European Economic Community", "EU"]),
    ("XCAN", "Andean Community", ["Comunidad Andina"]),
    ("XCARICOM", "Caribbean Community", ["CARICOM"]),
    ("XCOMESA", "Common Market for Eastern and Southern Africa", ["COMESA"]),
    ("XCOE", "Council of Europe", []),
    ("XEAC", "East African Community", []),
    ("XECOWAS", "Economic Community of West African States", ["ECOWAS"]),
    ("XEURASEC", "Eurasian Economic Community", []),
    ("XFAO", "Food and Agriculture Organization of the United Nations", ["FAO"]),
    ("XIAEA", "International Atomic Energy Agency", ["IAEA"]),
    ("XICAO", "International Civil Aviation Organization", ["ICAO"]),
    ("XICPO", "International Criminal Police Organization", ["Interpol", "ICPO-INTERPOL"]),
    ("XILO", "International Labour Organisation", ["International Labour Organization", "ILO"]),
    ("XIMO", "International Maritime Organization", ["IMO"]),
    ("XITU", "International Telecommunication Union", ["ITU"]),
    ("XOPCW", "Organisation for the Prohibition of Chemical Weapons", ["OPCW"]),
    ("XOAU", "Organization of African Unity", ["African Union"]),
    (
        "XCTBTO",
        "Preparatory Commission for the Comprehensive Nuclear-Test-Ban Treaty Organization",
        ["CTBTO Preparatory Commission", "CTBTO PrepCom"],
    ),
    ("XSADC", "Southern African Development Community", ["SADC"]),
    ("XUN", "United Nations", []),
    (
        "XUNESCO",
        "United Nations Educational, Scientific and Cultural Organization",
        ["UNESCO"],
    ),
    ("XUNIDO", "United Nations Industrial Development Organization", ["UNIDO"]),
    ("XUPU", "Universal Postal Union", ["UPU"]),
    ("XWAEMU", "West African Economic and Monetary Union", ["WAEMU", "UEMOA"]),
    ("XWHO", "World Health Organization", ["WHO"]),
    ("XWIPO", "World Intellectual Property Organization", ["WIPO"]),
    ("XWMO", "World Meteorological Organization", ["WMO"]),
]

# Historical states the UN's tables and footnotes refer to: (code, short name, first day,
# last day, successors, aliases). Successors are the states the UN treats as continuing or
# succeeding to their treaty actions.
HISTORICAL: list[tuple[str, str, str, str, list[str], list[str]]] = [
    (
        "SUN", "Union of Soviet Socialist Republics", "1922-12-30", "1991-12-25",
        ["RUS", "ARM", "AZE", "BLR", "GEO", "KAZ", "KGZ", "MDA", "TJK", "TKM", "UKR", "UZB"],
        ["USSR", "Soviet Union"],
    ),
    (
        "YUG", "Socialist Federal Republic of Yugoslavia", "1945-11-29", "1992-04-26",
        ["SVN", "HRV", "BIH", "MKD", "SCG"],
        ["Yugoslavia", "former Yugoslavia"],
    ),
    (
        "SCG", "Serbia and Montenegro", "1992-04-27", "2006-06-02",
        ["SRB", "MNE"],
        ["Federal Republic of Yugoslavia", "State Union of Serbia and Montenegro"],
    ),
    (
        "CSK", "Czechoslovakia", "1918-10-28", "1992-12-31",
        ["CZE", "SVK"],
        ["Czech and Slovak Federal Republic", "Czechoslovak Socialist Republic"],
    ),
    (
        "DDR", "German Democratic Republic", "1949-10-07", "1990-10-02",
        ["DEU"],
        ["East Germany"],
    ),
    (
        "YMD", "Democratic Yemen", "1967-11-30", "1990-05-21",
        ["YEM"],
        ["People's Democratic Republic of Yemen", "South Yemen"],
    ),
]  # fmt: skip

# First day of states created since 1990 (succession dates hang on them).
EXISTS_FROM = {
    "CZE": "1993-01-01", "SVK": "1993-01-01", "ERI": "1993-05-24", "TLS": "2002-05-20",
    "MNE": "2006-06-03", "SRB": "2006-06-03", "SSD": "2011-07-09", "NAM": "1990-03-21",
    "HRV": "1991-10-08", "SVN": "1991-06-25", "BIH": "1992-03-06", "MKD": "1991-09-17",
}  # fmt: skip

# The date from which a state's notifications of succession bind it (the depositary's "with
# effect from", usually independence or the predecessor's dissolution), each with its source:
# the UN's note, the state's own notification, or the record of its independence. A date that
# cannot be sourced is left out: a succession of that state then has an unknown date. It is not
# always the day the state came to exist: Serbia continues Serbia and Montenegro, and its
# successions (notified by the Federal Republic of Yugoslavia in 2001) run from 27 April 1992.
_WIPO_UN_NOTES = "UN depositary note reproduced by WIPO"
SUCCESSION: dict[str, tuple[str, str]] = {
    "CZE": ("1993-01-01", "Czech Republic's notification of 15 Sep 1993 (bound 'as of 1 January"
            " [1993], the date of the dissolution'): https://disarmament.un.org/treaties/a/"
            "outer_space/czechrepublic/suc/london"),
    "SVK": ("1993-01-01", "Slovak Republic's notification of 15 Apr 1993 ('bound as of January 1,"
            " 1993, i.e. the date of division'): http://disarmament.un.org/treaties/a/npt/"
            "slovakia/suc/london"),
    "HRV": ("1991-10-08", f"{_WIPO_UN_NOTES}: Croatia's letter of 27 Jul 1992, succession"
            " 'effective from 8 October 1991': https://www.wipo.int/wipolex/zh/treaties/"
            "additional/290"),
    "SVN": ("1991-06-25", f"{_WIPO_UN_NOTES}: Slovenia's letter of 1 Jul 1992 (independence"
            " 25 June 1991): https://wipo.int/wipolex/ar/treaties/parties/remarks/SI/290"),
    "BIH": ("1992-03-06", f"{_WIPO_UN_NOTES}: successions 'with effect from 6 March 1992, the"
            " date on which Bosnia and Herzegovina assumed responsibility for its international"
            " relations': https://wipo.int/wipolex/ar/treaties/additional/302"),
    "MKD": ("1991-09-17", f"{_WIPO_UN_NOTES}: successions effective from 17 September 1991, the"
            " date it assumed responsibility for its international relations:"
            " https://www.wipo.int/wipolex/zh/treaties/additional/290"),
    "SRB": ("1992-04-27", f"{_WIPO_UN_NOTES}: the Federal Republic of Yugoslavia's notification"
            " of 8 Mar 2001, successions from 27 April 1992, the date it was constituted:"
            " https://www.wipo.int/wipolex/zh/treaties/additional/290"),
    "MNE": ("2006-06-03", f"{_WIPO_UN_NOTES}: Declaration of Independence of 3 June 2006,"
            " notification received 23 Oct 2006: https://wipo.int/wipolex/ar/treaties/"
            "additional/302"),
    "TLS": ("2002-05-20", "independence on 20 May 2002: https://www.voanews.com/a/"
            "a-13-a-2002-09-27-21-timor-leste-67284242/380301.html"),
    "SSD": ("2011-07-09", "independence on 9 July 2011: https://news.un.org/en/story/2011/07/"
            "381102; the APMBC's succession counted from it (shared docs/treaty-rules.md,"
            " edge case 6)"),
}  # fmt: skip

# Names the UN used or uses beside the short name: (code, name, is_former_name).
EXTRA_ALIASES: list[tuple[str, str, bool]] = [
    ("TUR", "Turkey", True),
    ("CZE", "Czech Republic", True),
    ("SWZ", "Swaziland", True),
    ("MKD", "The former Yugoslav Republic of Macedonia", True),
    ("MKD", "Macedonia", True),
    ("NLD", "Netherlands", False),
    ("BHS", "Bahamas (The)", False),
    ("KNA", "St. Kitts and Nevis", False),
    ("LCA", "St. Lucia", False),
    ("VCT", "St. Vincent and the Grenadines", False),
    ("CPV", "Cape Verde", True),
    ("COD", "Zaire", True),
    ("MMR", "Burma", True),
    ("BLR", "Byelorussian Soviet Socialist Republic", True),
    ("UKR", "Ukrainian Soviet Socialist Republic", True),
    ("BEN", "Dahomey", True),
    ("BFA", "Upper Volta", True),
    ("TLS", "East Timor", True),
    ("LKA", "Ceylon", True),
    ("KHM", "Democratic Kampuchea", True),
    ("LBY", "Libyan Arab Jamahiriya", True),
    ("DEU", "Federal Republic of Germany", False),
    ("GBR", "United Kingdom", False),
    ("USA", "United States", False),
    ("RUS", "Russia", False),
    ("VNM", "Vietnam", False),
    ("KOR", "South Korea", False),
    ("PRK", "North Korea", False),
    ("SYR", "Syria", False),
    ("IRN", "Iran", False),
    ("VEN", "Venezuela", False),
    ("BOL", "Bolivia", False),
    ("TZA", "Tanzania", False),
    ("MDA", "Moldova", False),
    ("LAO", "Laos", False),
    ("FSM", "Micronesia", False),
    ("CIV", "Ivory Coast", False),
    ("VAT", "Vatican City", False),
    ("PSE", "Palestine", False),
    # Short forms people type in a search box (the ISO codes are matched as codes, so only
    # forms that are no ISO code of the state are listed: US is USA's alpha-2, UK is not).
    ("GBR", "UK", False),
    ("GBR", "Great Britain", False),
    ("GBR", "Britain", False),
    ("USA", "U.S.A.", False),
    ("ARE", "UAE", False),
    ("ARE", "Emirates", False),
    ("PRK", "DPRK", False),
    ("KOR", "ROK", False),
    ("COD", "DRC", False),
    ("COD", "DR Congo", False),
    ("CHN", "PRC", False),
    ("CAF", "CAR", False),
    ("SAU", "KSA", False),
    ("BIH", "BiH", False),
    ("LAO", "Lao PDR", False),
    ("NLD", "Holland", False),
    ("DDR", "GDR", True),
]


def _iso_names(code: str) -> list[str]:
    country = pycountry.countries.get(alpha_3=code) or pycountry.historic_countries.get(
        alpha_3=code
    )
    if country is None:
        return []
    names = [country.name]
    for attr in ("official_name", "common_name"):
        value = getattr(country, attr, None)
        if value:
            names.append(value)
    return names


def _iso_codes(code: str) -> tuple[str, str]:
    country = pycountry.countries.get(alpha_3=code) or pycountry.historic_countries.get(
        alpha_3=code
    )
    if country is None:
        return "", ""
    return getattr(country, "alpha_2", "") or "", getattr(country, "numeric", "") or ""


def build() -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """Return the state rows and alias rows, checked for clashes."""
    rows: list[dict[str, str]] = []

    def add(code: str, short: str, kind: str, **extra: str) -> None:
        alpha2, numeric = _iso_codes(code)
        official = ""
        country = pycountry.countries.get(alpha_3=code)
        if country is not None:
            official = getattr(country, "official_name", "") or ""
        rows.append(
            {
                "code": code,
                "alpha2": alpha2,
                "numeric": numeric,
                "short_name": short,
                "official_name": official,
                "kind": kind,
                "exists_from": extra.get("exists_from", EXISTS_FROM.get(code, "")),
                "exists_until": extra.get("exists_until", ""),
                "predecessors": extra.get("predecessors", ""),
                "un_member": extra.get("un_member", ""),
                "succession_date": SUCCESSION.get(code, ("", ""))[0],
                "succession_source": SUCCESSION.get(code, ("", ""))[1],
            }
        )

    for code, short in UN_MEMBERS.items():
        add(code, short, "state", un_member="yes")
    for code, short in OTHER_STATES.items():
        add(code, short, "state")
    for code, short in TERRITORIES.items():
        add(code, short, "territory")
    for code, short, _aliases in ORGANISATIONS:
        add(code, short, "organisation")
    for code, short, start, end, _succ, _aliases in HISTORICAL:
        add(code, short, "historical", exists_from=start, exists_until=end)

    predecessors: dict[str, list[str]] = {}
    for code, _s, _a, _b, successors, _al in HISTORICAL:
        for succ in successors:
            predecessors.setdefault(succ, []).append(code)
    for row in rows:
        row["predecessors"] = " ".join(sorted(predecessors.get(row["code"], [])))

    aliases: dict[str, tuple[str, str, bool]] = {}  # normalized -> (code, name, former)

    def alias(code: str, name: str, former: bool = False) -> None:
        key = normalize_name(name)
        if not key:
            return
        if key in aliases:
            if aliases[key][0] != code:
                raise SystemExit(f"Alias clash: {name!r} names {aliases[key][0]} and {code}")
            return
        aliases[key] = (code, name, former)

    # Explicit names first, so they win over ISO's variants.
    for row in rows:
        alias(row["code"], row["short_name"])
    for code, name, former in EXTRA_ALIASES:
        alias(code, name, former)
    for code, _short, names in ORGANISATIONS:
        for name in names:
            alias(code, name)
    for code, _s, _a, _b, _succ, names in HISTORICAL:
        for name in names:
            alias(code, name, True)
    for row in rows:
        for name in _iso_names(row["code"]):
            key = normalize_name(name)
            if key in aliases and aliases[key][0] != row["code"]:
                continue  # an ISO variant that another state's UN name already owns
            alias(row["code"], name)

    alias_rows = [
        {"code": code, "name": name, "is_former_name": "yes" if former else ""}
        for code, name, former in sorted(aliases.values(), key=lambda a: (a[0], a[1]))
    ]
    return rows, alias_rows


def participant_names(shared: Path) -> set[str]:
    """Every participant name in the UN's 2018 XML and 2026 CSV files (best effort parse)."""
    names: set[str] = set()
    for path in sorted((shared / "untc-status-2026").glob("*status*.csv")):
        with path.open(encoding="utf-8") as fh:
            names.update(r["participant"] for r in csv.DictReader(fh))
    for path in sorted((shared / "untc-mtdsg-xml-2018").glob("*.xml")):
        text = path.read_text(encoding="latin-1")
        for body in re.findall(r"<Tbody>(.*?)</Tbody>", text, re.S):
            for row in re.findall(r"<Row>(.*?)</Row>", body, re.S):
                m = re.search(r"<Entry[^>]*>(.*?)</Entry>", row, re.S)
                if m:
                    names.add(re.sub(r"&lt;superscript&gt;.*?&lt;/superscript&gt;", "", m[1]))
    return {n.strip() for n in names if n.strip()}


def main() -> None:
    rows, alias_rows = build()
    known = {normalize_name(a["name"]) for a in alias_rows}
    shared = ROOT.parent / "shared" / "data"
    if shared.exists():
        missing = sorted(
            n for n in participant_names(shared) if normalize_name(repair_mojibake(n)) not in known
        )
        if missing:
            raise SystemExit(f"Participant names without a state: {missing}")
    with (HERE / "states.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(sorted(rows, key=lambda r: r["code"]))
    with (HERE / "aliases.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(alias_rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(alias_rows)
    print(f"{len(rows)} states, {len(alias_rows)} aliases written to {HERE}")


if __name__ == "__main__":
    main()
