"""Bytes to text: a UTF-16/32 byte-order mark first, UTF-8 next, a detected encoding
otherwise, binary refused."""

from __future__ import annotations

from dataclasses import dataclass

from dateline.errors import ItemError

#: Bytes looked at to decide whether a file is binary.
SNIFF_BYTES = 8192
#: Share of control characters above which a file is taken for binary.
BINARY_CONTROL_SHARE = 0.1
_TEXT_CONTROLS = {9, 10, 12, 13, 27}
#: Encodings preferred when charset-normalizer finds several that fit equally well.
PREFERRED = ("cp1252", "latin_1", "iso8859_15")
#: Difference in charset-normalizer's "chaos" score treated as a tie.
CHAOS_TIE = 0.01


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    guessed: bool  # True when the bytes were not valid UTF-8


#: Byte-order marks of the wide Unicode encodings, UTF-32 first (its LE mark starts
#: like UTF-16's). Text that opens with one is that encoding, NUL bytes and all.
BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def bom_encoding(data: bytes) -> str | None:
    """``utf-16`` or ``utf-32`` when ``data`` opens with that byte-order mark."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return encoding
    return None


def transcode_bom(data: bytes) -> bytes:
    """UTF-8 bytes for UTF-16/32 with a byte-order mark (a cut last character dropped);
    any other bytes unchanged. Sniffers and byte-oriented readers then see plain text."""
    encoding = bom_encoding(data)
    if encoding is None:
        return data
    return data.decode(encoding, "ignore").encode("utf-8")


def looks_binary(data: bytes) -> bool:
    """A NUL byte or many control characters in the head means binary."""
    head = transcode_bom(data[:SNIFF_BYTES])
    if not head:
        return False
    if b"\0" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in _TEXT_CONTROLS)
    return controls / len(head) > BINARY_CONTROL_SHARE


def decode(data: bytes, item: str) -> Decoded:
    """Decode ``data``; raise :class:`ItemError` for binary or undecodable bytes."""
    if looks_binary(data):
        raise ItemError(item, "binary file, not text")
    encoding = bom_encoding(data)
    if encoding is not None:
        try:
            return Decoded(data.decode(encoding), encoding, guessed=False)
        except UnicodeDecodeError as err:
            reason = f"not valid {encoding.upper()} after its byte-order mark"
            raise ItemError(item, reason) from err
    try:
        return Decoded(data.decode("utf-8-sig"), "utf-8", guessed=False)
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        raise ItemError(item, "not valid UTF-8 and no text encoding fits")
    least = min(m.chaos for m in matches)
    # Short Western texts fit several code pages equally well; news on the web that
    # is not UTF-8 is most often Windows-1252, so it wins a tie.
    tied = [m for m in matches if m.chaos <= least + CHAOS_TIE]
    best = next((m for m in tied if m.encoding in PREFERRED), tied[0])
    return Decoded(str(best), best.encoding, guessed=True)
