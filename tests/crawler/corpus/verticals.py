"""Verticals: Facebook-Marketplace-like React markup, real estate (Zillow, Rightmove, Idealista),
cars (AutoScout24, mobile.de), a job board (Indeed style) and an auction site (Catawiki style)."""

from __future__ import annotations

import json

from tests.crawler.corpus.kit import Item, h, write_page
from tests.crawler.corpus.marketplaces import page


def facebook_marketplace() -> None:
    base = "https://www.facebook.com"
    rows = [
        ("1187654321098765", "Trek mountain bike, 29er", "$450", "450", "Oakland, CA"),
        ("1187654321098766", "Mid century lounge chair", "$120", "120", "Berkeley, CA"),
        ("1187654321098767", "Free moving boxes", "Free", "0", "Alameda, CA"),
        ("1187654321098768", "PS5 with two controllers", "$380", "380", "San Leandro, CA"),
        ("1187654321098769", "Dining table, seats 6", "$200", "200", "Oakland, CA"),
        ("1187654321098770", "Kids scooter", "$25", "25", "Emeryville, CA"),
        ("1187654321098771", "Canon EOS R6 body", "$1,450", "1450", "Walnut Creek, CA"),
        ("1187654321098772", "Standing desk 60x30", "$150", "150", "Piedmont, CA"),
    ]
    items, cards = [], []
    for n, (iid, title, shown, price, place) in enumerate(rows):
        img = f"https://scontent-sjc3-1.xx.fbcdn.net/v/t45.5328-4/4{iid[-6:]}_{n}2345_n.jpg?stp=c0.43.261.261a_dst-jpg_p261x260&_nc_cat=10{n}&oh=00_AYC{n}xyz&oe=6750A1B{n}"
        items.append(
            Item(f"{base}/marketplace/item/{iid}", title, price, "USD" if price != "0" else None, img)
        )
        old = (
            f'<span class="x1lliihq x6ikm8r x10wlt62 x1n2onr6 xlyipyv xuxw1ft x1j85h84" dir="auto"><span class="x1s688f xi81zsa x1lkfr7t">{"$" + str(int(price) + 50)}</span></span>'
            if n in (1, 4)
            else ""
        )
        cards.append(f"""<div class="x9f619 x78zum5 x1r8uery xdt5ytf x1iyjqo2 xs83m0k x1e558r4 x150jy0e x1iorvi4 xjkvuk6 xnpuxes x291uyu x1uepa24"><div class="x3ct3a4"><div class="xjp7ctv"><div><div><span class=""><div class="">
<a class="x1i10hfl xjbqb8w x1ejq31n xd10rxx x1sy0etr x17r0tee x972fbf xcfux6l x1qhh985 xm0m39n x9f619 x1ypdohk xt0psk2 xe8uvvx xdj266r x11i5rnm xat24cr x1mh8g0r xexx8yu x4uap5 x18d9i69 xkhd6sd x16tdsg8 x1hl2dhg xggy1nq x1a2a7pz x1heor9g x1sur9pj xkrqix3 x1lku1pv" href="/marketplace/item/{iid}/?ref=search&amp;referral_code=null&amp;referral_story_type=post&amp;tracking=browse_serp%3A{n}a1b2c3" role="link" tabindex="0">
<div class="x1n2onr6"><div class="x1n2onr6 x1ja2u2z x9f619 x78zum5 xdt5ytf x2lah0s x193iq5w"><div class="x78zum5 xdt5ytf x1n2onr6"><div class="x1n2onr6"><div class="x1o0tod xh8yej3 x1n2onr6 x10l6tqk x13vifvy xuxw1ft" style="background-image: url('{img}'); background-size: cover; padding-top: 100%;" role="img" aria-label="{h(title)} in {place}"></div></div></div></div>
<div class="x9f619 x78zum5 xdt5ytf x1qughib x1rdy4ex xz9dl7a xsag5q8 xh8yej3 xp0eagm x1nrcals"><div class="x1gslohp xkh6y0r"><span class="x193iq5w xeuugli x13faqbe x1vvkbs x1xmvt09 x1lliihq x1s928wv xhkezso x1gmr53x x1cpjm7i x1fgarty x1943h6x xudqn12 x676frb x1lkfr7t x1lbecb7 x1s688f xzsf02u" dir="auto">{shown}</span>{old}</div>
<div class="x1iorvi4 x4uap5 xjkvuk6 xkhd6sd"><span class="x1lliihq x6ikm8r x10wlt62 x1n2onr6" style="-webkit-box-orient: vertical; -webkit-line-clamp: 2; display: -webkit-box;"><span class="x1lliihq x6ikm8r x10wlt62 x1n2onr6 xlyipyv xuxw1ft x1j85h84">{h(title)}</span></span></div>
<div class="x1iorvi4 x4uap5 xjkvuk6 xkhd6sd"><span class="x1lliihq x6ikm8r x10wlt62 x1n2onr6 xlyipyv xuxw1ft x1j85h84" dir="auto"><span class="x1lliihq x6ikm8r x10wlt62 x1n2onr6 xlyipyv xuxw1ft">{place}</span></span></div></div></div>
</a></div></span></div></div></div></div></div>""")
    sponsored = """<div class="x9f619 x78zum5 x1r8uery xdt5ytf x1iyjqo2 xs83m0k x1e558r4 x150jy0e"><div class="x3ct3a4"><a class="x1i10hfl xjbqb8w x1ejq31n" href="https://l.facebook.com/l.php?u=https%3A%2F%2Fwww.wayfair.com%2Fsofas&amp;h=AT0abc" role="link" target="_blank" rel="nofollow noreferrer"><div class="x1o0tod xh8yej3" style="background-image: url('https://scontent-sjc3-1.xx.fbcdn.net/v/t45.1600-4/ad_999_n.jpg');" role="img" aria-label="Wayfair"></div><span class="x193iq5w xeuugli x13faqbe x1vvkbs" dir="auto">$299</span><span class="x1lliihq x6ikm8r x10wlt62">Modern sofas on sale</span><span class="x1lliihq x1s688f">Sponsored</span></a></div></div>"""
    cards.insert(3, sponsored)
    body = f"""<div id="mount_0_0_Ab" class="x1lliihq x1plvlek xryxfnj x1n2onr6"><div class="x9f619 x1n2onr6 x1ja2u2z"><div role="banner" class="x78zum5 xdt5ytf x1t2pt76"><a aria-label="Facebook" href="/" role="link"><svg viewBox="0 0 36 36" height="40" width="40"></svg></a></div>
<div role="navigation" class="x9f619 x1ja2u2z x78zum5"><span dir="auto" class="x193iq5w">Marketplace</span><a href="/marketplace/you/selling/" role="link"><span dir="auto">Selling</span></a><a href="/marketplace/create/" role="link"><span dir="auto">+ Create new listing</span></a></div>
<div role="main" class="x78zum5 xdt5ytf x1iyjqo2 x1n2onr6"><div class="x8gbvx8 x78zum5 x1q0g3np x1a02dak x1nhvcw1 x1rdy4ex xcud41i x4vbgl9 x139jcc6"><span dir="auto" class="x193iq5w xeuugli x13faqbe x1vvkbs x1xmvt09 x1lliihq x1s928wv xhkezso x1gmr53x x1cpjm7i x1fgarty x1943h6x x14qfxbe x1s688f xngnso2 x1qb5hxa xzsf02u">Today's picks</span></div>
<div class="x8gbvx8 x78zum5 x1q0g3np x1a02dak x1nhvcw1 x1rdy4ex xcud41i x4vbgl9 x139jcc6">
{chr(10).join(cards)}
</div></div></div></div>"""
    html = page(
        "Marketplace – Oakland, CA | Facebook",
        "en",
        body,
        body_attrs=' class="_6s5d _71pn system-fonts--body segoe"',
    )
    write_page(
        "facebook_marketplace",
        "Facebook-Marketplace-like React markup (atomic class names, CSS background images)",
        f"{base}/marketplace/oakland/",
        html,
        items,
        volatile_params=("ref", "referral_code", "referral_story_type", "tracking"),
    )


