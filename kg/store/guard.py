"""Store: who may talk to `kg serve` — the `Host` check against DNS rebinding, and opt-in CORS.

A web page can make a browser send requests to a local port; the browser's same-origin policy is
the only barrier, and DNS rebinding (a hostile name that resolves to 127.0.0.1) defeats it unless
the server checks the `Host` header. So requests must name this server (by its bound address, a
loopback name, or on a wildcard address this machine's names or an IP), and cross-origin reads
are allowed only for the origins given with `--cors`.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Sequence
from dataclasses import dataclass

from kg.errors import QueryError

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
WILDCARD = frozenset({"", "0.0.0.0", "::"})
_ORIGIN = re.compile(r"^https?://(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$")
_HOST = re.compile(r"^(?:\[(?P<v6>[0-9a-f:.]+)\]|(?P<name>[^:\[\]]+))(?::(?P<port>\d{1,5}))?$")


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def _is_loopback(name: str) -> bool:
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True, slots=True)
class HostCheck:
    """The `Host` header values a server bound to (`host`, `port`) answers."""

    port: int
    names: frozenset[str]
    any_ip: bool  # a wildcard or public address: clients may use any of the machine's IP addresses

    @classmethod
    def for_address(cls, host: str, port: int) -> HostCheck:
        """The check for a server bound to `host`:`port` (loopback names are always accepted).

        >>> check = HostCheck.for_address("127.0.0.1", 7878)
        >>> check.allows("localhost:7878"), check.allows("[::1]:7878"), check.allows("evil.example:7878")
        (True, True, False)
        """
        names = set(LOOPBACK_NAMES)
        bound = host.lower().strip("[]")
        if bound not in WILDCARD:
            names.add(bound)
        if not _is_loopback(bound):  # reachable from elsewhere: under this machine's names too
            names |= {socket.gethostname().lower(), socket.getfqdn().lower()}
        return cls(port, frozenset(names), any_ip=not _is_loopback(bound))

    def allows(self, header: str | None) -> bool:
        """Whether a request with this `Host` header is meant for this server."""
        if not header:
            return False
        m = _HOST.match(header.strip().lower())
        if not m:
            return False
        name = (m["v6"] or m["name"] or "").rstrip(".")
        port = int(m["port"]) if m["port"] else 80
        if port != self.port:
            return False
        return name in self.names or (self.any_ip and _is_ip(name))

    def refusal(self, header: str | None) -> str:
        """Why a request with this `Host` header is refused, and how to reach the server instead."""
        names = ", ".join(sorted(f"[{n}]" if ":" in n else n for n in self.names))
        return (
            f"Host {header!r} does not name this server (it answers as {names} on port {self.port}); "
            "requests under other names are refused to stop DNS rebinding: use one of those names"
        )


def check_origins(origins: Sequence[str]) -> tuple[str, ...]:
    """Validate `--cors` values: `*` or origins such as `https://yasgui.example:8443` (no path).

    Raises:
        QueryError: a value that is not an origin.
    """
    for origin in origins:
        if origin != "*" and not _ORIGIN.match(origin):
            raise QueryError(
                f"--cors {origin!r} is not an origin: give `*` or scheme://host[:port] without a path "
                "or trailing slash, e.g. --cors https://yasgui.example"
            )
    return tuple(origins)


def cors_headers(origin: str | None, allowed: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """The `Access-Control-Allow-Origin` headers for a request from `origin` (none unless allowed).

    >>> cors_headers("https://a.example", ["https://a.example"])
    (('Access-Control-Allow-Origin', 'https://a.example'), ('Vary', 'Origin'))
    >>> cors_headers("https://b.example", ["https://a.example"])
    ()
    """
    if "*" in allowed:
        return (("Access-Control-Allow-Origin", "*"),)
    if origin and origin in allowed:
        return (("Access-Control-Allow-Origin", origin), ("Vary", "Origin"))
    return ()
