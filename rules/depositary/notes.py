"""The depositary's own words about a treaty's entry into force, read as facts.

The UN's status files state the entry into force in one line of text: "29 December 1993, in
accordance with article 36(1).", "provisionally on 1 October 2001 and definitively on 17 May
2005, in accordance with article 45 which reads as follows: "(1) This Agreement shall enter
into force ..."", or, for a treaty not yet in force, only the article ("see article 89 which
reads as follows: ..."). ``read_entry_into_force_label`` takes that line apart: the recorded
date (a fact), the article it cites, whether the entry into force is only provisional, and the
quoted article, if any (``articles.rules_from_article`` reads rules from it).

Its endnotes also record what states that no longer exist did: "Czechoslovakia had signed and
ratified the Convention on 21 May 1969 and 13 August 1970, respectively." The participants
table lists only the successors (with their own successions, years later), so an instrument
that counted towards the entry into force may be missing from it. ``read_predecessor_deposits``
reads those sentences (``NotedDeposit``): evidence for inferring the rules, not events.

A treaty the League of Nations held before the Secretary-General took over its depositary
functions lists, apart from the participants table (which records only the acts since), the
ratifications and accessions the League received: "Belgium (Nov 27th, 1937)", "Guatemala (Aug
2nd, 1938 a)". ``read_league_deposits`` reads that list into ``NotedDeposit`` evidence too:
the instruments that brought such a treaty into force are there, not in the table.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Final

__all__ = [
    "NotedDeposit",
    "RecordedEntry",
    "read_entry_into_force_label",
    "read_league_deposits",
    "read_long_date",
    "read_predecessor_deposits",
]

_MONTHS: Final = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
)
_DATE: Final = rf"(\d{{1,2}})\s+({_MONTHS})\s+(\d{{4}})"
_LEADING_DATE = re.compile(rf"^(?:(provisionally|definitively)\s+on\s+)?{_DATE}", re.IGNORECASE)
_DEFINITIVELY = re.compile(rf"definitively\s+on\s+{_DATE}", re.IGNORECASE)
_ACCORDANCE = re.compile(r"in accordance with\s+", re.IGNORECASE)
# Where the citation of an article ends: the quotation, a new clause or sentence.
_ARTICLE_END = re.compile(
    r"\s*(?:which\b|\"|;|\.(?:\s|$)|\s+and\s+definitively|\s+for all\b|\(see\b|\["
    r"|,\s+with\s+the\s+exception\b|,?\s+(?:the|this)"
    r"\s+(?:Treaty|Agreement|Convention|Protocol)\b|,\s+(?:the|this)\b|$)",
    re.IGNORECASE,
)
_INTRODUCES_QUOTE = re.compile(
    r"(?:reads?|read),?\s*(?:in part,?\s*)?as follows\s*[:.]?|stipulates\s*:?", re.IGNORECASE
)
_RULE_SENTENCE = re.compile(r"\b(?:shall|will)\s+(?:enter|come)\s+into\s+force\b", re.IGNORECASE)
_LONG_DATE: Final = re.compile(rf"^{_DATE}$", re.IGNORECASE)

#: States that ceased to exist, as the depositary's notes name them.
_PREDECESSOR: Final = (
    r"(former\s+Yugoslavia|Socialist\s+Federal\s+Republic\s+of\s+Yugoslavia|Czechoslovakia"
    r"|German\s+Democratic\s+Republic|Democratic\s+Yemen|Yemen\s+Arab\s+Republic)"
)
#: What a treaty is called: the first of these words in its title, and the object of a note.
_INSTRUMENT: Final = (
    r"(Convention|Protocol|Agreement|Amendments?|Covenant|Statutes?|Constitution|Charter|Treaty)"
)
#: Bounded: at most four words before the instrument ("the Optional Protocol"), at most 200
#: characters between it and its date, so a hostile note costs linear time.
_NOTED: Final = re.compile(
    rf"\b{_PREDECESSOR}\s+had\s+(signed\s+and\s+)?(ratified|acce{{1,2}}ded\s+to|accepted"
    rf"|approved|succeeded\s+to)\s+the\s+((?:[A-Z][\w-]{{0,40}}\s+){{0,4}}){_INSTRUMENT}\b"
    rf"([^.;]{{0,200}}?)\s+on\s+{_DATE}(?:\s+and\s+{_DATE})?",
    re.IGNORECASE,
)
_NOTED_KINDS: Final = {
    "ratified": "ratification",
    "accepted": "acceptance",
    "approved": "approval",
    "succeeded": "succession",
    "acceded": "accession",
    "acceeded": "accession",  # as the depositary sometimes spells it
}


#: Where a noted instrument is recorded: an endnote (a predecessor state's instrument), or the
#: League of Nations' list of the ratifications it received.
NOTE: Final = "note"
LEAGUE: Final = "league"


@dataclass(frozen=True)
class NotedDeposit:
    """An instrument the depositary records outside the participants table: a predecessor
    state's, in endnote ``note``; or one the League of Nations received (``where=LEAGUE``)."""

    who: str
    kind: str
    date: dt.date
    note: str
    where: str = NOTE


