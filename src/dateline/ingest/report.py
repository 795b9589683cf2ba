"""Counting what a batch read, skipped (and why) and recoded.

Readers never raise for a bad item: they call :meth:`Report.skip` and go on. The
library only logs; the CLI decides how the messages look. Every item name and
reason is logged with its control characters escaped
(:func:`dateline.errors.printable`): a file named ``"a\\nskipped b: forged"``
must not print a line of its own."""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field

from dateline.errors import printable

log = logging.getLogger("dateline.ingest")

__all__ = ["Report", "printable"]


@dataclass
class Report:
    """Counters for one run: items read, skipped by reason, warnings."""

    read: int = 0
    skipped: Counter = field(default_factory=Counter)
    warnings: Counter = field(default_factory=Counter)
    duplicates: int = 0
    #: Items that are not articles by nature (a WARC's request records, images):
    #: counted, but no failure and no effect on the exit code.
    passed_over: Counter = field(default_factory=Counter)

    def ok(self) -> None:
        self.read += 1

    def skip(self, item: str, reason: str, kind: str | None = None) -> None:
        """Record that ``item`` was skipped; ``kind`` groups reasons in the summary."""
        self.skipped[kind or reason] += 1
        log.warning("skipped %s: %s", printable(item), printable(reason))

    def reject(self, item: str, reason: str, kind: str | None = None) -> None:
        """An item that was read but cannot be processed: no longer counted as read."""
        self.read -= 1
        self.skip(item, reason, kind)

    def pass_over(self, item: str, reason: str, kind: str | None = None) -> None:
        """Record an item that is not an article and never was meant to be one."""
        self.passed_over[kind or reason] += 1
        log.debug("passed over %s: %s", printable(item), printable(reason))

    def warn(self, item: str, message: str, kind: str | None = None) -> None:
        """Record a problem that did not stop the item from being read."""
        self.warnings[kind or message] += 1
        log.warning("%s: %s", printable(item), printable(message))

    @property
    def n_skipped(self) -> int:
        return sum(self.skipped.values())

    def summary(self) -> str:
        """One line: read / skipped (by reason) / duplicates / warnings."""
        parts = [f"{self.read} read", f"{self.n_skipped} skipped"]
        if self.skipped:
            reasons = ", ".join(f"{printable(k)}: {v}" for k, v in self.skipped.most_common())
            parts[-1] += f" ({reasons})"
        if self.duplicates:
            parts.append(f"{self.duplicates} duplicates")
        if self.passed_over:
            kinds = ", ".join(f"{printable(k)}: {v}" for k, v in self.passed_over.most_common())
            parts.append(f"{sum(self.passed_over.values())} not articles ({kinds})")
        if self.warnings:
            parts.append(f"{sum(self.warnings.values())} warnings")
        return ", ".join(parts)
