"""The retry middleware's pauses: doubling per retry, capped, and a 429's Retry-After honoured.
(test_crawl.py retries a real flaky page; these pin the numbers.)"""

from __future__ import annotations

from scrapy import Request
from scrapy.http import Response
from scrapy.settings import Settings

from crawler.middlewares import BackoffRetryMiddleware

URL = "http://shop.example/list"


def middleware() -> BackoffRetryMiddleware:
    return BackoffRetryMiddleware(Settings({"RETRY_BACKOFF_BASE": 0.5, "RETRY_BACKOFF_MAX": 4.0}))


def retry(times: int) -> Request:
    return Request(URL, meta={"retry_times": times})


def test_the_pause_doubles_with_each_retry_up_to_the_cap() -> None:
    assert [middleware()._delay(retry(n)) for n in (1, 2, 3, 4, 5)] == [0.5, 1.0, 2.0, 4.0, 4.0]


def test_a_retry_after_in_seconds_is_honoured_up_to_the_cap() -> None:
    def answer(retry_after: str) -> Response:
        return Response(URL, status=429, headers={"Retry-After": retry_after})

    assert middleware()._delay(retry(1), answer("3")) == 3.0
    assert middleware()._delay(retry(1), answer("120")) == 4.0
    # An HTTP-date, or nonsense, falls back to the ordinary pause.
    assert middleware()._delay(retry(2), answer("Wed, 21 Oct 2026 07:28:00 GMT")) == 1.0
    assert middleware()._delay(retry(2), answer("-5")) == 1.0
