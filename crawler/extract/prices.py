# ruff: noqa: RUF001 - currency marks, dashes and words of many languages
"""The price paid now, read from one card's markup.

A card may show several amounts: the old price (struck through, "was", compare-at, MSRP), the
price now, a monthly instalment, shipping, points, "save 20 %", a salary. Each amount is read
with its context (the classes around it and the words next to it) and sorted into:

- never the price: old or struck prices, shipping, points, financing, savings, salaries, and
  anything hidden with `display:none` or the `hidden` attribute;
- the price only when nothing better is shown: per-month / per-week / per-m² amounts (a rent is
  paid per month, a sofa is not);
- the price: everything else, amounts inside a price-classed element first, sale/current
  prices before the rest.

Screen-reader and `aria-hidden` copies are not excluded as such (Amazon shows its price only in
them); the words they carry ("Original price was") exclude the old one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import count
from typing import Any

from crawler.extract.fields import FREE_WORDS, WHITESPACE

_LETTER_SIGNS = (
    r"zł|zl|kr|Kč|Ft|lei|руб|грн|лв|р|CHF|PLN|EUR|USD|GBP|SEK|NOK|DKK|CZK|HUF|RUB|UAH|JPY|CAD|AUD|"
    r"RON|BGN|TRY|ILS|INR|BRL|MXN|NZD|CNY|KRW|Rs\.?|円|元|€uro|euros?"
)
_SIGN = rf"(?:R\$|[A-Z]{{1,2}}\$|[$€£¥₹₽₴₩₺₪₫฿₱₦₸]|(?<![^\W\d_])(?:{_LETTER_SIGNS})(?![^\W\d_]))"
_NUMBER = r"\d(?:[\d.,'\u00a0\u202f\u2009\u2007 ]*\d)?(?:[.,]-{1,2})?"
# "$28.00 CAD": a code written after a sign-first amount belongs to it.
PRICE_PATTERN = re.compile(
    rf"{_SIGN}\s{{0,3}}{_NUMBER}(?:\s?(?-i:[A-Z]{{3}})(?![^\W\d_]))?|{_NUMBER}\s{{0,3}}{_SIGN}", re.IGNORECASE
)
INLINE_TAGS = frozenset(
    {
        "span",
        "bdi",
        "b",
        "strong",
        "i",
        "em",
        "small",
        "sup",
        "sub",
        "ins",
        "del",
        "s",
        "strike",
        "font",
        "u",
        "abbr",
        "data",
        "meta",
        "mark",
    }
)
WORD_SPLIT = re.compile(r"[^a-z0-9]+")
DIGIT = re.compile(r"\d")


@lru_cache(maxsize=4096)  # a card's texts are asked about by several steps
def has_amount(text: str) -> bool:
    """Whether a text holds an amount with a currency mark (a digit is checked first: cheap)."""
    return DIGIT.search(text) is not None and PRICE_PATTERN.search(text) is not None


TEST_ID_ATTRIBUTES = (
    "data-testid",
    "data-test",
    "data-marker",
    "data-qa",
    "data-cy",
    "data-test-id",
    "data-automation",
)
TEST_ID_NAMES = frozenset(TEST_ID_ATTRIBUTES)
HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
STRUCK_TAGS = frozenset({"del", "s", "strike"})
# Class or id words of an element whose amounts are never the price paid now.
OLD_CLASS_WORDS = frozenset(
    {
        "old", "was", "strike", "strikethrough", "striked", "crossed", "before", "previous", "rrp",
        "msrp", "regular", "compare", "compareat", "original", "listprice", "normalprice", "oldprice",
        "wasprice", "uvp",
    }
)  # fmt: skip
# The same for amounts of another kind; a class that also names the price ("price-and-shipping")
# holds the price too.
OTHER_AMOUNT_CLASS_WORDS = frozenset(
    {
        "shipping", "delivery", "postage", "points", "reward", "rewards", "financing", "finance",
        "installment", "installments", "instalment", "monthly", "save", "saving", "savings", "discount",
        "salary", "wage", "unitprice", "baseprice", "grundpreis", "deposit",
    }
)  # fmt: skip
# Amounts per unit: the price only when nothing else is shown.
SECONDARY_CLASS = re.compile(
    r"unit[-_]?price|price[-_]?per|base[-_]?price|reference|grundpreis|per[-_]?unit|per[-_]?month|monthly",
    re.IGNORECASE,
)
CURRENT_CLASS_WORDS = frozenset(
    {"sale", "special", "current", "now", "final", "actual", "new", "offer", "ins"}
)
PRICE_CLASS_WORDS = ("price", "amount", "cost", "prix", "preis", "cena", "цена", "precio", "prezzo", "prijs")
# Words next to an amount that say it is not the price paid now.
EXCLUDED_CONTEXT = re.compile(
    r"\b(?:was|were|original(?:ly)?|regular(?:ly)?|before|previous(?:ly)?|list price|rrp|msrp|uvp|"
    r"statt|zamiast|avant|antes|prima|было|retail|compare at|reg\.|war|vorher|ursprünglich|"
    r"shipping|delivery|postage|versand|livraison|env[ií]o|spedizione|dostawa|доставка|"
    r"points?|pts|financing|finance|apr|klarna|afterpay|affirm|installments?|instalments?|"
    r"payments? of|save|saving|you save|sparen|économisez|oszczędzasz|"
    r"an hour|per hour|hourly|/ ?hr|/ ?hour|a year|per year|per annum|annually|/ ?yr|/ ?year|"
    r"salary|gehalt|stundenlohn|deposit)\b",
    re.IGNORECASE,
)
SECONDARY_CONTEXT = re.compile(
    r"(?:/\s?(?:mo|mon|month|mes|mois|monat|miesiąc|мес|wk|week|m²|m2|kg|100\s?g|l)\b|"
    r"\b(?:per month|a month|monthly|per week|a week|pcm|pw|p\.m\.|/?m²|mtl\.|mensuel)\b|"
    r"/\s?\d*\s?(?:kilogramm|kilogram|liter|litre|stück|piece|ml|g)\b)",
    re.IGNORECASE,
)
HIDDEN_CLASSES = frozenset({"hidden", "d-none", "is-hidden", "hide", "u-hidden"})
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
MAX_PRICE_LABEL = 40
MAX_CONTEXT_LABEL = 30


def class_words(element: Any) -> frozenset[str]:
    """Lower-case words of an element's class and id ("product-card__price" -> product, card, price)."""
    return _words(element.get("class") or "", element.get("id") or "")


