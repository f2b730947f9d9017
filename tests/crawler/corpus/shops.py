"""Shop platforms: WooCommerce, Shopify, Magento 2, PrestaShop, OpenCart, BigCommerce, Wix, Squarespace.

Card markup follows each platform's public templates (structure and class names only)."""

from __future__ import annotations

import json
from typing import Any

from tests.crawler.corpus.kit import Item, h, write_page


def woo_amount(value: str, symbol: str = "&pound;", after: bool = False) -> str:
    sign = f'<span class="woocommerce-Price-currencySymbol">{symbol}</span>'
    inner = f"{value}&nbsp;{sign}" if after else f"{sign}{value}"
    return f'<span class="woocommerce-Price-amount amount"><bdi>{inner}</bdi></span>'


def woo_price(
    item: Item,
    symbol: str = "&pound;",
    after: bool = False,
    words: tuple[str, str] = ("Original price was", "Current price is"),
) -> str:
    show = item.show
    plain = symbol.replace("&pound;", "£").replace("&euro;", "€")

    def money(v: str) -> str:
        return f"{v}\u00a0{plain}" if after else f"{plain}{v}"

    if "range" in show:
        low, high = show["range"]
        return (
            f'<span class="price">{woo_amount(low, symbol, after)} <span aria-hidden="true">&ndash;</span>'
            f'<span class="screen-reader-text">Price range: {money(low)} through {money(high)}</span> '
            f"{woo_amount(high, symbol, after)}</span>"
        )
    if item.price is None:
        return ""
    shown = show.get("shown", item.price)
    if "was" in show:
        return (
            f'<span class="price"><del aria-hidden="true">{woo_amount(show["was"], symbol, after)}</del> '
            f'<span class="screen-reader-text">{words[0]}: {money(show["was"])}.</span>'
            f'<ins aria-hidden="true">{woo_amount(shown, symbol, after)}</ins>'
            f'<span class="screen-reader-text">{words[1]}: {money(shown)}.</span></span>'
        )
    return f'<span class="price">{woo_amount(shown, symbol, after)}</span>'


def woocommerce_storefront() -> None:
    base = "https://www.oakandwool.co.uk"
    up = f"{base}/wp-content/uploads/2026/09"
    rows: list[tuple[str, str, str | None, dict[str, Any]]] = [
        ("merino-beanie", "Merino Beanie", "18.00", {"was": "24.00"}),
        ("chunky-cardigan", "Chunky Cardigan", "89.00", {}),
        ("oak-leaf-scarf", "Oak Leaf Scarf", "32.50", {}),
        ("fell-walking-socks", "Fell Walking Socks", "12.00", {"range": ("12.00", "15.00")}),
        ("herringbone-throw", "Herringbone Throw", "120.00", {"was": "150.00"}),
        ("lambswool-gloves", "Lambswool Gloves", "27.00", {}),
        ("fisherman-jumper", "Fisherman Jumper", "115.00", {}),
        ("bespoke-blanket", "Bespoke Blanket (made to order)", None, {}),
        ("tweed-cap", "Tweed Flat Cap", "39.95", {"was": "45.00"}),
        ("alpaca-wrap", "Alpaca Wrap", "64.00", {}),
        ("knitting-kit-starter", "Knitting Kit – Starter", "22.00", {"range": ("22.00", "38.00")}),
        ("wool-cushion", "Wool Cushion Cover", "29.00", {}),
    ]
    items = [
        Item(
            f"{base}/product/{slug}",
            title,
            price,
            "GBP" if price else None,
            f"{up}/{slug}-324x324.jpg",
            alternatives=(f"{up}/{slug}-150x150.jpg", f"{up}/{slug}-416x416.jpg", f"{up}/{slug}.jpg"),
            show=show,
        )
        for slug, title, price, show in rows
    ]
    cards = []
    for n, item in enumerate(items):
        slug = item.url.rsplit("/", 1)[1]
        pid = 410 + n
        position = " first" if n % 3 == 0 else " last" if n % 3 == 2 else ""
        sale = " sale" if "was" in item.show else ""
        badge = '<span class="onsale">Sale!</span>' if sale else ""
        cards.append(f"""<li class="product type-product post-{pid} status-publish{position} instock product_cat-knitwear has-post-thumbnail{sale} shipping-taxable purchasable product-type-simple">
<a href="{item.url}/" class="woocommerce-LoopProduct-link woocommerce-loop-product__link"><img width="324" height="324" src="{up}/{slug}-324x324.jpg" class="attachment-woocommerce_thumbnail size-woocommerce_thumbnail" alt="" decoding="async" loading="lazy" srcset="{up}/{slug}-324x324.jpg 324w, {up}/{slug}-150x150.jpg 150w, {up}/{slug}-416x416.jpg 416w, {up}/{slug}.jpg 800w" sizes="(max-width: 324px) 100vw, 324px" /><h2 class="woocommerce-loop-product__title">{h(item.title)}</h2>
{badge}{woo_price(item)}
</a><a href="?add-to-cart={pid}" data-quantity="1" class="button product_type_simple add_to_cart_button ajax_add_to_cart" data-product_id="{pid}" data-product_sku="OW-{pid}" aria-label="Add to basket: &ldquo;{h(item.title)}&rdquo;" rel="nofollow">{"Read more" if item.price is None else "Add to basket"}</a></li>""")
    ld = {
        "@context": "https://schema.org",
        "@graph": [
            {
                "@type": "CollectionPage",
                "@id": f"{base}/shop/",
                "url": f"{base}/shop/",
                "name": "Shop - Oak & Wool",
                "isPartOf": {"@id": f"{base}/#website"},
                "breadcrumb": {"@id": f"{base}/shop/#breadcrumb"},
                "inLanguage": "en-GB",
            },
            {
                "@type": "BreadcrumbList",
                "@id": f"{base}/shop/#breadcrumb",
                "itemListElement": [
                    {"@type": "ListItem", "position": 1, "name": "Home", "item": f"{base}/"},
                    {"@type": "ListItem", "position": 2, "name": "Shop"},
                ],
            },
            {"@type": "WebSite", "@id": f"{base}/#website", "url": f"{base}/", "name": "Oak & Wool"},
        ],
    }
    viewed = "".join(
        f'<li><a href="{base}/product/{slug}/"><img width="324" height="324" src="{up}/{slug}-324x324.jpg" class="attachment-woocommerce_thumbnail size-woocommerce_thumbnail" alt="" /><span class="product-title">{title}</span></a>{woo_amount(price)}</li>'
        for slug, title, price in (
            ("felted-slippers", "Felted Slippers", "42.00"),
            ("shetland-tank-top", "Shetland Tank Top", "58.00"),
            ("yarn-bundle", "Yarn Bundle", "19.00"),
        )
    )
    html = f"""<!doctype html>
<html lang="en-GB">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Shop - Oak &amp; Wool</title>
<link rel="canonical" href="{base}/shop/">
<script type="application/ld+json" class="yoast-schema-graph">{json.dumps(ld)}</script>
</head>
<body class="archive post-type-archive post-type-archive-product wp-custom-logo wp-embed-responsive theme-storefront woocommerce-shop woocommerce woocommerce-page woocommerce-no-js storefront-align-wide right-sidebar woocommerce-active has-sidebar">
<div id="page" class="hfeed site">
<header id="masthead" class="site-header" role="banner"><div class="col-full">
<a class="skip-link screen-reader-text" href="#site-navigation">Skip to navigation</a>
<div class="site-branding"><a href="{base}/" class="custom-logo-link" rel="home"><img src="{up}/logo.png" class="custom-logo" alt="Oak &amp; Wool"></a></div>
<div class="site-search"><div class="widget woocommerce widget_product_search"><form role="search" method="get" class="woocommerce-product-search" action="{base}/"><label class="screen-reader-text" for="woocommerce-product-search-field-0">Search for:</label><input type="search" id="woocommerce-product-search-field-0" class="search-field" placeholder="Search products&hellip;" name="s"><button type="submit" value="Search">Search</button><input type="hidden" name="post_type" value="product"></form></div></div>
</div>
<div class="storefront-primary-navigation"><div class="col-full"><nav id="site-navigation" class="main-navigation" role="navigation" aria-label="Primary Navigation"><div class="primary-navigation"><ul id="menu-primary" class="menu"><li class="menu-item"><a href="{base}/">Home</a></li><li class="menu-item current-menu-item"><a href="{base}/shop/">Shop</a></li><li class="menu-item"><a href="{base}/about/">Our Story</a></li><li class="menu-item"><a href="{base}/contact/">Contact</a></li></ul></div></nav>
<ul id="site-header-cart" class="site-header-cart menu"><li><a class="cart-contents" href="{base}/basket/" title="View your shopping basket"><span class="woocommerce-Price-amount amount">&pound;0.00</span> <span class="count">0 items</span></a></li></ul></div></div>
</header>
<div class="storefront-breadcrumb"><div class="col-full"><nav class="woocommerce-breadcrumb" aria-label="breadcrumbs"><a href="{base}">Home</a><span class="breadcrumb-separator"> / </span>Shop</nav></div></div>
<div id="content" class="site-content" tabindex="-1"><div class="col-full"><div class="woocommerce"></div>
<div id="primary" class="content-area"><main id="main" class="site-main" role="main">
<header class="woocommerce-products-header"><h1 class="woocommerce-products-header__title page-title">Shop</h1></header>
<div class="storefront-sorting"><div class="woocommerce-notices-wrapper"></div><form class="woocommerce-ordering" method="get"><select name="orderby" class="orderby" aria-label="Shop order"><option value="menu_order" selected="selected">Default sorting</option><option value="price">Sort by price: low to high</option></select><input type="hidden" name="paged" value="1"></form>
<p class="woocommerce-result-count">Showing all 12 results</p></div>
<ul class="products columns-3">
{chr(10).join(cards)}
</ul>
</main></div>
<div id="secondary" class="widget-area" role="complementary">
<div id="woocommerce_product_categories-2" class="widget woocommerce widget_product_categories"><span class="gamma widget-title">Product categories</span><ul class="product-categories"><li class="cat-item"><a href="{base}/product-category/knitwear/">Knitwear</a> <span class="count">(9)</span></li><li class="cat-item"><a href="{base}/product-category/home/">Home</a> <span class="count">(3)</span></li></ul></div>
<div id="woocommerce_recently_viewed_products-2" class="widget woocommerce widget_recently_viewed_products"><span class="gamma widget-title">Recently Viewed Products</span><ul class="product_list_widget">{viewed}</ul></div>
</div>
</div></div>
<footer id="colophon" class="site-footer" role="contentinfo"><div class="col-full"><div class="site-info">&copy; Oak &amp; Wool 2026</div></div></footer>
</div>
</body>
</html>
"""
    write_page("woocommerce_storefront", "WooCommerce Storefront", f"{base}/shop/", html, items)


