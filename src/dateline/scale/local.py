"""Every core of one machine: an ordered, resumable multiprocessing runner with a watchdog.

Each worker process loads the pipeline once (:func:`~dateline.scale.shard.cached_pipeline`)
and annotates chunks of articles in ``nlp.pipe`` batches inside ``nlp.memory_zone()``
(see :func:`dateline.extraction.extract`), so its memory stays flat however long the
corpus. The parent reads the sources, keeps at most ``2 × workers`` chunks in flight
(reading never races ahead of annotation) and yields records in input order.
Resuming skips the articles whose ids an earlier run already wrote.

The parent is also the workers' watchdog. Compiled spaCy code cannot be interrupted
inside a process, so a batch that runs past the time budget (``time_budget`` seconds
per ``max_chars`` characters it holds, and at least ``time_budget``) has its worker
killed; the batch's articles then run again one at a time, each with the budget of
one article, and an article that again runs over it (or kills its worker again) is
reported and handed to ``on_failed``. The others are not lost. Workers end when their
parent does, however it ends (``PR_SET_PDEATHSIG`` on Linux, a watching thread
elsewhere), and :func:`stop_on_signals` lets a command stop cleanly on SIGTERM.
"""

from __future__ import annotations

import ctypes
import itertools
import json
import logging
import multiprocessing
import os
import pickle
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Container, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from itertools import islice
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from dateline.article import Article
from dateline.errors import DatelineError, ModelNotFound
from dateline.ingest.report import Report
from dateline.scale.shard import EventReport, cached_pipeline, memory_kb, pipelines_loaded

if TYPE_CHECKING:  # the parent never needs spaCy itself: its workers load it
    from spacy.language import Language

log = logging.getLogger("dateline.scale")

#: Chunks in flight per worker: enough to keep every worker busy while the parent
#: collects, few enough that memory in the parent stays bounded.
IN_FLIGHT_PER_WORKER = 2
#: Articles per chunk sent to a worker, in spaCy batches.
BATCHES_PER_CHUNK = 4
#: The longest the parent waits before it looks at the clock and its stop flag again (s).
POLL_S = 0.5
#: Workers in a row that die before their pipeline has loaded before the run gives up.
MAX_START_FAILURES = 3
#: Workers a task may lose before it has finished any article: then its articles are given
#: up (the same goes for one article: a second worker that dies on it is the last).
MAX_LOST = 2

#: Called with an article that was not annotated (over the budget, its worker died,
#: an exception) and the reason, so a caller can keep it for a retry.
OnFailed = Callable[[Article, str], None]
#: Called in each worker with its pipeline once loaded (tests add a slow stage with it).
Setup = Callable[["Language"], None]


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


class WorkerStartFailed(DatelineError):
    """Worker processes cannot load the pipeline (a broken model folder, a crash)."""

    def __init__(self, reason: str, *, said: bool = False) -> None:
        # ``said``: the reason is already one of Dateline's own messages: it is the message.
        super().__init__(
            reason if said else f"a worker process could not load the spaCy pipeline: {reason}"
        )


def check_model(model: str | None = None) -> None:
    """Raise :class:`ModelNotFound` unless ``model`` is an installed package or a folder.

    Cheaper than loading it (or spaCy) in the parent only to find out: workers load
    their own. A package is an installed distribution, as ``spacy.util.is_package`` has it.
    """
    from importlib import metadata

    from dateline import settings

    name = model or str(settings.get("model"))
    if Path(name).exists():
        return
    try:
        metadata.distribution(name)
    except (metadata.PackageNotFoundError, ValueError) as err:
        raise ModelNotFound(name) from err


def time_budget_setting() -> float:
    """The ``time_budget`` setting in seconds (0: no limit)."""
    from dateline import settings

    return max(0.0, float(settings.get("time_budget")))


def unit_limit(budget: float, max_chars: int, chars: int) -> float:
    """Seconds a unit of ``chars`` characters may take: ``budget`` per ``max_chars``
    characters, and at least ``budget`` (a unit of one article: the budget); no budget, no
    limit. Time grows with length, so a batch of many short articles is not cut short."""
    if not budget:
        return float("inf")
    return budget * max(1.0, chars / max_chars)


# -- stopping on a signal ------------------------------------------------------------------------

_STOP = threading.Event()


