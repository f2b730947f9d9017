"""Marketplaces and classifieds: eBay, Amazon, Etsy, Craigslist, OLX, Avito, Leboncoin, Kleinanzeigen,
Marktplaats, Vinted. Markup in the style these sites serve (their class names and data attributes)."""

from __future__ import annotations

import json

from tests.crawler.corpus.kit import Item, h, write_page


def page(title: str, lang: str, body: str, head: str = "", body_attrs: str = "") -> str:
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
{head}
</head>
<body{body_attrs}>
{body}
</body>
</html>
"""


def ebay_search() -> None:
    base = "https://www.ebay.com"
    rows = [
        # item id, title, shown price, price now, was, condition, shipping, seller, new listing, bids
        (
            "315562845511",
            "Vintage Nikon FE 35mm SLR Film Camera Body Black",
            "$189.99",
            "189.99",
            None,
            "Pre-Owned",
            "+$12.45 shipping",
            "camerabarn_us",
            False,
            None,
        ),
        (
            "126734512098",
            "Nikon Nikkor 50mm f/1.8 AI-S Lens Tested",
            "$84.00",
            "84.00",
            "$99.00",
            "Pre-Owned",
            "Free shipping",
            "lensloft",
            True,
            None,
        ),
        (
            "204512387766",
            "Nikon F3 HP 35mm Camera with MD-4 Motor Drive",
            "$245.50",
            "245.50",
            None,
            "For parts or not working",
            "+$18.00 shipping",
            "oldglass_trader",
            False,
            "7 bids",
        ),
        (
            "335199281734",
            "Nikon FM2 Body Chrome - Shutter Works",
            "$310.00",
            "310.00",
            None,
            "Pre-Owned",
            "+$9.99 shipping",
            "camerabarn_us",
            False,
            None,
        ),
        (
            "285561230045",
            "Nikon Lens Cap LC-52 52mm Snap-On (Lot of 3)",
            "$12.99 to $18.50",
            "12.99",
            None,
            "New",
            "Free shipping",
            "parts4photo",
            True,
            None,
        ),
        (
            "166512908877",
            "Nikon EM 35mm Film Camera with 50mm Series E",
            "$129.00",
            "129.00",
            "$149.00",
            "Pre-Owned",
            "+$8.75 shipping",
            "thriftlens",
            False,
            None,
        ),
        (
            "395012776631",
            "Nikon MF-16 Data Back for FM2 FE2",
            "$42.00",
            "42.00",
            None,
            "Pre-Owned",
            "+$4.50 shipping",
            "parts4photo",
            False,
            "2 bids",
        ),
        (
            "225598123340",
            "Nikon FE2 Black Body, Serviced, Light Seals Replaced",
            "$379.00",
            "379.00",
            None,
            "Pre-Owned",
            "Free shipping",
            "oldglass_trader",
            False,
            None,
        ),
        (
            "135522671289",
            "Nikon AF-1 Flash Speedlight",
            "$18.49",
            "18.49",
            None,
            "Pre-Owned",
            "+$6.10 shipping",
            "thriftlens",
            True,
            None,
        ),
        (
            "305610987712",
            "Nikon Camera Strap AN-1 Original Vintage",
            "$22.95",
            "22.95",
            None,
            "Pre-Owned",
            "+$3.95 shipping",
            "camerabarn_us",
            False,
            None,
        ),
    ]
    items, cards = [], []
    for n, (iid, title, shown, price, was, condition, shipping, seller, new, bids) in enumerate(rows):
        img = f"https://i.ebayimg.com/images/g/{iid[-6:]}AAOSw{n}ab/s-l500.webp"
        items.append(Item(f"{base}/itm/{iid}", title, price, "USD", img, seller=seller))
        link = f"{base}/itm/{iid}?hash=item{int(iid) % 999983:x}:g:{iid[-6:]}AAOSw&amp;amdata=enc%3AAQAJAAAA4H{n}kq9ZbX%2BQ%3D%3D&amp;_trksid=p4432023.m570.l1313"
        badge = '<span class="LIGHT_HIGHLIGHT">New Listing</span>' if new else ""
        was_html = (
            f'<div class="s-item__detail s-item__detail--primary"><span class="s-item__trending-price"><span class="STRIKETHROUGH">{was}</span></span></div>'
            if was
            else ""
        )
        bid_html = (
            f'<div class="s-item__detail s-item__detail--primary"><span class="s-item__bids s-item__bidCount">{bids}</span></div><div class="s-item__detail s-item__detail--primary"><span class="s-item__time"><span class="s-item__time-left">1d 4h</span></span></div>'
            if bids
            else '<div class="s-item__detail s-item__detail--primary"><span class="s-item__dynamic s-item__formatBuyItNow">Buy It Now</span></div>'
        )
        cards.append(f"""<li data-viewport='{{"trackableId":"01JD{n}"}}' data-view="mi:1686|iid:{n + 1}" class="s-item s-item__pl-on-bottom" id="item{iid[-6:]}">
<div class="s-item__wrapper clearfix">
<div class="s-item__image-section"><div class="s-item__image"><a tabindex="-1" aria-hidden="true" data-interactions='[{{"actionKind":"NAVSRC"}}]' href="{link}" target="_blank"><div class="s-item__image-wrapper image-treatment"><img src="{img}" alt="{h(title)}" loading="{"eager" if n < 4 else "lazy"}"></div></a></div></div>
<div class="s-item__info clearfix"><a data-interactions='[{{"actionKind":"NAVSRC"}}]' href="{link}" class="s-item__link" target="_blank"><div class="s-item__title"><span role="heading" aria-level="3">{badge}{h(title)}</span></div><span class="clipped">Opens in a new window or tab</span></a>
<div class="s-item__subtitle"><span class="SECONDARY_INFO">{condition}</span></div>
<div class="s-item__reviews"><div class="x-star-rating"><span class="clipped">4.5 out of 5 stars.</span></div><span class="s-item__reviews-count"><span aria-hidden="false">{12 + n} product ratings</span></span></div>
<div class="s-item__details clearfix">
<div class="s-item__detail s-item__detail--primary"><span class="s-item__price">{shown.replace(" to ", '<span class="DEFAULT"> to </span>')}</span></div>
{was_html}
{bid_html}
<div class="s-item__detail s-item__detail--primary"><span class="s-item__shipping s-item__logisticsCost">{shipping}</span></div>
<div class="s-item__detail s-item__detail--primary"><span class="s-item__location s-item__itemLocation">from United States</span></div>
<span class="s-item__detail s-item__detail--secondary"><span class="s-item__seller-info"><span class="s-item__seller-info-text">{seller} ({1000 + 37 * n:,}) 99.{n}%</span></span></span>
</div></div></div>
</li>""")
    answer = """<li class="srp-river-answer srp-river-answer--REWRITE_START"><div class="srp-river-answer__container"><h3 class="section-notice__title"><span>Results matching fewer words</span></h3></div></li>"""
    cards.insert(7, answer)
    body = f"""<div id="gh" class="gh-flex"><header><a href="{base}" id="gh-la"><span class="clipped">eBay Home</span></a>
