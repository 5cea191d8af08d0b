"""One sync at a time, per database: a lock the operating system or the database drops by
itself when the process holding it ends (killed or not), so a crash never leaves it taken.

PostgreSQL: a session advisory lock on the connection the run uses. Other databases (SQLite,
a single machine): an exclusive ``flock`` on a file beside the system's temporary files, named
after the database (and the process, for an in-memory database no other process can open).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from django.db import connection

#: The advisory lock's key: any constant of this project's own (the bytes of "untcsync").
ADVISORY_KEY = int.from_bytes(b"untcsync", "big") & 0x7FFFFFFFFFFFFFFF


class SyncBusy(Exception):
    """Another sync holds the lock."""


@contextlib.contextmanager
def sync_lock() -> Iterator[None]:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [ADVISORY_KEY])
            if not cursor.fetchone()[0]:
                raise SyncBusy("another sync of this database is running")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [ADVISORY_KEY])
        return
    database = str(connection.settings_dict["NAME"])
    if database == ":memory:" or "mode=memory" in database:
        # An in-memory database is this process's alone (two test processes each have one
        # under the same name): only this process can sync it.
        database = f"{database}#pid{os.getpid()}"
    name = hashlib.sha256(database.encode()).hexdigest()[:16]
    path = Path(tempfile.gettempdir()) / f"treaty-tracker-sync-{name}.lock"
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise SyncBusy("another sync of this database is running") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
