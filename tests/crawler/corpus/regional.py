"""Regional shops and encodings (Rakuten, EC-CUBE in EUC-JP, 1C-Bitrix in windows-1251, Shoptet in
ISO-8859-2), offers only in page state, a JavaScript-rendered page and a search with one result."""

from __future__ import annotations

import json
from typing import Any

from tests.crawler.corpus.kit import Item, h, write_page
from tests.crawler.corpus.marketplaces import page


def rakuten_search() -> None:
    rows = [
        (
            "kaden-star",
            "ketl-sus10",
            "【送料無料】ステンレス 電気ケトル 1.0L 空焚き防止",
            "3,980",
            "3980",
            "家電のスター",
            "39",
        ),
        ("kitchen-moa", "10001234", "南部鉄器 急須 0.65L 伝統工芸", "8,800", "8800", "キッチン雑貨MOA", "88"),
        ("ochaya-kyoto", "sencha-100g", "宇治煎茶 100g 京都 老舗 お茶", "1,620", "1620", "京都お茶屋", "16"),
        ("kaden-star", "rice-cooker-5go", "圧力IH炊飯器 5.5合 黒", "24,800", "24800", "家電のスター", "248"),
        (
            "zakka-hinata",
            "mug-hasami-01",
            "波佐見焼 マグカップ 300ml 白",
            "2,200",
            "2200",
            "雑貨ひなた",
            "22",
        ),
        ("ochaya-kyoto", "matcha-set", "抹茶 茶道具セット 初心者向け", "5,500", "5500", "京都お茶屋", "55"),
    ]
    items, cards = [], []
    for n, (shop, code, title, shown, price, shop_name, points) in enumerate(rows):
        url = f"https://item.rakuten.co.jp/{shop}/{code}/"
        img = f"https://tshop.r10s.jp/{shop}/cabinet/item/{code}_01.jpg?fitin=275:275"
        items.append(Item(url, title, price, "JPY", img, seller=shop_name))
        cards.append(f"""<div class="searchresultitem" data-id="{900000 + n}" data-shop-id="{shop}" data-track-trigger="impression">
<div class="image"><a href="{url}?s-id=ph_pc_itemname&amp;rafcid=wsc_i_is_10{n}8123456789" data-track-trigger="click"><img src="{img}" alt="{h(title)}" class="_verticallyaligned" loading="lazy"></a></div>
<div class="content title"><h2 class="title-link-wrapper--2sUFJ title-link-wrapper-grid--db8v2"><a href="{url}?s-id=ph_pc_itemname&amp;rafcid=wsc_i_is_10{n}8123456789" title="{h(title)}" class="title-link--3Ho6z" data-track-trigger="click">{h(title)}</a></h2></div>
<div class="content description price"><div class="price-wrapper--2ZBAa"><div class="price--OX_YW"><span class="price--3zUvK">{shown}<span class="price-unit--11qzK">円</span></span></div><div class="points--AHzKn points-grid--2HUFE"><span class="points-text">{points}ポイント(1倍)</span></div></div>
<div class="dui-tags"><span class="dui-tag -shipping">送料無料</span>{'<span class="dui-tag -coupon">クーポン利用で10%OFF</span>' if n % 2 else ""}</div></div>
<div class="content review"><a href="https://review.rakuten.co.jp/item/1/{shop}_{code}/1.1/" class="dui-rating-filter"><span class="score">4.{n + 3}</span><span class="legend">({120 + 31 * n}件)</span></a></div>
<div class="content merchant _ellipsis"><a href="https://www.rakuten.co.jp/{shop}/" class="merchant-link--2dH2Q">{shop_name}</a></div>
</div>""")
    pr = """<div class="searchresultitem rpp-item" data-id="rpp-1"><span class="dui-tag -pr">PR</span><div class="image"><a href="https://rd.rakuten.co.jp/s/?R2=https%3A%2F%2Fitem.rakuten.co.jp%2Fad-shop%2Fkettle-2%2F&amp;D2=3.8611.68708.907010.32076069&amp;C3=abc"><img src="https://tshop.r10s.jp/ad-shop/cabinet/kettle-2.jpg?fitin=275:275" alt="電気ケトル 広告"></a></div><div class="content title"><h2><a href="https://rd.rakuten.co.jp/s/?R2=https%3A%2F%2Fitem.rakuten.co.jp%2Fad-shop%2Fkettle-2%2F&amp;D2=3.8611.68708.907010.32076069&amp;C3=abc">温度調節 電気ケトル おしゃれ</a></h2></div><div class="content description price"><span class="price--3zUvK">4,580<span class="price-unit--11qzK">円</span></span></div></div>"""
    cards.insert(0, pr)
    body = f"""<div id="risFil"><header class="ri-cmn-hdr"><a href="https://www.rakuten.co.jp/" class="ri-cmn-hdr-logo">楽天市場</a><form action="https://search.rakuten.co.jp/search/mall/" method="get"><input type="text" name="sitem" value="キッチン" class="ri-cmn-hdr-search-input"></form></header></div>
<div class="dui-container main"><div class="dui-container nav"><nav class="breadcrumb"><a href="https://www.rakuten.co.jp/">楽天市場</a> &gt; <span>「キッチン」の検索結果</span></nav></div>
<div class="dui-container searchresults"><div class="searchresultitems">
{chr(10).join(cards)}
</div></div></div>"""
    html = page("【楽天市場】キッチンの通販", "ja", body)
    write_page(
        "rakuten_search",
        "Rakuten Ichiba search (円, points, rafcid, PR ads)",
        "https://search.rakuten.co.jp/search/mall/%E3%82%AD%E3%83%83%E3%83%81%E3%83%B3/",
        html,
        items,
        volatile_params=("s-id", "rafcid"),
    )


