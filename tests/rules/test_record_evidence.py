"""Rules inferred from what the depositary records beyond its participants table — the endnotes
on states that no longer exist, the parent treaty's date, a rarer delay — and a parent whose
dates are unknown, which must not be taken for "not in force"."""

from datetime import date, timedelta
from itertools import count

from rules import EventIn, Rules, compute
from rules.depositary.articles import later_clause_after_entry_into_force
from rules.depositary.inference import infer_rules
from rules.depositary.notes import (
    LEAGUE,
    NotedDeposit,
    read_league_deposits,
    read_predecessor_deposits,
)
from rules.engine.records import ParentDates

_ids = count(1)

CONVENTION = "Convention on the non-applicability of statutory limitations to war crimes"
PROTOCOL = "Optional Protocol to the Vienna Convention on Diplomatic Relations"


def ev(state: str, kind: str, day: date) -> EventIn:
    return EventIn(id=next(_ids), state=state, kind=kind, date=day)


# -- the endnotes -----------------------------------------------------------------------------


def test_a_signature_and_ratification_respectively_is_read_as_the_ratification():
    # As published: a non-breaking space read as Latin-1 ("21Â May").
    note = (
        "Czechoslovakia had signed and ratified the Convention on 21\u00c2\u00a0May 1969 and 13"
        " August 1970, respectively, with a declaration. See also note 1 under Czech Republic."
    )
    assert read_predecessor_deposits(note, CONVENTION, index="4") == [
        NotedDeposit("Czechoslovakia", "ratification", date(1970, 8, 13), "4")
    ]


def test_accessions_acceptances_and_the_depositarys_misspelling_are_read():
    notes = (
        "The German Democratic Republic had acceded to the Convention on 27 March 1973 with"
        " reservations. The former Yugoslavia had acceeded to the Convention on 2 May 1972."
    )
    assert [(d.who, d.kind, d.date) for d in read_predecessor_deposits(notes, CONVENTION)] == [
        ("German Democratic Republic", "accession", date(1973, 3, 27)),
        ("former Yugoslavia", "accession", date(1972, 5, 2)),
    ]


def test_only_sentences_about_the_treaty_itself_are_read():
    # In a protocol's notes, the convention's ratification is not the protocol's.
    assert (
        read_predecessor_deposits(
            "Czechoslovakia had ratified the Convention on 24 May 1963.", PROTOCOL
        )
        == []
    )
    assert read_predecessor_deposits(
        "Czechoslovakia had signed and ratified the Optional Protocol on 18 April 1961 and"
        " 24 May 1963, respectively.",
        PROTOCOL,
    ) == [NotedDeposit("Czechoslovakia", "ratification", date(1963, 5, 24), "")]


def test_a_signature_alone_or_one_date_for_two_acts_is_not_read():
    assert (
        read_predecessor_deposits(
            "Czechoslovakia had signed the Convention on 21 May 1969.", CONVENTION
        )
        == []
    )
    assert (
        read_predecessor_deposits(
            "The former Yugoslavia had signed and ratified the Convention on 9 June 1970.",
            CONVENTION,
        )
        == []
    )
    # A state that still exists is not a predecessor: its acts are in the table.
    assert read_predecessor_deposits("Poland had ratified the Convention on 14 February 1969.",
                                     CONVENTION) == []  # fmt: skip


# -- inference from a noted instrument --------------------------------------------------------


def _table() -> list[EventIn]:
    """Eight deposits in 1969; a ninth and tenth (the predecessors') are not in the table."""
    return [
        ev(f"S{i}", "ratification", date(1969, 2, 1) + timedelta(days=20 * i)) for i in range(8)
    ]


def test_a_delay_after_a_noted_instrument_is_a_threshold_recorded_as_a_fact():
    events = [*_table(), ev("LATE", "accession", date(1970, 12, 1))]
    noted = [
        NotedDeposit("former Yugoslavia", "ratification", date(1970, 6, 9), "3"),
        NotedDeposit("Czechoslovakia", "ratification", date(1970, 8, 13), "4"),
    ]
    recorded = date(1970, 11, 11)  # 90 days after 13 Aug 1970
    assert infer_rules(events, recorded).outcome == "none"
    inference = infer_rules(events, recorded, noted=noted)
    assert inference.outcome == "inferred" and inference.rules is not None
    threshold = inference.rules["entry_into_force"]["threshold"]
    assert threshold["recorded_date"] == "1970-08-13"
    assert threshold["condition"].startswith("the 10th instrument: Czechoslovakia's ratification")
    rules = Rules.from_dict(inference.rules)
    result = compute(rules, events)
    assert result.entry_into_force == recorded
    # Counting the table's deposits later would not move the date: nothing is counted.
    assert result.effects[events[0].id].effective_date == recorded
    assert result.effects[events[-1].id].effective_date == date(1971, 3, 1)


