"""The record: the one public data contract (see ``docs/record.md``).

``to_record`` turns an annotated ``Doc`` and its ``Article`` into the JSON-ready
dict that ``dateline extract`` prints and the store keeps.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from spacy.tokens import Doc

from dateline.article import Article
from dateline.nlp.version import pipeline_version

#: Top-level keys in contract order.
RECORD_KEYS = (
    "id",
    "url",
    "title",
    "source",
    "published",
    "dateline",
    "text",
    "entities",
    "quotes",
    "times",
    "pipeline",
)


def to_record(doc: Doc, article: Article) -> dict:
    """The contract record of one article.

    ``doc.text`` is ``article.text`` or its parse view (:mod:`dateline.textview`),
    of the same length; every span's ``text`` is taken from the article text as
    read, so a span over a line break keeps it.
    """
    if len(doc.text) != len(article.text):
        raise ValueError(f"article {article.id}: the Doc text differs from the article text")
    entities = doc._.entities or []
    names = {e.id: e.name for e in entities}
    times = doc._.times or []
    record = {
        "id": article.id,
        "url": article.url,
        "title": article.title,
        "source": article.source,
        "published": article.published,
        "dateline": _dateline(doc, article, entities, times),
        "text": article.text,
        "entities": [e.to_dict() for e in entities],
        "quotes": [q.to_dict(names) for q in (doc._.quotes or [])],
        "times": [t.to_dict() for t in times],
        "pipeline": doc._.pipeline or pipeline_version(),
    }
    if doc.text != article.text:
        _raw_span_texts(record, article.text)
    return record


def _dateline(doc: Doc, article: Article, entities: list, times: list) -> dict | None:
    """The dateline with the ids of its place's entity and its date's time expression."""
    found = doc._.dateline
    if found is None:
        return None
    d = found.dateline
    place = (d.place_start, d.place_end)
    entity = next(
        (e.id for e in entities if any((m.start, m.end) == place for m in e.mentions)), None
    )
    time = next((t.id for t in times if d.date_start is not None and t.start == d.date_start), None)
    return found.to_dict(article.text, entity, time)


def _raw_span_texts(record: dict, text: str) -> None:
    """Give every span of ``record`` its text as read (the view differs in whitespace)."""
    spans = [m for e in record["entities"] for m in e["mentions"]]
    for q in record["quotes"]:
        spans.extend(s for s in (q, q["cue"], q["source"]) if s is not None)
    spans.extend(record["times"])
    for span in spans:
        span["text"] = text[span["start"] : span["end"]]


@cache
def schema() -> dict:
    """The JSON Schema of a record (``dateline/schema/record.schema.json``)."""
    path = resources.files("dateline").joinpath("schema/record.schema.json")
    return json.loads(path.read_text("utf-8"))


def validate(record: dict) -> None:
    """Raise ``jsonschema.ValidationError`` unless ``record`` follows the contract.

    Beyond the schema, every span must index ``text`` and carry its own text.
    """
    import jsonschema

    jsonschema.validate(record, schema())
    text = record["text"]

    def check(span: dict | None, where: str) -> None:
        if span is None:
            return
        if text[span["start"] : span["end"]] != span["text"]:
            raise jsonschema.ValidationError(
                f"{where}: text[{span['start']}:{span['end']}] is not {span['text']!r}"
            )

    ids = {e["id"] for e in record["entities"]}
    time_ids = {t["id"] for t in record["times"]}
    for e in record["entities"]:
        for m in e["mentions"]:
            check(m, f"entity {e['id']} mention")
    for q in record["quotes"]:
        check(q, f"quote {q['id']}")
        check(q["cue"], f"quote {q['id']} cue")
        check(q["source"], f"quote {q['id']} source")
        speaker = q["speaker"] or {}
        for key in ("entity", "affiliation"):
            if speaker.get(key) is not None and speaker[key] not in ids:
                raise jsonschema.ValidationError(f"quote {q['id']}: unknown speaker {key}")
        if q["time"] is not None and q["time"] not in time_ids:
            raise jsonschema.ValidationError(f"quote {q['id']}: unknown time {q['time']}")
    for t in record["times"]:
        check(t, f"time {t['id']}")
    dateline = record.get("dateline")
    if dateline is not None:
        if dateline["start"] is not None:
            check(dateline, "dateline")
            place = {"start": dateline["place_start"], "end": dateline["place_end"]}
            check({**place, "text": dateline["place"]}, "dateline place")
        if dateline["entity"] is not None and dateline["entity"] not in ids:
            raise jsonschema.ValidationError("dateline: unknown place entity")
        if dateline["time"] is not None and dateline["time"] not in time_ids:
            raise jsonschema.ValidationError(f"dateline: unknown time {dateline['time']}")