def zillow() -> None:
    base = "https://www.zillow.com"
    rows = [
        (
            "2207-S-5th-St-Austin-TX-78704",
            "29384756",
            "2207 S 5th St, Austin, TX 78704",
            "$725,000",
            "725000",
            "3",
            "2",
            "1,850",
            "Compass RE Texas",
        ),
        (
            "1104-Cardinal-Ln-Austin-TX-78704",
            "29384811",
            "1104 Cardinal Ln, Austin, TX 78704",
            "$1,150,000",
            "1150000",
            "4",
            "3",
            "2,640",
            "Realty Austin",
        ),
        (
            "3400-Harmon-Ave-APT-212-Austin-TX-78705",
            "70129934",
            "3400 Harmon Ave APT 212, Austin, TX 78705",
            "$289,900",
            "289900",
            "1",
            "1",
            "742",
            "Keller Williams Realty",
        ),
        (
            "4805-Avenue-H-Austin-TX-78751",
            "29401277",
            "4805 Avenue H, Austin, TX 78751",
            "$849,000",
            "849000",
            "3",
            "2",
            "1,620",
            "Moreland Properties",
        ),
        (
            "900-Cumberland-Rd-Austin-TX-78704",
            "29388512",
            "900 Cumberland Rd, Austin, TX 78704",
            "$1,395,000",
            "1395000",
            "4",
            "4",
            "3,010",
            "Compass RE Texas",
        ),
        (
            "6311-Bluebonnet-Ln-Austin-TX-78757",
            "29476003",
            "6311 Bluebonnet Ln, Austin, TX 78757",
            "$615,000",
            "615000",
            "3",
            "2",
            "1,540",
            "eXp Realty",
        ),
    ]
    items, cards, lds = [], [], []
    for n, (slug, zpid, address, shown, price, beds, baths, sqft, broker) in enumerate(rows):
        url = f"{base}/homedetails/{slug}/{zpid}_zpid"
        stem = f"https://photos.zillowstatic.com/fp/{zpid}a{n}b7c9e"
        img = f"{stem}-p_e.jpg"
        items.append(
            Item(
                url,
                address,
                price,
                "USD",
                img,
                alternatives=(f"{stem}-cc_ft_384.webp", f"{stem}-cc_ft_576.webp"),
            )
        )
        est = f"{int(price) * 0.0067:,.0f}"
        cards.append(f"""<li class="ListItem-c11n-8-105-0__sc-13rwu5a-0 StyledListCardWrapper-srp-8-105-0__sc-wtsrtn-0 dAZKuw xoFGK"><div><div class="StyledPropertyCardWrapper-srp-8-105-0__sc-1bd6bxo-0"><article data-test="property-card" role="presentation" class="StyledPropertyCard-srp-8-105-0__sc-1o67r90-0 cXTjvn property-card" id="zpid_{zpid}">
<div class="StyledPropertyCardPhotoWrapper-srp-8-105-0__sc-1bd6bxo-1"><div class="StyledPropertyCardPhoto-c11n-8-105-0__sc-ormo34-0"><a tabindex="-1" aria-hidden="true" class="Anchor-c11n-8-105-0__sc-hn4bge-0 property-card-link" data-test="property-card-link" href="{url}/"><picture><source srcset="{stem}-cc_ft_384.webp 384w, {stem}-cc_ft_576.webp 576w" type="image/webp"><img src="{img}" alt="{address}" class="Image-c11n-8-105-0__sc-1rtmhsc-0" aria-hidden="true"></picture></a></div></div>
<div class="StyledPropertyCardDataWrapper-c11n-8-105-0__sc-hfbvv9-0 property-card-data"><a class="StyledPropertyCardDataArea-c11n-8-105-0__sc-10i1r6-0 property-card-link" data-test="property-card-link" href="{url}/" tabindex="0"><address data-test="property-card-addr">{address}</address></a>
<div class="StyledPropertyCardDataArea-c11n-8-105-0__sc-10i1r6-0 fDSTNn"><div class="PropertyCardWrapper__StyledPriceGridContainer-srp-8-105-0__sc-16e8gqd-0"><span data-test="property-card-price" class="PropertyCardWrapper__StyledPriceLine-srp-8-105-0__sc-16e8gqd-1">{shown}</span><span class="PropertyCardWrapper__StyledPriceEstimate-srp-8-105-0__sc-16e8gqd-2">Est. ${est}/mo</span></div>
<ul class="StyledPropertyCardHomeDetailsList-c11n-8-105-0__sc-1j0som5-0"><li><b>{beds}</b> <abbr>bds</abbr></li><li><b>{baths}</b> <abbr>ba</abbr></li><li><b>{sqft}</b> <abbr>sqft</abbr></li></ul> - House for sale</div>
<div class="StyledPropertyCardDataArea-c11n-8-105-0__sc-10i1r6-0 jretvB">{broker.upper()}</div></div>
</article></div></div></li>""")
        lds.append(
            {
                "@type": "SingleFamilyResidence",
                "@context": "http://schema.org",
                "name": address,
                "floorSize": {"@type": "QuantitativeValue", "@context": "http://schema.org", "value": sqft},
                "address": {
                    "@type": "PostalAddress",
                    "@context": "http://schema.org",
                    "streetAddress": address.split(",")[0],
                    "addressLocality": "Austin",
                    "addressRegion": "TX",
                    "postalCode": address[-5:],
                },
                "geo": {
                    "@type": "GeoCoordinates",
                    "@context": "http://schema.org",
                    "latitude": 30.24 + n / 100,
                    "longitude": -97.76,
                },
                "url": url + "/",
            }
        )
    ads = '<li class="ListItem-c11n-8-105-0__sc-13rwu5a-0 nav-ad-empty"><div id="ad-srp-list-1" class="srp-ad-container"><a href="https://www.zillow.com/home-loans/?utm_source=srp_ad" rel="sponsored">Get pre-qualified with Zillow Home Loans</a></div></li>'
    cards.insert(2, ads)
    ld_scripts = "\n".join(f'<script type="application/ld+json">{json.dumps(ld)}</script>' for ld in lds)
    body = f"""<div id="__next"><div class="page-wrapper"><header class="zsg-layout-top"><nav aria-label="Main"><a href="/homes/for_sale/">Buy</a><a href="/homes/for_rent/">Rent</a><a href="/sell/">Sell</a><a href="/home-loans/">Home Loans</a></nav><a href="/" class="znav-logo" aria-label="Zillow Real Estate"></a></header>
<div class="search-page-container"><div id="grid-search-results" class="result-list-container"><div class="search-page-list-header"><h1 class="search-title">Austin TX Real Estate &amp; Homes For Sale</h1><span class="result-count">6 results</span></div>
<ul class="List-c11n-8-105-0__sc-1smrmqp-0 StyledSearchListWrapper-srp-8-105-0__sc-1ieen0c-0 photo-cards photo-cards_extra-attribution">
{chr(10).join(cards)}
</ul></div><div id="search-page-map" class="search-page-map"></div></div></div></div>
{ld_scripts}"""
    html = page("Austin TX Real Estate & Homes For Sale | Zillow", "en", body)
    write_page(
        "zillow",
        "Zillow search (property cards + per-card JSON-LD without price)",
        f"{base}/austin-tx/",
        html,
        items,
    )


