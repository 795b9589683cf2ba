"""What the polite fetcher and robots.txt share: what a host is, and a status error."""

from __future__ import annotations

from urllib.parse import SplitResult

from dateline.errors import ItemError

#: A host, for politeness: scheme, name and port.
HostKey = tuple[str, str, int]


def host_key(parts: SplitResult) -> HostKey:
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or "").lower(), parts.port or (443 if scheme == "https" else 80)


class HTTPStatusError(ItemError):
    """A status that is neither success, redirect nor 304; ``retry_after`` if the server said."""

    def __init__(self, url: str, status: int, reason: str, retry_after: float | None) -> None:
        super().__init__(url, f"HTTP {status} {reason}".strip())
        self.status = status
        self.retry_after = retry_after
