"""Which of the candidate lists a page yields (selectors, structured data, page state, repeated
cards) are its offers: the one that explains the page best."""

from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from msgspec import structs

from crawler.items import Offer

# Equal scores: the more exact source wins.
METHOD_ORDER = {"selectors": 0, "structured": 1, "page-state": 2, "heuristic": 3}
SINGLE_ITEM_WEIGHT = 0.5


@dataclass(frozen=True)
class Candidate:
    """One list of offers a method found on the page, and how many of its items were dropped."""

    method: str
    offers: list[Offer]
    dropped: int = 0


def _path(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.netloc.lower(), parts.path.rstrip("/")


def listed_offers(offers: list[Offer], page_url: str) -> list[Offer]:
    """Offers that point somewhere else than the page itself or a page above it (breadcrumbs,
    "all products", the home page)."""
    host, path = _path(page_url)
    page = page_url.split("#")[0].rstrip("/")
    result = []
    for offer in offers:
        offer_host, offer_path = _path(offer.url)
        above = offer_host == host and (not offer_path or path.startswith(offer_path + "/"))
        if not above and offer.url.rstrip("/") != page:
            result.append(offer)
    return result


def score(candidate: Candidate, page_url: str) -> float:
    """How well a candidate list explains the page.

    Each offer with a distinct URL that is not the page itself or a page above it (breadcrumbs,
    navigation) counts 0.5, plus 1 when it has a price and 0.75 when it has an image (what
    cards have and menus lack), plus 0.25 when its title is not shared with another offer of the
    list (menus repeat "More", "Details").
    A list of one (a summary Offer, a single card) counts half, so it wins only when nothing
    repeated is found; a true one-result page still yields it."""
    offers = listed_offers(candidate.offers, page_url)
    urls = {offer.url for offer in offers}
    titles = [offer.title for offer in offers]
    total = 0.0
    for offer in {offer.url: offer for offer in offers}.values():
        total += 0.5 + 1 * (offer.price is not None) + 0.75 * (offer.image_url is not None)
        total += 0.25 * (titles.count(offer.title) == 1)
    return total * (SINGLE_ITEM_WEIGHT if len(urls) == 1 else 1)


def choose(candidates: list[Candidate], page_url: str) -> Candidate | None:
    """The best-scoring candidate (ties: selectors, structured data, page state, heuristic), with
    the fields it lacks (price, image, seller) filled in from other candidates' offers that have
    the same URL. Offers pointing at the page itself are left out. None when no list scores."""
    scored = [(score(candidate, page_url), candidate) for candidate in candidates]
    scored = [(value, candidate) for value, candidate in scored if value > 0]
    if not scored:
        return None
    _, best = max(scored, key=lambda pair: (pair[0], -METHOD_ORDER.get(pair[1].method, 9)))
    others: dict[str, list[Offer]] = {}
    for candidate in candidates:
        if candidate is not best:
            for offer in candidate.offers:
                others.setdefault(offer.url, []).append(offer)
    offers = [_filled(offer, others.get(offer.url, [])) for offer in listed_offers(best.offers, page_url)]
    return replace(best, offers=offers)


def _filled(offer: Offer, same: list[Offer]) -> Offer:
    if not same:
        return offer
    price, currency, image = offer.price, offer.currency, offer.image_url
    extra = offer.extra
    for other in same:
        if price is None and other.price is not None:
            price, currency = other.price, other.currency
        if currency is None and price is not None and other.currency and other.price == price:
            currency = other.currency
        image = image or other.image_url
        if "seller" not in extra and "seller" in other.extra:
            extra = {**extra, "seller": other.extra["seller"]}
    return structs.replace(offer, price=price, currency=currency, image_url=image, extra=extra)
