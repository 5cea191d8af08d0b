"""The treaty page: status on any date, map, counts, changes, participants table."""

from __future__ import annotations

import copy
import re
from datetime import date

import pytest
import time_machine
from django.urls import reverse

from events.services import event_record
from rules import CATALOGUE
from states.models import State
from tests.factories import (
    UN,
    build_apmbc,
    build_ccm,
    build_paris_with_the_united_states,
    state,
    treaty_from_catalogue,
)
from treaties.models import Treaty

pytestmark = pytest.mark.django_db


def row_of(html: str, code: str) -> str:
    match = re.search(rf'<tr id="state-{code}".*?</tr>', html, re.S)
    assert match, f"no participants row for {code}"
    return match.group(0)


def map_use(html: str, numeric: str) -> str:
    match = re.search(rf'<use [^>]*data-numeric="{numeric}"[^>]*>', html)
    assert match, f"no map shape for {numeric}"
    return match.group(0)


@pytest.fixture
def ccm():
    return build_ccm()


def page(client, treaty, **params):
    return client.get(reverse("web:treaty", args=[treaty.slug]), params)


def test_lithuania_is_withdrawal_pending_on_1_january_2025(client, ccm):
    html = page(client, ccm, on="2025-01-01").content.decode()
    row = row_of(html, "LTU")
    assert 'data-status="withdrawal_pending"' in row
    assert "Withdrawal pending" in row
    assert 'data-status="withdrawal_pending"' in map_use(html, "440")


def test_lithuania_is_withdrawn_from_6_march_2025(client, ccm):
    html = page(client, ccm, on="2025-03-06").content.decode()
    assert 'data-status="withdrawn"' in row_of(html, "LTU")
    assert 'data-status="withdrawn"' in map_use(html, "440")


def test_lithuania_is_a_party_in_2020_with_its_entry_into_force_explained(client, ccm):
    html = page(client, ccm, on="2020-01-01").content.decode()
    row = row_of(html, "LTU")
    assert 'data-status="party"' in row
    # Deposit 24 Mar 2011 → first day of the sixth month after → 1 Sep 2011 (art. 17(2)).
    assert '<time datetime="2011-09-01">1 Sep 2011</time>' in row
    assert "sixth month" in row
    assert "C.N." not in row  # the withdrawal is not yet known in 2020


def test_the_withdrawal_shows_its_notification_footnote_and_source(client, ccm):
    row = row_of(page(client, ccm, on="2025-03-06").content.decode(), "LTU")
    assert "C.N.347.2024.TREATIES-XXVI-6" in row
    assert "Lithuania notified its withdrawal" in row
    assert 'href="https://treaties.un.org/' in row
    assert '<time datetime="2025-03-06">6 Mar 2025</time>' in row


def test_states_that_never_acted_are_not_joined_on_the_map(client, ccm):
    html = page(client, ccm, on="2025-01-01").content.decode()
    assert 'data-status="not_joined"' in map_use(html, "156")  # China never signed the CCM


def test_the_entry_into_force_of_the_treaty_is_given_with_its_rule(client, ccm):
    html = page(client, ccm).content.decode()
    assert ccm.entry_into_force_date is not None
    assert f"{ccm.entry_into_force_date:%-d %b %Y}" in html
    assert "How this date follows from the treaty" in html
    assert "17(1)" in html or "sixth month" in html


def test_counts_follow_the_date(client, ccm):
    before = page(client, ccm, on="2025-01-01").content.decode()
    after = page(client, ccm, on="2025-03-06").content.decode()
    assert re.search(r'data-status="withdrawal_pending">.*?<strong>1</strong>', before)
    assert re.search(r'data-status="withdrawn">.*?<strong>1</strong>', after)
    assert re.search(r'data-status="party">.*?<strong>30</strong>', after)


def test_filtering_by_status_lists_only_that_status(client, ccm):
    html = page(client, ccm, on="2025-03-06", status="withdrawn").content.decode()
    rows = re.findall(r'<tr id="state-([A-Z]+)" data-status="([a-z_]+)"', html)
    assert rows == [("LTU", "withdrawn")]


