"""Import each module named on the command line first, in a process of its own.

Run by ``test_imports.py`` in a new interpreter. The third-party packages are imported once
here; each module of the project is then imported in a forked child in which nothing of the
project has been imported yet (Django set up first, the module next). Prints one line per
failure and exits 1 if any.
"""

from __future__ import annotations

import importlib
import os
import sys
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

PROJECT = (
    "config",
    "rules",
    "states",
    "treaties",
    "events",
    "ingest",
    "serving",
    "api",
    "web",
    "editor",
    "tests",
)


def _preload_third_party() -> None:
    from django.conf import settings

    for app in settings.INSTALLED_APPS:
        if app.split(".")[0] not in PROJECT:
            importlib.import_module(app)
    for name in (
        "rest_framework.fields",
        "celery",
        "kombu",
        "django.contrib.admin.options",
        "django.test",
        "simple_history.models",
    ):
        importlib.import_module(name)
    # The settings are read before any application, in every Django process.
    settings_modules = {"config", "config.settings", "config.env", "config.celery"}
    leaked = sorted(
        m for m in sys.modules if m.split(".")[0] in PROJECT[:-1] and m not in settings_modules
    )
    assert leaked == [], f"the preload imported the project: {leaked}"


def _child(module: str) -> None:
    try:
        import django

        django.setup()
        importlib.import_module(module)
    except BaseException:
        sys.stdout.write(f"{module}: {traceback.format_exc(limit=3)}\n")
        sys.stdout.flush()
        os._exit(1)
    os._exit(0)


def main(modules: list[str]) -> int:
    _preload_third_party()
    failed = 0
    running: dict[int, str] = {}
    for module in modules + [""] * 2:
        while len(running) >= 2 or (not module and running):
            pid, status = os.wait()
            if running.pop(pid, None) is not None and status != 0:
                failed += 1
            if not module:
                continue
        if module:
            pid = os.fork()
            if pid == 0:
                _child(module)
            running[pid] = module
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
