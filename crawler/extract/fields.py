# ruff: noqa: RUF001, RUF003 - currency marks, dashes and words of many languages
"""Cleaning of one offer's fields: canonical URL, title, price and currency, image URL."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cached_property
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from price_parser import Price
from w3lib.url import canonicalize_url

from core.currencies import ISO_4217_CODES
from core.limits import MAX_PRICE, MAX_TITLE, to_cents
from core.limits import MAX_URL_LENGTH as MAX_URL
from crawler.extract.identity import is_tracking, query_without, strip_path_noise
from crawler.items import Offer

FREE_WORDS = frozenset(
    {
        "free", "gratis", "za darmo", "kostenlos", "gratuit", "gratuito", "bezpłatnie", "zu verschenken",
        "à donner", "a donner", "даром", "бесплатно", "отдам даром", "無料", "te koop: gratis", "gratuita",
    }
)  # fmt: skip

# Unambiguous currency signs. "kr" and "$" depend on the country and are resolved from hints.
CURRENCY_BY_SIGN = {
    "€": "EUR", "eur": "EUR", "£": "GBP", "zł": "PLN", "zl": "PLN", "¥": "JPY", "₹": "INR",
    "₽": "RUB", "руб": "RUB", "руб.": "RUB", "р.": "RUB", "₴": "UAH", "грн": "UAH", "kč": "CZK", "ft": "HUF",
    "lei": "RON", "₩": "KRW", "₺": "TRY", "₪": "ILS", "r$": "BRL", "c$": "CAD", "ca$": "CAD",
    "a$": "AUD", "au$": "AUD", "nz$": "NZD", "us$": "USD", "hk$": "HKD", "chf": "CHF", "fr.": "CHF",
    "₫": "VND", "฿": "THB", "₱": "PHP", "₦": "NGN", "лв": "BGN", "kn": "HRK", "円": "JPY",
    "元": "CNY", "₸": "KZT", "rs.": "INR", "rs": "INR", "sfr.": "CHF", "₾": "GEL", "ron": "RON",
    "zł.": "PLN", "kč.": "CZK", "€uro": "EUR", "euro": "EUR", "euros": "EUR", "rub": "RUB", "р": "RUB",
}  # fmt: skip
KRONA_BY_LANGUAGE = {"sv": "SEK", "nb": "NOK", "nn": "NOK", "no": "NOK", "da": "DKK", "is": "ISK"}
KRONA_BY_TLD = {"se": "SEK", "no": "NOK", "dk": "DKK", "is": "ISK"}
DOLLAR_BY_TLD = {"ca": "CAD", "au": "AUD", "nz": "NZD", "sg": "SGD", "hk": "HKD", "mx": "MXN"}

MAX_SELLER = 200
IMAGE_URL_KEY = re.compile(r"url|src|href|uri", re.IGNORECASE)
IMAGE_DICT_KEYS = (
    "url", "contentUrl", "src", "href", "uri", "link", "large", "medium", "original", "full", "default",
    "thumbnail", "small", "path",
)  # fmt: skip
WHITESPACE = re.compile(r"\s+")
# Currency marks as written next to a number, longest first so "руб." wins over "р".
_MARKS = sorted({*CURRENCY_BY_SIGN, "kr", "kr.", "$"}, key=len, reverse=True)
CURRENCY_MARK = re.compile(
    "|".join(
        rf"(?<![^\W\d_]){re.escape(mark)}(?![^\W\d_])" if mark[-1].isalpha() else re.escape(mark)
        for mark in _MARKS
    )
    + r"|\b[A-Z]{3}\b",
    re.IGNORECASE,
)
ISO_CODE = re.compile(r"(?<![A-Za-z])[A-Z]{3}(?![A-Za-z])")
# "12 - 20 €", "from $10 to $20", "1 000 – 2 000 ₽": two amounts joined by a range mark.
RANGE_SPLIT = re.compile(r"\s*(?:[-–—~〜]|\bto\b|\bbis\b|\bà\b|\bdo\b|\bдо\b|\ba\b)\s*(?=\D{0,4}\d)")


@dataclass(frozen=True)
class PageHints:
    """What a page says about itself that helps read its prices: its URL, its language and the
    currency its metadata declares (og:price:currency and the like)."""

    url: str
    language: str | None = None
    currency: str | None = None

    @cached_property  # one page's hints serve all its offers' prices
    def tld(self) -> str:
        host = urlsplit(self.url).hostname or ""
        return host.rsplit(".", 1)[-1].lower()


def canonical_url(href: Any, base_url: str) -> str | None:
    """Absolute canonical http(s) URL without tracking parameters or fragment; None if not a link."""
    if not isinstance(href, str):
        return None
    href = href.strip()
    if not href or href.startswith(("#", "javascript:", "mailto:", "tel:", "data:")):
        return None
    absolute = urljoin(base_url, href)
    parts = urlsplit(absolute)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return None
    query = query_without(parts.query, is_tracking)
    path = strip_path_noise(parts.path)
    cleaned = urlunsplit(parts._replace(path=path, query=query, fragment=""))
    url = canonicalize_url(cleaned)
    return url if len(url) <= MAX_URL else None


def clean_title(text: Any) -> str | None:
    """Entities decoded, whitespace collapsed, cut to 500 characters; None when nothing is left."""
    if not isinstance(text, str):
        return None
    title = WHITESPACE.sub(" ", html.unescape(text)).strip()
    if not title:
        return None
    if len(title) > MAX_TITLE:
        title = title[: MAX_TITLE - 1].rstrip() + "…"
    return title


def currency_code(sign: str | None, hints: PageHints | None = None) -> str | None:
    """ISO 4217 code for a currency sign or code as written on a page, using the page's hints."""
    if not sign:
        return None
    text = sign.strip()
    if text.upper() in ISO_4217_CODES and len(text) == 3:
        return text.upper()
    lowered = text.lower()
    if lowered in CURRENCY_BY_SIGN:
        return CURRENCY_BY_SIGN[lowered]
    if lowered in {"kr", "kr.", ":-"}:
        if hints and hints.language:
            code = KRONA_BY_LANGUAGE.get(hints.language.split("-")[0].lower())
            if code:
                return code
        return KRONA_BY_TLD.get(hints.tld) if hints else None
    if lowered == "$":
        if hints and hints.currency and hints.currency.endswith("D"):
            return hints.currency
        return DOLLAR_BY_TLD.get(hints.tld, "USD") if hints else "USD"
    return None