def test_what_changed_lists_the_withdrawal_between_two_dates(client, ccm):
    html = page(client, ccm, since="2024-09-01", on="2025-03-31").content.decode()
    section = html.split('id="changes-h"')[1].split("</section>")[0]
    assert re.search(r'data-status="withdrawal_pending">.*?6 Sep 2024.*?Lithuania', section, re.S)
    assert re.search(r'data-status="withdrawn">.*?6 Mar 2025.*?Lithuania', section, re.S)


def test_the_date_defaults_to_today(client, ccm):
    with time_machine.travel("2025-02-01 12:00Z"):
        html = page(client, ccm).content.decode()
    assert 'value="2025-02-01"' in html
    assert 'data-status="withdrawal_pending"' in row_of(html, "LTU")


def test_a_bad_date_is_refused_with_a_message_not_an_error(client, ccm):
    response = page(client, ccm, on="2025-13-01")
    assert response.status_code == 400
    html = response.content.decode()
    assert "“2025-13-01” is not a date: there is no month 13." in html
    assert "Write a date as year-month-day, e.g. 2024-09-06" in html
    feb = page(client, ccm, on="2025-02-30").content.decode()
    assert "“2025-02-30” is not a date: February 2025 has 28 days." in feb


def test_a_reversed_range_of_changes_is_refused_with_a_message(client, ccm):
    response = page(client, ccm, on="2020-01-01", since="2026-01-01")
    assert response.status_code == 400
    html = response.content.decode()
    assert "The changes cannot start on 1 Jan 2026, after the date shown (1 Jan 2020)" in html
    assert "after 1 Jan 2026 up to" not in html  # the reversed range is not shown
    assert "after 1 Jan 2026" not in html


def test_an_unknown_treaty_is_a_404(client, db):
    assert client.get("/treaties/no-such-treaty/").status_code == 404


def test_the_page_references_the_cached_map_geometry_instead_of_embedding_it(client, ccm):
    html = page(client, ccm).content.decode()
    assert re.search(r'href="/map/world\.svg\?v=[0-9a-f]+#n440"', html)
    assert "<path d=" not in html.split('id="map-h"')[1].split("</figure>")[0]


def test_timeline_chart_counts_thirty_one_parties_before_the_withdrawal(client, ccm):
    html = page(client, ccm, on="2024-12-31").content.decode()
    caption = html.split('id="chart-cap">')[1].split("</figcaption>")[0]
    assert "31 states bound on 31 Dec 2024" in re.sub(r"<[^>]+>", "", caption)


@pytest.mark.parametrize("size", [3, 60])
def test_the_treaty_page_runs_the_same_queries_whatever_its_size(
    client, django_assert_num_queries, size
):
    treaty = build_apmbc(states=size)
    # data version, treaty, party timeline, the treaty's change points, changes between
    # dates, events, periods on the date, memberships, statements, the undated history of the
    # notes.
    with django_assert_num_queries(10):
        response = page(client, treaty, on="2024-01-01")
    assert response.status_code == 200
    assert len(re.findall(r'<tr id="state-', response.content.decode())) == size
    # The data version: the rest is the stored rendering (and the treaty, its timeline and
    # change points, read once per data version).
    with django_assert_num_queries(1):
        again = page(client, treaty, on="2024-01-01")
    assert again.content == response.content


@pytest.fixture
def without_rules():
    """A treaty whose rules are not recorded: in force from the depositary's recorded date,
    Lithuania's ratification recorded."""
    from datetime import date

    from events.services import event_record, treaty_recompute
    from tests.factories import SOURCE, TreatyFactory, lithuania

    treaty = TreatyFactory.create(
        slug="biodiversity",
        recorded_entry_into_force=date(1993, 12, 29),
        recorded_entry_into_force_article="article 36(1)",
        adopted_on=date(1992, 5, 22),
    )
    event_record(treaty=treaty, state=lithuania(), kind="ratification",
                 date=date(1996, 2, 1), source_url=SOURCE)  # fmt: skip
    treaty_recompute(treaty_id=treaty.pk)
    return treaty


def test_without_rules_the_page_gives_the_recorded_date_and_never_says_not_joined(
    client, without_rules
):
    html = page(client, without_rules, on="2018-01-15").content.decode()
    assert '29 Dec 1993 <span class="basis">(recorded by the depositary)</span>' in html
    assert "in accordance with article 36(1)" in html
    assert "not recorded: dates of effect are not computed" in html
    row = row_of(html, "LTU")
    assert 'data-status="consented_unknown"' in row
    assert "Consented (date of effect not computed)" in row
    assert "not computed" in row and "the treaty&#x27;s rules are not recorded" in row
    assert "Not computed: the dates on which 1 state with a recorded consent" in html


