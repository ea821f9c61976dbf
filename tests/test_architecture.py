"""The package's shape, checked: import rules, no private imports, small functions, one definition.

These tests read the source with :mod:`ast` (nothing is imported), so they state the
rules of CONTRIBUTING.md as executable checks:

* no import cycle among netclust modules at module level;
* ``viz`` never imports ``report``; ``model`` imports neither ``io`` nor ``report``;
  ``metrics`` never imports ``report``, ``viz``, ``cli`` or ``html``;
* no ``from x import _y`` of a private name across modules;
* no function over 60 lines of code (docstring, comments and blank lines excluded) and
  none with cyclomatic complexity over 15 (McCabe, as flake8's C901), unless its
  ``def`` signature (any of its lines, up to the colon) carries
  ``# architecture: <one-line reason>``, and no such comment where it is not needed;
* one definition of each concept that used to be defined twice;
* no use of click's private ``__click_params__``.
"""

from __future__ import annotations

import ast
import io
import textwrap
import tokenize
from pathlib import Path

import mccabe
import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "netclust"
MAX_LINES = 60
MAX_COMPLEXITY = 15
EXEMPT = "# architecture:"


def _module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
TREES = {name: ast.parse(path.read_text(encoding="utf-8")) for name, path in MODULES.items()}


def _is_package(name: str) -> bool:
    return MODULES[name].name == "__init__.py"


def _resolve(module: str, node: ast.ImportFrom) -> str | None:
    if node.level == 0:
        return node.module
    base = module.split(".")
    if not _is_package(module):
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _imports(module: str, tree: ast.AST, top_level_only: bool):
    """(imported module, imported name or None, node) for netclust imports."""
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    for node in nodes:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("netclust"):
                    yield alias.name, None, node
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(module, node)
            if not target or not target.startswith("netclust"):
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                if sub in MODULES:
                    yield sub, None, node
                else:
                    yield target, alias.name, node


def _edges(top_level_only=True) -> dict:
    graph = {m: set() for m in MODULES}
    for module, tree in TREES.items():
        for target, _name, _node in _imports(module, tree, top_level_only):
            if target in MODULES and target != module:
                graph[module].add(target)
    return graph


def test_no_module_level_import_cycle():
    graph = _edges()
    # a package's __init__ re-exporting its submodules is not a cycle of the design:
    # a submodule importing a sibling never needs the parent's re-exports.
    for module in graph:
        graph[module] = {t for t in graph[module]
                         if not (_is_package(t) and module.startswith(t + "."))}
    state, stack, cycles = {}, [], []

    def visit(node):
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    assert not cycles, "module-level import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


FORBIDDEN = [
    ("netclust.viz", ("netclust.report",)),
    ("netclust.model", ("netclust.io", "netclust.report")),
    ("netclust.metrics", ("netclust.report", "netclust.viz", "netclust.cli", "netclust.html")),
    ("netclust.html", ("netclust.report", "netclust.cli")),
]


@pytest.mark.parametrize("layer, banned", FORBIDDEN, ids=[f[0] for f in FORBIDDEN])
def test_dependency_rules(layer, banned):
    bad = []
    for module, tree in TREES.items():
        if module != layer and not module.startswith(layer + "."):
            continue
        for target, _name, node in _imports(module, tree, top_level_only=False):
            if any(target == b or target.startswith(b + ".") for b in banned):
                bad.append(f"{MODULES[module].relative_to(PACKAGE.parent)}:{node.lineno} "
                           f"imports {target}")
    assert not bad, "\n".join(bad)


def test_no_private_names_imported_across_modules():
    bad = []
    for module, tree in TREES.items():
        for target, name, node in _imports(module, tree, top_level_only=False):
            if name and name.startswith("_") and not name.startswith("__") and target != module:
                bad.append(f"{MODULES[module].relative_to(PACKAGE.parent)}:{node.lineno} "
                           f"from {target} import {name}")
    assert not bad, "\n".join(bad)


def _code_lines(source_lines: list, func: ast.AST) -> int:
    """Lines of code of a function: no blank lines, comments or docstring."""
    body = func.body
    skip = set()
    if body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None),
                                                            ast.Constant) \
            and isinstance(body[0].value.value, str):
        skip.update(range(body[0].lineno, body[0].end_lineno + 1))
    text = textwrap.dedent("\n".join(source_lines[func.lineno - 1: func.end_lineno]))
    lines = set()
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, IndentationError):   # e.g. a string at column 0 in a method
        body = source_lines[func.lineno - 1: func.end_lineno]
        return sum(1 for i, ln in enumerate(body, start=func.lineno)
                   if ln.strip() and not ln.strip().startswith("#") and i not in skip)
    for tok in tokens:
        if tok.type in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT,
                        tokenize.DEDENT, tokenize.ENDMARKER):
            continue
        for ln in range(tok.start[0], tok.end[0] + 1):
            lines.add(ln + func.lineno - 1)
    return len(lines - skip)


def _functions():
    for module, tree in TREES.items():
        source = MODULES[module].read_text(encoding="utf-8").splitlines()
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                yield module, source, node


def _complexities(module: str) -> dict:
    visitor = mccabe.PathGraphingAstVisitor()
    visitor.preorder(TREES[module], visitor)
    return {(g.lineno, g.entity.split(".")[-1] if "." in g.entity else g.entity): g.complexity()
            for g in visitor.graphs.values()}