<form id="gh-f" method="get" action="{base}/sch/i.html"><input type="text" class="gh-tb ui-autocomplete-input" aria-label="Search for anything" placeholder="Search for anything" value="nikon film camera" name="_nkw"><input type="submit" value="Search" id="gh-btn"></form></header></div>
<div class="srp-main srp-main--isLarge" id="mainContent">
<div class="srp-rail__left"><ul class="x-refine__main__value"><li><a href="{base}/sch/i.html?_nkw=nikon+film+camera&amp;LH_BIN=1">Buy It Now</a></li><li><a href="{base}/sch/i.html?_nkw=nikon+film+camera&amp;LH_Auction=1">Auction</a></li></ul></div>
<div class="srp-river srp-layout-inner"><div class="srp-controls__control"><h1 class="srp-controls__count-heading"><span class="BOLD">1,840</span> <span>results for</span> <span class="BOLD">nikon film camera</span></h1></div>
<div id="srp-river-results" class="srp-river-results clearfix"><ul class="srp-results srp-list clearfix">
{chr(10).join(cards)}
</ul></div>
<nav class="pagination" role="navigation" aria-labelledby="pagination-heading"><a href="{base}/sch/i.html?_nkw=nikon+film+camera&amp;_pgn=2" class="pagination__next icon-link" aria-label="Go to next search page">Next</a></nav>
</div></div>"""
    html = page(
        "nikon film camera for sale | eBay",
        "en",
        body,
        f'<link rel="canonical" href="{base}/sch/i.html?_nkw=nikon+film+camera">',
    )
    write_page(
        "ebay_search",
        "eBay search results (s-item)",
        f"{base}/sch/i.html?_nkw=nikon+film+camera&_sacat=0",
        html,
        items,
        volatile_params=("hash", "amdata", "_trksid"),
    )


def amazon_search() -> None:
    base = "https://www.amazon.com"
    rows = [
        # asin, slug, title, price now, list price, extra line
        (
            "B0CXK2P8LM",
            "Bodum-Chambord-French-Coffee-Press",
            "Bodum Chambord French Press Coffee Maker, 34 Ounce, Chrome",
            "29.99",
            "39.99",
            "$0.88/Fl Oz",
        ),
        (
            "B0BT4QW1ZN",
            "Mueller-French-Press-Double-Insulated",
            "Mueller French Press Double Insulated 310 Stainless Steel Coffee Maker 4 Level Filtration System",
            "35.97",
            None,
            None,
        ),
        (
            "B09MZ8R6HX",
            "Utopia-Kitchen-French-Press-Coffee",
            "Utopia Kitchen French Press Coffee Maker 34 Ounce Espresso Tea and Coffee Maker",
            "17.99",
            "22.99",
            None,
        ),
        (
            "B07Y2K9ZQ1",
            "Coffee-Gator-French-Press-Concentrated",
            "Coffee Gator French Press Coffee Maker - Insulated 34oz Brewer",
            "31.95",
            None,
            "Save 5% with coupon",
        ),
        (
            "B0D1F4T7VB",
            "Cafe-Du-Chateau-French-Press-Coffee",
            "Cafe Du Chateau French Press Coffee Maker - 34 Ounce",
            "24.97",
            None,
            None,
        ),
        (
            "B08KQ5D3WR",
            "Veken-French-Press-Coffee-Maker",
            "Veken French Press Coffee & Tea Maker, 304 Stainless Steel",
            "19.99",
            None,
            "Typical: $24.99",
        ),
        (
            "B0C6S9N2JH",
            "SterlingPro-Double-Wall-French-Press",
            "SterlingPro Double Wall French Press Coffee Maker, 1 Liter",
            "41.99",
            None,
            None,
        ),
    ]
    items, cards = [], []

    def price_block(price: str, list_price: str | None) -> str:
        whole, fraction = price.split(".")
        listed = (
            f'<div class="a-section aok-inline-block"><span class="a-size-base a-color-secondary">List: </span><span class="a-price a-text-price" data-a-size="b" data-a-strike="true" data-a-color="secondary"><span class="a-offscreen">${list_price}</span><span aria-hidden="true">${list_price}</span></span></div>'
            if list_price
            else ""
        )
        return f'<span class="a-price" data-a-size="xl" data-a-color="base"><span class="a-offscreen">${price}</span><span aria-hidden="true"><span class="a-price-symbol">$</span><span class="a-price-whole">{whole}<span class="a-price-decimal">.</span></span><span class="a-price-fraction">{fraction}</span></span></span>{listed}'

    def card(
        n: int,
        asin: str,
        slug: str,
        title: str,
        price: str,
        list_price: str | None,
        extra: str | None,
        sponsored: bool,
    ) -> str:
        img = f"https://m.media-amazon.com/images/I/71{asin[3:9]}L._AC_UL320_.jpg"
        href = f"/{slug}/dp/{asin}/ref=sr_1_{n + 1}?crid=2K7Q1XJ3ABCD&amp;dib=eyJ2IjoiMSJ9.{asin.lower()}&amp;dib_tag=se&amp;keywords=french+press&amp;qid=1732893{n:03d}&amp;sprefix=french+pres%2Caps%2C187&amp;sr=8-{n + 1}"
        if sponsored:
            href = f"/sspa/click?ie=UTF8&amp;spc=MTo1OTk2&amp;url=%2F{slug}%2Fdp%2F{asin}%2Fref%3Dsr_1_{n + 1}_sspa&amp;sp_csd=d2lkZ2V0TmFtZT1zcF9hdGY"
        extra_html = ""
        if extra and extra.startswith("$"):
            extra_html = f'<span class="a-size-base a-color-secondary">(<span class="a-price a-text-price" data-a-size="b" data-a-color="secondary"><span class="a-offscreen">{extra.split("/")[0]}</span><span aria-hidden="true">{extra.split("/")[0]}</span></span>/Fl Oz)</span>'
        elif extra:
            extra_html = f'<div class="a-row a-size-base a-color-secondary"><span class="a-color-base">{extra}</span></div>'
        label = (
            '<div class="a-row a-spacing-micro"><span class="a-declarative"><span class="puis-label-popover-default"><span class="a-color-secondary">Sponsored</span></span></span></div>'
            if sponsored
            else ""
        )
        classes = "AdHolder " if sponsored else ""
        return f"""<div data-asin="{asin}" data-index="{n + 2}" data-uuid="6b1c{n}e2a-9f10-4c7b" data-component-type="s-search-result" class="sg-col-4-of-24 s-result-item s-asin sg-col-4-of-12 {classes}s-widget-spacing-small sg-col-4-of-16 sg-col sg-col-4-of-20" data-cel-widget="search_result_{n + 2}">
<div class="sg-col-inner"><div data-cy="asin-faceout-container" class="a-section a-spacing-base"><div class="puis-card-container s-card-container s-overflow-hidden aok-relative puis-expand-height puis-include-content-margin puis s-latency-cf-section puis-card-border">
<div class="s-product-image-container aok-relative s-text-center s-image-overlay-grey puis-image-overlay-grey s-padding-left-small s-padding-right-small puis-spacing-small s-height-equalized puis"><span data-component-type="s-product-image" class="rush-component"><a aria-hidden="true" class="a-link-normal s-no-outline" tabindex="-1" href="{href}"><div class="a-section aok-relative s-image-square-aspect"><img class="s-image" src="{img}" srcset="{img} 1x, {img.replace("UL320", "UL480")} 1.5x, {img.replace("UL320", "UL640")} 2x" alt="{h(title)}" data-image-index="{n + 2}" data-image-load="" data-image-latency="s-product-image" data-image-source-density="1"></div></a></span></div>
<div class="a-section a-spacing-small puis-padding-left-small puis-padding-right-small">{label}
<div data-cy="title-recipe" class="a-section a-spacing-none a-spacing-top-small s-title-instructions-style"><a class="a-link-normal s-line-clamp-4 s-link-style a-text-normal" href="{href}"><h2 aria-label="{"Sponsored Ad - " if sponsored else ""}{h(title)}" class="a-size-base-plus a-spacing-none a-color-base a-text-normal"><span>{h(title)}</span></h2></a></div>
<div data-cy="reviews-block" class="a-section a-spacing-none a-spacing-top-micro"><div class="a-row a-size-small"><span aria-label="4.{n} out of 5 stars, rating details" class="a-declarative"><i class="a-icon a-icon-star-small a-star-small-4-5"><span class="a-icon-alt">4.{n} out of 5 stars</span></i></span><span aria-label="{3000 + 411 * n:,} ratings"><span class="a-size-base s-underline-text">{3000 + 411 * n:,}</span></span></div><div class="a-row a-size-base"><span class="a-size-base a-color-secondary">{n + 1}K+ bought in past month</span></div></div>
<div data-cy="price-recipe" class="a-section a-spacing-none a-spacing-top-small s-price-instructions-style"><div class="a-row a-size-base a-color-base"><a aria-describedby="price-link" class="a-link-normal s-no-hover s-underline-text s-underline-link-text s-link-style a-text-normal" href="{href}">{price_block(price, list_price)}</a>{extra_html}</div></div>
<div data-cy="delivery-recipe" class="a-section a-spacing-none a-spacing-top-micro"><div class="a-row a-size-base a-color-secondary s-align-children-center"><span aria-label="FREE delivery Tue, Dec 3 on $35 of items shipped by Amazon">FREE delivery <span class="a-color-base a-text-bold">Tue, Dec 3</span> on $35 of items shipped by Amazon</span></div></div>
</div></div></div></div></div>"""

    for n, (asin, slug, title, price, list_price, extra) in enumerate(rows):
        items.append(
            Item(
                f"{base}/{slug}/dp/{asin}",
                title,
                price,
                "USD",
                f"https://m.media-amazon.com/images/I/71{asin[3:9]}L._AC_UL320_.jpg",
                alternatives=(
                    f"https://m.media-amazon.com/images/I/71{asin[3:9]}L._AC_UL480_.jpg",
                    f"https://m.media-amazon.com/images/I/71{asin[3:9]}L._AC_UL640_.jpg",
                ),
            )
        )
        cards.append(card(n + 2, asin, slug, title, price, list_price, extra, False))
    sponsored = [
        card(
            0,
            "B0DAD11111",
            "Brewista-French-Press-Glass",
            "Brewista Glass French Press 1L with Bamboo Lid",
            "27.49",
            None,
            None,
            True,
        ),
        card(
            1,
            "B0DAD22222",
            "Kona-Cold-Brew-Maker",
            "Kona Cold Brew Coffee Maker 2 Quart",
            "33.99",
            "39.99",
            None,
            True,
        ),
    ]
    body = f"""<header id="navbar-main" class="nav-opt-sprite nav-flex nav-locale-us"><div id="nav-belt"><div class="nav-left"><a href="/ref=nav_logo" id="nav-logo-sprites" class="nav-logo-link nav-progressive-attribute" aria-label="Amazon"><span class="nav-sprite nav-logo-base"></span></a></div>