@lru_cache(maxsize=4096)
def _words(classes: str, element_id: str) -> frozenset[str]:
    return frozenset(word for word in WORD_SPLIT.split(f"{classes} {element_id}".lower()) if word)


def is_hidden(element: Any) -> bool:
    """Hidden from everyone (not only from screen readers): `hidden`, display:none, <template>."""
    if element.tag == "template" or element.get("hidden") is not None:
        return True
    style = element.get("style")
    if style and HIDDEN_STYLE.search(style):
        return True
    classes = element.get("class")
    return bool(classes) and not HIDDEN_CLASSES.isdisjoint(classes.split())


def _is_struck(element: Any, words: frozenset[str]) -> bool:
    """Struck through, or classed as an old price or another kind of amount. Classes count only on
    price-sized elements: a whole card classed "sale shipping-taxable" (WooCommerce) holds the price."""
    if element.tag in STRUCK_TAGS:
        return True
    if words & OLD_CLASS_WORDS or (
        words & OTHER_AMOUNT_CLASS_WORDS and not _price_classed(element.get("class") or "")
    ):
        return next(element.iter("a", "img", *HEADING_TAGS), None) is None
    return any("strike" in name and value.lower() == "true" for name, value in element.items())


def _is_price_box(element: Any) -> bool:
    """Classed, itemprop'd or test-id'd as a price ("price", "amount", "prix", data-testid="ad-price")."""
    if element.get("itemprop") == "price" or _price_classed(element.get("class") or ""):
        return True
    return any(name in TEST_ID_NAMES and _price_classed(value) for name, value in element.items())