def rightmove() -> None:
    base = "https://www.rightmove.co.uk"
    rows = [
        (
            "145678901",
            "3 bedroom semi-detached house for sale",
            "Elm Road, Headingley, Leeds, LS6",
            "£325,000",
            "325000",
            "Offers in Excess of",
            "Manning Stainton, Headingley",
        ),
        (
            "145680022",
            "2 bedroom flat for sale",
            "Cardigan Lane, Burley, Leeds, LS4",
            "£185,000",
            "185000",
            "Guide Price",
            "Linley & Simpson, Leeds",
        ),
        (
            "145681133",
            "4 bedroom detached house for sale",
            "Weetwood Lane, Leeds, LS16",
            "£650,000",
            "650000",
            "",
            "Monroe Estate Agents, Leeds",
        ),
        (
            "145682244",
            "1 bedroom apartment for sale",
            "Wellington Street, Leeds, LS1",
            "£140,000",
            "140000",
            "",
            "Purplebricks, Headquarters",
        ),
        (
            "145683355",
            "3 bedroom terraced house for sale",
            "Brudenell Road, Leeds, LS6",
            "£275,000",
            "275000",
            "Offers Over",
            "Manning Stainton, Headingley",
        ),
    ]
    items, cards = [], []
    for n, (pid, title, address, shown, price, qualifier, agent) in enumerate(rows):
        img = f"https://media.rightmove.co.uk/dir/crop/10:9-16:9/{pid[:3]}k/{pid[3:6]}/{pid}/7{n}12_LEE{n}_IMG_00_0000_max_476x317.jpeg"
        items.append(Item(f"{base}/properties/{pid}", title, price, "GBP", img, seller=agent))
        featured = '<div class="propertyCard-moreInfoFeaturedTitle">Featured Property</div>' if n == 0 else ""
        cards.append(f"""<div class="l-searchResult is-list" data-test="propertyCard-{n}"><div class="propertyCard{" propertyCard--featured" if n == 0 else ""}"><div class="propertyCard-wrapper">{featured}
<div class="propertyCard-images"><a class="propertyCard-img-link aspect-3x2" data-test="property-img" href="/properties/{pid}#/?channel=RES_BUY"><div class="propertyCard-img"><img src="{img}" alt="Property Image {n + 1}" itemprop="image" class="propertyCard-img"></div></a></div>
<div class="propertyCard-section"><div class="propertyCard-details"><a class="propertyCard-link" href="/properties/{pid}#/?channel=RES_BUY" data-test="property-details"><h2 class="propertyCard-title" itemprop="name">{title}</h2><address class="propertyCard-address" title="{address}"><meta content="{address}" itemprop="streetAddress"><span>{address}</span></address></a>
<div class="property-information"><span class="text">Semi-Detached</span><span class="bed-icon no-svg-bed-icon"></span><span class="text">{title[0]}</span></div>
<div class="propertyCard-description"><a class="propertyCard-link" href="/properties/{pid}#/?channel=RES_BUY"><span data-test="property-description"><span>A well presented home close to local amenities and transport links...</span></span></a></div></div>
<div class="propertyCard-price"><a class="propertyCard-priceLink propertyCard-salePrice" href="/properties/{pid}#/?channel=RES_BUY"><div class="propertyCard-priceValue">{shown}</div><div class="propertyCard-priceQualifier">{qualifier}</div></a></div>
<div class="propertyCard-contacts"><div class="propertyCard-branchLogo"><a class="propertyCard-branchLogo-link" href="/estate-agents/agent/{agent.split(",")[0].replace(" ", "-")}-{9100 + n}.html" title="{agent}"><img class="propertyCard-branchLogo-image" src="https://media.rightmove.co.uk/company/clogo_{9100 + n}_0001.jpeg" alt="{agent}"></a></div>
<div class="propertyCard-contactsItem"><div class="propertyCard-branchSummary"><span class="propertyCard-branchSummary-addedOrReduced">Added on {20 + n}/11/2026</span> by <span class="propertyCard-branchSummary-branchName">{agent}</span></div><div class="propertyCard-contactsPhoneNumber"><a href="tel:0113 000 000{n}" class="propertyCard-contactsPhoneNumber">0113 000 000{n}</a></div></div></div>
</div></div></div></div>""")
    template = """<div class="l-searchResult is-hidden" style="display: none;"><div class="propertyCard"><div class="propertyCard-wrapper"><a class="propertyCard-link" href="/properties/{{id}}"><h2 class="propertyCard-title">{{title}}</h2></a><div class="propertyCard-priceValue">£{{price}}</div></div></div></div>"""
    body = f"""<div id="siteHeader"><header class="siteHeader"><a href="/" class="siteHeader-logo" title="rightmove homepage">rightmove</a><nav><ul class="siteHeader-nav"><li><a href="/property-for-sale.html">Buy</a></li><li><a href="/property-to-rent.html">Rent</a></li><li><a href="/house-prices.html">House Prices</a></li></ul></nav></header></div>
<div class="l-container" id="l-container"><div class="searchHeader"><h1 class="searchTitle-heading">Property For Sale in Headingley, Leeds</h1><span class="searchHeader-resultCount">5</span> results</div>
<div class="l-searchResults" id="l-searchResults">
{template}
{chr(10).join(cards)}
</div>
<div class="pagination"><span class="pagination-pageInfo">Page 1 of 1</span></div></div>"""
    html = page(
        "Properties For Sale in Headingley, Leeds | Rightmove",
        "en-GB",
        body,
        body_attrs=' class="rmsearchpage has-filter-bar"',
    )
    write_page(
        "rightmove",
        "Rightmove search (propertyCard, hidden template card)",
        f"{base}/property-for-sale/find.html?locationIdentifier=REGION%5E11836&sortType=6",
        html,
        items,
    )


