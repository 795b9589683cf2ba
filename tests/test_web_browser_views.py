"""The analysts' views in a real browser (Playwright + Debian's chromium, as
tests/test_web_browser.py): an entity page, a claim card, the compare page, a CSV download,
and the article page on a phone (390x844). Screenshots go to test-artifacts/web/."""

from __future__ import annotations

import csv
import threading
import time

import pytest

from dateline.store import open_store
from dateline.web import create_app
from store_records import lavrov
from test_claims import story
from test_syndication import OTHER
from test_web_api import evil, putin
from test_web_browser import _free_port, browser_type_launch_args, pytestmark, shot  # noqa: F401

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def live_url(tmp_path_factory):
    import uvicorn

    db = tmp_path_factory.mktemp("browser-views") / "kb.db"
    with open_store(db) as store:
        store.add_records(
            [lavrov("a1"), lavrov("a2", "2008-05-02"), putin(), evil(),
             story("star", "Star", "2024-05-02"), story("post", "Post", "2024-05-01"),
             story("rain", "Star", "2024-05-01", OTHER)]
        )  # fmt: skip
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


def entity_id(page, live_url: str, name: str) -> int:
    rows = page.request.get(f"{live_url}/api/entities", params={"q": name}).json()["entities"]
    return next(e["id"] for e in rows if e["name"] == name)


def watch(page, live_url: str) -> list[str]:
    """Problems seen while the page runs: failed loads, other servers, console errors."""
    problems: list[str] = []
    page.on("requestfailed", lambda r: problems.append(f"failed {r.url}"))
    page.on(
        "request",
        lambda r: None if r.url.startswith(live_url) else problems.append(f"outside {r.url}"),
    )
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    return problems


def test_entity_page_of_a_place_never_quoted(page, live_url):
    from playwright.sync_api import expect

    problems = watch(page, live_url)
    mid = entity_id(page, live_url, "Moscow")
    page.goto(f"{live_url}/entity/{mid}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Moscow")
    chart = page.locator("svg.attention")
    expect(chart).to_be_visible()
    expect(chart.locator("circle")).to_have_count(2)
    expect(page.locator(".entity-articles ol.articles > li")).to_have_count(3)
    page.locator("details.figures summary").first.click()
    expect(page.locator("table.attention-table tbody tr")).to_have_count(2)
    shot(page, "views-1-entity")
    page.locator(".network li", has_text="Vladimir Putin").locator("a.count").click()
    expect(page).to_have_url(
        f"{live_url}/entity/{mid}?with={entity_id(page, live_url, 'Vladimir Putin')}#articles"
    )
    expect(page.locator(".entity-articles ol.articles > li")).to_have_count(1)
    expect(page.locator(".entity-articles h2")).to_contain_text("also mention Vladimir Putin")
    assert not problems, problems


def test_claim_card(page, live_url):
    from playwright.sync_api import expect

    problems = watch(page, live_url)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(f"{live_url}/search?source=Star")
    card = page.locator("li.claim").first
    expect(card.locator(".kwic.before")).to_contain_text("told reporters that")
    expect(card.locator("a.claim-quote")).to_have_text("further moves would depend on the data")
    expect(card).to_contain_text("(Central bank governor)")
    expect(card.locator(".carried")).to_contain_text(
        "Also carried by 1 outlet, earliest first: Post"
    )
    card.locator("details.cite summary").click()
    text = card.locator("textarea").first
    expect(text).to_be_visible()
    expected = page.request.get(f"{live_url}/api/search?source=Star").json()["quotes"][0]
    expect(text).to_have_value(expected["citation"])
    assert expected["citation"].startswith(
        "Governor Ann Lee (Central bank governor), told: “further moves would depend on the "
        "data”. “Star: rates up”, Star, 2024-05-02. https://star.example/star [Dateline quote star:"
    )
    card.get_by_role("button", name="Copy text").click()
    expect(card.get_by_role("button", name="Copied")).to_be_visible()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == text.input_value()
    shot(page, "views-2-claim-card")
    assert not problems, problems


def test_compare_page(page, live_url):
    from playwright.sync_api import expect

    problems = watch(page, live_url)
    page.goto(f"{live_url}/compare?e=Moscow&e=Putin&t=Kosovo")
    expect(page.locator("svg.attention polyline")).to_have_count(3)
    expect(page.locator("ul.legend li")).to_have_count(3)
    expect(page.locator("ul.legend")).to_contain_text("Vladimir Putin")
    page.locator("details.figures summary").click()
    expect(page.locator("table.attention-table thead th")).to_have_count(5)
    shot(page, "views-3-compare")
    assert not problems, problems


def test_csv_download(page, live_url, tmp_path):
    page.goto(f"{live_url}/search?q=Kosovo")
    with page.expect_download() as info:
        page.locator("a.download-csv").click()
    download = info.value
    assert download.suggested_filename == "dateline-quotes.csv"
    path = tmp_path / "quotes.csv"
    download.save_as(path)
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert [r["article"] for r in rows] == ["a2", "a1"]
    assert {"url", "title", "cue", "date_from", "speaker_title"} <= set(rows[0])


def test_phone_tap_selects_the_quote_and_shows_its_card_in_view(browser, live_url):
    from playwright.sync_api import expect

    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    page = context.new_page()
    try:
        page.goto(f"{live_url}/article/p1")
        card = page.locator("#quote-card")
        expect(card).to_be_hidden()
        name = page.locator("mark.quote#q2 a.entity")  # "Lavrov", a link inside the quote
        name.tap()
        expect(page).to_have_url(f"{live_url}/article/p1")  # the tap selected the quote
        expect(card).to_be_visible()
        expect(card).to_contain_text("Vladimir Putin")
        expect(page.locator("mark.quote#q2")).to_have_class("quote quote-indirect active")
        box = card.bounding_box()
        assert box and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"] + 1
        shot(page, "views-4-phone-card")
        card.get_by_role("button", name="Close").tap()
        expect(card).to_be_hidden()
        name.tap()  # selects again
        expect(card).to_be_visible()
        name.tap()  # the quote is selected: now the name's link is followed
        expect(page).to_have_url(f"{live_url}/entity/{entity_id(page, live_url, 'Sergei Lavrov')}")
    finally:
        context.close()
