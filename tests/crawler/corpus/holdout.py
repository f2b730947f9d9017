"""Held-out pages (issue 11 review): platforms and price spellings the first 37 pages do not cover,
written after the extractor reached 1.0 on those, to check that it generalises.

Card markup follows each platform's public templates (structure and class names only); the
expected answers come from the offer lists below (what a person sees on the card)."""

from __future__ import annotations

import json
from typing import Any

from tests.crawler.corpus.kit import Item, h, write_page

NNBSP = "\u202f"  # narrow no-break space (French, Russian thousands separator)
THIN = "\u2009"


def page(title: str, body: str, head: str = "", lang: str = "en", body_class: str = "") -> str:
    return f"""<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{h(title)}</title>
{head}
</head>
<body class="{body_class}">
{body}
</body>
</html>
"""


def shopify_horizon() -> None:
    """Shopify Horizon (2025 theme): product-card custom elements, a visually-hidden card link,
    'Rs.' prices with a compare-at <s>, search links carrying _pos/_sid/_ss."""
    base = "https://www.chaiandco.in"
    cdn = "//www.chaiandco.in/cdn/shop/files"
    rows: list[tuple[Any, ...]] = [
        ("masala-chai-blend-250g", "Masala Chai Blend 250g", "499.00", {"was": "699.00"}),
        ("assam-breakfast-loose-leaf", "Assam Breakfast Loose Leaf", "349.00", {}),
        (
            "darjeeling-first-flush",
            "Darjeeling First Flush",
            "1299.00",
            {"shown": "1,299.00", "was": "1,599.00"},
        ),
        ("kulhad-cup-set-of-4", "Kulhad Cup Set of 4", "599.00", {"sold_out": True}),
        ("cardamom-green-tea", "Cardamom Green Tea", "275.00", {"unit": "Rs. 110.00/100g"}),
        ("brass-tea-strainer", "Brass Tea Strainer", "199.00", {}),
    ]
    items = [
        Item(
            f"{base}/products/{slug}",
            title,
            price,
            "INR",
            f"https:{cdn}/{slug}.jpg?v=1730000000&width=533",
            alternatives=tuple(f"https:{cdn}/{slug}.jpg?v=1730000000&width={w}" for w in (352, 832, 1200)),
            show=show,
        )
        for slug, title, price, show in rows
    ]
    cards = []
    for n, item in enumerate(items, 1):
        slug = item.url.rsplit("/", 1)[1]
        href = f"/products/{slug}?_pos={n}&_sid=4f9c2a1b7&_ss=r"
        show = item.show
        shown = show.get("shown", item.price)
        compare = f'<s class="compare-at-price">Rs. {show["was"]}</s>' if "was" in show else ""
        unit = (
            f'<div class="unit-price"><span class="visually-hidden">Unit price</span>{show["unit"]}</div>'
            if "unit" in show
            else ""
        )
        badge = (
            '<div class="product-badges"><span class="product-badges__badge product-badges__badge--rectangle color-scheme-3">Sold out</span></div>'
            if show.get("sold_out")
            else (
                '<div class="product-badges"><span class="product-badges__badge product-badges__badge--rectangle color-scheme-4">Sale</span></div>'
                if compare
                else ""
            )
        )
        srcset = ", ".join(f"{cdn}/{slug}.jpg?v=1730000000&width={w} {w}w" for w in (352, 533, 832, 1200))
        cards.append(f"""<li class="product-grid__item product-grid__item--{n}" data-product-id="81{n:03d}4412">
<product-card class="product-card" data-product-id="81{n:03d}4412" id="product-card-{n}">
<a id="{n}-product-link" class="product-card__link" href="{href}" ref="productCardLink"><span class="visually-hidden">{h(item.title)}</span></a>
<div class="product-card__content layout-panel-flex layout-panel-flex--column product-grid__card spacing-style">
<div class="card-gallery card-gallery--{n}" data-view-transition-type="product-image-transition">
<slideshow-component ref="slideshow" class="slideshow"><slideshow-container><slideshow-slides>
<slideshow-slide class="product-media-container"><img src="{cdn}/{slug}.jpg?v=1730000000&width=533" alt="" srcset="{srcset}" width="1000" height="1000" loading="lazy" sizes="(min-width: 750px) 25vw, 50vw" class="product-media__image"></slideshow-slide>
</slideshow-slides></slideshow-container></slideshow-component>
{badge}
<quick-add-component class="quick-add"><button class="button quick-add__button" type="button" aria-label="Add">Add</button></quick-add-component>
</div>
<a href="{href}" class="contents user-select-text"><div class="text-block text-block--align-left text-block--{n} rte spacing-style"><p>{h(item.title)}</p></div></a>
<product-price class="text-block text-block--align-left spacing-style" data-product-id="81{n:03d}4412"><div ref="priceContainer"><span class="price">Rs. {shown}</span> {compare}</div>{unit}</product-price>
</div>
</product-card>
</li>""")
    body = f"""<header id="header-group"><div class="header"><a href="/" class="header-logo"><img src="{cdn}/logo.svg" alt="Chai &amp; Co"></a>
<nav class="header-menu"><ul class="menu-list"><li><a href="/collections/tea">Tea</a></li><li><a href="/collections/teaware">Teaware</a></li><li><a href="/pages/about">About</a></li></ul></nav>
<a href="/cart" class="header-actions__action">Cart <span class="cart-bubble">0</span></a></div>
<div class="announcement-bar"><p>Free shipping on orders above Rs. 999</p></div></header>
<main id="MainContent" class="content-for-layout">
<div class="search-page"><h1 class="search-page__title">Results for “tea”</h1>
<div class="facets-block-wrapper"><facets-form-component><form class="facets__form"><details class="facets__panel"><summary>Price</summary><div class="price-facet"><input type="number" name="filter.v.price.gte" placeholder="Rs. 0"><input type="number" name="filter.v.price.lte" placeholder="Rs. 1,599.00"></div></details>
<details class="facets__panel"><summary>Availability</summary><label><input type="checkbox" name="filter.v.availability" value="1"> In stock (5)</label></details></form></facets-form-component></div>
<results-list class="product-grid-container" section-id="main"><ul class="product-grid" role="list">
{chr(10).join(cards)}
</ul></results-list></div>
</main>
<footer class="footer"><p>&copy; 2026, Chai &amp; Co</p><a href="/policies/refund-policy">Refund policy</a></footer>"""
    write_page(
        "holdout_shopify_horizon",
        "Shopify Horizon (search page)",
        f"{base}/search?q=tea&options%5Bprefix%5D=last",
        page('Search: 6 results found for "tea" – Chai & Co', body, body_class="template-search"),
        items,
        volatile_params=("_pos", "_sid", "_ss"),
    )


