"""A stand-in for the resolver: chosen names answer chosen addresses, in getaddrinfo's own
form; every other name goes to the real resolver. Installed over socket.getaddrinfo (what the
code under test calls) for one test.

    def test_x(fake_dns):
        fake_dns.answer("hooks.example", "10.0.0.5")
        fake_dns.answer("flip.example", "93.184.216.34", then="127.0.0.1")  # DNS rebinding
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest


class FakeDns:
    def __init__(self) -> None:
        self._answers: dict[str, list[list[str]]] = {}
        self.lookups: list[str] = []
        self._lock = threading.Lock()
        self._real = socket.getaddrinfo

    def answer(self, name: str, *addresses: str, then: str | tuple[str, ...] | None = None) -> None:
        """`name` resolves to `addresses`; with `then`, every later lookup answers that instead."""
        answers = [list(addresses)]
        if then is not None:
            answers.append([then] if isinstance(then, str) else list(then))
        self._answers[name.lower()] = answers

    def getaddrinfo(self, host: Any, port: Any, *args: Any, **kwargs: Any) -> list[Any]:
        name = str(host).lower().rstrip(".")
        with self._lock:
            answers = self._answers.get(name)
            if answers is None:
                return self._real(host, port, *args, **kwargs)
            self.lookups.append(name)
            addresses = answers.pop(0) if len(answers) > 1 else answers[0]
        if not addresses:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        port_number = int(port or 0)
        infos: list[Any] = []
        for text in addresses:
            if ipaddress.ip_address(text).version == 6:
                infos.append((socket.AF_INET6, socket.SOCK_STREAM, 6, "", (text, port_number, 0, 0)))
            else:
                infos.append((socket.AF_INET, socket.SOCK_STREAM, 6, "", (text, port_number)))
        return infos


@pytest.fixture
def fake_dns(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeDns]:
    dns = FakeDns()
    monkeypatch.setattr(socket, "getaddrinfo", dns.getaddrinfo)
    yield dns