#: "(Nov 27th, 1937)", "(April 10th,1935 a )", "(May, 10th, 1933)": the League's dates, with
#: "a" for an accession. A date the scan garbled ("(Apr?rd,?933)") does not match.
_LEAGUE_DATE: Final = re.compile(
    r"\(?\s*([A-Z][a-z]{2,8})\.?,?\s+(\d{1,2})(?:st|nd|rd|th)?\s*,\s*(\d{4})\s*(a\b)?\s*\)?"
)


def read_league_deposits(entries: list[str]) -> tuple[list[NotedDeposit], int]:
    """The League of Nations' list of ratifications and accessions (see the module docstring):
    ``entries`` are its cells in order, names and dates ("Belgium", "(Nov 27th, 1937)"); a date
    with no name before it is a further instrument of the last name (one for a colony, say).

    Returns the instruments whose dates can be read and how many dates could not be (a
    garbled scan): the evidence says so rather than counting on a list with holes.
    """
    found: list[NotedDeposit] = []
    unreadable = 0
    who = ""
    for cell in entries:
        text = " ".join(cell.split())
        if not text:
            continue
        match = _LEAGUE_DATE.search(text)
        name = (text[: match.start()] if match else text).strip(" ,.")
        if name and not name.startswith("("):
            who = name
        if match is None:
            if any(ch.isdigit() for ch in text):  # a date, garbled; "Yugoslavia (former)" is a name
                unreadable += 1
            continue
        day = _league_date(match)
        if day is None or not who:
            unreadable += 1
            continue
        kind = "accession" if match.group(4) else "ratification"
        found.append(NotedDeposit(who, kind, day, "", where=LEAGUE))
    return found, unreadable


def _league_date(match: re.Match[str]) -> date | None:
    month, day, year = match.group(1), match.group(2), match.group(3)
    for pattern in ("%d %B %Y", "%d %b %Y"):
        try:
            return datetime.strptime(f"{day} {month} {year}", pattern).date()
        except ValueError:
            continue
    return None


def read_predecessor_deposits(note: str, title: str, *, index: str = "") -> list[NotedDeposit]:
    """The instruments of states that no longer exist which ``note`` records for the treaty
    called ``title`` (see the module docstring).

    Only sentences about the treaty itself count: their object ("the Convention", "the
    Optional Protocol") must be what the title calls the treaty (the first such word in it), so
    "had ratified the Convention" in a protocol's notes is not taken for the protocol. "Signed
    and ratified ... on D1 and D2, respectively" is a ratification on D2; a signature alone,
    or one date for two acts, is not read.
    """
    head = re.search(_INSTRUMENT, title, re.IGNORECASE)
    if head is None:
        return []
    treaty_word = _singular(head.group(1))
    text = " ".join(note.replace("\u00c2", " ").split())
    found = []
    for match in _NOTED.finditer(text):
        who, signed, verb, _, word = (match.group(i) for i in range(1, 6))
        if _singular(word) != treaty_word:
            continue
        second = match.group(10) is not None
        if bool(signed) != second:
            continue
        day = _date(match, offset=9) if second else _date(match, offset=6)
        if day is None:
            continue
        kind = _NOTED_KINDS[verb.split()[0].lower()]
        found.append(NotedDeposit(" ".join(who.split()), kind, day, index))
    return found