def eccube_eucjp() -> None:
    base = "https://www.wagashi-tsukiya.jp"
    rows = [
        (12, "栗きんとん 6個入", "3,240", "3240", "3,780"),
        (15, "本練り羊羹 竹皮包み", "2,160", "2160", None),
        (18, "季節の上生菓子 5個詰合せ", "2,700", "2700", None),
        (21, "どら焼き 10個入 化粧箱", "2,480", "2480", "2,980"),
        (24, "最中 詰め合わせ 12個", "3,000", "3000", None),
    ]
    items, cards = [], []
    for pid, title, shown, price, normal in rows:
        url = f"{base}/products/detail.php?product_id={pid}"
        img = f"{base}/upload/save_image/{pid:04d}_main.jpg"
        items.append(Item(url, title, price, "JPY", img))
        session = "3b1f9c0d7e2a4b6c8d0e1f2a3b4c5d6e"  # PHP's trans-sid: the session id in every link
        normal_html = (
            f'<div class="pricebox normal_price"><span class="mini">通常価格(税込)：<span class="price" style="text-decoration: line-through;"><span id="price01_default_{pid}">{normal}</span>円</span></span></div>'
            if normal
            else ""
        )
        cards.append(f"""<div class="list_area clearfix"><a name="product{pid}"></a>
<div class="listphoto"><a href="{base}/products/detail.php?product_id={pid}&amp;PHPSESSID={session}"><img src="{base}/upload/save_image/{pid:04d}_main.jpg" alt="{h(title)}" class="picture" /></a></div>
<div class="listrightbloc"><div class="status_icon clearfix"><ul><li><img src="{base}/user_data/packages/default/img/icon/ico_04.gif" width="65" height="17" alt="限定品" /></li></ul></div>
<h3><a href="{base}/products/detail.php?product_id={pid}&amp;PHPSESSID={session}">{h(title)}</a></h3>
{normal_html}<div class="pricebox sale_price">販売価格(税込)：<span class="price"><span id="price02_default_{pid}">{shown}</span>円</span></div>
<div class="listcomment">職人が一つ一つ手作りしております。賞味期限は製造日より七日間です。</div>
<div class="cart_area clearfix"><form name="product_form{pid}" action="?" onsubmit="return false;"><input type="hidden" name="product_id" value="{pid}" /><div class="cartin_btn"><img src="{base}/user_data/packages/default/img/button/btn_cartin.jpg" alt="カゴに入れる" onclick="fnInCart(this.form); return false;" /></div></form></div></div>
</div>""")
    html = f"""<?xml version="1.0" encoding="EUC-JP"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" lang="ja" xml:lang="ja">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=EUC-JP" />
<title>和菓子 月屋 / 商品一覧ページ</title>
<link rel="stylesheet" href="{base}/user_data/packages/default/css/import.css" type="text/css" media="all" />
</head>
<body class="LC_Page_Products_List">
<div class="frame_outer"><a name="top" id="top"></a>
<div id="header_wrap"><div id="header" class="clearfix"><div id="logo_area"><p id="site_description">創業明治二十年 和菓子の店</p><h1><a href="{base}/"><span>和菓子 月屋</span></a></h1></div>
<div id="header_utility"><div id="headerInternalColumn"></div><div id="header_navi"><ul><li class="mypage"><a href="{base}/mypage/login.php">MYページ</a></li><li><a href="{base}/cart/">カゴの中を見る</a></li></ul></div></div></div></div>
<div id="container" class="clearfix"><div id="leftcolumn" class="side_column"><div class="block_outer"><div id="category_area"><div class="block_body"><h2>商品カテゴリ</h2><ul id="categorytree"><li class="level1 onmark"><p><a href="{base}/products/list.php?category_id=1" class="onlink">和菓子(5)</a></p></li></ul></div></div></div></div>
<div id="main_column" class="colnum2 right"><div id="undercolumn"><form name="form1" id="form1" method="get" action="?"><input type="hidden" name="mode" value="" /></form>
<h2 class="title">和菓子</h2>
<div class="pagenumber_area clearfix"><div class="change">並び順：<a href="javascript:fnChangeOrderby('price');">価格順</a>&nbsp;<strong>新着順</strong></div><p><span class="attention">5件</span>の商品がございます。</p></div>
{chr(10).join(cards)}
</div></div></div>
<div id="footer_wrap"><div id="footer" class="clearfix"><div id="copyright">Copyright &copy; 2026 和菓子 月屋 All rights reserved.</div></div></div>
</div>
</body>
</html>
"""
    write_page(
        "eccube_eucjp",
        "EC-CUBE 2 product list in EUC-JP (charset only in <meta>)",
        f"{base}/products/list.php?category_id=1",
        html,
        items,
        encoding=None,
        file_encoding="euc_jp",
        volatile_params=("PHPSESSID",),
    )


