"""Limits on what one request may ask for, so that no visitor can make a page unbounded."""

from __future__ import annotations

#: Results on one page unless ``size`` asks for another number.
PAGE_SIZE = 20
#: Most results on one page (``size``).
MAX_PAGE_SIZE = 100
#: Highest page number: deep paging is an unbounded scan; narrow the search instead.
MAX_PAGE = 500
#: Longest search text, speaker, source or topic (characters).
MAX_QUERY_CHARS = 200
#: Longest article or entity id in a URL (characters).
MAX_ID_CHARS = 300
#: Latest quotes on the home page.
LATEST_QUOTES = 10
#: Co-mentioned entities listed on an entity page.
NETWORK_SIZE = 15
#: Quotes about an entity shown on its page (the rest: a search link).
ABOUT_QUOTES = 10
#: Matches a total counts up to (quotes or articles of a search); beyond it the page says
#: "more than" this many.
COUNT_CAP = 1_000_000
#: Matching articles listed beside the quotes of a full-text search.
ARTICLE_HITS = 10
#: Facet values listed per facet on the search page.
FACET_VALUES = 10
#: Pages the page cache keeps, and their total and largest size (bytes).
CACHE_ENTRIES = 2_000
CACHE_BYTES = 64_000_000
CACHE_ENTRY_BYTES = 1_000_000
#: For a store on a server (PostgreSQL), whose changes a file cannot show: seconds a page
#: is replayed before it is made again.
CACHE_WINDOW_S = 5
#: Threads of one server process that read downloads' later chunks (pages are made on the
#: event loop itself: ``dateline.web.routes``). Views are Python and SQLite work that holds
#: the GIL: more threads only take turns, and 40 (the thread pool's default) spent more CPU
#: on switching than on pages (docs/web.md, "Measuring").
VIEW_THREADS = 1
#: Aggregates a server thread keeps until the store changes (``dateline.web.memo``): a
#: search's total and facets, an entity's networks and timelines, each one entry.
MEMO_ENTRIES = 5_000