def idealista() -> None:
    base = "https://www.idealista.com"
    rows = [
        (
            "104512345",
            "Piso en calle de Toledo, Embajadores-Lavapiés, Madrid",
            "1.250",
            "1250",
            "1.350 €",
            "Inmobiliaria Sol",
        ),
        (
            "104523456",
            "Ático en calle de Argumosa, Embajadores-Lavapiés, Madrid",
            "1.890",
            "1890",
            None,
            None,
        ),
        (
            "104534567",
            "Estudio en calle del Ave María, Embajadores-Lavapiés, Madrid",
            "850",
            "850",
            None,
            "Gestión Lavapiés",
        ),
        (
            "104545678",
            "Piso en calle de Valencia, Embajadores-Lavapiés, Madrid",
            "1.100",
            "1100",
            "1.200 €",
            None,
        ),
        (
            "104556789",
            "Dúplex en calle de la Fe, Embajadores-Lavapiés, Madrid",
            "2.300",
            "2300",
            None,
            "Inmobiliaria Sol",
        ),
        ("104567890", "Piso en ronda de Valencia, Embajadores-Lavapiés, Madrid", "1.475", "1475", None, None),
    ]
    items, cards = [], []
    for n, (iid, title, shown, price, old, agency) in enumerate(rows):
        img = f"https://img4.idealista.com/blur/WEB_LISTING-M/0/id.pro.es.image.master/{iid[-2:]}/{iid[-4:-2]}/{n}a/{int(iid) * 7}.jpg"
        items.append(
            Item(
                f"{base}/inmueble/{iid}",
                title,
                price,
                "EUR",
                img,
                seller=agency,
                alternatives=(img.replace("WEB_LISTING-M", "WEB_LISTING"),),
            )
        )
        drop = (
            f'<span class="pricedown"><span class="pricedown_price">{old}</span><span class="pricedown_icon icon-pricedown">8%</span></span>'
            if old
            else ""
        )
        brand = (
            f'<picture class="logo-branding"><a href="/pro/{agency.lower().replace(" ", "-")}/" data-markup="listado::logo-agencia" title="{agency}"><img src="https://st3.idealista.com/{n}b/logo_{iid[-3:]}.gif" alt="{agency}"></a></picture>'
            if agency
            else ""
        )
        cards.append(f"""<article class="item extended-item item-multimedia-container" data-element-id="{iid}" data-online-booking="false">
<div class="item-multimedia "><div class="item-gallery neutral-orientation"><picture><source srcset="{img.replace("WEB_LISTING-M", "WEB_LISTING")}" media="(min-width: 1024px)"><img src="{img}" alt="Primera foto del inmueble" loading="{"eager" if n < 2 else "lazy"}"></picture></div>{brand}</div>
<div class="item-info-container "><a href="/inmueble/{iid}/" role="heading" aria-level="2" class="item-link " title="{h(title)}">{h(title)}</a>
<div class="price-row "><span class="item-price h2-simulated">{shown}<span class="txt-big">€/mes</span></span>{drop}<span class="item-parking">Garaje incluido</span></div>
<div class="item-detail-char"><span class="item-detail">{2 + n % 2} hab.</span><span class="item-detail">{60 + 7 * n} m²</span><span class="item-detail">Planta {n + 1}ª exterior con ascensor</span></div>
<div class="item-description description"><p class="ellipsis">Luminoso piso reformado en pleno barrio de Lavapiés, cerca del metro...</p></div>
<div class="item-toolbar"><div class="item-toolbar-contact"><a class="icon-phone-outline item-clickable-phone phone-btn" href="tel:+34910000{n}00" data-markup="listado::telefono"><span>Ver teléfono</span></a><button class="icon-chat email-btn action-email"><span>Contactar</span></button></div></div>
</div></article>""")
    cards.insert(
        3,
        """<article class="adv noHover"><div class="adv_txt"><a href="https://ad.doubleclick.net/ddm/trackclk/N5295.idealista/B2;dc_trk_aid=55" rel="nofollow sponsored"><p class="adv_txt_title">Hipotecas idealista: te conseguimos la mejor</p><span>Desde 3,1% TAE</span></a></div></article>""",
    )
    body = f"""<header id="header-main"><div class="main-header"><a href="/" class="idealista-logo" title="idealista">idealista</a><nav class="nav-main"><a href="/alquiler-viviendas/madrid-madrid/">Alquilar</a><a href="/venta-viviendas/madrid-madrid/">Comprar</a></nav></div></header>
<div id="main-content" class="container"><div class="listing-top"><h1 id="h1-container" class="h1-simulated">Pisos en alquiler en Embajadores-Lavapiés, Madrid</h1></div>
<aside id="aside-filters" class="filters-aside"><form><legend>Precio</legend><select name="adfilter_pricemin"><option value="default">Mínimo</option></select></form></aside>
<section class="items-container items-list">
{chr(10).join(cards)}
</section>
<div class="pagination"><ul><li class="selected"><span>1</span></li></ul></div></div>"""
    html = page("Pisos en alquiler en Embajadores-Lavapiés, Madrid — idealista", "es", body)
    write_page(
        "idealista",
        "Idealista (rent per month, price drops, agency branding)",
        f"{base}/alquiler-viviendas/madrid/centro/lavapies-embajadores/",
        html,
        items,
    )


