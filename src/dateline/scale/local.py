"""Every core of one machine: an ordered, resumable multiprocessing runner.

Each worker process loads the pipeline once (:func:`~dateline.scale.shard.cached_pipeline`)
and annotates chunks of articles with ``nlp.pipe`` batches inside ``nlp.memory_zone()``
(see :func:`dateline.extract.extract`), so its memory stays flat however long the
corpus. The parent reads the sources, keeps at most ``2 × workers`` chunks in flight
(reading never races ahead of annotation) and yields records in input order.
Resuming skips the articles whose ids an earlier run already wrote.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import time
from collections import deque
from collections.abc import Container, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from pathlib import Path
from typing import NamedTuple

from dateline.article import Article
from dateline.errors import ModelNotFound
from dateline.ingest.report import Report
from dateline.scale.shard import (
    EventReport,
    cached_pipeline,
    memory_kb,
    pipelines_loaded,
    process_shard,
)

log = logging.getLogger("dateline.scale")

#: Chunks in flight per worker: enough to keep every worker busy while the parent
#: collects, few enough that memory in the parent stays bounded.
IN_FLIGHT_PER_WORKER = 2
#: Articles per chunk sent to a worker, in spaCy batches.
BATCHES_PER_CHUNK = 4


class WorkerSample(NamedTuple):
    """A worker's state after a chunk: for the benchmark and for watching memory."""

    pid: int
    done: int  # articles this worker has annotated so far
    rss_kb: int  # resident memory now
    peak_kb: int  # resident memory at its highest
    ready_at: float  # time.time() when its pipeline had loaded
    at: float  # time.time() now
    cpu_s: float  # CPU seconds spent annotating so far (model loading left out)
    pipelines: int  # pipelines this worker has loaded: one, however many chunks


#: Per-worker samples, pid -> one WorkerSample per chunk, in order.
MemoryLog = dict[int, list[WorkerSample]]

_WORKER: dict = {}


def _init_worker(model: str | None, bare: bool) -> None:
    _WORKER.update(model=model, bare=bare, done=0)
    cached_pipeline(model, bare)  # load now, not in the first chunk's timing
    _WORKER["ready_at"] = time.time()
    _WORKER["ready_cpu"] = time.process_time()


def _run_chunk(
    articles: list[Article], batch_size: int | None, max_chars: int | None
) -> tuple[list[dict], EventReport, WorkerSample]:
    report = EventReport()
    if _WORKER["bare"]:
        records = _bare(articles, batch_size)
    else:
        records = list(
            process_shard(
                articles,
                model=_WORKER["model"],
                batch_size=batch_size,
                max_chars=max_chars,
                report=report,
            )
        )
    _WORKER["done"] += len(articles)
    current, peak = memory_kb()
    cpu = time.process_time() - _WORKER["ready_cpu"]
    sample = WorkerSample(
        os.getpid(),
        _WORKER["done"],
        current,
        peak,
        _WORKER["ready_at"],
        time.time(),
        cpu,
        pipelines_loaded(),
    )
    return records, report, sample


def _bare(articles: list[Article], batch_size: int | None) -> list[dict]:
    """The baseline: the spaCy model alone over the texts, no Dateline stages, no records."""
    nlp = cached_pipeline(_WORKER["model"], True)
    with nlp.memory_zone():
        n = sum(1 for _ in nlp.pipe((a.text for a in articles), batch_size=batch_size or 32))
    return [{"id": a.id} for a in articles[:n]]


def check_model(model: str | None = None) -> None:
    """Raise :class:`ModelNotFound` unless ``model`` is an installed package or a folder.

    Cheaper than loading it in the parent only to find out: workers load their own.
    """
    import spacy.util

    from dateline import settings

    name = model or str(settings.get("model"))
    if not (spacy.util.is_package(name) or Path(name).exists()):
        raise ModelNotFound(name)


def extract_parallel(
    articles: Iterable[Article],
    workers: int = 2,
    model: str | None = None,
    batch_size: int | None = None,
    *,
    max_chars: int | None = None,
    report: Report | None = None,
    done: Container[str] = frozenset(),
    chunk_size: int | None = None,
    memory: MemoryLog | None = None,
    bare: bool = False,
    start_method: str = "spawn",
) -> Iterator[dict]:
    """Annotate ``articles`` with ``workers`` processes; yield their records in input order.

    Articles whose id is in ``done`` are skipped (resuming). Bad articles are
    reported to ``report``, skipped and counted, as with :func:`dateline.extract`.
    A chunk whose worker dies is reported article by article and the pool is
    restarted. ``memory`` (if given) collects each worker's resident memory after
    every chunk. ``bare`` runs the spaCy model alone (the benchmark baseline).
    """
    from dateline import settings

    check_model(model)
    report = report if report is not None else Report()
    batch_size = batch_size or int(settings.get("batch_size"))
    chunk_size = chunk_size or batch_size * BATCHES_PER_CHUNK
    todo = (a for a in articles if a.id not in done)
    chunks = iter(lambda: list(islice(todo, chunk_size)), [])
    context = multiprocessing.get_context(start_method)
    pool = _Workers(workers, context, (model, bare), (batch_size, max_chars))
    try:
        for chunk in chunks:
            pool.submit(chunk)
            while len(pool.pending) >= workers * IN_FLIGHT_PER_WORKER:
                yield from _record_memory(pool.collect(report), memory)
        while pool.pending:
            yield from _record_memory(pool.collect(report), memory)
    finally:
        pool.close()


