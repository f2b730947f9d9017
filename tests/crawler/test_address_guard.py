"""The SSRF guard's address policy and resolution, without a crawl."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from typing import Any

import pytest

from core.addresses import refusal_reason
from crawler.address_guard import (
    AddressGuard,
    ForbiddenAddress,
    UnresolvableHost,
    abort_forbidden_browser_request,
)


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "loopback"),
        ("127.8.9.10", "loopback"),
        ("::1", "loopback"),
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("192.168.1.1", "private"),
        ("fd12:3456::1", "private"),
        ("169.254.169.254", "cloud metadata"),
        ("fd00:ec2::254", "cloud metadata"),
        ("169.254.1.1", "link-local"),
        ("fe80::1", "link-local"),
        ("100.64.0.1", "carrier-grade NAT"),
        ("224.0.0.1", "multicast"),
        ("ff02::1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("240.0.0.1", "private"),
        ("::ffff:127.0.0.1", "loopback"),
        ("::ffff:10.0.0.1", "private"),
        ("64:ff9b::a00:1", "private"),
        ("2002:7f00:1::", "loopback"),
        ("192.0.2.1", "private"),
        ("192.0.0.8", "non-public"),
        ("fec0::1", "non-public"),
        ("3fff::1", "non-public"),
    ],
)
def test_non_public_addresses_are_refused_with_a_reason(address: str, reason: str) -> None:
    assert refusal_reason(ipaddress.ip_address(address)) == reason


@pytest.mark.parametrize("address", ["93.184.216.34", "1.1.1.1", "2606:4700:4700::1111"])
def test_public_addresses_pass(address: str) -> None:
    assert refusal_reason(ipaddress.ip_address(address)) is None


@pytest.mark.parametrize(
    "host",
    ["127.0.0.1", "10.0.0.7", "169.254.169.254", "[::1]", "localhost", "LOCALHOST.", "127.1", "0x7f000001"],
)
def test_guard_refuses_forbidden_hosts(host: str) -> None:
    with pytest.raises(ForbiddenAddress, match="refused to fetch"):
        AddressGuard().check(host)


def test_hostname_resolving_to_loopback_names_the_address() -> None:
    with pytest.raises(ForbiddenAddress, match=r"localhost: it resolves to a loopback address"):
        AddressGuard().check("localhost")


def test_allow_list_opens_only_the_named_host() -> None:
    guard = AddressGuard(["localhost"])
    assert set(guard.check("localhost")) <= {"127.0.0.1", "::1"}
    with pytest.raises(ForbiddenAddress):
        guard.check("127.0.0.1")


def count_lookups(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record the host of every getaddrinfo call the guard makes."""
    calls: list[str] = []
    real = socket.getaddrinfo

    def counting(host: str, *args: Any, **kwargs: Any) -> Any:
        calls.append(host)
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", counting)
    return calls


def test_refusal_is_remembered(monkeypatch: pytest.MonkeyPatch) -> None:
    lookups = count_lookups(monkeypatch)
    guard = AddressGuard()
    for _ in range(2):
        with pytest.raises(ForbiddenAddress, match="loopback"):
            guard.check("localhost")
    assert "localhost" in guard._cache
    assert lookups == ["localhost"]


async def test_concurrent_checks_of_one_host_share_one_lookup(monkeypatch: pytest.MonkeyPatch) -> None:
    lookups = count_lookups(monkeypatch)
    guard = AddressGuard(["localhost"])
    answers = await asyncio.gather(*(guard.check_async("localhost") for _ in range(10)))
    assert len(set(answers)) == 1 and set(answers[0]) <= {"127.0.0.1", "::1"}
    assert lookups == ["localhost"]


@pytest.mark.parametrize("url", ["file:///etc/passwd", "gopher://x/", "http:///nohost"])
def test_only_http_urls_with_a_host(url: str) -> None:
    with pytest.raises(ForbiddenAddress, match="only http"):
        AddressGuard().check_url(url)


class BrowserRequest:
    def __init__(self, url: str) -> None:
        self.url = url


async def test_browser_filter_aborts_forbidden_and_keeps_inline_urls() -> None:
    assert (
        await abort_forbidden_browser_request(BrowserRequest("http://169.254.169.254/latest/meta-data"))
        is True
    )
    assert await abort_forbidden_browser_request(BrowserRequest("data:image/png;base64,AA")) is False
    assert await abort_forbidden_browser_request(BrowserRequest("http://93.184.216.34/x.js")) is False


def test_unresolvable_host_is_not_a_refusal_and_is_not_remembered() -> None:
    guard = AddressGuard()
    with pytest.raises(UnresolvableHost, match="could not be resolved"):
        guard.check("bad..name")
    assert "bad..name" not in guard._cache
