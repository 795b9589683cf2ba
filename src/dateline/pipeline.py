"""Building the spaCy pipeline: the configured model plus Dateline's components."""

from __future__ import annotations

import logging
from pathlib import Path

import spacy
from spacy.language import Language

from dateline import settings
from dateline.errors import ModelNotFound, ModelUnreadable

log = logging.getLogger("dateline.pipeline")

#: Dateline's components in the order they run, each after the model's own.
#: Later stages append themselves here (see ``dateline.nlp``).
COMPONENTS: list[str] = [
    "dateline_paragraphs",
    "dateline_datelines",
    "dateline_entities",
    "dateline_quotes",
    "dateline_speakers",
    "dateline_coref",
    "dateline_times",
    "dateline_dateline_time",
    "dateline_quote_times",
]

#: Components that must run before the model's own: the first of these present. The
#: dateline marks the sentence start after it and its place as a GPE, which the parser
#: and NER then respect.
BEFORE: dict[str, tuple[str, ...]] = {
    "dateline_paragraphs": ("parser", "senter"),
    "dateline_datelines": ("parser", "senter", "ner"),
}

#: Model components Dateline never uses; disabled for speed.
UNUSED: tuple[str, ...] = ()


def load_model(name: str | None = None) -> Language:
    """Load a spaCy pipeline by package name or folder, with a useful error if absent."""
    name = name or str(settings.get("model"))
    try:
        nlp = spacy.load(name, exclude=[c for c in UNUSED])
    except (OSError, ValueError, KeyError) as err:
        # spaCy says OSError [E050]/[E053] for a missing package or a folder without
        # config.cfg, ValueError/KeyError for a config that names no pipeline.
        if Path(name).exists():
            first = (str(err).strip().splitlines() or [type(err).__name__])[0][:200]
            config = (Path(name) / "config.cfg").is_file()
            raise ModelUnreadable(name, first if config else "no config.cfg in it") from err
        if isinstance(err, OSError):
            raise ModelNotFound(name) from err
        raise
    missing = [c for c in ("parser", "ner") if c not in nlp.pipe_names]
    if missing:
        log.warning("model %s has no %s: quotes and speakers need both", name, ", ".join(missing))
    return nlp


def add_components(nlp: Language) -> Language:
    """Add Dateline's components to ``nlp`` (any English spaCy pipeline)."""
    import dateline.nlp  # noqa: F401  (registers the factories)

    for component in COMPONENTS:
        if component in nlp.pipe_names:
            continue
        before = next((c for c in BEFORE.get(component, ()) if c in nlp.pipe_names), None)
        nlp.add_pipe(component, before=before)
    return nlp


def load(name: str | None = None) -> Language:
    """The full Dateline pipeline on top of the configured model."""
    nlp = add_components(load_model(name))
    nlp.max_length = max(nlp.max_length, int(settings.get("max_chars")) + 1)
    return nlp
