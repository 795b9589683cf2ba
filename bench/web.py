"""Load on `dateline serve`: requests/s and latency per page kind (target p95 < 200 ms).

    python bench/web.py [--db PATH] [--clients 50] [--seconds 10]
    python bench/web.py --reuters 1000        # a store of the first 1,000 Reuters-21578 stories
    python bench/web.py --reuters 2000 --ab --no-cache   # uncached, measured by ApacheBench
    python bench/web.py --reuters 2000 --ab --no-cache --ref HEAD~3   # before / after

With ``--ab`` the load comes from ApacheBench (``ab``, Debian's apache2-utils, installed by
scripts/system-deps.sh), an independent client: ``--clients`` concurrent connections on a
few URLs of each page kind (home, entity, search, compare), ``--requests`` each; a new
connection a request unless ``--keep-alive`` (``ab -k``). ``--ref REF`` serves the code of a
git commit too (``git archive REF src``, first on ``PYTHONPATH``) and loads both servers
URL by URL, one after the other, so that both tables see the same machine load.

The server runs as `dateline serve` in a subprocess on a free 127.0.0.1 port and is stopped at
the end; the load goes to 127.0.0.1 only, for a bounded time. Without --db the demo store is
built first from the bundled Wikinews sample (`dateline ingest`, once, into build/demo.db).
The URLs (entities, articles, search words) are taken from the server's own JSON API.
Client and server share this machine's cores, so the figures are an upper bound on latency.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, urlencode

import httpx

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SAMPLE = ROOT / "data" / "sample" / "wikinews" / "articles.jsonl"
DEMO_DB = ROOT / "build" / "demo.db"
REUTERS = ROOT.parent / "shared" / "data" / "corpora" / "reuters21578" / "reuters21578.jsonl"
DATELINE = [sys.executable, "-c", "from dateline.cli import main; main()"]
#: The latency every page kind should stay under at the 95th percentile.
TARGET_P95_MS = 200.0
#: Longest wait for the server to answer after it starts (it imports spaCy).
START_TIMEOUT_S = 120
#: A request that takes longer counts as an error.
REQUEST_TIMEOUT_S = 30
#: Words searched for: common news words, so that searches return pages of results.
WORDS = [
    "said", "government", "minister", "president", "year", "market", "police", "people",
    "company", "bank", "trade", "oil", "prices", "court", "election", "war", "talks", "report",
    "week", "billion", "percent", "state", "party", "leader", "official", "foreign", "new",
    "first", "told", "country",
]  # fmt: skip


def ingest(sources: list[Path], db: Path, extra: list[str] = ()) -> None:
    db.parent.mkdir(parents=True, exist_ok=True)
    print(f"building {db} from {', '.join(map(str, sources))} ...", flush=True)
    started = time.perf_counter()
    subprocess.run([*DATELINE, "-q", "ingest", *map(str, sources), "--db", str(db), *extra],
                   check=False)  # fmt: skip
    print(f"built in {time.perf_counter() - started:.0f} s", flush=True)


def migrate(db: Path) -> None:
    """Bring a store this script built up to the current schema (the server only reads)."""
    from dateline.store import open_store

    open_store(db).close()


def reuters_store(limit: int, data: Path) -> Path | None:
    if not data.exists():
        print(f"web bench: no Reuters-21578 at {data}; skipped")
        return None
    db = ROOT / "build" / f"reuters-{limit}.db"
    if not db.exists():
        with tempfile.TemporaryDirectory() as tmp:
            head = Path(tmp) / "reuters.jsonl"
            with data.open(encoding="utf-8") as src, head.open("w", encoding="utf-8") as out:
                for i, line in enumerate(src):
                    if i >= limit:
                        break
                    out.write(line)
            ingest([head], db, ["--source", "Reuters", "--field", "published=date"])
    return db


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(
    db: Path, port: int, workers: int, cache: bool, src: Path | None = None
) -> subprocess.Popen:
    """``dateline serve`` on ``port``; ``src``: a folder whose ``dateline`` package is served
    instead of the installed one (first on ``PYTHONPATH``)."""
    command = [*DATELINE, "-q", "serve", "--db", str(db), "--port", str(port)]
    command += ["--workers", str(workers), "--cache" if cache else "--no-cache"]
    env = None
    if src is not None:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(
            [str(src), *filter(None, [os.environ.get("PYTHONPATH")])])}  # fmt: skip
    proc = subprocess.Popen(command, env=env)
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"web bench: the server exited with status {proc.returncode}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/home", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    proc.terminate()
    raise SystemExit("web bench: the server did not answer in time")


def urls_by_kind(base: str) -> dict[str, list[str]]:
    """Many URLs of each page kind, found through the server's own API.

    Wide on purpose (hundreds of entities, articles and searches), so that the page cache
    serves what a crowd of readers would repeat, not one page over and over.
    """

    def get(path: str, **params) -> dict:
        return httpx.get(f"{base}{path}", params=params, timeout=60).json()

    home = get("/api/home")
    entity_ids: list = [e["id"] for e in home["top_speakers"]]
    for page in range(1, 4):
        entity_ids += [e["id"] for e in get("/api/entities", size=100, page=page)["entities"]]
    articles = {q["article_id"] for q in home["latest"]}
    for word in WORDS:
        articles |= {a["id"] for a in get("/api/search", q=word)["articles"]}
    articles = sorted(articles)
    names = [e["name"] for e in home["top_speakers"]]
    searches = [urlencode({"q": w}) for w in WORDS]
    searches += [urlencode({"q": w, "page": 2}) for w in WORDS]
    searches += [urlencode({"q": w, "kind": k}) for w in WORDS for k in ("direct", "indirect")]
    searches += [urlencode({"speaker": n}) for n in names]
    kinds = {
        "home": ["/"],
        "search": [f"/search?{q}" for q in searches],
        "entity": [f"/entity/{i}" for i in dict.fromkeys(entity_ids)],
        "article": [f"/article/{quote(a, safe='')}" for a in articles],
        "api_search": [f"/api/search?{q}" for q in searches],
        "api_entity": [f"/api/entities/{i}" for i in dict.fromkeys(entity_ids)],
        "api_article": [f"/api/articles/{quote(a, safe='')}" for a in articles],
    }
    return {k: v for k, v in kinds.items() if v}


class Connection:
    """One keep-alive HTTP/1.1 connection that GETs a path and reads the whole response.

    Deliberately minimal (Content-Length and chunked bodies): a full client library costs
    more CPU per request than the pages it measures, on cores the server shares.
    """

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> tuple[int, bool]:
        """(status, whether the page cache answered)."""
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        request = f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n\r\n"
        self.writer.write(request.encode("ascii"))
        await self.writer.drain()
        head = (await self.reader.readuntil(b"\r\n\r\n")).decode("latin-1").lower()
        status = int(head.split(" ", 2)[1])
        if "content-length:" in head:
            length = int(head.split("content-length:", 1)[1].split("\r\n", 1)[0])
            await self.reader.readexactly(length)
        else:  # chunked
            while size := int((await self.reader.readuntil(b"\r\n")).strip(), 16):
                await self.reader.readexactly(size + 2)
            await self.reader.readuntil(b"\r\n")
        if "connection: close" in head:
            await self.close()
        return status, "x-dateline-cache: hit" in head

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.reader = self.writer = None


async def load(base: str, kinds: dict[str, list[str]], clients: int, seconds: float) -> dict:
    """``clients`` concurrent loops, each requesting a random page until time is up."""
    timings: dict[str, list[float]] = {k: [] for k in kinds}
    errors: dict[str, int] = {k: 0 for k in kinds}
    hits: dict[str, int] = {k: 0 for k in kinds}
    names = list(kinds)
    stop = time.monotonic() + seconds
    url = httpx.URL(base)

    async def client(seed: int) -> None:
        rnd = random.Random(seed)
        conn = Connection(url.host, url.port)
        while time.monotonic() < stop:
            kind = names[rnd.randrange(len(names))]
            path = kinds[kind][rnd.randrange(len(kinds[kind]))]
            started = time.perf_counter()
            try:
                status, hit = await asyncio.wait_for(conn.get(path), REQUEST_TIMEOUT_S)
                ok = status == 200
            except (OSError, ValueError, asyncio.IncompleteReadError, TimeoutError):
                ok, hit = False, False
                await conn.close()
            timings[kind].append((time.perf_counter() - started) * 1000)
            errors[kind] += not ok
            hits[kind] += hit
        await conn.close()

    started = time.perf_counter()
    await asyncio.gather(*(client(i) for i in range(clients)))
    elapsed = time.perf_counter() - started
    return {"elapsed": elapsed, "timings": timings, "errors": errors, "hits": hits}


def percentile(values: list[float], q: float) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[round(q) - 1]


def report(label: str, result: dict, clients: int) -> bool:
    elapsed = result["elapsed"]
    total = sum(len(t) for t in result["timings"].values())
    print(f"\n{label}: {clients} clients for {elapsed:.1f} s, {total} requests, "
          f"{total / elapsed:.1f} requests/s (target p95 < {TARGET_P95_MS:.0f} ms)")  # fmt: skip
    head = ("page kind", "urls", "requests", "req/s", "p50 ms", "p95 ms", "cached", "errors")
    row = "  {:<12} {:>5} {:>8} {:>7} {:>8} {:>8} {:>7} {:>6}"
    print(row.format(*head))
    ok = True
    for kind, times in result["timings"].items():
        p50, p95 = percentile(times, 50), percentile(times, 95)
        ok = ok and p95 < TARGET_P95_MS and not result["errors"][kind]
        cached = f"{100 * result['hits'][kind] / max(len(times), 1):.0f}%"
        print(row.format(kind, result["urls"][kind], len(times), f"{len(times) / elapsed:.1f}",
                         f"{p50:.1f}", f"{p95:.1f}", cached, result["errors"][kind]))  # fmt: skip
    every = [t for times in result["timings"].values() for t in times]
    cached = f"{100 * sum(result['hits'].values()) / max(len(every), 1):.0f}%"
    p50, p95 = percentile(every, 50), percentile(every, 95)
    print(row.format("all", sum(result["urls"].values()), len(every),
                     f"{len(every) / elapsed:.1f}", f"{p50:.1f}", f"{p95:.1f}", cached,
                     sum(result["errors"].values())))  # fmt: skip
    if result.get("server_cpu_s"):
        per_request = 1000 * result["server_cpu_s"] / max(len(every), 1)
        print(f"  server CPU: {result['server_cpu_s']:.1f} s, {per_request:.2f} ms a request "
              f"(one free core would serve about {1000 / per_request:.0f} requests/s)")  # fmt: skip
    print(f"  machine load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"  p95 under {TARGET_P95_MS:.0f} ms for every page kind: {'yes' if ok else 'NO'}")
    return ok


#: Requests ApacheBench sends to each URL (after a warm-up of a tenth as many).
AB_REQUESTS = 500


def ab_urls(base: str) -> dict[str, list[str]]:
    """A few URLs of each page kind the issue measures, from the server's own API: the most
    quoted speaker's and the most mentioned place's pages, common words, two entities and a
    term compared."""

    def get(path: str, **params) -> dict:
        return httpx.get(f"{base}{path}", params=params, timeout=60).json()

    home = get("/api/home")
    speaker = home["top_speakers"][0]["id"]
    place = get("/api/entities", type="GPE", size=1)["entities"][0]["id"]
    other = home["top_speakers"][1]["id"] if len(home["top_speakers"]) > 1 else place
    return {
        "home": ["/"],
        "entity": [f"/entity/{speaker}", f"/entity/{place}"],
        "search": ["/search?q=said", "/search?q=oil&page=2", "/search?q=bank&sort=oldest"],
        "compare": [f"/compare?e={speaker}&e={place}", f"/compare?e={other}&t=oil"],
    }


def ab_run(url: str, clients: int, requests: int, keep_alive: bool = False) -> dict:
    """One ApacheBench run: p50, p95, p99 (ms), requests/s and failures."""
    warm = max(requests // 10, clients)
    ab = ["ab", "-q", *(["-k"] if keep_alive else []), "-c", str(clients)]
    subprocess.run([*ab, "-n", str(warm), url], capture_output=True, check=False)
    out = subprocess.run(
        [*ab, "-n", str(requests), url],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    figures: dict = {"sent": warm + requests}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0] in ("50%", "95%", "99%"):
            figures[f"p{parts[0][:-1]}"] = float(parts[1])
        elif line.startswith("Requests per second:"):
            figures["rps"] = float(parts[3])
        elif line.startswith(("Failed requests:", "Non-2xx responses:")):
            figures["failed"] = figures.get("failed", 0) + int(parts[-1])
    return figures


def code_at(ref: str, into: Path) -> Path:
    """The ``src`` folder of git commit ``ref`` (``git archive``), extracted under ``into``."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref, "src"],
                             capture_output=True, check=False)  # fmt: skip
    if archive.returncode:
        raise SystemExit(f"web bench: git archive {ref}: {archive.stderr.decode().strip()}")
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
    return into / "src"


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()


