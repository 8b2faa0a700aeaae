"""The layout is the data path: each room imports only from the rooms before it.

taxonomy + text -> tenders, decp -> nlp -> scoring -> report, service, evaluation -> store, guide,
jobs, bilan, drafting -> web, cli -> app. Imports are read from the source (late imports inside functions included),
so a cycle hidden behind a function-level import fails here too.
"""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LAYERS = {
    "taxonomy": 0, "text": 0,
    "tenders": 1, "decp": 1,
    "nlp": 2,
    "scoring": 3,
    "report": 4, "service": 4, "evaluation": 4,
    "store": 5, "guide": 5, "jobs": 5, "bilan": 5, "drafting": 5,
    "web": 6, "cli": 6,
    "app": 7,
}
MAX_LINES = 500


def project_modules() -> dict[str, Path]:
    modules = {}
    for room in LAYERS:
        package = ROOT / room
        if package.is_dir():
            for path in package.rglob("*.py"):
                parts = path.relative_to(ROOT).with_suffix("").parts
                name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
                modules[name] = path
        elif (ROOT / f"{room}.py").exists():
            modules[room] = ROOT / f"{room}.py"
    return modules


def imports_of(path: Path, name: str, modules: dict[str, Path]) -> set[str]:
    """Project modules imported anywhere in the file (module level or inside functions)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    is_package = path.name == "__init__.py"
    found: set[str] = set()

    def resolve(target: str) -> str | None:
        while target and target not in modules:
            target = target.rpartition(".")[0]
        return target or None

    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = name if is_package else name.rpartition(".")[0]
                for _ in range(node.level - 1):
                    package = package.rpartition(".")[0]
                base = f"{package}.{base}" if base else package
            # "from pkg import sub" depends on pkg.sub; "from pkg import name", on pkg itself
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                       for alias in node.names]
        for target in targets:
            module = resolve(target)
            if module is not None and module != name:
                found.add(module)
    return found


def graph() -> dict[str, set[str]]:
    modules = project_modules()
    return {name: imports_of(path, name, modules) for name, path in modules.items()}


def room(module: str) -> str:
    return module.split(".", 1)[0]


def test_every_room_imports_only_from_rooms_before_it():
    wrong = [f"{m} -> {t}" for m, targets in graph().items() for t in targets
             if LAYERS[room(t)] > LAYERS[room(m)]]
    assert not wrong, "imports against the data path:\n" + "\n".join(sorted(wrong))


def test_no_import_cycle_late_imports_included():
    edges = graph()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    assert not cycles, f"import cycles: {cycles}"


def test_scoring_knows_nlp_only_by_its_data_model():
    wrong = [f"{m} -> {t}" for m, targets in graph().items() if room(m) == "scoring"
             for t in targets if room(t) == "nlp" and t != "nlp.model"]
    assert not wrong, wrong


def test_no_web_module_imports_the_app_module():
    wrong = [m for m, targets in graph().items() if room(m) == "web" and "app" in targets]
    assert not wrong, wrong


def test_no_module_over_500_lines():
    long = {name: n for name, path in project_modules().items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, long


def test_no_test_module_imports_another():
    wrong = []
    for path in (ROOT / "tests").rglob("test_*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            wrong += [f"{path.name} -> {n}" for n in names if n.split(".")[-1].startswith("test_")
                      or n.startswith("tests.conftest")]
    assert not wrong, wrong
