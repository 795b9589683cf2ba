"""JSON documents read value by value, so one bad value costs only its own item.

``json.loads`` is all or nothing: a 5,000-digit integer (over Python's
``int_max_str_digits``) or 200,000 nested brackets (``RecursionError``) anywhere
in a feed loses every item in it. When the whole document fails, the items of
its array are parsed one at a time with ``raw_decode``; a value that fails is
stepped over by a scan of strings and brackets that never recurses.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

#: What parsing one JSON value can raise: syntax (JSONDecodeError is a ValueError),
#: the integer digit limit (ValueError), nesting (RecursionError).
JSON_ERRORS = (ValueError, RecursionError)

_DECODER = json.JSONDecoder()
_WS = re.compile(r"[ \t\r\n]*")
# Possessive quantifiers: an unterminated string fails in linear time.
_STRING = re.compile(r'"(?:[^"\\]++|\\.)*+"', re.S)
_STRING_OR_BRACKET = re.compile(r'"(?:[^"\\]++|\\.)*+"|[\[\]{}]', re.S)
_SCALAR = re.compile(r"[^,\]}\s]+")


class Unreadable(ValueError):
    """The rest of a document cannot be split into values."""


def _skip_ws(text: str, pos: int) -> int:
    return _WS.match(text, pos).end()  # type: ignore[union-attr] - always matches


def value_end(text: str, pos: int) -> int | None:
    """Index just past the JSON value at ``pos``, found without parsing it; ``None``
    if it never ends."""
    start = text[pos : pos + 1]
    if start in ("{", "["):
        depth = 0
        for match in _STRING_OR_BRACKET.finditer(text, pos):
            token = match.group()
            if token in ("{", "["):
                depth += 1
            elif token in ("}", "]"):
                depth -= 1
                if depth == 0:
                    return match.end()
        return None
    match = (_STRING if start == '"' else _SCALAR).match(text, pos)
    return match.end() if match else None


def _values(text: str, pos: int, close: str) -> Iterator[tuple[int, object]]:
    """``(value start, value or the exception it raised)`` for each value up to ``close``."""
    pos = _skip_ws(text, pos)
    if text.startswith(close, pos):
        return
    while True:
        try:
            value, end = _DECODER.raw_decode(text, pos)
        except JSON_ERRORS as err:
            value, end = err, value_end(text, pos)
        yield pos, value
        if end is None:
            return
        pos = _skip_ws(text, end)
        if text.startswith(",", pos):
            pos = _skip_ws(text, pos + 1)
        elif text.startswith(close, pos):
            return
        else:
            yield pos, Unreadable(f"expected ',' or {close!r} at character {pos}")
            return


def array_items(text: str, pos: int = 0) -> Iterator[object]:
    """Each element of the array at ``pos`` (after white space): the value, or the
    exception parsing it raised. Ends with an :class:`Unreadable` if the array breaks."""
    pos = _skip_ws(text, pos)
    if not text.startswith("[", pos):
        yield Unreadable("not a JSON array")
        return
    for _, value in _values(text, pos + 1, "]"):
        yield value


def object_members(text: str, pos: int = 0) -> Iterator[tuple[str, object, int]]:
    """``(key, value or exception, value start)`` for each member of the object at ``pos``."""
    pos = _skip_ws(text, pos)
    if not text.startswith("{", pos):
        raise Unreadable("not a JSON object")
    pos = _skip_ws(text, pos + 1)
    if text.startswith("}", pos):
        return
    while True:
        try:
            key, pos = _DECODER.raw_decode(text, pos)
        except JSON_ERRORS as err:
            raise Unreadable(f"bad object key at character {pos}") from err
        pos = _skip_ws(text, pos)
        if not (isinstance(key, str) and text.startswith(":", pos)):
            raise Unreadable(f"expected ':' at character {pos}")
        start = _skip_ws(text, pos + 1)
        try:
            value, end = _DECODER.raw_decode(text, start)
        except JSON_ERRORS as err:
            value, end = err, value_end(text, start)
        yield key, value, start
        if end is None:
            return
        pos = _skip_ws(text, end)
        if text.startswith(",", pos):
            pos = _skip_ws(text, pos + 1)
        elif text.startswith("}", pos):
            return
        else:
            raise Unreadable(f"expected ',' or '}}' at character {pos}")


def describe(err: BaseException) -> str:
    """A short reason for a JSON value that failed."""
    if isinstance(err, json.JSONDecodeError):
        return f"invalid JSON ({err.msg} at line {err.lineno} column {err.colno})"
    if isinstance(err, RecursionError):
        return "invalid JSON (nested too deeply)"
    return f"invalid JSON ({err})"