@lru_cache(maxsize=4096)
def _secondary_classed(classes: str) -> bool:
    return bool(classes) and SECONDARY_CLASS.search(classes) is not None


@lru_cache(maxsize=4096)
def _price_classed(classes: str) -> bool:
    lowered = classes.lower()
    return any(word in lowered for word in PRICE_CLASS_WORDS)


@dataclass(frozen=True)
class _Segment:
    text: str
    excluded: bool  # inside something that is never the price
    price_box: bool  # inside a price-classed element
    current: bool  # inside a sale/current price element
    secondary: bool  # inside a unit-price element ("price-unit-reference", "base-price")
    block: int  # the nearest block-level element: inline pieces ("32,00", "€") join up


def _raw_segments(
    element: Any,
    blocks: Iterator[int],
    found: list[_Segment],
    flags: tuple[bool, bool, bool, bool] = (False,) * 4,
    block: int = 0,
) -> None:
    """Text nodes of an element in document order, with what their ancestors say about them,
    appended to `found` (a list, not nested generators: each segment would pass up through a
    generator per level). Blocks are numbered from `blocks`: lxml's element proxies are freed
    and their id() reused, so an id would join the texts of two sibling blocks now and then."""
    if is_hidden(element):
        return
    tag = element.tag
    classes = element.get("class") or ""
    words = _words(classes, element.get("id") or "")
    excluded, box, current, secondary = flags
    excluded = excluded or _is_struck(element, words)
    box = box or _is_price_box(element)
    current = current or tag == "ins" or (box and not CURRENT_CLASS_WORDS.isdisjoint(words))
    secondary = secondary or _secondary_classed(classes)
    inner = block if tag in INLINE_TAGS else next(blocks)
    own = (excluded, box, current, secondary)
    if element.text:
        found.append(_Segment(element.text, excluded, box, current, secondary, inner))
    for child in element:
        if isinstance(child.tag, str) and child.tag not in UNREAD_TAGS:
            _raw_segments(child, blocks, found, own, inner)
        if child.tail:
            found.append(_Segment(child.tail, excluded, box, current, secondary, inner))


UNREAD_TAGS = frozenset({"script", "style", "noscript", "template"})


def _segments(card: Any) -> list[_Segment]:
    """The card's texts, consecutive pieces of one block with the same flags joined (WooCommerce
    writes "32,00&nbsp;<span>€</span>")."""
    raw: list[_Segment] = []
    _raw_segments(card, count(1), raw)
    merged: list[_Segment] = []
    for segment in raw:
        if not segment.text.strip():
            continue
        last = merged[-1] if merged else None
        if last is not None and _flags(last) == _flags(segment):
            merged[-1] = _Segment(f"{last.text} {segment.text}", *_flags(last))
        else:
            merged.append(segment)
    return merged


def text_blocks(element: Any) -> list[str]:
    """The texts of an element block by block (inline pieces joined), old prices left out."""
    return [segment.text for segment in _segments(element) if not segment.excluded]


def _flags(segment: _Segment) -> tuple[bool, bool, bool, bool, int]:
    return segment.excluded, segment.price_box, segment.current, segment.secondary, segment.block


@dataclass(frozen=True)
class PriceCandidate:
    text: str
    rank: tuple[int, int, int, int]  # lower is better


RANGE_JOIN = re.compile(r"^\s*(?:[-–—~〜]|to|bis|à|a|do|до)\s*$", re.IGNORECASE)
AFTER_EXCLUDED = re.compile(
    r"^\W{0,3}(?:\+\s*)?(?:off|shipping|delivery|postage|points|pts|an hour|per hour|hourly|hr|hour|"
    r"a year|per year|per annum|annually|yr|year|shipping|versand|livraison|доставка)\b",
    re.IGNORECASE,
)
NOW_WORD = re.compile(r"\b(?:now|sale|current|jetzt|nur|teraz|сейчас|ahora|maintenant|only)\b", re.IGNORECASE)
WINDOW_BEFORE = 30
WINDOW_AFTER = 20


