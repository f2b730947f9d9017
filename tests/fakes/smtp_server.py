"""A local SMTP server (aiosmtpd) that keeps every mail it accepts, for the e-mail channel's tests.

It speaks real SMTP on a free port of 127.0.0.1, in a thread of its own. A test can refuse a
recipient (`refuse_recipient`: the answer to RCPT TO) or every mail (`refuse_data`: the answer
to DATA), and wait for mails without fixed sleeps.

    with FakeSmtp() as smtp:
        settings = ...SMTP_HOST=127.0.0.1, SMTP_PORT=smtp.port, SMTP_SECURITY=none
        ...
        [mail] = smtp.wait_for_mails(1)
        assert mail.subject.startswith("New:")
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session


@dataclass
class ReceivedMail:
    """One mail the server accepted: the envelope and the message as it arrived."""

    sender: str
    recipients: list[str]
    raw: bytes

    @property
    def message(self) -> EmailMessage:
        parsed = message_from_bytes(self.raw, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        return parsed

    def header(self, name: str) -> str | None:
        value = self.message[name]
        return None if value is None else str(value)

    @property
    def subject(self) -> str:
        return self.header("Subject") or ""

    def part(self, subtype: str) -> str:
        body = self.message.get_body(preferencelist=(subtype,))
        assert body is not None and body.get_content_subtype() == subtype, f"no text/{subtype} part"
        # Lines travel as CRLF on the wire (RFC 5322); the text is compared as written.
        return str(body.get_content()).replace("\r\n", "\n")

    @property
    def text(self) -> str:
        return self.part("plain")

    @property
    def html(self) -> str:
        return self.part("html")


class _FreePortController(Controller):
    """aiosmtpd's threaded controller, bound to a port the system picks (no race for a free one)."""

    def _create_server(self) -> Any:
        async def create() -> asyncio.AbstractServer:
            server = await self.loop.create_server(self._factory_invoker, host=self.hostname, port=0)
            self.port = server.sockets[0].getsockname()[1]
            return server

        return create()


class FakeSmtp:
    """The server and what it received; scripted refusals apply until `accept_all`."""

    def __init__(self) -> None:
        self.mails: list[ReceivedMail] = []
        self.refused: list[tuple[str, str]] = []  # (recipient or "DATA", the answer given)
        self._recipient_answers: dict[str, str] = {}
        self._data_answer: str | None = None
        self._changed = threading.Condition()
        self._controller = _FreePortController(self, hostname="127.0.0.1")

    # --- lifecycle -----------------------------------------------------------------------

    def start(self) -> FakeSmtp:
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()

    def __enter__(self) -> FakeSmtp:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        return int(self._controller.port)

    def settings_overrides(self) -> dict[str, str]:
        """Environment-style settings pointing the system at this server (plain SMTP, no login)."""
        return {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(self.port), "SMTP_SECURITY": "none"}

    # --- scripting -------------------------------------------------------------------------

    def refuse_recipient(self, address: str, answer: str = "550 5.1.1 No such user here") -> None:
        with self._changed:
            self._recipient_answers[address.lower()] = answer

    def refuse_data(self, answer: str) -> None:
        with self._changed:
            self._data_answer = answer

    def accept_all(self) -> None:
        with self._changed:
            self._recipient_answers.clear()
            self._data_answer = None

    # --- looking at what arrived ------------------------------------------------------------

    def to(self, address: str) -> list[ReceivedMail]:
        with self._changed:
            return [mail for mail in self.mails if address in mail.recipients]

    def wait_for_mails(self, count: int, timeout: float = 10.0, to: str | None = None) -> list[ReceivedMail]:
        """Block until `count` mails (to `to`) arrived; AssertionError after `timeout`."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = [m for m in self.mails if to is None or to in m.recipients]
                if len(found) >= count:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"fake SMTP got {len(found)} mails, expected {count}: {found}")
                self._changed.wait(left)

    async def await_mails(
        self, count: int, timeout: float = 10.0, to: str | None = None
    ) -> list[ReceivedMail]:
        """`wait_for_mails` for async tests (in a thread: the event loop keeps going)."""
        return await asyncio.to_thread(self.wait_for_mails, count, timeout, to)

    # --- aiosmtpd's handler hooks (run on the server's own event loop) --------------------------

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, rcpt_options: list[str]
    ) -> str:
        with self._changed:
            answer = self._recipient_answers.get(address.lower())
            if answer is not None:
                self.refused.append((address, answer))
                return answer
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        with self._changed:
            if self._data_answer is not None:
                self.refused.append(("DATA", self._data_answer))
                return self._data_answer
            content = envelope.original_content or b""
            self.mails.append(ReceivedMail(str(envelope.mail_from), list(envelope.rcpt_tos), content))
            self._changed.notify_all()
        return "250 Message accepted for delivery"


@pytest.fixture
def fake_smtp() -> Iterator[FakeSmtp]:
    """A running local SMTP server; import this fixture into a conftest.py to use it."""
    with FakeSmtp() as smtp:
        yield smtp
