"""Worker processes die with their parent: ``dateline ingest --workers 2`` killed with -9 or
TERM leaves no worker running (TERM also stops cleanly, keeping what is committed)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dateline.store import open_store

pytestmark = pytest.mark.model

#: Resident memory (KiB) past which a worker has loaded the model and is at work.
LOADED_KB = 150_000


def _children(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (read from /proc: psutil is not a dependency)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _alive(pid: int) -> bool:
    """Running (a zombie no parent has reaped yet is not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def _ingest_with_two_working_workers(tmp_path: Path) -> tuple[subprocess.Popen, list[int]]:
    from tests.conftest import SAMPLE

    db = tmp_path / "kb.db"
    proc = subprocess.Popen(
        [sys.executable, "-c", "from dateline.cli import main; main()", "ingest", str(SAMPLE),
         "--db", str(db), "--workers", "2", "--batch-size", "2", "--commit-every", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        workers = [p for p in _children(proc.pid) if _rss_kb(p) > LOADED_KB]
        if len(workers) == 2:
            return proc, workers
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.2)
    proc.kill()
    pytest.fail("the workers did not load the model in time")


def _gone_within(pids: list[int], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not any(_alive(p) for p in pids):
            return True
        time.sleep(0.1)
    return False


def test_kill_9_of_the_parent_takes_its_workers(tmp_path):
    proc, workers = _ingest_with_two_working_workers(tmp_path)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    try:
        assert _gone_within(workers, 5), [p for p in workers if _alive(p)]
    finally:
        for pid in workers:  # never leave them behind, even when the test fails
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


def test_term_stops_cleanly_keeps_what_is_committed_and_takes_its_workers(tmp_path):
    proc, workers = _ingest_with_two_working_workers(tmp_path)
    time.sleep(3)  # let some articles be annotated and committed
    os.kill(proc.pid, signal.SIGTERM)
    try:
        _, stderr = proc.communicate(timeout=60)
        assert proc.returncode == 128 + signal.SIGTERM, stderr
        assert "stopped by SIGTERM" in stderr and "Traceback" not in stderr
        assert _gone_within(workers, 5), [p for p in workers if _alive(p)]
    finally:
        for pid in workers:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
    # What it reported as added is in the store, whole; running again adds the rest.
    added = int(stderr.split(" articles added")[0].rsplit("dateline: ", 1)[1])
    with open_store(tmp_path / "kb.db", readonly=True) as store:
        assert store.counts()["articles"] == added