def woocommerce_block_theme() -> None:
    base = "https://keramik-atelier.de"
    up = f"{base}/wp-content/uploads/2026/10"
    rows: list[tuple[str, str, str, dict[str, Any]]] = [
        ("vase-sand", "Vase Sand, handgedreht", "24.00", {"was": "32.00", "shown": "24,00"}),
        ("becher-nordlicht", "Becher Nordlicht", "18.50", {"shown": "18,50"}),
        ("schale-moos", "Schale Moos", "29.00", {"shown": "29,00"}),
        ("teller-set-ocker", "Teller-Set Ocker", "64.00", {"range": ("64,00", "96,00")}),
        ("kerzenhalter-duo", "Kerzenhalter Duo", "22.00", {"shown": "22,00"}),
        ("krug-salbei", "Krug Salbei", "45.00", {"was": "52.00", "shown": "45,00"}),
        ("espressotassen", "Espressotassen 2er-Set", "27.90", {"shown": "27,90"}),
        ("blumentopf-terrakotta", "Blumentopf Terrakotta", "19.00", {"range": ("19,00", "39,00")}),
    ]
    items = [
        Item(
            f"{base}/produkt/{slug}",
            title,
            price,
            "EUR",
            f"{up}/{slug}-600x600.jpg",
            alternatives=(f"{up}/{slug}-300x300.jpg", f"{up}/{slug}-1024x1024.jpg", f"{up}/{slug}.jpg"),
            show=show,
        )
        for slug, title, price, show in rows
    ]
    cards = []
    for n, item in enumerate(items):
        slug = item.url.rsplit("/", 1)[1]
        pid = 2201 + n
        sale = "was" in item.show
        badge = (
            '<div class="wc-block-components-product-sale-badge alignright wc-block-components-product-sale-badge--align-right"><span class="wc-block-components-product-sale-badge__text" aria-hidden="true">Angebot</span><span class="screen-reader-text">Produkt im Angebot</span></div>'
            if sale
            else ""
        )
        show = dict(item.show)
        if "was" in show:
            show["was"] = show["was"].replace(".", ",")
        price = woo_price(
            Item(item.url, item.title, item.price, None, None, show=show),
            "&euro;",
            after=True,
            words=("Ursprünglicher Preis war", "Aktueller Preis ist"),
        )
        price = (
            price.replace("Price range", "Preisspanne")
            .replace(" through ", " bis ")
            .replace('<span class="price">', "")
        )
        price = price[: -len("</span>")] if price.endswith("</span>") else price
        cards.append(f"""<li class="wc-block-product post-{pid} product type-product status-publish has-post-thumbnail product_cat-keramik instock{" sale" if sale else ""} shipping-taxable purchasable product-type-{"variable" if "range" in show else "simple"}">
<div data-block-name="woocommerce/product-image" data-is-descendent-of-query-loop="true" class="wc-block-components-product-image wc-block-grid__product-image wp-block-woocommerce-product-image"><a href="{item.url}/" style="">{badge}<img width="600" height="600" src="{up}/{slug}-600x600.jpg" class="attachment-woocommerce_thumbnail size-woocommerce_thumbnail" alt="" data-testid="product-image" style="object-fit:cover;" decoding="async" loading="lazy" srcset="{up}/{slug}-600x600.jpg 600w, {up}/{slug}-300x300.jpg 300w, {up}/{slug}-1024x1024.jpg 1024w, {up}/{slug}.jpg 1200w" sizes="(max-width: 600px) 100vw, 600px" /></a></div>
<h3 class="has-text-align-center wp-block-post-title has-medium-font-size"><a href="{item.url}/" target="_self">{h(item.title)}</a></h3>
<div data-block-name="woocommerce/product-price" data-font-size="small" data-is-descendent-of-query-loop="true" data-text-align="center" class="has-font-size has-small-font-size has-text-align-center wc-block-components-product-price wc-block-grid__product-price wp-block-woocommerce-product-price">{price}</div>
<div data-block-name="woocommerce/product-button" class="wp-block-button wc-block-components-product-button align-center wp-block-woocommerce-product-button"><button class="wp-block-button__link wp-element-button wc-block-components-product-button__button add_to_cart_button ajax_add_to_cart product_type_simple has-font-size has-small-font-size has-text-align-center wc-interactive" data-product_id="{pid}" aria-label="In den Warenkorb legen: „{h(item.title)}“">In den Warenkorb</button></div>
</li>""")
    html = f"""<!DOCTYPE html>
<html lang="de-DE">
<head>
<meta charset="UTF-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<title>Shop – Keramik Atelier</title>
<link rel="stylesheet" id="wc-blocks-style-css" href="{base}/wp-content/plugins/woocommerce/assets/client/blocks/wc-blocks.css" media="all" />
</head>
<body class="archive post-type-archive post-type-archive-product wp-embed-responsive theme-twentytwentyfour woocommerce-shop woocommerce woocommerce-page woocommerce-js">
<div class="wp-site-blocks">
<header class="wp-block-template-part"><div class="wp-block-group alignwide is-layout-flex"><p class="wp-block-site-title"><a href="{base}" target="_self" rel="home">Keramik Atelier</a></p>
<nav class="is-responsive items-justified-right wp-block-navigation is-layout-flex" aria-label="Navigation"><ul class="wp-block-navigation__container wp-block-navigation"><li class="wp-block-navigation-item wp-block-navigation-link"><a class="wp-block-navigation-item__content" href="{base}/shop/"><span class="wp-block-navigation-item__label">Shop</span></a></li><li class="wp-block-navigation-item wp-block-navigation-link"><a class="wp-block-navigation-item__content" href="{base}/kurse/"><span class="wp-block-navigation-item__label">Töpferkurse</span></a></li><li class="wp-block-navigation-item wp-block-navigation-link"><a class="wp-block-navigation-item__content" href="{base}/kontakt/"><span class="wp-block-navigation-item__label">Kontakt</span></a></li></ul></nav>
<div data-block-name="woocommerce/mini-cart" class="wc-block-mini-cart wp-block-woocommerce-mini-cart"><button class="wc-block-mini-cart__button" aria-label="Anzahl Artikel im Warenkorb: 0. Gesamtpreis von 0,00 €"><span class="wc-block-mini-cart__amount">0,00 €</span></button></div></div></header>
<main class="wp-block-group is-layout-constrained">
<div class="woocommerce wc-block-breadcrumbs alignwide has-font-size has-small-font-size"><nav class="woocommerce-breadcrumb" aria-label="Breadcrumb"><a href="{base}">Startseite</a>&nbsp;&#47;&nbsp;Shop</nav></div>
<h1 class="wp-block-query-title">Shop</h1>
<div class="wp-block-group alignwide is-content-justification-space-between is-layout-flex"><p class="woocommerce-result-count" role="alert" aria-relevant="all">Alle 8 Ergebnisse werden angezeigt</p>
<form class="woocommerce-ordering" method="get"><select name="orderby" class="orderby" aria-label="Shop-Bestellung"><option value="menu_order" selected="selected">Standardsortierung</option></select></form></div>
<div data-block-name="woocommerce/product-collection" data-query-id="0" class="wp-block-woocommerce-product-collection alignwide is-layout-flow">
<ul class="wc-block-product-template__responsive columns-4 wc-block-product-template wp-block-woocommerce-product-template is-layout-flow">
{chr(10).join(cards)}
</ul>
<nav class="wp-block-query-pagination is-layout-flex" aria-label="Seitennummerierung"><div class="wp-block-query-pagination-numbers"><span aria-current="page" class="page-numbers current">1</span></div></nav>
</div>
</main>
<footer class="wp-block-template-part"><div class="wp-block-group"><p class="has-text-align-center">© 2026 Keramik Atelier · <a href="{base}/impressum/">Impressum</a></p></div></footer>
</div>
</body>
</html>
"""
    write_page(
        "woocommerce_block_theme",
        "WooCommerce block theme (Twenty Twenty-Four)",
        f"{base}/shop/",
        html,
        items,
    )


