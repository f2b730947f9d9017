"""Extraction on every demo shop page: exactly the expected offers, fetched over HTTP."""

from __future__ import annotations

from decimal import Decimal

import pytest

from crawler.extract import Extraction, SelectorError, extract_offers
from demo.shop import ShopServer
from tests.crawler.conftest import fetch_page

Row = tuple[str, str, str | None, str | None, str | None]

EXPECTED: dict[str, tuple[str, list[Row]]] = {
    "/cards": (
        "heuristic",
        [
            ("/item/road-bike", "Road bike & helmet set", "1299.00", "USD", "/img/road-bike.jpg"),
            ("/item/gravel-bike?id=17", "Gravel bike", "850.00", "USD", "/img/gravel-640.jpg"),
            ("/item/city-bike", "City bike", "12", "EUR", "/img/city.jpg"),
            ("/item/kids-bike", "Kids bike", "0", None, "/img/kids.jpg"),
        ],
    ),
    "/table": (
        "heuristic",
        [
            ("/item/oak-desk", "Oak desk", "1234.56", "PLN", None),
            ("/item/office-chair", "Office chair", "350", "PLN", None),
            ("/item/bookshelf", "Bookshelf", None, None, None),
        ],
    ),
    "/list": (
        "heuristic",
        [
            ("/item/vintage-lamp", "Vintage lamp", "12500", "SEK", None),
            ("/item/record-player", "Record player", "1234.56", "PLN", None),
            ("/item/sofa", "Sofa", "0", None, None),
            ("/item/piano", "Piano", None, None, None),
            ("/item/bicycle", "Bicycle", "5", "GBP", None),
            ("/item/camera", "Camera", "1299.00", "USD", None),
        ],
    ),
    "/jsonld": (
        "structured",
        [
            ("/item/espresso", "Espresso machine", "249.99", "EUR", "/img/espresso.jpg"),
            ("/item/grinder", "Coffee grinder", "89", "EUR", "/img/grinder.jpg"),
            ("/item/milk-jug", "Milk jug", None, None, None),
        ],
    ),
    "/graph": (
        "structured",
        [
            ("/item/dome", "Dome tent", "199", "USD", "/img/dome.jpg"),
            ("/item/tunnel", "Tunnel tent", "0", "USD", None),
        ],
    ),
    "/microdata": (
        "structured",
        [
            ("/item/kettle", "Kettle", "19.99", "GBP", "/img/kettle.jpg"),
            ("/item/toaster", "Toaster", "35.00", "GBP", None),
        ],
    ),
    "/rdfa": (
        "structured",
        [
            ("/item/blender", "Blender", "59.00", "EUR", None),
            ("/item/mixer", "Stand mixer", "310.00", "EUR", None),
        ],
    ),
    "/next": (
        "structured",
        [
            ("/item/snowboard", "Snowboard", "320.00", "CHF", "/img/snowboard.jpg"),
            ("/item/ski-boots", "Ski boots", "150", "CHF", None),
        ],
    ),
    "/nuxt": (
        "structured",
        [
            ("/item/mountain-bike", "Mountain bike", "2100", "DKK", "/img/mtb.jpg"),
            ("/item/bmx", "BMX", "750.5", "DKK", None),
        ],
    ),
    "/app-state": (
        "structured",
        [
            ("/item/kayak", "Kayak", "799.5", "NOK", "/img/kayak.jpg"),
            ("/item/paddle", "Paddle", "120", "NOK", None),
        ],
    ),
    "/latin2": (
        "heuristic",
        [
            ("/item/zazolc", "Zażółć gęślą jaźń", "99", "PLN", None),
            ("/item/lodz", "Łódź", "1000", "PLN", None),
        ],
    ),
    "/cp1251": (
        "heuristic",
        [
            ("/item/velosiped", "Велосипед", "5000", "RUB", None),
            ("/item/samokat", "Самокат", "1200", "RUB", None),
        ],
    ),
    "/new-arrivals": (
        "heuristic",
        [
            ("/item/arrival-tent", "Two-person tent", "120.00", "USD", "/img/tent.jpg"),
            ("/item/arrival-stove", "Camping stove", "45.50", "USD", "/img/stove.jpg"),
            ("/item/arrival-lamp", "Head lamp", "19.99", "USD", None),
        ],
    ),
}


def rows(extraction: Extraction, base: str) -> list[Row]:
    def local(url: str | None) -> str | None:
        if url is None:
            return None
        assert url.startswith(base + "/"), url
        return url.removeprefix(base)

    return sorted(
        (
            local(o.url) or "",
            o.title,
            None if o.price is None else str(o.price),
            o.currency,
            local(o.image_url),
        )
        for o in extraction.offers
    )


def extract(shop: ShopServer, path: str, selectors: dict[str, str] | None = None) -> Extraction:
    response = fetch_page(shop.base_url + path)
    return extract_offers(response.text, response.url, selectors)