@dataclass
class Stop:
    """Whether :func:`stop_on_signals` caught a signal, and which."""

    signum: int = 0

    @property
    def requested(self) -> bool:
        return bool(self.signum)

    @property
    def exit_code(self) -> int:
        """The shell's code for a process ended by the signal (128 + its number)."""
        return 128 + self.signum


@contextmanager
def stop_on_signals(signals: Iterable[int] = (signal.SIGTERM,)) -> Iterator[Stop]:
    """Within this block the first of ``signals`` asks :func:`extract_parallel` to stop
    cleanly: it kills its workers and ends its stream, so the caller commits what is done.
    A second signal stops at once (``SystemExit``). Only the main thread can install
    signal handlers: elsewhere this changes nothing."""
    _STOP.clear()
    stop = Stop()
    if threading.current_thread() is not threading.main_thread():
        yield stop
        return

    def handler(signum: int, frame: Any) -> None:
        if stop.requested:
            raise SystemExit(128 + signum)
        log.warning("stopping on %s: keeping what is annotated", signal.Signals(signum).name)
        stop.signum = signum
        _STOP.set()

    previous = {s: signal.signal(s, handler) for s in signals}
    try:
        yield stop
    finally:
        for s, old in previous.items():
            signal.signal(s, old)
        _STOP.clear()


# -- the worker process --------------------------------------------------------------------------

_PR_SET_PDEATHSIG = 1


