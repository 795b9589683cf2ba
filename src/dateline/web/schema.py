"""The shapes of the JSON API, for ``/openapi.json``.

They document what :mod:`dateline.web.views` returns; responses are not re-validated
against them (the views build plain dicts; validating every response would only cost time).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class Shape(BaseModel):
    """Every field documented: a test validates real responses with extra fields forbidden."""

    model_config = ConfigDict(extra="forbid")


class Link(Shape):
    id: int
    name: str | None
    href: str


class EntityLink(Link):
    type: str | None = None
    count: int | None = None


class Segment(Shape):
    text: str
    hit: bool


class Quote(Shape):
    id: int
    article_id: str
    quote_id: str
    kind: str
    act: str = "statement"
    rule: str | None = None
    text: str
    date: str | None
    date_from: str | None = None
    cue: str | None
    speaker: Link | None
    source_text: str | None
    # who a speaker with no entity is: "unnamed" (a description) or "unknown"
    speaker_kind: str | None = None
    affiliation: dict[str, Any] | None = None  # name and href of whom they speak for
    outlet: str | None
    article_title: str | None
    href: str
    segments: list[Segment] | None = None
    # a claim card's fields
    key: str | None = None
    speaker_title: str | None = None
    context: dict[str, str] | None = None
    url: str | None = None
    published: str | None = None
    citation: str | None = None
    citation_json: str | None = None
    carried_by: list[dict[str, Any]] | None = None


class Pages(Shape):
    page: int
    prev: str | None
    next: str | None
    first: int | None = None
    last: int | None = None


class Home(Shape):
    figures: dict[str, int]
    figures_range: dict[str, str | None] | None
    quote_kinds: dict[str, int]
    top_speakers: list[EntityLink]
    top_people: list[EntityLink]
    top_organisations: list[EntityLink]
    latest: list[Quote]


class FacetValue(Shape):
    value: str
    count: int
    selected: bool
    href: str


class Facet(Shape):
    label: str
    param: str
    values: list[FacetValue]


class ArticleHit(Shape):
    id: str
    title: str | None
    source: str | None
    published: str | None
    snippet: list[Segment]
    href: str


class Filter(Shape):
    param: str
    label: str
    value: str
    remove: str


class Suggestion(Shape):
    name: str
    href: str


class Choice(Shape):
    value: str
    selected: bool
    href: str


class Search(Shape):
    params: dict[str, Any]
    notice: str | None
    suggestions: list[Suggestion]
    total: int
    total_exact: bool
    quotes: list[Quote]
    pages: Pages
    sorts: list[Choice]
    filters: list[Filter]
    facets: list[Facet]
    facets_note: str | None
    articles: list[ArticleHit]
    articles_total: int
    articles_pages: Pages | None
    downloads: dict[str, str]


class ReadAs(Shape):
    """An entity whose statements are read as this one's: a rare misspelling of its name
    ("George Schultz" for George Shultz) or a bare surname that stands for it."""

    id: int
    name: str
    articles: int
    how: str
    href: str


class StandsFor(Shape):
    """The person an entity is read as: a bare surname's one full-name person, or the
    usual spelling of a rare misspelling."""

    id: int
    name: str
    how: str
    href: str


class EntityRow(Shape):
    id: int
    name: str
    type: str
    quotes: int
    mentions: int
    articles: int
    aliases: list[str]
    titles: list[Any]
    href: str
    read_as: list[ReadAs] = []
    stands_for: StandsFor | None = None


class Entities(Shape):
    q: str | None
    type: str | None
    order: str
    notice: str | None
    suggestions: list[Suggestion]
    types: list[Choice]
    orders: list[Choice]
    entities: list[EntityRow]
    pages: Pages
    downloads: dict[str, str]


class TimelinePoint(Shape):
    date: str
    kind: str
    count: int


class AttentionPoint(Shape):
    period: str
    n: int
    total: int
    share: float | None


class EntityArticle(Shape):
    id: str
    title: str | None
    source: str | None
    published: str | None
    mentions: int | None
    href: str


class Outlet(Shape):
    source: str
    count: int
    href: str


class CoMention(EntityLink):
    articles_href: str


class Entity(Shape):
    entity: EntityRow
    timeline: list[TimelinePoint]
    attention: list[AttentionPoint]
    quotes: list[Quote]
    pages: Pages
    quotes_about: list[Quote]
    quotes_about_total: int
    quotes_about_href: str
    articles: list[EntityArticle]
    articles_total: int
    articles_with: dict[str, Any] | None
    articles_pages: Pages
    outlets: list[Outlet]
    mentioned_with: list[CoMention]
    quoted_with: list[EntityLink]
    speaks_about: list[EntityLink]
    quoted_about: list[EntityLink]
    compare_href: str
    period: str
    periods: list[Choice]
    downloads: dict[str, str]


class Series(Shape):
    kind: str
    value: str
    label: str
    href: str
    rows: list[AttentionPoint]
    articles: int


class Compare(Shape):
    asked: list[dict[str, str]]
    period: str
    notices: list[str]
    series: list[Series]
    table: list[dict[str, Any]]
    periods: list[Choice]
    downloads: dict[str, str]


class QuoteCard(Shape):
    id: str
    kind: str
    excerpt: str
    speaker: str
    speaker_href: str | None
    cue: str | None
    date: str | None
    date_text: str | None


class Article(Shape):
    article: dict[str, Any]  # the record of docs/record.md, entities with their kb_id
    cards: list[QuoteCard]
    link: str | None


class Error(Shape):
    error: dict[str, Any]  # status, title, message


def documented(model: type[BaseModel]) -> dict:
    """Route keyword arguments: document ``model`` as the 200 body, validate nothing."""
    errors = {code: {"model": Error} for code in (400, 404, 422, 503)}
    return {"response_model": None, "responses": {200: {"model": model}, **errors}}