def shopify_dawn() -> None:
    base = "https://northtrail-outfitters.com"
    cdn = "//northtrail-outfitters.com/cdn/shop/files"
    rows = [
        # handle, title, price now, compare-at, price varies ("From")
        ("trail-runner-cap", "Trail Runner Cap", "28.00", None, False),
        ("ridge-fleece-jacket", "Ridge Fleece Jacket", "119.00", "149.00", False),
        ("summit-daypack-22l", "Summit Daypack 22L", "94.00", None, False),
        ("merino-base-layer", "Merino Base Layer", "65.00", None, True),
        ("camp-enamel-mug", "Camp Enamel Mug", "16.00", "20.00", False),
        ("waterproof-shell", "Waterproof Shell", "210.00", None, False),
        ("wool-hiking-socks-3-pack", "Wool Hiking Socks 3-Pack", "36.00", "45.00", True),
        ("trekking-poles", "Carbon Trekking Poles", "139.00", None, False),
        ("gift-card", "Gift Card", "25.00", None, True),
    ]
    items = []
    cards = []
    for n, (handle, title, price, was, varies) in enumerate(rows):
        img = f"{cdn}/{handle}.jpg?v=17{n:02d}"
        items.append(
            Item(
                f"{base}/products/{handle}",
                title,
                price,
                "CAD",
                f"https:{img}&width=533",
                alternatives=tuple(f"https:{img}&width={w}" for w in (165, 360, 940, 1066)),
            )
        )
        money = f"${price} CAD"
        shown = f"From {money}" if varies else money
        on_sale = " price--on-sale" if was else ""
        sale_block = f"""<div class="price__sale">
<span class="visually-hidden visually-hidden--inline">Regular price</span>
<span><s class="price-item price-item--regular">${was or price} CAD</s></span>
<span class="visually-hidden visually-hidden--inline">Sale price</span>
<span class="price-item price-item--sale price-item--last">{shown}</span>
</div>"""
        badge = (
            f'<div class="card__badge bottom left"><span id="Badge-template--2231__product-grid-{n}" class="badge badge--bottom-left color-scheme-5">Sale</span></div>'
            if was
            else ""
        )
        cards.append(f"""<li class="grid__item scroll-trigger animate--slide-in" data-cascade style="--animation-order: {n + 1};">
<div class="card-wrapper product-card-wrapper underline-links-hover">
<div class="card card--standard card--media" style="--ratio-percent: 100.0%;">
<div class="card__inner color-scheme-2 gradient ratio" style="--ratio-percent: 100.0%;">
<div class="card__media"><div class="media media--transparent media--hover-effect">
<img srcset="{img}&width=165 165w,{img}&width=360 360w,{img}&width=533 533w,{img}&width=940 940w,{img}&width=1066 1066w" src="{img}&width=533" sizes="(min-width: 1200px) 267px, (min-width: 990px) calc((100vw - 130px) / 4), calc((100vw - 35px) / 2)" alt="{h(title)}" class="motion-reduce" loading="lazy" width="1066" height="1066">
</div></div>
<div class="card__content"><div class="card__information"><h3 class="card__heading"><a href="/products/{handle}" id="StandardCardNoMediaLink-template--2231__product-grid-{n}" class="full-unstyled-link" aria-labelledby="StandardCardNoMediaLink-template--2231__product-grid-{n} NoMediaStandardBadge-template--2231__product-grid-{n}">{h(title)}</a></h3></div>
<div class="card__badge bottom left"></div></div>
</div>
<div class="card__content">
<div class="card__information">
<h3 class="card__heading h5" id="title-template--2231__product-grid-{n}"><a href="/products/{handle}" id="CardLink-template--2231__product-grid-{n}" class="full-unstyled-link" aria-labelledby="CardLink-template--2231__product-grid-{n} Badge-template--2231__product-grid-{n}">{h(title)}</a></h3>
<div class="card-information"><span class="caption-large light"></span>
<div class="price{on_sale}">
<div class="price__container"><div class="price__regular"><span class="visually-hidden visually-hidden--inline">Regular price</span>
<span class="price-item price-item--regular">{shown}</span></div>
{sale_block}
<small class="unit-price caption hidden"><span class="visually-hidden">Unit price</span><span class="price-item price-item--last"><span></span><span aria-hidden="true">/</span><span class="visually-hidden">&nbsp;per&nbsp;</span><span></span></span></small>
</div></div></div>
</div>
{badge}
</div></div></div>
</li>""")
    html = f"""<!doctype html>
<html class="js" lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>Products – North Trail Outfitters</title>
<link rel="canonical" href="{base}/collections/all">
<meta property="og:type" content="website"><meta property="og:title" content="Products">
<script>window.Shopify = window.Shopify || {{}}; Shopify.shop = "northtrail-outfitters.myshopify.com"; Shopify.currency = {{"active":"CAD","rate":"1.0"}}; Shopify.theme = {{"name":"Dawn","id":1411,"schema_name":"Dawn","schema_version":"15.2.0"}};</script>
</head>
<body class="gradient animate--hover-default">
<a class="skip-to-content-link button visually-hidden" href="#MainContent">Skip to content</a>
<div class="shopify-section shopify-section-group-header-group announcement-bar-section"><div class="utility-bar color-scheme-1 gradient"><div class="announcement-bar" role="region" aria-label="Announcement"><p class="announcement-bar__message h5"><span>Free shipping on orders over $150 CAD</span></p></div></div></div>
<div class="section-header shopify-section-group-header-group"><sticky-header class="header-wrapper color-scheme-1 gradient"><header class="header header--middle-left header--mobile-center page-width header--has-menu">
<a href="/" class="header__heading-link link link--text focus-inset"><div class="header__heading-logo-wrapper"><img src="{cdn}/logo.png?v=1&width=600" alt="North Trail Outfitters" class="header__heading-logo" width="600" height="120"></div></a>
<nav class="header__inline-menu"><ul class="list-menu list-menu--inline" role="list"><li><a href="/" class="header__menu-item list-menu__item link link--text focus-inset"><span>Home</span></a></li><li><a href="/collections/all" class="header__menu-item list-menu__item link link--text focus-inset"><span class="header__active-menu-item">Catalog</span></a></li><li><a href="/pages/contact" class="header__menu-item list-menu__item link link--text focus-inset"><span>Contact</span></a></li></ul></nav>
<div class="header__icons"><a href="/cart" class="header__icon header__icon--cart link focus-inset" id="cart-icon-bubble"><span class="visually-hidden">Cart</span></a></div>
</header></sticky-header></div>
<main id="MainContent" class="content-for-layout focus-none" role="main" tabindex="-1">
<div id="shopify-section-template--2231__banner" class="shopify-section section"><div class="collection-hero color-scheme-1 gradient"><div class="collection-hero__inner page-width"><div class="collection-hero__text-wrapper"><h1 class="collection-hero__title"><span class="visually-hidden">Collection: </span>Products</h1></div></div></div></div>
<div id="shopify-section-template--2231__product-grid" class="shopify-section section"><div class="section-template--2231__product-grid-padding gradient color-scheme-1">
<div class="facets-vertical page-width">
<aside aria-labelledby="verticalTitle" class="facets-wrapper" id="main-collection-filters" data-id="template--2231__product-grid"><facet-filters-form class="facets small-hide"><h2 class="facets__heading caption-large text-body" id="verticalTitle" tabindex="-1">Filter:</h2>
<form id="FacetFiltersForm" class="facets__form-vertical"><div id="FacetsWrapperDesktop"><details class="disclosure-has-popup facets__disclosure-vertical js-filter" data-index="1" open><summary class="facets__summary caption-large focus-offset"><div><span class="facets__summary-label">Availability</span></div></summary>
<div class="facets__display-vertical"><fieldset class="facets-wrap parent-wrap facets-wrap-vertical"><legend class="visually-hidden">Availability</legend><ul class="facets-layout facets-layout-list facets__list--vertical" role="list"><li class="list-menu__item facets__item"><label for="Filter-Availability-1" class="facets__label facet-checkbox"><input type="checkbox" name="filter.v.availability" value="1" id="Filter-Availability-1"><span class="facet-checkbox__text"><span class="facet-checkbox__text-label">In stock</span> (9)</span></label></li></ul></fieldset></div></details>
<details class="disclosure-has-popup facets__disclosure-vertical js-filter" data-index="2" open><summary class="facets__summary caption-large focus-offset"><div><span class="facets__summary-label">Price</span></div></summary><div class="facets__display-vertical"><price-range class="facets__price"><div class="field"><span class="field__currency">$</span><input class="field__input" name="filter.v.price.gte" id="Filter-Price-GTE" type="text" placeholder="0" data-max="210.00"></div><div class="field"><span class="field__currency">$</span><input class="field__input" name="filter.v.price.lte" id="Filter-Price-LTE" type="text" placeholder="210.00"></div></price-range><p>The highest price is $210.00 CAD</p></div></details>
</div></form></facet-filters-form></aside>
<div class="product-grid-container scroll-trigger animate--slide-in" id="ProductGridContainer" data-cascade>
<div class="collection page-width">
<div class="loading-overlay gradient"></div>
<ul id="product-grid" data-id="template--2231__product-grid" class="grid product-grid grid--2-col-tablet-down grid--3-col-desktop">
{chr(10).join(cards)}
</ul>
</div></div></div></div></div>
</main>
<div id="shopify-section-sections--2232__footer" class="shopify-section shopify-section-group-footer-group"><footer class="footer color-scheme-1 gradient section-sections--2232__footer-padding"><div class="footer__content-bottom"><div class="footer__copyright caption"><small class="copyright__content">&copy; 2026, <a href="/" title="">North Trail Outfitters</a></small></div></div></footer></div>
<script type="application/ld+json">{json.dumps({"@context": "http://schema.org", "@type": "Organization", "name": "North Trail Outfitters", "logo": f"https:{cdn}/logo.png?v=1&width=600", "sameAs": ["https://www.instagram.com/northtrail"], "url": base})}</script>
</body>
</html>
"""
    write_page("shopify_dawn", "Shopify Dawn 15", f"{base}/collections/all", html, items)