def _label(segments: list[_Segment], index: int, block: int) -> str:
    """A neighbouring segment's text when it is a short label of the same block without an amount
    ("Was:", "/mo")."""
    if 0 <= index < len(segments) and segments[index].block == block:
        text = segments[index].text.strip()
        if text and len(text) <= MAX_CONTEXT_LABEL and not has_amount(text):
            return text
    return ""


def _amounts(text: str) -> Iterator[tuple[str, int, int]]:
    """(text, start, end) of each amount in a text, ranges ("$10 - $20") as one."""
    matches = list(PRICE_PATTERN.finditer(text))
    skip = False
    for current, following in zip(matches, [*matches[1:], None], strict=True):
        if skip:
            skip = False
            continue
        if following is not None and RANGE_JOIN.match(text[current.end() : following.start()]):
            skip = True
            yield text[current.start() : following.end()], current.start(), following.end()
        else:
            yield current.group(0), current.start(), current.end()


def price_candidates(card: Any, segments: list[_Segment] | None = None) -> list[PriceCandidate]:
    """Every amount of the card that may be the price paid now, best first."""
    if segments is None:
        segments = _segments(card)
    found: list[PriceCandidate] = []
    for index, segment in enumerate(segments):
        if segment.excluded or not has_amount(segment.text):
            continue
        text = segment.text
        amounts = list(_amounts(text))
        for number, (amount, start, end) in enumerate(amounts):
            previous_end = amounts[number - 1][2] if number else 0
            next_start = amounts[number + 1][1] if number + 1 < len(amounts) else len(text)
            before = (
                text[previous_end:start]
                if number
                else f"{_label(segments, index - 1, segment.block)} {text[:start]}"
            )
            after = (
                text[end:next_start]
                if number + 1 < len(amounts)
                else f"{text[end:]} {_label(segments, index + 1, segment.block)}"
            )
            before, after = NOW_WORD.split(before[-WINDOW_BEFORE:])[-1], after[:WINDOW_AFTER]
            if EXCLUDED_CONTEXT.search(before) or AFTER_EXCLUDED.match(after):
                continue
            secondary = segment.secondary or bool(SECONDARY_CONTEXT.search(f"{before} {amount} {after}"))
            rank = (int(secondary), int(not segment.current), int(not segment.price_box), index)
            found.append(PriceCandidate(WHITESPACE.sub(" ", amount), rank))
    return sorted(found, key=lambda candidate: candidate.rank)


FREE_WORD = re.compile(
    r"\b(?:" + "|".join(sorted(map(re.escape, FREE_WORDS), key=len, reverse=True)) + r")\b", re.IGNORECASE
)


def _says_free(text: str) -> bool:
    """A price box saying "Gratis" (maybe next to a date), not "Free shipping"."""
    return (
        bool(FREE_WORD.search(text))
        and not EXCLUDED_CONTEXT.search(text)
        and not AFTER_EXCLUDED.search(FREE_WORD.split(text, maxsplit=1)[-1])
    )


def price_label(card: Any, segments: list[_Segment] | None = None) -> str | None:
    """A price box's own short text when it holds no amount with a sign ("Free", "1 200"), else a
    block of the card saying only "Free"."""
    segments = _segments(card) if segments is None else segments
    for segment in segments:
        text = segment.text.strip()
        if segment.price_box and not segment.excluded and text and len(text) <= MAX_PRICE_LABEL:
            if _says_free(text):
                return FREE_WORD.search(text).group(0)  # type: ignore[union-attr]
            if any(ch.isdigit() for ch in text) and not EXCLUDED_CONTEXT.search(text):
                return text
    # A card that is one big link shows "Free" as a block of its own, unclassed.
    for segment in segments:
        if not segment.excluded and segment.text.strip().lower().strip(" !.") in FREE_WORDS:
            return segment.text.strip()
    return None


def price_text_of(card: Any) -> str | None:
    """The text of the price paid now in a card, or None when it shows no price."""
    segments = _segments(card)
    if any(segment.price_box or has_amount(segment.text) for segment in segments):
        candidates = price_candidates(card, segments)
        if candidates:
            return candidates[0].text
    return price_label(card, segments)
