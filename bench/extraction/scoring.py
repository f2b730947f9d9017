"""Scoring of one extraction against a page's expected offers (pure functions, no I/O).

An extracted offer matches an expected one when their URLs are equal after the same trivial
normalisation on both sides: scheme and host lower-case, no fragment, no trailing-slash difference,
query parameters compared as a sorted, percent-decoded list (their order and escaping say nothing
about the item). Each expected offer is matched at most once; extra copies count as unmatched finds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

FIGURES = ("recall", "precision", "title", "price", "currency", "image", "stable")
WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class OfferFields:
    """The fields of one offer that are scored (expected or extracted)."""

    url: str
    title: str | None = None
    price: Decimal | None = None
    currency: str | None = None
    image_url: str | None = None
    image_alternatives: tuple[str, ...] = ()
    seller: str | None = None


def decimal_or_none(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def expected_offer(entry: Mapping[str, Any]) -> OfferFields:
    """An offer of a corpus page's JSON answer."""
    return OfferFields(
        url=entry["url"],
        title=entry.get("title"),
        price=decimal_or_none(entry.get("price")),
        currency=entry.get("currency"),
        image_url=entry.get("image_url"),
        image_alternatives=tuple(entry.get("image_alternatives") or ()),
        seller=entry.get("seller"),
    )


def normalise_url(url: str) -> str:
    """The URL compared when matching (see the module docstring)."""
    parts = urlsplit(url.strip())
    path = unquote(parts.path).rstrip("/") or "/"
    query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    netloc = parts.netloc.lower()
    return urlunsplit((parts.scheme.lower(), netloc, path, query, ""))


def same_title(expected: str | None, found: str | None) -> bool:
    def collapse(text: str | None) -> str:
        return WHITESPACE.sub(" ", text or "").strip()

    return collapse(expected) == collapse(found)


def same_image(expected: OfferFields, found: str | None) -> bool:
    if expected.image_url is None:
        return found is None
    if found is None:
        return False
    accepted = {normalise_url(url) for url in (expected.image_url, *expected.image_alternatives)}
    return normalise_url(found) in accepted


def match_offers(
    expected: Sequence[OfferFields], found: Sequence[OfferFields]
) -> list[tuple[OfferFields, OfferFields]]:
    """(expected, found) pairs; each side used at most once, the first find of a URL wins."""
    waiting = {normalise_url(offer.url): offer for offer in expected}
    pairs = []
    for offer in found:
        wanted = waiting.pop(normalise_url(offer.url), None)
        if wanted is not None:
            pairs.append((wanted, offer))
    return pairs


def ratio(part: int, whole: int) -> float:
    """part/whole; an empty whole scores 0 (nothing found where something was expected)."""
    return part / whole if whole else 0.0


@dataclass
class Score:
    """Counts for one page or a sum of pages; the figures are ratios of them."""

    expected: int = 0
    found: int = 0
    matched: int = 0
    title: int = 0
    price: int = 0
    currency: int = 0
    image: int = 0
    seller: int = 0
    seller_named: int = 0
    stable: int = 0
    missed: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    def figures(self) -> dict[str, float]:
        """recall and precision over offers, field accuracies and stable share over matched offers."""
        return {
            "recall": ratio(self.matched, self.expected),
            "precision": ratio(self.matched, self.found) if self.found else float(self.expected == 0),
            "title": ratio(self.title, self.matched),
            "price": ratio(self.price, self.matched),
            "currency": ratio(self.currency, self.matched),
            "image": ratio(self.image, self.matched),
            "stable": ratio(self.stable, self.matched),
        }

    def seller_accuracy(self) -> float | None:
        """Over matched offers whose page names a seller; None when none does (outside the goal)."""
        return ratio(self.seller, self.seller_named) if self.seller_named else None

    def lowest(self) -> float:
        figures = self.figures()
        return min(figures[name] for name in FIGURES)

    def __add__(self, other: Score) -> Score:
        return Score(
            expected=self.expected + other.expected,
            found=self.found + other.found,
            matched=self.matched + other.matched,
            title=self.title + other.title,
            price=self.price + other.price,
            currency=self.currency + other.currency,
            image=self.image + other.image,
            seller=self.seller + other.seller,
            seller_named=self.seller_named + other.seller_named,
            stable=self.stable + other.stable,
            missed=self.missed + other.missed,
            extra=self.extra + other.extra,
            wrong=self.wrong + other.wrong,
        )


def score_page(
    expected: Sequence[OfferFields],
    found: Sequence[OfferFields],
    found_again: Sequence[OfferFields] | None = None,
    volatile_params: Iterable[str] = (),
) -> Score:
    """How `found` answers `expected`; `found_again` is the extraction of the page's variant with
    changed volatile parameters (see `identity_key`), None when not measured (all count as stable)."""
    pairs = match_offers(expected, found)
    score = Score(expected=len(expected), found=len(found), matched=len(pairs))
    for wanted, got in pairs:
        checks = {
            "title": same_title(wanted.title, got.title),
            "price": wanted.price == got.price,
            "currency": wanted.currency == got.currency,
            "image_url": same_image(wanted, got.image_url),
        }
        score.title += checks["title"]
        score.price += checks["price"]
        score.currency += checks["currency"]
        score.image += checks["image_url"]
        if wanted.seller is not None:
            score.seller_named += 1
            score.seller += wanted.seller == got.seller
        score.wrong += [
            f"{wanted.url} {name}: {getattr(got, name)!r}" for name, ok in checks.items() if not ok
        ]
    matched = {normalise_url(wanted.url) for wanted, _ in pairs}
    score.missed = [offer.url for offer in expected if normalise_url(offer.url) not in matched]
    found_ids = [id(got) for _, got in pairs]
    score.extra = [offer.url for offer in found if id(offer) not in found_ids]
    if found_again is None:
        score.stable = score.matched
    else:
        volatile = set(volatile_params)
        again = {identity_key(offer.url, volatile): normalise_url(offer.url) for offer in found_again}
        for _, got in pairs:
            score.stable += again.get(identity_key(got.url, volatile)) == normalise_url(got.url)
    return score


# Added to every offer link of the variant page, besides new values of the page's volatile params.
ADDED_TRACKING = (("utm_source", "bench"), ("gclid", "xyz"), ("fbclid", "abc"))


def identity_key(url: str, volatile_params: set[str]) -> str:
    """The URL without the parameters the variant page changes: pairs an offer of the first
    extraction with the same offer of the variant's."""
    parts = urlsplit(url)
    dropped = volatile_params | {name for name, _ in ADDED_TRACKING}
    query = [
        (name, value) for name, value in parse_qsl(parts.query, keep_blank_values=True) if name not in dropped
    ]
    return normalise_url(urlunsplit(parts._replace(query=urlencode(query))))


def with_new_tracking(url: str, volatile_params: Iterable[str]) -> str:
    """`url` with new values for the volatile params it has, and the added tracking params."""
    parts = urlsplit(url)
    volatile = set(volatile_params)
    query = [
        (name, f"{value}-bench2" if name in volatile else value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
    ]
    query += list(ADDED_TRACKING)
    return urlunsplit(parts._replace(query=urlencode(query)))