def woo_elementor() -> None:
    """WooCommerce shop archive built with Elementor Pro's Loop Grid (e-loop-item templates), German
    Market unit prices, 'Gratis Versand' next to prices, and a recently-viewed loop carousel."""
    base = "https://www.roesterei-lindner.at"
    up = f"{base}/wp-content/uploads/2026/10"

    def amount(v: str) -> str:
        return f'<span class="woocommerce-Price-amount amount"><bdi>{v}&nbsp;<span class="woocommerce-Price-currencySymbol">&euro;</span></bdi></span>'

    rows: list[tuple[Any, ...]] = [
        (
            "espresso-classico-500g",
            "Espresso Classico 500 g",
            "12.50",
            {"shown": "12,50", "was": "14,90", "unit": "25,00"},
        ),
        ("hausmischung-1kg", "Hausmischung 1 kg", "22.90", {"shown": "22,90", "unit": "22,90"}),
        ("aeropress-go", "AeroPress Go", "39.00", {"shown": "39,00", "ship": True}),
        ("entkalker-flasche", "Entkalker 250 ml", "6.40", {"shown": "6,40", "unit": "25,60", "per": "l"}),
        ("geschenkgutschein", "Geschenkgutschein", "10.00", {"range": ("10,00", "100,00")}),
        ("siebtraeger-cappuccino-tasse", "Cappuccino-Tasse", "8.90", {"shown": "8,90", "was": "11,90"}),
    ]
    items = [
        Item(
            f"{base}/produkt/{slug}",
            title,
            price,
            "EUR",
            f"{up}/{slug}-600x600.jpg",
            alternatives=(f"{up}/{slug}-300x300.jpg", f"{up}/{slug}-768x768.jpg", f"{up}/{slug}.jpg"),
            show=show,
        )
        for slug, title, price, show in rows
    ]

    def price_html(item: Item) -> str:
        show = item.show
        if "range" in show:
            low, high = show["range"]
            return f'<p class="price">{amount(low)} <span aria-hidden="true">&ndash;</span><span class="screen-reader-text">Preisspanne: {low}&nbsp;&euro; bis {high}&nbsp;&euro;</span> {amount(high)}</p>'
        if "was" in show:
            return (
                f'<p class="price"><del aria-hidden="true">{amount(show["was"])}</del> <span class="screen-reader-text">Ursprünglicher Preis war: {show["was"]}&nbsp;&euro;.</span>'
                f'<ins aria-hidden="true">{amount(show["shown"])}</ins><span class="screen-reader-text">Aktueller Preis ist: {show["shown"]}&nbsp;&euro;.</span></p>'
            )
        return f'<p class="price">{amount(show["shown"])}</p>'

    def loop_item(item: Item, n: int, template: int) -> str:
        slug = item.url.rsplit("/", 1)[1]
        show = item.show
        unit = (
            f'<p class="price price-unit smaller wc-gzd-additional-info">{amount(show["unit"])} / {show.get("per", "kg")}</p>'
            if "unit" in show
            else ""
        )
        ship = (
            '<div class="elementor-element elementor-widget elementor-widget-text-editor"><div class="elementor-widget-container"><p>Gratis Versand</p></div></div>'
            if show.get("ship")
            else ""
        )
        sale = " sale" if "was" in show else ""
        return f"""<div data-elementor-type="loop-item" data-elementor-id="{template}" class="elementor elementor-{template} e-loop-item e-loop-item-{730 + n} post-{730 + n} product type-product status-publish has-post-thumbnail product_cat-kaffee instock{sale} taxable shipping-taxable purchasable product-type-simple" data-elementor-post-type="elementor_library" data-custom-edit-handle="1">
<div class="elementor-element elementor-element-3f2a9c1 e-con-full e-flex e-con e-child" data-element_type="container">
<div class="elementor-element elementor-element-61b0d2e elementor-widget elementor-widget-image" data-widget_type="image.default"><div class="elementor-widget-container"><a href="{item.url}/"><img width="600" height="600" src="{up}/{slug}-600x600.jpg" class="attachment-woocommerce_thumbnail size-woocommerce_thumbnail" alt="" loading="lazy" srcset="{up}/{slug}-600x600.jpg 600w, {up}/{slug}-300x300.jpg 300w, {up}/{slug}-768x768.jpg 768w, {up}/{slug}.jpg 1000w" sizes="(max-width: 600px) 100vw, 600px"></a></div></div>
<div class="elementor-element elementor-element-9c0e1aa elementor-widget elementor-widget-woocommerce-product-title elementor-page-title" data-widget_type="woocommerce-product-title.default"><div class="elementor-widget-container"><h3 class="product_title entry-title elementor-heading-title elementor-size-default"><a href="{item.url}/">{h(item.title)}</a></h3></div></div>
<div class="elementor-element elementor-element-d41e7f0 elementor-widget elementor-widget-woocommerce-product-price" data-widget_type="woocommerce-product-price.default"><div class="elementor-widget-container">{price_html(item)}{unit}<p class="wc-gzd-additional-info tax-info">inkl. 10 % MwSt.</p><p class="wc-gzd-additional-info shipping-costs-info">zzgl. <a href="{base}/versand/" target="_blank">Versandkosten</a></p></div></div>
{ship}
<div class="elementor-element elementor-element-2aa7b51 elementor-widget elementor-widget-woocommerce-product-add-to-cart" data-widget_type="woocommerce-product-add-to-cart.default"><div class="elementor-widget-container"><div class="elementor-add-to-cart elementor-product-simple"><a href="?add-to-cart={730 + n}" class="button product_type_simple add_to_cart_button ajax_add_to_cart" data-product_id="{730 + n}" rel="nofollow">In den Warenkorb</a></div></div></div>
</div></div>"""

    grid = "\n".join(loop_item(item, n, 512) for n, item in enumerate(items))
    viewed = [
        Item(f"{base}/produkt/{slug}", title, "0", "EUR", f"{up}/{slug}-600x600.jpg", show={"shown": price})
        for slug, title, price in (
            ("milchkaennchen-350ml", "Milchkännchen 350 ml", "14,90"),
            ("filterpapier-102", "Filterpapier Gr. 102", "3,50"),
            ("kaffeemuehle-hand", "Handmühle Comandante", "239,00"),
        )
    ]
    carousel = "\n".join(
        f'<div class="swiper-slide">{loop_item(item, 20 + n, 515)}</div>' for n, item in enumerate(viewed)
    )
    body = f"""<div data-elementor-type="header" data-elementor-id="20" class="elementor elementor-20 elementor-location-header">
<div class="elementor-element e-flex e-con e-parent"><div class="elementor-widget-theme-site-logo"><a href="{base}"><img src="{up}/logo.svg" alt="Rösterei Lindner"></a></div>
<nav class="elementor-nav-menu--main elementor-nav-menu__container"><ul id="menu-1-hauptmenue" class="elementor-nav-menu"><li class="menu-item"><a href="{base}/shop/" class="elementor-item elementor-item-active">Shop</a></li><li class="menu-item"><a href="{base}/kurse/" class="elementor-item">Kurse</a></li><li class="menu-item"><a href="{base}/ueber-uns/" class="elementor-item">Über uns</a></li></ul></nav>
<div class="elementor-menu-cart__toggle"><a href="#" class="elementor-menu-cart__toggle_button"><span class="elementor-button-text">{amount("0,00")}</span></a></div></div></div>
<div data-elementor-type="product-archive" data-elementor-id="510" class="elementor elementor-510 elementor-location-archive product">
<div class="elementor-element e-flex e-con e-parent"><div class="elementor-widget-woocommerce-breadcrumb"><nav class="woocommerce-breadcrumb" aria-label="Breadcrumb"><a href="{base}">Startseite</a>&nbsp;&#47;&nbsp;Shop</nav></div>
<div class="elementor-widget-heading"><h1 class="elementor-heading-title elementor-size-default">Kaffee &amp; Zubehör</h1></div>
<div class="elementor-element elementor-widget elementor-widget-loop-grid" data-widget_type="loop-grid.product"><div class="elementor-widget-container"><div class="elementor-loop-container elementor-grid">
{grid}
</div></div></div>
<div class="elementor-widget-heading"><h2 class="elementor-heading-title elementor-size-default">Zuletzt angesehen</h2></div>
<div class="elementor-element elementor-widget elementor-widget-loop-carousel" data-widget_type="loop-carousel.product"><div class="elementor-widget-container"><div class="swiper elementor-loop-container"><div class="swiper-wrapper" aria-live="off">
{carousel}
</div></div></div></div>
</div></div>
<div data-elementor-type="footer" class="elementor elementor-location-footer"><p>&copy; 2026 Rösterei Lindner · <a href="{base}/impressum/">Impressum</a></p></div>"""
    write_page(
        "holdout_woo_elementor",
        "WooCommerce with Elementor Pro Loop Grid (Germanized unit prices)",
        f"{base}/shop/",
        page(
            "Shop – Rösterei Lindner",
            body,
            lang="de-AT",
            body_class="archive post-type-archive post-type-archive-product theme-hello-elementor woocommerce-shop woocommerce woocommerce-page elementor-default elementor-template-full-width elementor-kit-6 elementor-page-510 e--ua-blink",
        ),
        items,
    )


