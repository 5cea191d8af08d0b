"""What states said when they joined, from one MTDSG XML file: its reservations and
declarations, objections, declarations under an article, notifications and territorial
applications, handed to ``statements.services.statements_apply``.

One entry of the depositary's record becomes one statement, its text verbatim (markup
removed, the titles such as "Reservation:" kept). Nothing is dropped: an entry that cannot be
recorded (a participant name we do not know) is a line of the report saying why. What the
record does not say is not guessed:

* the kind is the entry's own titles' ("Reservation:", "Interpretative declaration:"), else
  its section's ("Declarations"); a section "Declarations and Reservations" without a title in
  the entry, or an entry titled both, is a "declaration or reservation";
* ``made_upon`` is the entry's "upon ..." words, else the section's "Unless otherwise
  indicated, ... made upon ..." (not when the entry carries a date none of the state's
  instruments has: the record then indicates otherwise); the instrument it was made upon is
  linked when exactly one of the state's events fits;
* an objection's target is the state its text names after "made by" (or the only other
  participant it names); several or none leave it empty and flag the statement;
* a withdrawal is read from the endnotes the participant's name cites ("On 24 June 1992, the
  Government of Bulgaria notified the Secretary-General its decision to withdraw the
  reservation made upon accession."): a dated withdrawal statement pointing at the entry, and
  the entry's ``withdrawn_on`` only when the whole of it was withdrawn (no article, section or
  "second reservation" named); a withdrawal without a readable date is flagged.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from events.models import Event, EventKind
from statements.models import StatementKind
from statements.services import StatementRow, statements_apply
from states.models import State
from states.services import StateMatcher
from treaties.models import Treaty

from ..untc_csv import un_status_url
from .document import ParsedTreaty, read_root

__all__ = ["SECTIONS", "StatementsReport", "count_entries", "statements_import"]

#: The sections of a file that hold statements, and the element of one entry in each.
SECTIONS: dict[str, str] = {
    "Declarations": "Declaration",
    "Objections": "Objection",
    "DeclarationsUnderArticle": "Declaration",
    "Notifications": "Notification",
    "TerritorialApplications": "Application",
}

_MONTH = "January|February|March|April|May|June|July|August|September|October|November|December"
_LONG_DATE = re.compile(rf"\b(\d{{1,2}})\s+({_MONTH})\s*,?\s+(\d{{4}})\b", re.IGNORECASE)
_SHORT_DATE = re.compile(r"^\s*(\d{1,2})\s+([A-Z][a-z]{2})[a-z]*\.?\s+(\d{4})\s*$")
_SUP = re.compile(r"<superscript>\s*([\d,\s]+)\s*</superscript>")
_TAGS = re.compile(r"<[^>]+>")
_RIGHT = re.compile(r"^\s*<right>(.*?)</right>\s*$", re.DOTALL)
_UPON = re.compile(
    r"\bupon\s+((?:definitive\s+)?(?:signature|ratification|accession|acceptance|approval|"
    r"succession|succesion|formal confirmation|participation|notification)"
    r"(?:\s*(?:,|or|and|\.)\s*(?:upon\s+)?(?:definitive\s+)?(?:signature|ratification|"
    r"accession|acceptance|approval|succession|succesion|formal confirmation|participation|"
    r"notification))*)",
    re.IGNORECASE,
)
_UPON_WORDS: list[tuple[str, str]] = [
    ("definitive signature", EventKind.DEFINITIVE_SIGNATURE),
    ("signature", EventKind.SIGNATURE),
    ("ratification", EventKind.RATIFICATION),
    ("formal confirmation", EventKind.RATIFICATION),
    ("accession", EventKind.ACCESSION),
    ("participation", EventKind.ACCESSION),
    ("acceptance", EventKind.ACCEPTANCE),
    ("approval", EventKind.APPROVAL),
    ("succession", EventKind.SUCCESSION),
    ("succesion", EventKind.SUCCESSION),
]
_REF = r"(?:[0-9]+|[IVXLC]+)(?:\s*\(\s*\w{1,3}\s*\))*"
_ARTICLES = re.compile(
    rf"\b(?:articles?|sections?|annex(?:es)?)\s+{_REF}(?:(?:\s*,\s*|\s+and\s+|\s+to\s+){_REF})*",
    re.IGNORECASE,
)
#: A reference to another instrument's article ("article 1 of the Charter") is not one of the
#: treaty's own.
_OTHER_INSTRUMENT = re.compile(
    r"^[.\d]*\s*of\s+(?!(?:the\s+)?(?:(?:said|present|above|this|that)\b|Convention|Protocol|"
    r"Covenant|Agreement|Treaty|Optional|Statute|Constitution\b))",
    re.IGNORECASE,
)
_CN = re.compile(r"C\.N\.\s?\d+\.\d{4}\.TREATIES-[\w.-]+", re.IGNORECASE)
_TARGET = re.compile(
    r"\b(?:reservations?|declarations?|statements?|objections?|communications?|"
    r"notifications?|interpretative\s+declarations?|understandings?)"
    r"(?:\s*\(\w{1,4}\))?(?:\s+\w+){0,2}?\s+(?:made|formulated|entered|submitted|lodged)\s+by\s+"
    r"(?:the\s+(?:Government|Republic|Kingdom|State|Governments)\s+of\s+)?(?P<name>[^,.;:(\"]+)",
    re.IGNORECASE,
)
_NAME_END = re.compile(
    r"\s+(?:upon|on|at|in|to|with|concerning|regarding|relating|when|and\s+the|which|"
    r"as|dated|of\s+\d|under|for)\b.*$",
    re.IGNORECASE,
)
_WITHDRAW = re.compile(r"\bwithdr(?:aw|ew|awal|awn|awing)\w*", re.IGNORECASE)
_MODIFY = re.compile(r"\bmodif(?:y|ied|ication)\w*", re.IGNORECASE)
_STATEMENT_WORD = re.compile(r"\b(?:reservations?|declarations?|objections?)\b", re.IGNORECASE)
#: Words saying that only part of the statement was withdrawn.
_PARTIAL = re.compile(
    r"\b(?:in respect|relating|regarding|with regard|concerning|articles?|sections?|"
    r"paragraphs?|annex|partial|partially|partly|part of|first|second|third|fourth|fifth|"
    r"certain|some|one of|sub-?paragraph|point|insofar|in so far)\b",
    re.IGNORECASE,
)
_STARTS_UPON = re.compile(r"^\W*upon\b", re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.])\s+(?=[A-Z\"(])")


@dataclass
class StatementsReport:
    """What the statements of an import became."""

    #: Entries per file and section, as the XML holds them (the 0-lost check).
    entries: Counter[str] = field(default_factory=Counter)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    by_kind: Counter[str] = field(default_factory=Counter)
    #: Entries that did not become a statement, and why.
    not_imported: list[str] = field(default_factory=list)
    #: Statements recorded but not read entirely (``Statement.needs_review``).
    flagged: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = [
            f"statements: {self.created} created, {self.updated} updated,"
            f" {self.unchanged} unchanged",
        ]
        if self.not_imported:
            parts.append(f"statement entries not imported: {len(self.not_imported)}")
        if self.flagged:
            parts.append(f"statements flagged for review: {len(self.flagged)}")
        return "; ".join(parts)


@dataclass
class _Entry:
    """One entry of a section, read into plain values."""

    section: str
    index: int
    section_title: str
    participant: str
    notes: list[str]
    titles: list[str]
    dates: list[date]
    text: str


def _plain(text: str) -> str:
    return " ".join(_TAGS.sub("", _SUP.sub("", text)).split())


def _cited(raw: str) -> list[str]:
    return [n.strip() for m in _SUP.finditer(raw) for n in m[1].split(",") if n.strip()]


def _long_date(text: str) -> date | None:
    m = _LONG_DATE.search(text)
    if m is None:
        return None
    try:
        return datetime.strptime(f"{m[1]} {m[2].capitalize()} {m[3]}", "%d %B %Y").date()
    except ValueError:
        return None


def _short_date(text: str) -> date | None:
    m = _SHORT_DATE.match(text)
    if m is None:
        return None
    try:
        return datetime.strptime(f"{m[1]} {m[2]} {m[3]}", "%d %b %Y").date()
    except ValueError:
        return None


def count_entries(root: ET.Element) -> Counter[str]:
    """Entries per section of a file's tree, as the depositary published them."""
    counted: Counter[str] = Counter()
    for section, entry_tag in SECTIONS.items():
        for element in root.iter(section):
            counted[section] += len(element.findall(entry_tag))
    return counted


