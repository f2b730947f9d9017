"""Politeness per host: a Retry-After holds every request to that host, not only the retried one."""

from __future__ import annotations

import time

from scrapy import Request
from scrapy.http import Response
from scrapy.settings import Settings

from crawler.middlewares import BackoffRetryMiddleware


def middleware() -> BackoffRetryMiddleware:
    return BackoffRetryMiddleware(Settings({"RETRY_BACKOFF_BASE": 0.5, "RETRY_BACKOFF_MAX": 30.0}))


def test_a_429_retry_after_holds_every_url_of_that_host_only() -> None:
    retries = middleware()
    busy = Request("http://shop.example/list?page=1")
    retries.note_retry_after(busy, Response(busy.url, status=429, headers={"Retry-After": "20"}))
    assert retries.host_wait(Request("http://shop.example/other")) > 10
    assert retries.host_wait(Request("http://elsewhere.example/list")) == 0.0
    assert retries.host_wait(Request("http://shop.example:8080/list")) == 0.0


def test_a_success_or_a_retry_after_on_a_200_holds_nothing() -> None:
    retries = middleware()
    page = Request("http://shop.example/list")
    retries.note_retry_after(page, Response(page.url, status=200, headers={"Retry-After": "20"}))
    retries.note_retry_after(page, Response(page.url, status=429))
    assert retries.host_wait(page) == 0.0


async def test_a_held_host_waits_before_its_next_request() -> None:
    retries = middleware()
    busy = Request("http://shop.example/a")
    retries.note_retry_after(busy, Response(busy.url, status=503, headers={"Retry-After": "1"}))
    started = time.monotonic()
    await retries.process_request(Request("http://shop.example/b"))
    assert time.monotonic() - started >= 0.9  # a lower bound: holds however slow the machine
