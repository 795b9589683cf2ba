"""Rewrite the rule table of docs/quotes.md from the quote rule registry.

    python scripts/write_rules_doc.py [docs/quotes.md]

tests/test_quote_rules.py fails when the table is out of date.
"""

from __future__ import annotations

import sys
from pathlib import Path

from dateline.nlp import rules

if __name__ == "__main__":
    path = sys.argv[1] if len(sys.argv) > 1 else str(Path(__file__).parents[1] / "docs/quotes.md")
    changed = rules.write_doc(path)
    print(f"{path}: rule table {'rewritten' if changed else 'unchanged'}")