def autoscout24() -> None:
    base = "https://www.autoscout24.de"
    rows = [
        # guid, slug, make model, version, price, financing, seller, mileage, first registration
        (
            "5e1b2c3d-4f5a-4b6c-8d7e-9f0a1b2c3d4e",
            "volkswagen-golf-1-5-tsi-act-highline-benzin-grau",
            "Volkswagen Golf",
            "1.5 TSI ACT Highline",
            "18990",
            "199",
            "Autohaus Müller GmbH",
        ),
        (
            "6f2c3d4e-5a6b-4c7d-9e8f-0a1b2c3d4e5f",
            "bmw-320-d-touring-advantage-diesel-schwarz",
            "BMW 320",
            "d Touring Advantage",
            "24450",
            None,
            "BMW Niederlassung Köln",
        ),
        (
            "7a3d4e5f-6b7c-4d8e-8f9a-1b2c3d4e5f6a",
            "skoda-octavia-combi-2-0-tdi-style-diesel-weiss",
            "Skoda Octavia",
            "Combi 2.0 TDI Style",
            "21700",
            "239",
            "Autozentrum Rhein",
        ),
        (
            "8b4e5f6a-7c8d-4e9f-9a0b-2c3d4e5f6a7b",
            "toyota-yaris-1-5-hybrid-team-d-elektro-benzin-rot",
            "Toyota Yaris",
            "1.5 Hybrid Team D",
            "15290",
            None,
            "Privat",
        ),
        (
            "9c5f6a7b-8d9e-4f0a-8b1c-3d4e5f6a7b8c",
            "mercedes-benz-c-200-t-avantgarde-benzin-silber",
            "Mercedes-Benz C 200",
            "T Avantgarde",
            "29980",
            "329",
            "Sternpartner GmbH",
        ),
        (
            "0d6a7b8c-9e0f-4a1b-9c2d-4e5f6a7b8c9d",
            "opel-corsa-1-2-edition-benzin-blau",
            "Opel Corsa",
            "1.2 Edition",
            "11490",
            None,
            "Autohaus Müller GmbH",
        ),
    ]
    items, cards = [], []
    for n, (guid, slug, model, version, price, monthly, seller) in enumerate(rows):
        img = f"https://prod.pictures.autoscout24.net/listing-images/{guid}_{n}a7c1d2e3-f4a5.jpg/250x188.webp"
        title = f"{model} {version}"
        items.append(
            Item(
                f"{base}/angebote/{slug}-{guid}",
                title,
                price,
                "EUR",
                img,
                seller=None if seller == "Privat" else seller,
                alternatives=(img.replace("250x188", "480x360"), img.replace("250x188.webp", "480x360.jpg")),
            )
        )
        money = "€ " + f"{int(price):,}".replace(",", ".") + ",-"
        finance = (
            f'<div class="FinancingInformation_wrapper__Kq5Ex"><span class="FinancingInformation_label__WmX0I">Finanzierung ab</span> <span>€ {monthly},-/mtl.</span></div>'
            if monthly
            else ""
        )
        seller_html = (
            '<span class="SellerInfo_private__THzvQ" data-testid="sellerinfo-private">Privat</span>'
            if seller == "Privat"
            else f'<span class="SellerInfo_name__nR9JH" data-testid="sellerinfo-company-name">{h(seller)}</span><span class="SellerInfo_address__leRMu">DE-5067{n} Köln</span>'
        )
        cards.append(f"""<article class="cldt-summary-full-item listing-impressions-tracking list-page-item ListItem_article__qyYw7" data-guid="{guid}" data-tracking-type="SRP" data-source="listpage_search-results" data-price="{price}" data-make="{model.split()[0].lower()}" data-mileage="{30000 + 7000 * n}" data-first-registration="0{n + 1}-2020" data-position="{n + 1}" data-listing-zip-code="5067{n}" id="{guid}">
<div class="ListItem_wrapper__TxHWu"><div class="ListItem_header__J6xlG ListItem_header_new_design__Rvyv_"><a href="/angebote/{slug}-{guid}?sort=standard&amp;desc=0&amp;lastSeenGuidPresent=true&amp;cldtidx={n + 1}&amp;position={n + 1}&amp;search_id=2k9x{n}q1z7&amp;source_otp=t10&amp;ap_tier=t10&amp;source=list_search_results&amp;order_bucket=0" class="ListItem_title__ndA4s ListItem_title_new_design__QIU2b Link_link__Ajn7I"><h2><span>{h(model)}</span> <span class="ListItem_version__5EWfi">{h(version)}</span></h2></a>
<span class="ListItem_subtitle__VEw08">{90 + 5 * n} kW ({122 + 7 * n} PS), Navi, Sitzheizung, Einparkhilfe</span></div>
<div class="ListItem_listing__Co6x8"><div class="NewGallery_gallery__F7Uwx"><section class="NewGallery_swiper__vkzUf"><div class="image-gallery-slide"><picture class="NewGallery_picture__sOrjt"><source srcset="{img.replace("250x188", "480x360")} 480w" media="(min-width: 768px)" type="image/webp"><img class="NewGallery_img__cXZQC" src="{img}" alt="{h(title)}" loading="{"eager" if n == 0 else "lazy"}"></picture></div></section></div>
<div class="ListItem_details__bUbSt"><div class="PriceAndSeals_wrapper__BMNaJ"><div class="PriceAndSeals_current_price__ykUpx"><span class="PriceInfo_price__XU0aF" data-testid="regular-price">{money}<sup>1</sup></span></div>
<div class="PriceRating_wrapper__Txhqm"><p class="PriceRating_label__qrPp5">{"Guter Preis" if n % 2 else "Sehr guter Preis"}</p></div>{finance}</div>
<div class="VehicleDetailTable_container__XhfV1"><span class="VehicleDetailTable_item__4n35N" data-testid="VehicleDetails-mileage_road">{30000 + 7000 * n:,} km</span><span class="VehicleDetailTable_item__4n35N" data-testid="VehicleDetails-calendar">0{n + 1}/2020</span><span class="VehicleDetailTable_item__4n35N" data-testid="VehicleDetails-gas_pump">Benzin</span></div></div></div>
<div class="ListItem_footer__F_wnl"><div class="SellerInfo_wrapper__XttVo">{seller_html}</div></div></div></article>""")
    spot = """<article class="cldt-summary-full-item ListItem_article__qyYw7 smyle-topspot" data-guid="ad-topspot" data-source="topspot"><div class="ListItem_header__J6xlG"><span class="TopspotLabel_label__I8Ioc">Anzeige</span><a href="https://www.autoscout24.de/leasing/angebote/cupra-born?utm_source=topspot&amp;utm_campaign=leasing" class="ListItem_title__ndA4s"><h2><span>CUPRA Born</span> <span>Leasing-Angebot</span></h2></a></div><div class="ListItem_details__bUbSt"><span class="PriceInfo_price__XU0aF">€ 299,-/mtl.</span></div></article>"""
    cards.insert(0, spot)
    body = f"""<div id="__next"><header class="hfo-header"><a href="/" class="hfo-header__logo" aria-label="AutoScout24 Startseite"></a><nav class="hfo-nav"><a href="/lst">Kaufen</a><a href="/verkaufen/">Verkaufen</a><a href="/leasing/">Leasing</a></nav></header>
<main class="ListPage_main___0g2X"><div class="ListHeader_top__N6YWA"><h1 class="ListHeader_header__jMtjE" data-testid="list-header-title">1.284 Angebote für Gebrauchtwagen in Köln</h1></div>
<div class="ListPage_container__Optya"><aside class="ListPage_filters__t8Dmu" data-testid="filters"><h2>Filter</h2><div>Preis bis <input name="priceto"></div></aside>
<div class="ListPage_list__ddMrg">
{chr(10).join(cards)}
</div></div>
<p class="ListPage_disclaimer__V1kvL"><sup>1</sup> Inkl. 19% MwSt.</p></main></div>"""
    html = page("Gebrauchtwagen in Köln kaufen - AutoScout24", "de-DE", body)
    write_page(
        "autoscout24",
        "AutoScout24 list page (Next.js CSS modules, financing next to price, Anzeige top spot)",
        f"{base}/lst?atype=C&cy=D&zip=K%C3%B6ln&zipr=50",
        html,
        items,
        volatile_params=(
            "sort",
            "desc",
            "lastSeenGuidPresent",
            "cldtidx",
            "position",
            "search_id",
            "source_otp",
            "ap_tier",
            "source",
            "order_bucket",
        ),
    )