<div class="nav-fill"><form id="nav-search-bar-form" action="/s/ref=nb_sb_noss" method="GET" role="search"><input type="text" id="twotabsearchtextbox" value="french press" name="field-keywords" aria-label="Search Amazon"></form></div>
<div class="nav-right"><a href="/gp/cart/view.html?ref_=nav_cart" id="nav-cart" aria-label="0 items in cart"><span id="nav-cart-count">0</span></a></div></div></header>
<div id="search"><span class="rush-component s-latency-cf-section"><div class="s-desktop-width-max s-desktop-content s-opposite-dir s-wide-grid-style sg-row">
<div class="sg-col-20-of-24 s-matching-dir sg-col-16-of-20 sg-col sg-col-8-of-12 sg-col-12-of-16"><div class="sg-col-inner"><span data-component-type="s-search-results" class="rush-component s-latency-cf-section">
<div class="s-main-slot s-result-list s-search-results sg-row">
<div data-asin="" data-index="0" data-component-type="s-result-info-bar" class="s-result-item s-flex-full-width s-widget"><h1 class="a-size-base s-desktop-toolbar a-text-normal"><span>1-16 of over 3,000 results for</span> <span class="a-color-state a-text-bold">"french press"</span></h1></div>
{sponsored[0]}
{sponsored[1]}
{chr(10).join(cards)}
</div></span></div></div>
<div class="sg-col-4-of-24 sg-col-4-of-12 s-matching-dir sg-col-4-of-16 sg-col sg-col-4-of-20"><div id="s-refinements" class="a-section a-spacing-none"><div id="priceRefinements"><span class="a-size-base a-color-base puis-bold-weight-text">Price</span><ul><li><a class="a-link-normal s-navigation-item" href="/s?k=french+press&amp;rh=p_36%3A-2500">Up to $25</a></li><li><a class="a-link-normal s-navigation-item" href="/s?k=french+press&amp;rh=p_36%3A2500-5000">$25 to $50</a></li></ul></div></div></div>
</div></span></div>"""
    html = page(
        "Amazon.com : french press", "en-us", body, body_attrs=' class="a-m-us a-aui_72554-c a-lazy-loaded"'
    )
    write_page(
        "amazon_search",
        "Amazon search results",
        f"{base}/s?k=french+press&crid=2K7Q1XJ3ABCD&sprefix=french+pres%2Caps%2C187&ref=nb_sb_noss_1",
        html,
        items,
        volatile_params=("crid", "dib", "dib_tag", "keywords", "qid", "sprefix", "sr"),
    )


def etsy_search() -> None:
    base = "https://www.etsy.com"
    rows = [
        # listing id, slug, title, shop, price now, original
        (
            "1520394857",
            "hand-thrown-ceramic-mug-speckled",
            "Hand thrown ceramic mug, speckled stoneware coffee cup",
            "ClayAndFireStudio",
            "30.60",
            "36.00",
        ),
        (
            "1287765432",
            "personalized-leather-keychain",
            "Personalized leather keychain with initials",
            "NorthfieldLeather",
            "14.99",
            None,
        ),
        (
            "1600012345",
            "linen-tea-towel-botanical",
            "Linen tea towel, botanical print",
            "WillowLinenCo",
            "18.00",
            None,
        ),
        (
            "1499887766",
            "minimalist-gold-ring-stacking",
            "Minimalist gold stacking ring, 14k gold filled",
            "TinyGoldStudio",
            "22.40",
            "28.00",
        ),
        (
            "1377665544",
            "macrame-plant-hanger-large",
            "Large macrame plant hanger, boho decor",
            "KnotAndRoot",
            "26.00",
            None,
        ),
        (
            "1588776655",
            "custom-pet-portrait-watercolor",
            "Custom pet portrait, watercolor painting from photo",
            "PaintedPawsArt",
            "45.00",
            None,
        ),
    ]
    ads = [
        (
            "1455443322",
            "ceramic-planter-drainage",
            "Ceramic planter with drainage hole",
            "PotteryLane",
            "34.00",
        ),
        ("1566554433", "wooden-serving-board-olive", "Olive wood serving board", "GroveAndGrain", "52.00"),
    ]
    items, cards = [], []

    def card(lid: str, slug: str, title: str, shop: str, price: str, original: str | None, ad: bool) -> str:
        img = f"https://i.etsystatic.com/{int(lid) % 99999999}/r/il/{lid[-6:]}/{lid}/il_340x270.{lid}_{lid[:4]}.jpg"
        ref = (
            "sc_gallery-1-2&amp;sts=1&amp;plkey=4f1d2e3c"
            if ad
            else f"search_grid-{lid[-3:]}-1-1&amp;pro=1&amp;sts=1&amp;organic_search_click=1"
        )
        href = f"{base}/listing/{lid}/{slug}?click_key=7f{lid[-5:]}a9c&amp;click_sum=9f8e{lid[-3:]}&amp;ref={ref}"
        sale = ""
        price_sr = f"Sale Price ${price}" if original else f"${price}"
        if original:
            off = round(100 - 100 * float(price) / float(original))
            sale = f'<p class="wt-text-caption search-collage-promotion-price wt-text-slime wt-text-truncate wt-no-wrap"><span class="wt-text-strikethrough" aria-hidden="true"><span class="currency-symbol">$</span><span class="currency-value">{original}</span></span><span class="wt-screen-reader-only">Original Price ${original}</span><span>&nbsp;({off}% off)</span></p>'
        ad_line = (
            '<p class="wt-text-caption wt-text-grey wt-mt-xs-1 wt-mb-xs-0">Ad by Etsy seller</p>'
            if ad
            else ""
        )
        ad_attr = 'data-is-ad="true" ' if ad else ""
        return f"""<li class="wt-list-unstyled wt-grid__item-xs-6 wt-grid__item-md-4 wt-grid__item-lg-3 wt-order-xs-0 wt-order-sm-0 wt-order-md-0 wt-order-lg-0 wt-show-xs wt-show-sm wt-show-md wt-show-lg">
<div class="js-merch-stash-check-listing v2-listing-card wt-position-relative wt-grid__item-xs-6 wt-flex-shrink-xs-1 search-listing-card--desktop listing-card-experimental-style appears-ready" data-listing-id="{lid}" data-shop-id="{int(lid) % 77777}" data-appears-component-name="search2_organic_listings_group" {ad_attr}data-palette-listing-image>
<a class="listing-link wt-display-inline-block {lid} logged" data-listing-id="{lid}" data-palette-listing-image href="{href}" target="etsy.{lid}" title="{h(title)}" data-page-type="search" data-logger-id="{lid}" data-listing-card-link>
<div class="v2-listing-card__img wt-position-relative listing-card-rounded-corners"><div class="placeholder vertically-centered-placeholder listing-card-rounded-corners"><div class="wt-height-full wt-width-full wt-position-relative"><img data-listing-card-listing-image src="{img}" srcset="{img} 340w, {img.replace("il_340x270", "il_600x480")} 600w" sizes="(max-width: 640px) 50vw, 25vw" alt="{h(title)}" class="wt-width-full wt-height-full wt-display-block wt-position-absolute loaded" loading="lazy"></div></div></div>
</a>
<div class="v2-listing-card__info"><div class="wt-mb-xs-0"><h3 class="wt-text-caption v2-listing-card__title wt-text-truncate" id="listing-title-{lid}">{h(title)}</h3></div>
<div class="streamline-spacing-shop-rating"><div class="wt-display-flex-xs wt-align-items-center"><span class="wt-screen-reader-only">4.9 star rating with {200 + int(lid[-2:])} reviews</span></div></div>
<div class="streamline-seller-shop-name__line-height wt-display-flex-xs wt-align-items-center"><p class="wt-text-caption wt-text-truncate wt-text-grey wt-mb-xs-0"><span class="wt-screen-reader-only">From shop </span>{shop}</p></div>
<div class="n-listing-card__price wt-display-block wt-text-title-01 lc-price"><p class="wt-text-title-01 lc-price"><span class="wt-screen-reader-only">{price_sr}</span><span aria-hidden="true"><span class="currency-symbol">$</span><span class="currency-value">{price}</span></span></p>{sale}</div>
<div class="wt-mt-xs-1"><span class="wt-badge wt-badge--small wt-badge--sale-01">Free shipping</span></div>
{ad_line}
</div></div></li>"""

    for lid, slug, title, shop, price, original in rows:
        img = f"https://i.etsystatic.com/{int(lid) % 99999999}/r/il/{lid[-6:]}/{lid}/il_340x270.{lid}_{lid[:4]}.jpg"
        items.append(
            Item(
                f"{base}/listing/{lid}/{slug}",
                title,
                price,
                "USD",
                img,
                seller=shop,
                alternatives=(img.replace("il_340x270", "il_600x480"),),
            )
        )
        cards.append(card(lid, slug, title, shop, price, original, False))
    cards.insert(2, card(*ads[0], None, True))
    cards.insert(5, card(*ads[1], None, True))
    body = f"""<div id="gnav-header" class="wt-bg-white"><header id="gnav-header-inner" class="wt-display-flex-xs wt-align-items-center"><div class="gnav-header-inner__logo"><a href="{base}/?ref=lgo"><span class="wt-screen-reader-only">Etsy</span></a></div>