def read_entries(root: ET.Element) -> list[_Entry]:
    """Every entry of every statement section, in the file's order."""
    entries: list[_Entry] = []
    for section, entry_tag in SECTIONS.items():
        for element in root.iter(section):
            title = " ".join(_plain("".join(t.itertext())) for t in element.findall("Title"))
            previous = ""
            for index, entry in enumerate(element.findall(entry_tag), start=1):
                raw_name = "".join(entry.findtext("Participant") or "")
                if section == "TerritorialApplications":
                    # A continuation row leaves the participant empty: the row above's.
                    raw_name = raw_name if _plain(raw_name) else previous
                    previous = raw_name
                    notified = _plain(entry.findtext("DateNotification") or "")
                    day = _short_date(notified) or _long_date(notified)
                    entries.append(
                        _Entry(
                            section=section,
                            index=index,
                            section_title=title,
                            participant=_plain(raw_name),
                            notes=_cited(raw_name),
                            titles=[],
                            dates=[day] if day else [],
                            text=_plain(entry.findtext("Territories") or ""),
                        )
                    )
                    continue
                titles: list[str] = []
                dates: list[date] = []
                paragraphs: list[str] = []
                for text_el in entry.findall("text"):
                    content = "".join(text_el.itertext())
                    right = _RIGHT.match(content)
                    if right:
                        day = _long_date(_plain(right[1]))
                        if day:
                            dates.append(day)
                            continue
                    plain = _plain(content)
                    if not plain:
                        continue
                    if text_el.get("type") == "title":
                        titles.append(plain)
                    paragraphs.append(plain)
                entries.append(
                    _Entry(
                        section=section,
                        index=index,
                        section_title=title,
                        participant=_plain(raw_name),
                        notes=_cited(raw_name),
                        titles=titles,
                        dates=dates,
                        text="\n\n".join(paragraphs),
                    )
                )
    return entries


