"""A local stand-in for Stripe's HTTP API, close enough for the real `stripe` library.

It speaks the wire format the library uses (form-encoded bodies with `a[b][0]` keys, Bearer key,
JSON objects with an `object` field, `{"error": {...}}` on failure, Idempotency-Key replay) for
the few endpoints offerwatch calls, and records every request with its decoded parameters so
tests can assert on what was sent.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from core.tiers import PAID_TIERS, price_variable

DEFAULT_KEY = "sk_test_offerwatch_fake_key"
# The fake account's prices: one per paid tier of ours, as a real account would have them.
PRICES = {tier: f"price_{tier}_monthly" for tier in PAID_TIERS}
DEFAULT_PRICE = PRICES[PAID_TIERS[0]]


def price_settings() -> dict[str, str]:
    """The STRIPE_PRICE_<TIER> variables that name the fake account's prices."""
    return {price_variable(tier): price for tier, price in PRICES.items()}


@dataclass
class RecordedRequest:
    method: str
    path: str
    params: dict[str, Any]
    headers: dict[str, str]


@dataclass
class _Failure:
    status: int
    error: dict[str, Any]


@dataclass
class FakeStripeState:
    api_key: str
    prices: set[str]
    requests: list[RecordedRequest] = field(default_factory=list)
    customers: dict[str, dict[str, Any]] = field(default_factory=dict)
    failures: dict[str, list[_Failure]] = field(default_factory=dict)
    idempotent: dict[tuple[str, str], tuple[int, dict[str, Any]]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    counter: itertools.count[int] = field(default_factory=lambda: itertools.count(1))


def decode_form(body: str) -> dict[str, Any]:
    """Stripe's form encoding back into nested dicts and lists (`a[0][b]=1` -> {"a": [{"b": "1"}]})."""
    root: dict[str, Any] = {}
    for key, value in parse_qsl(body, keep_blank_values=True):
        head, _, rest = key.partition("[")
        path = [head] + ([part.rstrip("]") for part in rest.split("[")] if rest else [])
        node = root
        for part in path[:-1]:
            node = node.setdefault(part, {})
        node[path[-1]] = value
    return _lists_from_indexed_dicts(root)


def _lists_from_indexed_dicts(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    converted = {key: _lists_from_indexed_dicts(item) for key, item in value.items()}
    if converted and all(key.isdigit() for key in converted):
        return [converted[key] for key in sorted(converted, key=int)]
    return converted


def _error(message: str, param: str | None = None, kind: str = "invalid_request_error") -> dict[str, Any]:
    error: dict[str, Any] = {"type": kind, "message": message}
    if param:
        error["param"] = param
    return {"error": error}


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        return  # keep test output quiet

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def _dispatch(self, method: str) -> None:
        state = self.server.state
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        params = decode_form(body if method == "POST" else parts.query)
        with state.lock:
            state.requests.append(
                RecordedRequest(method, parts.path, params, {k.lower(): v for k, v in self.headers.items()})
            )
            status, payload = self._answer(state, method, parts.path, params)
        self._send(status, payload)

    def _answer(
        self, state: FakeStripeState, method: str, path: str, params: dict[str, Any]
    ) -> tuple[int, dict[str, Any]]:
        if self.headers.get("Authorization") != f"Bearer {state.api_key}":
            return 401, _error("Invalid API Key provided: sk_****")
        queued = state.failures.get(path)
        if queued:
            failure = queued.pop(0)
            return failure.status, failure.error
        key = self.headers.get("Idempotency-Key")
        if method == "POST" and key and (path, key) in state.idempotent:
            return state.idempotent[(path, key)]
        status, payload = self._route(state, method, path, params)
        if method == "POST" and key and status < 500:
            state.idempotent[(path, key)] = (status, payload)
        return status, payload

    def _route(
        self, state: FakeStripeState, method: str, path: str, params: dict[str, Any]
    ) -> tuple[int, dict[str, Any]]:
        now = int(time.time())
        serial = next(state.counter)
        if method == "POST" and path == "/v1/customers":
            customer = {
                "id": f"cus_fake{serial:06d}",
                "object": "customer",
                "email": params.get("email"),
                "name": params.get("name"),
                "metadata": params.get("metadata", {}),
                "created": now,
                "livemode": False,
            }
            state.customers[customer["id"]] = customer
            return 200, customer
        if method == "POST" and path == "/v1/checkout/sessions":
            return self._checkout_session(state, params, serial, now)
        if method == "POST" and path == "/v1/billing_portal/sessions":
            owner = params.get("customer")
            if not owner:
                return 400, _error("Missing required param: customer.", "customer")
            if owner not in state.customers:
                return 400, _error(f"No such customer: '{owner}'", "customer")
            session_id = f"bps_fake{serial:06d}"
            return 200, {
                "id": session_id,
                "object": "billing_portal.session",
                "customer": owner,
                "return_url": params.get("return_url"),
                "url": f"https://billing.stripe.com/p/session/{session_id}",
                "created": now,
                "livemode": False,
            }
        return 404, _error(f"Unrecognized request URL ({method}: {path}).")

    def _checkout_session(
        self, state: FakeStripeState, params: dict[str, Any], serial: int, now: int
    ) -> tuple[int, dict[str, Any]]:
        for required in ("mode", "success_url"):
            if not params.get(required):
                return 400, _error(f"Missing required param: {required}.", required)
        if params["mode"] not in {"payment", "setup", "subscription"}:
            return 400, _error(f"Invalid mode: {params['mode']}", "mode")
        line_items = params.get("line_items") or []
        if params["mode"] == "subscription" and not line_items:
            return 400, _error("line_items is required in subscription mode.", "line_items")
        for index, item in enumerate(line_items):
            if item.get("price") not in state.prices:
                return 400, _error(f"No such price: '{item.get('price')}'", f"line_items[{index}][price]")
        customer = params.get("customer")
        if customer and customer not in state.customers:
            return 400, _error(f"No such customer: '{customer}'", "customer")
        session_id = f"cs_test_fake{serial:06d}"
        return 200, {
            "id": session_id,
            "object": "checkout.session",
            "mode": params["mode"],
            "customer": customer,
            "client_reference_id": params.get("client_reference_id"),
            "success_url": params.get("success_url"),
            "cancel_url": params.get("cancel_url"),
            "metadata": params.get("metadata", {}),
            "status": "open",
            "payment_status": "unpaid",
            "subscription": None,
            "url": f"https://checkout.stripe.com/c/pay/{session_id}",
            "created": now,
            "livemode": False,
        }

    def _send(self, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Request-Id", f"req_fake{int(time.time() * 1000)}")
        self.end_headers()
        self.wfile.write(data)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    state: FakeStripeState


class FakeStripeServer:
    """Runs on 127.0.0.1 on a free port in a background thread; `root` is its STRIPE_API_BASE."""

    def __init__(self, api_key: str = DEFAULT_KEY, prices: tuple[str, ...] = tuple(PRICES.values())) -> None:
        self.state = FakeStripeState(api_key=api_key, prices=set(prices))
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.state = self.state
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-stripe", daemon=True)

    @property
    def root(self) -> str:
        port = self._server.server_address[1]
        return f"http://127.0.0.1:{port}"

    def start(self) -> FakeStripeServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> FakeStripeServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def requests_to(self, path: str, method: str = "POST") -> list[RecordedRequest]:
        with self.state.lock:
            return [r for r in self.state.requests if r.path == path and r.method == method]

    def fail_next(self, path: str, status: int, message: str, kind: str = "api_error") -> None:
        """The next request to `path` answers `status` with a Stripe error body."""
        with self.state.lock:
            self.state.failures.setdefault(path, []).append(_Failure(status, _error(message, kind=kind)))