def bitrix_cp1251() -> None:
    base = "https://www.teplo-dom.ru"
    rows = [
        (
            "elektrochaynik-polaris-pwk-1725",
            "Электрочайник Polaris PWK 1725",
            "2 490 руб.",
            "2490",
            "2 990 руб.",
        ),
        ("mikrovolnovka-lg-ms2042", "Микроволновая печь LG MS2042DB", "7 990 руб.", "7990", None),
        ("blender-bosch-msm66110", "Погружной блендер Bosch MSM66110", "от 3 290 руб.", "3290", None),
        (
            "multivarka-redmond-rmc-m90",
            "Мультиварка Redmond RMC-M90",
            "5 490 &#8381;",
            "5490",
            "6 200 &#8381;",
        ),
        ("kofemashina-delonghi-ecam", "Кофемашина De'Longhi ECAM 22.110", "Цена по запросу", None, None),
        ("toster-philips-hd2581", "Тостер Philips HD2581", "2 190 руб.", "2190", None),
        ("utyug-tefal-fv4980", "Утюг Tefal FV4980", "3 890 руб.", "3890", None),
    ]
    items, cards = [], []
    for n, (slug, title, shown, price, old) in enumerate(rows):
        url = f"{base}/catalog/melkaya-tekhnika/{slug}/"
        img = f"{base}/upload/iblock/{n}a{n + 1}/{slug}.jpg"
        items.append(Item(url, title, price, "RUB" if price else None, img))
        old_style = "" if old else ' style="display: none;"'
        cards.append(f"""<div class="col-xs-12 col-sm-6 col-md-4 product-item-small-card"><div class="product-item-container" id="bx_3966226736_{1100 + n}_7e1b8e3524755c391129a9d7e6f2d206" data-entity="item">
<div class="product-item"><a class="product-item-image-wrapper" href="{url}" title="{h(title)}" data-entity="image-wrapper"><span class="product-item-image-slider-slide-container slide" id="bx_{1100 + n}_pict_slider" style="display: none;" data-slider-interval="3000" data-slider-wrap="true"></span>
<span class="product-item-image-original" id="bx_{1100 + n}_pict" style="background-image: url('/upload/iblock/{n}a{n + 1}/{slug}.jpg'); "></span><div class="product-item-label-ring product-item-label-small product-item-label-bottom product-item-label-right" id="bx_{1100 + n}_dsc_pict"{old_style}><span>-17%</span></div></a>
<div class="product-item-title"><a href="{url}" title="{h(title)}">{h(title)}</a></div>
<div class="product-item-info-container product-item-price-container" data-entity="price-block"><span class="product-item-price-old" id="bx_{1100 + n}_price_old"{old_style}>{old or ""}</span>&nbsp;<span class="product-item-price-current" id="bx_{1100 + n}_price">{shown}</span></div>
<div class="product-item-info-container product-item-hidden" data-entity="buttons-block"><div class="product-item-button-container" id="bx_{1100 + n}_basket_actions"><a class="btn btn-default btn-sm" id="bx_{1100 + n}_buy_link" href="javascript:void(0)" rel="nofollow">В корзину</a></div></div>
</div></div></div>""")
    html = f"""<!DOCTYPE html>
<html xml:lang="ru" lang="ru">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=windows-1251" />
<title>Мелкая бытовая техника — купить в интернет-магазине Тепло Дом</title>
<link href="/bitrix/templates/eshop_bootstrap_v4/template_styles.css?17329" type="text/css" rel="stylesheet" />
<script type="text/javascript">var BX = BX || {{}}; BX.message({{'LANGUAGE_ID':'ru','SITE_ID':'s1'}});</script>
</head>
<body class="bx-background-image bx-theme-blue">
<div class="bx-wrapper" id="bx_eshop_wrap"><header class="bx-header"><div class="bx-header-section container"><div class="row"><div class="col-lg-3 col-md-3 col-sm-4 col-xs-12"><div class="bx-logo"><a class="bx-logo-block hidden-xs" href="/"><img src="/include/logo.png" alt="Тепло Дом"></a></div></div>
<div class="col-lg-3 col-md-3 hidden-sm hidden-xs"><div class="bx-inc-orginfo"><span class="bx-inc-orginfo-phone"><i class="fa fa-phone"></i> 8 (800) 555-00-00</span></div></div>
<div class="col-lg-3 col-md-3 col-sm-4 col-xs-12"><div id="bx_basketFKauiI" class="bx-basket bx-opener"><div class="basket-line"><a href="/personal/cart/">Корзина</a> <span>0 товаров на сумму 0 руб.</span></div></div></div></div>
<div class="row"><div class="col-md-12 hidden-xs"><div class="bx-top-nav bx-site" id="catalog_menu_LkGdQn"><nav class="bx-top-nav-container"><ul class="bx-nav-list-1-lvl"><li class="bx-nav-1-lvl"><a href="/catalog/krupnaya-tekhnika/"><span>Крупная техника</span></a></li><li class="bx-nav-1-lvl bx-active"><a href="/catalog/melkaya-tekhnika/"><span>Мелкая техника</span></a></li></ul></nav></div></div></div>
<div class="row"><div class="col-xs-12"><div class="bx-breadcrumb" itemprop="http://schema.org/breadcrumb" itemscope itemtype="http://schema.org/BreadcrumbList"><div class="bx-breadcrumb-item" id="bx_breadcrumb_0" itemprop="itemListElement" itemscope itemtype="http://schema.org/ListItem"><a href="/" title="Главная" itemprop="item"><span itemprop="name">Главная</span></a><meta itemprop="position" content="1" /></div><i class="fa fa-angle-right"></i><div class="bx-breadcrumb-item" id="bx_breadcrumb_1" itemprop="itemListElement" itemscope itemtype="http://schema.org/ListItem"><a href="/catalog/" title="Каталог" itemprop="item"><span itemprop="name">Каталог</span></a><meta itemprop="position" content="2" /></div></div>
<h1 class="bx-title dbg_title" id="pagetitle">Мелкая бытовая техника</h1></div></div></div></header>
<div class="workarea"><div class="container bx-content-section"><div class="row"><div class="bx-content col-md-9 col-sm-8"><div class="row"><div class="col-xs-12"><div class="catalog-section bx-blue" data-entity="container-1">
<div class="row product-item-list-col-3" data-entity="items-row">
{chr(10).join(cards)}
</div></div></div></div></div>
<div class="bx-sidebar col-md-3 col-sm-4 hidden-xs"><div class="bx-filter bx-blue"><div class="bx-filter-section container-fluid"><div class="bx-filter-title">Подбор параметров</div><div class="bx-filter-parameters-box-title">Цена</div><input class="min-price" type="text" name="arrFilter_P1_MIN" placeholder="1 990"><input class="max-price" type="text" name="arrFilter_P1_MAX" placeholder="7 990"></div></div></div>
</div></div></div>
<footer class="bx-footer"><div class="bx-footer-section container"><div class="col-sm-6 bx-up"><a href="javascript:void(0)">Наверх</a></div><div class="col-sm-6">&copy; Тепло Дом, 2026</div></div></footer></div>
</body>
</html>
"""
    write_page(
        "bitrix_cp1251",
        "1C-Bitrix eshop catalog.section in windows-1251 (руб./₽, background images)",
        f"{base}/catalog/melkaya-tekhnika/",
        html,
        items,
        encoding="windows-1251",
        file_encoding="cp1251",
    )