def _singular(word: str) -> str:
    return word.lower().removesuffix("s")


@dataclass(frozen=True)
class RecordedEntry:
    """What the depositary's entry-into-force line says.

    ``date``: the recorded entry into force (the definitive one when both are given; the
    provisional one when that is all there is, with ``provisional`` set); ``article``: what it
    cites ("article 36(1)"); ``quoted``: the article's own text when the line gives it.
    """

    # ``dt.date``: inside the class body the name ``date`` is the field.
    date: dt.date | None
    article: str
    provisional: bool = False
    provisional_date: dt.date | None = None
    quoted: str | None = None


def read_long_date(text: str) -> date | None:
    """ "29 December 1993" → that date (None if the text is not such a date)."""
    match = _LONG_DATE.match(" ".join(text.split()))
    if match is None:
        return None
    return _date(match)


def _date(match: re.Match[str], offset: int = 0) -> date | None:
    day, month, year = match.group(1 + offset), match.group(2 + offset), match.group(3 + offset)
    try:
        return datetime.strptime(f"{day} {month.capitalize()} {year}", "%d %B %Y").date()
    except ValueError:
        return None


def read_entry_into_force_label(text: str) -> RecordedEntry:
    """Read the depositary's entry-into-force line (see the module docstring)."""
    line = " ".join(text.split())
    leading = _LEADING_DATE.match(line)
    definitive_match = _DEFINITIVELY.search(line)
    definitive = _date(definitive_match) if definitive_match else None
    recorded: date | None = None
    provisional = False
    provisional_date: date | None = None
    if leading is not None:
        first = _date(leading, offset=1)
        if (leading.group(1) or "").lower() == "provisionally":
            provisional_date = first
            recorded = definitive or first
            provisional = definitive is None
        else:
            recorded = first
    article_from = definitive_match.end() if definitive_match and leading else 0
    return RecordedEntry(
        date=recorded,
        article=_article(line, article_from),
        provisional=provisional,
        provisional_date=provisional_date,
        quoted=_quoted(line),
    )


def _article(line: str, start: int) -> str:
    """The first "in accordance with ..." citation at or after ``start``, as written.

    Only the first sentence is read, before any quotation: later sentences tell what became of
    the treaty ("The Agreement expired in accordance with its provisions ...").
    """
    intro = _INTRODUCES_QUOTE.search(line)
    head = line[: intro.start()] if intro else line
    sentence_end = re.search(r"\.\s+[A-Z\[]", head)
    if sentence_end:
        head = head[: sentence_end.start()]
    match = _ACCORDANCE.search(head, start) or _ACCORDANCE.search(head)
    line = head
    if match is None:
        see = re.search(r"\bsee\s+((?:article|paragraph|paragraphs)\s+[^\s\"]+)", line, re.I)
        return see.group(1).rstrip(".,;]") if see else ""
    rest = line[match.end() :]
    end = _ARTICLE_END.search(rest)
    cited = rest[: end.start()] if end else rest
    # "article 108for all Members": words run together where the UN's markup was dropped.
    cited = re.sub(r"(\d|\))(for|which|see)\b.*$", r"\1", cited)
    return cited.strip(" ,;:")[:300]


def _quoted(line: str) -> str | None:
    """The article's text: what follows "reads as follows" (in quotes or not), else the rule
    sentence itself when the line states it in its own words ("... this Treaty shall enter into
    force 90 days after the fiftieth instrument ...")."""
    intro = _INTRODUCES_QUOTE.search(line)
    start = intro.end() if intro else None
    if start is None:
        cited = re.search(r"article\s+[\w().]+\s*\"", line, re.IGNORECASE)
        start = cited.end() - 1 if cited else None
    if start is not None:
        body = line[start:].strip()
        if body.startswith('"'):
            last = body.rfind('"')
            body = body[1:last] if last > 0 else body[1:]
        return body.strip() or None
    sentence = _RULE_SENTENCE.search(line)
    return line if sentence else None
