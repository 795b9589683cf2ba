"""Shared fixtures: the model-backed pipeline (loaded once), paths to data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample" / "wikinews" / "articles.jsonl"
SHARED = ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def nlp():
    """The full Dateline pipeline on the default model."""
    from dateline import load

    return load()


@pytest.fixture(scope="session")
def sample_articles() -> list[dict]:
    """The bundled Wikinews articles (CC BY 2.5) as JSON objects."""
    with SAMPLE.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f]


@pytest.fixture()
def isolated_env(monkeypatch, tmp_path):
    """No DATELINE_* settings leak in from the environment."""
    import os

    for key in list(os.environ):
        if key.startswith("DATELINE_"):
            monkeypatch.delenv(key)
    monkeypatch.chdir(tmp_path)
    return tmp_path