<form id="gnav-search" action="{base}/search" method="GET" role="search"><input id="global-enhancements-search-query" type="text" name="q" value="handmade gifts" class="wt-input" aria-label="Search for anything"></form></header></div>
<div id="content" class="wt-pt-xs-1"><div class="search-listings-group"><h1 class="wt-text-caption wt-text-grey">Search results for "handmade gifts"</h1>
<div data-search-results-container><div data-search-results-region><ol class="wt-grid wt-grid--block wt-pl-xs-0 tab-reorder-container" data-results-grid-container>
{chr(10).join(cards)}
</ol></div></div></div>
<nav class="wt-action-group wt-list-inline" aria-label="Pagination of listings"><a class="wt-action-group__item wt-btn wt-btn--icon" href="{base}/search?q=handmade+gifts&amp;page=2&amp;ref=pagination"><span class="wt-screen-reader-only">Next page</span></a></nav></div>"""
    html = page(
        "Handmade gifts - Etsy",
        "en-US",
        body,
        body_attrs=' class="ui-toolkit transitional-wide search-dense"',
    )
    write_page(
        "etsy_search",
        "Etsy search results",
        f"{base}/search?q=handmade+gifts&ref=search_bar",
        html,
        items,
        volatile_params=("click_key", "click_sum", "ref", "pro", "sts", "organic_search_click", "plkey"),
    )


def craigslist() -> None:
    base = "https://sfbay.craigslist.org"
    rows = [
        (
            "sfc/fuo/d/san-francisco-mid-century-walnut-dresser/7801234567",
            "Mid-century walnut dresser",
            "$450",
            "450",
            "USD",
            "mission district",
        ),
        (
            "eby/fuo/d/oakland-ikea-kallax-shelf-4x4/7801239911",
            "IKEA Kallax shelf 4x4 white",
            "$60",
            "60",
            "USD",
            "oakland rockridge",
        ),
        (
            "sfc/zip/d/san-francisco-free-couch-must-pick-up/7801241122",
            "FREE couch - must pick up today",
            "$0",
            "0",
            "USD",
            "inner sunset",
        ),
        (
            "pen/fuo/d/palo-alto-solid-oak-dining-table/7801245566",
            "Solid oak dining table + 4 chairs",
            "$1,200",
            "1200",
            "USD",
            "palo alto",
        ),
        (
            "sby/fuo/d/san-jose-bar-stools-set-of-two/7801247788",
            "Bar stools (set of two)",
            "$85",
            "85",
            "USD",
            "san jose north",
        ),
        (
            "nby/fuo/d/petaluma-antique-rocking-chair/7801249900",
            "Antique rocking chair",
            "$175",
            "175",
            "USD",
            "petaluma",
        ),
        (
            "sfc/fuo/d/san-francisco-custom-built-bookcase/7801251234",
            "Custom built bookcase - make an offer",
            None,
            None,
            None,
            "noe valley",
        ),
        (
            "eby/fuo/d/berkeley-standing-desk-frame/7801253456",
            "Standing desk frame, electric",
            "$140",
            "140",
            "USD",
            "berkeley",
        ),
        (
            "sfc/fuo/d/san-francisco-velvet-armchair-green/7801255678",
            "Velvet armchair, green",
            "$220",
            "220",
            "USD",
            "hayes valley",
        ),
    ]
    items, cards = [], []
    for path, title, shown, price, currency, where in rows:
        url = f"{base}/{path}.html"
        items.append(Item(url, title, price, currency, None))
        price_html = f'<div class="price">{shown}</div>' if shown else ""
        cards.append(f"""<li class="cl-static-search-result" title="{h(title)}">
<a href="{url}">
<div class="title">{h(title)}</div>
<div class="details">{price_html}<div class="location">
{where}
</div></div>
</a>
</li>""")
    body = f"""<div class="cl-content"><section class="page-container">
<header class="global-header wide"><a class="header-logo" name="logoLink" href="/">CL</a><div class="breadcrumbs-container"><div class="breadcrumbs"><span class="crumb area"><a href="/">SF bay area</a><span>&gt;</span></span><span class="crumb section"><a href="/search/sss">for sale</a><span>&gt;</span></span><span class="crumb category"><a href="/search/fua">furniture</a></span></div></div>
<div class="userlinks"><ul class="user-actions"><li class="user post"><a href="https://post.craigslist.org/c/sfo">post</a></li><li class="user account"><a href="https://accounts.craigslist.org/login/home">account</a></li></ul></div></header>
<noscript><div class="noscript-message">some features of this page require javascript</div></noscript>
<main><ol class="cl-static-search-results">
<li class="cl-static-header"><a href="/search/fua">furniture - by owner</a></li>
{chr(10).join(cards)}
</ol></main>
<footer><ul class="clfooter"><li>&copy; 2026 <span class="desktop">craigslist</span></li><li><a href="https://www.craigslist.org/about/help/">help</a></li><li><a href="https://www.craigslist.org/about/scams">safety</a></li></ul></footer>
</section></div>"""
    html = page(
        "SF bay area furniture - by owner - craigslist",
        "en",
        body,
        '<link rel="canonical" href="https://sfbay.craigslist.org/search/fuo">',
    )
    write_page("craigslist", "Craigslist search (static results)", f"{base}/search/fuo", html, items)


def olx() -> None:
    base = "https://www.olx.pl"
    rows = [
        # slug, title, shown price, price, condition, place, image in srcset only
        (
            "rower-gorski-kross-hexagon-CID767-IDZa1b2",
            "Rower górski Kross Hexagon 5.0",
            "1 200 zł",
            "1200",
            "Używane",
            "Kraków, Krowodrza",
            False,
        ),
        (
            "fotel-uszak-welurowy-CID628-IDZc3d4",
            "Fotel uszak welurowy, butelkowa zieleń",
            "450 zł",
            "450",
            "Używane",
            "Warszawa, Mokotów",
            False,
        ),
        (
            "iphone-13-128gb-niebieski-CID99-IDZe5f6",
            "iPhone 13 128GB niebieski, bateria 89%",
            "1 899 zł",
            "1899",
            "Używane",
            "Gdańsk, Wrzeszcz",
            True,
        ),
        (
            "wozek-dzieciecy-3w1-CID88-IDZg7h8",
            "Wózek dziecięcy 3w1 Bebetto",
            "Za darmo",
            "0",
            "Używane",
            "Poznań, Jeżyce",
            True,
        ),
        (
            "konsola-ps4-slim-zamiana-CID99-IDZi9j0",
            "Konsola PS4 Slim 500GB - zamienię na Xbox",
            "Zamienię",
            None,
            "Używane",
            "Łódź, Bałuty",
            True,
        ),
        (
            "biurko-dla-dziecka-regulowane-CID628-IDZk1l2",
            "Biurko dla dziecka regulowane",
            "320 zł",
            "320",
            "Nowe",
            "Wrocław, Krzyki",
            False,
        ),
        (
            "opony-zimowe-michelin-205-55-CID5-IDZm3n4",
            "Opony zimowe Michelin 205/55 R16",
            "680 zł",
            "680",
            "Używane",
            "Katowice",
            True,
        ),
        (
            "lampa-stojaca-industrialna-CID628-IDZo5p6",
            "Lampa stojąca industrialna",
            "149,99 zł",
            "149.99",
            "Nowe",
            "Lublin, Czechów",
            False,
        ),
    ]
    items, cards = [], []
    for n, (slug, title, shown, price, condition, place, srcset_only) in enumerate(rows):
        img = f"https://ireland.apollo.olxcdn.com:443/v1/files/{slug[-4:]}x{n}ab-PL/image;s=300x0;q=50"
        small = img.replace("s=300x0", "s=200x0")
        items.append(
            Item(
                f"{base}/d/oferta/{slug}.html",
                title,
                price,
                "PLN" if price not in (None, "0") else None,
                img,
                alternatives=(small, img.replace("s=300x0", "s=500x0")),
            )
        )
        srcset = f"{small} 200w, {img} 300w, {img.replace('s=300x0', 's=500x0')} 500w"
        img_html = (
            f'<img srcset="{srcset}" sizes="(max-width: 600px) 50vw, 216px" alt="{h(title)}" class="css-8wsg1m">'
            if srcset_only
            else f'<img src="{img}" srcset="{srcset}" sizes="216px" alt="{h(title)}" class="css-8wsg1m">'
        )
        negotiable = (
            '<span class="css-1c0ed4l"><span>do negocjacji</span></span>'
            if n % 3 == 0 and price not in (None, "0")
            else ""
        )
        featured = (
            '<div data-testid="adCard-featured" class="css-1jh69qu"><div class="css-1opwvsw">Wyróżnione</div></div>'
            if n < 2
            else ""
        )
        href = f"/d/oferta/{slug}.html?reason=extended_search_extended_delivery&amp;search_reason=search%7Corganic"
        cards.append(f"""<div data-cy="l-card" data-testid="l-card" data-visually-ready-trigger-element="true" id="{912345670 + n}" class="css-1sw7q4x"><div type="list" class="css-1apmciz">
