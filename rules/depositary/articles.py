"""Rules read from the entry-into-force article the depositary quotes.

``rules_from_article`` reads the words of a quoted article ("1. This Convention shall enter into
force on the ninetieth day after the date of deposit of the fiftieth instrument of ratification,
acceptance, approval or accession. 2. For each State ... after the deposit of the fiftieth
instrument ..., on the ninetieth day after the date of deposit by such State of its instrument
... 3. ... any instrument deposited by a regional economic integration organization shall not be
counted as additional ...") into a rules document of the vocabulary, or says why it cannot.

What is read, sentence by sentence:

* the treaty's own entry into force: the threshold (an ordinal "fiftieth instrument", or a
  count "twenty-two instruments ... have been deposited", "10 States have expressed their
  consent"), the instruments that count, the delay ("on the ninetieth day after", "thirty days
  after", "six months after", "the first day of the month following the expiration of twelve
  months after", "the first day of the sixth month following"), a fixed date ("shall enter into
  force on 1 January 1989, provided that ..."), and "it shall not enter into force before the
  entry into force of the Convention";
* a condition the events cannot show (shares of emissions, trade or tonnage; two thirds of
  the Parties) becomes a condition threshold: its date is then unknown, and only the later
  states' clause is computed;
* the clause for later states: its delay, whom it covers ("after the deposit of the fiftieth
  instrument", "after the entry into force"), "whichever is the later";
* the organisations clause ("shall not be counted as additional").

Nothing is guessed: a sentence that sets an entry into force but whose delay cannot be read
makes the whole reading fail, with the reason. The withdrawal clause is not in these articles:
it is left "not recorded" (a withdrawal then takes the depositary's published date).
A few misspellings found in the UN's texts are read as what they plainly are and listed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Final

from rules.depositary.notes import read_long_date
from rules.depositary.numbers import NUMBER, read_number

__all__ = ["ArticleReading", "later_clause_after_entry_into_force", "rules_from_article"]

#: Misspellings in the depositary's quotations, read as the word they stand for.
_TYPOS: Final = {
    "rafification": "ratification",
    "aceptance": "acceptance",
    "thirthieth": "thirtieth",
    "thirteith": "thirtieth",
    "inot": "into",
    "protocole": "Protocol",
    "is shall": "it shall",
    "conventio ": "Convention ",
}

_KIND_WORDS: Final = (
    ("formal confirmation", "ratification"),
    ("definitive signature", "definitive_signature"),
    ("ratification", "ratification"),
    ("ratif", "ratification"),  # "ratifying", "ratifies"
    ("acceptance", "acceptance"),
    ("accept", "acceptance"),
    ("approval", "approval"),
    ("approv", "approval"),
    ("accession", "accession"),
    ("acced", "accession"),
)
_ALL_KINDS: Final = ["ratification", "acceptance", "approval", "accession", "succession"]

_ENTERS = re.compile(
    r"\b(?:shall|will)\s+(?:enter|come)\s+into\s+force\b|\benters\s+into\s+force\b"
    r"|\bshall\s+become\s+a\s+party\b",
    re.IGNORECASE,
)
_CONDITION_WORDS = re.compile(
    r"per\s*cent|percent|%|tonnage|two[\s-]thirds|three[\s-]fourths|majority|annex\s+\d|"
    r"listed\s+in|referred\s+to\s+in\s+(?:article|paragraph)|subscriptions",
    re.IGNORECASE,
)
_OWN_DEPOSIT = re.compile(
    r"\bits\s+(?:own\s+)?instrument|\bby\s+such\s+(?:state|party|organization)|"
    r"\bsuch\s+state\s+of\s+its|\bthat\s+(?:state|party)\s+(?:deposits|has\s+deposited|has\s+become)|"
    r"\bthe\s+said\s+country\s+has\s+deposited|\bon\s+behalf\s+of\s+that\s+state|"
    r"\bthe\s+relevant\s+instrument|\bsuch\s+deposit\b|\bconsent\s+to\s+be\s+bound\.?$|"
    r"\bits\s+depositing\b|\bdeposit\s+of\s+its\b|\bthat\s+state\s+has\s+become",
    re.IGNORECASE,
)
_LATER_OPENING = re.compile(
    r"^\s*(?:\(?\d+\)?\.?\s*)?(?:for\s+(?:each|any|a)\b|with\s+respect\s+to\b|when\s+a\b|"
    r"after\s+the\s+(?:entry\s+into\s+force|conditions)|thereafter\b)",
    re.IGNORECASE,
)


@dataclass
class ArticleReading:
    """The outcome: ``rules`` (a vocabulary document) or ``problems`` saying why not.

    ``later_states_assumed``: the quotation has no clause for later states, so they were given
    the treaty's own delay (the common clause) — an assumption, to be confirmed.
    """

    rules: dict[str, Any] | None
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    later_states_assumed: bool = False
    #: The threshold is a condition the events cannot show (shares, fractions of parties).
    condition: bool = False


def _clean(text: str, notes: list[str]) -> str:
    cleaned = " ".join(text.replace("\u201c", '"').replace("\u201d", '"').split())
    for wrong, right in _TYPOS.items():
        if re.search(rf"\b{re.escape(wrong)}", cleaned, re.IGNORECASE):
            cleaned = re.sub(rf"\b{re.escape(wrong)}", right, cleaned, flags=re.IGNORECASE)
            notes.append(f'read "{wrong.strip()}" as "{right.strip()}"')
    return cleaned


_BREAK = re.compile(r"(?<=[.;:\"])\s+(?=\(?\d{1,2}\)?\.?\s|\([a-z]\)\s|[A-Z])")
_MARKER = re.compile(r"^(?:\((\d{1,2})\)|(\d{1,2})\.)(?:\s|$)")


def _sentences(text: str) -> list[str]:
    """Split at sentence ends, keeping a paragraph number ("1.", "(2)") with its sentence."""
    sentences: list[str] = []
    start = 0
    for gap in _BREAK.finditer(text):
        piece = text[start : gap.start()].strip(' "')
        if _MARKER.match(piece) and _MARKER.match(piece).end() >= len(piece):  # type: ignore[union-attr]
            continue  # only "1." so far: the sentence follows it
        if piece:
            sentences.append(piece)
        start = gap.end()
    tail = text[start:].strip(' "')
    if tail:
        sentences.append(tail)
    return sentences


def _paragraph(sentence: str) -> str | None:
    match = _MARKER.match(sentence)
    return (match.group(1) or match.group(2)) if match else None


def _kinds(sentence: str) -> list[str]:
    """The consent kinds a sentence names, in the vocabulary's words."""
    lowered = sentence.lower()
    if re.search(r"consent\s+to\s+be\s+bound|become\s+(?:contracting\s+)?part(?:y|ies)", lowered):
        return list(_ALL_KINDS)
    found: list[str] = []
    for words, kind in _KIND_WORDS:
        if words in lowered and kind not in found:
            found.append(kind)
    if "accession" in found and "succession" not in found:
        # A successor state's instrument continues its predecessor's consent; the catalogue
        # counts it with the accessions (``rules.catalogue``).
        found.append("succession")
    return found