def test_an_inferred_date_is_marked_inferred_and_not_confirmed(client, ccm):
    from events.models import Event

    ccm.rules_source = "inferred"
    ccm.save(update_fields=["rules_source"])
    from events.services import treaty_recompute

    treaty_recompute(treaty_id=ccm.pk)
    html = page(client, ccm, on="2026-01-01").content.decode()
    ratification = Event.objects.get(treaty=ccm, state__code="LTU", kind="ratification")
    assert ratification.effective_date_basis == "inferred"
    # One badge per date; what "inferred" means is said once, in the legend above the table.
    assert '<span class="badge b-inferred">inferred</span>' in row_of(html, "LTU")
    assert "not confirmed" not in row_of(html, "LTU")
    table = html.split('id="participants-h"')[1]
    # Said once in the table's legend (the key facts say it of the treaty's own date).
    assert table.count("inferred from the depositary&#x27;s recorded date; not confirmed") == 1


def test_the_united_states_paris_row_shows_both_memberships(client, db):
    paris = build_paris_with_the_united_states()
    row = row_of(page(client, paris, on="2025-06-01").content.decode(), "USA")
    periods = row.split('class="periods when"')[1].split("</td>")[0]
    assert re.search(r"4 Nov 2016</time> \u2013 <time[^>]*>4 Nov 2020", periods)
    assert re.search(r"19 Feb 2021</time> \u2013 <time[^>]*>27 Jan 2026", periods)


def test_a_withdrawal_not_yet_notified_is_not_shown_as_the_end_of_a_membership(client, db):
    paris = build_paris_with_the_united_states()
    row = row_of(page(client, paris, on="2024-06-01").content.decode(), "USA")
    periods = row.split('class="periods when"')[1].split("</td>")[0]
    assert "27 Jan 2026" not in periods  # notified only in January 2025
    assert "still bound" in periods


def test_each_computed_date_names_its_article(client, ccm):
    row = row_of(page(client, ccm, on="2025-01-01").content.decode(), "LTU")
    assert "art.&nbsp;17(2)" in row
    assert "art.&nbsp;20(3)" in row
    assert "subject to subject to" not in row.lower()


def test_notes_are_numbered_and_tied_to_their_events(client, ccm):
    row = row_of(page(client, ccm, on="2025-03-06").content.decode(), "LTU")
    (number,) = re.findall(r'href="#note-(\d+)"', row)
    assert f'id="note-{number}"' in row
    assert "Lithuania notified its withdrawal" in row.split(f'id="note-{number}"')[1]


def test_counts_say_that_a_pending_withdrawal_still_binds(client, ccm):
    html = page(client, ccm, on="2025-01-01").content.decode()
    assert (
        "<strong>31</strong> states bound on 1 Jan 2025: 30 parties and 1 whose withdrawal" in html
    )
    chart = re.sub(r"<[^>]+>", "", html.split('id="chart-cap">')[1].split("</figcaption>")[0])
    assert "31 states bound on 1 Jan 2025 (marked)" in chart  # the chart says the same


def test_a_date_before_adoption_is_explained(client, ccm):
    html = page(client, ccm, on="2005-01-01").content.decode()
    assert "was adopted on 30 May 2008: on this date it did not exist yet" in html


def test_a_future_date_is_marked_as_a_projection(client, ccm):
    with time_machine.travel("2025-01-01 12:00Z"):
        html = page(client, ccm, on="2030-01-01").content.decode()
    assert "Projection: this date is in the future" in html


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_an_extreme_date_gets_a_clear_message(client, ccm, day):
    response = page(client, ccm, on=day)
    assert response.status_code == 400
    assert "is outside the dates this site shows" in response.content.decode()


def test_the_ctbt_names_the_annex_2_states_it_waits_for(client, db):
    from states.services import states_load

    states_load()
    ctbt = treaty_from_catalogue("ctbt")
    source = UN.format(ref="XXVI-4")
    for code in ("FRA", "DEU"):
        event_record(
            treaty=ctbt, state=State.objects.get(code=code), kind="ratification",
            date=date(1998, 4, 6), source_url=source,
        )  # fmt: skip
    html = page(client, ctbt, on="2025-01-01").content.decode()
    note = html.split('id="required-states"')[1].split("</div>")[0]
    assert "all 44 states of its Annex 2" in note
    assert "42 of them had not" in note
    assert "India" in note and "France" not in note


