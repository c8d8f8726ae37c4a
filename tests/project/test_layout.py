"""The code's layout holds: packages by capability, no import cycles, docs whose links work.

The layers themselves are import-linter's contracts (pyproject.toml, run by scripts/test.sh);
these tests keep what a contract cannot say.
"""

import ast
import re
import tomllib
from pathlib import Path

import grimp
import pytest

from tests.paths import ROOT

APP = ROOT / "articles"
# Modules that must sit directly under the app: Django and modeltranslation look for them there.
ENTRY_POINTS = {"__init__", "apps", "checks", "signals", "translation", "urls"}


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("articles", "kb", include_external_packages=False)


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
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


def test_no_import_cycle_between_modules(graph):
    edges = {
        module: set(graph.find_modules_directly_imported_by(module)) for module in graph.modules
    }
    assert _cycles(edges) == []


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def _function_level_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("articles"):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.module}")
    return found


def test_no_module_imports_the_app_inside_a_function():
    """A cycle is broken by moving the shared piece down, not by hiding an import in a
    function. Only AppConfig.ready() (Django's place for it) and migrations may."""
    offenders = [
        where
        for path in sorted(APP.rglob("*.py"))
        if "migrations" not in path.parts and path.name != "apps.py"
        for where in _function_level_imports(path)
    ]
    assert offenders == []


def test_only_entry_points_sit_directly_under_the_app():
    modules = {path.stem for path in APP.glob("*.py")}
    assert modules <= ENTRY_POINTS


def test_every_package_says_what_it_owns_and_may_import():
    packages = [
        path.parent
        for path in APP.glob("*/__init__.py")
        if path.parent.name not in {"migrations", "management", "templatetags"}
    ]
    assert len(packages) >= 10
    for package in packages:
        docstring = ast.get_docstring(ast.parse((package / "__init__.py").read_text()))
        assert docstring, f"{package.relative_to(ROOT)}/__init__.py has no docstring"
        assert "Imports" in docstring, f"{package.relative_to(ROOT)} does not say what it imports"


def test_the_support_contract_covers_every_support_service_module():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    contract = next(
        c
        for c in config["tool"]["importlinter"]["contracts"]
        if c["name"].startswith("Support's services")
    )
    services = {
        f"articles.support.{path.stem}"
        for path in (APP / "support").glob("*.py")
        if path.stem != "__init__"
    }
    assert set(contract["source_modules"]) == services


def test_tests_mirror_the_packages():
    """Every folder of tests names a package of the app (or the project, or the browser)."""
    folders = {p.name for p in (ROOT / "tests").iterdir() if (p / "__init__.py").exists()}
    packages = {p.parent.name for p in APP.glob("*/__init__.py")}
    assert folders - packages <= {"browser", "project"}


MARKDOWN_LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")


def _relative_links(document: Path) -> list[str]:
    """Links to files of the checkout: not to the web (`https:`), the site (`/en/`) or an
    anchor of the same page; code blocks and code spans are examples, not links."""
    text = re.sub(r"```.*?```", "", document.read_text(encoding="utf-8"), flags=re.S)
    text = re.sub(r"`[^`\n]*`", "", text)
    return [
        target
        for target in MARKDOWN_LINK.findall(text)
        if not re.match(r"[a-z][a-z0-9+.-]*:", target) and not target.startswith(("#", "/"))
    ]


def _heading_slugs(document: Path) -> set[str]:
    slugs = set()
    for line in document.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            title = line.lstrip("#").strip().lower()
            slugs.add(re.sub(r"\s", "-", re.sub(r"[^\w\s-]", "", title)))
    return slugs


def test_every_relative_link_in_readme_and_docs_resolves():
    documents = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    assert len(documents) > 5
    broken = []
    for document in documents:
        for target in _relative_links(document):
            path, _, anchor = target.partition("#")
            resolved = (document.parent / path).resolve() if path else document
            if not resolved.exists():
                broken.append(f"{document.relative_to(ROOT)}: {target}")
            elif anchor and resolved.suffix == ".md" and anchor not in _heading_slugs(resolved):
                broken.append(f"{document.relative_to(ROOT)}: {target} (no such heading)")
    assert broken == []


def test_docs_point_to_nothing_outside_the_repository():
    documents = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    for document in documents:
        for target in _relative_links(document):
            resolved = (document.parent / target.partition("#")[0]).resolve()
            assert resolved.is_relative_to(ROOT), f"{document.name} links outside: {target}"