def _kind(entry: _Entry) -> str:
    if entry.section == "Objections":
        return StatementKind.OBJECTION
    if entry.section == "DeclarationsUnderArticle":
        return StatementKind.DECLARATION_UNDER_ARTICLE
    if entry.section == "Notifications":
        return StatementKind.NOTIFICATION
    if entry.section == "TerritorialApplications":
        return StatementKind.TERRITORIAL_APPLICATION
    found = {k for k in map(_kind_of_heading, entry.titles) if k}
    if len(found) == 1:
        return found.pop()
    if found:
        return StatementKind.DECLARATION_OR_RESERVATION
    return _kind_of_words(entry.section_title) or StatementKind.DECLARATION_OR_RESERVATION


_HEADING = re.compile(
    r"^\W*(?:general\s+)?(?:interpretative\s+declarations?|declarations?|déclarations?|"
    r"reservations?|territorial\s+exclusions?|objections?)\b",
    re.IGNORECASE,
)


def _kind_of_heading(title: str) -> str | None:
    """The kind an entry's title starts with ("Reservation:", "Declaration made upon
    signature:"); none for "Upon signature:" or "With regard to the reservation made by X"."""
    return _kind_of_words(title) if _HEADING.match(title) else None


def _kind_of_words(words: str) -> str | None:
    """The kind a heading names ("Reservation:", "Declarations and Reservations"), if one."""
    lowered = words.lower()
    if "exclusion" in lowered:
        return StatementKind.TERRITORIAL_EXCLUSION
    has_reservation = "reserv" in lowered
    has_declaration = "declar" in lowered or "déclar" in lowered
    if has_reservation and has_declaration:
        return StatementKind.DECLARATION_OR_RESERVATION
    if has_reservation:
        return StatementKind.RESERVATION
    if "interpretative declaration" in lowered:
        return StatementKind.INTERPRETATIVE_DECLARATION
    if has_declaration:
        return StatementKind.DECLARATION
    if "objection" in lowered:
        return StatementKind.OBJECTION
    return None


def _articles(entry: _Entry) -> str:
    """Article references the section's title, the entry's titles and its text state (not an
    article of another instrument), in order, once each."""
    found: list[str] = []
    under = entry.section in ("DeclarationsUnderArticle", "Notifications")
    sources = [entry.section_title if under else ""]
    sources += [*entry.titles, entry.text]
    for source in sources:
        for m in _ARTICLES.finditer(source):
            if _OTHER_INSTRUMENT.match(source[m.end() : m.end() + 40]):
                continue
            ref = " ".join(m[0].split())
            if ref.lower() not in (f.lower() for f in found):
                found.append(ref)
    joined = "; ".join(found)
    return joined if len(joined) <= 300 else joined[:299].rsplit(";", 1)[0] + "…"


def _upon(text: str) -> str:
    m = _UPON.search(text)
    return f"upon {' '.join(m[1].split()).rstrip(' .,')}" if m else ""