@pytest.mark.parametrize("path", sorted(EXPECTED))
def test_demo_page_yields_exactly_its_offers(shop: ShopServer, path: str) -> None:
    method, expected = EXPECTED[path]
    extraction = extract(shop, path)
    assert rows(extraction, shop.base_url) == sorted(expected)
    assert extraction.method == method


def test_offers_carry_the_method_that_found_them(shop: ShopServer) -> None:
    sources = {o.extra["source"] for o in extract(shop, "/microdata").offers}
    assert sources == {"microdata"}
    assert {o.extra["source"] for o in extract(shop, "/rdfa").offers} == {"rdfa"}
    assert {o.extra["source"] for o in extract(shop, "/next").offers} == {"page-state"}


def test_structured_item_without_url_is_dropped_and_counted(shop: ShopServer) -> None:
    extraction = extract(shop, "/jsonld")
    assert extraction.dropped == 1
    assert all(o.title != "No link" for o in extraction.offers)


def test_cards_page_skips_nav_ads_and_recommendations(shop: ShopServer) -> None:
    urls = {o.url for o in extract(shop, "/cards").offers}
    assert not any("helmet" in u.split("/")[-1] or "lock" in u or "ads.example" in u for u in urls)
    assert not any(u.endswith(("/about", "/terms", "/contact", "/cards")) for u in urls)


def test_javascript_page_has_no_offers_without_a_browser(shop: ShopServer) -> None:
    extraction = extract(shop, "/js")
    assert extraction.offers == [] and extraction.method is None


CSS_SELECTORS = {"item": "section.tile", "title": ".nm", "price": ".cost", "link": "a.go", "image": "img.pic"}
XPATH_SELECTORS = {
    "item": "//section[@class='tile']",
    "title": ".//span[@class='nm']",
    "price": "//b",
    "link": ".//a/@href",
    "image": ".//img/@data-src",
}
SELECTOR_ROWS = [
    ("/item/tile-1", "Garden chair", "30", "EUR", "/img/chair.jpg"),
    ("/item/tile-2", "Garden table", "120", "EUR", "/img/table.jpg"),
]


@pytest.mark.parametrize("selectors", [CSS_SELECTORS, XPATH_SELECTORS], ids=["css", "xpath"])
def test_url_selectors_come_first(shop: ShopServer, selectors: dict[str, str]) -> None:
    extraction = extract(shop, "/selectors", selectors)
    assert extraction.method == "selectors"
    assert rows(extraction, shop.base_url) == SELECTOR_ROWS


def test_without_selectors_the_tile_page_gets_the_link_text_as_title(shop: ShopServer) -> None:
    # Why selectors exist: the heuristic cannot know the title is not the link.
    assert {o.title for o in extract(shop, "/selectors").offers} == {"details"}


def test_item_selector_alone_uses_the_heuristic_inside_items(shop: ShopServer) -> None:
    extraction = extract(shop, "/cards", {"item": "div.grid > div.card"})
    assert extraction.method == "selectors"
    assert [(o.title, o.price) for o in extraction.offers][:2] == [
        ("Road bike & helmet set", Decimal("1299.00")),
        ("Gravel bike", Decimal("850.00")),
    ]


def test_selectors_matching_nothing_fall_back_to_automatic_extraction(shop: ShopServer) -> None:
    extraction = extract(shop, "/microdata", {"item": "div.no-such-thing"})
    assert extraction.method == "structured" and len(extraction.offers) == 2


@pytest.mark.parametrize(
    "selectors", [{"item": "div[["}, {"item": "//div[", "title": "x"}, {"item": "div.card", "price": "::bad"}]
)
def test_invalid_selector_is_an_error_naming_it(shop: ShopServer, selectors: dict[str, str]) -> None:
    with pytest.raises(SelectorError, match="not valid"):
        extract(shop, "/cards", selectors)


def test_added_offer_appears_on_new_arrivals(shop: ShopServer) -> None:
    import httpx

    response = httpx.post(
        shop.base_url + "/admin/offers",
        json={"slug": "arrival-kayak", "title": "Kayak <2 seats>", "price": "€ 310"},
    )
    assert response.status_code == 201
    offers = extract(shop, "/new-arrivals").offers
    assert (offers[0].url, offers[0].title, offers[0].price, offers[0].currency) == (
        shop.base_url + "/item/arrival-kayak",
        "Kayak <2 seats>",
        Decimal("310"),
        "EUR",
    )
    assert len(offers) == 4


def test_relative_links_follow_the_pages_base_href() -> None:
    html = """<html><head><base href="https://cdn.shop.example/list/"></head><body><ul>
      <li><a href="item/1">Tent</a> <span class="price">$120.00</span> <img src="/img/1.jpg"></li>
      <li><a href="item/2">Stove</a> <span class="price">$45.00</span> <img src="/img/2.jpg"></li>
    </ul></body></html>"""
    result = extract_offers(html, "https://shop.example/camping?page=1")
    assert [(o.url, o.image_url) for o in result.offers] == [
        ("https://cdn.shop.example/list/item/1", "https://cdn.shop.example/img/1.jpg"),
        ("https://cdn.shop.example/list/item/2", "https://cdn.shop.example/img/2.jpg"),
    ]
