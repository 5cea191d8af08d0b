"""History the depositary tells only in an endnote on a participant, read as dated acts.

The UN's participants table shows a state's current instruments; what came before is often in
the endnote on the state's name: "Canada had signed the Convention on 14 October 1994 and had
ratified it subsequently on 1 December 1995. Thereafter, on 28 March 2013, ... the Government
of Canada had notified the Secretary-General of its decision to withdraw from the Convention.
The withdrawal took effect on 28 March 2014." ``read_note_acts`` reads such sentences into
``NoteAct`` values (what the state did, on which date, and the effect date the note states).

What is read, and what is not (never a false answer):

- Only sentences whose subject is the state the note is attached to: its name in a subject's
  place ("Canada had ...", "the Government of Canada ...", ", Canada deposited"), or a sentence
  naming nobody that follows one of them ("On 29 June 2011, the Government notified ...").
  "The Republic of Viet Nam had acceded", "on behalf of the Republic of China", a
  predecessor's act ("Czechoslovakia had ratified", read elsewhere as evidence) are not the
  state's.
- Only acts towards the treaty itself: the object must be "this Convention", "the said
  Protocol", or "the <words> <Instrument>" where the instrument is what the title calls the
  treaty and the words are in its title ("denounced the Convention relating to a Uniform Law
  on the International Sale of Goods" in another convention's note is not its denunciation).
- Only withdrawals from the treaty ("withdraw from", "denounce", "notification of
  denunciation"), never the withdrawal of a reservation or a declaration.
- A sentence must give its act one date; two dates it cannot tell apart leave it unread.
- A note that undoes or disputes what it tells ("withdraw its notification of withdrawal",
  "suspend the withdrawal", "withdrew the said instrument", "the purported denunciation") is
  not read into acts at all.

What the reader sees but cannot date, or will not read, is ``NoteReading.undated``: the caller
quotes the note rather than guessing. Territorial exclusions and applications ("With a
territorial exclusion in respect of the Faroe Islands", "would apply to Montserrat") are
read as ``NoteTerritory`` evidence: the engine computes a state's status, not its territories'.

Every pattern is bounded (at most a few hundred characters between its parts), so a hostile
note costs linear time.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Final

__all__ = [
    "NoteAct",
    "NoteReading",
    "NoteTerritory",
    "names_of",
    "read_note_acts",
]

_MONTHS: Final = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
)
_DATE: Final = re.compile(rf"\b(\d{{1,2}})\s*({_MONTHS})\s+(\d{{4}})\b", re.IGNORECASE)
_TAG: Final = re.compile(r"<[^<>]{0,400}>")
#: A sentence ends at a full stop (or a colon) followed by a capital or an opening quote.
_SENTENCE_END: Final = re.compile(r"(?<=[.:])\s+(?=[A-Z\"(\[])")
_QUOTED: Final = re.compile(r'"[^"]{0,20000}"')
#: A withdrawal for part of a state's territory ("in respect of the metropolitan territory",
#: "the Kingdom in Europe only"): the state stays bound elsewhere; quoted, not read.
_PARTIAL: Final = re.compile(
    r"\bin\s+respect\s+of\b|\bremain\s+in\s+force\b|\bonly\b|\bexcept\b"
    r"|\bfollowing\s+territories\b|\bterritor(?:y|ies)\s+(?:of|for)\b",
    re.IGNORECASE,
)
#: Where the depositary's account ends and others' communications about it begin: what
#: follows is their words ("Finland (17 March 2000): ...", "In this connection, ...").
_OTHERS: Final = re.compile(
    r"\b(?:communications?|objections?)\s+from\s+the\s+following\b"
    r"|\bthe\s+following\s+communications?\b|\bIn\s+this\s+connection\b"
    r"|\b[A-Z][a-z]{2,30}(?:\s+[A-Z][a-z]{1,30}){0,3}\s+\(\d{1,2}\s+[A-Z][a-z]{2,8}\s+\d{4}\)\s*:"
)
_INSTRUMENT: Final = (
    r"(Convention|Protocol|Agreement|Amendments?|Covenant|Statutes?|Constitution|Charter|Treaty)"
)
_INSTRUMENT_WORD: Final = re.compile(rf"^{_INSTRUMENT}$", re.IGNORECASE)

#: What undoes or disputes the history a note tells: such a note is quoted, not read.
_UNDONE: Final = re.compile(
    r"withdraw(?:n|s|al)?\s+(?:of\s+)?(?:its|the|their)\s+(?:said\s+)?notification\s+of"
    r"\s+(?:withdrawal|denunciation)|suspen(?:d|ded|sion\s+of)\s+(?:the|its)\s+withdrawal"
    r"|withdr(?:ew|awn|aw)\s+(?:the|its)\s+(?:said\s+)?instrument|\brescind"
    r"|\bpurport(?:ed|ing)\s+(?:to\s+)?(?:denounc|withdr|denunciation|withdrawal)"
    r"|withdrawal\s+(?:by\s+[^.;]{1,80}?\s+)?of\s+(?:the|its)\s+(?:said\s+)?instrument"
    r"|\brevok|\bretract|\bnull\s+and\s+void",
    re.IGNORECASE,
)

# The verbs of an act, each followed by its object (read by ``_object_is_treaty``).
_WITHDRAWAL: Final = re.compile(
    r"\b(?:withdraw(?:al)?|withdrew)\s+(?:of\s+[^.;]{1,80}?\s+)?f(?:ro|or)m\s+"
    r"|\bdenounc(?:e|ed|ing)\s+"
    r"|\b(?:notification|instrument)s?\s+of\s+denunciation\s+of\s+"
    r"|\bits\s+denunciation\s+of\s+",
    re.IGNORECASE,
)
_CONSENT: Final = re.compile(
    r"\b(?P<verb>ratified|re-?acce{1,2}ded\s+to|acce{1,2}ded\s+to|accepted|approved"
    r"|succeeded\s+to|signed)\s+"
    r"|\bdeposited\s+(?:with\s+the\s+Secretary-General\s+)?(?:an|its|the)\s+instrument\s+of"
    r"\s+(?P<instrument>ratification|accession|acceptance|approval)\s+(?:to|of)\s+",
    re.IGNORECASE,
)
_CONSENT_KINDS: Final = {
    "ratified": "ratification",
    "ratification": "ratification",
    "accepted": "acceptance",
    "acceptance": "acceptance",
    "approved": "approval",
    "approval": "approval",
    "succeeded": "succession",
    "acceded": "accession",
    "acceeded": "accession",
    "reacceded": "accession",
    "re-acceded": "accession",
    "accession": "accession",
    "signed": "signature",
}
#: "had signed the Convention on D1 and had ratified it subsequently on D2".
_SIGNED_THEN: Final = re.compile(
    r"\bsigned\s+[^.;]{1,160}?\s+on\s+\d{1,2}\s*[A-Za-z]{3,9}\s+\d{4}\s+and\s+(?:had\s+)?"
    r"(?:subsequently\s+)?(ratified|accepted|approved)\s+it\b",
    re.IGNORECASE,
)
#: "signed and ratified the Convention on D1 and D2, respectively".
_SIGNED_AND: Final = re.compile(r"\bsigned\s+and\s+(ratified|accepted|approved)\s+", re.IGNORECASE)
_RESPECTIVELY: Final = re.compile(r"\brespectively\b", re.IGNORECASE)

#: The effect date a sentence states for a withdrawal: the group is the date.
_EFFECT: Final = re.compile(
    r"(?:with\s+effect\s+(?:from|as\s+of)(?:\s+on)?|effective\s+(?:on|from|as\s+of|as\s+from)?"
    r"|(?:took|takes|take|taken|taking)\s+effect\s+(?:on|from|as\s+of)"
    r"|effect\s+[^.;]{0,80}?,?\s+i\.\s?e\.,?\s+on|the\s+date\s+of\s+effect\s+being"
    r"|become\s+effective\s+(?:for\s+[^.;]{1,60}?\s+)?(?:on|from)"
    r"|became\s+effective\s+(?:for\s+[^.;]{1,60}?\s+)?(?:on|from)"
    r"|indicates\s+)\s*(\d{1,2}\s*(?:" + _MONTHS + r")\s+\d{4})",
    re.IGNORECASE,
)
#: A sentence stating only when a withdrawal the note told before took effect.
_EFFECT_SENTENCE: Final = re.compile(
    r"\b(?:withdrawal|denunciation|action)\s+(?:took|takes|was\s+to\s+take|would\s+take"
    r"|will\s+take|shall\s+take|became|will\s+become|becomes)\s+(?:effect|effective)\b",
    re.IGNORECASE,
)
#: A sentence that introduces the table of an endnote (read by the document reader).
_TABLE_FOLLOWS: Final = re.compile(r"\bhereinafter\b|\bindicated\s+below\b", re.IGNORECASE)
_HISTORY: Final = re.compile(
    r"\bwithdr(?:aw|ew|awal)\s+(?:of\s+[^.;]{1,80}?\s+)?f(?:ro|or)m\b|\bdenounc|\bdenunciation"
    r"|\bre-?acce|\binitially\b|\boriginally\b",
    re.IGNORECASE,
)
_NOT_OURS: Final = re.compile(
    r"\bon\s+behalf\s+of\b|\bCzechoslovakia\b|\bYugoslavia\b|\bGerman\s+Democratic\s+Republic\b"
    r"|\bDemocratic\s+Yemen\b|\bYemen\s+Arab\s+Republic\b|\bSoviet\s+Socialist\b"
    r"|\bthe\s+following\s+(?:States|Governments)\b",
    re.IGNORECASE,
)
#: What may stand before the state's name when it is the sentence's subject.
_SUBJECT_BEFORE: Final = re.compile(
    r"(?:[,;(]\s*|\bGovernments?\s+of\s+(?:the\s+)?|\bwithdrawal\s+of\s+(?:the\s+)?"
    r"|[,;]\s+the\s+)$",
    re.IGNORECASE,
)
_GOVERNMENT_ALONE: Final = re.compile(r"\bthe\s+Government\b(?!\s+of\b)", re.IGNORECASE)
_GOVERNMENT_OF: Final = re.compile(r"\bGovernments?\s+of\b", re.IGNORECASE)
_TERRITORY: Final = re.compile(
    r"territorial\s+exclusion\s+(?:in\s+respect\s+of|in\s+regard\s+to|with\s+respect\s+to)\s+"
    r"(?P<excluded>[^.;:\"]{1,160})"
    r"|(?:shall|would|will|should)\s+not\s+(?:extend|apply)\s+to\s+(?P<not_applied>[^.;:\"]{1,160})"
    r"|(?:would|shall|will|should)\s+(?:also\s+)?(?:apply|extend)\s+to\s+(?P<applied>[^.;:\"]{1,160})",
    re.IGNORECASE,
)
_TERRITORY_END: Final = re.compile(
    r"\s+(?:unless|until|with\s+effect|as\s+from|from|by|upon|on\s+the\s+basis)\b.*$",
    re.IGNORECASE,
)
#: Words that may follow the treaty's own name in an object before its end
#: ("the Agreement with effect from", "the Convention, the date of effect being").
_OBJECT_END: Final = re.compile(
    r"[,.;:(\[]|\s(?:with|as|effective|in|which|for|and|on|the|that|following|specifying"
    r"|notified|was|is|had|has|took|would|shall|will)\b",
    re.IGNORECASE,
)
_DETERMINER: Final = re.compile(
    r"^(?P<det>this|the\s+said|the\s+above-?mentioned|the\s+above|the|its)\s+", re.IGNORECASE
)
_NAMED_AFTER: Final = {"relating", "on", "of", "for", "concerning", "to", "between", "regarding"}

WITHDRAWAL: Final = "withdrawal"
EXCLUDED: Final = "exclusion"
EXCLUSION_WITHDRAWN: Final = "exclusion withdrawn"
APPLIED: Final = "application"
_WITHDRAWS_EXCLUSION: Final = re.compile(
    r"\bwithdr\w{0,4}\s+(?:the|its)\s+(?:[\w-]{1,20}\s+){0,2}(?:declaration|reservation)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class NoteAct:
    """A dated act of the note's state towards the treaty: ``kind`` is an event kind
    ("ratification", "withdrawal", ...), ``date`` the day of the deposit or notification,
    ``effective`` the effect date the note states (withdrawals), ``sentence`` the words read."""

    kind: str
    date: dt.date
    sentence: str
    effective: dt.date | None = None


@dataclass(frozen=True)
class NoteTerritory:
    """A territorial exclusion, its withdrawal, or an application the note records (``kind``
    EXCLUDED, EXCLUSION_WITHDRAWN or APPLIED), with the territory as written and its date
    when the sentence gives one."""

    kind: str
    territory: str
    sentence: str
    date: dt.date | None = None


@dataclass
class NoteReading:
    """What one endnote says about its state: dated acts, territories, and the sentences of
    history that could not be read into acts (``undated``, to be quoted)."""

    acts: list[NoteAct] = field(default_factory=list)
    territories: list[NoteTerritory] = field(default_factory=list)
    undated: list[str] = field(default_factory=list)
    #: Why nothing of the note was read (a note that undoes what it tells), or "".
    refused: str = ""

    @property
    def unread_withdrawal(self) -> bool:
        """Whether a withdrawal the note tells was left unread: the acts read around it would
        then draw a membership that did not end when it did."""
        return any(
            _WITHDRAWAL.search(sentence) or _EFFECT_SENTENCE.search(sentence)
            for sentence in self.undated
        )


def names_of(*names: str) -> list[str]:
    """The ways a note may name a state, from its names as the table and our data give them:
    "Bolivia (Plurinational State of)" is also "Plurinational State of Bolivia" and "Bolivia";
    a leading "the" is dropped."""
    found: list[str] = []
    for name in names:
        name = " ".join(name.split())
        name = re.sub(r"^the\s+", "", name, flags=re.IGNORECASE)
        if not name:
            continue
        found.append(name)
        inverted = re.match(r"^([^()]{1,80}?)\s*\(([^()]{1,80})\)$", name)
        if inverted:
            found += [f"{inverted[2]} {inverted[1]}", inverted[1]]
    return sorted({n for n in found if len(n) >= 3}, key=len, reverse=True)


def read_note_acts(note: str, title: str, names: Sequence[str]) -> NoteReading:
    """Read endnote ``note`` on the participant called ``names`` (see :func:`names_of`) for
    the treaty titled ``title`` (see the module docstring)."""
    reading = NoteReading()
    head = re.search(_INSTRUMENT, title, re.IGNORECASE)
    if head is None:
        return reading
    treaty_word = _singular(head.group(1))
    title_words = _words(title)
    whole = _clean(note, quotes=True)
    undone = _UNDONE.search(whole)
    text = _clean(note)
    if not text:
        return reading
    sentences = _sentences(text)
    ours_before = False
    for i, sentence in enumerate(sentences):
        ours = _is_ours(sentence, names, ours_before)
        ours_before = ours
        if ours or (i == 0 and not _NOT_OURS.search(sentence)):
            # A note's first sentence may describe the state's instrument without naming it
            # ("With a territorial exclusion in respect of ...").
            reading.territories += _territories(sentence)
        if not ours:
            continue
        acts = _acts(sentence, treaty_word, title_words)
        if not acts and _EFFECT_SENTENCE.search(sentence) and reading.acts:
            last = reading.acts[-1]
            effect = _EFFECT.search(sentence)
            day = _parse(effect.group(1)) if effect else None
            if last.kind == WITHDRAWAL and last.effective is None and day is not None:
                reading.acts[-1] = NoteAct(last.kind, last.date, last.sentence, day)
                continue
        # A withdrawal for part of the state's territory, in its sentence or the next one:
        # the state stays bound elsewhere; quoted, not read.
        told = " ".join(sentences[i : i + 2])
        if _PARTIAL.search(told) and any(act.kind == WITHDRAWAL for act in acts):
            acts = [act for act in acts if act.kind != WITHDRAWAL]
            reading.undated.append(sentence)
        elif not acts and _HISTORY.search(sentence) and not _TABLE_FOLLOWS.search(sentence):
            reading.undated.append(sentence)
        reading.acts += acts
    if undone is not None and (reading.acts or reading.undated):
        reading.refused = f"the note undoes or disputes what it tells ({undone.group(0)!r})"
        read = {act.sentence for act in reading.acts}
        reading.undated = [s for s in sentences if _HISTORY.search(s) or s in read]
        reading.acts = []
    return reading


def _clean(note: str, *, quotes: bool = False) -> str:
    """The note's words without markup; quoted text (a government's letter, an article) is
    not the depositary's account and is left out, as is all after an unclosed quote."""
    text = _TAG.sub(" ", note[:20000]).replace("\u00c2", " ").replace("\u00a0", " ")
    text = text.replace("Govern- ment", "Government")
    if quotes:
        return " ".join(text.split())
    others = _OTHERS.search(text)
    if others is not None:
        text = text[: others.start()]
    text = _QUOTED.sub(" [...] ", text)
    text = text.split('"', 1)[0]
    return " ".join(text.split())


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _singular(word: str) -> str:
    return word.lower().removesuffix("s")