def shopify_debut() -> None:
    base = "https://tidepool-home.com"
    cdn = "//cdn.shopify.com/s/files/1/0441/2217/products"
    rows = [
        ("linen-napkins-set-of-4", "Linen Napkins, Set of 4", "34.00", None),
        ("sea-glass-tumbler", "Sea Glass Tumbler", "14.00", "18.00"),
        ("driftwood-photo-frame", "Driftwood Photo Frame", "26.00", None),
        ("rope-basket-large", "Rope Basket - Large", "48.00", "60.00"),
        ("salt-marsh-candle", "Salt Marsh Candle", "22.00", None),
        ("striped-beach-towel", "Striped Beach Towel", "39.00", None),
    ]
    items, cards = [], []
    for n, (handle, title, price, was) in enumerate(rows):
        stem = f"{cdn}/{handle}_{{width}}x.jpg?v=16{n:02d}"
        still = f"https://cdn.shopify.com/s/files/1/0441/2217/products/{handle}_300x300.jpg?v=16{n:02d}"
        items.append(
            Item(
                f"{base}/collections/frontpage/products/{handle}",
                title,
                price,
                "USD",
                still,
                alternatives=tuple(
                    stem.replace("{width}", str(w)).replace("//", "https://", 1) for w in (180, 360, 540, 720)
                ),
            )
        )
        on_sale = " price--on-sale" if was else ""
        cards.append(
            f"""<li class="grid__item grid__item--collection-template small--one-half medium-up--one-third">
<div class="grid-view-item{" grid-view-item--sold-out" if False else ""} product-card">
<a class="grid-view-item__link grid-view-item__image-container full-width-link" href="/collections/frontpage/products/{handle}"><span class="visually-hidden">{h(title)}</span></a>
<div class="product-card__image-with-placeholder-wrapper" data-image-with-placeholder-wrapper>
<div id="ProductCardImageWrapper-collection-template-{4490 + n}" class="grid-view-item__image-wrapper product-card__image-wrapper js">
<div style="padding-top:100.0%;">
<img id="ProductCardImage-collection-template-{4490 + n}" class="grid-view-item__image lazyload" alt="" data-src="{stem}" data-widths="[180, 360, 540, 720]" data-aspectratio="1.0" data-sizes="auto" data-image>
</div></div>
<div class="placeholder-background placeholder-background--animation" data-image-placeholder></div>
</div>
<noscript><img class="grid-view-item__image" src="{still.replace("https:", "")}" alt="" style="max-width: 300.0px;"></noscript>
<div class="h4 grid-view-item__title product-card__title" aria-hidden="true">{h(title)}</div>
<dl class="price{on_sale}" data-price>
<div class="price__regular"><dt><span class="visually-hidden visually-hidden--inline">Regular price</span></dt>
<dd><span class="price-item price-item--regular" data-regular-price>${was or price}</span></dd></div>
<div class="price__sale"><dt><span class="visually-hidden visually-hidden--inline">Sale price</span></dt>
<dd><span class="price-item price-item--sale" data-sale-price>${price}</span></dd>
<dt><span class="visually-hidden visually-hidden--inline">Regular price</span></dt>
<dd><s class="price-item price-item--regular" data-regular-price>${was or price}</s></dd></div>
<div class="price__badges price__badges--listing"><span class="price__badge price__badge--sale" aria-hidden="true"><span>Sale</span></span><span class="price__badge price__badge--sold-out"><span>Sold out</span></span></div>
<div class="price__unit"><dt><span class="visually-hidden visually-hidden--inline">Unit price</span></dt><dd class="price-unit-price"><span data-unit-price></span><span aria-hidden="true">/</span><span class="visually-hidden">per&nbsp;</span><span data-unit-price-base-unit></span></dd></div>
</dl>
</div>
</li>""".replace(
                '<dl class="price" data-price>\n<div class="price__regular">',
                '<dl class="price" data-price>\n<div class="price__regular">',
            )
        )
        if not was:
            # Debut leaves the sale block in the markup (hidden by CSS) with the same figures
            cards[-1] = cards[-1].replace(f"${was or price}</s>", f"${price}</s>")
    html = f"""<!doctype html>
<html class="no-js supports-no-cookies" lang="en">
<head>
<meta charset="utf-8">
<title>Home page – Tidepool Home</title>
<link rel="canonical" href="{base}/collections/frontpage">
<script>var theme = {{strings: {{regularPrice: "Regular price", sale: "Sale", soldOut: "Sold out"}}, moneyFormat: "${{{{amount}}}}"}};</script>
</head>
<body class="template-collection">
<a class="in-page-link visually-hidden skip-link" href="#MainContent">Skip to content</a>
<div id="SearchDrawer" class="search-bar drawer drawer--top" role="dialog" aria-modal="true" aria-label="Search"><form class="search search-bar__form" action="/search" method="get" role="search"><input class="search__input search-bar__input" type="search" name="q" placeholder="Search" aria-label="Search"></form></div>
<div id="shopify-section-header" class="shopify-section"><header class="site-header border-bottom logo--left" role="banner"><div class="grid grid--no-gutters grid--table site-header__mobile-nav">
<div class="grid__item medium-up--one-quarter logo-align--left"><h1 class="h2 site-header__logo"><a href="/" class="site-header__logo-image"><img class="js lazyload" src="{cdn}/logo_95x.png" alt="Tidepool Home"></a></h1></div>
<nav class="grid__item medium-up--one-half small--hide" id="AccessibleNav" role="navigation"><ul class="site-nav list--inline" id="SiteNav"><li><a href="/" class="site-nav__link site-nav__link--main"><span class="site-nav__label">Home</span></a></li><li class="site-nav--active"><a href="/collections/all" class="site-nav__link site-nav__link--main" aria-current="page"><span class="site-nav__label">Catalog</span></a></li></ul></nav>
<div class="grid__item medium-up--one-quarter text-right site-header__icons"><a href="/cart" class="site-header__icon site-header__cart"><span class="icon__fallback-text">Cart</span></a></div></div></header></div>
<div class="page-container drawer-page-content" id="PageContainer"><main class="main-content js-focus-hidden" id="MainContent" role="main" tabindex="-1">
<div id="shopify-section-collection-template" class="shopify-section"><div data-section-id="collection-template" data-section-type="collection-template" data-sort-enabled="true">
<header class="collection-header"><div class="page-width"><div class="section-header text-center"><h1><span role="heading" aria-level="1">Home page</span></h1></div></div>
<div class="filters-toolbar-wrapper"><div class="page-width"><div class="filters-toolbar"><div class="filters-toolbar__item-wrapper"><div class="filters-toolbar__item-child"><label class="filters-toolbar__label select-label" for="SortBy">Sort by</label><select class="filters-toolbar__input hidden" name="sort_by" id="SortBy"><option value="manual" selected="selected">Featured</option></select></div></div>
<div class="filters-toolbar__item filters-toolbar__item--count"><span class="filters-toolbar__product-count">6 products</span></div></div></div></div></header>
<div class="page-width" id="Collection"><ul class="grid grid--uniform grid--view-items">
{chr(10).join(cards)}
</ul></div></div></div>
</main></div>
</body>
</html>
"""
    write_page(
        "shopify_debut", "Shopify Debut (older vintage theme)", f"{base}/collections/frontpage", html, items
    )


def magento_luma() -> None:
    base = "https://www.bergsport-halle.ch"
    media = f"{base}/media/catalog/product/cache/8d1a2f0b5c3e/"
    rows = [
        # sku, title, final price, old price, "As low as" (configurable)
        ("mh-ridge-pack-30", "Ridge Pack 30", "129.00", "159.00", False),
        ("mh-glacier-jacket", "Glacier Hardshell Jacket", "349.00", None, False),
        ("mh-alpine-gaiters", "Alpine Gaiters", "59.90", None, False),
        ("mh-trail-shoe-x", "Trail Shoe X", "159.00", None, True),
        ("mh-headlamp-400", "Headlamp 400", "44.50", "54.50", False),
        ("mh-thermo-bottle", "Thermo Bottle 0.75 l", "34.90", None, False),
        ("mh-softshell-pants", "Softshell Pants", "119.00", None, True),
        ("mh-climbing-chalk", "Climbing Chalk 200 g", "12.90", None, False),
        ("mh-bivy-bag", "Bivy Bag Ultralight", "219.00", "259.00", False),
        ("mh-trekking-socks", "Trekking Socks", "19.90", None, False),
    ]
    items, cards = [], []
    for n, (sku, title, price, old, low) in enumerate(rows):
        pid = 1820 + n
        img = f"{media}m/h/{sku}-main.jpg"
        items.append(Item(f"{base}/{sku}.html", title, price, "CHF", img))
        if old:
            box = f"""<span class="special-price"><span class="price-container price-final_price tax weee"><span class="price-label">Special Price</span>
<span id="product-price-{pid}" data-price-amount="{price}" data-price-type="finalPrice" class="price-wrapper "><span class="price">CHF {price}</span></span></span></span>
<span class="old-price sly-old-price no-display"><span class="price-container price-final_price tax weee"><span class="price-label">Regular Price</span>
<span id="old-price-{pid}" data-price-amount="{old}" data-price-type="oldPrice" class="price-wrapper "><span class="price">CHF {old}</span></span></span></span>"""
        elif low:
            box = f"""<span class="normal-price"><span class="price-container price-final_price tax weee"><span class="price-label">As low as</span>
<span id="product-price-{pid}" data-price-amount="{price}" data-price-type="finalPrice" class="price-wrapper "><span class="price">CHF {price}</span></span></span></span>"""
        else:
            box = f"""<span class="price-container price-final_price tax weee"><span id="product-price-{pid}" data-price-amount="{price}" data-price-type="finalPrice" class="price-wrapper "><span class="price">CHF {price}</span></span></span>"""
        cards.append(f"""<li class="item product product-item">
<div class="product-item-info" id="product-item-info_{pid}" data-container="product-grid">
<a href="{base}/{sku}.html" class="product photo product-item-photo" tabindex="-1"><span class="product-image-container product-image-container-{pid}"><span class="product-image-wrapper"><img class="product-image-photo" src="{img}" loading="lazy" width="240" height="300" alt="{h(title)}"/></span></span></a>
<div class="product details product-item-details">
<strong class="product name product-item-name"><a class="product-item-link" href="{base}/{sku}.html">{h(title)}</a></strong>
<div class="product-reviews-summary short"><div class="rating-summary"><span class="label"><span>Rating:</span></span><div class="rating-result" title="80%"><span style="width:80%"><span>80%</span></span></div></div><div class="reviews-actions"><a class="action view" href="{base}/{sku}.html#reviews">{3 + n}&nbsp;<span>Reviews</span></a></div></div>
<div class="price-box price-final_price" data-role="priceBox" data-product-id="{pid}" data-price-box="product-id-{pid}">{box}</div>
<div class="product-item-inner"><div class="product actions product-item-actions"><div class="actions-primary"><form data-role="tocart-form" data-product-sku="{sku.upper()}" action="{base}/checkout/cart/add/uenc/aHR0cHM6Ly93d3c/product/{pid}/" method="post"><input type="hidden" name="product" value="{pid}"><button type="submit" title="Add to Cart" class="action tocart primary"><span>Add to Cart</span></button></form></div>
<div data-role="add-to-links" class="actions-secondary"><a href="#" class="action towishlist" title="Add to Wish List" aria-label="Add to Wish List" data-action="add-to-wishlist" role="button"><span>Add to Wish List</span></a><a href="#" class="action tocompare" title="Add to Compare" aria-label="Add to Compare" role="button"><span>Add to Compare</span></a></div></div></div>
</div></div>
</li>""")
    viewed = "".join(
        f"""<li class="product-item"><div class="product-item-info"><a href="{base}/{sku}.html" class="product photo product-item-photo"><span class="product-image-container"><span class="product-image-wrapper"><img class="product-image-photo" src="{media}m/h/{sku}-main.jpg" alt="{t}"/></span></span></a><div class="product details product-item-details"><strong class="product name product-item-name"><a title="{t}" href="{base}/{sku}.html" class="product-item-link">{t}</a></strong><div class="price-box price-final_price"><span class="price-container price-final_price tax weee"><span data-price-amount="{p}" data-price-type="finalPrice" class="price-wrapper "><span class="price">CHF {p}</span></span></span></div></div></div></li>"""
        for sku, t, p in (
            ("mh-down-vest", "Down Vest", "149.00"),
            ("mh-rope-9mm", "Dynamic Rope 9 mm", "189.00"),
            ("mh-compass", "Baseplate Compass", "29.90"),
            ("mh-beanie", "Merino Beanie", "24.90"),
        )
    )
    html = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8"/>
