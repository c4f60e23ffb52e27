"""The package's shape, read from its source with `ast`: no import cycles, and the network behind one wall.

Every import counts, at module level or inside a function (a lazy import is still a dependency),
except those under `if TYPE_CHECKING:`, which never run.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "linter"

# The only modules outside linter/crossref/ that may import it: they wire a run's lookups together.
CROSSREF_WIRING = {
    "linter.cli",  # opens the lookups, the cache and snapshot commands
    "linter.cluster",  # opens the lookups inside each Dask worker
    "linter.api",  # the Python API opens lookups from Settings, as the command line does
}
NETWORK_LIBRARIES = {"requests", "urllib3", "habanero", "httpx", "http", "socket"}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_package(path: Path) -> bool:
    return path.name == "__init__.py"


def _type_checking_only(node: ast.AST) -> bool:
    test = node.test if isinstance(node, ast.If) else None
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    """Every import statement, except those that run only for a type checker."""
    found: list[ast.Import | ast.ImportFrom] = []

    def visit(node: ast.AST) -> None:
        if _type_checking_only(node):
            for child in node.orelse:  # type: ignore[attr-defined]  # an ast.If: its else branch runs
                visit(child)
            return
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.append(node)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def _targets(module: str, is_package: bool, node: ast.Import | ast.ImportFrom, known: set[str]) -> set[str]:
    """The modules an import statement names. `from . import x` names the submodule x where there is
    one, and the package itself only when a name is taken from its `__init__` (that Python imports a
    package before its submodules is no dependency of the submodule's own making)."""
    if isinstance(node, ast.Import):
        return {alias.name for alias in node.names}
    if node.level:
        base = module.split(".") if is_package else module.split(".")[:-1]
        base = base[: len(base) - (node.level - 1)]
        origin = ".".join(base + ([node.module] if node.module else []))
    else:
        origin = node.module or ""
    names = {f"{origin}.{alias.name}" for alias in node.names}
    submodules = names & known
    return submodules | ({origin} if names - submodules else set())


def import_graph() -> dict[str, set[str]]:
    """linter module -> the modules (of linter or not) it imports."""
    files = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    known = set(files)
    graph = {}
    for module, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        graph[module] = {
            target for node in _imports(tree) for target in _targets(module, _is_package(path), node, known)
        }
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), and modules importing themselves."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in graph:
                continue
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1 or node in graph.get(node, ()):
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return found


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    return import_graph()


def _linter_edges(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """Imports among linter's own modules only; a package's import of its own submodules (a registry
    loading its members) is how packages are built, and is kept, so that it counts in a cycle."""
    return {m: {t for t in targets if t in graph} for m, targets in graph.items()}


def test_the_graph_sees_the_imports_it_must(graph):
    """The reader of the source is itself checked: known edges, relative and absolute, are found."""
    assert "linter.model" in graph["linter.engine"]
    assert "linter.rules.base" in graph["linter.rules.verification"]  # from .base import Context, rule
    assert "linter.rules.verification" in graph["linter.rules"]  # the registry's explicit import list
    assert "linter.matching" in graph["linter.rules.verification"]  # from .. import matching
    assert "urllib3" in graph["linter.crossref.client"]  # imported inside a method
    assert "linter.crossref.session" in graph["linter.cli"]  # imported inside a function


def test_no_import_cycle_among_linter_modules(graph):
    assert _cycles(_linter_edges(graph)) == []


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_only_the_wiring_imports_the_crossref_package(graph):
    outside = {
        module: sorted(t for t in targets if t == "linter.crossref" or t.startswith("linter.crossref."))
        for module, targets in graph.items()
        if not module.startswith("linter.crossref")
    }
    offenders = {m: targets for m, targets in outside.items() if targets and m not in CROSSREF_WIRING}
    assert offenders == {}


def test_only_the_crossref_package_talks_to_the_network(graph):
    offenders = {
        module: sorted(t for t in targets if t.split(".")[0] in NETWORK_LIBRARIES)
        for module, targets in graph.items()
        if not module.startswith("linter.crossref")
    }
    assert {m: t for m, t in offenders.items() if t} == {}