<div class="css-1g5933j"><a class="css-rc5s2u" href="{href}"><div class="css-gl6djm"><div type="list" class="css-1ut25fa"><div class="css-gl6djm">{img_html}</div></div></div></a></div>
<div type="list" class="css-u2ayx9">{featured}<div class="css-1tl4hw1"><a class="css-z3gu2d" href="{href}"><h4 class="css-1s3qyje">{h(title)}</h4></a><p data-testid="ad-price" class="css-13afqrm">{shown}{negotiable}</p></div>
<div class="css-1y7irxo"><span title="{condition}" class="css-iudov9"><span class="css-3lkihg">{condition}</span></span></div>
<p data-testid="location-date" class="css-1mwdrlh">{place} - Odświeżono dnia {20 + n} listopada 2026</p>
<span data-testid="adAddToFavorites" class="css-vohxtv"><span class="css-1qbq2hg"><svg viewBox="0 0 24 24" class="css-1dtm57r"><path d="M20.219 10.367 12 20.419 3.806 10.4A5.01 5.01 0 0 1 3 7.75C3 5.131 5.13 3 7.75 3c1.616 0 3.11.87 4.259 2.09C13.139 3.87 14.634 3 16.25 3 18.87 3 21 5.131 21 7.75a5 5 0 0 1-.781 2.617"></path></svg></span></span>
</div></div></div>""")
    body = f"""<div id="root"><div class="css-1tq7m0g"><header data-testid="header" class="css-9e2yuu"><a href="/" data-testid="header-logo" class="css-1wqgfuu" aria-label="OLX"><svg width="80" height="45" viewBox="0 0 80 45"></svg></a><a data-testid="post-new-ad-button" href="/adding/" class="css-1n6nkf">Dodaj ogłoszenie</a></header>
<form data-testid="search-form" class="css-1bqb6k4"><input data-testid="search-input" type="text" name="q" value="" placeholder="Czego szukasz?" class="css-zkvisj"></form>
<ol data-testid="breadcrumbs" class="css-1vxjy9a"><li><a href="/">Strona główna</a></li><li><a href="/dom-ogrod/">Dom i Ogród</a></li></ol>
<div class="css-1d90tha"><div data-testid="listing-filters" class="css-1j3b4qv"><p>Filtry</p><label><input type="checkbox" name="search[filter_enum_state][0]" value="used">Używane</label></div>
<div data-testid="listing-grid" class="css-j0t2x2"><h3 class="css-1w3cejp" data-testid="total-count">Znaleźliśmy 8 ogłoszeń</h3>
{chr(10).join(cards)}
</div></div>
<section data-testid="pagination-wrapper" class="css-4mw0p4"><ul class="pagination-list css-1vdlgt7"><li data-testid="pagination-list-item" class="pagination-item__active css-ps94ux"><a class="css-1mi714g" href="/dom-ogrod/?page=1">1</a></li></ul></section>
</div></div>"""
    html = page("Dom i Ogród - OLX.pl", "pl", body)
    write_page(
        "olx_pl",
        "OLX (olx.pl listing, React/emotion markup)",
        f"{base}/dom-ogrod/",
        html,
        items,
        volatile_params=("reason", "search_reason"),
    )


def avito() -> None:
    base = "https://www.avito.ru"
    rows = [
        (
            "moskva/mebel_i_interer/divan_uglovoy_bergen_3456789012",
            "Диван угловой «Берген»",
            "25 000 ₽",
            "25000",
        ),
        (
            "moskva/mebel_i_interer/stol_obedennyy_razdvizhnoy_3456790123",
            "Стол обеденный раздвижной",
            "8 500 ₽",
            "8500",
        ),
        (
            "moskva/mebel_i_interer/shkaf_kupe_2_m_3456791234",
            "Шкаф-купе 2 м, зеркальный",
            "12 000 ₽",
            "12000",
        ),
        ("moskva/mebel_i_interer/kreslo_kachalka_3456792345", "Кресло-качалка из ротанга", "Бесплатно", "0"),
        ("moskva/mebel_i_interer/komod_ikea_malm_3456793456", "Комод IKEA Malm, 6 ящиков", "6 900 ₽", "6900"),
        (
            "moskva/mebel_i_interer/krovat_160h200_3456794567",
            "Кровать 160×200 с матрасом",
            "Цена не указана",
            None,
        ),
        (
            "moskva/mebel_i_interer/stulya_venskie_4_sht_3456795678",
            "Стулья венские, 4 шт.",
            "4 000 ₽",
            "4000",
        ),
    ]
    similar = [
        ("moskva/mebel_i_interer/pufik_3456800001", "Пуфик велюровый", "1 500 ₽"),
        ("moskva/mebel_i_interer/polka_3456800002", "Полка настенная", "900 ₽"),
        ("moskva/mebel_i_interer/tumba_3456800003", "Тумба под ТВ", "3 200 ₽"),
    ]
    items = []

    def card(path: str, title: str, shown: str, price: str | None) -> str:
        iid = path.rsplit("_", 1)[1]
        img = f"https://00.img.avito.st/image/1/1.{iid[-4:]}Abc{iid[:3]}.AbCdEfGh{iid[-3:]}"
        price_meta = (
            f'<meta itemprop="priceCurrency" content="RUB"><meta itemprop="price" content="{price}">'
            if price and price != "0"
            else ""
        )
        return f"""<div data-marker="item" data-item-id="{iid}" id="i{iid}" class="iva-item-root-Se7z4 photo-slider-slider-ZEBgD iva-item-list-H_dpX iva-item-redesign-kV32J items-item-My3ih items-listItem-Gd1jN js-catalog-item-enum" itemscope itemtype="http://schema.org/Product">
<div class="iva-item-content-OWwoq"><div class="iva-item-slider-BOsti"><a itemprop="url" href="/{path}" class="iva-item-sliderLink-Fvfau" target="_blank" rel="noopener" data-marker="item-photo-sliderLink"><div class="photo-slider-root-Exoie"><ul class="photo-slider-list-R0jle"><li class="photo-slider-list-item-r2YDC" data-marker="slider-image/image-{img}"><div class="photo-slider-image-wrapper-TQjCq"><img class="photo-slider-image-xjG2u" itemprop="image" alt="{h(title)}" src="{img}" srcset="{img} 208w, {img}2x 416w" sizes="208px"></div></li></ul></div></a></div>
<div class="iva-item-body-KLUuy"><div class="iva-item-titleStep-pdebR"><a href="/{path}" class="styles-module-root-iSkj3 styles-module-root_noVisited-aFA10" itemprop="url" data-marker="item-title" title="{h(title)}"><h3 class="styles-module-root-TWVKW styles-module-root-_KFFt styles-module-size_l-_oGDF" itemprop="name">{h(title)}</h3></a></div>
<div class="iva-item-priceStep-uq2CQ"><span class=""><div class="price-price-JP7qe" itemprop="offers" itemscope itemtype="http://schema.org/Offer">{price_meta}<p data-marker="item-price" class="styles-module-root-LEIrw styles-module-size_l-_oGDF"><strong class="styles-module-root-LEIrw"><span>{shown.replace(" ", "&nbsp;")}</span></strong></p></div></span></div>
<div class="iva-item-descriptionStep-C0ty1"><p class="styles-module-root-_KFFt styles-module-size_s-awPvv">Состояние хорошее, самовывоз.</p></div>
<div class="iva-item-developmentNameStep-CdHg1"><div class="geo-root-zPwRk"><p class="styles-module-root-_KFFt"><span>м. Сокол</span></p></div></div>
<div class="iva-item-dateInfoStep-_acjp"><p data-marker="item-date" class="styles-module-root-_KFFt">2 часа назад</p></div>
</div></div></div>"""

    cards = []
    for path, title, shown, price in rows:
        iid = path.rsplit("_", 1)[1]
        items.append(
            Item(
                f"{base}/{path}",
                title,
                price,
                "RUB" if price not in (None, "0") else None,
                f"https://00.img.avito.st/image/1/1.{iid[-4:]}Abc{iid[:3]}.AbCdEfGh{iid[-3:]}",
                alternatives=(
                    f"https://00.img.avito.st/image/1/1.{iid[-4:]}Abc{iid[:3]}.AbCdEfGh{iid[-3:]}2x",
                ),
            )
        )
        cards.append(card(path, title, shown, price))
    similar_cards = "".join(
        card(path, title, shown, shown.replace(" ₽", "").replace(" ", "")) for path, title, shown in similar
    )
    body = f"""<div class="index-root-KVurS"><header class="header-root-_mJdH"><a href="/" class="logo-root-V1yni" aria-label="Авито"></a><div class="index-search-D7VN_"><input data-marker="search-form/suggest" placeholder="Поиск по объявлениям" value="" class="input-input-Zpzc1"></div><a data-marker="header/add-item" href="/additem">Разместить объявление</a></header>
