"""Offers of pages without selectors or structured data: repeated sibling elements (cards in a
grid, table rows, list items) that each hold a link, a title and something more (a price, an
image, a heading or text of their own; a bare list of links is a menu).

Each run of such siblings is one candidate list; the chooser (choice.py) weighs them against
each other and against the structured data. Blocks that say what they are (nav, header, footer,
aside; classes or ids such as "sponsored", "recommended", "sidebar", "filters"; a heading such
as "Recently viewed") are skipped. Skip words count on the block and its near ancestors only,
never on <html>, <body>, <main> or a wrapper holding most of the page (a "has-sidebar" layout).
Hidden blocks (<template>, `hidden`, display:none) and cards marked as ads are skipped too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from lxml import etree
from parsel import Selector

from crawler.extract.cards import (
    HEADINGS,
    content_links,
    image_source,
    is_ad,
    is_ad_class,
    is_content_href,
    link_count,
    seller_of,
    title_and_link,
    visible_text,
)
from crawler.extract.fields import OfferCollector, PageHints
from crawler.extract.identity import is_tracking
from crawler.extract.prices import class_words, is_hidden, price_text_of
from crawler.items import Offer

SKIPPED_TAGS = frozenset(
    {"nav", "header", "footer", "aside", "script", "style", "noscript", "template", "select", "thead"}
)
SKIPPED_WORDS = frozenset(
    {
        "advert", "adverts", "advertisement", "sponsored", "promo", "promoted", "banner",
        "recommended", "recommendation", "recommendations", "related", "similar", "nav", "navbar",
        "navigation", "menu", "breadcrumb", "breadcrumbs", "pagination", "pager", "footer", "header",
        "cookie", "cookies", "upsell", "crosssell", "filter", "filters", "facet", "facets", "sidebar",
        "refine", "sort", "sorting", "recently", "viewed", "history", "carousel", "suggestions",
        "megamenu", "dropdown", "modal", "popup", "minicart", "topbar", "toolbar",
    }
)  # fmt: skip
# Headings of blocks that are not the listing.
SKIPPED_HEADING = re.compile(
    r"recommended|recently viewed|you (?:may|might) also|similar (?:items|products|ads|listings)|"
    r"related (?:items|products)|customers (?:also|who)|sponsored|inspired by|people also|"
    r"frequently bought|zuletzt angesehen|ähnliche|das könnte|empfohlen|vous aimerez|récemment consultés|"
    r"annonces similaires|похожие|вы (?:смотрели|недавно)|рекомендуем|podobne|ostatnio oglądane|"
    r"polecane|vergelijkbare|おすすめ|最近チェック|関連商品",
    re.IGNORECASE,
)
PAGE_TAGS = frozenset({"html", "body", "main", "form"})
LISTING_WORDS = frozenset(
    {"result", "results", "listing", "listings", "items", "products", "product", "grid", "list", "search",
     "offers", "offer", "ads", "catalog", "catalogue", "card", "item", "tile", "hit", "hits"}
)  # fmt: skip
NEAR_ANCESTORS = 3
LINK_REACH = NEAR_ANCESTORS + 6  # a link sits inside its card, a few levels below the block
LAYOUT_SHARE = 0.5  # a wrapper holding most of the page's links is layout, not a block
MIN_GROUP = 2
MAX_LABEL = 80


@dataclass(frozen=True)
class Card:
    """What a candidate card holds, as written on the page (price text unparsed)."""

    element: Any
    url: str
    title: str
    price: str | None
    image: str | None
    rich: bool  # more than a bare link: a price, an image, a heading or text of its own


def read_card(card: Any) -> Card | None:
    """The card's link, title, price and image; None when it is not an offer (no link or title,
    an ad, hidden, or a block of many links)."""
    if is_hidden(card) or _header_row(card):
        return None
    links = content_links(card)
    if not links or len({a.get("href") for a in links}) > MAX_ITEM_LINKS:
        return None
    # A block holding several cards is a container, not a card (cheap: no text is read).
    if sum(1 for _ in card.iter(*HEADINGS)) > MAX_ITEM_HEADINGS or is_ad(card):
        return None
    title, url = title_and_link(card, links)
    if not title or not url:
        return None
    price = price_text_of(card)
    image = image_source(card)
    rich = bool(price or image or next(card.iter(*HEADINGS), None) is not None)
    if not rich:
        rich = len(visible_text(card)) > len(title) + 3
    return Card(card, url, title, price, image, rich)


MAX_ITEM_LINKS = 4
HREFS = etree.XPath("descendant-or-self::a/@href", smart_strings=False)  # plain str: cached
MAX_ITEM_HEADINGS = 2


def _header_row(card: Any) -> bool:
    """A table's header row (<th> cells, or cells classed as headings): sort links, not an offer."""
    if card.tag != "tr":
        return False
    cells = [cell for cell in card if isinstance(cell.tag, str)]
    return bool(cells) and all(cell.tag == "th" or class_words(cell) & HEADER_WORDS for cell in cells)