def shoptet_latin2() -> None:
    base = "https://www.kavarna-domov.cz"
    rows = [
        ("kavovar-delonghi-dedica", "Kávovar De'Longhi Dedica EC685", "4 490 Kč", "4490", "5 290 Kč"),
        ("mlynek-na-kavu-ruční", "Mlýnek na kávu ruční, keramický", "890 Kč", "890", None),
        ("french-press-1l", "French press 1 l, nerez", "549 Kč", "549", None),
        ("zrnkova-kava-brazilie-1kg", "Zrnková káva Brazílie 1 kg", "629 Kč", "629", "699 Kč"),
        ("konvicka-moka-6-salku", "Konvička moka na 6 šálků", "749 Kč", "749", None),
        ("pakovy-kavovar-profi", "Pákový kávovar Profi s mlýnkem", "Cena na dotaz", None, None),
    ]
    items, cards = [], []
    for n, (slug, title, shown, price, standard) in enumerate(rows):
        slug_ascii = slug.replace("í", "i").replace("č", "c")
        url = f"{base}/{slug_ascii}/"
        img = f"https://cdn.myshoptet.com/usr/www.kavarna-domov.cz/user/shop/detail_small/{120 + n}_{slug_ascii}.jpg?6731{n}"
        items.append(
            Item(
                url,
                title,
                price,
                "CZK" if price else None,
                img,
                alternatives=(img.replace("detail_small", "big"),),
            )
        )
        std = (
            f'<span class="price-standard"><span>{standard}</span></span><span class="price-save">&ndash;15 %</span>'
            if standard
            else ""
        )
        cards.append(f"""<div class="product"><div class="p" data-micro="product" data-micro-product-id="{120 + n}" data-micro-identifier="a7f{n}c2b1" data-testid="productItem">
<a href="/{slug_ascii}/" class="image"><img src="{img}" alt="{h(title)}" data-micro-image="{img.replace("detail_small", "big")}" width="423" height="318" fetchpriority="low" /></a>
<div class="p-in"><div class="p-in-in"><a href="/{slug_ascii}/" class="name" data-micro="url"><span data-micro="name" data-testid="productCardName">{h(title)}</span></a>
<div class="ratings-wrapper"><div class="availability"><span style="color:#009901">Skladem</span></div></div></div>
<div class="p-bottom"><div data-micro="offer" data-micro-price="{price or ""}" data-micro-price-currency="CZK"><div class="prices">{std}<div class="price price-final" data-testid="productCardPrice"><strong>{shown}</strong></div></div>
<div class="p-tools"><form action="/action/Cart/addCartItem/" method="post" class="pr-action csrf-enabled"><input type="hidden" name="productId" value="{120 + n}" /><button type="submit" class="btn btn-cart add-to-cart-button" data-testid="buttonAddToCart"><span>Do košíku</span></button></form></div></div></div></div>
</div></div>""")
    html = f"""<!doctype html>
<html lang="cs">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-2">
<title>Kávovary a příslušenství - Kavárna domov</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
</head>
<body class="type-category one-column-body columns-3 ums_a11y_category_page blank-mode">
<div class="overall-wrapper"><header id="header"><div class="container navigation-wrapper"><div class="site-name"><a href="/" data-testid="linkWebsiteLogo"><img src="https://cdn.myshoptet.com/usr/www.kavarna-domov.cz/user/logos/logo.png" alt="Kavárna domov"></a></div>
<nav id="navigation"><ul class="menu-level-1"><li class="menu-item-701"><a href="/kavovary/">Kávovary</a></li><li class="menu-item-702"><a href="/kava/">Káva</a></li></ul></nav>
<div class="navigation-buttons"><a href="/kosik/" class="btn btn-icon toggle-window cart-count" data-testid="headerCart"><span class="cart-price">0 Kč</span></a></div></div></header>
<div id="content-wrapper" class="container content-wrapper"><div class="breadcrumbs navigation-home-icon-wrapper" itemscope itemtype="https://schema.org/BreadcrumbList"><span itemprop="itemListElement" itemscope itemtype="https://schema.org/ListItem"><a href="/" itemprop="item"><span itemprop="name">Domů</span></a><meta itemprop="position" content="1"></span> <span class="navigation-bullet">/</span> <span>Kávovary</span></div>
<main id="content" class="content wide"><div class="category-top"><h1 class="category-title" data-testid="titleCategory">Kávovary a příslušenství</h1></div>
<div id="filters-wrapper"><div class="filters-unveil-button-wrapper"><a href="#" class="btn btn-default unveil-button">Filtry</a></div><div id="filters" class="filters"><div class="slider-wrapper"><h4><span>Cena</span></h4><div class="slider-header"><span class="from">549 Kč</span><span class="to">4 490 Kč</span></div></div></div></div>
<div id="products" class="products products-page products-block" data-testid="productCards">
{chr(10).join(cards)}
</div></main></div>
<footer id="footer"><div class="container footer-bottom"><span id="signature" style="display: inline-block !important; visibility: visible !important;"><a href="https://www.shoptet.cz/">Vytvořil Shoptet</a></span></div></footer></div>
</body>
</html>
"""
    write_page(
        "shoptet_latin2",
        "Shoptet category in ISO-8859-2 (Kč, price on request)",
        f"{base}/kavovary/",
        html,
        items,
        encoding="iso-8859-2",
        file_encoding="iso8859_2",
    )