def mobile_de() -> None:
    base = "https://suchen.mobile.de"
    rows = [
        (
            "398765432",
            "BMW 320d Touring Sport Line",
            "18.490 €",
            "18490",
            "20.900 €",
            "Autohaus Schneider GmbH",
        ),
        ("398776543", "Audi A4 Avant 2.0 TDI S tronic", "22.950 €", "22950", None, "Audi Zentrum Nord"),
        (
            "398787654",
            "Ford Focus Turnier 1.0 EcoBoost Titanium",
            "12.800 €",
            "12800",
            None,
            "Privatanbieter",
        ),
        (
            "398798765",
            "Mazda CX-5 2.0 SKYACTIV-G Exclusive-Line",
            "24.690 €",
            "24690",
            "25.990 €",
            "Mazda Autohaus Becker",
        ),
        ("398809876", "Fiat 500 1.2 Lounge", "7.450 €", "7450", None, "Privatanbieter"),
        ("398810987", "Volvo V60 D4 Momentum", "19.900 €", "19900", None, "Volvo Car Hamburg"),
    ]
    items, cards = [], []
    for n, (vid, title, shown, price, old, seller) in enumerate(rows):
        img = f"https://img.classistatic.de/api/v1/mo-prod/images/{vid[-2:]}/{vid[-4:-2]}{n}d7e6-{vid}?rule=mo-240.jpg"
        items.append(
            Item(
                f"{base}/fahrzeuge/details.html?id={vid}",
                title,
                price,
                "EUR",
                img,
                seller=None if seller == "Privatanbieter" else seller,
                alternatives=(img.replace("mo-240", "mo-360"),),
            )
        )
        old_html = f'<span class="u-block u-text-line-through u-text-grey-60">{old}</span>' if old else ""
        top = " cBox-body--topResultitem" if n == 0 else ""
        cards.append(f"""<div class="cBox-body cBox-body--resultitem{top} dealerAd rbt-reg rbt-no-top"><a class="link--muted no--text--decoration result-item" data-ad-id="{vid}" data-listing-id="{vid}" data-vehicle-category="Car" href="{base}/fahrzeuge/details.html?id={vid}&amp;damageUnrepaired=NO_DAMAGE_UNREPAIRED&amp;isSearchRequest=true&amp;pageNumber=1&amp;ref=srp&amp;refId=a{n}9b2c4d-7e1f&amp;s=Car&amp;sb=rel&amp;searchId=5f3e{n}c1a-22b7&amp;vc=Car">
<div class="g-row"><div class="g-col-4"><div class="image-block"><img class="img-responsive img-thumbnail img-lazy" data-src="{img}" src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7" alt="{h(title)}"><noscript><img class="img-responsive img-thumbnail" src="{img}" alt="{h(title)}"></noscript></div></div>
<div class="g-col-8"><div class="g-row"><div class="g-col-8"><div class="headline-block u-margin-bottom-9"><span class="h3 u-text-break-word">{h(title)}</span>{'<span class="new-headline-label">Neu</span>' if n == 2 else ""}</div>
<div class="rbt-regMilPow">EZ 0{n + 1}/2019, {40000 + 9000 * n:,} km, {110 + 10 * n} kW ({150 + 14 * n} PS)</div><div class="vehicle-data--ad-with-price-rating-label">Kombi, Diesel, Automatik, HU 0{n + 2}/2027</div></div>
<div class="g-col-4"><div class="price-block u-margin-bottom-9"><span class="h3 u-block" data-testid="price-label">{shown}</span>{old_html}<span class="u-block u-text-grey-60">Brutto</span><span class="u-block u-text-grey-60">{int(int(price) / 1.19):,} € (Netto), 19% MwSt.</span></div>
<div class="mde-price-rating__badge mde-price-rating__badge--{2 + n % 2}"><span class="mde-price-rating__title">{"Guter Preis" if n % 2 else "Fairer Preis"}</span></div></div></div>
<div class="g-row"><div class="g-col-12"><div class="dealer-info"><span class="u-text-bold">{h(seller)}</span>, DE-2{n}095 Hamburg</div></div></div></div></div></a></div>""")
    body = f"""<header class="header"><a href="https://www.mobile.de/" class="header-logo" title="mobile.de"></a><nav><a href="https://www.mobile.de/auto/">Fahrzeug suchen</a><a href="https://www.mobile.de/verkaufen/">Fahrzeug verkaufen</a></nav></header>
<div class="viewport"><div class="g-row"><div class="g-col-3 cBox cBox--filter"><div class="cBox-body"><h3>Filter</h3><label>Preis bis<select name="maxPrice"><option>beliebig</option></select></label></div></div>
<div class="g-col-9"><section class="cBox cBox--content cBox--resultList"><header class="cBox-header"><h1 class="h2 u-text-bold">6 Angebote</h1></header>
{chr(10).join(cards)}
</section></div></div></div>"""
    html = page("Gebrauchtwagen kaufen bei mobile.de", "de", body)
    write_page(
        "mobile_de",
        "mobile.de search (result-item links with ?id= and volatile params, lazy images)",
        f"{base}/fahrzeuge/search.html?dam=false&isSearchRequest=true&ref=quickSearch&s=Car&sb=rel&vc=Car",
        html,
        items,
        volatile_params=(
            "damageUnrepaired",
            "isSearchRequest",
            "pageNumber",
            "ref",
            "refId",
            "s",
            "sb",
            "searchId",
            "vc",
        ),
    )