def run_ab(
    db: Path, clients: int, requests: int, label: str, workers: int, cache: bool,
    ref: str | None = None, keep_alive: bool = False,
) -> dict:  # fmt: skip
    """Each URL of :func:`ab_urls` under ApacheBench; the worst p95 per kind is the figure.
    With ``ref``: the code of that commit too, URL by URL after this tree's."""
    codes: list[tuple[str, Path | None]] = [("this tree", None)]
    results: dict[str, dict[str, list]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        if ref:
            codes.insert(0, (ref, code_at(ref, Path(tmp))))
        servers = {}
        try:
            for name, src in codes:
                port = free_port()
                servers[name] = (start_server(db, port, workers, cache, src), port)
                results[name] = {}
            first = next(iter(servers.values()))[1]
            for kind, urls in ab_urls(f"http://127.0.0.1:{first}").items():
                for u in urls:
                    for name, (server, port) in servers.items():
                        before = server_cpu_seconds(server.pid)
                        figures = ab_run(f"http://127.0.0.1:{port}{u}", clients, requests,
                                         keep_alive)  # fmt: skip
                        after = server_cpu_seconds(server.pid)
                        if before is not None and after is not None:  # over the warm-up too
                            figures["cpu_ms"] = 1000 * (after - before) / figures["sent"]
                        results[name].setdefault(kind, []).append((u, figures))
        finally:
            for server, _ in servers.values():
                stop(server)
    setup = (
        f"{workers} server process{'es' if workers > 1 else ''}, cache {'on' if cache else 'off'}"
    )
    flags = f"-c {clients} -n {requests}{' -k' if keep_alive else ''}"
    for name, by_kind in results.items():
        print(f"\n{label} ({setup}), code: {name}; ab {flags} per URL "
              f"(target p95 < {TARGET_P95_MS:.0f} ms)")  # fmt: skip
        row = "  {:<8} {:<36} {:>7} {:>7} {:>7} {:>7} {:>6} {:>7}"
        print(row.format("kind", "url", "req/s", "p50 ms", "p95 ms", "p99 ms", "failed", "CPU ms"))
        ok = True
        for kind, runs in by_kind.items():
            for url, f in runs:
                ok = ok and f.get("p95", float("inf")) < TARGET_P95_MS and not f.get("failed")
                cpu = f"{f['cpu_ms']:.1f}" if "cpu_ms" in f else "?"
                figs = [f.get(k, "?") for k in ("p50", "p95", "p99")]
                print(row.format(kind, url[:36], f"{f.get('rps', 0):.1f}", *figs,
                                 f.get("failed", 0), cpu))  # fmt: skip
        print(f"  p95 under {TARGET_P95_MS:.0f} ms for every URL: {'yes' if ok else 'NO'}")
    print(f"  machine load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print("  CPU ms: server CPU time per request (all its processes), the figure that does not")
    print("  depend on what else the machine runs; 1000 / CPU ms is one free core's pages a second")
    return results


def server_cpu_seconds(pid: int) -> float | None:
    """CPU seconds used so far by the server and its worker processes (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    total, pending = 0.0, [pid]
    try:
        while pending:
            p = pending.pop()
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick  # utime + stime
            children = Path(f"/proc/{p}/task/{p}/children").read_text().split()
            pending += [int(c) for c in children]
    except (OSError, ValueError, IndexError):
        return None
    return total


def run(db: Path, clients: int, seconds: float, label: str, workers: int, cache: bool) -> dict:
    port = free_port()
    server = start_server(db, port, workers, cache)
    try:
        base = f"http://127.0.0.1:{port}"
        kinds = urls_by_kind(base)
        asyncio.run(load(base, kinds, min(clients, 4), min(2.0, seconds)))  # warm the server
        cpu_before = server_cpu_seconds(server.pid)
        result = asyncio.run(load(base, kinds, clients, seconds))
        cpu_after = server_cpu_seconds(server.pid)
        result["urls"] = {k: len(v) for k, v in kinds.items()}
        if cpu_before is not None and cpu_after is not None:
            result["server_cpu_s"] = cpu_after - cpu_before
    finally:
        stop(server)
    setup = (
        f"{workers} server process{'es' if workers > 1 else ''}, cache {'on' if cache else 'off'}"
    )
    report(f"{label} ({setup})", result, clients)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="a knowledge base (default: build/demo.db)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=1, help="dateline serve --workers")
    parser.add_argument("--no-cache", dest="cache", action="store_false",
                        help="serve without the page cache (serve --no-cache)")  # fmt: skip
    parser.add_argument("--reuters", type=int, metavar="N",
                        help="also load a store of the first N Reuters-21578 stories")  # fmt: skip
    parser.add_argument("--data", type=Path, default=REUTERS, help="the Reuters-21578 JSONL")
    parser.add_argument("--json", action="store_true", help="print the raw figures as JSON")
    parser.add_argument("--ab", action="store_true",
                        help="load with ApacheBench (ab) on the home, entity, search and "
                        "compare pages instead of this script's own client")  # fmt: skip
    parser.add_argument("--requests", type=int, default=AB_REQUESTS,
                        help="--ab: requests per URL")  # fmt: skip
    parser.add_argument("--ref", metavar="GIT_REF",
                        help="--ab: also serve the code of this commit, loaded URL by URL "
                        "beside this tree's (before / after in one run)")  # fmt: skip
    parser.add_argument("--keep-alive", action="store_true",
                        help="--ab: keep connections open (ab -k), as browsers do")  # fmt: skip
    args = parser.parse_args()
    if not 1 <= args.clients <= 200 or not 0 < args.seconds <= 120:
        parser.error("--clients must be 1-200 and --seconds at most 120 (a bounded load)")
    stores = []
    if args.db:
        if not args.db.exists():
            parser.error(f"no knowledge base at {args.db}")
        stores.append((args.db, f"store {args.db}"))
    elif not args.reuters:
        if not DEMO_DB.exists():
            ingest([SAMPLE], DEMO_DB)
        migrate(DEMO_DB)
        stores.append((DEMO_DB, "demo store (Wikinews sample)"))
    if args.reuters:
        db = reuters_store(args.reuters, args.data)
        if db:
            migrate(db)
            stores.append((db, f"Reuters-21578 store ({args.reuters} stories)"))
    results = {}
    if (args.ref or args.keep_alive) and not args.ab:
        parser.error("--ref and --keep-alive go with --ab")
    if args.ab:
        if not shutil.which("ab"):
            parser.error("--ab needs ApacheBench: bash scripts/system-deps.sh installs it")
        for db, label in stores:
            run_ab(db, args.clients, args.requests, label, args.workers, args.cache,
                   args.ref, args.keep_alive)  # fmt: skip
        return 0
    for db, label in stores:
        results[label] = run(db, args.clients, args.seconds, label, args.workers, args.cache)
    if args.json:
        summary = {
            label: {kind: {"n": len(t), "p50": percentile(t, 50), "p95": percentile(t, 95)}
                    for kind, t in r["timings"].items()}
            for label, r in results.items()
        }  # fmt: skip
        print(json.dumps(summary, indent=1))
    return 0  # timing is measured and printed, not gated


if __name__ == "__main__":
    sys.exit(main())