def next_data_store() -> None:
    base = "https://www.chaiwalastore.in"
    cdn = "https://cdn.chaiwalastore.in/images/products"
    # name, slug, price as the state holds it, price paid (rupees), compare-at paise
    rows: list[tuple[str, str, dict[str, Any], str, int | None]] = [
        (
            "Assam Breakfast Tea 250g",
            "assam-breakfast-250g",
            {"priceCents": 34900, "currency": "INR"},
            "349.00",
            39900,
        ),
        (
            "Darjeeling First Flush 100g",
            "darjeeling-first-flush-100g",
            {"price": {"amount": "649.00", "currencyCode": "INR"}},
            "649.00",
            None,
        ),
        (
            "Masala Chai Blend 500g",
            "masala-chai-500g",
            {"priceCents": 52500, "currency": "INR"},
            "525.00",
            None,
        ),
        (
            "Brass Tea Kettle 1.2L",
            "brass-tea-kettle",
            {"price": {"amount": 1899, "currencyCode": "INR"}},
            "1899",
            2499,
        ),
        ("Kulhad Clay Cups (Set of 6)", "kulhad-clay-cups-6", {"price": "₹399"}, "399", None),
        (
            "Nilgiri Green Tea 100g",
            "nilgiri-green-100g",
            {"priceCents": 27500, "currency": "INR"},
            "275.00",
            None,
        ),
        (
            "Tea Gift Hamper",
            "tea-gift-hamper",
            {"price": {"amount": "1,299.00", "currencyCode": "INR"}},
            "1299.00",
            1599,
        ),
        ("Cast Iron Tea Strainer", "cast-iron-strainer", {"price": "₹ 189.00"}, "189.00", None),
    ]
    items, products = [], []
    for n, (name, slug, price_shape, price, compare_at) in enumerate(rows):
        img = f"{cdn}/{slug}/{slug}-600.webp"
        items.append(Item(f"{base}/products/{slug}", name, price, "INR", img))
        product = {
            "id": f"gid://chaiwala/Product/{7100 + n}",
            "title": name,
            "handle": slug,
            "url": f"/products/{slug}",
            "available": True,
            "featuredImage": {"url": img, "altText": name, "width": 600, "height": 600},
            **price_shape,
        }
        if compare_at:
            product["compareAtPriceCents"] = compare_at
        products.append(product)
    state = {
        "props": {
            "pageProps": {
                "collection": {"handle": "all-teas", "title": "All Teas", "products": products},
                "recentlyViewed": [
                    {
                        "title": "Earl Grey 100g",
                        "url": "/products/earl-grey-100g",
                        "priceCents": 29900,
                        "currency": "INR",
                        "featuredImage": {"url": f"{cdn}/earl-grey-100g/earl-grey-100g-600.webp"},
                    }
                ],
                "locale": "en-IN",
            }
        },
        "page": "/collections/[handle]",
        "query": {"handle": "all-teas"},
        "buildId": "kP2x9Tq",
        "isFallback": False,
        "gssp": True,
    }
    skeleton = "".join(
        '<div class="ProductCard_skeleton__x1Lk2" aria-hidden="true"><div class="Skeleton_image__a9F3c"></div><div class="Skeleton_line__d2Ge1"></div></div>'
        for _ in range(4)
    )
    body = f"""<div id="__next"><div class="Layout_root__Q4zx1"><header class="Header_root__Vb3c1"><a href="/" class="Header_logo__n8Jp2" aria-label="Chaiwala Store home">Chaiwala</a><nav class="Header_nav__cK1p7"><a href="/collections/all-teas">Teas</a><a href="/collections/teaware">Teaware</a><a href="/pages/about">About</a></nav><a href="/cart" class="Header_cart__e4Tt0">Cart (0)</a></header>
<main class="Collection_root__Z1h3k"><h1 class="Collection_title__s9Pq2">All Teas</h1><div class="Collection_grid__m2Wx7" data-loading="true">{skeleton}</div></main>
<footer class="Footer_root__a1b2c"><p>© 2026 Chaiwala Store, Kolkata</p></footer></div></div>
<script id="__NEXT_DATA__" type="application/json">{json.dumps(state, ensure_ascii=False)}</script>"""
    html = page("All Teas – Chaiwala Store", "en-IN", body)
    write_page(
        "next_data_store",
        "Next.js store whose offers exist only in __NEXT_DATA__ (paise, {amount, currencyCode}, ₹ strings)",
        f"{base}/collections/all-teas",
        html,
        items,
    )


def initial_state_store() -> None:
    base = "https://www.corridaviva.com.br"
    cdn = "https://corridaviva.vteximg.com.br/arquivos/ids"
    rows = [
        (
            "Tênis de Corrida Aero Run Masculino",
            "tenis-corrida-aero-run-masculino",
            "R$ 399,90",
            "399.90",
            "R$ 499,90",
        ),
        ("Tênis de Corrida Leve Feminino", "tenis-corrida-leve-feminino", "R$ 349,90", "349.90", None),
        ("Camiseta Dry Fit Performance", "camiseta-dry-fit-performance", "R$ 89,90", "89.90", "R$ 119,90"),
        ("Meia de Compressão Pro", "meia-compressao-pro", "R$ 59,90", "59.90", None),
        ("Relógio GPS Trail 2", "relogio-gps-trail-2", "R$ 1.899,00", "1899.00", None),
        ("Boné Running Ultraleve", "bone-running-ultraleve", "R$ 79,90", "79.90", None),
        ("Mochila de Hidratação 5L", "mochila-hidratacao-5l", "R$ 229,90", "229.90", "R$ 259,90"),
    ]
    items, products = [], []
    for n, (name, slug, shown, price, list_price) in enumerate(rows):
        img = f"{cdn}/{16400 + n}-500-500/{slug}.jpg?v=6386{n}"
        items.append(Item(f"{base}/{slug}/p", name, price, "BRL", img))
        products.append(
            {
                "productId": str(3300 + n),
                "productName": name,
                "link": f"/{slug}/p",
                "linkText": slug,
                "items": [
                    {
                        "itemId": str(5500 + n),
                        "images": [{"imageUrl": img, "imageLabel": "principal"}],
                        "sellers": [
                            {
                                "sellerId": "1",
                                "sellerName": "Corrida Viva",
                                "commertialOffer": {
                                    "Price": shown,
                                    "ListPrice": list_price or shown,
                                    "Installments": [
                                        {
                                            "Value": f"R$ {float(price) / 10:.2f}".replace(".", ","),
                                            "NumberOfInstallments": 10,
                                        }
                                    ],
                                },
                            }
                        ],
                    }
                ],
            }
        )
    state = {
        "search": {"query": "corrida", "recordsFiltered": len(rows), "products": products},
        "minicart": {"items": []},
        "session": {"id": "b7f2c1e0-55aa"},
    }
    body = f"""<div class="render-container render-route-store-search"><div class="vtex-store-header-2-x-headerRowContainer"><a href="/" class="vtex-store-components-3-x-logoLink" aria-label="Corrida Viva">Corrida Viva</a><div class="vtex-store-components-3-x-searchBarContainer"><input placeholder="O que você procura?" value="corrida"></div></div>
<div class="vtex-search-result-3-x-container"><h1 class="vtex-search-result-3-x-galleryTitle--layout">Resultados para "corrida"</h1><div class="vtex-search-result-3-x-gallery vtex-search-result-3-x-gallery--grid" id="gallery-layout-container"><div class="vtex-search-result-3-x-loadingOverlay">Carregando produtos…</div></div></div>
<footer class="vtex-store-footer-2-x-footerLayout"><p>Corrida Viva Artigos Esportivos LTDA · CNPJ 00.000.000/0001-00</p></footer></div>
<script>window.__INITIAL_STATE__ = {json.dumps(state, ensure_ascii=False)};</script>"""
    html = page("Corrida - Corrida Viva", "pt-BR", body)
    write_page(
        "initial_state_store",
        "VTEX-like store with offers only in window.__INITIAL_STATE__ (R$ strings)",
        f"{base}/corrida?_q=corrida&map=ft",
        html,
        items,
    )