def indeed_jobs() -> None:
    base = "https://www.indeed.com"
    rows = [
        (
            "a1b2c3d4e5f60718",
            "Warehouse Associate",
            "Acme Logistics",
            "Columbus, OH 43215",
            "$18 - $21 an hour",
        ),
        (
            "b2c3d4e5f6071829",
            "Forklift Operator - 2nd Shift",
            "Buckeye Freight Inc.",
            "Grove City, OH",
            "$20.50 an hour",
        ),
        (
            "c3d4e5f60718293a",
            "Shipping & Receiving Clerk",
            "Midwest Paper Co",
            "Columbus, OH 43228",
            "From $42,000 a year",
        ),
        ("d4e5f60718293a4b", "Inventory Control Specialist", "Acme Logistics", "Obetz, OH", None),
        (
            "e5f60718293a4b5c",
            "Delivery Driver (CDL B)",
            "Scioto Distribution",
            "Hilliard, OH 43026",
            "$1,150 a week",
        ),
        (
            "f60718293a4b5c6d",
            "Warehouse Team Lead",
            "Great Lakes Supply",
            "Columbus, OH 43207",
            "$24 - $27 an hour",
        ),
        (
            "0718293a4b5c6d7e",
            "Order Picker - Weekend Shift",
            "Buckeye Freight Inc.",
            "Groveport, OH",
            "$19 an hour",
        ),
    ]
    items, cards = [], []
    for n, (jk, title, company, place, salary) in enumerate(rows):
        items.append(Item(f"{base}/rc/clk?jk={jk}", title, None, None, None, seller=company))
        salary_html = (
            f'<div class="metadata salary-snippet-container css-5zy3wz eu4oa1w0"><div data-testid="attribute_snippet_testid" class="css-18z4q2i eu4oa1w0">{salary}</div></div>'
            if salary
            else ""
        )
        cards.append(f"""<li class="css-1ac2h1w eu4oa1w0"><div class="cardOutline tapItem dd-privacy-allow result job_{jk} resultWithShelf sponTapItem desktop vjs-highlight css-1ywhb8x eu4oa1w0"><div class="slider_container css-12igfu5 eu4oa1w0"><div class="slider_list css-1wst5hx eu4oa1w0"><div data-testid="slider_item" class="slider_item css-17bghu4 eu4oa1w0"><div class="job_seen_beacon"><table class="mainContentTable css-131ju4w eu4oa1w0" cellpadding="0" cellspacing="0" role="presentation"><tbody><tr><td class="resultContent css-1o6lhys eu4oa1w0">
<div class="css-pt3vth e37uo190"><h2 class="jobTitle css-1psdjh5 eu4oa1w0" tabindex="-1"><a id="job_{jk}" data-mobtk="1id{n}abc" data-jk="{jk}" data-ci="39{n}1" data-hiring-event="false" role="button" aria-label="full details of {h(title)}" class="jcs-JobTitle css-1baag51 eu4oa1w0" href="/rc/clk?jk={jk}&amp;bb=Xq{n}vT0pLm9aK2uY3r_wB7dE&amp;xkcb=SoDl67M3{n}kQw&amp;fccid=9f{n}b1c2d3e4f5a6b&amp;vjs=3"><span title="{h(title)}" id="jobTitle-{jk}">{h(title)}</span></a></h2></div>
<div class="company_location css-i375s1 e37uo190"><div><span data-testid="company-name" class="css-1h7lukg eu4oa1w0">{h(company)}</span><div data-testid="text-location" class="css-1restlb eu4oa1w0">{place}</div></div></div>
<div class="heading6 tapItem-gutter metadataContainer css-z5ecg7 eym4k0m0">{salary_html}<div class="metadata css-5zy3wz eu4oa1w0"><div data-testid="attribute_snippet_testid" class="css-18z4q2i eu4oa1w0">Full-time</div></div></div>
</td></tr></tbody></table>
<table class="jobCardShelfContainer css-1bhwxv8 eu4oa1w0" role="presentation"><tbody><tr class="underShelfFooter"><td><div class="heading6 tapItem-gutter result-footer"><div class="css-9446fg eu4oa1w0"><ul style="list-style-type:circle;margin-top: 0px;margin-bottom: 0px;padding-left:20px;"><li>Lift up to 50 lbs and operate RF scanners.</li></ul></div><span class="date"><span class="visually-hidden">Posted</span>Posted {n + 1} days ago</span></div></td></tr></tbody></table>
</div></div></div></div></div></li>""")
    body = f"""<div id="gnav-main-container"><header class="gnav-header"><a href="/" aria-label="Indeed Home">Indeed</a><nav><a href="/">Find jobs</a><a href="/companies">Company reviews</a><a href="/career/salaries">Find salaries</a></nav></header></div>
<div id="jobsearch-Main" class="jobsearch-Main"><form id="jobsearch" action="/jobs"><input name="q" value="warehouse"><input name="l" value="Columbus, OH"></form>
<div class="jobsearch-JobCountAndSortPane-jobCount css-13jafh6 eu4oa1w0"><span>1,207 jobs</span></div>
<div id="mosaic-provider-jobcards" class="mosaic mosaic-provider-jobcards mosaic-provider-hydrated"><ul class="css-zu9cdh eu4oa1w0">
{chr(10).join(cards)}
</ul></div>
<nav role="navigation" aria-label="pagination"><ul class="css-1g90gv6 eu4oa1w0"><li><a data-testid="pagination-page-next" aria-label="Next Page" href="/jobs?q=warehouse&amp;l=Columbus%2C+OH&amp;start=10">Next</a></li></ul></nav></div>"""
    html = page(
        "Warehouse Jobs, Employment in Columbus, OH | Indeed",
        "en",
        body,
        body_attrs=' class="jobsearch-serp has-filters"',
    )
    write_page(
        "indeed_jobs",
        "Indeed-style job board (salaries, no prices)",
        f"{base}/jobs?q=warehouse&l=Columbus%2C+OH",
        html,
        items,
        volatile_params=("bb", "xkcb", "fccid", "vjs"),
    )


