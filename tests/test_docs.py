"""The docs stay true to the code: every setting documented, the README shows the two commands."""

from pathlib import Path

import pytest

from dateline.settings import SETTINGS

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.name)
def test_every_setting_is_documented(setting):
    page = (ROOT / "docs" / "settings.md").read_text()
    assert f"`{setting.name}`" in page and f"`{setting.env}`" in page


def test_readme_starts_with_the_two_commands():
    readme = (ROOT / "README.md").read_text()
    head = readme[: readme.index("## ")] if "## " in readme else readme
    assert "make demo" in readme[:3000] and "make test" in readme[:3000], head
