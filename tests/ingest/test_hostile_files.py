"""Files nobody should import are refused with a reason, never a traceback, and create
nothing: empty tables, near-empty or entity-bomb XML, unreadable or oversized CSV cells."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from events.models import Event
from ingest.base import ImportFailed
from ingest.interchange import COLUMNS, events_csv_import
from treaties.models import Treaty

pytestmark = pytest.mark.django_db

STATUS_HEADER = (
    "treaty,participant,signature_date,action_date,action_code,provisional_application_date,"
    "footnote_refs,bracketed_withdrawn,status_as_at\n"
)
BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<Document><Treaty><Header><ExternalData><Titlesect>&lol9;</Titlesect></ExternalData></Header>
</Treaty></Document>
"""


def _run(*args: str) -> str:
    """The command's error message: it must fail as a CommandError, not with a traceback."""
    with pytest.raises(CommandError) as exc:
        call_command(*args)
    return str(exc.value)


def test_an_empty_status_table_says_so_and_fails(tmp_path):
    path = tmp_path / "CCM_XXVI-6_status.csv"
    path.write_text(STATUS_HEADER)

    message = _run("import_untc", str(path))

    assert "no participant rows" in message
    assert "Nothing was imported" in message


def test_a_status_table_with_an_oversized_cell_names_its_row(tmp_path):
    path = tmp_path / "CCM_XXVI-6_status.csv"
    path.write_text(
        STATUS_HEADER
        + "Convention (XXVI-6),Lithuania,2008-12-03,,,,,,\n"
        + f'Convention (XXVI-6),"{"x" * 200_000}",,,,,,,\n'
    )

    message = _run("import_untc", str(path))

    assert "row 3: not readable as CSV (field larger than field limit" in message


@pytest.mark.parametrize(
    "text",
    [
        BOMB,
        '<?xml version="1.0"?><!DOCTYPE d SYSTEM "file:///etc/passwd"><Document/>',
    ],
)
def test_xml_declaring_entities_is_refused_and_creates_no_treaty(tmp_path, text):
    path = tmp_path / "XXVI-99.en.xml"
    path.write_text(text)

    message = _run("import_untc", str(path))

    assert "declares a DTD or entities" in message
    assert not Treaty.objects.exists()


@pytest.mark.parametrize(
    "text",
    [
        '<?xml version="1.0"?><Document/>',
        '<?xml version="1.0"?><Document><Treaty><Header><ExternalData/></Header></Treaty>'
        "</Document>",
        "<a>&lol9;</a>",
    ],
)
def test_near_empty_xml_creates_no_treaty_and_says_why(tmp_path, text):
    path = tmp_path / "XXVI-98.en.xml"
    path.write_text(text)

    message = _run("import_untc", str(path))

    assert "not an MTDSG status file" in message
    assert not Treaty.objects.exists()


def _interchange(*rows: str) -> io.StringIO:
    return io.StringIO(",".join(COLUMNS) + "\n" + "".join(rows))


def test_an_interchange_file_with_only_its_header_says_so():
    with pytest.raises(ImportFailed, match="no event rows"):
        events_csv_import(_interchange())


def test_an_interchange_cell_over_the_field_limit_is_reported_on_its_row(tmp_path):
    path = tmp_path / "events.csv"
    path.write_text(",".join(COLUMNS) + "\n" + f"ccm,LTU,signature,2008-12-03,u,,{'x' * 200_000}\n")

    message = _run("import_events", str(path))

    assert "row 2: not readable as CSV (field larger than field limit" in message
    assert not Event.objects.exists()


def test_a_nul_character_in_an_interchange_cell_is_a_row_error():
    with pytest.raises(ImportFailed, match="row 2: note: contains a NUL character"):
        events_csv_import(_interchange("ccm,LTU,signature,2008-12-03,u,,a\x00b,,,\n"))


def test_an_interchange_date_beyond_the_supported_range_is_a_row_error():
    with pytest.raises(ImportFailed, match="row 2: date: 9999-12-01 is outside the dates"):
        events_csv_import(_interchange("ccm,LTU,withdrawal,9999-12-01,u,,,,,\n"))