def magento_hyva() -> None:
    """Magento 2 with the Hyvä theme: each card is an add-to-cart <form> with Tailwind classes,
    '12.50 €' after-number prices, sr-only price labels, and a recently-viewed slider."""
    base = "https://www.nordlicht-outdoor.ee"
    media = f"{base}/media/catalog/product/cache/3b2e9f1c6a"
    rows: list[tuple[Any, ...]] = [
        ("trekking-pole-carbon", "Carbon Trekking Pole", "64.90", {"was": "79.00"}),
        ("merino-base-layer", "Merino Base Layer", "49.00", {}),
        ("down-sleeping-bag", "Down Sleeping Bag -10°C", "1289.00", {"shown": "1 289.00"}),
        ("headlamp-400", "Headlamp 400 lm", "29.50", {"was": "34.90"}),
        ("stove-gas-canister", "Gas Canister 230 g", "5.90", {"out": True}),
        ("rain-jacket-women", "Women's Rain Jacket", "129.00", {"low": True}),
        ("camp-mug-titanium", "Titanium Camp Mug", "24.00", {}),
    ]
    items = [
        Item(f"{base}/{slug}.html", title, price, "EUR", f"{media}/{slug[0]}/{slug[1]}/{slug}.jpg", show=show)
        for slug, title, price, show in rows
    ]

    def card(item: Item, pid: int) -> str:
        show = item.show
        shown = show.get("shown", item.price)
        label = "As low as" if show.get("low") else "Special Price" if "was" in show else ""
        final = f"""<div class="final-price inline-block" itemprop="offers" itemscope itemtype="http://schema.org/Offer">{f'<span class="price-label block sr-only">{label}</span>' if label else ""}<span id="product-price-{pid}" class="price-wrapper title-font font-medium md:text-3xl text-gray-900"><span class="price">{shown} €</span></span><meta itemprop="price" content="{item.price}"><meta itemprop="priceCurrency" content="EUR"></div>"""
        old = (
            f'<div class="old-price flex mr-1"><span class="price-label sr-only">Regular Price</span><span id="old-price-{pid}" class="price-wrapper title-font font-regular text-gray-400 line-through"><span class="price">{show["was"]} €</span></span></div>'
            if "was" in show
            else ""
        )
        stock = (
            '<div class="stock unavailable text-gray-500"><span>Out of stock</span></div>'
            if show.get("out")
            else '<button type="submit" class="btn btn-primary" aria-label="Add to Cart '
            + h(item.title)
            + '"><span class="hidden md:inline">Add to Cart</span></button>'
        )
        slug = item.url.rsplit("/", 1)[1].removesuffix(".html")
        return f"""<form method="post" action="{base}/checkout/cart/add/uenc/aHR0cHM6Ly93d3cu/product/{pid}/" class="item product product-item product_addtocart_form card card-interactive flex flex-col w-full" x-data="initPriceBox_{pid}()">
<input name="form_key" type="hidden" value="Xk2Lq9T0aBcD"><input type="hidden" name="product" value="{pid}">
<a href="{item.url}" class="product photo product-item-photo block mx-auto mb-3" tabindex="-1"><img class="object-contain product-image-photo hover:shadow-sm" x-data="" @update-gallery-{pid}.window="$root.src = $event.detail" src="{item.image}" loading="lazy" width="240" height="300" alt="{h(item.title)}" title="{h(item.title)}"></a>
<div class="product-info flex flex-col grow">
<div class="mt-2 mb-1 items-center justify-center text-primary text-lg"><a class="product-item-link" href="{item.url}">{h(item.title)}</a></div>
<div class="product-reviews-summary short"><div class="rating-summary"><span class="sr-only">Rating</span><div title="92%"><span>4.6</span></div></div></div>
<div class="py-1 mx-auto" x-data="initPriceBox_{pid}()"><div class="price-box price-final_price" data-role="priceBox" data-product-id="{pid}"><div class="price-container flex flex-wrap gap-x-2">{old}{final}</div></div></div>
<div class="mt-auto pt-3 flex flex-wrap justify-center items-center gap-2">{stock}<button type="button" class="rounded-lg p-2 border" aria-label="Add to Wish List"><svg aria-hidden="true" width="24" height="24"></svg></button></div>
</div></form><!-- {slug} -->"""

    grid = "\n".join(card(item, 1400 + n) for n, item in enumerate(items))
    viewed = "\n".join(
        card(
            Item(f"{base}/{slug}.html", title, price, "EUR", f"{media}/{slug[0]}/{slug[1]}/{slug}.jpg"),
            1500 + n,
        )
        for n, (slug, title, price) in enumerate(
            (("dry-bag-20l", "Dry Bag 20 l", "19.90"), ("tent-pegs-set", "Tent Peg Set", "12.00"))
        )
    )
    body = f"""<div class="page-wrapper"><header class="page-header"><nav class="navigation" x-data="initHeader()"><a class="logo" href="{base}/" title="Nordlicht Outdoor"><img src="{base}/static/logo.svg" alt="Nordlicht Outdoor"></a>
<ul class="flex"><li><a href="{base}/hiking.html">Hiking</a></li><li><a href="{base}/camping.html">Camping</a></li><li><a href="{base}/sale.html">Sale</a></li></ul>
<a id="menu-cart-icon" href="{base}/checkout/cart/index/"><span class="sr-only label">Cart</span><span x-text="cart.summary_count">0</span></a></nav></header>
<main id="maincontent" class="page-main container"><div class="breadcrumbs"><ol class="items"><li class="item"><a href="{base}/" class="text-primary">Home</a></li><li class="item"><span class="text-primary">Hiking</span></li></ol></div>
<h1 class="text-gray-900 page-title title-font"><span class="base" data-ui-id="page-title-wrapper">Hiking</span></h1>
<div class="columns"><div class="sidebar sidebar-main"><div class="block filter" x-data="initLayeredNavigation()"><div class="block-title filter-title"><strong>Shop By</strong></div>
<div class="filter-options"><div class="filter-option"><div class="filter-options-title">Price</div><ol class="items"><li class="item"><a href="{base}/hiking.html?price=0-50">0.00 € - 49.99 €<span class="count">4</span></a></li><li class="item"><a href="{base}/hiking.html?price=50-">50.00 € and above<span class="count">3</span></a></li></ol></div></div></div></div>
<div class="column main"><div class="toolbar toolbar-products"><p class="toolbar-amount" id="toolbar-amount"><span class="toolbar-number">7</span> Items</p></div>
<section class="products wrapper mode-grid products-grid"><div class="mx-auto pt-4 pb-12 grid gap-4 grid-cols-1 sm:grid-cols-2 md:grid-cols-3">
{grid}
</div></section>
<section class="my-8 text-gray-700 body-font"><div class="block widget block-viewed-products-grid"><div class="block-title"><h2 class="text-2xl font-medium title-font">Recently Viewed</h2></div>
<div class="product-slider grid grid-cols-2 gap-4">{viewed}</div></div></section>
</div></div></main>
<footer class="page-footer"><p>&copy; 2026 Nordlicht Outdoor OÜ</p></footer></div>"""
    write_page(
        "holdout_magento_hyva",
        "Magento 2 with the Hyvä theme",
        f"{base}/hiking.html",
        page(
            "Hiking | Nordlicht Outdoor",
            body,
            body_class="page-with-filter page-products categorypath-hiking category-hiking catalog-category-view page-layout-2columns-left",
        ),
        items,
    )


def sfcc_sfra() -> None:
    """Salesforce Commerce Cloud, Storefront Reference Architecture search grid: product-tile with
    strike-through list values, 'range' prices, promotion callouts ('2 for $10'), quick view links,
    and an Einstein recommendations carousel."""
    base = "https://www.northpeak-outfitters.com"
    img = "https://www.northpeak-outfitters.com/dw/image/v2/BFCM_PRD/on/demandware.static/-/Sites-np-master-catalog/default"
    rows: list[tuple[Any, ...]] = [
        ("alpine-shell-jacket", "25686544M", "Alpine Shell Jacket", "179.00", {"was": "229.00"}),
        ("trail-runner-sock", "25519318M", "Trail Runner Sock", "6.00", {"promo": "2 for $10"}),
        ("fleece-quarter-zip", "25604455M", "Fleece Quarter Zip", "59.00", {"range": ("59.00", "69.00")}),
        ("camp-beanie", "25752218M", "Camp Beanie", "24.00", {}),
        (
            "ridge-hiking-boot",
            "25696771M",
            "Ridge Hiking Boot",
            "149.99",
            {"was": "189.99", "promo": "Free shipping on orders over $75"},
        ),
        ("packable-down-vest", "25588204M", "Packable Down Vest", "99.00", {}),
    ]
    items = [
        Item(
            f"{base}/en-us/{slug}/{pid}.html",
            title,
            price,
            "USD",
            f"{img}/dw8e1c{n}a2/images/large/{pid}_1.jpg?sw=300&sh=300",
            show=show,
        )
        for n, (slug, pid, title, price, show) in enumerate(rows)
    ]

    def value(v: str) -> str:
        return f'<span class="value" content="{v}">${v}</span>'

    def tile(item: Item) -> str:
        pid = item.url.rsplit("/", 1)[1].removesuffix(".html")
        show = item.show
        if "range" in show:
            low, high = show["range"]
            price = f'<span class="range"><span><span class="sales">{value(low)}</span></span> - <span><span class="sales">{value(high)}</span></span></span>'
        elif "was" in show:
            price = f'<span><del><span class="strike-through list"><span class="value" content="{show["was"]}"><span class="sr-only">Price reduced from</span>${show["was"]}<span class="sr-only">to</span></span></span></del><span class="sales">{value(item.price or "")}</span></span>'
        else:
            price = f'<span><span class="sales">{value(item.price or "")}</span></span>'
        promo = (
            f'<div class="promotions"><div class="callout" title="{show["promo"]}">{show["promo"]}</div></div>'
            if "promo" in show
            else ""
        )
        return f"""<div class="col-6 col-sm-4"><div class="product" data-pid="{pid}"><div class="product-tile">
<div class="image-container"><a href="{item.url}?lang=en_US"><img class="tile-image" src="{item.image}" alt="{h(item.title)}" title="{h(item.title)}" itemprop="image"></a>
<a class="quickview hidden-sm-down" href="/on/demandware.store/Sites-NorthPeak-Site/en_US/Product-ShowQuickView?pid={pid}" data-toggle="modal" data-target="#quickViewModal" title="Quick View for {h(item.title)}" aria-label="Quick View for {h(item.title)}"><span class="fa-stack fa-lg"><i class="fa fa-circle fa-inverse fa-stack-2x"></i><i class="fa fa-expand fa-stack-1x"></i></span></a>
<a class="wishlistTile" href="/on/demandware.store/Sites-NorthPeak-Site/en_US/Wishlist-AddProduct" title="Wishlist"><span class="fa-stack fa-lg"><i class="fa fa-heart-o fa-stack-1x"></i></span></a></div>
<div class="tile-body"><div class="color-swatches"><div class="swatches"><a href="{item.url}?dwvar_{pid}_color=BLK&amp;cgid=mens"><span><img class="swatch swatch-circle" data-index="0.0" style="background-image: url({img}/swatch/{pid}_BLK.jpg)" src="{img}/swatch/{pid}_BLK.jpg" alt="Black, swatch" title="Black, swatch"></span></a></div></div>
<div class="pdp-link"><a class="link" href="{item.url}?lang=en_US">{h(item.title)}</a></div>
<div class="price">{price}</div>{promo}
<div class="row tile-body-footer"><div class="ratings col-xs-12 col-sm-6"><span class="sr-only">Rated 4.5 out of 5 stars</span><i class="fa fa-star"></i></div></div>
</div></div></div></div>"""

    grid = "\n".join(tile(item) for item in items)
    recs = "\n".join(
        tile(
            Item(
                f"{base}/en-us/{slug}/{pid}.html",
                title,
                price,
                "USD",
                f"{img}/dw00/images/large/{pid}_1.jpg?sw=300&sh=300",
            )
        )
        for slug, pid, title, price in (
            ("water-bottle-1l", "25411009M", "Water Bottle 1L", "19.00"),
            ("trekking-poles", "25412276M", "Trekking Poles", "89.00"),
        )
    )
    body = f"""<div class="page" data-action="Search-Show" data-querystring="cgid=mens">
<header><nav role="navigation"><div class="header container"><div class="navbar-header brand"><a class="logo-home" href="/en-us/home" title="NorthPeak Home"><img src="/on/demandware.static/Sites-NorthPeak-Site/-/default/images/logo.svg" alt="NorthPeak Outfitters"></a></div>
<div class="main-menu navbar-toggleable-sm menu-toggleable-left multilevel-dropdown"><ul class="nav navbar-nav" role="menu"><li class="nav-item" role="presentation"><a href="/en-us/mens/" class="nav-link" role="menuitem">Men</a></li><li class="nav-item"><a href="/en-us/womens/" class="nav-link">Women</a></li><li class="nav-item"><a href="/en-us/sale/" class="nav-link">Sale</a></li></ul></div>
<div class="minicart" data-action-url="/on/demandware.store/Sites-NorthPeak-Site/en_US/Cart-MiniCartShow"><a class="minicart-link" href="/en-us/cart" title="Cart 0 Items" aria-label="Cart 0 Items"><span class="minicart-quantity">0</span></a></div></div></nav>
<div class="header-banner slide-up d-none"><div class="content">Free shipping on orders over $75</div></div></header>
<div role="main" id="maincontent"><div class="container search-results"><div class="row search-nav"><div class="col-12"><span class="search-result-count">6 Results for Men</span></div></div>
<div class="row"><div class="refinement-bar col-md-3"><div class="refinements"><div class="card collapsible-sm refinement refinement-price"><div class="card-header"><h2>Price</h2></div><div class="card-body content value"><ul class="values content"><li><button data-href="/on/demandware.store/Sites-NorthPeak-Site/en_US/Search-ShowAjax?cgid=mens&amp;pmin=0.00&amp;pmax=50.00"><span>$0 - $49.99</span></button></li><li><button data-href="/on/demandware.store/Sites-NorthPeak-Site/en_US/Search-ShowAjax?cgid=mens&amp;pmin=50.00&amp;pmax=100.00"><span>$50 - $99.99</span></button></li></ul></div></div></div></div>
<div class="col-sm-12 col-md-9"><div class="container"><div class="row product-grid" itemtype="http://schema.org/SomeProducts" itemid="#product">
{grid}
<div class="col-12 grid-footer" data-sort-options="{{}}" data-page-size="12" data-page-number="0"></div>
</div></div></div></div>
<div class="recommendations"><div class="container"><h2 class="title text-center">You may also like</h2><div class="row product-grid einstein-carousel" data-recommender="product-to-product">{recs}</div></div></div>
</div></div>
<footer id="footercontent"><div class="container"><a href="/en-us/customer-service">Customer Service</a></div></footer></div>"""
    write_page(
        "holdout_sfcc_sfra",
        "Salesforce Commerce Cloud SFRA (search grid, product tiles)",
        f"{base}/en-us/mens/",
        page("Men | NorthPeak Outfitters", body),
        items,
    )