def _parse(text: str) -> dt.date | None:
    match = _DATE.fullmatch(" ".join(text.split()))
    if match is None:
        return None
    day, month, year = match.groups()
    try:
        return datetime.strptime(f"{day} {month.capitalize()} {year}", "%d %B %Y").date()
    except ValueError:
        return None


def _is_ours(sentence: str, names: Sequence[str], ours_before: bool) -> bool:
    """Whether the sentence's subject is the note's state (see the module docstring)."""
    if _NOT_OURS.search(sentence):
        return False
    lowered = sentence.lower()
    for name in names:
        start = lowered.find(name.lower())
        while start != -1:
            lead = sentence[:start].strip().lower()
            if lead in ("", "the") or _SUBJECT_BEFORE.search(sentence[max(0, start - 40) : start]):
                return True
            start = lowered.find(name.lower(), start + 1)
    # A sentence naming no government continues the one before it.
    return ours_before and not _GOVERNMENT_OF.search(sentence) and _names_nobody(sentence)


def _names_nobody(sentence: str) -> bool:
    """No state is named as a subject: "the Government notified", "The withdrawal took
    effect"; a sentence about another's communication names it ("from Finland")."""
    return bool(_GOVERNMENT_ALONE.search(sentence)) or not re.search(
        r"\b(?:from|by)\s+(?:the\s+)?[A-Z][a-z]", sentence
    )