<title>Backpacks &amp; Gear - Bergsport Halle</title>
<link rel="canonical" href="{base}/gear.html"/>
</head>
<body data-container="body" data-mage-init='{{"loaderAjax": {{}}, "loader": {{ "icon": "{base}/static/frontend/Magento/luma/en_US/images/loader-2.gif"}}}}' class="page-with-filter page-products categorypath-gear category-gear catalog-category-view page-layout-2columns-left">
<div class="page-wrapper"><header class="page-header"><div class="panel wrapper"><div class="panel header"><a class="action skip contentarea" href="#contentarea"><span>Skip to Content</span></a><ul class="header links"><li class="greet welcome"><span class="not-logged-in">Default welcome msg!</span></li><li class="authorization-link"><a href="{base}/customer/account/login/">Sign In</a></li></ul></div></div>
<div class="header content"><a class="logo" href="{base}/" title="Bergsport Halle"><img src="{base}/static/frontend/Magento/luma/en_US/images/logo.svg" alt="Bergsport Halle" width="148" height="43"/></a>
<div data-block="minicart" class="minicart-wrapper"><a class="action showcart" href="{base}/checkout/cart/"><span class="text">My Cart</span><span class="counter qty empty"><span class="counter-number">0</span></span></a></div>
<div class="block block-search"><form class="form minisearch" id="search_mini_form" action="{base}/catalogsearch/result/" method="get"><input id="search" type="text" name="q" placeholder="Search entire store here..." class="input-text" role="combobox"/></form></div></div></header>
<div class="sections nav-sections"><div class="section-item-content nav-sections-item-content" id="store.menu"><nav class="navigation" data-action="navigation"><ul data-mage-init='{{"menu":{{"responsive":true}}}}'><li class="level0 nav-1 category-item first level-top"><a href="{base}/climbing.html" class="level-top"><span>Climbing</span></a></li><li class="level0 nav-2 category-item active level-top"><a href="{base}/gear.html" class="level-top"><span>Gear</span></a></li><li class="level0 nav-3 category-item last level-top"><a href="{base}/sale.html" class="level-top"><span>Sale</span></a></li></ul></nav></div></div>
<div class="breadcrumbs"><ul class="items"><li class="item home"><a href="{base}/" title="Go to Home Page">Home</a></li><li class="item category3"><strong>Gear</strong></li></ul></div>
<main id="maincontent" class="page-main"><a id="contentarea" tabindex="-1"></a><div class="page-title-wrapper"><h1 class="page-title" id="page-title-heading"><span class="base" data-ui-id="page-title-wrapper">Gear</span></h1></div>
<div class="columns"><div class="column main">
<div class="toolbar toolbar-products"><div class="modes"><strong class="modes-mode active mode-grid" title="Grid"><span>Grid</span></strong><a class="modes-mode mode-list" title="List" href="#" data-value="list"><span>List</span></a></div><p class="toolbar-amount" id="toolbar-amount">Items <span class="toolbar-number">1</span>-<span class="toolbar-number">10</span> of <span class="toolbar-number">10</span></p><div class="toolbar-sorter sorter"><label class="sorter-label" for="sorter">Sort By</label><select id="sorter" data-role="sorter" class="sorter-options"><option value="position" selected="selected">Position</option><option value="name">Product Name</option><option value="price">Price</option></select></div></div>
<div class="products wrapper grid products-grid"><ol class="products list items product-items">
{chr(10).join(cards)}
</ol></div>
</div>
<div class="sidebar sidebar-main"><div class="block filter" id="layered-filter-block" data-mage-init='{{"collapsible":{{"openedState": "active"}}}}'><div class="block-title filter-title"><strong>Shop By</strong></div><div class="block-content filter-content"><strong role="heading" aria-level="2" class="block-subtitle filter-subtitle">Shopping Options</strong><dl class="filter-options" id="narrow-by-list"><dt role="heading" aria-level="3" class="filter-options-title">Price</dt><dd class="filter-options-content"><ol class="items"><li class="item"><a href="{base}/gear.html?price=0-100" rel="nofollow"><span class="price">CHF 0.00</span> - <span class="price">CHF 99.99</span><span class="count">6<span class="filter-count-label">items</span></span></a></li><li class="item"><a href="{base}/gear.html?price=100-" rel="nofollow"><span class="price">CHF 100.00</span> and above<span class="count">4<span class="filter-count-label">items</span></span></a></li></ol></dd></dl></div></div></div>
<div class="sidebar sidebar-additional"><div class="block block-compare" data-bind="scope: 'compareProducts'" data-role="compare-products-sidebar"><div class="block-title"><strong id="block-compare-heading" role="heading" aria-level="2">Compare Products</strong></div><div class="empty">You have no items to compare.</div></div>
<div class="block widget block-viewed-products-grid"><div class="block-title"><strong role="heading" aria-level="2">Recently Viewed</strong></div><div class="block-content"><div class="products-grid grid"><ol class="product-items widget-viewed-grid">{viewed}</ol></div></div></div></div>
</div></main>
<footer class="page-footer"><div class="footer content"><ul class="footer links"><li class="nav item"><a href="{base}/privacy-policy-cookie-restriction-mode/">Privacy and Cookie Policy</a></li></ul></div></footer><small class="copyright"><span>Copyright © 2026 Bergsport Halle. All rights reserved.</span></small>
</div>
</body>
</html>
"""
    write_page("magento2_luma", "Magento 2 Luma", f"{base}/gear.html", html, items)


def prestashop_classic() -> None:
    base = "https://www.atelier-savon.fr"
    rows = [
        # id, slug, title, price now, regular price, discount label
        (21, "savon-lavande", "Savon à la lavande", "6.90", None, None),
        (22, "savon-miel-avoine", "Savon miel & avoine", "5.52", "6.90", "-20%"),
        (23, "shampooing-solide-ortie", "Shampooing solide ortie", "9.50", None, None),
        (24, "baume-levres-karite", "Baume à lèvres karité", "4.20", None, None),
        (25, "coffret-decouverte", "Coffret découverte", "24.00", "29.00", "-5,00 €"),
        (26, "porte-savon-bois", "Porte-savon en bois d'olivier", "12.00", None, None),
        (27, "deodorant-solide", "Déodorant solide palmarosa", "8.90", None, None),
        (28, "bougie-cire-soja", "Bougie cire de soja", "16.50", "19.00", "-2,50 €"),
    ]
    items, cards = [], []
    for pid, slug, title, price, regular, label in rows:
        url = f"{base}/soins/{pid}-{slug}.html"
        img_id = 40 + pid
        img = f"{base}/{img_id}-home_default/{slug}.jpg"
        items.append(
            Item(url, title, price, "EUR", img, alternatives=(f"{base}/{img_id}-large_default/{slug}.jpg",))
        )
        fr = lambda v: v.replace(".", ",") + "\u00a0€"  # noqa: E731
        discount = ""
        flags = '<li class="product-flag new">Nouveau</li>' if pid == 27 else ""
        if regular:
            discount = f"""<span class="regular-price" aria-label="Prix de base">{fr(regular)}</span>
<span class="discount-percentage discount-product">{label}</span>"""
            flags += f'<li class="product-flag discount">{label}</li>'
        cards.append(f"""<div class="js-product product col-xs-12 col-sm-6 col-xl-4">
<article class="product-miniature js-product-miniature" data-id-product="{pid}" data-id-product-attribute="0">
<div class="thumbnail-container">
<div class="thumbnail-top">
<a href="{url}" class="thumbnail product-thumbnail"><img src="{img}" alt="{h(title)}" loading="lazy" data-full-size-image-url="{base}/{img_id}-large_default/{slug}.jpg" width="250" height="250"/></a>
<div class="highlighted-informations no-variants"><a class="quick-view js-quick-view" href="#" data-link-action="quickview"><i class="material-icons search">&#xE8B6;</i> Aperçu rapide</a></div>
</div>
<div class="product-description">
<h2 class="h3 product-title"><a href="{url}" content="{url}">{h(title)}</a></h2>
<div class="product-price-and-shipping">
{discount}
<span class="price" aria-label="Prix">{fr(price)}</span>
</div>
</div>
<ul class="product-flags js-product-flags">{flags}</ul>
</div>
</article>
</div>""")
    item_list = {
        "@context": "https://schema.org",
        "@type": "ItemList",
        "itemListElement": [
            {"@type": "ListItem", "position": i + 1, "name": it.title, "url": it.url}
            for i, it in enumerate(items)
        ],
    }
    crumbs = {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": 1, "name": "Accueil", "item": f"{base}/"},
            {"@type": "ListItem", "position": 2, "name": "Soins", "item": f"{base}/3-soins"},
        ],
    }
    html = f"""<!doctype html>
<html lang="fr-FR">
<head>
<meta charset="utf-8">
<title>Soins</title>
<meta name="description" content="Savons artisanaux saponifiés à froid">
<link rel="canonical" href="{base}/3-soins">
<script type="application/ld+json">{json.dumps(crumbs, ensure_ascii=False)}</script>
<script type="application/ld+json">{json.dumps(item_list, ensure_ascii=False)}</script>
<script type="text/javascript">var prestashop = {{"currency":{{"name":"Euro","iso_code":"EUR","sign":"\\u20ac"}},"language":{{"iso_code":"fr"}},"page":{{"page_name":"category"}}}};</script>
</head>
<body id="category" class="lang-fr country-fr currency-eur layout-left-column page-category tax-display-enabled category-id-3 category-soins category-id-parent-2 category-depth-level-2">
<main>
<header id="header"><nav class="header-nav"><div class="container"><div class="row"><div class="hidden-sm-down"><div class="col-md-5 col-xs-12"><div id="_desktop_contact_link"><div id="contact-link"><a href="{base}/nous-contacter">Contactez-nous</a></div></div></div>
<div class="col-md-7 right-nav"><div id="_desktop_user_info"><div class="user-info"><a href="{base}/mon-compte" title="Identifiez-vous" rel="nofollow"><i class="material-icons">&#xE7FF;</i><span class="hidden-sm-down">Connexion</span></a></div></div>
<div id="_desktop_cart"><div class="blockcart cart-preview inactive"><div class="header"><i class="material-icons shopping-cart" aria-hidden="true">shopping_cart</i><span class="hidden-sm-down">Panier</span><span class="cart-products-count">(0)</span></div></div></div></div></div></div></div></nav>
<div class="header-top"><div class="container"><div class="row"><div class="col-md-2 hidden-sm-down" id="_desktop_logo"><a href="{base}/"><img class="logo img-fluid" src="{base}/img/logo.png" alt="Atelier Savon" width="200" height="60"></a></div>
<div class="header-top-right col-md-10 col-sm-12 position-static"><div class="menu js-top-menu position-static hidden-sm-down" id="_desktop_top_menu"><ul class="top-menu" id="top-menu" data-depth="0"><li class="category" id="category-3"><a class="dropdown-item" href="{base}/3-soins" data-depth="0">Soins</a></li><li class="category" id="category-4"><a class="dropdown-item" href="{base}/4-maison" data-depth="0">Maison</a></li></ul></div>
<div id="search_widget" class="search-widgets"><form method="get" action="{base}/recherche"><input type="hidden" name="controller" value="search"><input type="text" name="s" value="" placeholder="Rechercher dans le catalogue" aria-label="Rechercher"></form></div></div></div></div></div>
</header>
<section id="wrapper"><div class="container">
<nav data-depth="2" class="breadcrumb hidden-sm-down"><ol><li><a href="{base}/"><span>Accueil</span></a></li><li><a href="{base}/3-soins"><span>Soins</span></a></li></ol></nav>
<div class="row">
<div id="left-column" class="col-xs-12 col-sm-4 col-md-3"><div class="block-categories hidden-sm-down"><ul class="category-top-menu"><li><a class="text-uppercase h6" href="{base}/3-soins">Soins</a></li></ul></div>
<div id="search_filters_wrapper" class="hidden-sm-down"><div id="search_filters"><p class="text-uppercase h6 hidden-sm-down">Filtrer par</p>
<section class="facet clearfix"><p class="h6 facet-title hidden-sm-down">Prix</p><ul id="facet_1" class="faceted-slider" data-slider-min="4" data-slider-max="24" data-slider-unit="€"><li><p id="facet_label_1">4,00 € - 24,00 €</p><div id="slider-range_1"></div></li></ul></section></div></div></div>
<div id="content-wrapper" class="js-content-wrapper left-column col-xs-12 col-sm-8 col-md-9">
<section id="main"><div id="js-product-list-header"><div class="block-category card card-block"><h1 class="h1">Soins</h1></div></div>
<section id="products"><div id="js-product-list-top" class="row products-selection"><div class="col-md-6 hidden-sm-down total-products"><p>Il y a 8 produits.</p></div></div>
<div id="js-product-list"><div class="products row">
{chr(10).join(cards)}
</div>
<nav class="pagination"><div class="col-md-4">Affichage 1-8 de 8 article(s)</div></nav></div>
</section></section></div></div></div></section>
<footer id="footer" class="js-footer"><div class="footer-container"><div class="container"><p class="text-sm-center"><a href="https://www.prestashop-project.org/" target="_blank" rel="noopener noreferrer nofollow">Boutique propulsée par PrestaShop</a></p></div></div></footer>
</main>
</body>
</html>
"""
    write_page("prestashop_classic", "PrestaShop 8 classic theme", f"{base}/3-soins", html, items)


def opencart() -> None:
    base = "https://www.gadgetbarn.com.au"
    rows = [
        # product_id, title, price now, old price, ex tax
        (40, "iPod-style MP3 Player 16GB", "89.00", None),
        (43, "Ultrabook 13 inch", "1,199.00", "1,399.00"),
        (46, "Wireless Earbuds Pro", "149.00", None),
        (47, "Smart Watch Series 4", "329.00", "379.00"),
        (48, "USB-C Hub 7-in-1", "59.95", None),
        (49, "Bluetooth Speaker Mini", "45.00", None),
        (33, '27" Monitor QHD', "429.00", None),
    ]
    items, cards = [], []
    for pid, title, price, old in rows:
        link = f"{base}/index.php?route=product/product&path=20_27&product_id={pid}"
        img = f"{base}/image/cache/catalog/demo/product-{pid}-228x228.jpg"
        items.append(Item(link, title, price.replace(",", ""), "AUD", img))
        ex_tax = f"{float(price.replace(',', '')) / 1.1:,.2f}"
        if old:
            price_html = f'<span class="price-new">${price}</span> <span class="price-old">${old}</span>'
        else:
            price_html = f"${price}"
        cards.append(f"""<div class="product-layout product-grid col-lg-4 col-md-4 col-sm-6 col-xs-12">
