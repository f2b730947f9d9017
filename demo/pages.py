"""The demo shop's listing pages, one function per format. Each returns (html, content-type charset).

Prices, links and images are deliberately varied (relative links, tracking parameters, lazy
images, several currencies and price formats) because that is what the crawler must cope with.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from html import escape

PLACEHOLDER_GIF = "data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw=="


@dataclass(frozen=True)
class DemoOffer:
    """An offer of the changing page (/new-arrivals)."""

    slug: str
    title: str
    price: str
    image: str | None = None


INITIAL_ARRIVALS = (
    DemoOffer("arrival-tent", "Two-person tent", "$120.00", "/img/tent.jpg"),
    DemoOffer("arrival-stove", "Camping stove", "$45.50", "/img/stove.jpg"),
    DemoOffer("arrival-lamp", "Head lamp", "$19.99"),
)


def _document(title: str, body: str, lang: str = "en", head: str = "") -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title>{head}</head><body>"
        '<header><nav><a href="/">Demo shop</a> <a href="/cards">Cards</a> '
        '<a href="/table">Table</a> <a href="/list">List</a></nav></header>'
        f"<main>{body}</main>"
        '<footer><ul><li><a href="/about">About</a></li><li><a href="/terms">Terms</a></li>'
        '<li><a href="/contact">Contact</a></li></ul></footer></body></html>'
    )


def index() -> str:
    pages = [
        "cards", "table", "list", "jsonld", "graph", "microdata", "rdfa", "next", "nuxt", "app-state",
        "latin2", "cp1251", "js", "selectors", "new-arrivals",
    ]  # fmt: skip
    links = "".join(f'<li><a href="/{name}">{name}</a></li>' for name in pages)
    return _document("Demo shop", f"<h1>Demo shop</h1><ul>{links}</ul>")


def _card(href: str, title: str, price: str, image: str = "", css: str = "card") -> str:
    return (
        f'<div class="{css}"><a href="{href}">{image}<h3>{title}</h3></a>'
        f'<p class="desc">Good condition, pick-up only.</p><span class="price">{price}</span>'
        '<a class="wish" href="/wishlist/add">Save</a></div>'
    )


def cards(copy: int | None = None) -> str:
    """A grid of plain cards between a nav, an ad, a "recommended" block and a footer. A `copy`
    number (the crawl benchmark's pages) gives the grid's offers links, titles and prices of
    their own, so no page is a repeat of another."""
    slug, name = ("", "") if copy is None else (f"-{copy}", f" {copy}")
    cents = 0 if copy is None else copy % 100
    grid = "".join(
        [
            _card(
                f"/item/road-bike{slug}?utm_source=newsletter&amp;utm_medium=email&amp;color=red",
                f"Road bike &amp; helmet\n        set{name}",
                f"$1,299.{cents:02d}",
                f'<img src="{PLACEHOLDER_GIF}" data-src="/img/road-bike{slug}.jpg" alt="">',
            ),
            _card(
                f"item/gravel-bike{slug}?fbclid=abc123&amp;id=17#reviews",
                f"Gravel   bike{name}",
                f"<del>$900.00</del> <b>$850.{cents:02d}</b>",
                f'<img srcset="/img/gravel-320{slug}.jpg 320w, /img/gravel-640{slug}.jpg 640w" alt="">',
            ),
            _card(
                f"/item/city-bike{slug}?gclid=xyz",
                f"City bike{name}",
                f"€ {12 + cents}",
                f'<img src="{PLACEHOLDER_GIF}" loading="lazy" data-lazy-src="/img/city{slug}.jpg">',
            ),
            _card(
                f"/item/kids-bike{slug}",
                f"Kids bike{name}",
                "Free",
                f'<img src="img/kids{slug}.jpg" alt="kids bike">',
            ),
        ]
    )
    ad = (
        '<div class="ad sponsored"><a href="https://ads.example/click?id=1">'
        '<h3>Super bike deal</h3></a><span class="price">$99.00</span></div>'
    )
    recommended = (
        '<aside class="recommended"><h2>Recommended for you</h2>'
        + _card("/item/helmet", "Helmet", "$49.00")
        + _card("/item/lock", "Bike lock", "$25.00")
        + "</aside>"
    )
    price_filter = (
        '<div class="filters"><h2>Price</h2><ul><li><a href="/cards?max=50">Under $50</a></li>'
        '<li><a href="/cards?min=50&amp;max=100">$50 - $100</a></li>'
        '<li><a href="/cards?min=100">Over $100</a></li></ul></div>'
    )
    body = f'<h1>Bikes</h1>{price_filter}{ad}<div class="grid">{grid}</div>{recommended}'
    return _document("Bikes", body)


def table() -> str:
    """Rows of a table, Polish prices, one price to be negotiated."""
    rows = [
        ("/item/oak-desk", "Oak desk", "1 234,56 zł"),
        ("/item/office-chair", "Office chair", "350 zł"),
        ("/item/bookshelf", "Bookshelf", "Do negocjacji"),
    ]
    body_rows = "".join(
        f'<tr><td><a href="{href}">{title}</a></td><td class="price">{price}</td><td>Warszawa</td></tr>'
        for href, title, price in rows
    )
    body = (
        "<h1>Meble</h1><table><thead><tr><th>Item</th><th>Price</th><th>City</th></tr></thead>"
        f"<tbody>{body_rows}</tbody></table>"
    )
    return _document("Meble", body, lang="pl")


def listing() -> str:
    """A <ul> of offers in several currencies and price formats, then a pagination list."""
    items = [
        ("/item/vintage-lamp", "Vintage lamp", "12.500 kr"),
        ("/item/record-player", "Record player", "1 234,56 zł"),
        ("/item/sofa", "Sofa", "Free"),
        ("/item/piano", "Piano", "Negotiable"),
        ("/item/bicycle", "Bicycle", "£5"),
        ("/item/camera", "Camera", "$1,299.00"),
    ]
    lis = "".join(
        f'<li class="offer"><a href="{href}">{title}</a> <span class="price">{price}</span></li>'
        for href, title, price in items
    )
    pages = (
        '<ul class="pagination"><li><a href="/list?page=1">1</a></li>'
        '<li><a href="/list?page=2">2</a></li></ul>'
    )
    return _document("Begagnat", f'<h1>Begagnat</h1><ul class="offers">{lis}</ul>{pages}', lang="sv")


def jsonld() -> str:
    """JSON-LD ItemList of ListItems: Products with offers, a bare ListItem, one without a URL."""
    data = {
        "@context": "https://schema.org",
        "@type": "ItemList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": 1,
                "item": {
                    "@type": "Product",
                    "name": "Espresso machine",
                    "url": "/item/espresso?utm_campaign=x",
                    "image": ["/img/espresso.jpg", "/img/espresso-2.jpg"],
                    "offers": {"@type": "Offer", "price": "249.99", "priceCurrency": "EUR"},
                },
            },
            {
                "@type": "ListItem",
                "position": 2,
                "item": {
                    "@type": "Product",
                    "name": "Coffee grinder",
                    "url": "/item/grinder",
                    "image": {"@type": "ImageObject", "url": "/img/grinder.jpg"},
                    "offers": {"@type": "AggregateOffer", "lowPrice": 89, "priceCurrency": "EUR"},
                },
            },
            {"@type": "ListItem", "position": 3, "url": "/item/milk-jug", "name": "Milk jug"},
            {"@type": "ListItem", "position": 4, "item": {"@type": "Product", "name": "No link"}},
        ],
    }
    cards = "<div class='plain'><p>Espresso machine</p><p>Coffee grinder</p></div>"
    head = f'<script type="application/ld+json">{json.dumps(data)}</script>'
    return _document("Coffee", f"<h1>Coffee</h1>{cards}", head=head)


def graph(base: str) -> str:
    """JSON-LD @graph with Products whose URL sits on the Offer, absolute URLs."""
    data = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebPage", "name": "Tents", "url": f"{base}/graph"},
            {
                "@type": "Product",
                "name": "Dome tent",
                "image": f"{base}/img/dome.jpg",
                "offers": [
                    {"@type": "Offer", "url": f"{base}/item/dome", "price": 199, "priceCurrency": "USD"}
                ],
            },
            {
                "@type": "Product",
                "name": "Tunnel tent",
                "url": f"{base}/item/tunnel",
                "offers": {"@type": "Offer", "price": "0", "priceCurrency": "USD"},
            },
        ],
    }
    head = f'<script type="application/ld+json">{json.dumps(data)}</script>'
    return _document("Tents", "<h1>Tents</h1>", head=head)


def microdata() -> str:
    """schema.org Products in microdata."""
    rows = [
        ("/item/kettle", "Kettle", "19.99", "GBP", "/img/kettle.jpg"),
        ("/item/toaster", "Toaster", "35.00", "GBP", None),
    ]
    items = "".join(
        '<div itemscope itemtype="https://schema.org/Product" class="product">'
        f'<a itemprop="url" href="{href}"><span itemprop="name">{name}</span></a>'
        + (f'<img itemprop="image" src="{image}">' if image else "")
        + '<div itemprop="offers" itemscope itemtype="https://schema.org/Offer">'
        f'<meta itemprop="priceCurrency" content="{currency}"><span itemprop="price" content="{price}">'
        f"£{price}</span></div></div>"
        for href, name, price, currency, image in rows
    )
    return _document("Kitchen", f"<h1>Kitchen</h1>{items}")


def rdfa() -> str:
    """schema.org Products in RDFa."""
    rows = [("/item/blender", "Blender", "59.00", "EUR"), ("/item/mixer", "Stand mixer", "310.00", "EUR")]
    items = "".join(
        f'<div typeof="Product" class="product"><a property="url" href="{href}">'
        f'<span property="name">{name}</span></a>'
        '<div property="offers" typeof="Offer">'
        f'<span property="price" content="{price}">{price}</span> '
        f'<meta property="priceCurrency" content="{currency}"></div></div>'
        for href, name, price, currency in rows
    )
    return _document("Mixers", f'<div vocab="https://schema.org/"><h1>Mixers</h1>{items}</div>')


def next_data() -> str:
    """A Next.js page: the offers exist only in __NEXT_DATA__ until scripts run."""
    state = {
        "props": {
            "pageProps": {
                "menu": [{"title": "Home", "url": "/"}, {"title": "Help", "url": "/help"}],
                "listing": {
                    "items": [
                        {
                            "id": 1,
                            "title": "Snowboard",
                            "url": "/item/snowboard?ref=listing",
                            "price": {"amount": "320.00", "currency": "CHF"},
                            "thumbnail": "/img/snowboard.jpg",
                        },
                        {
                            "id": 2,
                            "title": "Ski boots",
                            "url": "/item/ski-boots",
                            "price": {"amount": "150", "currency": "CHF"},
                            "thumbnail": None,
                        },
                    ]
                },
            }
        },
        "page": "/next",
    }
    head = f'<script id="__NEXT_DATA__" type="application/json">{json.dumps(state)}</script>'
    return _document("Winter", '<div id="__next"></div>', head=head)


def nuxt_data() -> str:
    """A Nuxt 3 page: the state is devalue-encoded (a flat array of values and indices)."""
    flat = [
        ["ShallowReactive", 1],
        {"data": 2, "state": 3},
        ["ShallowReactive", 4],
        {},
        {"search": 5},
        {"hits": 6, "total": 11},
        [7, 12],
        {"title": 8, "link": 9, "price": 10, "currency": 15, "image": 16},
        "Mountain bike",
        "/item/mountain-bike",
        2100,
        2,
        {"title": 13, "link": 14, "price": 17, "currency": 15, "image": -1},
        "BMX",
        "/item/bmx",
        "DKK",
        "/img/mtb.jpg",
        750.5,
    ]
    head = f'<script type="application/json" id="__NUXT_DATA__" data-ssr="true">{json.dumps(flat)}</script>'
    return _document("Cykler", '<div id="__nuxt"></div>', lang="da", head=head)


def app_state() -> str:
    """Page state assigned to a window variable in a plain script."""
    state = {
        "user": None,
        "results": [
            {"name": "Kayak", "href": "/item/kayak", "priceValue": 799.5, "currency": "NOK",
             "images": ["/img/kayak.jpg"]},
            {"name": "Paddle", "href": "/item/paddle", "priceValue": 120, "currency": "NOK", "images": []},
        ],
    }  # fmt: skip
    script = f"<script>window.__INITIAL_STATE__ = {json.dumps(state)};\nwindow.boot();</script>"
    return _document("Water", f'<div id="root"></div>{script}')


def latin2() -> str:
    """Cards in ISO-8859-2, declared only by a <meta> tag (the server sends no charset)."""
    body = _card("/item/zazolc", "Zażółć gęślą jaźń", "99 zł") + _card("/item/lodz", "Łódź", "1 000 zł")
    html = _document("Polskie", f'<div class="grid">{body}</div>', lang="pl")
    return html.replace('<meta charset="utf-8">', '<meta charset="iso-8859-2">')


def cp1251() -> str:
    """Cards in windows-1251, declared only in the Content-Type header."""
    rouble = "\u0440\u0443\u0431."  # ruff flags these Cyrillic letters as look-alikes
    body = _card("/item/velosiped", "Велосипед", f"5 000 {rouble}") + _card(
        "/item/samokat", "Самокат", f"1 200 {rouble}"
    )
    return _document("Объявления", f'<div class="grid">{body}</div>', lang="ru").replace(
        '<meta charset="utf-8">', ""
    )


def js(source: str = "/api/js-offers") -> str:
    """Offers rendered in the browser from a JSON endpoint (`source`); the HTML alone holds none."""
    script = """
<script>
fetch(SOURCE).then(r => r.json()).then(items => {
  const grid = document.getElementById('grid');
  for (const it of items) {
    const card = document.createElement('div');
    card.className = 'card';
    card.innerHTML = `<a href="${it.url}"><h3></h3></a><span class="price"></span>`;
    card.querySelector('h3').textContent = it.title;
    card.querySelector('.price').textContent = it.price;
    grid.appendChild(card);
  }
});
</script>""".replace("SOURCE", json.dumps(source).replace("</", "<\\/"))
    return _document("Rendered", f'<h1>Rendered</h1><div id="grid" class="grid"></div>{script}')


JS_OFFERS = [
    {"url": "/item/js-drone", "title": "Drone", "price": "$450.00"},
    {"url": "/item/js-gimbal", "title": "Gimbal", "price": "$89.00"},
]


def selectors_page() -> str:
    """Tiles that only the URL's own selectors describe well: the title is not the link text."""
    tiles = "".join(
        f'<section class="tile"><span class="nm">{title}</span><b class="cost">{price}</b>'
        f'<img class="pic" data-src="{image}"><a class="go" href="{href}">details</a></section>'
        for href, title, price, image in [
            ("/item/tile-1", "Garden chair", "€ 30", "/img/chair.jpg"),
            ("/item/tile-2", "Garden table", "€ 120", "/img/table.jpg"),
        ]
    )
    return _document("Garden", f"<h1>Garden</h1>{tiles}")


def arrivals(offers: list[DemoOffer]) -> str:
    """The page that changes: offers can be added at runtime (POST /admin/offers)."""
    body = "".join(
        _card(
            f"/item/{offer.slug}",
            escape(offer.title),
            escape(offer.price),
            f'<img data-src="{offer.image}" src="{PLACEHOLDER_GIF}">' if offer.image else "",
        )
        for offer in offers
    )
    return _document("New arrivals", f'<h1>New arrivals</h1><div class="grid">{body}</div>')


ROBOTS_TXT = "User-agent: *\nDisallow: /private/\n"
