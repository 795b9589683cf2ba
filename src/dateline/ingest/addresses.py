"""Which network addresses a fetch may reach: the public internet, and named exceptions.

A feed is someone else's document: its links (and its redirects) must not make
Dateline fetch the machine's own services or its private network. So every
host is resolved first, and an address that is loopback, private, link-local,
multicast, reserved or unspecified (anything not globally routable) is refused
unless the operator allowed it: by the URL's host name as written
(``--allow-host 127.0.0.1``, ``--allow-host intranet.example``) or by a network
that holds the resolved address (``--allow-host 127.0.0.0/8``).

A plain-http fetch then connects to the address checked here, not to a second
lookup, so a name that resolves to a public address once and a private one the
next time (DNS rebinding) gains nothing; over https, TLS refuses such a name.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass

from dateline.errors import ItemError

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class AddressRefused(ItemError):
    """The URL's host is not public and not allowed."""


@dataclass(frozen=True)
class AllowList:
    """Host names and networks that may be fetched although not public."""

    names: frozenset[str] = frozenset()
    networks: tuple[Network, ...] = ()

    @classmethod
    def parse(cls, entries: Iterable[str]) -> AllowList:
        """``127.0.0.1``, ``localhost``, ``[::1]`` (names) or ``127.0.0.0/8`` (a network)."""
        names: set[str] = set()
        networks: list[Network] = []
        for raw in entries:
            entry = raw.strip().lower().strip("[]")
            if not entry:
                continue
            if "/" in entry:
                try:
                    networks.append(ipaddress.ip_network(entry, strict=False))
                except ValueError as err:
                    raise ValueError(f"--allow-host {raw!r}: not a network ({err})") from None
            else:
                names.add(entry)
        return cls(frozenset(names), tuple(networks))

    def allows(self, host: str, address: Address) -> bool:
        return host.lower().strip("[]") in self.names or any(
            address in network for network in self.networks
        )


def normalise(address: Address) -> Address:
    """An IPv4-mapped IPv6 address (``::ffff:127.0.0.1``) as the IPv4 address it is."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def is_public(address: Address) -> bool:
    address = normalise(address)
    return address.is_global and not address.is_multicast


def why_not_public(address: Address) -> str:
    address = normalise(address)
    for test, name in (
        ("is_loopback", "loopback"),
        ("is_link_local", "link-local"),
        ("is_private", "private"),
        ("is_multicast", "multicast"),
        ("is_unspecified", "unspecified"),
        ("is_reserved", "reserved"),
    ):
        if getattr(address, test):
            return name
    return "not public"


async def resolve(url: str, host: str, port: int, allow: AllowList) -> Address:
    """The address to connect to for ``host``: the first the resolver gives, every one of
    them checked. :class:`ItemError` when the name does not resolve or any address it
    resolves to is not public and not allowed (one bad address is enough to refuse:
    the connection could land on any of them)."""
    bare = host.strip("[]")
    try:
        literal: Address | None = ipaddress.ip_address(bare)
    except ValueError:
        literal = None
    if literal is not None:
        found = [literal]
    else:
        loop = asyncio.get_running_loop()
        try:
            infos = await loop.getaddrinfo(bare, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as err:
            raise ItemError(url, f"cannot resolve host {bare!r} ({err})") from err
        found = []
        for info in infos:
            address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
            if address not in found:
                found.append(address)
        if not found:
            raise ItemError(url, f"cannot resolve host {bare!r} (no address)")
    for address in found:
        if not is_public(address) and not allow.allows(bare, address):
            raise AddressRefused(
                url,
                f"host {bare!r} is {why_not_public(address)} ({normalise(address)}), not "
                "allowed (--allow-host)",
            )
    return found[0]
