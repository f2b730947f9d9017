"""A local receiver of webhooks: any URL, and Discord's and Slack's incoming webhooks.

Every request is recorded (path, headers, raw body). Paths answer as their service would:

- `/api/webhooks/<id>/<token>`: Discord. A body needs `content` or `embeds` within Discord's
  limits (2000 characters of content, 10 embeds, 256 of a title, 4096 of a description, 6000
  in all), else 400 with Discord's error JSON; 204 when accepted; a removed hook answers 404
  `{"message": "Unknown Webhook", "code": 10015}`.
- `/services/<team>/<bot>/<secret>`: Slack. A body needs `text` or `blocks` (at most 50, a
  section's text at most 3000 characters), else 400 `invalid_blocks` / `no_text`; 200 `ok`;
  a removed hook answers 404 `no_service`.
- anything else: 200 `{"received": true}`.

A test scripts answers for a path (`script`), redirects (`redirect`), or a hold that answers
only when released (`hold`), and waits for requests without sleeping (`await_requests`).

    with WebhookReceiver() as receiver:
        url = receiver.url("/hooks/orders")
        ...
        [request] = await receiver.await_requests(1)
        assert request.json["type"] == "offer.new"
"""

from __future__ import annotations

import asyncio
import json
import ssl
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest


@dataclass
class ReceivedRequest:
    method: str
    path: str
    headers: dict[str, str]  # names lower-cased
    body: bytes
    received_at: float
    status: int = 0

    @property
    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Answer:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


class WebhookReceiver:
    """The fake; serves on a free port of 127.0.0.1 in a background thread."""

    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        """`tls`: a server context (tests/fakes/tls.py) to serve HTTPS instead of HTTP."""
        self.tls = tls
        self.requests: list[ReceivedRequest] = []
        self._scripts: dict[str, list[Answer]] = {}
        self._removed: set[str] = set()
        self._held = threading.Event()
        self._holding: set[str] = set()
        self._changed = threading.Condition()
        self._server: ThreadingHTTPServer | None = None

    # --- lifecycle -----------------------------------------------------------------------

    def start(self) -> WebhookReceiver:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                fake._handle(self)

            do_GET = do_PUT = do_POST

            def log_message(self, format: str, *args: Any) -> None:
                return None

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        if self.tls is not None:
            # Handshakes happen in the handler threads, so one bad client stalls nobody.
            self._server.socket = self.tls.wrap_socket(
                self._server.socket, server_side=True, do_handshake_on_connect=False
            )
        threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def stop(self) -> None:
        self._held.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> WebhookReceiver:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._server is not None
        return int(self._server.server_address[1])

    def url(self, path: str = "/hooks/offers", host: str = "127.0.0.1") -> str:
        scheme = "https" if self.tls is not None else "http"
        return f"{scheme}://{host}:{self.port}{path}"

    # --- scripting -----------------------------------------------------------------------

    def script(self, path: str, *answers: Answer) -> None:
        """The next requests to `path` get these answers, in order; later ones the default."""
        with self._changed:
            self._scripts.setdefault(path, []).extend(answers)

    def redirect(self, path: str, location: str, status: int = 307) -> None:
        self.script(path, Answer(status, headers={"Location": location}))

    def remove(self, path: str) -> None:
        """The hook at `path` is deleted: Discord and Slack paths answer as theirs do, others 410."""
        with self._changed:
            self._removed.add(path)

    def hold(self, path: str) -> None:
        """Requests to `path` wait for an answer until the receiver stops."""
        with self._changed:
            self._holding.add(path)

    # --- waiting -------------------------------------------------------------------------

    def wait_for_requests(
        self, count: int, path: str | None = None, timeout: float = 10.0
    ) -> list[ReceivedRequest]:
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = [r for r in self.requests if path is None or r.path == path]
                if len(found) >= count:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"the receiver got {len(found)} requests, expected {count}: {found}")
                self._changed.wait(left)

    async def await_requests(
        self, count: int, path: str | None = None, timeout: float = 10.0
    ) -> list[ReceivedRequest]:
        return await asyncio.to_thread(self.wait_for_requests, count, path, timeout)

    # --- the protocols -------------------------------------------------------------------

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        request = ReceivedRequest(
            method=handler.command,
            path=handler.path,
            headers={name.lower(): value for name, value in handler.headers.items()},
            body=body,
            received_at=time.time(),
        )
        path = handler.path.split("?", 1)[0]
        with self._changed:
            scripted = self._scripts.get(path)
            answer = scripted.pop(0) if scripted else None
            holding = path in self._holding
        if answer is None:
            answer = self._answer(path, request)
        request.status = answer.status
        with self._changed:
            self.requests.append(request)
            self._changed.notify_all()
        if holding:
            self._held.wait()
            return
        handler.send_response(answer.status)
        for name, value in answer.headers.items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(answer.body)))
        handler.end_headers()
        handler.wfile.write(answer.body)

    def _answer(self, path: str, request: ReceivedRequest) -> Answer:
        parts = path.strip("/").split("/")
        if parts[:2] == ["api", "webhooks"] and len(parts) == 4:
            return self._discord(path, request)
        if parts[0] == "services" and len(parts) == 4:
            return self._slack(path, request)
        if path in self._removed:
            return Answer(410, b"gone")
        return _json(200, {"received": True})

    def _discord(self, path: str, request: ReceivedRequest) -> Answer:
        if path in self._removed:
            return _json(404, {"message": "Unknown Webhook", "code": 10015})
        problem = _discord_problem(request)
        if problem:
            return _json(400, {"message": "Invalid Form Body", "code": 50035, "errors": problem})
        return Answer(204)

    def _slack(self, path: str, request: ReceivedRequest) -> Answer:
        if path in self._removed:
            return Answer(404, b"no_service", {"Content-Type": "text/plain"})
        problem = _slack_problem(request)
        if problem:
            return Answer(400, problem.encode(), {"Content-Type": "text/plain"})
        return Answer(200, b"ok", {"Content-Type": "text/plain"})