def _signature_comments(source_lines: list, func: ast.AST) -> list:
    """The comments of a function's ``def`` signature, from ``def`` to its colon (same line).

    A signature spread over several lines may carry its comment on any of them.
    """
    def_line = source_lines[func.lineno - 1]
    indent = len(def_line) - len(def_line.lstrip())
    lines = iter(ln[indent:] + "\n" for ln in source_lines[func.lineno - 1:])
    comments, depth, colon_row = [], 0, None
    try:
        for tok in tokenize.generate_tokens(lambda: next(lines, "")):
            if colon_row is not None and tok.start[0] > colon_row:
                break
            if tok.type == tokenize.COMMENT:
                comments.append(tok.string)
            elif tok.type == tokenize.OP and tok.string in "([{":
                depth += 1
            elif tok.type == tokenize.OP and tok.string in ")]}":
                depth -= 1
            elif tok.type == tokenize.OP and tok.string == ":" and depth == 0:
                colon_row = tok.start[0]
    except (tokenize.TokenError, IndentationError):
        pass   # the comments found before the tokenizer stopped
    return comments


def _exempt(source_lines: list, func: ast.AST) -> bool:
    return any(c.startswith(EXEMPT) and c[len(EXEMPT):].strip()
               for c in _signature_comments(source_lines, func))


def test_signature_comments_are_read_on_every_line():
    src = ("def f(a,\n"
           "      b) -> int:  # architecture: a reason\n"
           "    # architecture: not the signature\n"
           "    return a\n"
           "def g(a):\n"
           "    # architecture: inside the body, not an exemption\n"
           "    return a\n")
    f, g = ast.parse(src).body
    lines = src.splitlines()
    assert _exempt(lines, f) and _signature_comments(lines, f) == ["# architecture: a reason"]
    assert not _exempt(lines, g)


def test_functions_are_short_and_simple():
    bad, unneeded = [], []
    complexity = {m: _complexities(m) for m in MODULES}
    for module, source, func in _functions():
        where = f"{MODULES[module].relative_to(PACKAGE.parent)}:{func.lineno} {func.name}"
        n = _code_lines(source, func)
        cc = complexity[module].get((func.lineno, func.name))
        problems = ([f"{where}: {n} lines of code"] if n > MAX_LINES else []) \
            + ([f"{where}: complexity {cc}"] if cc is not None and cc > MAX_COMPLEXITY else [])
        if not _exempt(source, func):
            bad += problems
        elif not problems:
            unneeded.append(where)
    assert not bad, f"{len(bad)} function(s) too long or complex:\n" + "\n".join(bad)
    assert not unneeded, (f"{len(unneeded)} '{EXEMPT}' exemption(s) on functions within the "
                          "limits (remove the comment):\n" + "\n".join(unneeded))


def test_no_private_click_internals():
    # click's private attribute changed between versions; options are declared with
    # click's public API (e.g. an option factory), never by editing __click_params__
    bad = [f"{path.relative_to(PACKAGE.parent)}:{i}"
           for path in sorted(PACKAGE.rglob("*.py"))
           for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
           if "__click_params__" in line]
    assert not bad, f"click's private __click_params__ used at {bad}"


ONE_DEFINITION = ["channel_access", "channel_reach", "reciprocity", "density", "edge_jaccard"]


@pytest.mark.parametrize("name", ONE_DEFINITION)
def test_one_definition_per_concept(name):
    found = [f"{MODULES[m].relative_to(PACKAGE.parent)}:{f.lineno}"
             for m, _src, f in _functions() if f.name.lstrip("_") == name]
    assert len(found) <= 1, f"{name} is defined {len(found)} times: {found}"


def _string_constants(tree):
    """String constants of a module that are not docstrings."""
    docs = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docs.add(id(body[0].value))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                and id(node) not in docs:
            yield node


#: (literal, modules allowed to spell it): everything else uses the named constant/helper.
LITERALS = [
    # netclust.cli names the `netclust aggregate` command (records), not the layer
    ("aggregate", {"netclust.schema", "netclust.cli"}),
    ("exporter", {"netclust.metrics.exporters", "netclust.schema", "netclust.generator",
                  "netclust.io.checks", "netclust.io.tables", "netclust.datasets"}),
]


@pytest.mark.parametrize("literal, allowed", LITERALS, ids=[lit for lit, _ in LITERALS])
def test_vocabulary_spelled_once(literal, allowed):
    bad = [f"{MODULES[m].relative_to(PACKAGE.parent)}:{node.lineno}"
           for m, tree in TREES.items() if m not in allowed
           for node in _string_constants(tree) if node.value == literal]
    assert not bad, f"{literal!r} spelled as a literal at {len(bad)} sites: {bad}"


def test_wall_clock_read_in_one_place():
    # pages carry one generation time, read by report.context.generation_time (which
    # honours SOURCE_DATE_EPOCH); a second datetime.now() made the compare page differ
    # between two runs of the same command across a minute boundary
    bad = [f"{MODULES[m].relative_to(PACKAGE.parent)}:{node.lineno}"
           for m, tree in TREES.items() if m != "netclust.report.context"
           for node in ast.walk(tree)
           if isinstance(node, ast.Attribute) and node.attr in {"now", "utcnow", "today"}
           and not (isinstance(node.value, ast.Name) and node.value.id in {"pd", "np"})]
    assert not bad, f"wall-clock read outside report.context.generation_time: {bad}"
