"""The rule engine stays pure: its modules import the standard library and each other only.

Tools, the benchmark and other programs import ``rules`` without Django or any installed
package; a stray import in one of its modules would break them without failing a Django test.
"""

import ast
import sys
from pathlib import Path

import rules

RULES_DIR = Path(rules.__file__).parent


def _imported_top_levels(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_rules_imports_only_the_standard_library_and_itself():
    allowed = set(sys.stdlib_module_names) | {"__future__", "rules"}
    outside = {
        path.name: sorted(_imported_top_levels(path) - allowed)
        for path in sorted(RULES_DIR.glob("*.py"))
    }
    assert {name: mods for name, mods in outside.items() if mods} == {}
