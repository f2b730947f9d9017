"""Every offer on a listing page. Each method yields candidate lists (the URL's selectors; each
schema.org list and page-state array; each kind of repeated card) and choice.py picks the list
that explains the page best; the URL's own selectors win whenever they find offers.

Pure functions: HTML in, offers out, so they are tested without a crawl. The page is parsed once.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from lxml import etree
from parsel import Selector
from parsel.selector import create_root_node
from w3lib.html import get_base_url

from crawler.extract.choice import Candidate, choose
from crawler.extract.fields import PageHints, currency_code
from crawler.extract.heuristic import extract_heuristic, link_key, links_only_outside_listings
from crawler.extract.identity import stable_urls
from crawler.extract.selectors import SelectorError, extract_with_selectors
from crawler.extract.structured import extract_structured
from crawler.items import Offer

__all__ = ["Extraction", "SelectorError", "extract_offers"]

# Compiled once and run on the lxml root: a parsel query builds a Selector per result.
PAGE_CURRENCY = etree.XPath(
    "//meta[@property='og:price:currency' or @property='product:price:currency'"
    " or @itemprop='priceCurrency']/@content",
    smart_strings=False,
)
PAGE_LANGUAGE = etree.XPath("/html/@lang", smart_strings=False)


@dataclass
class Extraction:
    """The offers of a page, which method found them, and how many candidates were dropped
    for want of a URL or a title."""

    offers: list[Offer] = field(default_factory=list)
    method: str | None = None
    dropped: int = 0


def parse_page(html: str) -> Selector:
    """The page parsed once, for every method. lxml's plain HTML parser: lxml.html's element
    classes cost a Python call for every element the extraction touches."""
    return Selector(root=create_root_node(html, etree.HTMLParser), type="html")


def page_hints(page: Selector, url: str) -> PageHints:
    """The page's URL, language and declared currency."""
    currencies, languages = PAGE_CURRENCY(page.root), PAGE_LANGUAGE(page.root)
    currency = currency_code(currencies[0] if currencies else None)
    return PageHints(url=url, language=languages[0] if languages else None, currency=currency)


def _without_outside_links(candidates: list[Candidate], page: Selector) -> list[Candidate]:
    """Structured offers linked only from navigation, ads or "similar items" blocks are dropped."""
    outside = links_only_outside_listings(page.root)
    if not outside:
        return candidates
    return [
        candidate
        if candidate.method == "heuristic"
        else replace(candidate, offers=[o for o in candidate.offers if link_key(o.url) not in outside])
        for candidate in candidates
    ]


def extract_offers(html: str, url: str, selectors: dict[str, Any] | None = None) -> Extraction:
    """Offers on the page at `url`, from the candidate list that explains the page best."""
    page = parse_page(html)
    base_url = get_base_url(html, url, max_scan=4096)  # a <base href> sits in the head
    hints = page_hints(page, url)
    if selectors:
        offers, dropped = extract_with_selectors(page, selectors, base_url, hints)
        if offers:
            return Extraction(stable_urls(offers), "selectors", dropped)
    candidates = [
        Candidate(method, offers, dropped)
        for method, offers, dropped in extract_structured(html, page, base_url, hints)
    ]
    candidates += [
        Candidate("heuristic", offers, dropped)
        for offers, dropped in extract_heuristic(page, base_url, hints)
    ]
    if any(candidate.method != "heuristic" and candidate.offers for candidate in candidates):
        candidates = _without_outside_links(candidates, page)
    best = choose(candidates, url)
    dropped = sum(candidate.dropped for candidate in candidates)
    if best is None:
        return Extraction([], None, dropped)
    method = "structured" if best.method == "page-state" else best.method
    return Extraction(stable_urls(best.offers), method, best.dropped)
