"""Layers that import one way: the read side never loads the NLP stack."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize("module", ["dateline", "dateline.query", "dateline.web.app"])
def test_the_read_side_loads_no_spacy(module):
    code = (
        f"import sys, {module}; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'spacy', 'thinc'} "
        "or m.startswith('dateline.nlp')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_public_api_is_still_there():
    import dateline

    assert callable(dateline.load) and callable(dateline.extract)
    assert dateline.Article(text="x").text == "x"
    with pytest.raises(AttributeError):
        dateline.no_such_name  # noqa: B018
    assert set(dateline.__all__) <= set(dir(dateline))


def test_importing_every_submodule_never_shadows_a_public_function():
    """No public name is also a submodule's name, which the import would put in its place."""
    code = (
        "import importlib, pkgutil, dateline\n"
        "names = {n: getattr(dateline, n) for n in dateline.__all__}\n"
        "for m in pkgutil.iter_modules(dateline.__path__):\n"
        "    importlib.import_module('dateline.' + m.name)\n"
        "print(sorted(n for n in names if getattr(dateline, n) is not names[n]))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_no_module_imports_itself_back():
    """No import cycles between Dateline's modules (type-checking imports aside)."""
    import grimp

    graph = grimp.build_graph("dateline", exclude_type_checking_imports=True)
    edges = {m: graph.find_modules_directly_imported_by(m) for m in graph.modules}
    cycles = []
    for start in sorted(edges):
        # Is there a path back to ``start`` from what it imports?
        seen, todo = set(), list(edges[start])
        while todo:
            m = todo.pop()
            if m == start:
                cycles.append(start)
                break
            if m not in seen:
                seen.add(m)
                todo.extend(edges.get(m, ()))
    assert cycles == []
