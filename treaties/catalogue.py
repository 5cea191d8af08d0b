"""Data for browsing treaties: the UN's chapters, our topics and common abbreviations.

The chapter titles are those of the UN's Multilateral Treaties Deposited with the
Secretary-General (the 2018 MTDSG XML's ``Chapter/Name``, ``../shared/data/untc-mtdsg-xml-2018/``),
keyed by the chapter's number as a treaty's UN reference starts ("IV" in "IV-11"). The
abbreviations are the ones in common use for those treaties, keyed by the UN reference, so a
treaty imported under any slug gets its abbreviation.
"""

from __future__ import annotations

#: MTDSG chapter number → its title (the UN's, in sentence case).
UN_CHAPTERS: dict[str, str] = {
    "I": "Charter of the United Nations and Statute of the International Court of Justice",
    "II": "Pacific settlement of international disputes",
    "III": "Privileges and immunities, diplomatic and consular relations",
    "IV": "Human rights",
    "V": "Refugees and stateless persons",
    "VI": "Narcotic drugs and psychotropic substances",
    "VII": "Traffic in persons",
    "VIII": "Obscene publications",
    "IX": "Health",
    "X": "International trade and development",
    "XI": "Transport and communications",
    "XII": "Navigation",
    "XIII": "Economic statistics",
    "XIV": "Educational and cultural matters",
    "XV": "Declaration of death of missing persons",
    "XVI": "Status of women",
    "XVII": "Freedom of information",
    "XVIII": "Penal matters",
    "XIX": "Commodities",
    "XX": "Maintenance obligations",
    "XXI": "Law of the sea",
    "XXII": "Commercial arbitration",
    "XXIII": "Law of treaties",
    "XXIV": "Outer space",
    "XXV": "Telecommunications",
    "XXVI": "Disarmament",
    "XXVII": "Environment",
    "XXVIII": "Fiscal matters",
    "XXIX": "Miscellaneous",
}

#: Our topics, across the UN's chapters: topic → the UN references it covers (a reference
#: covers its sub-numbers: "XXVII-7" covers the Kyoto Protocol "XXVII-7-a").
TOPICS: dict[str, tuple[str, ...]] = {
    "Weapons and arms control": ("XXVI-1", "XXVI-2", "XXVI-3", "XXVI-4", "XXVI-5", "XXVI-6",
                                 "XXVI-8", "XXVI-9", "XVIII-15"),
    "Climate": ("XXVII-7",),
    "Ozone layer": ("XXVII-2",),
    "International criminal justice": ("XVIII-10", "IV-1", "IV-6"),
    "Terrorism": ("XVIII-9", "XVIII-11", "XVIII-15"),
}  # fmt: skip

#: UN reference → the abbreviation in common use (shown in headings, found by the search).
ABBREVIATIONS: dict[str, str] = {
    "IV-1": "Genocide Convention",
    "IV-2": "ICERD",
    "IV-3": "ICESCR",
    "IV-4": "ICCPR",
    "IV-5": "ICCPR-OP1",
    "IV-8": "CEDAW",
    "IV-9": "CAT",
    "IV-11": "CRC",
    "IV-12": "ICCPR-OP2",
    "IV-13": "ICRMW",
    "IV-15": "CRPD",
    "IV-16": "CPED",
    "III-3": "VCDR",
    "III-6": "VCCR",
    "XXIII-1": "VCLT",
    "XXI-6": "UNCLOS",
    "XXVII-1": "CLRTAP",
    "XXVII-7": "UNFCCC",
    "XXVII-8": "CBD",
    "XXVII-10": "UNCCD",
    "XVIII-10": "Rome Statute",
    "XVIII-12": "UNTOC",
    "XVIII-14": "UNCAC",
    "V-2": "Refugee Convention",
    "XXVI-2": "CCW",
    "XXVI-3": "CWC",
    "XXVI-4": "CTBT",
    "XXVI-5": "APMBC",
    "XXVI-6": "CCM",
    "XXVI-8": "ATT",
    "XXVI-9": "TPNW",
}


def chapter_of(un_reference: str | None) -> str:
    """The chapter number of a UN reference ("IV" of "IV-11"), or ""."""
    return (un_reference or "").split("-")[0]


def subject_choices() -> list[tuple[str, str]]:
    """Every subject to browse by: (key, label); UN chapters as "un-IV", topics by name."""
    chapters = [
        (f"un-{number}", f"{title} (UN chapter {number})") for number, title in UN_CHAPTERS.items()
    ]
    topics = [(f"topic-{name}", name) for name in sorted(TOPICS)]
    return topics + chapters


def subjects_of(un_reference: str | None) -> list[str]:
    """The subjects a treaty is listed under: its UN chapter's title and our topics."""
    found = []
    chapter = chapter_of(un_reference)
    if chapter in UN_CHAPTERS:
        found.append(UN_CHAPTERS[chapter])
    for topic, references in TOPICS.items():
        if any(_covers(ref, un_reference) for ref in references):
            found.append(topic)
    return found


def _covers(reference: str, un_reference: str | None) -> bool:
    return bool(un_reference) and (
        un_reference == reference or str(un_reference).startswith(reference + "-")
    )