def _delay(sentence: str) -> list[dict[str, Any]] | None:
    """The period a sentence sets, as vocabulary steps ([] = on the date), or None."""
    s = sentence.lower()
    n = rf"({NUMBER})"
    first_after = re.search(
        rf"first\s+day\s+of\s+the\s+month\s+following\s+the\s+expiration\s+of\s+{n}\s+"
        r"(months?|years?)",
        s,
    )
    if first_after:
        amount = read_number(first_after.group(1))
        unit = "years" if first_after.group(2).startswith("year") else "months"
        if amount:
            return [{"add": {unit: amount}}, {"first_day_of_month": {"months_after": 1}}]
    nth_month = re.search(rf"first\s+day\s+of\s+the\s+{n}\s+month\s+(?:following|after)", s)
    if nth_month and read_number(nth_month.group(1)):
        return [{"first_day_of_month": {"months_after": read_number(nth_month.group(1))}}]
    if re.search(r"first\s+day\s+of\s+the\s+month\s+(?:following|after)", s):
        return [{"first_day_of_month": {"months_after": 1}}]
    nth_day = re.search(rf"(?:on\s+)?the\s+{n}\s+day\s+(?:after|following|from)", s)
    if nth_day and read_number(nth_day.group(1)):
        return [{"add": {"days": read_number(nth_day.group(1))}}]
    counted = re.search(rf"\b{n}\s+(days?|months?|years?)\s+(?:after|following|from)", s)
    if counted and read_number(counted.group(1)):
        unit = counted.group(2).rstrip("s") + "s"
        return [{"add": {unit: read_number(counted.group(1))}}]
    if re.search(r"\bon\s+the\s+date\s+of\s+(?:the\s+)?deposit|\bupon\s+(?:the\s+)?deposit", s):
        return []
    return None