def _object_is_treaty(rest: str, treaty_word: str, title_words: list[str]) -> bool:
    """Whether the words after a verb name the treaty itself."""
    det = _DETERMINER.match(rest)
    if det is None:
        return False
    words = rest[det.end() : det.end() + 200].split()
    for i, word in enumerate(words[:10]):
        bare = word.strip(',.;:()[]"')
        if not _INSTRUMENT_WORD.match(bare):
            continue
        if _singular(bare) != treaty_word:
            return False
        determiner = det.group("det").lower()
        phrase = _words(" ".join(words[: i + 1]))
        if determiner != "the" and determiner != "its":
            return _contains(title_words, phrase)
        if not _contains(title_words, phrase):
            return False
        after = words[i + 1].lower().strip(",.;:") if i + 1 < len(words) else ""
        dated = re.match(r"on\s+\d", " ".join(words[i + 1 : i + 3]))
        if after in _NAMED_AFTER and not word.endswith((",", ".", ";")) and not dated:
            # "the Convention relating to ...": the treaty named in full; it must be ours.
            end = _OBJECT_END.search(rest, det.end() + len(" ".join(words[: i + 2])))
            named = rest[det.end() : end.start() if end else det.end() + 160]
            return _contains(title_words, _words(named)[:8])
        return True
    return False


