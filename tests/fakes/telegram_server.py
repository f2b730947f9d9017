"""A local stand-in for Telegram's Bot API server, spoken to through the real python-telegram-bot.

Requests arrive at /bot<token>/<method> form-encoded, multipart or as JSON, as on Telegram's own
server; answers are {"ok": true, "result": ...} or {"ok": false, "error_code": ..., "description":
..., "parameters": {...}}. Every request is recorded (method and decoded parameters); a test can
script failures for the next N calls of a method or for a chat, queue updates for getUpdates, and
wait for messages without fixed sleeps.

Use it as a fixture (`fake_telegram`, re-exported from a conftest.py) or directly:

    with FakeTelegram(token="123:abc") as telegram:
        settings = ...TELEGRAM_API_BASE_URL=telegram.base_url, TELEGRAM_BOT_TOKEN=telegram.token
        ...
        [message] = telegram.wait_for_messages(1)
        assert message.params["chat_id"] == "42"   # form-encoded: values arrive as text
"""

from __future__ import annotations

import asyncio
import email.parser
import email.policy
import itertools
import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

import pytest

DEFAULT_TOKEN = "123456:TEST-fake-telegram-token"
BOT_ID = 123456
MESSAGE_METHODS = frozenset({"sendMessage", "sendPhoto"})


@dataclass
class TelegramRequest:
    """One call the server received."""

    method: str
    params: dict[str, Any]
    token: str
    received_at: float  # time.time()
    ok: bool = True
    response: dict[str, Any] = field(default_factory=dict)

    @property
    def chat_id(self) -> str | None:
        value = self.params.get("chat_id")
        return None if value is None else str(value)

    @property
    def text(self) -> str:
        """The message text or photo caption ("" when there is neither)."""
        return str(self.params.get("text", self.params.get("caption", "")))


@dataclass(frozen=True)
class RateLimits:
    per_second: int
    chat_gap: float
    tolerance: float


@dataclass
class ScriptedFailure:
    status: int
    description: str
    retry_after: int | None = None
    remaining: int | None = None  # None: every matching call fails
    parameters: dict[str, Any] | None = None  # more ResponseParameters, e.g. migrate_to_chat_id


def _decode_value(value: str) -> Any:
    # PTB sends nested objects (reply_markup, entities) as JSON text inside form fields.
    if value[:1] in "[{":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _parse_body(content_type: str, body: bytes) -> dict[str, Any]:
    if not body:
        return {}
    if content_type.startswith("application/json"):
        data = json.loads(body)
        return {
            key: value if not isinstance(value, int | float) else str(value) for key, value in data.items()
        }
    if content_type.startswith("multipart/form-data"):
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body
        )
        params: dict[str, Any] = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True)
            payload = payload if isinstance(payload, bytes) else b""
            if part.get_filename():
                params[str(name)] = {"filename": part.get_filename(), "size": len(payload)}
            else:
                params[str(name)] = _decode_value(payload.decode())
        return params
    return {key: _decode_value(value) for key, value in parse_qsl(body.decode(), keep_blank_values=True)}


