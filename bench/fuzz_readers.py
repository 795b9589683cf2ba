"""Fuzz the readers longer than CI does: the properties of tests/test_fuzz_readers.py under
hypothesis's ``bench`` profile, and a list of what broke.

    python bench/fuzz_readers.py [--examples N]   (default 300 a property)

Prints, per property, ``ok`` or the smallest failing input hypothesis found, then the
exceptions the per-item guard caught (an item skipped as ``bad item``: no crash, but
each kind is worth a look). Exit status 1 if a property failed.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


class _Guarded(logging.Handler):
    """Counts the exceptions the per-item guard turned into skips, by type."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.kinds: Counter[str] = Counter()

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        marker = "item cannot be read ("
        if marker in message:
            self.kinds[message.split(marker, 1)[1].split(":", 1)[0].rstrip(")")] += 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=300, help="examples per property")
    args = parser.parse_args()
    os.environ["HYPOTHESIS_PROFILE"] = "bench"
    os.environ["FUZZ_EXAMPLES"] = str(args.examples)
    sys.path.insert(0, str(ROOT / "tests"))
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    ingest_log = logging.getLogger("dateline.ingest")
    ingest_log.propagate = False  # the skips are counted, not printed
    guarded = _Guarded()
    ingest_log.addHandler(guarded)

    import test_fuzz_readers as properties

    failed = 0
    print(f"{'property':<42} {'result':<8} seconds")
    for name in sorted(n for n in dir(properties) if n.startswith("test_")):
        started = time.monotonic()
        try:
            getattr(properties, name)()
            result, detail = "ok", ""
        except Exception as err:  # noqa: BLE001 - every failure is printed, then the next runs
            failed += 1
            result, detail = "FAILED", f"\n    {type(err).__name__}: {str(err)[:2000]}"
        print(f"{name:<42} {result:<8} {time.monotonic() - started:7.1f}{detail}")
    print(f"\n{args.examples} examples a property; {failed} properties failed.")
    if guarded.kinds:
        kinds = ", ".join(f"{kind}: {n}" for kind, n in guarded.kinds.most_common())
        print(f"caught by the per-item guard (skipped as 'bad item'): {kinds}")
    else:
        print("caught by the per-item guard: nothing")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