def _threshold(sentence: str) -> int | None:
    """The number of instruments that brings the treaty into force."""
    s = sentence.lower()
    n = rf"({NUMBER})"
    for pattern in (
        rf"(?:the|its)\s+{n}\s+instrument",
        rf"after\s+{n}\s+(?:instruments|of\s+the\s+countries|states)",
        rf"on\s+which\s+{n}\s+states",
        rf"(?:of|by)\s+{n}\s+states",
        rf"{n}\s+instruments\s+of",
    ):
        match = re.search(pattern, s)
        if match and read_number(match.group(1)):
            return read_number(match.group(1))
    return None


def _fixed_date(sentence: str) -> str | None:
    match = re.search(
        r"(?:enter|come)\s+into\s+force\s+on\s+(\d{1,2}\s+[A-Z][a-z]+\s+\d{4}),?\s+provided",
        sentence,
    )
    if match is None:
        return None
    day = read_long_date(match.group(1))
    return day.isoformat() if day else None


def rules_from_article(quoted: str, *, article: str | None = None) -> ArticleReading:
    """Read the quoted entry-into-force article into rules (see the module docstring).

    ``article``: what the depositary cites ("article 26(1)"), used to name the paragraphs.
    """
    notes: list[str] = []
    text = _clean(quoted, notes)
    sentences = _sentences(text)
    base = _article_base(article)
    treaty: str | None = None
    treaty_para: str | None = None
    later: str | None = None
    later_para: str | None = None
    organisations = False
    fallback: str | None = None  # "In the event that ... not been fulfilled by that date ..."
    for i, sentence in enumerate(sentences):
        if re.search(r"not\s+be\s+counted\s+as\s+additional", sentence, re.IGNORECASE):
            organisations = True
            continue
        if not _ENTERS.search(sentence):
            continue
        para = _paragraph(sentence) or (_paragraph(sentences[i - 1]) if i else None)
        if re.match(r"^(?:\(?\d+\)?\.?\s*)?in\s+the\s+event\s+that", sentence, re.IGNORECASE):
            fallback = sentence
            continue
        if _LATER_OPENING.search(sentence) or (_OWN_DEPOSIT.search(sentence) and treaty):
            if later is None:
                later, later_para = sentence, para
            continue
        if treaty is None:
            treaty, treaty_para = sentence, para
    if treaty is None:
        return ArticleReading(None, ["no sentence says when the treaty enters into force"], notes)
    return _assemble(
        treaty,
        later,
        fallback,
        organisations=organisations,
        articles=(_cite(base, treaty_para), _cite(base, later_para)),
        notes=notes,
    )


def later_clause_after_entry_into_force(quoted: str) -> list[dict[str, Any]] | None:
    """The delay of the one clause for later states in ``quoted`` that covers only deposits
    made after the treaty's entry into force ("After the entry into force of the Amendment
    ..., it shall enter into force for any other Party ... on the ninetieth day following the
    date of deposit of its instrument"), or None (no such clause, several, or unreadable).

    For a line whose sentence for the treaty itself cannot be read (the Kigali Amendment's mixes
    its date with a later one for some of its changes) but whose entry into force is recorded:
    a state that deposited by that date is bound from it, a later one by this clause.
    """
    notes: list[str] = []
    found = []
    for sentence in _sentences(_clean(quoted, notes)):
        if not _ENTERS.search(sentence) or not _LATER_OPENING.search(sentence):
            continue
        if re.search(r"after\s+the\s+entry\s+into\s+force", sentence, re.IGNORECASE):
            found.append(_delay(sentence))
    if len(found) != 1:
        return None
    return found[0]