def currency_in(text: str, hints: PageHints | None = None) -> str | None:
    """The currency of a price text as an ISO code: a code written out ("$28.00 CAD") first, else
    the first mark."""
    for match in ISO_CODE.finditer(text):
        if match.group(0) in ISO_4217_CODES:
            return match.group(0)
    for match in CURRENCY_MARK.finditer(text):
        mark = match.group(0)
        if mark.isalpha() and mark.upper() == mark and len(mark) == 3:
            code = mark if mark in ISO_4217_CODES else None
        elif mark.isalpha() and len(mark) == 3 and mark.lower() not in CURRENCY_BY_SIGN:
            continue  # an ordinary three-letter word, not a code written in capitals
        else:
            code = currency_code(mark, hints)
        if code:
            return code
    return None


def _bounded(amount: Decimal | None) -> Decimal | None:
    if amount is None or not amount.is_finite() or amount < 0 or amount > MAX_PRICE:
        return None
    return to_cents(amount) if amount.as_tuple().exponent < -2 else amount  # type: ignore[operator]


def parse_price(
    value: Any, currency: str | None = None, hints: PageHints | None = None
) -> tuple[Decimal | None, str | None]:
    """Price and ISO currency from page text ("1 234,56 zł", "$1,299.00", "Free" -> 0) or a
    number; `currency` is a sign or code given next to the value (structured data)."""
    if isinstance(value, bool) or value is None:
        return None, currency_code(currency, hints)
    if isinstance(value, int | float | Decimal):
        try:
            return _bounded(Decimal(str(value))), currency_code(currency, hints)
        except InvalidOperation:
            return None, currency_code(currency, hints)
    if not isinstance(value, str):
        return None, currency_code(currency, hints)
    text = WHITESPACE.sub(" ", html.unescape(value)).strip()
    if text.lower().strip(" !.") in FREE_WORDS:
        return Decimal("0"), currency_code(currency, hints)
    pieces = RANGE_SPLIT.split(text)
    amounts = (
        [_amount(piece, currency) for piece in pieces[:2]] if len(pieces) > 1 else [_amount(text, currency)]
    )
    known = [amount for amount in amounts if amount is not None]
    code = (
        currency_in(text, hints)
        or currency_code(currency, hints)
        or (hints.currency if hints and known else None)
    )
    return (min(known) if known else None), code