def test_a_noted_instrument_is_not_used_when_a_deposit_in_the_table_fits():
    events = _table()
    recorded = events[-1].date + timedelta(days=90)
    noted = [NotedDeposit("Czechoslovakia", "ratification", recorded - timedelta(days=30), "1")]
    inference = infer_rules(events, recorded, noted=noted)
    assert inference.rules is not None
    assert inference.rules["entry_into_force"]["threshold"]["count"] == 8


# -- the League of Nations' list ---------------------------------------------------------------


def test_the_leagues_list_is_read_name_by_date_with_accessions_and_further_instruments():
    entries = [
        "Belgium",
        "(Nov 27th, 1937)",
        "Guatemala",
        "(Aug 2nd, 1938 a)",
        "Afghanistan",
        "(April 10th,1935 a )",
        "France",
        "(May, 10th, 1933)",
        "British Empire",
        "(Feb 17th, 1926)",
        "( September 18th, 1922 a )",  # a further instrument: a colony's, say
        "New Zealand (June 18th, 1927)",  # name and date in one cell
        "Liechtenstein",  # a name with no date: nothing to read, nothing garbled
        "Yugoslavia (former)",  # a name, brackets and all
        "(September 28th, 1929)",
        "",
    ]
    found, unreadable = read_league_deposits(entries)
    assert unreadable == 0
    assert [(d.who, d.kind, d.date) for d in found] == [
        ("Belgium", "ratification", date(1937, 11, 27)),
        ("Guatemala", "accession", date(1938, 8, 2)),
        ("Afghanistan", "accession", date(1935, 4, 10)),
        ("France", "ratification", date(1933, 5, 10)),
        ("British Empire", "ratification", date(1926, 2, 17)),
        ("British Empire", "accession", date(1922, 9, 18)),
        ("New Zealand", "ratification", date(1927, 6, 18)),
        ("Yugoslavia (former)", "ratification", date(1929, 9, 28)),
    ]
    assert {d.where for d in found} == {LEAGUE}


def test_a_garbled_date_of_the_leagues_list_is_counted_not_guessed():
    found, unreadable = read_league_deposits(
        [
            "United Kingdom",
            "(Apr?rd,?933)",
            "Canada",
            "(Sep 31st, 1938)",
            "Chile",
            "(Mar 1st, 1933)",
        ]
    )
    assert unreadable == 2  # a garbled year; a day the month does not have
    assert [(d.who, d.date) for d in found] == [("Chile", date(1933, 3, 1))]


def test_a_treaty_whose_table_starts_after_its_entry_into_force_is_inferred_from_the_league():
    # The participants table lists only acts since 1946; the League received the ten.
    later = [ev("ESP", "ratification", date(1970, 6, 5))]
    league = [
        NotedDeposit(f"S{i}", "ratification", date(1937, 8, 4) + timedelta(days=60 * i), "", LEAGUE)
        for i in range(9)
    ] + [NotedDeposit("Turkey", "accession", date(1939, 7, 28), "", LEAGUE)]
    recorded = date(1939, 10, 26)  # 90 days after 28 Jul 1939
    assert infer_rules(later, recorded).outcome == "not_possible"
    inference = infer_rules(later, recorded, noted=league)
    assert inference.outcome == "inferred" and inference.rules is not None
    threshold = inference.rules["entry_into_force"]["threshold"]
    assert threshold["recorded_date"] == "1939-07-28"
    # Which count it completed is not claimed: the League's list is not a count.
    assert threshold["condition"].startswith(
        "the instrument that completed the number required: Turkey's accession of 28 Jul 1939"
    )
    result = compute(Rules.from_dict(inference.rules), later)
    assert result.entry_into_force == recorded
    assert result.effects[later[0].id].effective_date == date(1970, 9, 3)


