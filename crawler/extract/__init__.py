"""Every offer on a listing page: the URL's selectors, then structured data, then the heuristic.

Pure functions: HTML in, offers out, so they are tested without a crawl.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from parsel import Selector
from w3lib.html import get_base_url

from crawler.extract.fields import PageHints
from crawler.extract.heuristic import extract_heuristic
from crawler.extract.selectors import SelectorError, extract_with_selectors
from crawler.extract.structured import extract_structured
from crawler.items import Offer

__all__ = ["Extraction", "SelectorError", "extract_offers"]


@dataclass
class Extraction:
    """The offers of a page, which method found them, and how many candidates were dropped
    for want of a URL or a title."""

    offers: list[Offer] = field(default_factory=list)
    method: str | None = None
    dropped: int = 0


def extract_offers(html: str, url: str, selectors: dict[str, Any] | None = None) -> Extraction:
    """Offers on the page at `url`; the first method that finds any wins."""
    page = Selector(text=html, type="html")
    base_url = get_base_url(html, url, max_scan=4096)  # a <base href> sits in the head
    hints = PageHints(url=url, language=page.xpath("/html/@lang").get())
    dropped = 0
    if selectors:
        offers, lost = extract_with_selectors(page, selectors, base_url, hints)
        dropped += lost
        if offers:
            return Extraction(offers, "selectors", dropped)
    offers, lost = extract_structured(html, page, base_url, hints)
    dropped += lost
    if offers:
        return Extraction(offers, "structured", dropped)
    offers, lost = extract_heuristic(page, base_url, hints)
    return Extraction(offers, "heuristic" if offers else None, dropped + lost)
