"""``manage.py untc_mirror FOLDER MIRROR``: lay a folder of MTDSG files (``XXVI-6.en.xml``...)
out as the depositary publishes them, for ``sync_untc --base-url`` (see docs/operations.md).

MIRROR gets ``Chapter <chapter>/<reference>.en.xml`` (links to the files, or copies with
``--copy``) and the indexes ``sync_untc`` discovers new treaties from: ``index.txt`` (every
reference) and ``Chapter <chapter>/index.txt``, one reference a line. Any static web server
serves it (``python -m http.server --directory MIRROR``).
"""

from __future__ import annotations

import shutil
from collections import defaultdict
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ingest.sync.client import REFERENCE, chapter_of, file_path
from ingest.sync.run import INDEX_NAME


class Command(BaseCommand):
    help = "Lay MTDSG XML files out as the depositary publishes them (for sync_untc --base-url)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path, help="A folder of <reference>.en.xml files")
        parser.add_argument("mirror", type=Path, help="Where to lay them out (created)")
        parser.add_argument("--copy", action="store_true", help="Copy rather than link")

    def handle(self, *args: Any, **options: Any) -> None:
        folder, mirror = options["folder"].resolve(), options["mirror"]
        files = sorted(folder.glob("*.en.xml"))
        if not files:
            raise CommandError(f"No <reference>.en.xml files in {folder}")
        chapters: dict[str, list[str]] = defaultdict(list)
        for source in files:
            reference = source.name.removesuffix(".en.xml")
            if not REFERENCE.match(reference):
                self.stderr.write(f"skipped {source.name}: not named after a UN reference")
                continue
            target = mirror / file_path(reference)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.unlink(missing_ok=True)
            if options["copy"]:
                shutil.copy2(source, target)
            else:
                target.symlink_to(source)
            chapters[chapter_of(reference)].append(reference)
        for chapter, references in chapters.items():
            (mirror / f"Chapter {chapter}" / INDEX_NAME).write_text("\n".join(references) + "\n")
        every = [r for refs in chapters.values() for r in refs]
        (mirror / INDEX_NAME).write_text("\n".join(sorted(every)) + "\n")
        self.stdout.write(f"{len(every)} files in {len(chapters)} chapters laid out in {mirror}")