def catawiki_auction() -> None:
    base = "https://www.catawiki.com"
    rows = [
        (
            "87654321",
            "omega-seamaster-automatic-1968",
            "Omega - Seamaster - 166.010 - Men - 1960-1969",
            "420",
            "No reserve price",
            "2 days left",
        ),
        (
            "87654399",
            "rolex-oyster-precision-1962",
            "Rolex - Oyster Precision - 6426 - Men - 1960-1969",
            "1250",
            None,
            "5 hours left",
        ),
        (
            "87654477",
            "seiko-5-sports-diver-1974",
            "Seiko - 5 Sports Diver - 6119-8460 - Men - 1970-1979",
            "95",
            "No reserve price",
            "1 day left",
        ),
        (
            "87654555",
            "tissot-visodate-1959",
            "Tissot - Visodate - Men - 1950-1959",
            "310",
            None,
            "3 days left",
        ),
        (
            "87654633",
            "longines-conquest-1956",
            "Longines - Conquest - 9000 - Men - 1950-1959",
            "780",
            None,
            "6 hours left",
        ),
        (
            "87654711",
            "zenith-defy-1971",
            "Zenith - Defy - A3642 - Men - 1970-1979",
            "640",
            "No reserve price",
            "4 days left",
        ),
    ]
    items, cards = [], []
    for n, (lid, slug, title, bid, badge, left) in enumerate(rows):
        img = f"https://assets.catawiki.com/image/cw_ldp_l/plain/assets/catawiki/assets/2026/11/2{n}/{lid[-1]}/{lid[-2]}/{lid[-3]}/{lid}b{n}.jpg"
        items.append(Item(f"{base}/en/l/{lid}-{slug}", title, bid, "EUR", img))
        badge_html = f'<span class="c-lot-card__badge u-typography-label">{badge}</span>' if badge else ""
        estimate = f"Estimate €{int(bid) * 2:,} - €{int(bid) * 3:,}"
        cards.append(f"""<div class="feed-item" data-testid="lot-card-container"><article class="c-lot-card__container" data-testid="lot-card" data-lot-id="{lid}">
<a class="c-lot-card" href="/en/l/{lid}-{slug}?utm_source=catawiki&amp;utm_medium=category_page&amp;cw_pos={n + 1}" target="_self">
<div class="c-lot-card__image-container"><div class="c-lot-card__image" style="background-image: url(&quot;{img}&quot;)" role="img" aria-label="{h(title)}"></div>{badge_html}</div>
<div class="c-lot-card__content"><p class="c-lot-card__title u-typography-h6">{h(title)}</p><p class="c-lot-card__subtitle u-typography-body-small">{estimate}</p>
<div class="c-lot-card__price-container"><p class="c-lot-card__price-label u-typography-caption">Current bid</p><p class="c-lot-card__price u-typography-h5">€ {int(bid):,}</p></div>
<p class="c-lot-card__closing-time u-typography-caption">{left}</p></div></a>
<button class="c-lot-card__favorite" aria-label="Add to favourites" type="button"></button></article></div>""")
    body = f"""<header class="u-app-header"><a class="u-app-header__logo" href="/en/" aria-label="Catawiki"></a><form action="/en/s" class="search-bar"><input name="q" placeholder="Search for brand, model, artist..."></form></header>
<main class="u-app-main"><nav class="c-breadcrumbs"><a href="/en/">Home</a> › <a href="/en/c/333-watches">Watches</a> › <span>Vintage watches</span></nav>
<h1 class="u-typography-h2">Vintage watches auctions</h1>
<section class="c-lot-feed" data-testid="lot-feed"><div class="c-lot-feed__items">
{chr(10).join(cards)}
</div></section>
<section class="c-recently-viewed" data-testid="recently-viewed"><h2 class="u-typography-h4">Recently viewed</h2><div class="c-recently-viewed__items"><article class="c-lot-card__container"><a class="c-lot-card" href="/en/l/86000001-cartier-tank-1990"><div class="c-lot-card__image" style="background-image: url(&quot;https://assets.catawiki.com/image/cw_ldp_l/plain/assets/catawiki/assets/2026/10/01/a/b/c/rv1.jpg&quot;)"></div><p class="c-lot-card__title">Cartier - Tank - Women - 1990-1999</p><p class="c-lot-card__price">€ 1,900</p></a></article><article class="c-lot-card__container"><a class="c-lot-card" href="/en/l/86000002-heuer-carrera-1970"><div class="c-lot-card__image" style="background-image: url(&quot;https://assets.catawiki.com/image/cw_ldp_l/plain/assets/catawiki/assets/2026/10/01/a/b/d/rv2.jpg&quot;)"></div><p class="c-lot-card__title">Heuer - Carrera - Men - 1970-1979</p><p class="c-lot-card__price">€ 2,400</p></a></article></div></section>
</main>"""
    html = page("Vintage watches auctions | Catawiki", "en", body)
    write_page(
        "catawiki_auction",
        "Auction site (Catawiki style: current bid, estimates, CSS background images)",
        f"{base}/en/c/333-watches",
        html,
        items,
        volatile_params=("cw_pos",),
    )


PAGES = [
    facebook_marketplace,
    zillow,
    rightmove,
    idealista,
    autoscout24,
    mobile_de,
    indeed_jobs,
    catawiki_auction,
]