<div class="breadcrumbs-root-tCPTm" data-marker="breadcrumbs"><span itemprop="itemListElement"><a href="/moskva" data-marker="breadcrumbs/link">Москва</a></span> · <span><a href="/moskva/mebel_i_interer" data-marker="breadcrumbs/link">Мебель и интерьер</a></span></div>
<h1 class="styles-module-root-W_crH" data-marker="page-title/text">Мебель и интерьер в Москве</h1>
<div class="index-content-_KxNP"><div class="index-filters-uTLsK" data-marker="search-filters"><div data-marker="params[1283]">Цена, ₽ <input placeholder="от"> <input placeholder="до"></div></div>
<div class="items-items-pZX46" data-marker="catalog-serp">
{chr(10).join(cards)}
</div>
<div class="items-extraTitle-JFe8_" data-marker="witcher/block"><h2 class="styles-module-root-W_crH">Похожие объявления</h2><div class="items-items-pZX46 items-similar-c8Fks">{similar_cards}</div></div>
</div></div>"""
    html = page("Мебель и интерьер в Москве: купить — Авито", "ru", body)
    write_page(
        "avito",
        "Avito catalog (CSS-module class names, schema.org microdata)",
        f"{base}/moskva/mebel_i_interer",
        html,
        items,
    )


def leboncoin() -> None:
    base = "https://www.leboncoin.fr"
    rows = [
        # ad id, category, title, price (euros) or None, city, pro shop
        (2876543210, "ameublement", "Table basse en chêne massif", 120, "Lyon 69003"),
        (2876543388, "ameublement", "Lot de 4 chaises scandinaves", 80, "Villeurbanne 69100"),
        (2876543501, "electromenager", "Lave-linge Bosch 8 kg", 250, "Lyon 69007"),
        (2876543612, "ameublement", "Canapé convertible 3 places", 0, "Vénissieux 69200"),
        (2876543790, "decoration", "Miroir rotin vintage", 45, "Lyon 69001"),
        (2876543844, "ameublement", "Bibliothèque en pin", None, "Caluire-et-Cuire 69300"),
        (2876543977, "electromenager", "Machine à café Delonghi Magnifica", 190, "Bron 69500"),
        (2876544033, "decoration", "Lampe à poser en laiton", 35, "Lyon 69006"),
    ]
    items, cards, state_ads = [], [], []
    for n, (aid, cat, title, price, city) in enumerate(rows):
        img = f"https://img.leboncoin.fr/api/v1/lbcpb1/images/{aid % 97:02x}/{n:02x}/a1/{aid}b7c.jpg"
        items.append(
            Item(
                f"{base}/ad/{cat}/{aid}",
                title,
                None if price is None else str(price),
                "EUR" if price else None,
                f"{img}?rule=ad-small",
                alternatives=(f"{img}?rule=ad-image", f"{img}?rule=ad-large", f"{img}?rule=ad-thumb"),
            )
        )
        shown = "Gratuit" if price == 0 else ("" if price is None else f"{price:,} €".replace(",", "\u202f"))
        price_html = (
            f'<p data-test-id="price" aria-label="Prix: {shown}" class="text-body-1 font-bold"><span data-qa-id="aditem_price" class="text-body-1 font-bold">{shown}</span></p>'
            if shown
            else ""
        )
        cards.append(f"""<li class="styles_adCard__JzKik styles_classified__rnsg4"><article data-test-id="ad" data-qa-id="aditem_container" aria-label="{h(title)}" class="relative flex h-full flex-col">
<a data-test-id="ad" class="absolute inset-0" href="/ad/{cat}/{aid}" title="{h(title)}"><span class="sr-only">Voir l’annonce: {h(title)}</span></a>
<div data-test-id="adcard-image" class="adcard_8f3833cd8 relative"><picture><source srcset="{img}?rule=ad-image" media="(min-width: 768px)"><img src="{img}?rule=ad-small" alt="{h(title)}" loading="lazy" class="absolute inset-none m-auto size-full object-cover"></picture></div>
<div class="adcard_e9d5cd31d flex flex-col gap-sm"><p data-qa-id="aditem_title" data-test-id="adcard-title" title="{h(title)}" class="text-body-1 text-on-surface line-clamp-(--maxLines) break-words font-bold">{h(title)}</p>
{price_html}
<p class="text-caption text-neutral" aria-label="Située à {city}">{city}</p><p class="text-caption text-neutral" aria-label="Date de dépôt: {"Aujourd’hui" if n < 3 else "Hier"}">{"Aujourd’hui" if n < 3 else "Hier"}, 1{n}:3{n}</p>
<div class="flex items-center"><span class="text-caption">Livraison possible</span></div></div>
<button title="Ajouter l’annonce aux favoris" data-test-id="adcard_favorite_button" class="absolute right-md top-md" aria-label="Ajouter aux favoris" type="button"></button>
</article></li>""")
        state_ads.append(
            {
                "list_id": aid,
                "subject": title,
                "url": f"{base}/ad/{cat}/{aid}",
                "price": [] if price is None else [price],
                "price_cents": None if price is None else price * 100,
                "category_name": cat.title(),
                "images": {
                    "nb_images": 3,
                    "small_url": f"{img}?rule=ad-small",
                    "thumb_url": f"{img}?rule=ad-thumb",
                    "urls": [f"{img}?rule=ad-image"],
                },
                "location": {"city_label": city},
                "owner": {"type": "private", "no_salesmen": True},
            }
        )
    next_data = {
        "props": {"pageProps": {"searchData": {"total": len(rows), "ads": state_ads}}},
        "page": "/recherche",
        "query": {"category": "19"},
        "buildId": "x7Kq2",
        "isFallback": False,
    }
    body = f"""<div id="__next"><div class="styles_Header__p7X1I"><header><a href="/" title="leboncoin">leboncoin</a><a href="/deposer-une-annonce" class="styles_depositButton__ubMi7">Déposer une annonce</a></header></div>
