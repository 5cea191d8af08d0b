"""One MTDSG XML file read into plain values: the treaty's header, its participants, its notes.

Input repairs, done deliberately and counted in the report: the files declare ISO-8859-1 but
contain control characters XML 1.0 forbids (0x1C/0x1D stood for curly quotes and become ``"``;
the others are dropped) and bare ``&`` (lost characters; escaped to ``&amp;``). A file with a
document type or entity declaration is refused before parsing (the UN's files have none, and
entity expansion is how an XML bomb works); so is a file without a treaty header.

The treaty's reference is read from the file's own content (chapter, sub-chapter, number and
sub-number), never from its name: the caller compares the two.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from events.models import EventKind
from rules.depositary.notes import (
    NotedDeposit,
    RecordedEntry,
    read_entry_into_force_label,
    read_league_deposits,
    read_long_date,
)

__all__ = ["ParsedTreaty", "column_codes", "column_terms", "parse_file", "read_root", "repair"]

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_BARE_AMP = re.compile(r"&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)")
_DECLARATION = re.compile(r"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_SUP = re.compile(r"<superscript>\s*([\d,\s]+)\s*</superscript>")
_TAGS = re.compile(r"<[^>]+>")
_CELL = re.compile(
    r"(?P<open>\[)?\s*(?P<d>\d{1,2})\s+(?P<m>[A-Z][a-z]{2})[a-z]*\.?\s+(?P<y>\d{4})\s*"
    r"(?P<code>[A-Za-z]{1,2})?\s*\]?"
)
# A column term: its words (which may hold parentheses, "article 10 (1)") and its code, the
# letters in parentheses at its end ("Participation under articles 3 (2) and (3)(P)").
_TERM = re.compile(r"^(?P<name>.+?)\s*(?:\((?P<code>[A-Za-z]{1,2})\))?$")
_CONCLUSION_DATE = re.compile(r"(\d{1,2} [A-Z][a-z]+ \d{4})\s*$")
#: A short name is the title, cut at a word boundary when longer than this.
SHORT_NAME_LENGTH = 100

# Words of a column term that are not a state's act of signature or consent: the column is
# not imported (and the report says so).
_NOT_AN_INSTRUMENT: tuple[str, ...] = (
    "non-provisional application",  # XXI-6-a: a notification that it will NOT apply it
    "notification under article",  # XIV-7: a notification under an article, not a consent
)

# Words of a column term -> event kind, most specific first; True: the term is not the kind's
# own name (a simplified procedure, a formal confirmation...), so the event keeps the
# depositary's words and code in its note, for pages to say how the state consented.
_TERM_KINDS: list[tuple[str, str, bool]] = [
    ("provisional application", EventKind.PROVISIONAL_APPLICATION, False),
    ("definitive signature", EventKind.DEFINITIVE_SIGNATURE, False),
    ("succession to signature", EventKind.SIGNATURE, True),
    ("signature", EventKind.SIGNATURE, False),
    ("succession", EventKind.SUCCESSION, False),
    ("notification", EventKind.SUCCESSION, True),
    ("ratification", EventKind.RATIFICATION, False),
    ("formal confirmation", EventKind.RATIFICATION, True),
    ("consent to be bound", EventKind.RATIFICATION, True),
    # Part XI Agreement art. 5: a signatory not objecting within twelve months "shall be
    # considered to have established its consent to be bound" (UN code "p").
    ("simplified procedure", EventKind.RATIFICATION, True),
    ("participation", EventKind.ACCESSION, True),
    ("acceptance ipso facto", EventKind.ACCEPTANCE, True),
    ("acceptance", EventKind.ACCEPTANCE, False),
    ("approval", EventKind.APPROVAL, False),
    ("accession", EventKind.ACCESSION, False),
]

#: What a code of a column stands for: the event kind, and the depositary's words to keep in
#: the event's note ("" when the kind says it already).
ColumnTerm = tuple[str, str]

Participant = tuple[str, list[str], list[dict[str, Any]]]


@dataclass
class ParsedTreaty:
    """What one file says, as plain values (no database involved)."""

    un_reference: str
    title: str
    short_name: str
    adopted_at: str
    adopted_on: date | None
    entry_into_force_text: str
    recorded: RecordedEntry
    #: The header's label says "Not yet in force" (as at the status the file gives).
    not_yet_in_force: bool = False
    chapter: str = ""
    has_participants_table: bool = False
    header_signatories: int | None = None
    header_parties: int | None = None
    #: Endnotes the header's status cites (e.g. the REIO clause of the Montreal Protocol).
    status_notes: list[str] = field(default_factory=list)
    participants: list[Participant] = field(default_factory=list)
    footnotes: dict[str, str] = field(default_factory=dict)
    withdrawals: list[tuple[str, date, date | None, str]] = field(default_factory=list)
    #: The League of Nations' list of the ratifications and accessions it received, for a
    #: treaty it held before the United Nations: the instruments whose dates can be read, and
    #: how many dates the scan garbled.
    league_deposits: list[NotedDeposit] = field(default_factory=list)
    league_unreadable: int = 0
    skipped_columns: list[str] = field(default_factory=list)
    #: Dated cells whose code no column term declares, as "participant: date 'code'": kept as
    #: consents of unknown kind, and reported.
    unknown_codes: list[str] = field(default_factory=list)
    repairs: list[str] = field(default_factory=list)


def repair(text: str) -> tuple[str, list[str]]:
    """Make the published text well-formed XML; say what was repaired."""
    fixes = []
    controls = len(_CONTROL.findall(text))
    if controls:
        text = text.replace("\x1c", '"').replace("\x1d", '"')
        text = _CONTROL.sub("", text)
        fixes.append(f"{controls} control character(s)")
    amps = len(_BARE_AMP.findall(text))
    if amps:
        text = _BARE_AMP.sub("&amp;", text)
        fixes.append(f"{amps} bare '&'")
    return text, fixes


def column_codes(header: str) -> dict[str, str] | None:
    """Code -> kind for one column header; '' is the unlettered term. None if unknown."""
    terms = column_terms(header)
    return None if terms is None else {code: kind for code, (kind, _) in terms.items()}


def column_terms(header: str) -> dict[str, ColumnTerm] | None:
    """Code -> (kind, words to note) for one column header; None if no term is known.

    Terms are separated by commas, but a term's own words may hold one ("Acceptance ipso facto
    by virtue of article 10 (1) of the Convention of 12 September 1923, as amended(A)"): a
    lettered piece that names no kind is read together with the piece before it.
    """
    codes: dict[str, ColumnTerm] = {}
    previous = ""
    for piece in (t.strip() for t in header.split(",")):
        m = _TERM.match(piece)
        if not m:
            continue
        found = _term_kind(m["name"])
        if found is None and m["code"] and previous:
            joined = _TERM.match(f"{previous}, {piece}")
            found = _term_kind(joined["name"]) if joined else None
            m = joined or m
        previous = piece
        if found is None:
            continue
        kind, noted = found
        name = " ".join(m["name"].split())
        codes.setdefault(m["code"] or "", (kind, name if noted else ""))
    if not codes:
        return None
    if "" not in codes and len(codes) == 1:
        codes[""] = next(iter(codes.values()))
    return codes


def _term_kind(name: str) -> tuple[str, bool] | None:
    lowered = name.lower()
    if any(words in lowered for words in _NOT_AN_INSTRUMENT):
        return None
    return next(((k, noted) for words, k, noted in _TERM_KINDS if words in lowered), None)


def parse_file(path: Path) -> ParsedTreaty:
    """Parse one MTDSG XML file (repairing it first); raises ValueError on what is not one."""
    return parse_text(path.read_bytes().decode("latin-1"))


def read_root(published: str) -> tuple[ET.Element, list[str]]:
    """The file's text (decoded as the Latin-1 it declares) as an element tree, repaired and
    guarded against entity expansion; the repairs made. Raises ValueError on what is not XML."""
    refused = "refused: the file declares a DTD or entities, which MTDSG status files never do"
    if _DECLARATION.search(published):
        raise ValueError(refused)
    raw, fixes = repair(published)
    raw = raw.replace('encoding="iso-8859-1"', 'encoding="utf-8"', 1)
    try:
        # defusedxml as well as the check above: nothing is ever expanded from a DTD.
        root = SafeET.fromstring(raw.encode("utf-8"), forbid_dtd=True)
    except DefusedXmlException as exc:
        raise ValueError(f"{refused} ({type(exc).__name__})") from exc
    except ET.ParseError as exc:
        raise ValueError(f"not XML even after repair: {exc}") from exc
    return root, fixes


def parse_text(published: str) -> ParsedTreaty:
    """:func:`parse_file` on the file's text (decoded as the Latin-1 it declares)."""
    root, fixes = read_root(published)
    header = root.find("Treaty/Header")
    ext = header.find("ExternalData") if header is not None else None
    if header is None or ext is None:
        raise ValueError("not an MTDSG status file: it has no treaty header")
    if not (_text(ext.find("Titlesect")) or _text(ext.find("Subtitlesect"))):
        # Nothing recognisable must not become a public treaty titled by its file name.
        raise ValueError("not an MTDSG status file: its header has no title")
    parsed = _header(header, ext, fixes)
    _endnotes(root, parsed)
    _participants(root, parsed)
    _league(root, parsed)
    return parsed