def _die_with_parent(parent: int) -> None:
    """End this process when ``parent`` ends, however it ends (kill -9 included)."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # pragma: no cover - no libc: the thread below
            pass
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)
    # Elsewhere (and should the signal not come), a thread that watches the parent id.
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


@dataclass
class _Options:
    """What every worker is started with."""

    model: str | None
    bare: bool
    batch_size: int
    max_chars: int
    setup: Setup | None = None


def _worker_main(conn: Connection, parent: int, options: _Options) -> None:
    """A worker: load the pipeline, then run the tasks the parent sends until told to stop."""
    _die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C: the parent decides and kills us
    try:
        nlp = cached_pipeline(options.model, options.bare)
        if options.setup is not None:
            options.setup(nlp)
        # Warm up: what the first text pays once (lazy tables) is not the first article's.
        _annotate_unit(nlp, options, [Article(text="Warm-up, he said on Monday.")], 0)
    except BaseException as err:  # noqa: BLE001 - said to the parent, which stops the run
        said = isinstance(err, DatelineError)
        conn.send(("error", str(err) if said else f"{type(err).__name__}: {err}", said))
        return
    state = {"done": 0, "ready_at": time.time(), "ready_cpu": time.process_time()}
    conn.send(("ready", os.getpid()))
    while True:
        try:
            message = conn.recv()
        except EOFError:
            return
        if message is None:
            return
        task_id, articles, single = message
        _run_task(conn, nlp, options, task_id, articles, single, state)


def _run_task(
    conn: Connection,
    nlp: Language,
    options: _Options,
    task_id: int,
    articles: list[Article],
    single: bool,
    state: dict,
) -> None:
    """Annotate a task's articles a batch (or one article) at a time, telling the parent
    when each unit starts (its clock starts then) and sending its records when it ends."""
    step = 1 if single else options.batch_size
    for lo in range(0, len(articles), step):
        hi = min(lo + step, len(articles))
        part = articles[lo:hi]
        conn.send(("unit", task_id, lo, hi, time.monotonic()))
        try:
            records, events, failed = _annotate_unit(nlp, options, part, lo)
        except Exception as err:  # noqa: BLE001 - the parent retries the unit one by one
            conn.send(("unit_error", task_id, lo, hi, f"{type(err).__name__}: {err}"))
            continue
        state["done"] += len(part)
        try:
            conn.send(("result", task_id, lo, hi, records, events, failed))
        except (pickle.PicklingError, TypeError, AttributeError) as err:
            # A record that cannot be sent (pickling fails before a byte is written).
            conn.send(("unit_error", task_id, lo, hi, f"{type(err).__name__}: {err}"))
    current, peak = memory_kb()
    sample = WorkerSample(
        os.getpid(),
        state["done"],
        current,
        peak,
        state["ready_at"],
        time.time(),
        time.process_time() - state["ready_cpu"],
        pipelines_loaded(),
    )
    conn.send(("done", task_id, sample))


def _annotate_unit(
    nlp: Language, options: _Options, part: list[Article], lo: int
) -> tuple[list[dict], EventReport, list[tuple[int, str]]]:
    """One unit's records, its report, and the (task position, reason) of each article whose
    annotation raised."""
    from dateline.extraction import extract

    events = EventReport()
    if options.bare:
        return _bare(nlp, part, options.batch_size), events, []
    failed: list[tuple[int, str]] = []
    where = {id(a): lo + k for k, a in enumerate(part)}

    def note(article: Article, reason: str) -> None:
        failed.append((where[id(article)], reason))

    records = list(
        extract(
            part,
            nlp,
            report=events,
            batch_size=len(part),
            max_chars=options.max_chars,
            on_failed=note,
        )
    )
    return records, events, failed


def _bare(nlp: Language, articles: list[Article], batch_size: int) -> list[dict]:
    """The baseline: the spaCy model alone over the texts, no Dateline stages, no records."""
    with nlp.memory_zone():
        n = sum(1 for _ in nlp.pipe((a.text for a in articles), batch_size=batch_size))
    return [{"id": a.id} for a in articles[:n]]


# -- the parent: chunks, tasks, workers ----------------------------------------------------------


@dataclass(eq=False)
class _Chunk:
    """Consecutive input articles whose records leave together, in order."""

    articles: list[Article]
    parts: dict[int, list[dict]] = field(default_factory=dict)  # first position -> records
    left: int = -1  # articles not yet annotated or given up

    def __post_init__(self) -> None:
        self.left = len(self.articles)

    def records(self) -> Iterator[dict]:
        for start in sorted(self.parts):
            yield from self.parts[start]


@dataclass(eq=False)
class _Task:
    """Articles ``chunk.articles[start:start + len(articles)]`` for one worker."""

    chunk: _Chunk
    start: int
    articles: list[Article]
    single: bool  # one article a unit (after a kill), else batches
    lost: int = 0  # workers lost on it before it finished anything


@dataclass(eq=False)
class _Worker:
    proc: Any  # multiprocessing.Process (of the chosen context)
    conn: Connection
    ready: bool = False
    task: _Task | None = None
    task_id: int = 0
    unit: tuple[int, int, float] | None = None  # lo, hi, deadline (monotonic)
    finished: int = 0  # articles of the task done
    killed_for: str | None = None  # why the watchdog killed it


class _Pool:
    """Worker processes, the queue of tasks not yet sent, and the watchdog's clock."""

    def __init__(
        self,
        n: int,
        context: Any,
        options: _Options,
        budget: float,
        report: Report,
        on_failed: OnFailed | None,
        memory: MemoryLog | None,
    ) -> None:
        self.context = context
        self.options = options
        self.budget = budget
        self.report = report
        self.on_failed = on_failed
        self.memory = memory
        self.queue: deque[_Task] = deque()
        self.start_failures = 0
        self.ids = itertools.count(1)
        self.workers = [self._spawn() for _ in range(n)]

    def _spawn(self) -> _Worker:
        ours, theirs = self.context.Pipe()
        proc = self.context.Process(
            target=_worker_main,
            args=(theirs, os.getpid(), self.options),
            daemon=True,
            name="dateline-worker",
        )
        proc.start()
        theirs.close()
        return _Worker(proc, ours)

    # -- one round: send, wait, read, watch ----------------------------------------------------

    def step(self) -> None:
        """Send queued tasks to idle workers, wait for news (or a deadline), act on it."""
        for worker in self.workers:
            if worker.ready and worker.task is None and self.queue:
                self._send(worker, self.queue.popleft())
        now = time.monotonic()
        timeout = POLL_S
        for worker in self.workers:
            if worker.unit is not None:
                timeout = min(timeout, max(0.0, worker.unit[2] - now))
        handles = [w.conn for w in self.workers] + [w.proc.sentinel for w in self.workers]
        ready = set(wait(handles, timeout))
        for i, worker in enumerate(list(self.workers)):
            alive = self._read(worker) if worker.conn in ready else True
            if not alive or worker.proc.sentinel in ready:
                self._read(worker)  # what it said before it died still counts
                self.workers[i] = self._replace(worker, "a worker process died annotating it")
            elif worker.unit is not None and time.monotonic() > worker.unit[2]:
                worker.killed_for = self._over_budget(worker)
                worker.proc.kill()
                self.workers[i] = self._replace(worker, worker.killed_for)

    def _send(self, worker: _Worker, task: _Task) -> None:
        worker.task, worker.task_id, worker.finished = task, next(self.ids), 0
        with suppress(OSError, ValueError):  # it died meanwhile: step() sees its sentinel
            worker.conn.send((worker.task_id, task.articles, task.single))

    def _read(self, worker: _Worker) -> bool:
        """Act on every message the worker has sent; False once its pipe is closed."""
        try:
            while worker.conn.poll():
                self._on_message(worker, worker.conn.recv())
        except (EOFError, OSError):
            return False
        return True

    def _on_message(self, worker: _Worker, message: tuple) -> None:
        kind = message[0]
        if kind == "ready":
            worker.ready = True
            self.start_failures = 0
            return
        if kind == "error":
            raise WorkerStartFailed(message[1], said=message[2])
        task = worker.task
        if task is None or message[1] != worker.task_id:  # pragma: no cover - a late message
            return
        if kind == "unit":
            _, _, lo, hi, started = message
            worker.unit = (lo, hi, started + self._limit(task.articles[lo:hi]))
        elif kind == "result":
            _, _, lo, hi, records, events, failed = message
            task.chunk.parts[task.start + lo] = records
            task.chunk.left -= hi - lo
            events.replay(self.report)
            for index, reason in failed:
                self._hand_over(task.articles[index], reason)
            worker.unit, worker.finished = None, hi
        elif kind == "unit_error":
            _, _, lo, hi, reason = message
            worker.unit = None
            self._requeue_unit(task, lo, hi, f"annotation failed ({reason})", "annotation failed")
            worker.finished = hi
        elif kind == "done":
            if self.memory is not None:
                sample = message[2]
                self.memory.setdefault(sample.pid, []).append(sample)
            worker.task = None

    def _limit(self, articles: list[Article]) -> float:
        chars = sum(len(a.text) for a in articles)
        return unit_limit(self.budget, self.options.max_chars, chars)

    def _over_budget(self, worker: _Worker) -> str:
        assert worker.unit is not None and worker.task is not None
        lo, hi, _ = worker.unit
        if hi - lo > 1:
            return f"a batch ran over its time ({self._limit(worker.task.articles[lo:hi]):g} s)"
        return (
            f"annotation ran over the time budget of {self.budget:g} s "
            "(raise it with --time-budget or DATELINE_TIME_BUDGET)"
        )

    # -- a worker lost --------------------------------------------------------------------------

    def _replace(self, worker: _Worker, reason: str) -> _Worker:
        """A new worker for a dead (or killed) one; its unfinished work goes back in the queue."""
        worker.proc.join(timeout=5)
        if worker.proc.is_alive():  # pragma: no cover - killed above, or dying already
            worker.proc.kill()
            worker.proc.join(timeout=5)
        worker.conn.close()
        if not worker.ready:
            self.start_failures += 1
            if self.start_failures >= MAX_START_FAILURES:
                raise WorkerStartFailed(f"{MAX_START_FAILURES} worker processes died loading it")
        if worker.task is not None:
            self._requeue(worker, reason)
        if worker.killed_for is None:
            log.debug(
                "worker %s died (exit code %s); starting another",
                worker.proc.pid,
                worker.proc.exitcode,
            )
        return self._spawn()

    def _requeue(self, worker: _Worker, reason: str) -> None:
        """The work of a lost worker: the batch it was in runs again one article at a time;
        the article it was on alone is given up if the watchdog killed it or if it is the
        second worker lost on it, else tried once more; the rest of its task goes back."""
        task = worker.task
        assert task is not None
        kind = "time budget" if worker.killed_for else "worker died"
        rest = worker.finished
        if worker.unit is not None:
            lo, hi, _ = worker.unit
            rest = hi
            if hi - lo > 1:
                self._put_first(_Task(task.chunk, task.start + lo, task.articles[lo:hi], True))
            elif worker.killed_for or task.lost + 1 >= MAX_LOST:
                self._give_up(task.chunk, task.articles[lo], reason, kind)
            else:
                one = task.articles[lo : lo + 1]
                self._put_first(_Task(task.chunk, task.start + lo, one, True, task.lost + 1))
        if rest < len(task.articles):
            # Lost before it finished anything, outside any unit: count it against the task.
            lost = task.lost + 1 if worker.unit is None and worker.finished == 0 else 0
            again = _Task(task.chunk, task.start + rest, task.articles[rest:], task.single, lost)
            if lost >= MAX_LOST:
                for article in again.articles:
                    self._give_up(again.chunk, article, reason, kind)
            else:
                self._put_first(again)

    def _requeue_unit(self, task: _Task, lo: int, hi: int, reason: str, kind: str) -> None:
        """A unit whose annotation raised: a batch runs again one article at a time, a
        single article is given up."""
        if hi - lo > 1:
            self._put_first(_Task(task.chunk, task.start + lo, task.articles[lo:hi], True))
        else:
            self._give_up(task.chunk, task.articles[lo], reason, kind)

    def _put_first(self, task: _Task) -> None:
        # Tasks of earlier chunks go before those of later ones: the head chunk holds up the
        # output, and within a chunk the order of the positions does not matter.
        self.queue.appendleft(task)

    def _give_up(self, chunk: _Chunk, article: Article, reason: str, kind: str) -> None:
        self.report.reject(article.origin or article.id, reason, kind)
        self._hand_over(article, reason)
        chunk.left -= 1

    def _hand_over(self, article: Article, reason: str) -> None:
        if self.on_failed is not None:
            self.on_failed(article, reason)

    def drain(self, seconds: float = 5.0) -> None:
        """Read what workers still have to say after their last records (the task's memory
        sample comes after its records), waiting at most ``seconds``."""
        deadline = time.monotonic() + seconds
        while busy := [w for w in self.workers if w.task is not None]:
            left = deadline - time.monotonic()
            if left <= 0:
                return
            for worker in wait([w.conn for w in busy], left):
                match = next(w for w in busy if w.conn is worker)
                if not self._read(match):
                    match.task = None  # gone: nothing more to read

    def close(self, clean: bool) -> None:
        """Stop every worker: told to exit when ``clean``, killed otherwise (and if slow)."""
        for worker in self.workers:
            if clean and worker.task is None:
                with suppress(OSError, ValueError):
                    worker.conn.send(None)
            else:
                worker.proc.kill()
        for worker in self.workers:
            worker.proc.join(timeout=5)
            if worker.proc.is_alive():
                worker.proc.kill()
                worker.proc.join(timeout=5)
            worker.conn.close()


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
    time_budget: float | None = None,
    on_failed: OnFailed | None = None,
    setup: Setup | None = None,
) -> Iterator[dict]:
    """Annotate ``articles`` in ``workers`` watched processes; yield their records in input order.

    Articles whose id is in ``done`` are skipped (resuming). Bad articles are
    reported to ``report``, skipped and counted, as with :func:`dateline.extract`.
    ``time_budget`` (seconds; default: the ``time_budget`` setting, 0 for none)
    bounds each article: a worker over it is killed, its batch runs again one
    article at a time and an article over it alone is reported and passed to
    ``on_failed`` with the reason, as is one whose annotation raised or whose
    worker died twice. ``memory`` (if given) collects each worker's resident
    memory after every chunk. ``bare`` runs the spaCy model alone (the benchmark
    baseline). ``setup`` is called in each worker with its loaded pipeline.
    """
    from dateline import settings

    check_model(model)
    report = report if report is not None else Report()
    batch_size = batch_size or int(settings.get("batch_size"))
    max_chars = max_chars or int(settings.get("max_chars"))
    budget = time_budget_setting() if time_budget is None else max(0.0, time_budget)
    chunk_size = chunk_size or batch_size * BATCHES_PER_CHUNK
    todo = (a for a in articles if a.id not in done)
    chunks = iter(lambda: list(islice(todo, chunk_size)), [])
    options = _Options(model, bare, batch_size, max_chars, setup)
    context = multiprocessing.get_context(start_method)
    pool = _Pool(workers, context, options, budget, report, on_failed, memory)
    order: deque[_Chunk] = deque()
    read_all = clean = False
    try:
        while True:
            while not read_all and len(order) < workers * IN_FLIGHT_PER_WORKER:
                articles_ = next(chunks, None)
                if articles_ is None:
                    read_all = True
                    break
                order.append(_Chunk(articles_))
                pool.queue.append(_Task(order[-1], 0, articles_, False))
            while order and order[0].left == 0:
                yield from order.popleft().records()
            if not order:
                pool.drain()
                clean = True
                return
            if _STOP.is_set():
                left = sum(c.left for c in order)
                log.warning("stopped: %d articles read were not annotated", left)
                return
            pool.step()
    finally:
        pool.close(clean)


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