<div class="product-thumb">
<div class="image"><a href="{link.replace("&", "&amp;")}"><img src="{img}" alt="{h(title)}" title="{h(title)}" class="img-responsive" /></a></div>
<div>
<div class="caption">
<h4><a href="{link.replace("&", "&amp;")}">{h(title)}</a></h4>
<p>Compact, well made and backed by a two-year warranty. Ships from our Melbourne warehouse..</p>
<p class="price">
{price_html}
<span class="price-tax">Ex Tax: ${ex_tax}</span>
</p>
</div>
<div class="button-group">
<button type="button" onclick="cart.add('{pid}', '1');"><i class="fa fa-shopping-cart"></i> <span class="hidden-xs hidden-sm hidden-md">Add to Cart</span></button>
<button type="button" data-toggle="tooltip" title="Add to Wish List" onclick="wishlist.add('{pid}');"><i class="fa fa-heart"></i></button>
<button type="button" data-toggle="tooltip" title="Compare this Product" onclick="compare.add('{pid}');"><i class="fa fa-exchange"></i></button>
</div>
</div>
</div>
</div>""")
    html = f"""<!DOCTYPE html>
<!--[if IE]><![endif]-->
<html dir="ltr" lang="en">
<head>
<meta charset="UTF-8" />
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Gadgets</title>
<base href="{base}/" />
<link href="{base}/index.php?route=product/category&amp;path=20_27" rel="canonical" />
</head>
<body>
<nav id="top"><div class="container"><div class="pull-left"><form action="{base}/index.php?route=common/currency/currency" method="post" enctype="multipart/form-data" id="form-currency"><div class="btn-group"><button class="btn btn-link dropdown-toggle" data-toggle="dropdown"><strong>$</strong> <span class="hidden-xs hidden-sm hidden-md">Currency</span></button></div></form></div>
<div id="top-links" class="nav pull-right"><ul class="list-inline"><li><a href="{base}/index.php?route=information/contact"><i class="fa fa-phone"></i></a> <span class="hidden-xs hidden-sm hidden-md">03 9000 1234</span></li><li><a href="{base}/index.php?route=account/wishlist" id="wishlist-total" title="Wish List (0)"><span class="hidden-xs hidden-sm hidden-md">Wish List (0)</span></a></li><li><a href="{base}/index.php?route=checkout/cart" title="Shopping Cart"><span class="hidden-xs hidden-sm hidden-md">Shopping Cart</span></a></li></ul></div></div></nav>
<header><div class="container"><div class="row"><div class="col-sm-4"><div id="logo"><a href="{base}/index.php?route=common/home"><img src="{base}/image/catalog/logo.png" title="Gadget Barn" alt="Gadget Barn" class="img-responsive" /></a></div></div>
<div class="col-sm-5"><div id="search" class="input-group"><input type="text" name="search" value="" placeholder="Search" class="form-control input-lg" /></div></div>
<div class="col-sm-3"><div id="cart" class="btn-group btn-block"><button type="button" data-toggle="dropdown" class="btn btn-inverse btn-block btn-lg dropdown-toggle"><i class="fa fa-shopping-cart"></i> <span id="cart-total">0 item(s) - $0.00</span></button></div></div></div></div></header>
<div class="container"><nav id="menu" class="navbar"><div class="collapse navbar-collapse navbar-ex1-collapse"><ul class="nav navbar-nav"><li class="dropdown"><a href="{base}/index.php?route=product/category&amp;path=20" class="dropdown-toggle" data-toggle="dropdown">Desktops</a></li><li><a href="{base}/index.php?route=product/category&amp;path=20_27">Gadgets</a></li></ul></div></nav></div>
<div id="product-category" class="container">
<ul class="breadcrumb"><li><a href="{base}/index.php?route=common/home"><i class="fa fa-home"></i></a></li><li><a href="{base}/index.php?route=product/category&amp;path=20">Desktops</a></li><li><a href="{base}/index.php?route=product/category&amp;path=20_27">Gadgets</a></li></ul>
<div class="row"><aside id="column-left" class="col-sm-3 hidden-xs"><div class="list-group"><a href="{base}/index.php?route=product/category&amp;path=20" class="list-group-item active">Desktops (13)</a><a href="{base}/index.php?route=product/category&amp;path=18" class="list-group-item">Laptops &amp; Notebooks (5)</a></div>
<div class="swiper-viewport"><div id="banner0" class="swiper-container"><div class="swiper-wrapper"><div class="swiper-slide"><a href="{base}/index.php?route=product/manufacturer/info&amp;manufacturer_id=7"><img src="{base}/image/cache/catalog/demo/banners/sale-banner-182x182.jpg" alt="Spring sale" class="img-responsive" /></a></div></div></div></div></aside>
<div id="content" class="col-sm-9"><h2>Gadgets</h2>
<div class="row"><div class="col-md-2 col-sm-6 hidden-xs"><div class="btn-group btn-group-sm"><button type="button" id="list-view" class="btn btn-default" data-toggle="tooltip" title="List"><i class="fa fa-th-list"></i></button><button type="button" id="grid-view" class="btn btn-default" data-toggle="tooltip" title="Grid"><i class="fa fa-th"></i></button></div></div>
<div class="col-md-3 col-sm-6"><div class="form-group"><a href="{base}/index.php?route=product/compare" id="compare-total" class="btn btn-link">Product Compare (0)</a></div></div>
<div class="col-md-4 col-xs-6"><div class="form-group input-group input-group-sm"><label class="input-group-addon" for="input-sort">Sort By:</label><select id="input-sort" class="form-control"><option value="{base}/index.php?route=product/category&amp;path=20_27&amp;sort=p.sort_order&amp;order=ASC" selected="selected">Default</option></select></div></div></div>
<div class="row">
{chr(10).join(cards)}
</div>
<div class="row"><div class="col-sm-6 text-left"></div><div class="col-sm-6 text-right">Showing 1 to 7 of 7 (1 Pages)</div></div>
</div></div></div>
<footer><div class="container"><p>Powered By <a href="http://www.opencart.com">OpenCart</a><br /> Gadget Barn &copy; 2026</p></div></footer>
</body></html>
"""
    write_page(
        "opencart3",
        "OpenCart 3 default theme",
        f"{base}/index.php?route=product/category&path=20_27",
        html,
        items,
    )


def bigcommerce_cornerstone() -> None:
    base = "https://www.copperkettle-kitchen.com"
    cdn = "https://cdn11.bigcommerce.com/s-x8k2p4q1/images/stencil"
    rows = [
        # pid, slug, brand, title, now, was, msrp, price range high
        (112, "cast-iron-skillet-10", "Hearthworks", 'Cast Iron Skillet 10"', "39.99", "49.99", None, None),
        (113, "copper-saucepan", "Copperline", "Copper Saucepan 2 qt", "129.00", None, "159.00", None),
        (114, "chefs-knife-8", "Kirikata", "Chef's Knife 8\"", "84.00", None, None, None),
        (115, "linen-apron", "Hearthworks", "Linen Apron", "28.00", None, None, "34.00"),
        (116, "spice-jars-set", "Pantry & Co", "Glass Spice Jars, Set of 12", "24.50", "32.00", None, None),
        (117, "dutch-oven-5qt", "Hearthworks", "Enameled Dutch Oven 5 qt", "149.95", None, None, None),
        (118, "bamboo-board", "Pantry & Co", "Bamboo Cutting Board", "19.99", None, None, None),
        (119, "pour-over-set", "Kirikata", "Pour-Over Coffee Set", "46.00", None, None, "58.00"),
    ]
    items, cards = [], []
    for pid, slug, brand, title, now, was, msrp, high in rows:
        small = f"{cdn}/500x659/products/{pid}/{300 + pid}/{slug}__71234.1726000000.jpg?c=1"
        items.append(
            Item(
                f"{base}/{slug}/",
                title,
                now,
                "USD",
                # lazy cards have no src of their own: any of their data-srcset candidates
                small if pid < 116 else f"{cdn}/320w/products/{pid}/{300 + pid}/{slug}__71234.1726000000.jpg",
                alternatives=tuple(
                    f"{cdn}/{w}w/products/{pid}/{300 + pid}/{slug}__71234.1726000000.jpg"
                    for w in (80, 160, 320, 640, 960)
                ),
            )
        )
        srcset = ", ".join(
            f"{cdn}/{w}w/products/{pid}/{300 + pid}/{slug}__71234.1726000000.jpg {w}w"
            for w in (80, 160, 320, 640, 960)
        )
        if pid < 116:
            image = f'<img src="{small}" alt="{h(title)}" title="{h(title)}" data-sizes="auto" srcset="{srcset}" class="card-image lazyautosizes lazyloaded" sizes="248px" />'
        else:  # below the fold: lazysizes fills src/srcset from data-srcset on scroll
            image = f'<img src="{cdn}/img/loading.svg" alt="{h(title)}" title="{h(title)}" data-sizes="auto" data-srcset="{srcset}" class="card-image lazyload" />'
        rrp_hidden = "" if msrp else ' style="display: none;"'
        was_hidden = "" if was else ' style="display: none;"'
        shown = f"${now} - ${high}" if high else f"${now}"
        label = "Now:" if was else ""
        cards.append(f"""<li class="product">
