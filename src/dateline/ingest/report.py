"""Counting what a batch read, skipped (and why) and recoded.

Readers never raise for a bad item: they call :meth:`Report.skip` and go on. The
library only logs; the CLI decides how the messages look.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field

log = logging.getLogger("dateline.ingest")


@dataclass
class Report:
    """Counters for one run: items read, skipped by reason, warnings."""

    read: int = 0
    skipped: Counter = field(default_factory=Counter)
    warnings: Counter = field(default_factory=Counter)
    duplicates: int = 0

    def ok(self) -> None:
        self.read += 1

    def skip(self, item: str, reason: str, kind: str | None = None) -> None:
        """Record that ``item`` was skipped; ``kind`` groups reasons in the summary."""
        self.skipped[kind or reason] += 1
        log.warning("skipped %s: %s", item, reason)

    def reject(self, item: str, reason: str, kind: str | None = None) -> None:
        """An item that was read but cannot be processed: no longer counted as read."""
        self.read -= 1
        self.skip(item, reason, kind)

    def warn(self, item: str, message: str, kind: str | None = None) -> None:
        """Record a problem that did not stop the item from being read."""
        self.warnings[kind or message] += 1
        log.warning("%s: %s", item, message)

    @property
    def n_skipped(self) -> int:
        return sum(self.skipped.values())

    def summary(self) -> str:
        """One line: read / skipped (by reason) / duplicates / warnings."""
        parts = [f"{self.read} read", f"{self.n_skipped} skipped"]
        if self.skipped:
            reasons = ", ".join(f"{k}: {v}" for k, v in self.skipped.most_common())
            parts[-1] += f" ({reasons})"
        if self.duplicates:
            parts.append(f"{self.duplicates} duplicates")
        if self.warnings:
            parts.append(f"{sum(self.warnings.values())} warnings")
        return ", ".join(parts)
