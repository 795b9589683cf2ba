"""Which pipeline made a record: the package version and a hash of what the rules read.

``pipeline_version()`` is ``"<package version>+<12 hex>"``: the hash covers the quote
and time rules' names in their order, every data file the components read (word
lists, the time lexicon, the coreference weights) and the spaCy model's name and
version. Each record carries it (``pipeline``) and the store keeps it per article,
so a store knows which articles an older pipeline annotated.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import resources

from spacy.language import Language


@cache
def _rules_and_data() -> str:
    from dateline.nlp.rules import ORDER as QUOTE_RULES
    from dateline.nlp.timex.rules import ORDER as TIME_RULES

    digest = hashlib.sha1()
    digest.update("\n".join(QUOTE_RULES + ("",) + TIME_RULES).encode())
    root = resources.files("dateline").joinpath("data")
    stack = [root]
    files = []
    while stack:
        folder = stack.pop()
        for entry in folder.iterdir():
            if entry.is_dir():
                stack.append(entry)
            elif entry.is_file():
                files.append(entry)
    for entry in sorted(files, key=lambda f: str(f)):
        digest.update(entry.name.encode() + b"\0")
        digest.update(entry.read_bytes())
    return digest.hexdigest()


def pipeline_version(nlp: Language | None = None) -> str:
    """The version of the pipeline ``nlp`` runs (its model included when given)."""
    from dateline import __version__

    digest = hashlib.sha1(_rules_and_data().encode())
    if nlp is not None:
        meta = nlp.meta
        digest.update(f"{meta.get('lang')}_{meta.get('name')}-{meta.get('version')}".encode())
    return f"{__version__}+{digest.hexdigest()[:12]}"