def js_rendered_shop() -> None:
    base = "https://www.nordiskform.se"
    rows = [
        ("Keramikvas Fjäll", "keramikvas-fjall", "249", "249", None),
        ("Ullfilt Skog, grön", "ullfilt-skog-gron", "899", "899", "1 099"),
        ("Ljusstake i mässing", "ljusstake-massing", "349", "349", None),
        ("Linneservett 4-pack", "linneservett-4-pack", "199", "199", None),
        ("Skärbräda ek", "skarbrada-ek", "429", "429", "499"),
        ("Pläd i alpacka", "plad-alpacka", "1 290", "1290", None),
    ]
    items, data = [], []
    for name, slug, shown, price, was in rows:
        img = f"https://cdn.nordiskform.se/media/{slug}_480.jpg"
        items.append(
            Item(
                f"{base}/produkt/{slug}",
                name,
                price,
                "SEK",
                img,
                alternatives=(f"https://cdn.nordiskform.se/media/{slug}_960.jpg",),
            )
        )
        data.append(
            {
                "n": name,
                "u": f"/produkt/{slug}",
                "p": f"{shown} kr",
                "w": f"{was} kr" if was else None,
                "i": f"https://cdn.nordiskform.se/media/{slug}",
            }
        )
    script = f"""<script>
(function () {{
  var products = {json.dumps(data, ensure_ascii=False)};
  var grid = document.getElementById("product-grid");
  var template = document.getElementById("product-card");
  grid.innerHTML = "";
  products.forEach(function (p) {{
    var card = template.content.firstElementChild.cloneNode(true);
    card.querySelector("a.product-card__link").href = p.u;
    var img = card.querySelector("img");
    img.src = p.i + "_480.jpg";
    img.srcset = p.i + "_480.jpg 480w, " + p.i + "_960.jpg 960w";
    img.alt = p.n;
    card.querySelector(".product-card__name").textContent = p.n;
    card.querySelector(".product-card__price").textContent = p.p;
    var was = card.querySelector(".product-card__was");
    if (p.w) {{ was.textContent = p.w; }} else {{ was.remove(); }}
    grid.appendChild(card);
  }});
}})();
</script>"""
    body = f"""<header class="site-header"><a href="/" class="site-header__logo">Nordisk Form</a><nav class="site-nav"><a href="/kategori/hem">Hem</a><a href="/kategori/kok">Kök</a><a href="/om-oss">Om oss</a></nav><a href="/varukorg" class="site-header__cart">Varukorg (0)</a></header>
<main class="category"><h1 class="category__title">Heminredning</h1>
<template id="product-card"><article class="product-card"><a class="product-card__link" href="#"><img class="product-card__image" src="" alt="" loading="lazy"><h3 class="product-card__name">Produktnamn</h3><p class="product-card__prices"><span class="product-card__price">0 kr</span> <s class="product-card__was">0 kr</s></p></a><button class="product-card__buy" type="button">Köp</button></article></template>
<div id="product-grid" class="product-grid"><p class="product-grid__loading">Laddar produkter…</p></div></main>
<footer class="site-footer"><p>Fri frakt över 499 kr · Nordisk Form AB</p></footer>
{script}"""
    html = page("Heminredning – Nordisk Form", "sv", body)
    write_page(
        "js_rendered_shop",
        "Shop whose cards are built by inline JavaScript from a <template> (render_js)",
        f"{base}/kategori/hem",
        html,
        items,
        render_js=True,
    )


