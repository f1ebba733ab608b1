"""The package reads like its pipeline (STYLE.md): stages in folders, data flowing one way."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).parents[1] / "src" / "kehoach"
STAGES = {"plan", "compose", "docx", "check", "importing", "jobs"}
# Reference data beside the stages, as decree.py is: the official lists of administrative units.
REFERENCE = {"units"}
# cli_text.py: the command line's own words (Click's, Typer's) in Vietnamese, beside cli.py.
LOOSE = {"__init__.py", "__main__.py", "cli.py", "cli_text.py", "api.py", "errors.py", "decree.py"}


def _modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def _imports(path: Path, known: set[str]) -> set[str]:
    """Every kehoach module ``path`` imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("kehoach"):
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                found.add(candidate if candidate in known else node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("kehoach"))
    return found & known


def test_only_stages_and_entry_points_at_the_top():
    entries = {p.name for p in PACKAGE.iterdir() if not p.name.startswith((".", "__pycache__"))}
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert folders == STAGES | REFERENCE
    assert {e for e in entries if e.endswith(".py")} == LOOSE


def test_no_two_modules_import_each_other():
    modules = _modules()
    graph = {name: _imports(path, set(modules)) - {name, "kehoach"} for name, path in modules.items()}
    # Depth-first search for a cycle; a package __init__ importing its own members is not one.
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(name: str) -> None:
        state[name] = 1
        stack.append(name)
        for target in graph[name]:
            if state.get(target) == 1:
                raise AssertionError("import cycle: " + " → ".join(stack[stack.index(target):] + [target]))
            if target not in state:
                visit(target)
        stack.pop()
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name)


def test_the_decree_depends_on_nothing_of_kehoach():
    assert _imports(PACKAGE / "decree.py", set(_modules())) == set()