class _Workers:
    """A process pool with its chunks in flight, oldest first, replaced if a worker dies."""

    def __init__(self, workers: int, context, init: tuple, run: tuple) -> None:
        self._new = lambda: ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=_init_worker, initargs=init
        )
        self._run = run
        self.pool = self._new()
        self.pending: deque[tuple[list[Article], Future]] = deque()

    def _start(self, chunk: list[Article]) -> Future:
        try:
            return self.pool.submit(_run_chunk, chunk, *self._run)
        except BrokenProcessPool:  # broke while idle: nothing in flight is lost
            self._restart()
            return self.pool.submit(_run_chunk, chunk, *self._run)

    def submit(self, chunk: list[Article]) -> None:
        self.pending.append((chunk, self._start(chunk)))

    def _restart(self) -> None:
        self.pool.shutdown(cancel_futures=True)
        self.pool = self._new()
        for i, (chunk, future) in enumerate(self.pending):
            if future.cancelled() or not future.done() or future.exception() is not None:
                self.pending[i] = (chunk, self.pool.submit(_run_chunk, chunk, *self._run))

    def collect(self, report: Report) -> tuple[list[dict], WorkerSample | None]:
        """The oldest chunk's records; a chunk whose worker failed is reported, not fatal."""
        chunk, future = self.pending.popleft()
        try:
            try:
                records, events, sample = future.result()
            except BrokenProcessPool:
                # A worker died (killed, out of memory, a crash in native code) and took
                # every chunk in flight with it. Run this one again on its own: if it
                # kills a worker again it is the culprit, and only it is lost.
                log.debug("a worker died; retrying its chunk alone", exc_info=True)
                self.pool.shutdown(cancel_futures=True)
                self.pool = self._new()
                records, events, sample = self.pool.submit(_run_chunk, chunk, *self._run).result()
        except BrokenProcessPool:
            _reject_chunk(chunk, "a worker process died annotating it", report)
            self._restart()
            return [], None
        except Exception as err:  # noqa: BLE001 - one bad chunk must not sink the run
            log.debug("chunk failed", exc_info=True)
            _reject_chunk(chunk, f"{type(err).__name__}: {err}", report)
            return [], None
        finally:
            # Chunks the dead worker's pool failed or cancelled go to the new pool.
            if any(f.done() and (f.cancelled() or _broken(f)) for _, f in self.pending):
                self._restart()
        events.replay(report)
        return records, sample

    def close(self) -> None:
        self.pool.shutdown(cancel_futures=True)


def _broken(future: Future) -> bool:
    return not future.cancelled() and isinstance(future.exception(), BrokenProcessPool)


def _reject_chunk(chunk: list[Article], reason: str, report: Report) -> None:
    for article in chunk:
        report.reject(article.origin or article.id, f"annotation failed ({reason})", "worker died")


def _record_memory(
    result: tuple[list[dict], WorkerSample | None], memory: MemoryLog | None
) -> list[dict]:
    records, sample = result
    if memory is not None and sample is not None:
        memory.setdefault(sample.pid, []).append(sample)
    return records


def done_ids(path: Path) -> set[str]:
    """Ids of the records in a JSON Lines output file, for resuming into it.

    A last line cut short by a crash is not a record: it is cut off the file so
    the resumed run appends after the last complete record.
    """
    ids: set[str] = set()
    if not path.exists():
        return ids
    good = 0
    with path.open("rb") as f:
        for raw in f:
            if not raw.endswith(b"\n"):
                break
            try:
                ids.add(json.loads(raw)["id"])
            except (ValueError, KeyError, TypeError):
                break
            good += len(raw)
    if good < path.stat().st_size:
        log.warning("%s: cutting an incomplete record off the end to resume", path)
        with path.open("r+b") as f:
            f.truncate(good)
    return ids


def extract_to_file(
    articles: Iterable[Article], out: Path, *, resume: bool = True, **options
) -> int:
    """Append the records of ``articles`` to ``out`` (JSON Lines), in order; return how many.

    With ``resume`` the articles already in ``out`` are skipped, so a run that was
    stopped carries on where it stopped. Options are those of :func:`extract_parallel`.
    """
    done = done_ids(out) if resume else set()
    mode = "a" if resume else "w"
    n = 0
    with out.open(mode, encoding="utf-8") as f:
        for record in extract_parallel(articles, done=done, **options):
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
            n += 1
            if n % 100 == 0:
                f.flush()
    return n