def shopware_one_result() -> None:
    base = "https://www.teehaus-elbe.de"
    img = f"{base}/media/4f/a1/9c/1729000000/tee-set-sencha.jpg"
    items = [
        Item(
            f"{base}/Tee-Set-Sencha/SW10012",
            "Tee-Set Sencha mit Kyusu",
            "24.95",
            "EUR",
            f"{base}/thumbnail/4f/a1/9c/1729000000/tee-set-sencha_400x400.jpg",
            alternatives=(
                f"{base}/thumbnail/4f/a1/9c/1729000000/tee-set-sencha_800x800.jpg",
                f"{base}/thumbnail/4f/a1/9c/1729000000/tee-set-sencha_280x280.jpg",
                img,
            ),
        )
    ]
    card = f"""<div class="cms-listing-col col-sm-6 col-lg-4 col-xl-3"><div class="card product-box box-standard"><div class="card-body">
<div class="product-badges"><div class="badge bg-danger badge-discount"><span>&#37;</span></div></div>
<div class="product-image-wrapper"><a href="{base}/Tee-Set-Sencha/SW10012" title="Tee-Set Sencha mit Kyusu" class="product-image-link is-standard"><img src="{base}/thumbnail/4f/a1/9c/1729000000/tee-set-sencha_400x400.jpg" srcset="{base}/thumbnail/4f/a1/9c/1729000000/tee-set-sencha_800x800.jpg 800w, {base}/thumbnail/4f/a1/9c/1729000000/tee-set-sencha_400x400.jpg 400w, {base}/thumbnail/4f/a1/9c/1729000000/tee-set-sencha_280x280.jpg 280w" sizes="(min-width: 1200px) 284px, (min-width: 992px) 350px, 100vw" class="product-image is-standard" alt="Tee-Set Sencha mit Kyusu" title="Tee-Set Sencha mit Kyusu" loading="lazy" /></a></div>
<div class="product-info"><div class="product-rating"><span class="product-review-point"></span></div>
<a href="{base}/Tee-Set-Sencha/SW10012" class="product-name" title="Tee-Set Sencha mit Kyusu">Tee-Set Sencha mit Kyusu</a>
<div class="product-variant-characteristics"><div class="product-variant-characteristics-text"></div></div>
<div class="product-description">Japanischer Grüntee mit Kyusu-Kanne aus Tokoname-Ton, 100 g Sencha.</div>
<div class="product-price-info"><p class="product-price-unit"><span class="product-unit-label">Inhalt:</span><span class="price-unit-content">0.1 Kilogramm</span><span class="price-unit-reference">(249,50 €* / 1 Kilogramm)</span></p>
<div class="product-price-wrapper"><span class="product-price with-list-price">24,95 €*<span class="list-price"><span class="list-price-no-line-through">statt</span><span class="list-price-price">29,95 €*</span><span class="list-price-percentage">(16.69% gespart)</span></span></span></div></div>
<div class="product-action"><form action="{base}/checkout/line-item/add" method="post" class="buy-widget" data-add-to-cart="true"><input type="hidden" name="lineItems[a1b2][id]" value="a1b2"><button class="btn btn-buy" title="In den Warenkorb">In den Warenkorb</button></form></div>
</div></div></div></div>"""
    body = f"""<header class="header-main"><div class="container"><div class="row align-items-center header-row"><div class="col-12 col-lg-auto header-logo-col"><div class="header-logo-main"><a class="header-logo-main-link" href="{base}/" title="Zur Startseite gehen"><picture class="header-logo-picture"><img src="{base}/media/logo.png" alt="Zur Startseite gehen" class="img-fluid header-logo-main-img"></picture></a></div></div>
<div class="col-12 order-2 col-sm order-sm-1 header-search-col"><div class="collapse" id="searchCollapse"><div class="header-search"><form action="{base}/search" method="get" class="header-search-form"><input type="search" name="search" class="form-control header-search-input" value="sencha kyusu" placeholder="Suchbegriff eingeben ..." aria-label="Suchbegriff eingeben ..."></form></div></div></div></div></div></header>
<div class="nav-main"><div class="container"><nav class="nav main-navigation-menu"><a class="nav-link main-navigation-link" href="{base}/Gruener-Tee/"><div class="main-navigation-link-text"><span>Grüner Tee</span></div></a><a class="nav-link main-navigation-link" href="{base}/Teezubehoer/"><div class="main-navigation-link-text"><span>Teezubehör</span></div></a></nav></div></div>
<main class="content-main"><div class="container"><div class="container-main"><div class="cms-page"><div class="cms-section"><div class="cms-section-default boxed"><div class="cms-block">
<h1 class="search-headline">1 Produkt zu "sencha kyusu" gefunden</h1>
<div class="cms-element-product-listing-wrapper"><div class="cms-element-product-listing"><div class="row cms-listing-row js-listing-wrapper">
{card}
</div></div></div></div></div></div></div></div></div></main>
<footer class="footer-main"><div class="container"><div class="footer-vat"><p>* Alle Preise inkl. gesetzl. Mehrwertsteuer zzgl. <a href="{base}/Versand/">Versandkosten</a>.</p></div></div></footer>"""
    html = page(
        "Suchergebnisse für sencha kyusu | Teehaus Elbe",
        "de-DE",
        body,
        body_attrs=' class="is-ctl-search is-act-search"',
    )
    write_page(
        "shopware_one_result",
        "Shopware 6 search with exactly one result",
        f"{base}/search?search=sencha+kyusu",
        html,
        items,
    )


