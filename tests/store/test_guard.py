"""`kg.store.guard`: the Host check against DNS rebinding, and opt-in CORS."""

from __future__ import annotations

import socket

import pytest

from kg.errors import QueryError
from kg.store.guard import HostCheck, check_origins, cors_headers


@pytest.mark.parametrize(
    ("header", "ok"),
    [
        ("127.0.0.1:7878", True),
        ("localhost:7878", True),
        ("localhost.:7878", True),  # the fully qualified form
        ("[::1]:7878", True),
        ("LOCALHOST:7878", True),
        ("localhost", False),  # no port: 80
        ("localhost:7879", False),
        ("evil.example:7878", False),
        ("localhost.evil.example:7878", False),
        ("127.0.0.2:7878", False),
        ("[::1]", False),
        ("::1:7878", False),
        ("", False),
        (None, False),
    ],
)
def test_guard_loopback_server_accepts_loopback_names_only(header: str | None, ok: bool) -> None:
    assert HostCheck.for_address("127.0.0.1", 7878).allows(header) is ok


def test_guard_port_80_needs_no_port_in_the_header() -> None:
    check = HostCheck.for_address("::1", 80)
    assert check.allows("localhost") and check.allows("[::1]") and not check.allows("evil.example")


def test_guard_wildcard_server_accepts_ip_addresses_and_its_own_names() -> None:
    check = HostCheck.for_address("0.0.0.0", 8000)
    assert check.allows("192.0.2.7:8000") and check.allows("[2001:db8::1]:8000")
    assert check.allows(f"{socket.gethostname()}:8000")
    assert not check.allows("evil.example:8000")
    assert "evil.example" in check.refusal("evil.example:8000")


def test_guard_cors_headers_only_for_allowed_origins() -> None:
    assert cors_headers("https://a.example", ()) == ()
    assert cors_headers(None, ("https://a.example",)) == ()
    assert cors_headers("https://b.example", ("*",)) == (("Access-Control-Allow-Origin", "*"),)
    assert dict(cors_headers("https://a.example", ("https://a.example",)))["Vary"] == "Origin"


@pytest.mark.parametrize("bad", ["https://a.example/", "a.example", "https://a.example/path", "ftp://a", ""])
def test_guard_bad_origin_is_refused(bad: str) -> None:
    with pytest.raises(QueryError, match="not an origin"):
        check_origins([bad])
    assert check_origins(["*", "http://[::1]:8080", "https://a.example"]) == (
        "*",
        "http://[::1]:8080",
        "https://a.example",
    )
