"""Cleaning of one offer's fields: prices, currencies, URLs, titles, images."""

from __future__ import annotations

from decimal import Decimal

import pytest
from lxml import html

from crawler.extract.cards import image_source
from crawler.extract.fields import PageHints, canonical_url, clean_title, image_url, make_offer, parse_price

PAGE = PageHints(url="https://shop.example/list")


@pytest.mark.parametrize(
    ("text", "price", "currency"),
    [
        ("1 234,56 zł", "1234.56", "PLN"),
        ("$1,299.00", "1299.00", "USD"),
        ("€ 12", "12", "EUR"),
        ("1.299,00 €", "1299.00", "EUR"),
        ("£5", "5", "GBP"),
        ("Free", "0", None),
        ("Negotiable", None, None),
        ("Price on request", None, None),
        ("CHF 1'200.50", "1200.50", "CHF"),
        ("PLN 1 200", "1200", "PLN"),
        ("12 500 Kč", "12500", "CZK"),
    ],
)
def test_price_text(text: str, price: str | None, currency: str | None) -> None:
    assert parse_price(text, hints=PAGE) == (None if price is None else Decimal(price), currency)


@pytest.mark.parametrize(
    ("page", "currency"),
    [
        (PageHints("https://shop.example/", "sv-SE"), "SEK"),
        (PageHints("https://finn.no/"), "NOK"),
        (PageHints("https://dba.dk/", "da"), "DKK"),
        (PageHints("https://shop.example/"), None),  # "kr" alone is not enough
    ],
)
def test_krona_is_read_from_the_page_language_or_domain(page: PageHints, currency: str | None) -> None:
    assert parse_price("12.500 kr", hints=page) == (Decimal("12500"), currency)


def test_dollar_follows_the_country_domain() -> None:
    assert parse_price("$20", hints=PageHints("https://kijiji.ca/x")) == (Decimal("20"), "CAD")


def test_structured_numbers_and_codes() -> None:
    assert parse_price(249.99, "eur") == (Decimal("249.99"), "EUR")
    assert parse_price("19.999", "USD") == (Decimal("19999"), "USD")
    assert parse_price(0.125, "USD") == (Decimal("0.13"), "USD")  # half up, as the API stores it
    assert parse_price(None, "XYZ") == (None, None)
    assert parse_price(True, "USD") == (None, "USD")
    assert parse_price(-5, "EUR") == (None, "EUR")  # never a negative price


@pytest.mark.parametrize(
    ("href", "url"),
    [
        ("/item/1?utm_source=x&utm_medium=y&id=5", "https://shop.example/item/1?id=5"),
        ("item/2?fbclid=abc&gclid=def&msclkid=q", "https://shop.example/item/2"),
        ("https://other.example/o?b=2&a=1#photos", "https://other.example/o?a=1&b=2"),
        ("  /item/3?ref=top&sid=9&page=2  ", "https://shop.example/item/3?page=2"),
        ("/dp/B0C1/ref=sr_1_3?qid=17&keywords=mug", "https://shop.example/dp/B0C1?keywords=mug"),
        ("/item/żółw", "https://shop.example/item/%C5%BC%C3%B3%C5%82w"),
    ],
)
def test_canonical_url(href: str, url: str) -> None:
    assert canonical_url(href, "https://shop.example/list") == url


@pytest.mark.parametrize("href", ["#", "javascript:void(0)", "mailto:a@b.c", "ftp://x/y", "", None, 12])
def test_non_links_have_no_url(href: object) -> None:
    assert canonical_url(href, "https://shop.example/list") is None


def test_title_cleanup() -> None:
    assert clean_title("  Road&nbsp;bike &amp;\n\t helmet  ") == "Road bike & helmet"
    assert clean_title(" \n ") is None
    long = clean_title("x" * 900)
    assert long is not None and len(long) == 500 and long.endswith("…")


@pytest.mark.parametrize(
    ("markup", "image"),
    [
        ('<img src="data:image/gif;base64,AA" data-src="/a.jpg">', "https://shop.example/a.jpg"),
        ('<img data-lazy-src="b.jpg">', "https://shop.example/b.jpg"),
        ('<img srcset="/s.jpg 320w, /l.jpg 1280w, /m.jpg 640w">', "https://shop.example/l.jpg"),
        ('<img data-srcset="/1x.jpg 1x, /2x.jpg 2x" src="data:,">', "https://shop.example/2x.jpg"),
        ('<picture><source srcset="/p.webp"><img src="/p.jpg"></picture>', "https://shop.example/p.webp"),
        ('<img src="//cdn.example/c.jpg">', "https://cdn.example/c.jpg"),
        ('<img src="data:image/png;base64,AA">', None),
    ],
)
def test_lazy_images(markup: str, image: str | None) -> None:
    source = image_source(html.fromstring(f"<div>{markup}</div>"))
    assert image_url(source, "https://shop.example/list") == image


def test_offer_without_url_or_title_is_not_made() -> None:
    base = "https://shop.example/"
    assert make_offer(url=None, title="Bike", base_url=base, hints=PAGE, source="test") is None
    assert make_offer(url="/bike", title="   ", base_url=base, hints=PAGE, source="test") is None
    assert make_offer(url="/bike", title="Bike", base_url=base, hints=PAGE, source="test") is not None