<main id="mainContent" class="styles_mainContent__VjGb0"><nav aria-label="Fil d’Ariane"><ol><li><a href="/">Accueil</a></li><li><a href="/c/ameublement">Maison et jardin</a></li></ol></nav>
<h1 class="text-headline-1-expanded">Annonces Maison : Lyon</h1>
<div class="styles_classifiedColumn__Vz8SA"><ul data-test-id="listing-column" class="grid grid-cols-1 gap-lg">
{chr(10).join(cards)}
</ul></div>
<nav aria-label="pagination" data-spark-component="pagination"><a href="/recherche?category=19&amp;locations=Lyon&amp;page=2" aria-label="Page suivante">&gt;</a></nav></main></div>
<script id="__NEXT_DATA__" type="application/json">{json.dumps(next_data, ensure_ascii=False)}</script>"""
    html = page("Annonces Maison : Lyon - leboncoin", "fr", body)
    write_page(
        "leboncoin",
        "Leboncoin search (Next.js, data-qa-id cards + __NEXT_DATA__ with price arrays)",
        f"{base}/recherche?category=19&locations=Lyon",
        html,
        items,
    )


def kleinanzeigen() -> None:
    base = "https://www.kleinanzeigen.de"
    rows = [
        # slug, id, title, shown, price, old price, image in data-imgsrc only
        (
            "kinderfahrrad-20-zoll",
            "2901234567-217-3331",
            "Kinderfahrrad 20 Zoll, Puky",
            "85 € VB",
            "85",
            "95 €",
            False,
        ),
        (
            "waschmaschine-miele-w1",
            "2901235678-161-3331",
            "Waschmaschine Miele W1, 7 kg",
            "220 €",
            "220",
            None,
            False,
        ),
        (
            "umzugskartons-zu-verschenken",
            "2901236789-88-3331",
            "Umzugskartons zu verschenken",
            "Zu verschenken",
            "0",
            None,
            False,
        ),
        ("ikea-billy-regal-weiss", "2901237890-88-3331", "IKEA Billy Regal weiß", "VB", None, None, False),
        (
            "gartenstuehle-holz-2-stueck",
            "2901238901-80-3331",
            "Gartenstühle Holz, 2 Stück",
            "40 €",
            "40",
            None,
            True,
        ),
        (
            "nintendo-switch-oled",
            "2901239012-279-3331",
            "Nintendo Switch OLED mit 2 Spielen",
            "249 € VB",
            "249",
            None,
            True,
        ),
        (
            "lego-technic-42115",
            "2901240123-23-3331",
            "LEGO Technic 42115 Lamborghini",
            "310 €",
            "310",
            "350 €",
            True,
        ),
        (
            "e-bike-akku-bosch",
            "2901241234-217-3331",
            "E-Bike Akku Bosch PowerPack 500",
            "280 €",
            "280",
            None,
            True,
        ),
    ]
    items, cards = [], []
    for n, (slug, aid, title, shown, price, old, lazy) in enumerate(rows):
        img = f"https://img.kleinanzeigen.de/api/v1/prod-ads/images/{aid[:2]}/{aid[:8]}-{n}f2e-4a1b?rule=$_2.AUTO"
        items.append(
            Item(
                f"{base}/s-anzeige/{slug}/{aid}",
                title,
                price,
                "EUR" if price not in (None, "0") else None,
                img,
                alternatives=(img.replace("$_2.AUTO", "$_35.AUTO"), img.replace("$_2.AUTO", "$_2.JPG")),
            )
        )
        if lazy:
            image = f'<div class="imagebox srpimagebox" data-imgsrc="{img}" data-imgsrcretina="{img.replace("$_2.AUTO", "$_35.AUTO")} 2x" data-imgtitle="{h(title)}"></div>'
        else:
            image = f'<div class="imagebox srpimagebox"><img src="{img}" srcset="{img.replace("$_2.AUTO", "$_35.AUTO")} 2x" alt="{h(title)} Vorschaubild" loading="lazy" width="172" height="129"></div>'
        old_html = f'<p class="aditem-main--middle--price-shipping--old-price">{old}</p>' if old else ""
        cards.append(f"""<li class="ad-listitem {"badge-topad is-topad" if n == 1 else ""}">
<article class="aditem" data-adid="{aid.split("-")[0]}" data-href="/s-anzeige/{slug}/{aid}">
<div class="aditem-image"><a href="/s-anzeige/{slug}/{aid}">{image}</a></div>
<div class="aditem-main"><div class="aditem-main--top"><div class="aditem-main--top--left"><i class="icon icon-small icon-pin-gray"></i> 1011{n} Berlin-Mitte</div><div class="aditem-main--top--right"><i class="icon icon-small icon-calendar-open"></i> Heute, 0{n}:41</div></div>
<div class="aditem-main--middle"><h2 class="text-module-begin"><a class="ellipsis" href="/s-anzeige/{slug}/{aid}">{h(title)}</a></h2>
<p class="aditem-main--middle--description">Gut erhalten, Abholung in Berlin-Mitte. Privatverkauf, keine Garantie…</p>
<div class="aditem-main--middle--price-shipping"><p class="aditem-main--middle--price-shipping--price">{shown}</p>{old_html}<p class="aditem-main--middle--price-shipping--shipping">{"Versand möglich" if n % 2 else "Nur Abholung"}</p></div></div>
<div class="aditem-main--bottom"><p class="text-module-end">{'<span class="simpletag">Direkt kaufen</span>' if n % 3 == 0 else ""}</p></div></div>
</article></li>""")
    cards.insert(
        4,
        """<li class="ad-listitem is-adsense"><div id="srp_adsense-middle" class="liberty-hide-unfilled" data-liberty-position-name="srp_adsense-middle"><div class="adsbygoogle"><a href="https://www.googleadservices.com/pagead/aclk?sa=L&amp;ai=DChcSEwi" rel="nofollow"><img src="https://tpc.googlesyndication.com/simgad/1234567890" alt="Anzeige"><span>Sofa-Sale: bis zu 50% Rabatt</span><span>ab 299 €</span></a></div></div></li>""",
    )
    body = f"""<div class="site-base"><header id="site-header"><div class="site-header-top"><a href="/" id="site-logo" class="site-logo-link"><span class="is-hidden">Kleinanzeigen</span></a>
<form id="site-search-form" action="/s-suchanfrage.html" method="get"><input id="site-search-query" name="keywords" type="text" placeholder="Was suchst du?" value=""></form><a href="/p-anzeige-aufgeben-schritt2.html" class="button-primary" id="site-mainnav-postad-link">Anzeige aufgeben</a></div></header>
<div id="site-content" class="l-page-wrapper l-container-row"><div class="l-splitpage-flex"><div class="l-splitpage-navigation"><section class="browsebox"><h2 class="sectionheadline">Kategorien</h2><ul class="browsebox-itemlist"><li><a href="/s-familie-kind-baby/c17">Familie, Kind &amp; Baby</a> <span class="text-light">(1.204)</span></li><li><a href="/s-haus-garten/c80">Haus &amp; Garten</a> <span class="text-light">(3.911)</span></li></ul></section></div>
<div class="l-splitpage-content position-relative"><div class="breadcrump"><a class="breadcrump-link" href="/" title="Kleinanzeigen ">Kleinanzeigen Berlin</a> <span class="breadcrump-summary">1 - 8 von 8 Ergebnissen in Berlin - Mitte</span></div>
<div id="srchrslt-content" class="position-relative"><div class="l-container-row contentbox-unpadded no-bg"><ul id="srchrslt-adtable" class="itemlist ad-list it3">
{chr(10).join(cards)}
</ul></div></div>
<div class="pagination"><div class="pagination-pages"><span class="pagination-current">1</span></div></div></div></div></div></div>"""
    html = page(
        "Kleinanzeigen Berlin - Mitte | kleinanzeigen.de",
        "de",
        body,
        body_attrs=' class="is-topad-row has-sidebar"',
    )
    write_page("kleinanzeigen", "Kleinanzeigen (aditem list)", f"{base}/s-berlin-mitte/l3331", html, items)


def marktplaats() -> None:
    base = "https://www.marktplaats.nl"
    rows = [
        # path, title, shown, price, seller, place
        (
            "v/fietsen-en-brommers/fietsen-dames-damesfietsen/m2123456789-gazelle-damesfiets",
            "Gazelle damesfiets 57 cm",
            "€ 175,00",
            "175.00",
            "Jan",
            "Utrecht",
        ),
        (
            "v/huis-en-inrichting/stoelen/m2123457890-4-eetkamerstoelen-cognac",
            "4 eetkamerstoelen cognac leer",
            "€ 240,00",
            "240.00",
            "Wonen & Zo",
            "Amersfoort",
        ),
        (
            "v/huis-en-inrichting/kasten-boekenkasten/m2123458901-boekenkast-eiken",
            "Boekenkast eiken",
            "Bieden",
            None,
            "Marloes",
            "Zeist",
        ),
        (
            "v/witgoed-en-apparatuur/koelkasten/m2123459012-koelkast-met-vriesvak",
            "Koelkast met vriesvak, werkt prima",
            "Gratis",
            "0",
            "Pieter",
            "Nieuwegein",
        ),
        (
            "v/fietsen-en-brommers/fietsen-heren/m2123460123-batavus-herenfiets",
            "Batavus herenfiets, 7 versnellingen",
            "€ 95,00",
            "95.00",
            "Fietsenhandel Centrum",
            "Utrecht",
        ),
        (
            "v/huis-en-inrichting/lampen/m2123461234-vintage-hanglamp",
            "Vintage hanglamp messing",
            "€ 42,50",
            "42.50",
            "Anouk",
            "Houten",
        ),
        (
            "v/tuin-en-terras/tuinmeubelen/m2123462345-loungeset-4-delig",
            "Loungeset 4-delig",
            "Zie omschrijving",
            None,
            "Kees",
            "IJsselstein",
        ),
    ]
    items, cards = [], []
    for n, (path, title, shown, price, seller, place) in enumerate(rows):
        mid = path.split("/m")[-1].split("-")[0]
        img = f"https://images.marktplaats.com/api/v1/listing-mp-p/images/{mid[-2:]}/{mid}a{n}c?rule=ecg_mp_eps$_82.jpg"
        items.append(
            Item(
                f"{base}/{path}",
                title,
                price,
                "EUR" if price not in (None, "0") else None,
                img,
                seller=seller,
            )
        )
        cards.append(f"""<li class="hz-Listing hz-Listing--list-item"><a class="hz-Link hz-Link--block hz-Listing-coverLink" tabindex="0" href="/{path}?correlationId=6f{n}e2b1c-77aa">