<article class="card" data-test="card-{pid}" data-event-type="list" data-entity-id="{pid}" data-position="{pid - 111}" data-name="{h(title)}" data-product-category="Kitchen" data-product-brand="{h(brand)}" data-product-price="{now}">
<figure class="card-figure">
<a href="{base}/{slug}/" class="card-figure__link" aria-label="{h(title)}, {shown}" data-event-type="product-click">
<div class="card-img-container">{image}</div>
</a>
<figcaption class="card-figcaption"><div class="card-figcaption-body"><button type="button" class="button button--small card-figcaption-button quickview" data-event-type="product-click" data-product-id="{pid}">Quick view</button><label class="button button--small card-figcaption-button" for="compare-{pid}">Compare <input type="checkbox" name="products[]" value="{pid}" id="compare-{pid}" data-compare-id="{pid}"></label>
<a href="{base}/cart.php?action=add&amp;product_id={pid}" data-event-type="product-click" data-button-type="add-cart" class="button button--small card-figcaption-button">Add to Cart</a></div></figcaption>
</figure>
<div class="card-body">
<p class="card-text" data-test-info-type="brandName">{h(brand)}</p>
<h3 class="card-title"><a aria-label="{h(title)}, {shown}" href="{base}/{slug}/" data-event-type="product-click">{h(title)}</a></h3>
<div class="card-text" data-test-info-type="price">
<div class="price-section price-section--withoutTax rrp-price--withoutTax"{rrp_hidden}>MSRP: <span data-product-rrp-price-without-tax class="price price--rrp">{f"${msrp}" if msrp else ""}</span></div>
<div class="price-section price-section--withoutTax non-sale-price--withoutTax"{was_hidden}>Was: <span data-product-non-sale-price-without-tax class="price price--non-sale">{f"${was}" if was else ""}</span></div>
<div class="price-section price-section--withoutTax"><span class="price-label"></span><span class="price-now-label"{"" if was else ' style="display: none;"'}>{label or "Now:"}</span>
<span data-product-price-without-tax class="price price--withoutTax">{shown}</span></div>
</div>
</div>
</article>
</li>""")
    summary = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": "Kitchen",
        "url": f"{base}/kitchen/",
        "image": f"{cdn}/original/a/kitchen-banner.jpg",
        "offers": {
            "@type": "AggregateOffer",
            "lowPrice": "19.99",
            "highPrice": "149.95",
            "priceCurrency": "USD",
            "offerCount": 8,
        },
        "aggregateRating": {"@type": "AggregateRating", "ratingValue": "4.8", "reviewCount": "214"},
    }
    html = f"""<!DOCTYPE html>
<html class="no-js" lang="en">
<head>
<title>Kitchen - Copper Kettle Kitchen</title>
<link rel="canonical" href="{base}/kitchen/">
<meta name="viewport" content="width=device-width, initial-scale=1">
<script type="application/ld+json">{json.dumps(summary)}</script>
<script type="application/ld+json">{json.dumps({"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": [{"@type": "ListItem", "position": 1, "item": {"@id": f"{base}/", "name": "Home"}}, {"@type": "ListItem", "position": 2, "item": {"@id": f"{base}/kitchen/", "name": "Kitchen"}}]})}</script>
</head>
<body class="page-type-category">
<svg data-src="{cdn}/img/icon-sprite.svg" class="icons-svg-sprite"></svg>
<header class="header" role="banner"><a href="#" class="mobileMenu-toggle" data-mobile-menu-toggle="menu"><span class="mobileMenu-toggleIcon">Toggle menu</span></a>
<nav class="navUser"><ul class="navUser-section navUser-section--alt"><li class="navUser-item"><a class="navUser-action" href="{base}/login.php">Sign in</a></li><li class="navUser-item navUser-item--cart"><a class="navUser-action" data-cart-preview href="{base}/cart.php"><span class="navUser-item-cartLabel">Cart</span> <span class="countPill cart-quantity"></span></a></li></ul></nav>
<div class="header-logo header-logo--center"><a href="{base}/" class="header-logo__link"><span class="header-logo-text">Copper Kettle Kitchen</span></a></div>
<div class="navPages-container" id="menu" data-menu><nav class="navPages"><ul class="navPages-list"><li class="navPages-item"><a class="navPages-action activePage" href="{base}/kitchen/">Kitchen</a></li><li class="navPages-item"><a class="navPages-action" href="{base}/tableware/">Tableware</a></li></ul></nav></div>
</header>
<main class="body" id="main-content" role="main"><div class="container">
<nav aria-label="Breadcrumb"><ol class="breadcrumbs"><li class="breadcrumb"><a class="breadcrumb-label" href="{base}/"><span>Home</span></a></li><li class="breadcrumb is-active"><a class="breadcrumb-label" href="{base}/kitchen/" aria-current="page"><span>Kitchen</span></a></li></ol></nav>
<h1 class="page-heading">Kitchen</h1>
<div class="page"><aside class="page-sidebar" id="faceted-search-container"><nav><div class="sidebarBlock"><h2 class="sidebarBlock-heading">Brands</h2><ul class="navList"><li class="navList-item"><a class="navList-action" href="{base}/brands/Hearthworks.html">Hearthworks</a></li><li class="navList-item"><a class="navList-action" href="{base}/brands/Kirikata.html">Kirikata</a></li></ul></div></nav></aside>
<div class="page-content" id="product-listing-container"><form class="actionBar" method="get" data-sort-by="product"><fieldset class="form-fieldset actionBar-section"><div class="form-field"><label class="form-label" for="sort">Sort By:</label><select class="form-select form-select--small" name="sort" id="sort"><option value="featured" selected>Featured Items</option><option value="priceasc">Price: Ascending</option></select></div></fieldset></form>
<div data-list-name="Category: Kitchen"><ul class="productGrid">
{chr(10).join(cards)}
</ul></div>
<nav class="pagination" aria-label="pagination"><ul class="pagination-list"><li class="pagination-item pagination-item--current"><a class="pagination-link" href="{base}/kitchen/?page=1" aria-label="Page 1 of 1">1</a></li></ul></nav>
</div></div></div></main>
<footer class="footer" role="contentinfo"><div class="container"><div class="footer-copyright"><p class="powered-by">&copy; 2026 Copper Kettle Kitchen</p></div></div></footer>
</body>
</html>
"""
    write_page("bigcommerce_cornerstone", "BigCommerce Cornerstone", f"{base}/kitchen/", html, items)


def wix_store() -> None:
    base = "https://www.lunaprints-studio.com"
    media = "https://static.wixstatic.com/media"
    rows = [
        (
            "a4e1c2_7f3b9d0e5c2a4b1f8e6d3c7a9b0e1f2d~mv2.jpg",
            "moonlit-fern-print",
            "Moonlit Fern Print",
            "24.00",
            None,
        ),
        (
            "a4e1c2_1b2c3d4e5f60718293a4b5c6d7e8f901~mv2.jpg",
            "tidal-lines-poster",
            "Tidal Lines Poster",
            "18.00",
            "22.00",
        ),
        (
            "a4e1c2_9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b~mv2.jpg",
            "botanical-set-of-3",
            "Botanical Set of 3",
            "55.00",
            None,
        ),
        (
            "a4e1c2_0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d~mv2.jpg",
            "desert-bloom-canvas",
            "Desert Bloom Canvas",
            "89.00",
            "110.00",
        ),
        (
            "a4e1c2_5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c~mv2.jpg",
            "sunrise-riso-print",
            "Sunrise Riso Print",
            "15.00",
            None,
        ),
        ("a4e1c2_6b7a8c9d0e1f2a3b4c5d6e7f8a9b0c1d~mv2.jpg", "postcard-pack", "Postcard Pack", "9.50", None),
    ]
    items, cards = [], []
    for media_id, slug, title, price, before in rows:
        img = f"{media}/{media_id}/v1/fill/w_300,h_300,al_c,q_80,usm_0.66_1.00_0.01,enc_avif,quality_auto/{media_id.split('~')[0]}.jpg"
        items.append(Item(f"{base}/product-page/{slug}", title, price, "EUR", img))
        euro = lambda v: "€" + v.replace(".", ",")  # noqa: E731
        before_html = ""
        if before:
            before_html = f'<span data-hook="sr-product-item-price-before-discount" class="sr-only">Regular Price</span><span data-hook="product-item-price-before-discount" class="sXjj8Ry">{euro(before)}</span>'
        cards.append(f"""<li data-hook="product-list-grid-item" class="ETPbIy"><div data-slug="{slug}" data-hook="product-item-root" class="iK3FfR hnHfJC" role="group" aria-label="{h(title)} gallery">