def _upon_kinds(made_upon: str) -> list[str]:
    """The kinds of instrument the first "upon ..." names (not a later "confirmed upon")."""
    first = re.split(r"\bconfirm", made_upon, maxsplit=1, flags=re.IGNORECASE)[0].lower()
    plain_signature = "signature" in first.replace("definitive signature", "")
    kinds: list[str] = []
    for words, kind in _UPON_WORDS:
        if kind == EventKind.SIGNATURE and not plain_signature:
            continue
        if words in first and kind not in kinds:
            kinds.append(kind)
    return kinds


@dataclass
class _Context:
    """What every row of one file needs."""

    parsed: ParsedTreaty
    treaty: Treaty
    matcher: StateMatcher
    label: str
    url: str
    events: dict[int, list[Event]]
    participants: dict[int, tuple[str, State]]


def _when(entry: _Entry, state: State, ctx: _Context) -> tuple[date | None, str, Event | None, str]:
    """``made_on``, ``made_upon``, the event made upon, and a review note."""
    review = ""
    # The entry's own "upon ..." (a heading such as "Declaration made upon signature:" or a
    # text that starts "Upon ratification"), not "the reservation made by X upon accession".
    headings = [t for t in entry.titles if _HEADING.match(t) or _STARTS_UPON.match(t)]
    if _STARTS_UPON.match(entry.text):
        headings.append(entry.text[:120])
    own = next((u for u in map(_upon, headings) if u), "")
    default = ""
    m = re.search(r"(?:made|received|formulated|deposited)\s+(upon\b.*)", entry.section_title)
    if m:
        default = _upon(m[1])
    made_upon = own or default
    made_on: date | None = max(entry.dates) if entry.dates else None
    if len(set(entry.dates)) > 1:
        review = "the entry gives several dates; the latest is taken as the date it was made"
    candidates = (
        [e for e in ctx.events.get(state.pk, []) if e.kind in _upon_kinds(made_upon)]
        if made_upon
        else []
    )
    event: Event | None = None
    if made_on is not None:
        same_day = [e for e in candidates if e.date == made_on]
        event = same_day[0] if len(same_day) == 1 else None
        if event is None and not own:
            made_upon = ""  # dated otherwise than the section's default says
    elif len(candidates) == 1:
        event = candidates[0]
        made_on = event.date
    return made_on, made_upon, event, review


def _participant(short: str, ctx: _Context) -> State | None:
    """The one participant whose table name starts with ``short`` ("United States" for
    "United States of America"), if exactly one does."""
    if len(short) < 4:
        return None
    fits = {
        pk: who
        for pk, (name, who) in ctx.participants.items()
        if name.lower().startswith(short.lower())
    }
    return next(iter(fits.values())) if len(fits) == 1 else None


def _target(entry: _Entry, state: State, ctx: _Context) -> tuple[State | None, str]:
    """The state an objection objects to, or none and why."""
    named: dict[int, State] = {}
    for source in [*entry.titles, entry.text]:
        for m in _TARGET.finditer(source):
            name = _NAME_END.sub("", m["name"]).strip(" '\"")
            bare = re.sub(r"^the\s+|\s+Government$", "", name, flags=re.IGNORECASE)
            found = ctx.matcher.find(name) or ctx.matcher.find(bare) or _participant(bare, ctx)
            if found is not None and found.pk != state.pk:
                named.setdefault(found.pk, found)
    if not named:
        # The participants of the treaty the text names, other than the objecting state.
        for pk, (name, participant) in ctx.participants.items():
            if pk != state.pk and re.search(rf"\b{re.escape(name)}\b", entry.text):
                named.setdefault(pk, participant)
    if len(named) == 1:
        return next(iter(named.values())), ""
    if named:
        names = ", ".join(sorted(s.short_name for s in named.values()))
        return None, f"objects to several states ({names}); the target is left empty"
    return None, "the objected state could not be read from the text"