def _contains(words: list[str], phrase: list[str]) -> bool:
    if not phrase:
        return False
    n = len(phrase)
    return any(words[i : i + n] == phrase for i in range(len(words) - n + 1))


def _dates(text: str) -> list[tuple[int, dt.date]]:
    found = []
    for match in _DATE.finditer(text):
        day = _parse(match.group(0))
        if day is not None:
            found.append((match.start(), day))
    return found


def _acts(sentence: str, treaty_word: str, title_words: list[str]) -> list[NoteAct]:
    acts: list[NoteAct] = []
    dates = _dates(sentence)
    withdrawal = _WITHDRAWAL.search(sentence)
    if withdrawal and _object_is_treaty(sentence[withdrawal.end() :], treaty_word, title_words):
        effect = _EFFECT.search(sentence, withdrawal.start())
        effective = _parse(effect.group(1)) if effect else None
        effect_at = effect.start(1) if effect else -1
        notified = [d for at, d in dates if at != effect_at]
        if len(notified) == 1:
            acts.append(NoteAct(WITHDRAWAL, notified[0], sentence, effective))
        return acts
    for consent in _CONSENT.finditer(sentence):
        rest = sentence[consent.end() :]
        verb = consent.group("verb")
        then = _SIGNED_THEN.search(sentence)
        if verb and verb.lower() == "signed" and then:
            continue  # read with the instrument that follows
        it = (
            then is not None
            and consent.start() >= then.start(1)
            and rest[:3].lower() == "it "
            and _object_is_treaty(sentence[then.start() + 7 :], treaty_word, title_words)
        )
        if not it and not _object_is_treaty(rest, treaty_word, title_words):
            continue
        word = (verb or consent.group("instrument")).split()[0].lower()
        kind = _CONSENT_KINDS.get(word)
        if kind is None:
            continue
        day = _consent_date(sentence, consent, dates)
        if day is not None:
            acts.append(NoteAct(kind, day, sentence))
    return acts


