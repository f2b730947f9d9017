# ruff: noqa: RUF001 - currency marks and dashes of many languages
"""The failure classes of issue 11, each on a small page of its own: the extractor must handle
the class in general, whatever the platform."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from crawler.extract import extract_offers
from crawler.items import Offer

PAGE = "https://shop.example/list"


def offers(body: str, head: str = "", url: str = PAGE) -> list[Offer]:
    return extract_offers(f"<html><head>{head}</head><body>{body}</body></html>", url).offers


def card(slug: str, title: str, price: str = "", extra: str = "", css: str = "card") -> str:
    return (
        f'<div class="{css}"><a href="/item/{slug}"><img src="/img/{slug}.jpg" alt=""></a>'
        f'<h3><a href="/item/{slug}">{title}</a></h3>{price}{extra}</div>'
    )


def grid(*cards: str) -> str:
    return f'<div class="grid">{"".join(cards)}</div>'


THREE = grid(
    card("a", "Alpha", '<span class="price">$10.00</span>'),
    card("b", "Beta", '<span class="price">$20.00</span>'),
    card("c", "Gamma", '<span class="price">$30.00</span>'),
)


def summary(offers_: list[Offer]) -> list[tuple[str, str, str | None]]:
    return [(o.url.rsplit("/", 1)[-1], o.title, None if o.price is None else str(o.price)) for o in offers_]


# --- choosing between methods -------------------------------------------------------------


def test_breadcrumbs_and_a_summary_offer_in_json_ld_do_not_hide_the_cards() -> None:
    data = [
        {
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": [
                {"@type": "ListItem", "position": 1, "name": "Home", "item": "https://shop.example/"},
                {"@type": "ListItem", "position": 2, "name": "List", "item": PAGE},
            ],
        },
        {
            "@context": "https://schema.org",
            "@type": "Product",
            "name": "All bikes",
            "url": PAGE,
            "offers": {"@type": "AggregateOffer", "lowPrice": "10", "priceCurrency": "USD"},
        },
    ]
    head = f'<script type="application/ld+json">{json.dumps(data)}</script>'
    found = offers(THREE, head)
    assert summary(found) == [("a", "Alpha", "10.00"), ("b", "Beta", "20.00"), ("c", "Gamma", "30.00")]


def test_site_navigation_lists_lose_to_the_cards() -> None:
    menu = (
        '<div class="links">'
        + "".join(f'<p><a href="/c/{n}">Category {n}</a> text</p>' for n in range(8))
        + "</div>"
    )
    assert [o.title for o in offers(menu + THREE)] == ["Alpha", "Beta", "Gamma"]


def test_structured_list_without_prices_gets_them_from_the_cards() -> None:
    data = {
        "@context": "https://schema.org",
        "@type": "ItemList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "url": f"https://shop.example/item/{slug}", "name": name}
            for n, (slug, name) in enumerate([("a", "Alpha"), ("b", "Beta"), ("c", "Gamma")], 1)
        ],
    }
    head = f'<script type="application/ld+json">{json.dumps(data)}</script>'
    found = offers(THREE, head)
    assert (found[0].title, found[0].price, found[0].image_url) == (
        "Alpha",
        Decimal("10.00"),
        "https://shop.example/img/a.jpg",
    )


# --- skip words ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "wrapper",
    [
        '<div class="page has-sidebar layout-with-filters">{}</div>',
        '<div id="ad-wrapper-main">{}</div>',
        '<div class="main"><div class="content-header-and-listing">{}</div></div>',
    ],
)
def test_skip_words_on_layout_wrappers_do_not_hide_the_page(wrapper: str) -> None:
    assert len(offers(wrapper.format(THREE))) == 3


def test_body_classes_with_skip_words_do_not_hide_the_page() -> None:
    html = f'<html class="no-js menu-open"><body class="sidebar-left ads-enabled">{THREE}</body></html>'
    assert len(extract_offers(html, PAGE).offers) == 3


@pytest.mark.parametrize(
    "block",
    [
        '<section class="recently-viewed"><h2>Seen</h2>{}</section>',
        '<div class="sponsored-products">{}</div>',
        "<div><h2>Similar items</h2>{}</div>",
        "<div><h2>Recommended for you</h2></div>{}",
        '<div style="display:none">{}</div>',
        "<template>{}</template>",
        '<div hidden="">{}</div>',
    ],
)
def test_blocks_that_are_not_the_listing_are_skipped(block: str) -> None:
    other = grid(
        card("x", "Other one", '<span class="price">$1.00</span>'),
        card("y", "Other two", '<span class="price">$2.00</span>'),
    )
    assert [o.title for o in offers(THREE + block.format(other))] == ["Alpha", "Beta", "Gamma"]


@pytest.mark.parametrize("label", ["Sponsored", "Sponsorowane", "Publicité", "Werbung"])
def test_sponsored_cards_inside_the_listing_are_skipped(label: str) -> None:
    listing = grid(
        card("a", "Alpha", '<span class="price">$10.00</span>'),
        card("ad", "Buy this", f'<span class="price">$5.00</span><span class="label">{label}</span>'),
        card("b", "Beta", '<span class="price">$20.00</span>'),
        card("c", "Gamma", '<span class="price">$30.00</span>', css="card ad-slot ad"),
    )
    assert [o.title for o in offers(listing)] == ["Alpha", "Beta"]


# --- prices -------------------------------------------------------------------------------


def test_cards_without_a_price_are_offers_and_free_is_zero() -> None:
    listing = grid(
        card("swap", "Swap only", "<p>Swap for a bike</p>"),
        card("gift", "Old sofa", '<span class="price">Free</span>'),
        card("ask", "Piano", '<span class="price">Price on request</span>'),
    )
    assert summary(offers(listing)) == [
        ("swap", "Swap only", None),
        ("gift", "Old sofa", "0"),
        ("ask", "Piano", None),
    ]


@pytest.mark.parametrize(
    ("markup", "price"),
    [
        ("<del>$40.00</del> <ins>$30.00</ins>", "30.00"),
        ("<s>$40.00</s> $30.00", "30.00"),
        ('<span class="price--old">$40.00</span><span class="price">$30.00</span>', "30.00"),
        ('<span class="was-price">$40.00</span> <span class="now">$30.00</span>', "30.00"),
        ('<span class="compare-at-price">$40.00</span><span class="price-item--sale">$30.00</span>', "30.00"),
        ('<span class="msrp">MSRP $40.00</span> <span class="price">$30.00</span>', "30.00"),
        ('<span class="price" style="display: none">$40.00</span><span class="price">$30.00</span>', "30.00"),
        ('<span class="price" hidden>$40.00</span><span class="price">$30.00</span>', "30.00"),
        (
            '<span class="screen-reader-text">Original price was: $40.00.</span>'
            '<span class="amount">$30.00</span>',
            "30.00",
        ),
        ('<span class="price">From $30.00 to $45.00</span>', "30.00"),
        ('<span class="price">$45.00 – $30.00</span>', "30.00"),
        ('<span class="financing">or $5/mo with Affirm</span> <span class="price">$30.00</span>', "30.00"),
        ("<p>$5.00/month</p><p>$30.00</p>", "30.00"),
        ('<span class="price">$30.00</span> <span>+ $4.99 shipping</span>', "30.00"),
        ("<p>Shipping: $4.99</p><p>$30.00</p>", "30.00"),
        ("<p>Earn 300 points</p><p>$30.00</p><p>Save $10.00</p>", "30.00"),
        (
            '<span class="a-price" data-a-strike="true"><span class="a-offscreen">$40.00</span></span>'
            '<span class="a-price"><span class="a-offscreen">$30.00</span><span aria-hidden="true">'
            "<span>$</span><span>30</span><span>00</span></span></span>",
            "30.00",
        ),
        (
            '<span class="price"><bdi>30,00&nbsp;<span class="currencySymbol">&euro;</span></bdi></span>',
            "30.00",
        ),
    ],
)
def test_the_price_paid_now_is_taken(markup: str, price: str) -> None:
    listing = grid(*(card(slug, slug.upper(), markup) for slug in ("a", "b")))
    assert {str(o.price) for o in offers(listing)} == {price}


def test_rent_per_month_is_the_price_when_nothing_else_is_shown() -> None:
    listing = grid(*(card(slug, slug.upper(), "<p>£1,200 pcm</p>") for slug in ("a", "b")))
    assert {(o.price, o.currency) for o in offers(listing)} == {(Decimal("1200"), "GBP")}


def test_salaries_are_not_prices() -> None:
    listing = grid(
        card("dev", "Developer", "<p>Acme Ltd</p><p>$60,000 a year</p>"),
        card("cook", "Cook", "<p>Diner</p><p>$20 an hour</p>"),
        card("nurse", "Nurse", '<p>Clinic</p><div class="salary-snippet">$35 - $40 per hour</div>'),
    )
    assert summary(offers(listing)) == [
        ("dev", "Developer", None),
        ("cook", "Cook", None),
        ("nurse", "Nurse", None),
    ]


@pytest.mark.parametrize(
    ("text", "price", "currency"),
    [
        ("12 800 円", "12800", "JPY"),
        ("1 500 руб.", "1500", "RUB"),
        ("1 500 ₽", "1500", "RUB"),
        ("99,99 zł", "99.99", "PLN"),
        ("1 299 Kč", "1299", "CZK"),
        ("R$ 1.299,90", "1299.90", "BRL"),
        ("₹1,299", "1299", "INR"),
        ("CHF 49.90", "49.90", "CHF"),
        ("49.90 CHF", "49.90", "CHF"),
        ("1 200 EUR", "1200", "EUR"),
        ("$28.00 CAD", "28.00", "CAD"),
        ("1\u2009299\u2009₽", "1299", "RUB"),  # thin spaces (Ozon)
        ("350\u202f000\u202f€", "350000", "EUR"),  # narrow no-break spaces (French)
        ("EUR 12,50", "12.50", "EUR"),
        ("12.50 €", "12.50", "EUR"),
        ("CHF 12.–", "12", "CHF"),
        ("Rs. 499.00", "499.00", "INR"),
        ("¥1,200", "1200", "JPY"),
    ],
)
def test_currency_marks_in_cards(text: str, price: str, currency: str) -> None:
    listing = grid(*(card(slug, slug.upper(), f'<span class="price">{text}</span>') for slug in ("a", "b")))
    assert {(str(o.price), o.currency) for o in offers(listing)} == {(price, currency)}


def test_krona_follows_the_page_language() -> None:
    listing = grid(*(card(slug, slug.upper(), "<p>3 499 kr</p>") for slug in ("a", "b")))
    html = f'<html lang="sv"><body>{listing}</body></html>'
    assert {o.currency for o in extract_offers(html, PAGE).offers} == {"SEK"}


# --- page state ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "price", "currency"),
    [
        ({"price": [350], "currency": "PLN"}, "350", "PLN"),
        ({"priceCents": 35000, "currency": "EUR"}, "350.00", "EUR"),
        ({"price": {"amount": "350.00", "currency": "GBP"}}, "350.00", "GBP"),
        ({"price": {"cents": 35050, "currency": {"code": "USD"}}}, "350.50", "USD"),
        ({"price": "350 zł"}, "350", "PLN"),
        ({"price": None}, None, None),
    ],
)
def test_page_state_price_shapes(fields: dict[str, object], price: str | None, currency: str | None) -> None:
    items = [
        {"url": f"/item/{n}", "title": f"Item {n}", "image": {"url": f"/img/{n}.jpg"}, **fields}
        for n in range(3)
    ]
    state = json.dumps({"props": {"listing": {"items": items}}})
    found = offers(
        "<div id='app'></div>", f'<script id="__NEXT_DATA__" type="application/json">{state}</script>'
    )
    assert {(None if o.price is None else str(o.price), o.currency) for o in found} == {(price, currency)}
    assert found[0].image_url == "https://shop.example/img/0.jpg"


# --- titles, images, one result -----------------------------------------------------------


def test_titles_without_a_heading_come_from_the_link_label_or_image_alt() -> None:
    listing = grid(
        '<div class="tile"><a href="/item/a" aria-label="Alpha lamp"><img src="/a.jpg"><b>$10</b></a></div>',
        '<div class="tile"><a href="/item/b" title="Beta lamp"><img src="/b.jpg"></a><b>$20.00</b></div>',
        '<div class="tile"><a href="/item/c"><img src="/c.jpg" alt="Gamma lamp"></a><b>$30.00</b></div>',
        '<div class="tile"><a href="/item/d">Delta lamp $40.00 + $5.00 shipping</a><b>$40.00</b></div>',
    )
    assert [o.title for o in offers(listing)] == ["Alpha lamp", "Beta lamp", "Gamma lamp", "Delta lamp"]


def test_search_highlights_inside_a_word_do_not_split_it() -> None:
    listing = grid(
        card("a", 'Fissler koeken<mark class="ais-Highlight-highlighted">pan</mark> 28 cm'),
        card("b", '<mark>Pan</mark>nenset <span class="badge">New</span>Tefal'),
        card("c", "<span>Steel</span><span>pan</span>"),
    )
    titles = [o.title for o in offers(listing)]
    assert titles == ["Fissler koekenpan 28 cm", "Pannenset New Tefal", "Steelpan"]


def test_a_heading_without_a_link_takes_the_link_named_like_it() -> None:
    listing = grid(
        *(
            f'<li class="job"><a class="full-link" href="/jobs/view/{n}?trk=x">'
            f'<span class="sr-only">Cook {n}</span></a>'
            f'<h3>Cook {n}</h3><h4><a href="/company/diner-{n}">Diner {n}</a></h4></li>'
            for n in range(3)
        )
    )
    assert [(o.url, o.title) for o in offers(listing)] == [
        (f"https://shop.example/jobs/view/{n}", f"Cook {n}") for n in range(3)
    ]


def test_ebay_like_titles_drop_link_hints() -> None:
    listing = grid(
        *(
            f'<li class="s-item"><a href="/itm/{n}"><div class="s-item__title">'
            f'<span role="heading">Camera {n}'
            '<span class="clipped">Opens in a new window or tab</span></span></div></a>'
            f'<span class="s-item__price">$1{n}.00</span></li>'
            for n in range(3)
        )
    )
    assert [o.title for o in offers(listing)] == ["Camera 0", "Camera 1", "Camera 2"]


@pytest.mark.parametrize(
    ("markup", "image"),
    [
        ('<img srcset="/s.jpg 320w, /l.jpg 1280w">', "/l.jpg"),
        ('<img src="data:image/gif;base64,AA" data-srcset="/d.jpg 1x, /d2.jpg 2x">', "/d2.jpg"),
        ('<picture><source srcset="/p.webp"><img src="/p.jpg"></picture>', "/p.webp"),
        ("<div style=\"background-image: url('/bg.jpg')\"></div>", "/bg.jpg"),
        ('<div data-bg="/lazy-bg.jpg"></div>', "/lazy-bg.jpg"),
        ('<img data-src="/t_{width}x.jpg" data-widths="[180, 360]">', "/t_360x.jpg"),
        ('<img srcset="https://cdn.example/w_300,h_300/x.jpg 1x">', "https://cdn.example/w_300,h_300/x.jpg"),
        ('<img data-ghost-url="/ghost.png" data-delayed-url="/logo.png">', "/logo.png"),
    ],
)
def test_images_from_lazy_attributes_pictures_and_backgrounds(markup: str, image: str) -> None:
    listing = grid(
        *(f'<div class="c"><a href="/item/{n}">Item {n}</a>{markup}<b>$1{n}</b></div>' for n in range(2))
    )
    expected = image if image.startswith("http") else "https://shop.example" + image
    assert {o.image_url for o in offers(listing)} == {expected}


def test_a_page_with_one_result_is_a_list_of_one() -> None:
    body = (
        '<h1>1 result</h1><ul class="results"><li class="result-item">'
        '<a href="/item/only"><img src="/only.jpg"></a><h3><a href="/item/only">Only bike</a></h3>'
        '<span class="price">€ 99</span></li></ul>'
    )
    assert summary(offers(body)) == [("only", "Only bike", "99")]


# --- seller -------------------------------------------------------------------------------


def test_seller_named_on_cards_and_in_structured_data() -> None:
    listing = grid(
        card("a", "Alpha", '<span class="price">$10</span>', "<p>Sold by Bike Barn</p>"),
        card(
            "b", "Beta", '<span class="price">$20</span>', '<span class="seller-name">Wheels &amp; Co</span>'
        ),
        card("c", "Gamma", '<span class="price">$30</span>'),
        card("d", "Delta", '<b class="price">$40</b>', '<h4><a href="/company/velo-ag?t=x">Velo AG</a></h4>'),
    )
    assert [o.extra.get("seller") for o in offers(listing)] == ["Bike Barn", "Wheels & Co", None, "Velo AG"]
    data = {
        "@context": "https://schema.org",
        "@type": "ItemList",
        "itemListElement": [
            {
                "@type": "Product",
                "name": f"Bike {n}",
                "url": f"https://shop.example/item/{n}",
                "offers": {
                    "@type": "Offer",
                    "price": "10",
                    "priceCurrency": "EUR",
                    "seller": {"name": "Velo"},
                },
            }
            for n in range(2)
        ],
    }
    head = f'<script type="application/ld+json">{json.dumps(data)}</script>'
    assert {o.extra.get("seller") for o in offers("<p>Bikes</p>", head)} == {"Velo"}


def test_page_state_seller_names() -> None:
    items = [
        {"url": f"/item/{n}", "title": f"Item {n}", "price": 5, "seller": {"login": f"user{n}"}}
        for n in range(2)
    ]
    state = json.dumps({"items": items})
    found = offers("", f'<script type="application/json">{state}</script>')
    assert [o.extra.get("seller") for o in found] == ["user0", "user1"]
