"""Downloads of what is shown, Atom and iCalendar feeds, the compare view, the map sprite."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from html import unescape

import icalendar
import pytest
import time_machine

from tests.factories import build_apmbc, build_ccm
from web import worldmap
from web.feeds import _ics_fold

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def ccm():
    return build_ccm()


def test_the_csv_has_lithuanias_row_as_shown_on_the_page(client, ccm):
    response = client.get("/treaties/ccm/participants.csv", {"on": "2025-01-01"})
    assert response["Content-Disposition"] == 'attachment; filename="ccm-2025-01-01.csv"'
    rows = {r["code"]: r for r in csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))}
    assert len(rows) == 31
    ltu = rows["LTU"]
    assert ltu["status"] == "withdrawal_pending"
    assert ltu["status_label"] == "Withdrawal pending"
    assert ltu["entry_into_force"] == "2011-09-01"
    assert ltu["withdrawal_notified"] == "2024-09-06"
    assert ltu["withdrawal_effective"] == "2025-03-06"
    assert ltu["notification_refs"] == "C.N.347.2024.TREATIES-XXVI-6"


def test_the_json_download_follows_the_status_filter(client, ccm):
    body = json.loads(
        client.get(
            "/treaties/ccm/participants.json", {"on": "2025-03-06", "status": "withdrawn"}
        ).content
    )
    assert body["on"] == "2025-03-06"
    assert [(p["code"], p["status"]) for p in body["participants"]] == [("LTU", "withdrawn")]


def test_a_download_with_a_bad_date_is_refused(client, ccm):
    response = client.get("/treaties/ccm/participants.csv", {"on": "yesterday"})
    assert response.status_code == 400
    assert "not a date" in response.content.decode()


def test_the_atom_feed_of_a_treaty_lists_its_latest_events_first(
    client, ccm, django_assert_num_queries
):
    with django_assert_num_queries(2):  # treaty, events with state and treaty
        response = client.get("/treaties/ccm/events.atom")
    feed = ET.fromstring(response.content)
    titles = [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")]
    assert titles[0] == "Lithuania: Withdrawal (denunciation) — CCM"


def test_the_changes_feed_shows_the_withdrawal_once_it_took_effect(client, ccm):
    with time_machine.travel("2025-03-10 12:00Z"):
        feed = ET.fromstring(client.get("/feeds/changes.atom").content)
    titles = [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")]
    assert titles[0] == "Lithuania: Withdrawn — CCM"


def test_the_calendar_holds_the_upcoming_withdrawal(client, ccm):
    with time_machine.travel("2025-01-01 12:00Z"):
        body = client.get("/treaties/ccm/upcoming.ics").content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n")
    unfolded = body.replace("\r\n ", "")
    assert "DTSTART;VALUE=DATE:20250306" in unfolded
    assert "SUMMARY:Lithuania leaves the CCM\r\n" in unfolded
    assert "Lithuania's withdrawal from the CCM takes effect on 6 Mar 2025\\, subject to art." in (
        unfolded
    )
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))


def test_ical_lines_fold_without_splitting_a_character():
    folded = _ics_fold("SUMMARY:" + "Türkiye " * 20)
    assert all(len(line.encode()) <= 75 for line in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == "SUMMARY:" + "Türkiye " * 20


def test_compare_lists_apmbc_parties_that_are_not_ccm_parties(client):
    build_ccm(others=30)
    build_apmbc(states=41)
    html = client.get("/compare/", {"a": "apmbc", "b": "ccm", "on": "2024-01-01"}).content.decode()
    only_a = html.split('data-list="only-a"')[1].split("</ul>")[0]
    only_b = html.split('data-list="only-b"')[1].split("</ul>")[0]
    assert only_a.count("data-code=") == 11  # the 31st to 41st early APMBC ratifiers
    assert 'data-code="LTU"' in only_b
    assert "data-code=" not in only_b.replace('data-code="LTU"', "")


def test_compare_never_calls_a_state_whose_date_is_not_computed_bound_by_one_only(client):
    from datetime import date

    from events.services import event_record, treaty_recompute
    from tests.factories import SOURCE, TreatyFactory, lithuania

    build_ccm(others=30)
    unruled = TreatyFactory.create(slug="unruled", adopted_on=date(2000, 1, 1))
    event_record(treaty=unruled, state=lithuania(), kind="ratification",
                 date=date(2001, 1, 1), source_url=SOURCE)  # fmt: skip
    treaty_recompute(treaty_id=unruled.pk)
    html = client.get("/compare/", {"a": "ccm", "b": "unruled", "on": "2020-01-01"}).content
    page = html.decode()
    only_a = page.split('data-list="only-a"')[1].split("</ul>")[0]
    assert only_a.count("data-code=") == 30  # the founders: Lithuania is not among them
    assert 'data-code="LTU"' not in only_a
    assert "Not compared: 1 state with a recorded consent" in page


def test_compare_with_an_unknown_treaty_says_so(client, ccm):
    response = client.get("/compare/", {"a": "nope", "b": "ccm"})
    assert response.status_code == 400
    assert "No treaty “nope”" in response.content.decode()


def test_the_map_sprite_has_lithuania_and_a_dot_for_malta(client):
    response = client.get("/map/world.svg")
    body = response.content.decode()
    assert response["Cache-Control"] == "public, max-age=86400"
    assert '<path id="n440" d="M' in body
    assert '<circle id="n470"' in body  # Malta: too small for the 110m shapes
    ET.fromstring(body)  # well-formed


def test_state_numeric_codes_are_zero_padded_like_the_atlas():
    assert worldmap.zero_padded("40") == "040"
    assert worldmap.zero_padded("440") == "440"
    assert worldmap.zero_padded("") == ""


def test_home_lists_treaties_with_party_counts_and_upcoming_effects(client, ccm):
    with time_machine.travel("2025-01-01 12:00Z"):
        html = unescape(client.get("/").content.decode())
    assert "Lithuania's withdrawal from the CCM takes effect on 6 Mar 2025" in html
    # 30 parties + Lithuania, still bound while its withdrawal is pending.
    assert '<td class="num">31</td>' in html


SCRIPT = "<script>alert(document.cookie)</script>"


def test_an_editors_markup_reaches_feed_readers_as_text_not_as_html(client, ccm):
    event = ccm.events.order_by("-date").first()
    type(event).objects.filter(pk=event.pk).update(note=f"See {SCRIPT}")

    feed = ET.fromstring(client.get("/treaties/ccm/events.atom").content)

    summaries = [e.find(f"{ATOM}summary") for e in feed.iter(f"{ATOM}entry")]
    html = next(s.text or "" for s in summaries if s is not None and "See" in (s.text or ""))
    # A reader renders the summary as HTML: the markup must arrive escaped, as text.
    assert SCRIPT not in html
    assert "&lt;script&gt;" in html
    assert SCRIPT in unescape(html)


def test_a_participants_csv_cell_a_spreadsheet_would_run_is_neutralised(client, ccm):
    event = ccm.events.get(state__code="LTU", kind="withdrawal")
    type(event).objects.filter(pk=event.pk).update(note='=HYPERLINK("http://evil.example")')

    response = client.get("/treaties/ccm/participants.csv", {"on": "2025-01-01"})

    rows = {r["code"]: r for r in csv.DictReader(io.StringIO(response.content.decode()))}
    assert rows["LTU"]["notes"] == '\'=HYPERLINK("http://evil.example")'


def test_home_says_not_computed_for_a_treaty_whose_parties_cannot_be_counted(client):
    from datetime import date

    from events.services import event_record, treaty_recompute
    from tests.factories import SOURCE, TreatyFactory, lithuania

    unruled = TreatyFactory.create(
        slug="unruled", adopted_on=date(2000, 1, 1), recorded_entry_into_force=date(2001, 1, 1)
    )
    event_record(treaty=unruled, state=lithuania(), kind="ratification",
                 date=date(2001, 1, 1), source_url=SOURCE)  # fmt: skip
    treaty_recompute(treaty_id=unruled.pk)
    html = client.get("/").content.decode()
    row = html.split(f'href="/treaties/{unruled.slug}/"')[1].split("</tr>")[0]
    assert '<span class="basis">not computed</span>' in row
    assert '1 Jan 2001 <span class="basis">(recorded)</span>' in row


def test_the_csv_opens_with_a_bom_and_carries_the_articles_and_the_condition(client, ccm):
    body = client.get("/treaties/ccm/participants.csv", {"on": "2025-01-01"}).content
    assert body.startswith("\ufeff".encode())  # so Excel reads it as UTF-8
    ltu = {r["code"]: r for r in csv.DictReader(io.StringIO(body.decode("utf-8-sig")))}["LTU"]
    assert ltu["entry_into_force_article"] == "17(2)"
    assert ltu["withdrawal_article"] == "20(3)"
    assert ltu["withdrawal_condition"].startswith("Subject to art. 20(3)")
    assert ltu["membership_periods"] == "2011-09-01/2025-03-06"


ATOM_ENTRY_REQUIRED = ("id", "title", "updated")


@pytest.mark.parametrize(
    "url", ["/feeds/events.atom", "/feeds/changes.atom", "/treaties/ccm/events.atom",
            "/treaties/ccm/changes.atom"]
)  # fmt: skip
def test_every_atom_feed_has_the_elements_rfc_4287_requires(client, ccm, url):
    with time_machine.travel("2025-03-10 12:00Z"):
        feed = ET.fromstring(client.get(url).content)
    for name in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{name}") is not None, name
    # An author on the feed covers every entry that has none.
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == "Treaty Tracker"
    entries = list(feed.iter(f"{ATOM}entry"))
    assert entries
    for entry in entries:
        for name in ATOM_ENTRY_REQUIRED:
            assert (entry.findtext(f"{ATOM}{name}") or "").strip(), name


def test_the_two_feeds_of_a_treaty_have_distinct_ids(client, ccm):
    ids = {
        ET.fromstring(client.get(url).content).findtext(f"{ATOM}id")
        for url in ("/treaties/ccm/events.atom", "/treaties/ccm/changes.atom",
                    "/feeds/events.atom", "/feeds/changes.atom")
    }  # fmt: skip
    assert len(ids) == 4


@pytest.mark.parametrize("url", ["/feeds/upcoming.ics", "/treaties/ccm/upcoming.ics"])
@pytest.mark.parametrize("day", ["2025-01-01", "2026-06-01"])  # with and without dates to come
def test_every_calendar_parses_and_holds_only_real_events(client, ccm, url, day):
    with time_machine.travel(f"{day} 12:00Z"):
        body = client.get(url).content
    calendar = icalendar.Calendar.from_ical(body)
    events = calendar.walk("VEVENT")
    assert calendar.subcomponents  # RFC 5545: at least one component
    assert all(len(str(e["SUMMARY"])) <= 60 for e in events)
    if day == "2026-06-01":  # nothing to come: no event invented, the description says so
        assert not events
        assert "no recorded event takes effect later" in str(calendar["X-WR-CALDESC"])
    else:
        assert events and all(str(e["UID"]).startswith("event-") for e in events)


def test_compare_refuses_a_treaty_compared_with_itself(client, ccm):
    response = client.get("/compare/", {"a": "ccm", "b": "ccm"})
    assert response.status_code == 400
    assert "with itself" in response.content.decode()


def test_compare_lists_states_bound_by_both_and_by_neither(client):
    build_ccm(others=30)
    build_apmbc(states=41)
    html = client.get("/compare/", {"a": "apmbc", "b": "ccm", "on": "2024-01-01"}).content.decode()
    both = html.split('data-list="both"')[1].split("</ul>")[0]
    neither = html.split('data-list="neither"')[1].split("</ul>")[0]
    assert both.count("data-code=") == 30
    assert 'data-code="LTU"' not in both
    assert "data-code=" in neither or "None." in neither


def test_the_whole_dataset_is_one_zip_with_the_facts_and_the_computed_dates(client, ccm):
    import zipfile

    response = client.get("/data/treaty-tracker.zip")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert set(archive.namelist()) == {
        "README.txt", "events.csv", "computed-dates.csv", "participants.csv", "records.csv",
        "statements.csv",
    }  # fmt: skip
    assert archive.read("statements.csv").decode("utf-8-sig").startswith("treaty,state,kind,")
    computed = archive.read("computed-dates.csv").decode("utf-8-sig")
    rows = [r for r in csv.DictReader(io.StringIO(computed)) if r["code"] == "LTU"]
    withdrawal = next(r for r in rows if r["kind"] == "withdrawal")
    assert (withdrawal["effective_date"], withdrawal["article"]) == ("2025-03-06", "20(3)")
    # A second request is the stored file, still a download with its file name.
    again = client.get("/data/treaty-tracker.zip")
    assert again["Content-Disposition"] == response["Content-Disposition"]


def test_the_dataset_is_built_once_per_version_and_served_from_its_file(client, ccm, monkeypatch):
    from web import tasks

    built = []
    build = tasks.dataset_build

    def counted(**kwargs):
        built.append(kwargs["key"])
        return build(**kwargs)

    monkeypatch.setattr(tasks, "dataset_build", counted)
    first = client.get("/data/treaty-tracker.zip")
    second = client.get("/data/treaty-tracker.zip")
    assert (first.status_code, second.status_code) == (200, 200)
    assert b"".join(first.streaming_content) == b"".join(second.streaming_content)
    assert len(built) == 1
    # A client holding this version gets a 304, and nothing is read or built.
    again = client.get("/data/treaty-tracker.zip", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    # A change of the data makes a new version, built once more.
    from events import services

    services.event_delete(event=ccm.events.first())
    assert client.get("/data/treaty-tracker.zip").status_code == 200
    assert len(built) == 2 and built[0] != built[1]


def test_while_the_dataset_is_being_built_a_request_is_told_to_come_back(client, ccm):
    from django.utils import timezone

    from serving.version import data_version
    from web.dataset import dataset_claim, dataset_key, dataset_release

    key = dataset_key(data_version()[1], timezone.localdate())
    assert dataset_claim(key)  # another process is building it
    try:
        response = client.get("/data/treaty-tracker.zip")
        assert response.status_code == 202
        assert response["Retry-After"] == "10"
        assert "being prepared" in response.content.decode()
        assert not dataset_claim(key)  # still one build
    finally:
        dataset_release(key)