def mercari_jp() -> None:
    """Mercari Japan search: hashed CSS-module classes, role=img thumbnails whose aria-label mixes
    title and '¥28,500', prices split into a ¥ span and a number span, SOLD stickers, Shops items."""
    base = "https://jp.mercari.com"
    rows: list[tuple[Any, ...]] = [
        ("/item/m84736201945", "ニンテンドースイッチ 本体 有機ELモデル", "28500", {"shown": "28,500"}),
        ("/item/m19283746501", "ポケモンカード 151 未開封 BOX", "1200", {"shown": "1,200"}),
        ("/shops/product/3Ghk9QaYzB2mPx7rT4uVw", "無印良品 ステンレス ケトル", "3980", {"shown": "3,980"}),
        ("/item/m55501928374", "ユニクロ ダウンジャケット M", "2300", {"shown": "2,300", "sold": True}),
        ("/item/m66019283745", "iPhone 13 128GB ブルー SIMフリー", "46800", {"shown": "46,800"}),
        ("/item/m70192837465", "文庫本 まとめ売り 10冊", "999", {"shown": "999"}),
    ]
    items = []
    for path, title, price, show in rows:
        ident = path.rsplit("/", 1)[1]
        image = (
            f"https://static.mercdn.net/thumb/item/webp/{ident}_1.jpg?1732600000"
            if path.startswith("/item")
            else f"https://assets.mercari-shops-static.com/-/small/plain/{ident}.jpg@webp"
        )
        alts = (
            (f"https://static.mercdn.net/thumb/item/jpeg/{ident}_1.jpg?1732600000",)
            if path.startswith("/item")
            else ()
        )
        items.append(Item(f"{base}{path}", title, price, "JPY", image, alternatives=alts, show=show))
    cells = []
    for item in items:
        path = item.url.removeprefix(base)
        ident = path.rsplit("/", 1)[1]
        show = item.show
        sticker = (
            '<div class="thumbnailSticker__a6f874a2" aria-label="売り切れ" role="img"><div class="sticker__a6f874a2">SOLD</div></div>'
            if show.get("sold")
            else ""
        )
        jpeg = f'<source type="image/jpeg" srcset="{item.alternatives[0]}">' if item.alternatives else ""
        cells.append(f"""<li data-testid="item-cell" class="sc-bcd1c877-2 gWHcGv"><div class="sc-bcd1c877-1 iiRRYI">
<a data-testid="thumbnail-link" href="{path}" data-location="search_result:newest_first:body:item_list:item_thumbnail" class="sc-bcd1c877-0 bDkWkY"><div class="merItemThumbnail fluid__a6f874a2" id="{ident}" role="img" aria-label="{h(item.title)}の画像 ¥{show["shown"]}" style="width:100%">
<div class="imageContainer__f8ddf3a2"><figure class="figure__f8ddf3a2"><div class="imageWrapper__f8ddf3a2"><picture><source type="image/webp" srcset="{item.image}">{jpeg}<img src="{item.image}" alt="{h(item.title)}のサムネイル" loading="lazy" width="300" height="300"></picture></div></figure></div>
{sticker}<div class="priceContainer__a6f874a2"><span class="merPrice price__a6f874a2 font-5"><span class="currency__6b270ca7">¥</span><span class="number__6b270ca7">{show["shown"]}</span></span></div>
<span data-testid="thumbnail-item-name" class="itemName__a6f874a2">{h(item.title)}</span></div></a></div></li>""")
    body = f"""<div id="__next"><div class="layout__4e7a5e3a"><header class="header__b3d2a9d2"><a href="/" aria-label="メルカリ"><svg aria-hidden="true" width="110" height="32"></svg></a>
<form class="searchBox__b3d2a9d2" role="search"><input type="search" name="keyword" value="まとめ" aria-label="検索キーワードを入力"></form>
<nav><a href="/mypage/notifications">お知らせ</a><a href="/sell">出品</a></nav></header>
<main class="main__4e7a5e3a"><div class="sc-4fd2f3b-0 searchFilter"><h2>絞り込み</h2><div><label>価格</label><input type="number" placeholder="¥300"> 〜 <input type="number" placeholder="¥9,999,999"></div>
<div><label><input type="checkbox"> 販売中</label><label><input type="checkbox"> 売り切れ</label></div></div>
<section data-testid="search-result"><div class="sc-bcd1c877-3"><p>検索結果 6件</p></div>
<div id="item-grid"><ul class="sc-bcd1c877-4 hQqfDl" data-testid="search-item-grid">
{chr(10).join(cells)}
</ul></div></section></main>
<footer class="footer__7c3a1e2f"><a href="/help_center/">ヘルプセンター</a><p>© Mercari, Inc.</p></footer></div></div>"""
    write_page(
        "holdout_mercari_jp",
        "Mercari Japan search (CSS modules, ¥ prices, SOLD, Shops items)",
        f"{base}/search?keyword=%E3%81%BE%E3%81%A8%E3%82%81&status=on_sale%2Csold_out",
        page("まとめの通販・購入はメルカリ", body, lang="ja"),
        items,
    )