# -- a protocol in force with its parent ------------------------------------------------------


def test_a_protocol_on_its_parents_date_gets_it_only_where_every_delay_agrees():
    early = ev("EARLY", "ratification", date(1962, 11, 5))
    close = ev("CLOSE", "accession", date(1964, 4, 2))
    late = ev("LATE", "accession", date(1964, 6, 9))
    events = [early, ev("SECOND", "accession", date(1962, 12, 3)), close, late]
    recorded = date(1964, 4, 24)
    assert infer_rules(events, recorded).outcome == "none"
    inference = infer_rules(events, recorded, parent_recorded=date(1965, 1, 1))
    assert inference.outcome == "none"  # another date than the parent's proves nothing
    inference = infer_rules(events, recorded, parent_recorded=recorded)
    assert inference.outcome == "ambiguous" and inference.rules is not None
    rules = Rules.from_dict(inference.rules)
    assert all(r.entry_into_force.not_before_parent for r in rules.every_reading)
    result = compute(rules, events, parent=ParentDates(entry_into_force=recorded))
    assert result.entry_into_force == recorded
    assert result.effects[early.id].effective_date == recorded
    assert result.effects[close.id].effective_date is None
    assert result.effects[close.id].basis == "unknown"
    assert result.effects[late.id].effective_date is None


def test_a_protocol_without_a_deposit_before_its_parents_date_is_not_given_that_date():
    # Only later acts in the table, a League instrument that no delay fits: nothing shows the
    # protocol's own condition met by the parent's date.
    later = [ev("LATE", "accession", date(1950, 3, 1))]
    league = [NotedDeposit("Belgium", "ratification", date(1930, 5, 17), "", LEAGUE)]
    recorded = date(1931, 1, 1)
    inference = infer_rules(later, recorded, parent_recorded=recorded, noted=league)
    assert inference.outcome == "none" and inference.rules is None


def test_only_a_single_clause_for_deposits_after_the_entry_into_force_is_read_alone():
    kigali = (
        "1 January 2019, in accordance with article IV. After the entry into force of the"
        " Amendment, as provided under paragraphs 1 and 2 of article IV, it shall enter into"
        " force for any other Party to the Protocol on the ninetieth day following the date of"
        " deposit of its instrument of ratification, acceptance or approval."
    )
    assert later_clause_after_entry_into_force(kigali) == [{"add": {"days": 90}}]
    # A clause covering deposits after the Nth instrument is not one for after the entry into
    # force: a deposit between the two would be misdated.
    stockholm = (
        "For each State that ratifies this Convention after the deposit of the fiftieth"
        " instrument, the Convention shall enter into force on the ninetieth day after the date"
        " of deposit by such State of its instrument."
    )
    assert later_clause_after_entry_into_force(stockholm) is None
    assert later_clause_after_entry_into_force(kigali + " " + kigali) is None  # two: which?


def test_a_recorded_date_with_the_later_clause_in_words_binds_early_and_late_depositors():
    early = ev("EARLY", "acceptance", date(2017, 10, 27))
    late = ev("LATE", "ratification", date(2019, 3, 1))
    recorded = date(2019, 1, 1)  # a fixed date: no delay after a deposit gives it
    assert infer_rules([early, late], recorded).outcome == "none"
    inference = infer_rules(
        [early, late], recorded, article="IV", later_clause=[{"add": {"days": 90}}]
    )
    assert inference.outcome == "inferred" and inference.rules is not None
    assert inference.rules["entry_into_force"]["threshold"]["condition"].startswith(
        "the conditions of article IV, which the depositary records as met"
    )
    result = compute(Rules.from_dict(inference.rules), [early, late])
    assert result.entry_into_force == recorded
    assert result.effects[early.id].effective_date == recorded
    assert result.effects[late.id].effective_date == date(2019, 5, 30)


# -- a rarer delay ----------------------------------------------------------------------------