def _text(el: ET.Element | None) -> str:
    if el is None:
        return ""
    return " ".join(_TAGS.sub("", _SUP.sub("", "".join(el.itertext()))).split())


def _reference(header: ET.Element, ext: ET.Element) -> tuple[str, str]:
    """The treaty's MTDSG number from the file's own headings, and its chapter."""
    chapter = _text(header.find("Chapter/Header")).upper().replace("CHAPTER", "").strip()
    parts = [chapter, _text(header.find("SubChapter/Header"))]
    parts += [_text(ext.find("Numsect")), _text(ext.find("Subnumsect"))]
    reference = "-".join(p for p in parts if p)
    if not chapter or not _text(ext.find("Numsect")):
        raise ValueError("not an MTDSG status file: its header has no chapter or number")
    return reference, chapter


def short_name(title: str, limit: int = SHORT_NAME_LENGTH) -> str:
    """The title, or its start cut at a word boundary (with an ellipsis) when longer."""
    if len(title) <= limit:
        return title
    cut = title[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:-")
    return f"{cut}…"


def _count(el: ET.Element | None) -> int | None:
    digits = _text(el)
    return int(digits) if digits.isdigit() else None


def _header(header: ET.Element, ext: ET.Element, fixes: list[str]) -> ParsedTreaty:
    reference, chapter = _reference(header, ext)
    # Protocols and amendments are titled in Subtitlesect (Kyoto: "Kyoto Protocol to the
    # United Nations Framework Convention on Climate Change"), conventions in Titlesect.
    title = (_text(ext.find("Titlesect")) or _text(ext.find("Subtitlesect"))).rstrip("*")
    title = title.strip() or reference
    conclusion = _text(ext.find("Conclusion"))
    m = _CONCLUSION_DATE.search(conclusion)
    eif_text = _text(ext.find("EIF/Labeltext"))
    not_yet = _text(ext.find("EIF/Label")).lower().startswith("not yet in force")
    return ParsedTreaty(
        un_reference=reference,
        chapter=chapter,
        title=title,
        short_name=short_name(title),
        adopted_at=conclusion[: m.start()].strip(" ,") if m else conclusion,
        adopted_on=read_long_date(m[1]) if m else None,
        entry_into_force_text=eif_text,
        recorded=read_entry_into_force_label(eif_text),
        not_yet_in_force=not_yet,
        header_signatories=_count(ext.find("Status/Signatories")),
        header_parties=_count(ext.find("Status/Parties")),
        status_notes=[_text(n) for n in ext.findall("Status/Notes/Note") if _text(n)],
        repairs=fixes,
    )


def _short_date(d: str, m: str, y: str) -> date:
    return datetime.strptime(f"{d} {m} {y}", "%d %b %Y").date()


def _endnotes(root: ET.Element, parsed: ParsedTreaty) -> None:
    """Footnote texts by number, and the tables of withdrawals some of them hold
    (participant, date of notification, date of effect)."""
    for note in root.iter("Note"):
        index = (note.findtext("index") or "").strip()
        if not index:
            continue
        parsed.footnotes[index] = " ".join(
            " ".join(" ".join(t.itertext()) for t in note.findall("text")).split()
        )
        for table in note.iter("table"):
            rows = [
                [" ".join("".join(c.itertext()).split()) for c in r.findall("col")]
                for r in table.findall("row")
            ]
            head = " ".join(rows[0]).lower() if rows else ""
            if "notification" not in head or "effect" not in head:
                continue
            for row in rows[1:]:
                notified = _CELL.search(row[1]) if len(row) > 1 else None
                if notified is None:
                    continue
                effect = _CELL.search(row[2]) if len(row) > 2 else None
                parsed.withdrawals.append(
                    (
                        row[0],
                        _short_date(notified["d"], notified["m"], notified["y"]),
                        _short_date(effect["d"], effect["m"], effect["y"]) if effect else None,
                        index,
                    )
                )


def _league(root: ET.Element, parsed: ParsedTreaty) -> None:
    """The League of Nations' list of ratifications and accessions ("Ratifications or
    definitive accessions"), not its signatures nor the acts since the United Nations took
    over (those are the participants table)."""
    cells: list[str] = []
    for table in root.iterfind("Treaty/LON/Table"):
        if not _text(table.find("Title")).lower().startswith("ratification"):
            continue
        cells.extend(
            _text(cell)
            for cell in table.iter()
            if cell.tag in ("State.no.link", "Ratification.date")
        )
    parsed.league_deposits, parsed.league_unreadable = read_league_deposits(cells)


def _participants(root: ET.Element, parsed: ParsedTreaty) -> None:
    """The participants table: each row's name, footnote numbers and dated cells."""
    tgroup = root.find("Treaty/Participants/Table/TGroup")
    if tgroup is None:
        return
    parsed.has_participants_table = True
    heads = [_text(e) for e in tgroup.findall("Thead/Row/Entry")]
    columns = [column_terms(h) for h in heads]
    parsed.skipped_columns = [h for h, c in zip(heads[1:], columns[1:], strict=True) if c is None]
    header_rows = tgroup.findall("Thead/Row")
    for entry_row in tgroup.iter("Row"):
        if entry_row in header_rows:
            continue
        cells = ["".join(e.itertext()) for e in entry_row.findall("Entry")]
        if not cells:
            continue
        name_cell = cells[0]
        notes = [n.strip() for m in _SUP.finditer(name_cell) for n in m[1].split(",") if n.strip()]
        name = " ".join(_TAGS.sub("", _SUP.sub("", name_cell)).split())
        if not name:
            continue
        events = []
        for cell, codes in zip(cells[1:], columns[1:], strict=False):
            if codes is None:
                continue
            for m in _CELL.finditer(cell.replace("\t", " ")):
                code = m["code"] or ""
                kind, words = codes.get(code) or (EventKind.CONSENT_OF_UNKNOWN_KIND, "")
                day = _short_date(m["d"], m["m"], m["y"])
                if kind == EventKind.CONSENT_OF_UNKNOWN_KIND:
                    # Kept as a consent whose kind (and so date of effect) is not known; never
                    # dropped, never left as a mere signature.
                    parsed.unknown_codes.append(f"{name}: {day.isoformat()} {code!r}")
                    words = f"code {code!r}, not one the importer knows"
                event = {"kind": kind, "date": day, "bracketed": bool(m["open"])}
                if words:
                    event["code_note"] = (
                        f"The UN table records: {words} ({code})."
                        if code and kind != EventKind.CONSENT_OF_UNKNOWN_KIND
                        else f"The UN table records: {words}."
                    )
                events.append(event)
        parsed.participants.append((name, notes, events))
