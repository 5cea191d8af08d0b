"""Every module imports on its own, in a fresh interpreter, and no two modules import each other.

The layer contracts (import-linter) only see imports between packages; a cycle inside one
package (a task module and the services it calls, say) works or fails by the order in which
modules happen to be imported. Importing ``a.b.c`` runs ``a/__init__`` and ``a/b/__init__``
first, so those count as imports here, which import-linter does not count.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = (
    "config",
    "rules",
    "states",
    "treaties",
    "events",
    "statements",
    "ingest",
    "serving",
    "api",
    "web",
    "editor",
)


def _graph() -> grimp.ImportGraph:
    return grimp.build_graph(*PACKAGES, cache_dir=None)


def _modules(graph: grimp.ImportGraph) -> list[str]:
    # gunicorn's configuration file is no module ("gunicorn.conf" is not an importable name).
    return sorted(m for m in graph.modules if not m.endswith(".conf") and "migrations" not in m)


def _with_packages(modules: set[str]) -> set[str]:
    """The modules, with every package above them (importing a module runs those first)."""
    out: set[str] = set()
    for module in modules:
        parts = module.split(".")
        out.update(".".join(parts[:k]) for k in range(1, len(parts) + 1))
    return out


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in edges:
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_module_imports_one_that_imports_it_back():
    graph = _graph()
    modules = set(_modules(graph))
    edges = {}
    for module in modules:
        imported = _with_packages(set(graph.find_modules_directly_imported_by(module))) & modules
        # A module's own packages are initialised before it: not an import of its own.
        edges[module] = {m for m in imported if m != module and not module.startswith(m + ".")}
    assert _cycles(edges) == []


def test_the_cycle_finder_finds_a_cycle_through_a_package():
    # events.tasks -> events.services.changes runs events/services/__init__ first, which
    # imports events.services.scheduling, which imported events.tasks: the cycle we had.
    edges = {
        "events.tasks": {"events.services", "events.services.changes"},
        "events.services": {"events.services.scheduling"},
        "events.services.scheduling": {"events.tasks"},
        "events.services.changes": set(),
    }
    assert _cycles(edges) == [["events.services", "events.services.scheduling", "events.tasks"]]


@pytest.mark.slow
def test_every_module_imports_first_in_a_process_of_its_own():
    modules = [m for m in _modules(_graph()) if m not in ("config.wsgi", "config.asgi")]
    assert len(modules) > 150
    done = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("import_each.py")), *modules],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
