"""Before anything starts: the ports the launcher's children will listen on must be free."""

from __future__ import annotations

import socket
from dataclasses import dataclass


@dataclass(frozen=True)
class Port:
    host: str
    number: int
    used_by: str  # what the launcher would run there
    option: str  # the command-line option that picks another


def is_free(host: str, port: int) -> bool:
    """Whether a server could listen on host:port now (as uvicorn does, with SO_REUSEADDR)."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def taken_ports_message(ports: list[Port]) -> str | None:
    """None when every port is free, else what is taken and how to pick another."""
    taken = [port for port in ports if not is_free(port.host, port.number)]
    if not taken:
        return None
    lines = [
        f"port {port.number} on {port.host} (for {port.used_by}) is already in use by another program; "
        f"stop that program or pick another port with {port.option} N"
        for port in taken
    ]
    example = " ".join(f"{port.option} {port.number + 1}" for port in taken)
    return "\n".join([*lines, f"e.g. ./dev start {example}"])