class FakeTelegram:
    """The fake server; starts on a free port on 127.0.0.1 in a background thread."""

    def __init__(self, token: str = DEFAULT_TOKEN, bot_username: str = "offerwatch_bot") -> None:
        self.token = token
        self.bot_username = bot_username
        self.requests: list[TelegramRequest] = []
        self.webhook_url = ""
        self.webhook_secret = ""
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1)
        self._method_failures: dict[str, list[ScriptedFailure]] = {}
        self._chat_failures: dict[str, ScriptedFailure] = {}
        self._changed = threading.Condition()
        self._limits: RateLimits | None = None
        self._chat_last: dict[str, float] = {}
        self._recent: list[float] = []  # acceptance times of the last second's messages
        self.on_message: Callable[[TelegramRequest], None] | None = None
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle -----------------------------------------------------------------------

    def start(self) -> FakeTelegram:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as PTB's httpx client expects

            def do_POST(self) -> None:
                fake._handle(self)

            do_GET = do_POST

            def log_message(self, format: str, *args: Any) -> None:
                return None

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        # A short poll interval: stop() waits for it, once per test that uses the fake.
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), name="fake-telegram", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeTelegram:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        """The server root, for TELEGRAM_API_BASE_URL (requests go to <root>/bot<token>/<method>)."""
        assert self._server is not None, "start() the fake first"
        port = self._server.server_address[1]
        return f"http://127.0.0.1:{port}"

    def settings_overrides(self) -> dict[str, str]:
        """Environment-style settings pointing the system at this server."""
        return {"TELEGRAM_API_BASE_URL": self.base_url, "TELEGRAM_BOT_TOKEN": self.token}

    # --- scripting -------------------------------------------------------------------------

    def fail_next(
        self,
        method: str,
        status: int,
        description: str = "",
        *,
        times: int = 1,
        retry_after: int | None = None,
        parameters: dict[str, Any] | None = None,
    ) -> None:
        """The next `times` calls of `method` fail with `status` (429 carries `retry_after`)."""
        with self._changed:
            self._method_failures.setdefault(method, []).append(
                ScriptedFailure(
                    status, description or _default_description(status), retry_after, times, parameters
                )
            )

    def fail_chat(
        self,
        chat_id: int | str,
        status: int,
        description: str = "",
        *,
        times: int | None = None,
        retry_after: int | None = None,
    ) -> None:
        """Messages to `chat_id` fail with `status`, `times` times or (None) until cleared."""
        with self._changed:
            self._chat_failures[str(chat_id)] = ScriptedFailure(
                status, description or _default_description(status), retry_after, times
            )

    def enforce_limits(self, per_second: int = 30, chat_gap: float = 1.0, tolerance: float = 0.05) -> None:
        """Answer 429 as Telegram does when a message exceeds the bot's `per_second` (in a sliding
        second) or comes less than `chat_gap` after the chat's previous one. `tolerance` seconds
        are forgiven on both (the second and the gap): a request's time on the network varies."""
        with self._changed:
            self._limits = RateLimits(per_second, chat_gap, tolerance)

    @property
    def throttled(self) -> list[TelegramRequest]:
        """Messages answered 429 (scripted or by `enforce_limits`)."""
        with self._changed:
            return [
                r
                for r in self.requests
                if r.method in MESSAGE_METHODS and r.response.get("error_code") == 429
            ]

    def clear_failures(self) -> None:
        with self._changed:
            self._method_failures.clear()
            self._chat_failures.clear()

    def queue_update(self, update: dict[str, Any]) -> int:
        """Queue an update for getUpdates; an update_id is assigned when missing. Returns it."""
        with self._changed:
            update = dict(update)
            update.setdefault("update_id", next(self._update_ids))
            self._updates.append(update)
            self._changed.notify_all()
            return int(update["update_id"])

    # --- looking at what arrived ------------------------------------------------------------

    def calls(self, method: str | None = None) -> list[TelegramRequest]:
        with self._changed:
            return [r for r in self.requests if method is None or r.method == method]

    @property
    def messages(self) -> list[TelegramRequest]:
        """Messages the server accepted (sendMessage and sendPhoto answered ok)."""
        with self._changed:
            return [r for r in self.requests if r.method in MESSAGE_METHODS and r.ok]

    def wait_for_requests(
        self, count: int, method: str | None = None, timeout: float = 10.0
    ) -> list[TelegramRequest]:
        """Block until `count` requests (of `method`) arrived; AssertionError after `timeout`."""
        return self._wait(
            lambda r: method is None or r.method == method, count, timeout, method or "requests"
        )

    def wait_for_messages(self, count: int, timeout: float = 10.0) -> list[TelegramRequest]:
        """Block until `count` messages were accepted; AssertionError after `timeout`."""
        return self._wait(lambda r: r.method in MESSAGE_METHODS and r.ok, count, timeout, "messages")

    async def await_messages(self, count: int, timeout: float = 10.0) -> list[TelegramRequest]:
        """`wait_for_messages` for async tests (runs in a thread: the event loop keeps going)."""
        return await asyncio.to_thread(self.wait_for_messages, count, timeout)

    async def await_requests(
        self, count: int, method: str | None = None, timeout: float = 10.0
    ) -> list[TelegramRequest]:
        return await asyncio.to_thread(self.wait_for_requests, count, method, timeout)

    def _wait(self, match: Any, count: int, timeout: float, what: str) -> list[TelegramRequest]:
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = [r for r in self.requests if match(r)]
                if len(found) >= count:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"fake Telegram got {len(found)} {what}, expected {count}: {found}")
                self._changed.wait(left)

    # --- the protocol ------------------------------------------------------------------------

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        path = handler.path.split("?", 1)[0]
        parts = path.strip("/").split("/")
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        if len(parts) != 2 or not parts[0].startswith("bot"):
            self._reply(handler, 404, {"ok": False, "error_code": 404, "description": "Not Found"})
            return
        token, method = parts[0][3:], parts[1]
        try:
            params = _parse_body(handler.headers.get("Content-Type", ""), body)
        except ValueError as exc:
            self._reply(handler, 400, _error(400, f"Bad Request: cannot parse body: {exc}"))
            return
        request = TelegramRequest(method=method, params=params, token=token, received_at=time.time())
        status, response = self._answer(request)
        request.ok = bool(response.get("ok"))
        request.response = response
        with self._changed:
            self.requests.append(request)
            self._changed.notify_all()
        self._reply(handler, status, response)

    def _answer(self, request: TelegramRequest) -> tuple[int, dict[str, Any]]:
        if request.token != self.token:
            return 401, _error(401, "Unauthorized")
        failure = self._take_failure(request)
        if failure is not None:
            return failure.status, _error(
                failure.status, failure.description, failure.retry_after, failure.parameters
            )
        handler = getattr(self, f"_api_{request.method}", None)
        if handler is None:
            return 404, _error(404, "Not Found: method not found")
        if request.method in MESSAGE_METHODS:
            over = self._over_limit(request)
            if over is not None:
                return 429, _error(429, f"Too Many Requests: retry after 1 ({over} limit)", 1)
        answer = 200, {"ok": True, "result": handler(request.params)}
        if request.method in MESSAGE_METHODS and self.on_message is not None:
            self.on_message(request)  # e.g. a database outage right after Telegram accepted it
        return answer

    def _over_limit(self, request: TelegramRequest) -> str | None:
        """Which enforced limit this message breaks ("chat" or "bot"), else None (and counted)."""
        with self._changed:
            limits = self._limits
            if limits is None:
                return None
            now = time.monotonic()
            self._recent = [t for t in self._recent if t > now - (1.0 - limits.tolerance)]
            chat = request.chat_id or ""
            last = self._chat_last.get(chat)
            if last is not None and now - last < limits.chat_gap - limits.tolerance:
                return "chat"
            if len(self._recent) >= limits.per_second:
                return "bot"
            self._recent.append(now)
            self._chat_last[chat] = now
            return None

    def _take_failure(self, request: TelegramRequest) -> ScriptedFailure | None:
        with self._changed:
            scripted = self._method_failures.get(request.method) or []
            if scripted:
                failure = scripted[0]
                return self._consume(failure, lambda: scripted.pop(0))
            chat = request.chat_id
            if chat is not None and chat in self._chat_failures and request.method in MESSAGE_METHODS:
                failure = self._chat_failures[chat]
                return self._consume(failure, lambda: self._chat_failures.pop(chat))
        return None

    @staticmethod
    def _consume(failure: ScriptedFailure, drop: Any) -> ScriptedFailure:
        if failure.remaining is not None:
            failure.remaining -= 1
            if failure.remaining <= 0:
                drop()
        return failure

    def _message(self, params: dict[str, Any], **content: Any) -> dict[str, Any]:
        chat_id = int(params.get("chat_id", 0))
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "group", "title": "chat"},
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "offerwatch", "username": self.bot_username},
            **content,
        }
        if isinstance(params.get("reply_markup"), dict):
            message["reply_markup"] = params["reply_markup"]
        return message

    def _api_getMe(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": BOT_ID,
            "is_bot": True,
            "first_name": "offerwatch",
            "username": self.bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    def _api_sendMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._message(params, text=str(params.get("text", "")))

    def _api_sendPhoto(self, params: dict[str, Any]) -> dict[str, Any]:
        photo = [{"file_id": "photo-1", "file_unique_id": "u-photo-1", "width": 320, "height": 240}]
        return self._message(params, photo=photo, caption=str(params.get("caption", "")))

    def _api_answerCallbackQuery(self, params: dict[str, Any]) -> bool:
        return True

    def _api_editMessageReplyMarkup(self, params: dict[str, Any]) -> Any:
        if "inline_message_id" in params:
            return True
        message = self._message(params, text="")
        message["message_id"] = int(params.get("message_id", 0))
        return message

    def _api_setWebhook(self, params: dict[str, Any]) -> bool:
        self.webhook_url = str(params.get("url", ""))
        self.webhook_secret = str(params.get("secret_token", ""))
        return True

    def _api_deleteWebhook(self, params: dict[str, Any]) -> bool:
        self.webhook_url = ""
        return True

    def _api_getWebhookInfo(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            "url": self.webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }

    def _api_getUpdates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        # Long polling, shortened: wait at most a second for an update to be queued.
        wait = min(float(params.get("timeout") or 0), 1.0)
        deadline = time.monotonic() + wait
        with self._changed:
            # Confirmed updates (below offset) are forgotten, as Telegram does.
            self._updates = [u for u in self._updates if int(u["update_id"]) >= offset]
            while not self._updates and time.monotonic() < deadline:
                self._changed.wait(deadline - time.monotonic())
            limit = int(params.get("limit") or 100)
            return list(self._updates[:limit])

    @staticmethod
    def _reply(handler: BaseHTTPRequestHandler, status: int, payload: dict[str, Any]) -> None:
        body = json.dumps(payload).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)


def _default_description(status: int) -> str:
    return {
        400: "Bad Request: wrong file identifier/HTTP URL specified",
        403: "Forbidden: bot was blocked by the user",
        429: "Too Many Requests: retry later",
    }.get(status, f"{HTTPStatus(status).phrase}" if status in HTTPStatus._value2member_map_ else "Error")


def _error(
    status: int,
    description: str,
    retry_after: int | None = None,
    parameters: dict[str, Any] | None = None,
) -> dict[str, Any]:
    payload: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
    extra = {**(parameters or {}), **({"retry_after": retry_after} if retry_after is not None else {})}
    if extra:
        payload["parameters"] = extra
    return payload


@pytest.fixture
def fake_telegram() -> Iterator[FakeTelegram]:
    """A running fake Telegram Bot API server; import this fixture into a conftest.py to use it."""
    with FakeTelegram() as telegram:
        yield telegram
