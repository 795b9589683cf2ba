"""Word lists kept as data files under ``dateline/data/lexicons``."""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def load(name: str, folder: str = "lexicons") -> frozenset[str]:
    """The lower-cased entries of ``data/<folder>/<name>.txt`` (``#`` starts a comment)."""
    text = resources.files("dateline").joinpath(f"data/{folder}/{name}.txt").read_text("utf-8")
    words = set()
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip().lower()
        if line:
            words.add(line)
    return frozenset(words)


@cache
def pairs(name: str) -> dict[str, frozenset[str]]:
    """A list of "word preposition" lines as word -> its prepositions ("talk about",
    "talk of" -> {"talk": {"about", "of"}}). A particle between them is left to the
    parse: "lash out at" -> {"lash": {"at"}}."""
    out: dict[str, set[str]] = {}
    for line in load(name):
        words = line.split()
        out.setdefault(words[0], set()).add(words[-1])
    return {word: frozenset(preps) for word, preps in out.items()}


@cache
def table(name: str) -> tuple[dict[str, str], ...]:
    """The rows of ``data/lexicons/<name>.tsv`` as dicts keyed by its header line (``#``
    lines are comments; the first other line names the columns)."""
    text = resources.files("dateline").joinpath(f"data/lexicons/{name}.tsv").read_text("utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    header = lines[0].split("\t")
    return tuple(dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:])
