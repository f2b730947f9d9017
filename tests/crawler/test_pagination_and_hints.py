"""Finding a listing's next page, and the hint a failed page gets (pure functions)."""

from __future__ import annotations

import pytest

from crawler.health_hints import FailureKind, classify, with_hint
from crawler.pagination import next_page_url

URL = "https://shop.example/search?q=tent"


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<link rel="next" href="/search?q=tent&page=2">', "https://shop.example/search?q=tent&page=2"),
        ('<a rel="next nofollow" href="?q=tent&page=2">2</a>', "https://shop.example/search?q=tent&page=2"),
        ('<nav><a href="/s?p=2">Next page</a></nav>', "https://shop.example/s?p=2"),
        ('<a href="/s/2" aria-label="Next">\u203a</a>', "https://shop.example/s/2"),
        (
            '<ul class="pagination"><li class="next"><a href="/s/2">\u2192</a></li></ul>',
            "https://shop.example/s/2",
        ),
        (
            '<a href="/search?q=tent&page=3">3</a><a href="/search?q=tent&page=2">2</a>',
            "https://shop.example/search?q=tent&page=2",
        ),
    ],
)
def test_next_page_is_found(html: str, expected: str) -> None:
    assert next_page_url(f"<html><body>{html}</body></html>", URL, 1) == expected


@pytest.mark.parametrize(
    "html",
    [
        '<a href="/item/next-gen-tent">Next-gen tent</a>',
        '<a href="#top">Next</a>',
        '<a href="javascript:more()">Next</a>',
        '<a href="/search?q=tent">Next</a>',
        '<a href="/search?q=tent&page=1">1</a>',
    ],
)
def test_no_next_page_is_invented(html: str) -> None:
    assert next_page_url(f"<html><body>{html}</body></html>", URL, 1) is None


def test_failures_are_told_apart() -> None:
    assert classify("the page answered HTTP 403", 403) is FailureKind.BLOCKED
    assert classify("the page answered HTTP 429", 429) is FailureKind.RATE_LIMITED
    assert classify("the page timed out: took longer than 30.0 seconds", None) is FailureKind.TIMED_OUT
    assert classify("no offers found on the page", 200) is FailureKind.UNPARSEABLE
    assert classify("the connection was refused: x", None) is FailureKind.OTHER
    assert "selectors" in with_hint("no offers found on the page", 200)
    assert "render_js" in with_hint("the page timed out: x", None)
    assert with_hint("the connection was refused: x", None) == "the connection was refused: x"