def test_the_data_freshness_says_when_events_are_later_than_the_depositarys_table(client, db):
    paris = build_paris_with_the_united_states()
    Treaty.objects.filter(pk=paris.pk).update(status_as_at=date(2023, 2, 13))
    html = page(client, paris, on="2025-06-01").content.decode()
    assert "last compared with its table as at 13 Feb 2023" in html
    # 1 Jun 2025 is past the record, which the later act extends to 27 Jan 2025: the page
    # gives the status on that date and says so (docs/basis.md).
    assert "Latest event recorded up to 27 Jan 2025: 27 Jan 2025 — later than that table" in html
    assert "You asked for 1 Jun 2025" in html
    assert "with the acts recorded since, up to 27 Jan 2025" in html


def test_the_slider_steps_are_the_dates_of_change(client, ccm):
    body = client.get(f"/treaties/{ccm.slug}/dates.json").json()
    assert "2024-09-06" in body["dates"] and "2025-03-06" in body["dates"]
    assert body["dates"] == sorted(body["dates"])


def test_the_map_draws_tuvalu_and_the_disputed_areas(client, ccm):
    html = page(client, ccm, on="2025-01-01").content.decode()
    assert 'data-numeric="798"' in html  # Tuvalu, absent from the atlas files
    for area in ("kosovo", "ncyprus", "somaliland"):
        assert f'data-numeric="{area}"' in html
    assert "resolution 68/262" in html


def test_rows_are_in_accent_aware_order(client, db):
    treaty = treaty_from_catalogue("apmbc")
    source = UN.format(ref="XXVI-5")
    for code, name in (("TUV", "Tuvalu"), ("TUR", "Türkiye"), ("CZE", "Czechia"),
                       ("CIV", "Côte d'Ivoire")):  # fmt: skip
        event_record(
            treaty=treaty, state=state(code, name, ""), kind="signature",
            date=date(1997, 12, 3), source_url=source,
        )  # fmt: skip
    html = page(client, treaty, on="2000-01-01").content.decode()
    codes = re.findall(r'<tr id="state-([A-Z]+)"', html)
    assert codes == ["CIV", "CZE", "TUR", "TUV"]


def test_the_date_form_shows_the_date_asked_for_and_offers_today_only_on_another(client):
    from django.utils import timezone

    treaty = build_apmbc(states=3)
    html = page(client, treaty, on="2024-01-01").content.decode()
    assert '<input type="date" id="on" name="on" value="2024-01-01" ' in html
    assert '<a href="?" id="today-link">Today</a>' in html
    today = timezone.localdate().isoformat()
    # The same stored rendering may serve both dates: today's must not offer "Today" (the
    # link is there, hidden, for the slider to show when it leaves today).
    html = page(client, treaty, on=today).content.decode()
    assert f'<input type="date" id="on" name="on" value="{today}" ' in html
    assert '<a href="?" id="today-link" hidden>Today</a>' in html


def test_the_date_inputs_offer_only_the_dates_the_site_shows(client):
    from serving.params import FIRST_SUPPORTED_DAY, LAST_SUPPORTED_DAY

    bounds = f'min="{FIRST_SUPPORTED_DAY.isoformat()}" max="{LAST_SUPPORTED_DAY.isoformat()}"'
    html = page(client, build_apmbc(states=3), on="2024-01-01").content.decode()
    assert html.count('type="date"') == html.count(bounds) == 3  # the date, the two of changes
    compare = client.get("/compare/", {"on": "2024-01-01"}).content.decode()
    assert compare.count(bounds) == 1


