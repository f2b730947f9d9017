"""Offers found with a URL's own selectors: CSS, or XPath when the text starts with '/', '(',
'./' or '../'.

`item` selects the repeated container; `title`, `price`, `link` and `image` are looked up inside
each item. A missing field selector falls back to what the heuristic would take from the item.
"""

from __future__ import annotations

from typing import Any

from cssselect import SelectorError as CssSelectorError
from parsel import Selector, SelectorList

from crawler.extract.cards import image_source, seller_of, title_and_link
from crawler.extract.fields import OfferCollector, PageHints
from crawler.extract.prices import price_text_of
from crawler.items import Offer


class SelectorError(ValueError):
    """A selector of the URL is not valid CSS or XPath; the message names it."""


def is_xpath(query: str) -> bool:
    return query.lstrip().startswith(("/", "(", "./", "../"))


def _select(scope: Selector, name: str, query: str, inside: bool) -> SelectorList[Selector]:
    try:
        if is_xpath(query):
            query = query.strip()
            if inside and query.startswith("/"):
                query = "." + query  # an absolute path inside an item means "from this item"
            return scope.xpath(query)
        return scope.css(query)
    except (ValueError, SyntaxError, CssSelectorError) as exc:  # XPath: ValueError; CSS: cssselect's
        raise SelectorError(f"selector {name!r} is not valid: {query!r} ({exc})") from None


def _text(found: SelectorList[Selector]) -> str | None:
    for node in found:
        if isinstance(node.root, str):
            return node.root
        text = node.xpath("string()").get()
        if text and text.strip():
            return text
    return None


def _href(found: SelectorList[Selector]) -> str | None:
    for node in found:
        if isinstance(node.root, str):
            return node.root
        element = node.root
        if element.tag == "a" and element.get("href"):
            return element.get("href")
        anchor = next(element.iter("a"), None)
        if anchor is None:
            anchor = next(element.iterancestors("a"), None)
        if anchor is not None and anchor.get("href"):
            return anchor.get("href")
    return None


def extract_with_selectors(
    page: Selector, selectors: dict[str, Any], base_url: str, hints: PageHints
) -> tuple[list[Offer], int]:
    """Offers inside the items `selectors["item"]` matches, and how many items were dropped."""
    item_query = selectors.get("item")
    if not isinstance(item_query, str) or not item_query.strip():
        raise SelectorError("selector 'item' is missing")
    collector = OfferCollector(base_url, hints)
    for item in _select(page, "item", item_query, inside=False):
        if isinstance(item.root, str):
            raise SelectorError(f"selector 'item' must select elements, not text: {item_query!r}")
        fields: dict[str, Any] = {}
        for name in ("title", "price", "link", "image"):
            query = selectors.get(name)
            fields[name] = (
                _select(item, name, query, inside=True) if isinstance(query, str) and query else None
            )
        image = None
        if fields["image"] is not None:
            image = next(
                (image_source(node.root) for node in fields["image"] if not isinstance(node.root, str)),
                None,
            )
            image = image or next((node.root for node in fields["image"] if isinstance(node.root, str)), None)
        else:
            image = image_source(item.root)
        # Without a title or link selector, the heuristic's choice inside the item.
        fallback_title, fallback_link = (
            title_and_link(item.root) if fields["title"] is None or fields["link"] is None else (None, None)
        )
        collector.add(
            "selectors",
            url=_href(fields["link"]) if fields["link"] is not None else fallback_link,
            title=_text(fields["title"]) if fields["title"] is not None else fallback_title,
            price=_text(fields["price"]) if fields["price"] is not None else price_text_of(item.root),
            image=image,
            seller=seller_of(item.root),
        )
    return collector.result()