def _json(status: int, body: Any) -> Answer:
    return Answer(status, json.dumps(body).encode(), {"Content-Type": "application/json"})


def _discord_problem(request: ReceivedRequest) -> str | None:
    try:
        body = request.json
    except ValueError:
        return "body is not JSON"
    content = body.get("content") or ""
    embeds = body.get("embeds") or []
    if not content and not embeds:
        return "Cannot send an empty message"
    if len(content) > 2000:
        return "content: Must be 2000 or fewer in length"
    if len(embeds) > 10:
        return "embeds: Must be 10 or fewer in length"
    total = 0
    for embed in embeds:
        title, description = embed.get("title") or "", embed.get("description") or ""
        if len(title) > 256 or len(description) > 4096:
            return "embed title or description too long"
        for key in ("url",):
            if key in embed and not str(embed[key]).startswith(("http://", "https://")):
                return f"embed {key}: Not a well formed URL"
        total += len(title) + len(description) + len((embed.get("footer") or {}).get("text") or "")
    if total > 6000:
        return "Embed size exceeds maximum size of 6000"
    return None


def _slack_problem(request: ReceivedRequest) -> str | None:
    try:
        body = request.json
    except ValueError:
        return "invalid_payload"
    blocks = body.get("blocks") or []
    if not body.get("text") and not blocks:
        return "no_text"
    if len(blocks) > 50:
        return "invalid_blocks"
    for block in blocks:
        text = (block.get("text") or {}).get("text", "")
        if block.get("type") == "section" and not 0 < len(text) <= 3000:
            return "invalid_blocks"
    return None


@pytest.fixture
def webhook_receiver() -> Iterator[WebhookReceiver]:
    """A running receiver; import this fixture into a conftest.py to use it."""
    with WebhookReceiver() as receiver:
        yield receiver
