"""A person's path through the web UI in a real browser: search -> speaker -> article.

Playwright drives Debian's chromium (``make test`` installs it via scripts/system-deps.sh;
never ``playwright install``). A screenshot of each page is kept in test-artifacts/web/.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import pytest

from dateline.store import open_store
from dateline.web import create_app
from store_records import lavrov
from test_web_api import EVIL_TEXT, evil, putin

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "web"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="browser tests need Debian's chromium at /usr/bin/chromium "
    "(installed by `make test` through scripts/system-deps.sh)",
)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright's launch arguments, pointed at Debian's chromium (SETUP-NOTES)."""
    args = [
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-sync",
    ]
    if os.geteuid() == 0:
        args.append("--no-sandbox")  # Chromium refuses to start its sandbox as root
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": args}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def live_url(tmp_path_factory):
    """`dateline serve`'s app on a free 127.0.0.1 port, in a thread, stopped afterwards."""
    import uvicorn

    db = tmp_path_factory.mktemp("browser") / "kb.db"
    with open_store(db) as store:
        store.add_records([lavrov("a1"), lavrov("a2", "2008-06-02"), putin(), evil()])
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_search_then_speaker_then_article(page, live_url):
    from playwright.sync_api import expect

    failed: list[str] = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    outside: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(live_url) else outside.append(r.url))
    console_errors: list[str] = []  # a Content-Security-Policy violation would show here
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)

    page.goto(live_url + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Who said what")
    expect(page.locator(".figures")).to_contain_text("articles")
    shot(page, "1-home")

    page.get_by_label("Words").fill("independence of Kosovo")
    page.get_by_label("Words").press("Enter")
    expect(page).to_have_url(f"{live_url}/search?q=independence+of+Kosovo&speaker=")
    hits = page.locator(".hits ol.quotes > li")
    expect(hits).to_have_count(2)
    expect(hits.first).to_contain_text("We will continue to oppose the independence of Kosovo.")
    expect(page.locator(".facet").first).to_contain_text("Sergei Lavrov")
    shot(page, "2-search")

    hits.first.get_by_role("link", name="Sergei Lavrov").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sergei Lavrov")
    expect(page.locator(".titles")).to_contain_text("Russian Foreign Minister")
    chart = page.locator("svg.timeline")
    expect(chart).to_be_visible()
    expect(chart.locator("a rect.kind-direct").first).to_be_visible()  # bars link to quotes
    expect(page.locator(".network")).to_contain_text("Vladimir Putin")  # quoted about him
    shot(page, "3-speaker")

    expect(page.locator(".entity-quotes ol.quotes > li")).to_have_count(2)
    page.locator('.entity-quotes blockquote a[href="/article/a1#q1"]').click()
    expect(page).to_have_url(f"{live_url}/article/a1#q1")
    quote = page.locator("mark.quote#q1")
    expect(quote).to_have_text("We will continue to oppose the independence of Kosovo.")
    card = page.locator("#quote-card")
    expect(card).to_be_visible()  # opened at #q1
    expect(card).to_contain_text("Sergei Lavrov")
    expect(card).to_contain_text("2008-04-01")
    expect(page.locator("#text .timex")).to_have_text("Tuesday")
    shot(page, "4-article")

    assert not failed, failed  # every script and stylesheet loaded
    assert not outside, outside  # and nothing was asked of another server
    assert not console_errors, console_errors


def test_hovering_a_quote_shows_its_attribution(page, live_url):
    from playwright.sync_api import expect

    page.goto(live_url + "/article/p1")
    card = page.locator("#quote-card")
    expect(card).to_be_hidden()
    page.locator("mark.quote#q2").hover()
    expect(card).to_be_visible()
    expect(card).to_contain_text("Vladimir Putin")
    expect(card).to_contain_text("added")
    expect(card).to_contain_text("2008-04-05")
    expect(page.locator("mark.quote#q2")).to_have_class("quote quote-indirect active")
    page.locator("mark.quote#q1").focus()  # keyboard users get the same card
    expect(card).to_contain_text("said")
    expect(card).to_contain_text("2008-04-04")
    shot(page, "5-article-hover")


def test_untrusted_article_runs_nothing(page, live_url):
    from playwright.sync_api import expect

    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(live_url + "/article/evil%3C1%3E")
    text = page.locator("#text")
    expect(text).to_have_text(EVIL_TEXT)  # the markup is shown as the characters it is
    expect(page.get_by_role("heading", level=1)).to_have_text("<script>alert(6)</script> headline")
    assert page.locator("#text img, #text svg, #text script").count() == 0
    page.locator("mark.quote").first.hover()
    page.get_by_text("click here").click()  # a javascript: link in the text is not a link
    expect(page).to_have_url(f"{live_url}/article/evil%3C1%3E")
    assert dialogs == []
    shot(page, "6-untrusted-article")


def test_error_page_is_clear(page, live_url):
    from playwright.sync_api import expect

    response = page.goto(live_url + "/entity/no-such-person")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_contain_text("404")
    expect(page.locator(".message")).to_contain_text("no-such-person")
    shot(page, "7-not-found")