<figure class="hz-Listing-image-container"><div class="hz-Listing-image-item hz-Listing-image-item--main"><img src="{img}" alt="{h(title)}" title="{h(title)}"></div></figure>
<div class="hz-Listing-listview-content"><div class="hz-Listing-group"><h3 class="hz-Listing-title">{h(title)}</h3><p class="hz-Listing-description hz-text-paragraph">In goede staat, ophalen in {place}. Geen garantie.</p><div class="hz-Listing-attributes"><span class="hz-Attribute hz-Attribute--default">Gebruikt</span></div></div>
<div class="hz-Listing-group--price-date-feature hz-Listing-group--price-date-feature--tablet"><span class="hz-Listing-price hz-Listing-price--mobile hz-text-price-label">{shown}</span><span class="hz-Listing-date hz-Listing-date--desktop">{"Vandaag" if n < 3 else "Gisteren"}</span></div></div></a>
<div class="hz-Listing--sellerInfo"><span class="hz-Listing-seller-name-container"><a href="/u/{seller.lower().replace(" ", "-").replace("&", "en")}/{9000 + n}/"><span class="hz-Listing-seller-name">{h(seller)}</span></a></span><span class="hz-Listing-distance-label">{place}</span></div></li>""")
    cards.insert(
        3,
        '<li class="hz-Listing hz-Listing--list-item bannerContainerLoading" id="banner-list-1"><div class="hz-Banner"><a href="https://adclick.g.doubleclick.net/pcs/click?xai=AKAOjs" rel="nofollow sponsored"><span class="hz-Banner-label">Advertentie</span><img src="https://tpc.googlesyndication.com/simgad/998877" alt=""><span>Nieuwe eetkamerstoelen vanaf € 59</span></a></div></li>',
    )
    body = f"""<div id="__next"><header class="hz-Header"><a class="hz-Header-logo" href="/" aria-label="Marktplaats"></a><div class="hz-Header-search"><form action="/q/"><input name="query" placeholder="Zoeken..." class="hz-TextField-input"></form></div><a class="hz-Button hz-Button--primary" href="/plaats">Plaats advertentie</a></header>
<div class="hz-Page-body"><nav class="hz-Breadcrumbs"><a href="/">Home</a> › <a href="/l/huis-en-inrichting/">Huis en Inrichting</a></nav>
<aside class="hz-Filters"><div class="hz-Filter"><h4>Prijs</h4><input name="PriceCentsFrom" placeholder="Van"><input name="PriceCentsTo" placeholder="Tot"></div></aside>
<ul class="hz-Listings hz-Listings--list-view">
{chr(10).join(cards)}
</ul></div></div>"""
    html = page("Huis en Inrichting | Marktplaats", "nl", body)
    write_page(
        "marktplaats",
        "Marktplaats (hz-Listing)",
        f"{base}/l/huis-en-inrichting/",
        html,
        items,
        volatile_params=("correlationId",),
    )


def vinted() -> None:
    base = "https://www.vinted.fr"
    rows = [
        # id, slug, title, brand, size, condition, price, with protection, seller
        (
            5123456789,
            "jean-levis-501",
            "Jean Levi's 501",
            "Levi's",
            "W30 L32",
            "Très bon état",
            "25.00",
            "26.95",
            "marie_l",
        ),
        (
            5123457001,
            "pull-col-roule-cos",
            "Pull col roulé COS",
            "COS",
            "M",
            "Neuf sans étiquette",
            "32.00",
            "34.30",
            "claire.b",
        ),
        (
            5123457112,
            "robe-mi-longue-sezane",
            "Robe mi-longue Sézane",
            "Sézane",
            "38",
            "Bon état",
            "55.00",
            "58.45",
            "lou_vintage",
        ),
        (
            5123457223,
            "baskets-veja-v10",
            "Baskets Veja V-10",
            "Veja",
            "41",
            "Satisfaisant",
            "40.00",
            "42.70",
            "tom_r",
        ),
        (
            5123457334,
            "manteau-laine-zara",
            "Manteau en laine Zara",
            "Zara",
            "S",
            "Très bon état",
            "38.50",
            "41.13",
            "marie_l",
        ),
        (
            5123457445,
            "sac-bandouliere-cuir",
            "Sac bandoulière cuir camel",
            "Sans marque",
            "Taille unique",
            "Bon état",
            "18.00",
            "19.60",
            "dressing_anna",
        ),
    ]
    items, cards = [], []
    for n, (iid, slug, title, brand, size, condition, price, total, seller) in enumerate(rows):
        img = f"https://images1.vinted.net/t/03_0{n}a1b_{iid % 10**6}xYz/310x430/17329{n}0000.jpeg?s=ab{iid % 997}"
        items.append(Item(f"{base}/items/{iid}-{slug}", title, price, "EUR", img, seller=seller))
        fr = lambda v: v.replace(".", ",") + "\u00a0€"  # noqa: E731
        label = f"{title}, marque: {brand}, état: {condition}, taille: {size}, {fr(price)}, {fr(total)} inclut la Protection acheteurs"
        cards.append(f"""<div class="feed-grid__item"><div class="feed-grid__item-content"><div class="new-item-box__container" data-testid="grid-item">
<div class="new-item-box__header"><div class="web_ui__Cell__cell web_ui__Cell__narrow"><div class="web_ui__Cell__content"><div class="web_ui__Cell__heading"><img src="https://images1.vinted.net/t/01_avatar_{n}/50x50/avatar.jpeg" class="web_ui__Image__content" alt=""></div><div class="web_ui__Cell__body"><p class="web_ui__Text__text web_ui__Text__caption web_ui__Text__left" data-testid="product-item-id-{iid}--owner-name">{seller}</p></div></div></div></div>
<div class="u-position-relative u-min-height-none u-flex-auto new-item-box__image-container"><div class="web_ui__Image__image web_ui__Image__cover web_ui__Image__portrait web_ui__Image__scaled web_ui__Image__ratio" data-testid="product-item-id-{iid}--image"><img src="{img}" class="web_ui__Image__content" alt="{h(label)}" data-testid="product-item-id-{iid}--image--img"></div>
<a href="{base}/items/{iid}-{slug}?referrer=catalog" class="new-item-box__overlay new-item-box__overlay--clickable" data-testid="product-item-id-{iid}--overlay-link" title="{h(label)}"></a></div>
<div class="new-item-box__summary"><div class="new-item-box__description"><p class="web_ui__Text__text web_ui__Text__caption web_ui__Text__left web_ui__Text__muted" data-testid="product-item-id-{iid}--description-title">{h(brand)}</p><p class="web_ui__Text__text web_ui__Text__caption web_ui__Text__left web_ui__Text__muted" data-testid="product-item-id-{iid}--description-subtitle">{size} · {condition}</p></div>
<div class="title-content"><p class="web_ui__Text__text web_ui__Text__caption web_ui__Text__left web_ui__Text__muted" data-testid="product-item-id-{iid}--price-text">{fr(price)}</p></div>
<div class="u-flexbox"><button class="u-flexbox u-align-items-center u-cursor-pointer" aria-label="Protection acheteurs" type="button"><span class="web_ui__Text__text web_ui__Text__subtitle web_ui__Text__left web_ui__Text__clickable">{fr(total)}</span><span class="web_ui__Text__text web_ui__Text__caption"> incl.</span></button></div></div>
<div class="new-item-box__favourite-icon"><button data-testid="product-item-id-{iid}--favourite" aria-label="Ajouter aux favoris" type="button" class="u-background-white"><span class="web_ui__Text__text web_ui__Text__caption">{3 + n}</span></button></div>
</div></div></div>""")
    body = f"""<div class="l-header"><header class="l-header__main"><a href="/" class="l-header__logo" aria-label="Vinted"></a><form class="u-flexbox" action="/catalog"><input id="search_text" name="search_text" placeholder="Rechercher des articles" value=""></form><a href="/items/new" class="web_ui__Button__button web_ui__Button__filled">Vends tes articles</a></header></div>
<main class="site"><div class="site-wrapper"><div class="container"><nav class="u-flexbox" aria-label="Breadcrumbs"><a href="/catalog/1904-women">Femmes</a> / <span>Vêtements</span></nav>
<div class="catalog-filters"><button class="web_ui__Chip__chip" type="button">Taille</button><button class="web_ui__Chip__chip" type="button">Marque</button><button class="web_ui__Chip__chip" type="button">Prix</button></div>
<div class="feed-grid">
{chr(10).join(cards)}
</div></div></div></main>"""
    html = page("Vêtements pour femmes | Vinted", "fr", body)
    write_page(
        "vinted",
        "Vinted catalog (no heading, title only in link title / alt)",
        f"{base}/catalog/4-clothing",
        html,
        items,
        volatile_params=("referrer",),
    )


PAGES = [
    ebay_search,
    amazon_search,
    etsy_search,
    craigslist,
    olx,
    avito,
    leboncoin,
    kleinanzeigen,
    marktplaats,
    vinted,
]
