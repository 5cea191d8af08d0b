"""Without ``../shared/data`` the tests that read it fail — never skip — and say in one line
which folder is missing and where it is expected, instead of a stack of FileNotFoundErrors.

pytest runs in a fresh process with the folder pointed somewhere that does not exist, on
SQLite in memory (never the database of the run that started it).
"""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT

# A pure test of the rule engine over the UN's tables and the database tests of their import.
NEEDS_DATA = [
    "tests/rules/test_untc_2026.py::test_the_footnotes_yield_the_six_withdrawals_of_the_spec",
    "tests/ingest/test_untc_csv.py",
]


def test_a_missing_shared_data_folder_fails_the_tests_that_need_it_with_one_line(tmp_path):
    missing = tmp_path / "no-shared-data"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"CI", "DATABASE_URL", "CELERY_BROKER_URL", "CACHE_URL", "PYTEST_ADDOPTS"}
        and not key.startswith("COV_CORE")
    }
    env["TREATY_TRACKER_SHARED_DATA"] = str(missing)
    env["SQLITE_PATH"] = str(tmp_path / "db.sqlite3")
    env["COLUMNS"] = "100"
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "--nomigrations", "-p", "no:cacheprovider",
         *NEEDS_DATA],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    expected = f"The real UN data folder is missing: expected at {missing}"
    assert expected in out, out
    assert "FileNotFoundError" not in out, out
    assert "Traceback" not in out, out
    assert "skipped" not in out, out
    # The UN tables test and the five CSV import tests that read the table (two build their
    # own files): each one fails at setup with the one line, and the line comes once more at
    # the end of the run.
    assert "2 passed, 6 errors" in out, out
    assert out.count(expected) >= 6 + 1, out
