"""The direction of the pipeline, read from the code: no upward import, no import cycle.

Every `import` of `generator/` (module level or inside a function) is an edge. A module may
import its own layer or one below it, never one above; the import side (registry -> content/)
is reached only from the command line; and no chain of imports leads back to where it started.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "generator"

LAYERS = (
    # Bottom: what every stage shares. Types, errors, files, tables, the generic cache.
    {"errors", "exponents", "files", "jail", "languages", "layout", "registry", "results",
     "quantities", "model", "terms", "texts", "results_texts", "yamlfile", "validation",
     "pofile", "workers", "cache"},
    {"loader", "catalogs"},  # content/ -> the validated model
    {"importer", "translations", "memory", "scaffold"},  # registry -> content/ (import side)
    {"render"},  # model + templates -> Markdown pages
    {"gates"},  # model + pages -> findings
    {"site"},  # pages -> the built site (the writer and its engine)
    {"build"},  # the pipeline: load, render, gates, stop, write
    {"preview", "serve"},  # `serve`: the pipeline again after each edit
    {"cli"},
)  # fmt: skip
"""Top-level modules and packages of `generator/`, from the bottom of the pipeline up."""
IMPORT_SIDE = {"importer", "translations", "memory", "scaffold"}
"""Writes content/ from a registry; only the command line (and itself) may import it."""


def module_names() -> dict[str, Path]:
    """Return every module of `generator/` by its dotted name."""
    names = {}
    for path in sorted(ROOT.rglob("*.py")):
        parts = list(path.with_suffix("").relative_to(ROOT.parent).parts)
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join(parts)] = path
    return names


def import_edges() -> dict[str, set[str]]:
    """Return, per module, the modules of `generator/` it imports (anywhere in its code)."""
    modules = module_names()
    edges: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        found: set[str] = set()
        for node in _runtime_nodes(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*parts, *([node.module] if node.module else [])])
                named = {f"{base}.{alias.name}" for alias in node.names} & set(modules)
                found |= named or {base}
            elif isinstance(node, ast.Import):
                found |= {alias.name for alias in node.names}
        edges[name] = {target for target in found if target in modules and target != name}
    return edges


def _runtime_nodes(tree: ast.AST) -> list[ast.AST]:
    """Return every node that runs, leaving out `if TYPE_CHECKING:` blocks (types only)."""
    nodes, todo = [], [tree]
    while todo:
        node = todo.pop()
        nodes.append(node)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            todo.extend(node.orelse)
            continue
        todo.extend(ast.iter_child_nodes(node))
    return nodes


def layer_of(module: str) -> int:
    """Return the layer of a module: that of its top-level module or package."""
    top = module.split(".")[1] if "." in module else ""
    for index, layer in enumerate(LAYERS):
        if top in layer:
            return index
    raise AssertionError(f"{module} is in no layer: add it to LAYERS in {Path(__file__).name}")


def test_every_module_imports_only_its_own_layer_or_below() -> None:
    upward = []
    for module, targets in import_edges().items():
        if module == "generator":
            continue
        for target in sorted(targets - {"generator"}):
            top = target.split(".")[1]
            if layer_of(target) > layer_of(module):
                upward.append(f"{module} imports {target}, a later stage")
            elif top in IMPORT_SIDE and layer_of(module) not in (layer_of(target), len(LAYERS) - 1):
                upward.append(f"{module} imports {target}: only the command line may")
    assert upward == []


def test_no_import_cycle() -> None:
    edges = import_edges()
    cycles = []
    state: dict[str, str] = {}  # "open" while on the path, "done" after

    def visit(module: str, path: list[str]) -> None:
        state[module] = "open"
        for target in sorted(edges[module]):
            if state.get(target) == "open":
                cycles.append(" -> ".join([*path[path.index(target) :], target]))
            elif target not in state:
                visit(target, [*path, target])
        state[module] = "done"

    for module in sorted(edges):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_the_walk_sees_imports_inside_functions() -> None:
    edges = import_edges()
    assert "generator.build" in edges["generator.cli"]  # cli imports each stage when run
    assert "generator.importer.fetch" in edges["generator.cli"]