def _amount(text: str, currency: str | None) -> Decimal | None:
    return _bounded(Price.fromstring(text, currency_hint=currency).amount)


SRCSET_CANDIDATE = re.compile(r"\s*([^\s,][^\s]*)(?:\s+([^,]*))?(?:,|$)")


def largest_from_srcset(srcset: str) -> str | None:
    """The candidate with the largest width (or density) descriptor of a srcset attribute. URLs
    may hold commas (Wix: ".../w_300,h_300,al_c/x.jpg"): a candidate's URL runs to whitespace."""
    best: tuple[float, str] | None = None
    for url, descriptor in SRCSET_CANDIDATE.findall(srcset):
        url = url.rstrip(",")
        try:
            size = float((descriptor or "1x").strip().rstrip("wxh") or 1)
        except ValueError:
            size = 1.0
        if url and (best is None or size > best[0]):
            best = (size, url)
    return best[1] if best else None


def _real_image(url: str | None) -> bool:
    return bool(url) and not url.startswith("data:")  # type: ignore[union-attr]


def image_url(value: Any, base_url: str) -> str | None:
    """Absolute image URL from a string, a list of them, or an ImageObject-like dict."""
    if isinstance(value, list):
        for entry in value:
            found = image_url(entry, base_url)
            if found:
                return found
        return None
    if isinstance(value, dict):
        found = next((value[key] for key in IMAGE_DICT_KEYS if value.get(key)), None)
        if found is None:  # {"imageUrl": ...}, {"srcLarge": ...}
            found = next(
                (v for k, v in value.items() if isinstance(v, str) and IMAGE_URL_KEY.search(str(k))), None
            )
        return image_url(found, base_url)
    if not isinstance(value, str) or not _real_image(value.strip()):
        return None
    absolute = urljoin(base_url, value.strip())
    if urlsplit(absolute).scheme not in {"http", "https"} or len(absolute) > MAX_URL:
        return None
    return absolute


def make_offer(
    *,
    url: Any,
    title: Any,
    base_url: str,
    hints: PageHints,
    price: Any = None,
    currency: str | None = None,
    image: Any = None,
    seller: Any = None,
    source: str,
) -> Offer | None:
    """A cleaned Offer, or None when it has no usable URL or title (never half-filled)."""
    offer_url = canonical_url(url, base_url)
    offer_title = clean_title(title)
    if offer_url is None or offer_title is None:
        return None
    amount, code = parse_price(price, currency, hints)
    return Offer(
        url=offer_url,
        title=offer_title,
        price=amount,
        currency=code,
        image_url=image_url(image, base_url),
        extra=_extra(source, seller),
    )


def _extra(source: str, seller: Any) -> dict[str, Any]:
    name = clean_title(seller) if isinstance(seller, str) else None
    if name and len(name) <= MAX_SELLER:
        return {"source": source, "seller": name}
    return {"source": source}


class OfferCollector:
    """Accumulates offers from one page, keeping the first offer per URL and counting drops."""

    def __init__(self, base_url: str, hints: PageHints) -> None:
        self.base_url = base_url
        self.hints = hints
        self.offers: dict[str, Offer] = {}
        self.dropped = 0

    def add(self, source: str, **fields: Any) -> None:
        """Clean and keep one offer (`fields` as make_offer takes them), or count it dropped."""
        offer = make_offer(base_url=self.base_url, hints=self.hints, source=source, **fields)
        if offer is None:
            self.dropped += 1
        elif offer.url not in self.offers:
            self.offers[offer.url] = offer

    def result(self) -> tuple[list[Offer], int]:
        return list(self.offers.values()), self.dropped