def _endnote_withdrawals(
    entry: _Entry, state: State, ctx: _Context, section: str
) -> tuple[list[StatementRow], date | None, list[str]]:
    """Withdrawal (and modification) rows read from the endnotes the entry cites; the date the
    whole entry was withdrawn, if one did; review notes."""
    rows: list[StatementRow] = []
    whole: date | None = None
    reviews: list[str] = []
    names = {entry.participant.lower(), state.short_name.lower()}
    for note in entry.notes:
        text = ctx.parsed.footnotes.get(note, "")
        for number, sentence in enumerate(_SENTENCE.split(text), start=1):
            withdraw = _WITHDRAW.search(sentence)
            modify = _MODIFY.search(sentence)
            if not (withdraw or modify) or not _STATEMENT_WORD.search(sentence):
                continue
            lowered = sentence.lower()
            if ("objection" in lowered) != (entry.section == "Objections"):
                continue  # an endnote on the state's other statements
            if "government" in lowered and not any(n and n in lowered for n in names):
                continue  # about another state's act
            day = _long_date(sentence)
            kind = StatementKind.WITHDRAWAL if withdraw else StatementKind.MODIFICATION
            review = ""
            if day is None or "respectively" in lowered:
                day = None
                review = f"a {kind} in endnote {note} without a date that can be read"
                reviews.append(review)
            elif kind == StatementKind.WITHDRAWAL and not _PARTIAL.search(sentence):
                whole = day if whole is None else min(whole, day)
            rows.append(
                StatementRow(
                    line=f"{ctx.label} {entry.participant} (endnote {note})",
                    state=state,
                    kind=kind,
                    source_url=ctx.url,
                    source_section=f"{section} endnote {note}.{number}",
                    text=sentence,
                    made_on=day,
                    articles=_articles(_Entry(entry.section, 0, "", "", [], [], [], sentence)),
                    withdraws_section=section,
                    notification=_cn(sentence),
                    needs_review=review,
                )
            )
    return rows, whole, reviews


def _cn(text: str) -> str:
    m = _CN.search(text)
    return m[0].replace(" ", "")[:80] if m else ""


def statement_rows(root: ET.Element, ctx: _Context, report: StatementsReport) -> list[StatementRow]:
    """The file's statements as rows; entries that cannot be rows go to the report."""
    rows: list[StatementRow] = []
    for entry in read_entries(root):
        section = f"{ctx.label} {entry.section} #{entry.index}"
        state = ctx.matcher.find(entry.participant) if entry.participant else None
        if state is None:
            why = "no participant named" if not entry.participant else "unknown participant"
            report.not_imported.append(f"{section}: {why} {entry.participant!r}")
            continue
        kind = _kind(entry)
        made_on, made_upon, event, review = _when(entry, state, ctx)
        reviews = [review] if review else []
        objects_to = None
        if kind == StatementKind.OBJECTION:
            objects_to, why = _target(entry, state, ctx)
            if why:
                reviews.append(why)
        withdrawals, whole, notes_review = _endnote_withdrawals(entry, state, ctx, section)
        reviews += notes_review
        if whole is not None and made_on is not None and whole < made_on:
            reviews.append(f"withdrawn on {whole.isoformat()}, before the date it was made")
            whole = None
        note = " ".join(
            f"UN endnote {n}: {ctx.parsed.footnotes[n]}"
            for n in entry.notes
            if n in ctx.parsed.footnotes
        )
        rows.append(
            StatementRow(
                line=f"{section} {entry.participant}",
                state=state,
                kind=kind,
                source_url=ctx.url,
                source_section=section,
                text=entry.text,
                made_on=made_on,
                made_upon=made_upon[:200],
                upon_event=event,
                articles=_articles(entry),
                objects_to=objects_to,
                withdrawn_on=whole,
                notification=_cn(entry.text) or _cn(note),
                note=note,
                needs_review="; ".join(reviews)[:300],
            )
        )
        rows.extend(withdrawals)
    return rows


def statements_import(
    *,
    path: Path,
    parsed: ParsedTreaty,
    treaty: Treaty,
    matcher: StateMatcher,
    report: StatementsReport,
) -> list[tuple[str, str]]:
    """Import the file's statements after its events; returns the batch's errors (the
    caller refuses the file then, as for its events)."""
    root, _ = read_root(path.read_bytes().decode("latin-1"))
    label = f"{parsed.un_reference}.en.xml"
    for section, n in count_entries(root).items():
        report.entries[f"{label} {section}"] += n
    events: dict[int, list[Event]] = {}
    for event in Event.objects.filter(treaty=treaty).order_by("date", "pk"):
        events.setdefault(event.state_id, []).append(event)
    participants: dict[int, tuple[str, State]] = {}
    for name, _, _ in parsed.participants:
        found = matcher.find(name)
        if found is not None:
            participants.setdefault(found.pk, (name, found))
    url = un_status_url(parsed.un_reference)
    ctx = _Context(parsed, treaty, matcher, label, url, events, participants)
    rows = statement_rows(root, ctx, report)
    result = statements_apply(treaty=treaty, rows=rows)
    if result.errors:
        return result.errors
    report.created += result.created
    report.updated += result.updated
    report.unchanged += result.unchanged
    report.by_kind.update(row.kind for row in rows)
    report.flagged.extend(
        f"{row.source_section}: {row.needs_review}" for row in rows if row.needs_review
    )
    return []