HEADER_WORDS = frozenset({"heading", "header", "head"})


def links_below(root: Any) -> dict[Any, int]:
    """How many <a> elements each element holds (itself not counted; elements without any are
    left out), counted in one pass over the page's links rather than a query per element."""
    counts: dict[Any, int] = {}
    for anchor in root.iter("a"):
        for ancestor in anchor.iterancestors():
            counts[ancestor] = counts.get(ancestor, 0) + 1
    return counts


class _Skips:
    """Which blocks of one page are not the listing (memoised per element)."""

    def __init__(self, root: Any, links: dict[Any, int]) -> None:
        self.links = links
        self.page_links = sum(1 for _ in root.iter("a"))
        self.cache: dict[Any, bool] = {}
        self.hidden: dict[Any, bool] = {}

    def _is_layout(self, element: Any) -> bool:
        return element.tag in PAGE_TAGS or self.links.get(element, 0) > LAYOUT_SHARE * self.page_links

    def _hidden(self, element: Any) -> bool:
        if element is None or not isinstance(element.tag, str):
            return False
        if element not in self.hidden:
            self.hidden[element] = (
                is_hidden(element)
                or (element.tag in SKIPPED_TAGS and not self._is_layout(element))
                or self._hidden(element.getparent())
            )
        return self.hidden[element]

    def skipped(self, block: Any, reach: int = NEAR_ANCESTORS) -> bool:
        """True for navigation, ads, recommendations, hidden blocks; page-level wrappers never count.
        `reach`: how many ancestors up a label counts."""
        if block not in self.cache:
            self.cache[block] = self._hidden(block) or self._labelled(block, reach)
        return self.cache[block]

    def _labelled(self, block: Any, reach: int) -> bool:
        element = block
        for _ in range(reach + 1):
            if element is None or not isinstance(element.tag, str) or element.tag in PAGE_TAGS:
                return False
            if (
                class_words(element) & SKIPPED_WORDS or is_ad_class(element) or _heading_before(element)
            ) and not self._is_layout(element):
                return True
            element = element.getparent()
        return False


def _heading_before(element: Any) -> bool:
    """The block's own title (the element right before it, when short) names a non-listing block."""
    previous = element.getprevious()
    while previous is not None and not isinstance(previous.tag, str):
        previous = previous.getprevious()
    if previous is None or previous.tag in {"script", "style"}:
        return False
    text = " ".join(" ".join(previous.itertext()).split())
    return bool(text) and len(text) <= MAX_LABEL and bool(SKIPPED_HEADING.search(text))


def _signature(element: Any) -> tuple[str, frozenset[str]]:
    return element.tag, frozenset(word for word in class_words(element) if not any(c.isdigit() for c in word))


def _first_hrefs(siblings: list[Any]) -> set[str]:
    """The first content link of each sibling (XPath strings: no element is built)."""
    hrefs = set()
    for sibling in siblings:
        href = next((h for h in HREFS(sibling) if is_content_href(h)), None)
        if href is not None:
            hrefs.add(str(href))
    return hrefs