@pytest.fixture
def two_readings(db):
    """A treaty whose recorded date two delays reproduce: Norway's deposit + 90 days and
    Mexico's + 30 days both give 1 Jan 1989. Lithuania joins later."""
    from events.services import treaty_recompute, treaty_rules_derive
    from tests.factories import SOURCE, TreatyFactory, lithuania

    treaty = TreatyFactory.create(
        slug="two-readings",
        recorded_entry_into_force=date(1989, 1, 1),
        recorded_entry_into_force_article="article 9",
        adopted_on=date(1988, 1, 1),
    )
    for where, kind, day in (
        (state("NOR", "Norway", "578", "NO"), "ratification", date(1988, 10, 3)),
        (state("MEX", "Mexico", "484", "MX"), "ratification", date(1988, 12, 2)),
        (lithuania(), "accession", date(1992, 3, 2)),
    ):
        event_record(treaty=treaty, state=where, kind=kind, date=day, source_url=SOURCE)
    treaty_rules_derive(treaty=treaty, complete=True)
    treaty_recompute(treaty_id=treaty.pk)
    return Treaty.objects.get(pk=treaty.pk)


def test_rules_with_several_readings_give_a_date_only_where_they_agree(client, two_readings):
    assert two_readings.rules_evidence["outcome"] == "alternatives"
    html = page(client, two_readings, on="2026-01-01").content.decode()
    assert (
        " different rules would give the entry into force the depositary records, so a date "
        "is shown only where they all give the same one"
    ) in (html)
    # Norway deposited before every reading's threshold: the recorded date, inferred.
    norway = row_of(html, "NOR")
    assert '<time datetime="1989-01-01">1 Jan 1989</time>' in norway
    assert '<span class="badge b-inferred">inferred</span>' in norway
    # Lithuania's date depends on the delay: not computed, with what each reading gives; by
    # 2026 it is bound under every reading, so a party.
    lithuania = row_of(html, "LTU")
    # One decision: the status period's start is the latest day it can have become bound.
    assert "not computed; bound by" in lithuania and "at the latest" in lithuania
    assert "the rules that fit the depositary&#x27;s recorded entry" in lithuania
    assert "1 Apr 1992" in lithuania and "31 May 1992" in lithuania
    assert 'data-status="party"' in lithuania
    # While the readings disagree (after 30 days, before 90), its status says so.
    between = row_of(page(client, two_readings, on="1992-04-15").content.decode(), "LTU")
    assert 'data-status="consented_unknown"' in between


def test_readings_that_disagree_on_the_treatys_own_date_leave_it_not_computed(client, db):
    from events.services import treaty_recompute
    from tests.factories import SOURCE, TreatyFactory, lithuania

    def reading(days):
        step = {"add": {"days": days}}
        return {
            "entry_into_force": {
                "threshold": {"count": 1, "kinds": ["ratification"]},
                "period": [step],
            },
            "later_states": {"period": [step]},
            "withdrawal": {"allowed": None},
        }

    treaty = TreatyFactory.create(
        slug="disagreeing",
        adopted_on=date(1990, 1, 1),
        rules={**reading(90), "alternatives": [reading(30)]},
        rules_source="inferred",
    )
    event_record(treaty=treaty, state=lithuania(), kind="ratification",
                 date=date(1992, 3, 2), source_url=SOURCE)  # fmt: skip
    treaty_recompute(treaty_id=treaty.pk)
    treaty.refresh_from_db()
    assert (treaty.entry_into_force_date, treaty.entry_into_force_basis) == (None, "unknown")
    html = page(client, treaty, on="2026-01-01").content.decode()
    assert "Not computed: its rules give no single date" in html
    assert "1 Apr 1992" in row_of(html, "LTU") and "31 May 1992" in row_of(html, "LTU")


def test_the_states_a_treaty_waits_for_are_read_from_its_rules_whatever_its_slug(client, db):
    # Not keyed by slug: a treaty whose rules name required states lists them; the CTBT
    # without the key in its rules lists none.
    rules = copy.deepcopy(CATALOGUE["ctbt"]["rules"])
    rules["entry_into_force"]["required_states"] = {
        "provision": "Annex B", "source": None, "codes": ["ZZA", "ZZB"],
    }  # fmt: skip
    other = Treaty.objects.create(
        slug="another-test-ban", short_name="ATB", title="Another test ban", rules=rules
    )
    note = page(client, other, on="2025-01-01").content.decode()
    note = note.split('id="required-states"')[1].split("</div>")[0]
    assert "all 2 states of its Annex B" in note and "2 of them had not" in note
    assert "ZZA" in note and 'href="None"' not in note
    del rules["entry_into_force"]["required_states"]
    plain = treaty_from_catalogue("ctbt", rules=rules)
    assert 'id="required-states"' not in page(client, plain, on="2025-01-01").content.decode()