def allegro() -> None:
    """Allegro listing: atomic hashed classes, prices split '1 234,<span>56</span> zł' with an
    aria-label, 'z dostawą' totals, 'Sponsorowane' cards through an events/clicks redirect."""
    base = "https://allegro.pl"
    img = "https://a.allegroimg.com/s180"
    rows: list[tuple[Any, ...]] = [
        (
            "sluchawki-sony-wh-1000xm5-czarne-13598761234",
            "Słuchawki Sony WH-1000XM5 czarne",
            "1234.56",
            {"shown": ("1\u00a0234", "56"), "ship": "1\u00a0250,55"},
        ),
        (
            "czajnik-elektryczny-bosch-twk3a011-14002233445",
            "Czajnik elektryczny Bosch TWK3A011",
            "89.99",
            {"shown": ("89", "99"), "ship": "98,98", "was": "119,00"},
        ),
        (
            "lego-technic-42154-ford-gt-15100200300",
            "LEGO Technic 42154 Ford GT",
            "379.00",
            {"shown": ("379", "00"), "free": True},
        ),
        (
            "kubek-termiczny-500-ml-stalowy-12955667788",
            "Kubek termiczny 500 ml stalowy",
            "39.90",
            {"shown": ("39", "90"), "ship": "48,89"},
        ),
        (
            "ladowarka-usb-c-65w-gan-13377889900",
            "Ładowarka USB-C 65W GaN",
            "79.00",
            {"shown": ("79", "00"), "free": True},
        ),
        (
            "plecak-miejski-laptop-15-6-14445556667",
            'Plecak miejski na laptopa 15,6"',
            "129.99",
            {"shown": ("129", "99"), "ship": "138,98"},
        ),
    ]
    items = [
        Item(
            f"{base}/oferta/{slug}",
            title,
            price,
            "PLN",
            f"{img}/1a{n}f3c/0e3c4b2a9d{n}e4f5a6b7c8d9e0f1a2b3c",
            show=show,
        )
        for n, (slug, title, price, show) in enumerate(rows)
    ]

    def article(item: Item, href: str, sponsored: bool = False) -> str:
        show = item.show
        whole, cents = show["shown"]
        plain = f"{whole},{cents} zł"
        label = (
            '<div class="mpof_ki m389_6m"><span class="mgn2_12 m9qz_yo">Sponsorowane</span></div>'
            if sponsored
            else ""
        )
        old = (
            f'<div class="mpof_ki"><span class="mgn2_14 mgmw_wo mli2_1">{show["was"]} zł</span><span class="mgn2_12">najniższa cena z 30 dni przed obniżką</span></div>'
            if "was" in show
            else ""
        )
        ship = (
            '<div class="mqu1_g3 mgn2_12"><span>darmowa dostawa</span></div>'
            if show.get("free")
            else f'<div class="mqu1_g3 mgn2_12">{show["ship"]} zł z dostawą</div>'
        )
        return f"""<article class="mx7m_1 mnyp_co mlkp_ag _6a66d_2o0NI" data-role="offer" aria-label="{h(item.title)}">{label}
<div class="mpof_ki myre_zn _6a66d_pIlG6"><a href="{href}" rel="nofollow" tabindex="-1"><img alt="{h(item.title)}" src="{item.image}" class="_6a66d_44ioA" loading="lazy"></a></div>
<div class="mpof_ki mwdn_1"><h2 class="mgn2_14 m9qz_yp meqh_en mpof_z0 mqu1_16 m6ax_n4 mp4t_0 m3h2_0 mryx_0 munh_0 mj7a_4"><a href="{href}" class="mgn2_14 mp0t_0a mgmw_wo mj9z_5r mli8_k4 mqen_m6 l1mst l1fas meqh_en mpof_z0 mqu1_16 m6ax_n4 _6a66d_LX75-">{h(item.title)}</a></h2>
<div class="mpof_ki mp4t_0"><span class="mgn2_12">Stan</span> <span class="mgn2_12 mgmw_wo">Nowy</span></div>
<div class="mpof_ki m389_6m"><span class="mli8_k4 msa3_z4 mqu1_1 mp0t_ji m9qz_yo mgmw_qw mgn2_27 mgn2_30_s" aria-label="{plain} aktualna cena" tabindex="0">{whole},<span class="mgn2_19 mgn2_21_s m9qz_yq">{cents}</span>&nbsp;<span class="mgn2_19 mgn2_21_s m9qz_yq">zł</span></span></div>
{old}{ship}<div class="mgn2_12 mpof_ki">kupiło 128 osób</div></div></article>"""

    sponsored = [
        article(
            Item(
                f"{base}/oferta/{slug}",
                title,
                None,
                None,
                f"{img}/ad{n}/ad{n}e4f5a6b7c8d9e0f1a2b3c",
                show={"shown": shown, "free": True},
            ),
            f"{base}/events/clicks?emission_unit_id=b1c2d3e4-{n}&emission_id=9f8e7d6c-{n}&type=OFFER&ts=1732880000&redirect=https%3A%2F%2Fallegro.pl%2Foferta%2F{slug}%3Fbi_s%3Dads%26bi_m%3Dlisting%253Adesktop%253Acategory%26bi_c%3DODc3Y2M&placement=listing",
            sponsored=True,
        )
        for n, (slug, title, shown) in enumerate(
            (
                ("glosnik-jbl-charge-5-14990011223", "Głośnik JBL Charge 5", ("549", "00")),
                ("powerbank-20000-mah-14880022334", "Powerbank 20000 mAh", ("89", "90")),
            )
        )
    ]
    regular = [
        article(item, f"{item.url}?reco_id=7c1e2f3a-{n}&sid=4b5a6c7d8e9f{n}" if n % 2 == 0 else item.url)
        for n, item in enumerate(items)
    ]
    body = f"""<div id="opbox-listing"><header class="_1e32a_Ehn_8"><a href="{base}/" title="Allegro"><img src="https://assets.allegrostatic.com/metrum/brand/allegro-347440b030.svg" alt="Allegro"></a>
<form action="{base}/listing" role="search"><input name="string" type="search" placeholder="czego szukasz?"></form><a href="{base}/koszyk">Koszyk</a></header>
<div class="opbox-listing"><div class="_1e32a_xcs3I"><nav aria-label="breadcrumb"><ol><li><a href="{base}/">Allegro</a></li><li><a href="{base}/kategoria/elektronika">Elektronika</a></li></ol></nav>
<div class="filters"><fieldset><legend>cena</legend><input name="price_from" placeholder="od"> <input name="price_to" placeholder="do"> zł</fieldset><fieldset><legend>stan</legend><label><input type="checkbox"> nowe (12 345)</label></fieldset></div></div>
<div class="_1e32a_TaUlp"><div data-box-name="Items Container"><section><h2 class="mgn2_16">Sponsorowane</h2>
{chr(10).join(sponsored)}
</section>
<section><h2 class="mgn2_16">Oferty</h2>
{chr(10).join(regular)}
</section></div></div></div>
<footer><p>&copy; 2026 Allegro.pl sp. z o.o.</p></footer></div>"""
    write_page(
        "holdout_allegro",
        "Allegro listing (atomic classes, split zł prices, Sponsorowane redirects)",
        f"{base}/kategoria/elektronika?order=m",
        page("Elektronika - Allegro", body, lang="pl"),
        items,
        volatile_params=("reco_id", "sid"),
    )