def oscommerce_latin2() -> None:
    base = "https://www.sklep-wedkarski.pl"
    session = "a8f3c91e07b24d5e6f1029384756abcd"
    rows = [
        # products_id, title, shown price html, price, image
        (
            42,
            "Wędka spinningowa Jaxon 2,40 m",
            '<del>399,00zł</del>&nbsp;&nbsp;<span class="productSpecialPrice">349,00zł</span>',
            "349.00",
            "wedka_jaxon.jpg",
        ),
        (57, "Kołowrotek Shimano Sienna 2500", "219,00zł", "219.00", "shimano_sienna.jpg"),
        (61, "Żyłka Dragon 0,25 mm / 150 m", "24,90zł", "24.90", "zylka_dragon.jpg"),
        (63, "Podbierak składany z siatką gumowaną", "1 299,00 PLN", "1299.00", "podbierak.jpg"),
        (
            70,
            "Przynęty gumowe - zestaw 20 szt.",
            '<del>59,00zł</del>&nbsp;&nbsp;<span class="productSpecialPrice">44,50zł</span>',
            "44.50",
            "gumy_zestaw.jpg",
        ),
        (74, "Krzesełko wędkarskie z oparciem", "159,00zł", "159.00", "krzeselko.jpg"),
        (78, "Echosonda Deeper Start", "Cena na zapytanie", None, "deeper_start.jpg"),
    ]
    items, rows_html = [], []
    for n, (pid, title, shown, price, image) in enumerate(rows):
        url = f"{base}/product_info.php?products_id={pid}"
        items.append(Item(url, title, price, "PLN" if price else None, f"{base}/images/{image}"))
        link = f"{base}/product_info.php?products_id={pid}&amp;osCsid={session}"
        rows_html.append(f"""  <tr class="productListing-{"odd" if n % 2 else "even"}">
    <td align="center" class="productListing-data">&nbsp;<a href="{link}"><img src="images/{image}" border="0" alt="{h(title)}" title=" {h(title)} " width="100" height="80"></a>&nbsp;</td>
    <td class="productListing-data">&nbsp;<a href="{link}">{h(title)}</a>&nbsp;</td>
    <td align="right" class="productListing-data">&nbsp;{shown}&nbsp;</td>
    <td align="center" class="productListing-data"><a href="{base}/index.php?cPath=21&amp;sort=2a&amp;action=buy_now&amp;products_id={pid}&amp;osCsid={session}"><img src="includes/languages/polish/images/buttons/button_buy_now.gif" border="0" alt="Kup teraz" title=" Kup teraz " width="60" height="14"></a>&nbsp;</td>
  </tr>""")
    html = f"""<!doctype html public "-//W3C//DTD HTML 4.01 Transitional//EN">
<html dir="LTR" lang="pl">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-2">
<title>Sklep Wędkarski Szczupak</title>
<base href="{base}/">
<link rel="stylesheet" type="text/css" href="stylesheet.css">
</head>
<body marginwidth="0" marginheight="0" topmargin="0" bottommargin="0" leftmargin="0" rightmargin="0">
<table border="0" width="100%" cellspacing="0" cellpadding="0">
  <tr class="header"><td valign="middle"><a href="{base}/index.php?osCsid={session}"><img src="images/store_logo.png" border="0" alt="Sklep Wędkarski Szczupak" title=" Sklep Wędkarski Szczupak " width="200" height="50"></a></td>
  <td align="right" valign="bottom"><a href="{base}/account.php?osCsid={session}"><img src="images/header_account.gif" border="0" alt="Moje konto" title=" Moje konto " width="30" height="30"></a>&nbsp;&nbsp;<a href="{base}/shopping_cart.php?osCsid={session}"><img src="images/header_cart.gif" border="0" alt="Koszyk" title=" Koszyk " width="30" height="30"></a></td></tr>
</table>
<table border="0" width="100%" cellspacing="0" cellpadding="1"><tr class="headerNavigation"><td class="headerNavigation">&nbsp;&nbsp;<a href="{base}/index.php?osCsid={session}" class="headerNavigation">Start</a> &raquo; <a href="{base}/index.php?cPath=21&amp;osCsid={session}" class="headerNavigation">Wędki i kołowrotki</a></td></tr></table>
<table border="0" width="100%" cellspacing="3" cellpadding="3">
  <tr>
    <td width="125" valign="top"><table border="0" width="125" cellspacing="0" cellpadding="2"><tr><td class="infoBoxHeading">Kategorie</td></tr><tr><td class="boxText"><a href="{base}/index.php?cPath=21&amp;osCsid={session}"><b>Wędki i kołowrotki</b></a>&nbsp;(7)<br><a href="{base}/index.php?cPath=22&amp;osCsid={session}">Przynęty</a>&nbsp;(31)<br></td></tr>
    <tr><td class="infoBoxHeading">Nowości</td></tr><tr><td align="center" class="boxText"><a href="{base}/product_info.php?products_id=91&amp;osCsid={session}"><img src="images/nowosc_91.jpg" border="0" alt="Spławik" width="100" height="80"></a><br><a href="{base}/product_info.php?products_id=91&amp;osCsid={session}">Spławik balsa 4 g</a><br>7,50zł</td></tr></table></td>
    <td width="100%" valign="top"><table border="0" width="100%" cellspacing="0" cellpadding="0">
      <tr><td class="pageHeading">Wędki i kołowrotki</td></tr>
      <tr><td><table border="0" width="100%" cellspacing="0" cellpadding="2" class="productListing">
  <tr>
    <td align="center" class="productListing-heading">&nbsp;&nbsp;</td>
    <td class="productListing-heading">&nbsp;<a href="{base}/index.php?cPath=21&amp;page=1&amp;sort=2a&amp;osCsid={session}" title="Sortuj produkty rosnąco według Nazwa produktu" class="productListing-heading">Nazwa produktu</a>&nbsp;</td>
    <td align="right" class="productListing-heading">&nbsp;<a href="{base}/index.php?cPath=21&amp;page=1&amp;sort=3a&amp;osCsid={session}" class="productListing-heading">Cena</a>&nbsp;</td>
    <td align="center" class="productListing-heading">&nbsp;Kup teraz&nbsp;</td>
  </tr>
{chr(10).join(rows_html)}
</table></td></tr>
      <tr><td class="smallText">Wyświetlono od <b>1</b> do <b>7</b> (z <b>7</b> produktów)</td></tr>
    </table></td>
  </tr>
</table>
<table border="0" width="100%" cellspacing="0" cellpadding="1"><tr class="footer"><td class="footer">&nbsp;&nbsp;sobota 29 listopada, 2026&nbsp;&nbsp;</td></tr></table>
</body>
</html>
"""
    write_page(
        "oscommerce_latin2",
        "osCommerce 2 table listing in ISO-8859-2 (zł, PLN after the number, osCsid session ids)",
        f"{base}/index.php?cPath=21",
        html,
        items,
        encoding="iso-8859-2",
        file_encoding="iso8859_2",
        volatile_params=("osCsid",),
    )


PAGES = [
    rakuten_search,
    eccube_eucjp,
    bitrix_cp1251,
    shoptet_latin2,
    oscommerce_latin2,
    next_data_store,
    initial_state_store,
    js_rendered_shop,
    shopware_one_result,
]
