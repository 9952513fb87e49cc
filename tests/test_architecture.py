"""Which app imports which: no two apps import each other, and the project package imports
the apps only to route URLs to them.

Read from the source with ``ast``: every ``import`` and ``from ... import`` of each app's
modules, at the top or inside a function, migrations left out. String references to models
(``"entities.Entity"`` in a foreign key, ``apps.get_model``) are the database schema's
business, not imports.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("entities", "events", "importer", "jobs", "screening", "sources", "workspace")
PROJECT = "sanctions_tracker"
# Below every app and the project package: they may import it; it imports none of them.
BOTTOM = ("jobs",)
# The modules of the project package that may import apps: they route URLs to them.
PROJECT_ROUTING = {"sanctions_tracker/urls.py", "sanctions_tracker/api/urls.py"}


def _modules(package: str):
    for path in sorted((ROOT / package).rglob("*.py")):
        relative = path.relative_to(ROOT)
        if "migrations" in relative.parts:
            continue
        yield relative.as_posix(), path


def _imported_packages(path: Path) -> set[tuple[str, int]]:
    """The top-level packages a module imports, each with the line of its first import."""
    found: dict[str, int] = {}
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue  # relative imports stay inside their package
        for name in names:
            found.setdefault(name.split(".")[0], node.lineno)
    return set(found.items())


def _imports_between(packages) -> dict[tuple[str, str], list[str]]:
    """(importer, imported) -> where, for every package of ``packages`` importing another."""
    edges: dict[tuple[str, str], list[str]] = defaultdict(list)
    for package in packages:
        for relative, path in _modules(package):
            for imported, line in _imported_packages(path):
                if imported in packages and imported != package:
                    edges[package, imported].append(f"{relative}:{line}")
    return edges


@pytest.fixture(scope="module")
def app_imports():
    return _imports_between((*APPS, PROJECT))


def _both_ways(edges) -> dict[frozenset, list[str]]:
    pairs = {}
    for (a, b), where in edges.items():
        if a < b and (b, a) in edges:
            pairs[frozenset({a, b})] = where + edges[b, a]
    return pairs


def test_no_two_apps_import_each_other(app_imports):
    apps_only = {(a, b): w for (a, b), w in app_imports.items() if PROJECT not in (a, b)}
    both_ways = {" <-> ".join(sorted(pair)): where for pair, where in _both_ways(apps_only).items()}
    assert not both_ways, f"apps importing each other: {both_ways}"


def test_no_cycle_through_several_apps(app_imports):
    """Beyond pairs: no chain of imports leads from an app back to itself."""
    graph = defaultdict(set)
    for a, b in app_imports:
        if PROJECT not in (a, b):
            graph[a].add(b)

    def reaches(start, goal, seen):
        for nxt in graph[start]:
            if nxt == goal or (nxt not in seen and reaches(nxt, goal, seen | {nxt})):
                return True
        return False

    cyclic = sorted(app for app in APPS if reaches(app, app, {app}))
    assert not cyclic, f"import cycles through {cyclic}: {dict(graph)}"


def test_apps_import_the_project_package_only_as_a_lower_layer(app_imports):
    """The project package imports apps only in its URL routing (the bottom layer, ``jobs``,
    anywhere); apps import it freely."""
    outside_routing = {
        app: [w for w in where if w.split(":")[0] not in PROJECT_ROUTING]
        for (package, app), where in app_imports.items()
        if package == PROJECT and app not in BOTTOM
    }
    assert not {app: where for app, where in outside_routing.items() if where}


@pytest.mark.parametrize("bottom", BOTTOM)
def test_the_bottom_layer_imports_no_app_nor_the_project_package(app_imports, bottom):
    """``jobs`` runs any app's kind of job through its registry, knowing none of them."""
    upward = {
        imported: where for (package, imported), where in app_imports.items() if package == bottom
    }
    assert not upward, f"{bottom} imports {upward}"


# Above every app: it reads them all (the analyst's pages) and none of them reads it.
TOP = ("workspace",)


@pytest.mark.parametrize("top", TOP)
def test_no_app_imports_the_top_layer(app_imports, top):
    downward = {
        package: where
        for (package, imported), where in app_imports.items()
        if imported == top and package != PROJECT
    }
    assert not downward, f"{top} is imported by {downward}"