def next_app_router() -> None:
    """A Swiss shop on the Next.js App Router (Galaxus-like): cards with brand + name, 'CHF 12.-' (en dash),
    'statt CHF 19.90', unit prices 'CHF 1.20/100 g', a 'Gesponsert' card, and the same products
    in self.__next_f.push RSC payload chunks."""
    base = "https://www.bergladen.ch"
    img = "https://static.bergladen.ch/productimages"
    rows: list[tuple[Any, ...]] = [
        (
            "sigg-traveller-trinkflasche-1-l",
            11402387,
            "SIGG",
            "Traveller Trinkflasche 1 l",
            "12",
            {"shown": "12.–", "was": "19.90"},
        ),
        (
            "victorinox-huntsman-taschenmesser",
            2210345,
            "Victorinox",
            "Huntsman Taschenmesser",
            "54.90",
            {"shown": "54.90"},
        ),
        (
            "ovomaltine-crunchy-cream-380-g",
            9912876,
            "Ovomaltine",
            "Crunchy Cream 380 g",
            "4.95",
            {"shown": "4.95", "unit": "CHF 1.30/100 g"},
        ),
        (
            "mammut-ducan-spine-hi-gtx",
            30011982,
            "Mammut",
            "Ducan Spine High GTX",
            "219",
            {"shown": "219.–", "ship": True},
        ),
        (
            "kambly-bretzeli-100-g",
            4410023,
            "Kambly",
            "Bretzeli 100 g",
            "3.20",
            {"shown": "3.20", "unit": "CHF 3.20/100 g"},
        ),
        (
            "petzl-actik-core-stirnlampe",
            13399870,
            "Petzl",
            "Actik Core Stirnlampe",
            "69",
            {"shown": "69.–", "was": "89.–"},
        ),
    ]
    items = [
        Item(
            f"{base}/de/s3/product/{slug}-{pid}",
            f"{brand} {name}",
            price,
            "CHF",
            f"{img}/{pid}/{pid}_1.jpg?impolicy=ProductTileImage&resizeWidth=300",
            alternatives=(f"{img}/{pid}/{pid}_1.jpg?impolicy=ProductTileImage&resizeWidth=300&format=webp",),
            show=show,
        )
        for slug, pid, brand, name, price, show in rows
    ]
    names = {item.url: (brand, name) for item, (_, _, brand, name, _, _) in zip(items, rows, strict=True)}

    def card(item: Item, sponsored: bool = False) -> str:
        brand, name = names.get(item.url, item.title.split(" ", 1))
        show = item.show
        was = f' <span class="sc-5d7a9e1-3 kTmqCx">statt CHF {show["was"]}</span>' if "was" in show else ""
        unit = f'<span class="sc-5d7a9e1-4 dXcVbq">{show["unit"]}</span>' if "unit" in show else ""
        ship = '<span class="sc-5d7a9e1-6">Kostenloser Versand</span>' if show.get("ship") else ""
        label = '<span class="sc-5d7a9e1-7 hUgYqw">Gesponsert</span>' if sponsored else ""
        path = item.url.removeprefix(base)
        return f"""<article class="sc-5d7a9e1-0 bYxKrU">{label}<a class="sc-5d7a9e1-1 jRtLxN" href="{path}" aria-label="{h(brand)} {h(name)}"></a>
<picture><source srcset="{item.image}&amp;format=webp 1x"><img src="{item.image}" alt="" loading="lazy" class="sc-5d7a9e1-8"></picture>
<div class="sc-5d7a9e1-2 fPqVnK"><p class="sc-5d7a9e1-9 gLkWvS"><strong>CHF {show["shown"]}</strong>{was}</p>{unit}
<p class="sc-5d7a9e1-10 hBvTzD"><strong>{h(brand)}</strong> <span>{h(name)}</span></p>{ship}
<div class="sc-5d7a9e1-11"><span aria-label="Verfügbarkeit">Morgen geliefert</span></div></div></article>"""

    ad = card(
        Item(
            f"{base}/de/s3/product/jura-e8-kaffeevollautomat-15520011",
            "Jura E8 Kaffeevollautomat",
            "899",
            "CHF",
            f"{img}/15520011/15520011_1.jpg?impolicy=ProductTileImage&resizeWidth=300",
            show={"shown": "899.–"},
        ),
        sponsored=True,
    )
    cards = "\n".join(card(item) for item in items)
    payload = [
        {
            "productId": int(item.url.rsplit("-", 1)[1]),
            "name": names[item.url][1],
            "brandName": names[item.url][0],
            "price": {"amountInclusive": float(item.price or 0), "currency": "CHF"},
            "image": item.image,
        }
        for item in items
    ]
    chunk = "5:" + json.dumps(["$", "$L8", None, {"products": payload, "sponsored": [15520011]}])
    pushes = "".join(
        f"<script>self.__next_f.push({json.dumps([1, text])})</script>"
        for text in (
            '1:HL["/_next/static/css/a1b2c3d4e5f6.css","style"]\n',
            '0:["$","$L2",null,{"buildId":"Xy7q"}]\n',
            chunk + "\n",
        )
    )
    body = f"""<header class="sc-1a2b3c4-0"><a href="/de" aria-label="Bergladen Startseite"><svg aria-hidden="true"></svg></a><nav><a href="/de/s3/sector/outdoor-3">Outdoor</a><a href="/de/s3/sector/lebensmittel-14">Lebensmittel</a><a href="/de/s3/sector/haushalt-9">Haushalt</a></nav><a href="/de/cart">Warenkorb</a></header>
<main class="sc-9f8e7d6-0"><nav aria-label="breadcrumb"><ol><li><a href="/de">Bergladen</a></li><li>Bestseller</li></ol></nav><h1>Bestseller</h1>
<aside class="sc-2b3c4d5-0 filterBar"><button>Preis</button><button>Marke</button><button>Verfügbarkeit</button></aside>
<section class="sc-8e7d6c5-0 productList" aria-label="Produkte">
{ad}
{cards}
</section><p class="sc-8e7d6c5-1">Preise inkl. MwSt.</p></main>
<footer class="sc-7d6c5b4-0"><a href="/de/page/agb">AGB</a><p>© 2026 Bergladen AG</p></footer>
<script src="/_next/static/chunks/webpack-0a1b2c3d.js" async=""></script><script>(self.__next_f=self.__next_f||[]).push([0])</script>{pushes}"""
    write_page(
        "holdout_next_app_router",
        "Next.js App Router shop (Galaxus-like, RSC payload, CHF 12.–)",
        f"{base}/de/s3/bestseller",
        page("Bestseller – Bergladen", body, lang="de-CH"),
        items,
    )


def algolia_instantsearch() -> None:
    """An Algolia InstantSearch results page (server-rendered hits widget): ais-Hits items with
    <mark> highlights, 'EUR 12,50' prefix spellings, an old price styled struck only by CSS class,
    'vanaf' (from) prices, and queryID click-analytics params in hit links."""
    base = "https://www.keukenhoek.nl"
    img = "https://cdn.keukenhoek.nl/media/catalog"
    rows: list[tuple[Any, ...]] = [
        (
            "le-creuset-braadpan-24-cm",
            "Le Creuset braadpan 24 cm",
            "249.00",
            {"shown": "249,00", "was": "299,00", "mark": "braadpan"},
        ),
        ("fissler-koekenpan-28-cm", "Fissler koekenpan 28 cm", "89.95", {"shown": "89,95", "mark": "pan"}),
        (
            "bk-steelpannenset-3-delig",
            "BK steelpannenset 3-delig",
            "12.50",
            {"shown": "12,50", "from": True, "mark": "pan"},
        ),
        (
            "wmf-snelkookpan-4-5-l",
            "WMF snelkookpan 4,5 l",
            "119.00",
            {"shown": "119,00", "was": "149,00", "mark": "pan"},
        ),
        (
            "tefal-wokpan-28-cm",
            "Tefal wokpan 28 cm",
            "34.99",
            {"shown": "34,99", "ship": True, "mark": "pan"},
        ),
        ("staub-grillpan-26-cm", "Staub grillpan 26 cm", "159.00", {"shown": "159,00", "mark": "pan"}),
    ]
    items = [
        Item(f"{base}/p/{slug}", title, price, "EUR", f"{img}/{slug}_400.webp", show=show)
        for slug, title, price, show in rows
    ]
    hits = []
    for n, item in enumerate(items):
        show = item.show
        word = show["mark"]
        highlighted = h(item.title).replace(word, f'<mark class="ais-Highlight-highlighted">{word}</mark>', 1)
        prefix = "vanaf " if show.get("from") else ""
        was = f'<span class="price-before-discount">EUR {show["was"]}</span> ' if "was" in show else ""
        ship = '<span class="hit-badge">Gratis verzending</span>' if show.get("ship") else ""
        hits.append(f"""<li class="ais-Hits-item"><article class="hit" data-insights-object-id="{1000 + n}" data-insights-position="{n + 1}" data-insights-query-id="8a1f2c3d4e5b6a7c">
<a class="hit-link" href="/p/{item.url.rsplit("/", 1)[1]}?queryID=8a1f2c3d4e5b6a7c&amp;objectID={1000 + n}"><div class="hit-image"><img src="{item.image}" alt="{h(item.title)}" loading="lazy"></div>
<h2 class="hit-name"><span class="ais-Highlight"><span class="ais-Highlight-nonHighlighted"></span>{highlighted}</span></h2></a>
<p class="hit-category">Pannen</p><div class="hit-price">{was}<span class="hit-price-current">{prefix}EUR {show["shown"]}</span></div>{ship}
<button class="hit-add" data-insights-event="add-to-cart">In winkelwagen</button></article></li>""")
    refinements = "".join(
        f'<li class="ais-RefinementList-item"><label class="ais-RefinementList-label"><input class="ais-RefinementList-checkbox" type="checkbox" value="{b}"><span class="ais-RefinementList-labelText">{b}</span><span class="ais-RefinementList-count">{c}</span></label></li>'
        for b, c in (("Le Creuset", 14), ("Fissler", 9), ("BK", 21), ("WMF", 17))
    )
    head = "<style>.price-before-discount{text-decoration:line-through;color:#888}.hit-price-current{font-weight:700}</style>"
    body = f"""<header class="header"><a href="/" class="logo"><img src="/static/logo.svg" alt="Keukenhoek"></a><nav><a href="/c/pannen">Pannen</a><a href="/c/messen">Messen</a><a href="/c/servies">Servies</a></nav></header>
<div class="container"><div class="search-panel">
<div class="search-panel__filters"><div class="ais-Panel"><div class="ais-Panel-header">Merk</div><div class="ais-Panel-body"><div class="ais-RefinementList"><ul class="ais-RefinementList-list">{refinements}</ul></div></div></div>
<div class="ais-Panel"><div class="ais-Panel-header">Prijs</div><div class="ais-Panel-body"><div class="ais-RangeInput"><form class="ais-RangeInput-form"><input class="ais-RangeInput-input ais-RangeInput-input--min" type="number" placeholder="EUR 5"><span class="ais-RangeInput-separator">tot</span><input class="ais-RangeInput-input ais-RangeInput-input--max" type="number" placeholder="EUR 499"><button class="ais-RangeInput-submit" type="submit">Ga</button></form></div></div></div></div>
<div class="search-panel__results"><div class="ais-SearchBox"><form class="ais-SearchBox-form" role="search"><input class="ais-SearchBox-input" type="search" value="pan" aria-label="Zoeken"></form></div>
<div class="ais-Stats"><span class="ais-Stats-text">6 resultaten gevonden in 3ms</span></div>
<div class="ais-Hits"><ol class="ais-Hits-list">
{chr(10).join(hits)}
</ol></div>
<div class="ais-Pagination"><ul class="ais-Pagination-list"><li class="ais-Pagination-item ais-Pagination-item--selected"><a class="ais-Pagination-link" href="/zoeken?q=pan&amp;page=1">1</a></li></ul></div>
</div></div></div>
<footer><p>&copy; 2026 Keukenhoek B.V.</p></footer>"""
    write_page(
        "holdout_algolia_instantsearch",
        "Algolia InstantSearch results page (server-rendered ais-Hits)",
        f"{base}/zoeken?q=pan",
        page("Zoekresultaten voor pan | Keukenhoek", body, head=head, lang="nl"),
        items,
        volatile_params=("queryID",),
    )