<a href="{base}/product-page/{slug}" tabindex="-1" data-hook="product-item-container" class="oQUvqL x5qIv3"><div data-hook="product-item-images" class="yHPXtO" aria-live="polite"><div class="ANxuIM"><wow-image id="img_{slug}" class="HlRz5e BI8PVQ" data-image-info='{{"imageData":{{"width":2000,"height":2000,"uri":"{media_id}","name":"{slug}.jpg"}}}}' data-bg-effect-name="" data-is-svg="false" data-has-ssr-src="true"><img src="{img}" alt="{h(title)}" style="width:300px;height:300px;object-fit:cover" width="300" height="300" srcset="{img} 1x" fetchpriority="high"/></wow-image></div></div></a>
<div data-hook="not-image-container" class="JPDEZd"><a href="{base}/product-page/{slug}" data-hook="product-item-product-details-link" class="JPDEZd"><div data-hook="product-item-product-details" class="fx0_A_ _cmZm0"><div class="sVk6KPk"><h3 data-hook="product-item-name" class="s__8u0dFM oHGqWbU---typography-11-runningText oHGqWbU---priority-7-primary syHtuvM FzO_a9">{h(title)}</h3></div>
<div data-hook="product-item-price-to-pay" class="c5ao6S"><div data-hook="product-item-prices-and-color-swatches" class="AF4VnJ"><span data-hook="sr-product-item-price-to-pay" class="sr-only">{"Sale Price" if before else "Price"}</span><span data-hook="product-item-price-to-pay" data-wix-price="{euro(price)}" class="cfpn1d">{euro(price)}</span>{before_html}</div></div></div></a>
<div class="zZj6WV"><button data-hook="product-item-add-to-cart-button" class="sd6b5Yr" aria-label="Add to Cart" type="button"><span class="sELgJT">Add to Cart</span></button></div></div>
</div></li>""")
    html = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset='utf-8'>
<meta name="viewport" content="width=device-width, initial-scale=1" id="wixDesktopViewport" />
<meta name="generator" content="Wix.com Website Builder"/>
<title>Shop | Luna Prints Studio</title>
<link rel="canonical" href="{base}/shop"/>
<script type="application/ld+json">{json.dumps({"@context": "https://schema.org/", "@type": "WebSite", "name": "Luna Prints Studio", "url": base})}</script>
</head>
<body>
<div id="SITE_CONTAINER"><div id="main_MF" class="main_MF"><div id="site-root" class="site-root"><div id="masterPage" class="mesh-layout">
<header id="SITE_HEADER" class="xU8fqS SITE_HEADER wixui-header" tabindex="-1"><div class="_C0cVf"><div id="comp-kd2n3o" class="comp-kd2n3o"><a href="{base}" target="_self" class="uDW_Qe wixui-image"><img src="{media}/a4e1c2_logo~mv2.png/v1/fill/w_120,h_40,al_c/logo.png" alt="Luna Prints" /></a></div>
<nav id="comp-kd2n4a" aria-label="Site" class="StylableHorizontalMenu3372578893__root"><ul class="StylableHorizontalMenu3372578893__menu"><li><a href="{base}" class="itemDepth02233374943__root">Home</a></li><li><a href="{base}/shop" class="itemDepth02233374943__root" aria-current="page">Shop</a></li><li><a href="{base}/about" class="itemDepth02233374943__root">About</a></li></ul></nav>
<div id="comp-kd2n5c" class="comp-kd2n5c"><a href="{base}/cart-page" aria-label="Cart with 0 items"><span class="dZS5hn">0</span></a></div></div></header>
<main id="PAGES_CONTAINER" class="PAGES_CONTAINER" tabindex="-1"><div id="SITE_PAGES"><div class="j6cc93"><div id="comp-kd2n7x" class="comp-kd2n7x">
<section data-hook="gallery-container" class="bBzIbM"><h1 data-hook="category-header-title" class="s__8u0dFM">All Products</h1>
<div data-hook="product-list" aria-label="Product Gallery" class="wbK1ys"><div class="hlVJAF"><ul data-hook="product-list-wrapper" class="gZDlsH _1RQJ4">
{chr(10).join(cards)}
</ul></div></div></section></div></div></div></main>
<footer id="SITE_FOOTER" class="xU8fqS SITE_FOOTER wixui-footer"><p class="font_8 wixui-rich-text__text">© 2026 Luna Prints Studio. Proudly created with Wix.com</p></footer>
</div></div></div></div>
</body>
</html>
"""
    write_page("wix_store", "Wix Stores (product gallery widget)", f"{base}/shop", html, items)


def squarespace_store() -> None:
    base = "https://www.hollowoakceramics.co.uk"
    cdn = "https://images.squarespace-cdn.com/content/v1/64a1f0c2e8b3d51a2c7e9f10"
    rows = [
        ("speckled-mug", "Speckled Mug", "32.00", None, "1719999000001-ABCDEF/speckled-mug.jpg"),
        ("ash-glaze-bowl", "Ash Glaze Bowl", "45.00", "55.00", "1719999000002-BCDEFG/ash-glaze-bowl.jpg"),
        ("moon-jar-small", "Moon Jar (small)", "120.00", None, "1719999000003-CDEFGH/moon-jar-small.jpg"),
        ("bud-vase-trio", "Bud Vase Trio", "60.00", None, "1719999000004-DEFGHI/bud-vase-trio.jpg"),
        ("serving-platter", "Serving Platter", "85.00", "95.00", "1719999000005-EFGHIJ/serving-platter.jpg"),
        ("espresso-cup", "Espresso Cup", "22.00", None, "1719999000006-FGHIJK/espresso-cup.jpg"),
        ("gift-voucher", "Gift Voucher", "25.00", None, "1719999000007-GHIJKL/gift-voucher.jpg"),
    ]
    items, cards = [], []
    for n, (slug, title, price, was, path) in enumerate(rows):
        img = f"{cdn}/{path}"
        items.append(
            Item(
                f"{base}/shop/p/{slug}",
                title,
                price,
                "GBP",
                f"{img}?format=750w",
                alternatives=(img, f"{img}?format=500w", f"{img}?format=1000w"),
            )
        )
        sale = '<div class="product-mark sale">Sale</div>' if was else ""
        prefix = "from " if slug == "gift-voucher" else ""
        price_html = (
            f'<div class="product-price"><span class="visually-hidden v6-visually-hidden">Sale Price:</span>{prefix}£{price}<span class="visually-hidden v6-visually-hidden">Original Price:</span><span class="original-price">£{was}</span></div>'
            if was
            else f'<div class="product-price">{prefix}£{price}</div>'
        )
        cards.append(f"""<div class="grid-item on-sale-{bool(was)}" data-item-id="64a1f3{n:02d}e8b3d51a2c7e9f{n:02d}" data-controller="ProductListImageLoader">
<a href="/shop/p/{slug}" class="grid-item-link product-lists-item" aria-label="{h(title)}"><div class="grid-item-image-wrapper"><div class="grid-image"><div class="grid-image-wrapper" style="aspect-ratio:1/1;">
<img class="grid-image-cover" data-src="{img}" data-image="{img}" data-image-dimensions="2000x2000" data-image-focal-point="0.5,0.5" alt="{slug}.jpg" data-load="false" src="{img}?format=750w" srcset="{img}?format=500w 500w, {img}?format=750w 750w, {img}?format=1000w 1000w" sizes="(max-width: 767px) 50vw, 25vw" loading="lazy" decoding="async" data-loader="sqs">
</div></div><div class="grid-image-hover"></div></div>
<section class="grid-meta-wrapper"><div class="grid-meta-status">{sale}</div><div class="grid-title">{h(title)}</div><div class="grid-prices">{price_html}</div></section></a>
</div>""")
    html = f"""<!doctype html>
<html xmlns:og="http://opengraphprotocol.org/schema/" lang="en-GB">
<head>
<meta http-equiv="X-UA-Compatible" content="IE=edge,chrome=1">
<meta name="viewport" content="width=device-width, initial-scale=1">
<base href="">
<meta charset="utf-8" />
<title>Shop &mdash; Hollow Oak Ceramics</title>
<link rel="canonical" href="{base}/shop"/>
<script type="application/ld+json">{json.dumps({"url": base, "name": "Hollow Oak Ceramics", "@context": "http://schema.org", "@type": "WebSite"})}</script>
<script type="application/ld+json">{json.dumps({"legalName": "Hollow Oak Ceramics", "address": "Bristol", "email": "hello@hollowoakceramics.co.uk", "@context": "http://schema.org", "@type": "LocalBusiness"})}</script>
</head>
<body id="collection-64a1f0c2e8b3d51a2c7e9f22" class="primary-button-style-solid tweak-global-animations-enabled tweak-product-basic-item-click-lightbox-enabled ancillary-header-branding-position-top-left header-overlay-alignment-center collection-type-products collection-layout-default view-list sqs-seo-hidden">
<div class="header-announcement-bar-wrapper"><header data-test="header" id="header" class="header theme-col--primary" data-controller="Header"><div class="header-inner container--fluid"><div class="header-title-nav-wrapper"><div class="header-title" data-animation-role="header-element"><div class="header-title-logo"><a href="/" data-animation-role="header-element"><img elementtiming="nbf-header-logo-desktop" src="{cdn}/logo.png?format=1500w" alt="Hollow Oak Ceramics" style="display:block" fetchpriority="high" loading="eager" decoding="async" data-loader="raw"></a></div></div>
<div class="header-nav"><div class="header-nav-wrapper"><nav class="header-nav-list"><div class="header-nav-item header-nav-item--collection header-nav-item--active"><a href="/shop" data-animation-role="header-element" aria-current="page">Shop</a></div><div class="header-nav-item header-nav-item--collection"><a href="/workshops" data-animation-role="header-element">Workshops</a></div><div class="header-nav-item header-nav-item--collection"><a href="/about" data-animation-role="header-element">About</a></div></nav></div></div></div>
<div class="header-actions header-actions--right"><div class="showOnDesktop"><div class="header-actions-action header-actions-action--cart"><a href="/cart" class="cart-style-icon icon--stroke icon--fill icon--cart sqs-custom-cart"><span class="Cart-inner"><div class="icon-cart-quantity">0</div></span></a></div></div></div></div></header></div>
<main id="page" class="container" role="main"><article class="sections" id="sections" data-page-sections="64a1f0c2e8b3d51a2c7e9f33"><section data-test="page-section" data-section-theme="" class="page-section collection-type-products content-collection full-bleed-section collection-type-products" data-section-id="64a1f0c2e8b3d51a2c7e9f34"><div class="content-wrapper"><div class="content"><div class="products collection-content-wrapper">
<nav class="product-list-filter-categories" aria-label="Categories"><ul class="category-list"><li class="category-item active"><a class="category-link" href="/shop" aria-current="page">All</a></li><li class="category-item"><a class="category-link" href="/shop/mugs">Mugs</a></li><li class="category-item"><a class="category-link" href="/shop/vases">Vases</a></li></ul></nav>
<div class="products-flex-container"><div class="list-grid" id="productList">
{chr(10).join(cards)}
</div></div></div></div></div></section></article></main>
<footer class="sections" id="footer-sections" data-footer-sections><section class="page-section"><div class="content"><p class="" style="white-space:pre-wrap;">Hollow Oak Ceramics · Bristol · Made by hand</p></div></section></footer>
</body>
</html>
"""
    write_page("squarespace_store", "Squarespace 7.1 commerce", f"{base}/shop", html, items)


PAGES = [
    woocommerce_storefront, woocommerce_block_theme, shopify_dawn, shopify_debut, magento_luma,
    prestashop_classic, opencart, bigcommerce_cornerstone, wix_store, squarespace_store,
]  # fmt: skip
