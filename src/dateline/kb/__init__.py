"""Cross-article entities: resolution rules and the user's merge/split decisions."""

from __future__ import annotations

from dateline.kb.decisions import merge, split
from dateline.kb.resolve import Resolver

__all__ = ["Resolver", "merge", "split"]