def seloger() -> None:
    """SeLoger search (React, data-testid cards with a covering link): '350 000 €' with narrow
    no-break spaces, '5 147 €/m²' next to the price, struck 'Baisse de prix', agency logos,
    a 'Publicité' card, tracking params on detail links."""
    base = "https://www.seloger.com"
    img = "https://v.seloger.com/s/crop/310x225/visuels"
    rows: list[tuple[Any, ...]] = [
        (
            "achat/appartement/lyon-3eme-69/montchat/212345678",
            "Appartement 3 pièces 68 m²",
            "350000",
            {"per": "5 147", "agency": "Century 21 Montchat"},
        ),
        (
            "achat/maison/villeurbanne-69/gratte-ciel/212398765",
            "Maison 5 pièces 112 m²",
            "489000",
            {"per": "4 366", "was": "515 000", "agency": "Orpi Villeurbanne"},
        ),
        (
            "achat/appartement/lyon-7eme-69/gerland/212411223",
            "Appartement 2 pièces 45 m²",
            "229500",
            {"per": "5 100", "agency": None},
        ),
        (
            "achat/appartement/lyon-6eme-69/brotteaux/212455667",
            "Appartement 4 pièces 96 m²",
            "745000",
            {"per": "7 760", "agency": "Barnes Lyon"},
        ),
        (
            "achat/appartement/lyon-1er-69/terreaux/212466778",
            "Appartement 1 pièce 27 m²",
            "159000",
            {"per": "5 888", "agency": "Laforêt Lyon 1"},
        ),
    ]
    items = []
    for n, (path, title, price, show) in enumerate(rows):
        ident = path.rsplit("/", 1)[1]
        items.append(
            Item(
                f"{base}/annonces/{path}.htm",
                title,
                price,
                "EUR",
                f"{img}/0/{n}/a/c/{ident}.jpg",
                seller=show["agency"],
                show=show,
            )
        )

    def money(value: str) -> str:
        return value.replace(" ", NNBSP)

    cards = []
    for item in items:
        show = item.show
        shown = money(f"{int(item.price or 0):,}".replace(",", " "))
        was = (
            f'<div data-testid="sl.explore.price-drop" class="css-1ubs0b9"><span class="css-8gb6xh">Baisse de prix</span> <del>{money(show["was"])}{NNBSP}€</del></div>'
            if "was" in show
            else ""
        )
        agency = (
            f'<div data-testid="sl.explore.card-agency" class="css-ojlb4z"><img src="https://v.seloger.com/s/width/80/logos/{item.url[-13:-4]}.jpg" alt="{h(show["agency"])}"></div>'
            if show["agency"]
            else '<div class="css-ojlb4z"><span>Particulier</span></div>'
        )
        cards.append(f"""<div data-testid="sl.explore.card-container" class="css-1x9ae5k"><a data-testid="sl.explore.coveringLink" class="css-1xt9r9o" href="{item.url}?projects=2&amp;types=1,2&amp;places=%5B%7B%22inseeCodes%22%3A%5B690123%5D%7D%5D&amp;m=search_to_detail&amp;serp_view=list&amp;search=a1b2c3d4" title="{h(item.title)}" target="_blank"></a>
<div data-testid="sl.explore.card-gallery" class="css-0"><div class="swiper"><div class="swiper-slide"><img src="{item.image}" alt="" loading="lazy" class="css-1sm6ye8"></div></div><button aria-label="Ajouter aux favoris" class="css-13ot3o5"></button></div>
<div data-testid="sl.explore.card-description" class="css-1aakqga"><div data-test="sl.price-container" class="css-xfl7nl"><div data-test="sl.price-label" class="css-1bcq9s3">{shown}{NNBSP}€</div><div data-test="sl.price-per-m2" class="css-1v9fo7r">{money(show["per"])}{NNBSP}€/m²</div></div>{was}
<h2 data-testid="sl.explore.card-title" class="css-1n0wsen">{h(item.title)}</h2>
<ul data-test="sl.tags" class="css-1xjnlxx"><li>{item.title.split(" ")[1]} p</li><li>{item.title.rsplit(" ", 2)[1]} m²</li></ul>
<div data-testid="sl.address" class="css-1yfyegn">{h(item.url.split("/")[-3].split("-")[0].capitalize())} ({item.url.split("/")[-2]})</div></div>{agency}</div>""")
    ad = """<div data-testid="sl.explore.ad" class="css-8r5c7t"><span class="css-1ly7a2n">Publicité</span><a href="https://ad.doubleclick.net/ddm/trackclk/N1234.seloger/B2468;dc_trk_aid=5551;dc_trk_cid=777" target="_blank"><img src="https://tpc.googlesyndication.com/simgad/1234567890" alt="Simulez votre prêt immobilier"></a><p>Crédit immobilier : taux dès 3,10 %</p></div>"""
    body = f"""<header class="css-hdr"><a href="/" aria-label="SeLoger"><svg aria-hidden="true"></svg></a><nav><a href="/acheter">Acheter</a><a href="/louer">Louer</a><a href="/estimation">Estimer</a></nav><a href="/mon-compte">Mon compte</a></header>
<main id="root"><div data-testid="sl.explore.filters" class="css-flt"><button>Prix max</button><button>Pièces</button><button>Surface</button></div>
<h1 class="css-ttl">Achat appartement et maison Lyon (69) – 5 annonces</h1>
<div data-testid="sl.explore.results-list" class="css-list">
{cards[0]}
{cards[1]}
{ad}
{chr(10).join(cards[2:])}
</div></main>
<footer><a href="/cgu">CGU</a><p>© SeLoger 2026</p></footer>"""
    write_page(
        "holdout_seloger",
        "SeLoger search (React data-testid cards, covering link, €/m²)",
        f"{base}/list.htm?projects=2&types=1,2&places=%5B%7B%22inseeCodes%22%3A%5B690123%5D%7D%5D",
        page("Achat appartement et maison Lyon - SeLoger", body, lang="fr"),
        items,
        volatile_params=("m", "serp_view", "search"),
    )


