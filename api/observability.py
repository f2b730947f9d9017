"""Logs, request ids and Prometheus metrics shared by the api, the notifier and the crawler.

A request id travels with the work it started: the API takes it from `X-Request-ID` (the
crawler sends one per job) or makes one, logs with it, hands it to the Dramatiq messages it
sends, and the notifier logs with it while delivering. One offer can be followed across
processes by that id.
"""

from __future__ import annotations

import logging
import re
import sys
import uuid
from contextvars import ContextVar

from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from prometheus_client import Counter, Histogram
from pythonjsonlogger.json import JsonFormatter

REQUEST_ID_HEADER = "x-request-id"
_VALID_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)

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


def new_request_id() -> str:
    return uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get() or "-"
        return True


def configure_logging(level: str = "INFO", json: bool = False) -> None:
    """JSON lines in production, readable lines in a terminal; every record has request_id."""
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(RequestIdFilter())
    if json:
        handler.setFormatter(
            JsonFormatter(
                "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
                rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
            )
        )
    else:
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)-5s [%(request_id)s] %(name)s: %(message)s")
        )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # One line per HTTP call made by our clients is noise at INFO.
    logging.getLogger("httpx").setLevel(max(logging.WARNING, root.level))


def request_id_of(scope: Scope) -> str:
    """The request's id: a well-formed incoming X-Request-ID, or a new one, made once per request."""
    state = scope.setdefault("state", {})
    if "request_id" not in state:
        incoming = next(
            (value.decode("latin-1") for key, value in scope.get("headers", []) if key == b"x-request-id"),
            "",
        )
        state["request_id"] = incoming if _VALID_ID.match(incoming) else new_request_id()
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