def _article_base(article: str | None) -> str | None:
    if not article:
        return None
    match = re.match(r"(?:article|art\.)\s+([0-9IVXLC]+)", article, re.IGNORECASE)
    return match.group(1) if match else None


def _cite(base: str | None, paragraph: str | None) -> str | None:
    if base is None:
        return None
    return f"{base}({paragraph})" if paragraph else base


def _assemble(
    treaty: str,
    later: str | None,
    fallback: str | None,
    *,
    organisations: bool,
    articles: tuple[str | None, str | None],
    notes: list[str],
) -> ArticleReading:
    problems: list[str] = []
    fixed = _fixed_date(treaty)
    period = _delay(fallback or treaty) if fixed else _delay(treaty)
    if period is None:
        problems.append(f"the delay after the threshold cannot be read: {treaty[:160]!r}")
    count = None if _CONDITION_WORDS.search(treaty) else _threshold(treaty)
    kinds = _kinds(treaty) or list(_ALL_KINDS)
    condition = count is None
    threshold: dict[str, Any]
    if condition:
        threshold = {"condition": _condition_words(treaty), "recorded_date": None}
        notes.append("the threshold is a condition the events cannot show: its date is unknown")
    else:
        # "instruments ... by States": an organisation's formal confirmation does not count.
        by_states = (
            re.search(
                r"\bby\s+States\b(?!\s+or\s+(?:by\s+)?(?:an?\s+)?(?:regional|international|"
                r"organi))",
                treaty,
            )
            is not None
        )
        threshold = {
            "count": count,
            "kinds": kinds,
            "organisations_not_additional": organisations or by_states,
        }
    later_period = _delay(later) if later else None
    assumed = later is None
    if later is not None and later_period is None:
        problems.append(f"the delay for later states cannot be read: {later[:160]!r}")
    if problems or period is None:
        return ArticleReading(None, problems, notes, condition=condition)
    if assumed:
        later_period = list(period) if not fixed else None
        if later_period is None:
            return ArticleReading(
                None, ["a fixed date without a clause for later states"], notes, condition=True
            )
        notes.append("no clause for later states is quoted: they are given the same delay")
    lowered = (later or "").lower()
    after_entry = re.search(
        r"after\s+(?:the\s+(?:date\s+of\s+)?)?(?:its\s+)?entry\s+into\s+force"
        r"|provided\s+under\s+paragraphs",
        lowered,
    )
    rules: dict[str, Any] = {
        "entry_into_force": {
            "article": articles[0],
            "threshold": threshold,
            "period": period,
            "not_before": None,
            "recorded_date": None,
            "on_date": fixed,
            "not_before_parent": bool(
                re.search(r"not\s+enter\s+into\s+force\s+before\s+the\s+entry", treaty, re.I)
            ),
        },
        "later_states": {
            # The article quoted for the treaty's own entry into force is not the later states'
            # clause: cited only when the quotation has that clause (CBD: 36(1) is not 36(3)).
            "article": None if assumed else articles[1] or articles[0],
            "period": later_period,
            "applies_after": "entry_into_force" if after_entry or fixed else "threshold",
            "not_before_treaty_entry_into_force": True,
            "not_before_parent_for_state": bool(
                re.search(
                    r"convention\s+enters\s+into\s+force\s+for\s+(?:it|that\s+state)", lowered
                )
            ),
        },
        "withdrawal": {"allowed": None},
    }
    if assumed and rules["later_states"]["applies_after"] == "threshold":
        # No clause for later states: whether one covers a deposit made between the threshold
        # and the entry into force is not quoted either. Both readings are kept, so such a
        # deposit is unknown (``Rules.alternatives``).
        other = {**rules["later_states"], "applies_after": "entry_into_force"}
        rules["alternatives"] = [{**rules, "later_states": other}]
    return ArticleReading(rules, [], notes, later_states_assumed=assumed, condition=condition)


def _condition_words(sentence: str) -> str:
    words = re.sub(r"^\(?\d+\)?\.?\s*", "", sentence).strip()
    return words[:400]
