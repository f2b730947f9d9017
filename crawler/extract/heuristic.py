"""Offers of pages without selectors or structured data: repeated sibling elements (cards in a
grid, table rows, list items) that each hold a link and a price-looking text.

Blocks that say what they are (nav, header, footer, aside; classes or ids such as "ad",
"sponsored", "recommended", "related", "pagination", "filters") are skipped, as are single items
marked as ads inside a listing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from parsel import Selector

from crawler.extract.fields import OfferCollector, PageHints, image_of
from crawler.items import Offer

SKIPPED_TAGS = frozenset(
    {"nav", "header", "footer", "aside", "script", "style", "noscript", "template", "select"}
)
SKIPPED_WORDS = frozenset(
    {
        "ad", "ads", "advert", "adverts", "advertisement", "sponsored", "promo", "promoted", "banner",
        "recommended", "recommendation", "recommendations", "related", "similar", "nav", "navbar",
        "navigation", "menu", "breadcrumb", "breadcrumbs", "pagination", "pager", "footer", "header",
        "cookie", "cookies", "upsell", "crosssell", "filter", "filters", "facet", "facets", "sidebar",
        "refine", "sort", "sorting",
    }
)  # fmt: skip
AD_WORDS = frozenset({"ad", "ads", "advert", "advertisement", "sponsored", "promoted"})
STRUCK_TAGS = frozenset({"del", "s", "strike"})
STRUCK_WORDS = frozenset({"old", "was", "strike", "strikethrough", "crossed", "before", "previous", "rrp"})
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")

_LETTER_SIGNS = (
    r"zł|zl|kr|Kč|Ft|lei|руб|грн|лв|CHF|PLN|EUR|USD|GBP|SEK|NOK|DKK|CZK|HUF|RUB|UAH|JPY|CAD|AUD|"  # noqa: RUF001
    r"RON|BGN|TRY|ILS|INR|BRL|MXN|NZD"
)
_SIGN = rf"(?:[$€£¥₹₽₴₩₺₪₫฿₱₦]|(?<![^\W\d_])(?:{_LETTER_SIGNS})(?![^\W\d_]))"
_NUMBER = r"\d(?:[\d.,'\u00a0\u202f ]*\d)?"
PRICE_PATTERN = re.compile(rf"{_SIGN}\s?{_NUMBER}|{_NUMBER}\s?{_SIGN}")
WORD_SPLIT = re.compile(r"[^a-z0-9]+")
MIN_GROUP = 2
MAX_PRICES_PER_ITEM = 3
MAX_PRICE_LABEL = 40


@dataclass(frozen=True)
class _Fields:
    url: str
    title: str | None
    price: str | None


def _words(element: Any) -> set[str]:
    text = f"{element.get('class', '')} {element.get('id', '')} {element.get('role', '')}".lower()
    return {word for word in WORD_SPLIT.split(text) if word}


def _is_struck(element: Any) -> bool:
    return element.tag in STRUCK_TAGS or bool(_words(element) & STRUCK_WORDS)


def _text_pieces(element: Any, struck: bool = False) -> Iterator[tuple[str, bool]]:
    """(text, struck-through?) pieces of an element in document order."""
    struck = struck or _is_struck(element)
    if element.text:
        yield element.text, struck
    for child in element:
        if isinstance(child.tag, str) and child.tag not in {"script", "style"}:
            yield from _text_pieces(child, struck)
        if child.tail:
            yield child.tail, struck


def _is_price_box(element: Any) -> bool:
    return "price" in (element.get("class") or "").lower() or element.get("itemprop") == "price"


def _price_texts(item: Any) -> list[str]:
    """Price-looking texts of an item that are not struck through (old prices)."""
    return [
        match.group(0)
        for text, struck in _text_pieces(item)
        if not struck
        for match in PRICE_PATTERN.finditer(text)
    ]


def price_text_of(item: Any, texts: list[str] | None = None) -> str | None:
    """The current price text: inside a price-classed element first, then anywhere in the item
    (`texts`: the item's _price_texts, when the caller has them already)."""
    for box in item.iter():
        if isinstance(box.tag, str) and _is_price_box(box) and not _is_struck(box):
            found = _price_texts(box)
            if found:
                return found[0]
            label = " ".join(text for text, struck in _text_pieces(box) if not struck).strip()
            if label and len(label) <= MAX_PRICE_LABEL:
                return label
    found = _price_texts(item) if texts is None else texts
    return found[0] if found else None


def _link_text(element: Any) -> str:
    return " ".join(" ".join(element.itertext()).split())


def _links(item: Any) -> list[Any]:
    return [a for a in item.iter("a") if (a.get("href") or "").strip()[:1] not in {"", "#"}]


def title_and_link(item: Any) -> tuple[str | None, str | None]:
    """The item's title (a heading, else the longest link text, else an image's alt) and its link."""
    title = url = None
    for heading in item.iter(*HEADINGS):
        title = _link_text(heading) or None
        anchor = next(heading.iterancestors("a"), None)
        if anchor is None:
            anchor = next(heading.iter("a"), None)
        if title and anchor is not None and anchor.get("href"):
            url = anchor.get("href")
        if title:
            break
    links = _links(item)
    if url is None and links:
        best = max(links, key=lambda a: len(_link_text(a)))
        url = best.get("href")
        title = title or _link_text(best) or best.get("title")
    if not title:
        image = next(item.iter("img"), None)
        title = image.get("alt") if image is not None else None
    return title, url


def offer_fields(item: Any) -> _Fields | None:
    """URL, title and price text of a candidate item, or None when it is not an offer."""
    if _words(item) & AD_WORDS or not _links(item):
        return None
    texts = _price_texts(item)
    if len(texts) > MAX_PRICES_PER_ITEM:
        return None
    price = price_text_of(item, texts)
    if price is None:
        return None
    title, url = title_and_link(item)
    return _Fields(url=url or "", title=title, price=price)


def _skipped(element: Any, cache: dict[Any, bool]) -> bool:
    """True when the element or an ancestor is navigation, an ad block or a recommendation."""
    if element is None or not isinstance(element.tag, str):
        return False
    if element not in cache:
        own = element.tag in SKIPPED_TAGS or bool(_words(element) & SKIPPED_WORDS)
        cache[element] = own or _skipped(element.getparent(), cache)
    return cache[element]


def _offer_groups(root: Any) -> list[list[tuple[Any, _Fields]]]:
    """Runs of same-tag siblings most of which look like offers, outermost groups only."""
    cache: dict[Any, bool] = {}
    groups: list[tuple[Any, list[tuple[Any, _Fields]]]] = []
    for parent in root.iter():
        if not isinstance(parent.tag, str) or len(parent) < MIN_GROUP or _skipped(parent, cache):
            continue
        by_tag: dict[str, list[Any]] = {}
        for child in parent:
            if isinstance(child.tag, str) and child.tag not in SKIPPED_TAGS:
                by_tag.setdefault(child.tag, []).append(child)
        for siblings in by_tag.values():
            if len(siblings) < MIN_GROUP:
                continue
            found = [(child, fields) for child in siblings if (fields := offer_fields(child)) is not None]
            if len(found) >= MIN_GROUP and len(found) * 2 >= len(siblings):
                groups.append((parent, found))
    members = {child for _, found in groups for child, _ in found}
    return [
        found
        for parent, found in groups
        if not any(ancestor in members for ancestor in parent.iterancestors())
    ]


def extract_heuristic(page: Selector, base_url: str, hints: PageHints) -> tuple[list[Offer], int]:
    """Offers found in repeated sibling elements, and how many candidates were dropped."""
    collector = OfferCollector(base_url, hints)
    for group in _offer_groups(page.root):
        for element, fields in group:
            collector.add(
                "heuristic",
                url=fields.url,
                title=fields.title,
                price=fields.price,
                image=image_of(element, base_url),
            )
    return collector.result()