def _groups(root: Any) -> Iterator[tuple[Any, list[Card]]]:
    """(parent, cards) for every run of same-tag siblings most of which are offers."""
    links = links_below(root)
    skips = _Skips(root, links)
    for parent in root.iter():
        if not isinstance(parent.tag, str) or parent.tag in SKIPPED_TAGS or not len(parent):
            continue
        if len(parent) > 1 and links.get(parent, 0) < MIN_GROUP:
            continue  # cheap: fewer than two links below, no listing here
        by_tag: dict[str, list[Any]] = {}
        for child in parent:
            # A block labelled as filters, navigation or an ad is no card either.
            if (
                isinstance(child.tag, str)
                and child.tag not in SKIPPED_TAGS
                and not class_words(child) & SKIPPED_WORDS
            ):
                by_tag.setdefault(child.tag, []).append(child)
        for siblings in by_tag.values():
            if len(siblings) == 1 and (len(parent) > 1 or not class_words(siblings[0]) & LISTING_WORDS):
                continue
            if len(siblings) > 1 and len(_first_hrefs(siblings)) < MIN_GROUP:
                continue  # cheap: siblings that open fewer than two pages are not a listing
            if skips.skipped(parent):
                break
            cards = [card for child in siblings if (card := read_card(child)) is not None and card.rich]
            if len(siblings) == 1:
                if cards and cards[0].price and cards[0].image and link_count(cards[0].element) <= 2:
                    yield parent, cards
            # Parts of one card (its image and its text) share one link: not a listing.
            elif len(cards) * 2 >= len(siblings) and len({card.url for card in cards}) >= MIN_GROUP:
                yield parent, cards


def card_groups(root: Any) -> list[list[Card]]:
    """Groups of cards, outermost only (an image block and a text block inside each card are
    parts of the card), except that a group whose "cards" hold a group at least as large as
    itself (page blocks: filters, the grid, a banner) gives way to the listing inside."""
    groups = list(_groups(root))
    members = {card.element: index for index, (_, cards) in enumerate(groups) for card in cards}
    enclosing: list[set[int]] = []
    largest_inside: dict[int, int] = {}
    for index, (parent, cards) in enumerate(groups):
        outer = {members[e] for e in (parent, *parent.iterancestors()) if e in members} - {index}
        enclosing.append(outer)
        for group in outer:
            largest_inside[group] = max(largest_inside.get(group, 0), len(cards))
    containers = {group for group, size in largest_inside.items() if size >= len(groups[group][1])}
    return [
        cards
        for index, (_, cards) in enumerate(groups)
        if index not in containers and enclosing[index] <= containers
    ]


def merge_similar(groups: list[list[Card]]) -> list[list[Card]]:
    """Groups whose cards look alike (same tag and classes) are one listing split in parts."""
    merged: dict[tuple[str, frozenset[str]], list[Card]] = {}
    for cards in groups:
        merged.setdefault(_signature(cards[0].element), []).extend(cards)
    return list(merged.values())


def extract_heuristic(page: Selector, base_url: str, hints: PageHints) -> list[tuple[list[Offer], int]]:
    """One (offers, dropped) candidate list per kind of repeated card on the page."""
    lists = []
    for cards in merge_similar(card_groups(page.root)):
        collector = OfferCollector(base_url, hints)
        for card in cards:
            collector.add(
                "heuristic",
                url=card.url,
                title=card.title,
                price=card.price,
                image=card.image,
                seller=seller_of(card.element),
            )
        lists.append(collector.result())
    return lists


def link_key(url: str) -> tuple[str, frozenset[tuple[str, str]]]:
    """A link compared by path and non-tracking query, however it is written (relative, encoded)."""
    parts = urlsplit(url)
    query = frozenset((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not is_tracking(k))
    return unquote(parts.path).rstrip("/"), query


def links_only_outside_listings(root: Any) -> set[tuple[str, frozenset[tuple[str, str]]]]:
    """Keys of the links that appear only in blocks that are not listings (navigation, ads,
    "similar items"): structured data listing them describes those blocks, not the offers."""
    skips = _Skips(root, links_below(root))
    inside: set[tuple[str, frozenset[tuple[str, str]]]] = set()
    outside: set[tuple[str, frozenset[tuple[str, str]]]] = set()
    for anchor in root.iter("a"):
        href = (anchor.get("href") or "").strip()
        if href and not href.startswith(("#", "javascript:")):
            (outside if skips.skipped(anchor, LINK_REACH) else inside).add(link_key(href))
    return outside - inside
