"""The API's request ids (middleware and answer header) and its Prometheus metrics; the
request id itself and logging are core's (core/observability.py)."""

from __future__ import annotations

from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from prometheus_client import Counter, Histogram

from core.observability import REQUEST_ID_HEADER, VALID_REQUEST_ID, new_request_id, request_id_var

OFFERS_INGESTED = Counter(
    "offerwatch_offers_ingested_total", "Offers posted by the crawler, by outcome", ["outcome"]
)
LEASE_WAIT = Histogram(
    "offerwatch_lease_wait_seconds",
    "How late a due page was when a crawler leased it",
    buckets=(1, 5, 15, 30, 60, 120, 300, 900, 3600),
)
CRAWL_DURATION = Histogram(
    "offerwatch_crawl_duration_seconds",
    "From lease to completion of one listing page",
    buckets=(0.5, 1, 2, 5, 10, 30, 60, 120, 300),
)


def request_id_of(scope: Scope) -> str:
    """The request's id: a well-formed incoming X-Request-ID, or a new one, made once per request."""
    state = scope.setdefault("state", {})
    if "request_id" not in state:
        incoming = next(
            (value.decode("latin-1") for key, value in scope.get("headers", []) if key == b"x-request-id"),
            "",
        )
        state["request_id"] = incoming if VALID_REQUEST_ID.match(incoming) else new_request_id()
    return str(state["request_id"])


async def add_request_id_header(message: Message, scope: Scope) -> None:
    """`before_send` hook: every answer names its request id, Litestar's own 404 and 405 too
    (app middleware only wraps matched routes)."""
    if message["type"] == "http.response.start":
        headers = list(message.get("headers", []))
        headers.append((REQUEST_ID_HEADER.encode(), request_id_of(scope).encode()))
        message["headers"] = headers


class RequestIdMiddleware(ASGIMiddleware):
    """Log every line of a request's handling with its id."""

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        token = request_id_var.set(request_id_of(scope))
        try:
            await next_app(scope, receive, send)
        finally:
            request_id_var.reset(token)