def test_a_rarer_delay_is_tried_only_when_no_common_one_fits_and_binds_no_later_state():
    # Five deposits in 1971-72 and the sixth on 13 Dec 1973: only "two years after" lands on
    # 13 Dec 1975 (the 1961 Statelessness Convention). A later state's own delay (90 days
    # there) is not in the record.
    events = [ev(f"S{i}", "accession", date(1971, 1, 5) + timedelta(days=97 * i)) for i in range(5)]
    sixth = ev("S5", "accession", date(1973, 12, 13))
    later = ev("LATER", "accession", date(1977, 7, 11))
    recorded = date(1975, 12, 13)
    inference = infer_rules([*events, sixth, later], recorded)
    assert inference.outcome == "ambiguous" and inference.rules is not None
    assert inference.rules["entry_into_force"]["period"] == [{"add": {"months": 24}}]
    assert inference.rules["entry_into_force"]["threshold"]["count"] == 6
    result = compute(Rules.from_dict(inference.rules), [*events, sixth, later])
    assert result.entry_into_force == recorded
    assert result.effects[events[0].id].effective_date == recorded
    assert result.effects[sixth.id].effective_date == recorded
    assert result.effects[later.id].effective_date is None
    # A common delay that fits wins: nine months after a deposit of 13 Mar 1975 is ignored
    # beside 30 days after one of 13 Nov 1975.
    both = [
        *events,
        ev("M", "accession", date(1975, 3, 13)),
        ev("N", "accession", date(1975, 11, 13)),
    ]
    common = infer_rules(both, recorded)
    assert common.rules is not None
    assert {tuple(map(str, f.period)) for f in common.fits} == {("{'add': {'days': 30}}",)}


# -- a parent whose dates are unknown ---------------------------------------------------------


#: A protocol that waits for its parent, for the treaty and for each state (also used by the
#: recomputation's test, ``tests/events/test_parent_dates.py``).
PROTOCOL_WAITING_FOR_PARENT = {
    "entry_into_force": {
        "threshold": {"count": 1, "kinds": ["ratification", "accession"]},
        "period": [{"add": {"days": 30}}],
        "not_before_parent": True,
    },
    "later_states": {
        "period": [{"add": {"days": 30}}],
        "applies_after": "entry_into_force",
        "not_before_parent_for_state": True,
    },
    "withdrawal": {"allowed": None},
}


def _protocol_rules() -> Rules:
    return Rules.from_dict(PROTOCOL_WAITING_FOR_PARENT)


def test_a_state_whose_date_under_the_parent_is_unknown_is_unknown_not_waiting():
    first = ev("A", "ratification", date(2000, 1, 1))
    later = ev("B", "accession", date(2001, 1, 1))
    waiting = ev("C", "accession", date(2001, 2, 1))
    parent = ParentDates(
        entry_into_force=date(1999, 1, 1),
        by_state={"A": date(1999, 1, 1)},
        unknown=frozenset({"B"}),
    )
    result = compute(_protocol_rules(), [first, later, waiting], parent=parent)
    assert result.entry_into_force == date(2000, 1, 31)
    assert (result.effects[later.id].effective_date, result.effects[later.id].basis) == (
        None,
        "unknown",
    )
    # C is known not to be bound by the parent: its date waits for it (computed).
    assert (result.effects[waiting.id].effective_date, result.effects[waiting.id].basis) == (
        None,
        "computed",
    )


def test_a_protocol_whose_parents_entry_into_force_is_unknown_is_unknown_not_pending():
    first = ev("A", "ratification", date(2000, 1, 1))
    unknown = ParentDates(entry_into_force=None, entry_into_force_unknown=True)
    result = compute(_protocol_rules(), [first], parent=unknown)
    assert (result.entry_into_force, result.entry_into_force_basis) == (None, "unknown")
    assert result.effects[first.id].basis == "unknown"
    pending = compute(_protocol_rules(), [first], parent=ParentDates(entry_into_force=None))
    assert (pending.entry_into_force, pending.entry_into_force_basis) == (None, "computed")
    assert pending.effects[first.id].basis == "computed"


def test_a_hostile_note_is_read_in_one_pass():
    # Sentences that never name an instrument, with no full stop between them: the reader's
    # pattern is bounded (four words before the instrument, 200 characters before its date),
    # so this takes milliseconds; unbounded, it took 20 s.
    note = ("Czechoslovakia had ratified the " + "Big " * 50) * 2000
    assert read_predecessor_deposits(note, CONVENTION) == []
    dated = "Czechoslovakia had ratified the Convention on 1 May 1990. " * 2000
    assert len(read_predecessor_deposits(dated, CONVENTION)) == 2000
