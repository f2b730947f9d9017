"""Extraction quality over the corpus (tests/crawler/corpus), pinned so that a regression fails.

The thresholds are the figures the extractor reaches (rounded down to 3 places), not lower:
raise them with the extractor. `uv run python -m bench.extraction --details` shows what is missed.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from bench.extraction.corpus import CorpusPage, load_corpus
from bench.extraction.measure import score_pages
from bench.extraction.render import chromium_renderer
from bench.extraction.scoring import Score

# Totals over the static pages, and the lowest figure of any static page.
STATIC_THRESHOLDS = {
    "recall": 1.0,
    "precision": 1.0,
    "title": 1.0,
    "price": 1.0,
    "currency": 1.0,
    "image": 1.0,
    "stable": 1.0,
    "lowest_page": 1.0,
}
# The JavaScript pages' totals (rendered in Chromium).
JS_THRESHOLDS = {"recall": 1.0, "precision": 1.0, "title": 1.0, "price": 1.0, "currency": 1.0, "image": 1.0}
MIN_PAGES = 36
# The held-out pages (holdout_*: platforms written after the extractor reached the figures above,
# to check that it generalises), pinned apart so that the first pages keep their own floor.
HOLDOUT_PREFIX = "holdout_"
HOLDOUT_THRESHOLDS = {
    "recall": 1.0,
    "precision": 1.0,
    "title": 1.0,
    "price": 1.0,
    "currency": 1.0,
    "image": 1.0,
    "stable": 1.0,
    "lowest_page": 1.0,
}
MIN_HOLDOUT_PAGES = 10

PAGES = load_corpus()


def explain(scores: dict[str, Score]) -> str:
    lines = []
    for slug, score in scores.items():
        figures = " ".join(f"{name}={value:.3f}" for name, value in score.figures().items())
        lines.append(f"{slug}: {figures}")
    return "\n".join(lines)


def assert_reaches(scores: dict[str, Score], thresholds: dict[str, float]) -> None:
    total = sum(scores.values(), Score()).figures()
    total["lowest_page"] = min(score.lowest() for score in scores.values())
    below = {name: round(total[name], 4) for name, floor in thresholds.items() if total[name] < floor}
    assert not below, f"below the pinned figures: {below}\n{explain(scores)}"


def test_static_pages_reach_the_pinned_figures() -> None:
    static = [page for page in PAGES if not page.render_js and not page.slug.startswith(HOLDOUT_PREFIX)]
    assert len(static) >= MIN_PAGES
    assert_reaches(score_pages(static, None), STATIC_THRESHOLDS)


def test_held_out_pages_reach_the_pinned_figures() -> None:
    held_out = [page for page in PAGES if page.slug.startswith(HOLDOUT_PREFIX)]
    assert len(held_out) >= MIN_HOLDOUT_PAGES
    assert not any(page.render_js for page in held_out)
    assert_reaches(score_pages(held_out, None), HOLDOUT_THRESHOLDS)


def test_javascript_pages_reach_the_pinned_figures(chromium: str) -> None:
    rendered = [page for page in PAGES if page.render_js]
    if not rendered:
        pytest.skip("no JavaScript page in the corpus yet")
    with chromium_renderer(chromium) as render:
        scores = score_pages(rendered, render)
    assert_reaches(scores, JS_THRESHOLDS)


CURRENCY = re.compile(r"[A-Z]{3}")


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.slug)
def test_corpus_page_is_well_formed(page: CorpusPage) -> None:
    """The hand-written answers stay usable: small pages, absolute unique URLs, decimal prices."""
    assert len(page.body) < 60_000
    assert 1 <= len(page.expected) <= 40
    assert page.text()  # decodes as Scrapy would
    urls = [offer.url for offer in page.expected]
    assert len(set(urls)) == len(urls)
    for offer in page.expected:
        assert offer.url.startswith(("https://", "http://")), offer.url
        assert offer.title and offer.title == offer.title.strip(), offer.url
        assert offer.price is None or offer.price >= Decimal(0), offer.url
        assert (offer.currency is None) == (offer.price is None) or offer.price == 0, offer.url
        assert offer.currency is None or CURRENCY.fullmatch(offer.currency), offer.url
        assert offer.image_url is None or offer.image_url.startswith("http"), offer.url