def ozon() -> None:
    """Ozon search (widget markup with hashed classes and data-state JSON on widget divs):
    '1 299 ₽' with thin spaces, struck old price and a minus-signed '23%', an 'Ozon Карта' price line, a
    'Реклама' (ad) tile, and advert/keywords params on tile links."""
    base = "https://www.ozon.ru"
    img = "https://ir.ozone.ru/s3/multimedia-1-a/wc500"
    rows: list[tuple[Any, ...]] = [
        (
            "termokruzhka-stalnaya-450-ml-1293847561",
            "Термокружка стальная 450 мл",
            "1299",
            {"was": "1 699", "card": "1 199"},
        ),
        ("nabor-otvertok-24-v-1-1398475620", "Набор отверток 24 в 1", "649", {}),
        (
            "kofe-v-zernah-arabika-1-kg-1102938475",
            "Кофе в зернах Арабика 1 кг",
            "1890",
            {"was": "2 450", "card": "1 790"},
        ),
        ("nastolnaya-lampa-led-1456789012", "Настольная лампа LED с беспроводной зарядкой", "2349", {}),
        (
            "ryukzak-gorodskoy-20-l-1500112233",
            "Рюкзак городской 20 л",
            "3190",
            {"was": "4 990", "card": "2 990"},
        ),
    ]
    items = [
        Item(f"{base}/product/{slug}", title, price, "RUB", f"{img}/698{n}4{n}1{n}3{n}.jpg", show=show)
        for n, (slug, title, price, show) in enumerate(rows)
    ]

    def money(value: str) -> str:
        return value.replace(" ", THIN) + f"{THIN}₽"

    def tile(item: Item, href: str, ad: bool = False) -> str:
        show = item.show
        shown = f"{int(item.price or 0):,}".replace(",", " ")
        old = (
            f'<span class="c3015-a1 tsBodyControl400Small c3015-b0">{money(show["was"])}</span><span class="tsBodyControl400Small c3015-a2 c3015-b1">−{round(100 - 100 * int(item.price or 0) / int(show["was"].replace(" ", "")))}%</span>'
            if "was" in show
            else ""
        )
        card = (
            f'<div class="tile-ozon-card"><span class="tsBody400Small">{money(show["card"])} с Ozon Картой</span></div>'
            if "card" in show
            else ""
        )
        label = '<div class="b2121-a0"><span class="tsBody300XSmall">Реклама</span></div>' if ad else ""
        return f"""<div class="tile-root wi7_23 iw9_23" data-tile="{h(item.url.rsplit("-", 1)[1])}">{label}<a href="{href}" class="tile-clickable-element i3w_23 wi3_23 tile-hover-target"><div class="w8i_23"><img loading="lazy" fetchpriority="low" src="{item.image}" class="i0w_23 b933-a"></div></a>
<div class="iw6_23"><div class="c3015-a0"><span class="c3015-a1 tsHeadline500Medium">{money(shown)}</span>{old}</div>{card}
<a href="{href}" class="tile-clickable-element iw7_23 tile-hover-target"><div class="bq020-a bq020-a1 tsBody500Medium"><span class="tsBody500Medium">{h(item.title)}</span></div></a>
<div class="tsBodyMBold"><span style="color:rgba(7,7,7,1)">4.8</span> <span>1 532 отзыва</span></div>
<div class="b211-a"><button class="b211-a0"><span>В корзину</span></button><div class="tsBody400Small">Доставит Ozon, завтра</div></div></div></div>"""

    ad_item = Item(
        f"{base}/product/chaynik-elektricheskiy-1377001122",
        "Чайник электрический",
        "1490",
        "RUB",
        f"{img}/ad.jpg",
        show={},
    )
    tiles = [
        tile(
            ad_item,
            "/product/chaynik-elektricheskiy-1377001122/?advert=AHYA_9mKq2x&avtc=1&avte=2&avts=1732880000&keywords=%D0%BA%D1%80%D1%83%D0%B6%D0%BA%D0%B0",
            ad=True,
        )
    ]
    for n, item in enumerate(items):
        path = item.url.removeprefix(base)
        tiles.append(
            tile(item, f"{path}/?asb=Zx{n}Lm9&asb2=Qw{n}Er7Ty&keywords=%D0%BA%D1%80%D1%83%D0%B6%D0%BA%D0%B0")
        )
    state = {
        "items": [
            {
                "action": {"link": item.url.removeprefix(base) + "/?asb=Zx0Lm9"},
                "mainState": [
                    {
                        "atom": {
                            "type": "priceV2",
                            "priceV2": {
                                "price": [
                                    {
                                        "text": money(f"{int(item.price or 0):,}".replace(",", " ")),
                                        "textStyle": "PRICE",
                                    }
                                ]
                            },
                        }
                    }
                ],
            }
            for item in items
        ]
    }
    body = f"""<div id="__ozon"><div data-widget="header"><a href="/" aria-label="OZON"><svg aria-hidden="true"></svg></a><form action="/search/"><input name="text" value="кружка" placeholder="Искать на Ozon"></form><a href="/cart">Корзина</a></div>
<div data-widget="megaPaginator"><div data-widget="searchResultsFiltersActive"></div>
<div data-widget="filtersDesktop" class="filters"><div><span>Цена, ₽</span><input placeholder="от 99"><input placeholder="до 25 990"></div><label><input type="checkbox"> Оригинальный товар</label></div>
<div id="state-searchResultsV2-252189-default-1" data-state="{h(json.dumps(state, ensure_ascii=False))}"></div>
<div data-widget="tileGridDesktop" class="widget-search-result-container iw8_23"><div class="i8w_23">
{chr(10).join(tiles)}
</div></div></div>
<div data-widget="footer"><p>© 1998 – 2026 ООО «Интернет Решения»</p></div></div>"""
    write_page(
        "holdout_ozon",
        "Ozon search (tile widgets, hashed classes, ₽ with thin spaces, data-state)",
        f"{base}/search/?text=%D0%BA%D1%80%D1%83%D0%B6%D0%BA%D0%B0&from_global=true",
        page("Кружка — купить на OZON", body, lang="ru"),
        items,
        volatile_params=("asb", "asb2", "keywords"),
    )


def linkedin_jobs() -> None:
    """LinkedIn's public job search (guest page): base-search-card list items, company as subtitle,
    salary ranges in an insight line ('$120K/yr - $150K/yr'), no prices, trackingId/refId/position."""
    base = "https://www.linkedin.com"
    rows: list[tuple[Any, ...]] = [
        (
            "senior-backend-engineer-at-northwind-3987654321",
            "Senior Backend Engineer",
            "Northwind Analytics",
            "$120K/yr - $150K/yr",
        ),
        ("data-analyst-at-bluebird-health-3987001122", "Data Analyst", "Bluebird Health", None),
        ("product-designer-at-lumen-labs-3986554433", "Product Designer", "Lumen Labs", "$45/hr - $60/hr"),
        ("site-reliability-engineer-at-orbit-3985443322", "Site Reliability Engineer", "Orbit Systems", None),
        (
            "customer-success-manager-at-tandem-3984332211",
            "Customer Success Manager",
            "Tandem",
            "$70,000.00/yr - $85,000.00/yr",
        ),
    ]
    items = [
        Item(
            f"{base}/jobs/view/{slug}",
            title,
            None,
            None,
            f"https://media.licdn.com/dms/image/v2/C4E0BAQ{n}/company-logo_100_100/logo{n}.png",
            seller=company,
            show={"salary": salary},
        )
        for n, (slug, title, company, salary) in enumerate(rows)
    ]
    cards = []
    for n, item in enumerate(items):
        salary = item.show["salary"]
        insight = f'<div class="job-search-card__salary-info">{salary}</div>' if salary else ""
        cards.append(f"""<li><div class="base-card relative w-full hover:no-underline focus:no-underline base-card--link base-search-card base-search-card--link job-search-card" data-entity-urn="urn:li:jobPosting:{item.url[-10:]}" data-impression-id="jobs-search-result-{n}" data-reference-id="Zk{n}q8W2xR7aB4cD9eF1g==" data-tracking-id="tR{n}8aQ==">
<a class="base-card__full-link absolute top-0 right-0 bottom-0 left-0 p-0 z-[2]" href="{item.url}?refId=Zk{n}q8W2xR7aB4cD9eF1g%3D%3D&amp;trackingId=tR{n}8aQ%3D%3D&amp;position={n + 1}&amp;pageNum=0&amp;trk=public_jobs_jserp-result_search-card" data-tracking-control-name="public_jobs_jserp-result_search-card" data-tracking-will-navigate=""><span class="sr-only">{h(item.title)}</span></a>
<div class="search-entity-media"><img class="artdeco-entity-image artdeco-entity-image--square-4" data-delayed-url="{item.image}" alt="{h(item.seller)}" data-ghost-classes="artdeco-entity-image--ghost" data-ghost-url="https://static.licdn.com/aero-v1/sc/h/9a9u41thxt325ucfh5z8ga4m8"></div>
<div class="base-search-card__info"><h3 class="base-search-card__title">{h(item.title)}</h3>
<h4 class="base-search-card__subtitle"><a class="hidden-nested-link" data-tracking-control-name="public_jobs_jserp-result_job-search-card-subtitle" href="{base}/company/{(item.seller or "").lower().replace(" ", "-")}?trk=public_jobs_jserp-result_job-search-card-subtitle">{h(item.seller)}</a></h4>
<div class="base-search-card__metadata"><span class="job-search-card__location">San Francisco, CA</span>{insight}
<div class="job-posting-benefits text-sm"><span class="job-posting-benefits__text">Actively Hiring</span></div><time class="job-search-card__listdate" datetime="2026-11-2{n}">{n + 1} days ago</time></div></div></div></li>""")
    body = f"""<header class="base-layout__header"><nav class="nav"><a class="nav__logo-link" href="{base}/?trk=public_jobs_nav-header-logo"><span class="sr-only">LinkedIn</span><svg aria-hidden="true"></svg></a>
<ul class="top-nav-menu"><li><a href="{base}/pulse/topics/home/">Articles</a></li><li><a href="{base}/pub/dir/+/+">People</a></li><li><a href="{base}/learning/search">Learning</a></li><li><a href="{base}/jobs/search">Jobs</a></li></ul>
<a class="nav__button-secondary" href="{base}/login">Sign in</a></nav></header>
<main class="main" id="main-content" role="main"><section class="two-pane-serp-page__search-header"><h1 class="results-context-header__context"><span class="results-context-header__job-count">5</span> Software Jobs in San Francisco, CA</h1></section>
<section class="two-pane-serp-page__results-list"><ul class="jobs-search__results-list">
{chr(10).join(cards)}
</ul><button class="infinite-scroller__show-more-button" aria-label="See more jobs">See more jobs</button></section></main>
<footer class="li-footer"><ul><li><a href="{base}/legal/user-agreement">User Agreement</a></li></ul></footer>"""
    write_page(
        "holdout_linkedin_jobs",
        "LinkedIn public job search (base-search-card, salaries, no prices)",
        f"{base}/jobs/search?keywords=Software&location=San%20Francisco%2C%20CA",
        page("Software Jobs in San Francisco, CA | LinkedIn", body),
        items,
        volatile_params=("refId", "trackingId", "position", "pageNum", "trk"),
    )


PAGES = (
    shopify_horizon,
    woo_elementor,
    magento_hyva,
    sfcc_sfra,
    mercari_jp,
    allegro,
    next_app_router,
    algolia_instantsearch,
    seloger,
    ozon,
    linkedin_jobs,
)