def _consent_date(
    sentence: str, consent: re.Match[str], dates: list[tuple[int, dt.date]]
) -> dt.date | None:
    """The date of a consent: "... the Convention on D", "On D, X ratified", or the second of
    "signed and ratified ... on D1 and D2, respectively"; None when it cannot be told."""
    if _RESPECTIVELY.search(sentence):
        both = _SIGNED_AND.search(sentence)
        verb = (consent.group("verb") or "").lower()
        if both is None or len(dates) != 2 or verb != both.group(1).lower():
            return None
        return dates[1][1] if consent.start() == both.start(1) else None
    after = [(at, d) for at, d in dates if consent.end() <= at <= consent.end() + 200]
    if after:
        at, day = after[0]
        between = sentence[consent.end() : at]
        if re.search(r"\bon\s*$", between) and not re.search(r"[.;]", between):
            return day
    before = [(at, d) for at, d in dates if consent.start() - 200 <= at < consent.start()]
    if before:
        at, day = before[-1]
        between = sentence[at : consent.start()]
        lead = sentence[max(0, at - 4) : at].lower()
        if "on" in lead and not re.search(r"[.;]|\bnotif|\binform", between):
            return day
    return None


def _territories(sentence: str) -> list[NoteTerritory]:
    found = []
    dates = _dates(sentence)
    for match in _TERRITORY.finditer(sentence):
        if match.group("excluded") or match.group("not_applied"):
            kind, where = EXCLUDED, match.group("excluded") or match.group("not_applied")
            if _WITHDRAWS_EXCLUSION.search(sentence):
                kind = EXCLUSION_WITHDRAWN
        else:
            kind, where = APPLIED, match.group("applied")
        territory = _TERRITORY_END.sub("", where).strip(" ,")
        if not territory or (not territory[:1].isupper() and not territory.startswith("the ")):
            continue
        day = dates[0][1] if len(dates) == 1 else None
        found.append(NoteTerritory(kind, territory, sentence, day))
    return found
