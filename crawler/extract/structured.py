"""Offers from structured data: JSON-LD, microdata and RDFa (extruct), and page-state JSON.

schema.org shapes read: ItemList of ListItems (holding a Product/Offer or a bare url + name),
Product with `offers` (Offer, AggregateOffer or a list), Offer with `itemOffered`, `@graph`.
Page state: JSON in script tags (`__NEXT_DATA__`, Nuxt 3's devalue-encoded `__NUXT_DATA__`, any
`application/json`) and objects assigned to window variables (`window.__INITIAL_STATE__ =
{...}`), searched for arrays of objects that each carry a URL, a title and a price. Nuxt 2's
`window.__NUXT__` is a JavaScript function call, not JSON, and is not read.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from lxml import etree
from parsel import Selector

from crawler.extract.fields import OfferCollector, PageHints
from crawler.items import Offer

logger = logging.getLogger(__name__)

PRODUCT_TYPES = frozenset(
    {
        "Product", "IndividualProduct", "ProductModel", "SomeProducts", "ProductGroup", "Vehicle",
        "Car", "Motorcycle", "Book", "RealEstateListing", "Accommodation", "Apartment", "House",
    }
)  # fmt: skip
OFFER_TYPES = frozenset({"Offer", "AggregateOffer"})

URL_KEYS = (
    "url", "href", "link", "permalink", "canonicalUrl", "canonical_url", "shareUrl", "itemUrl", "item_url",
    "detailUrl", "detail_url", "productUrl", "product_url", "webUrl", "path", "uri",
)  # fmt: skip
TITLE_KEYS = ("title", "name", "headline", "subject", "productName", "product_name", "itemName", "item_name")
NESTED_DEPTH = 6
IMAGE_KEY = re.compile(r"image|img|photo|picture|thumb", re.IGNORECASE)
NESTED_ITEMS = 3
PRICE_KEYS = (
    "salePrice", "sale_price", "currentPrice", "current_price", "price", "priceValue", "price_value",
    "priceAmount", "price_amount", "amount", "formattedPrice", "displayPrice", "priceText", "priceInfo",
    "price_info", "pricing", "prices",
)  # fmt: skip
CURRENCY_KEYS = (
    "currency", "currencyCode", "currency_code", "priceCurrency", "currencySymbol", "currency_iso",
    "currencyIso",
)  # fmt: skip
MINOR_UNIT_KEYS = (
    "priceCents", "price_cents", "priceInCents", "price_in_cents", "amountInCents", "amount_cents", "cents",
    "amountMinor", "amount_minor", "minorUnits", "minor_units", "priceMinor", "price_minor", "centAmount",
)  # fmt: skip
PRICE_VALUE_KEYS = (
    "amount", "value", "raw", "current", "currentPrice", "price", "formatted", "formattedPrice", "text",
    "display", "displayValue", "units",
)  # fmt: skip
SELLER_KEYS = (
    "seller", "sellerName", "seller_name", "vendorName", "merchant", "merchantName", "shop", "shopName",
    "store", "storeName", "user", "owner", "advertiser", "dealer", "dealerName",
)  # fmt: skip
SELLER_NAME_KEYS = (
    "name",
    "displayName",
    "display_name",
    "login",
    "username",
    "userName",
    "nickname",
    "title",
)
IMAGE_KEYS = (
    "image", "imageUrl", "image_url", "mainImage", "main_image", "thumbnail", "thumbnailUrl", "thumb", "img",
    "photo", "picture", "images", "photos", "pictures", "media", "imgSrc", "img_url", "cover",
)  # fmt: skip
ASSIGNMENT = re.compile(r"(?:window\.)?[A-Za-z_$][\w$.]*\s*=\s*(?=[{\[])")


def _type_names(node: dict[str, Any]) -> set[str]:
    raw = node.get("@type")
    names = raw if isinstance(raw, list) else [raw]
    return {name.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1] for name in names if isinstance(name, str)}


def _first(value: Any) -> Any:
    while isinstance(value, list):
        if not value:
            return None
        value = value[0]
    return value


def _text(value: Any) -> Any:
    value = _first(value)
    if isinstance(value, dict):
        return value.get("@value") or value.get("name")
    return value


def _product(node: dict[str, Any], collector: OfferCollector, source: str) -> None:
    offer = _first(node.get("offers"))
    offer = offer if isinstance(offer, dict) else {}
    spec = _first(offer.get("priceSpecification"))
    spec = spec if isinstance(spec, dict) else {}
    price = next(
        (v for v in (offer.get("price"), offer.get("lowPrice"), spec.get("price")) if v not in (None, "")),
        None,
    )
    node_id = node.get("@id")
    url = _text(node.get("url")) or _text(offer.get("url"))
    if not url and isinstance(node_id, str) and node_id.startswith("http"):
        url = node_id
    collector.add(
        source,
        url=url,
        title=_text(node.get("name")) or _text(node.get("title")),
        price=_text(price),
        currency=_text(offer.get("priceCurrency") or spec.get("priceCurrency")),
        image=node.get("image") or node.get("thumbnailUrl") or node.get("photo"),
        seller=_name(offer.get("seller")),
    )


def _name(value: Any) -> str | None:
    value = _first(value)
    if isinstance(value, dict):
        value = value.get("name") or value.get("legalName") or value.get("alternateName")
    return value if isinstance(value, str) else None


NOT_LISTINGS = frozenset({"BreadcrumbList", "SiteNavigationElement", "WPHeader", "WPFooter", "WPSideBar"})
LIST_TYPES = frozenset({"ItemList", "OfferCatalog", "SearchResultsPage", "CollectionPage"})


class SchemaLists:
    """Offers of the page's schema.org data, one collector per list (ItemList, OfferCatalog)
    and one for the loose items, so a summary Product is weighed apart from the listing."""

    def __init__(self, base_url: str, hints: PageHints) -> None:
        self.base_url = base_url
        self.hints = hints
        self.collectors: dict[int, OfferCollector] = {}

    def collector(self, key: int) -> OfferCollector:
        if key not in self.collectors:
            self.collectors[key] = OfferCollector(self.base_url, self.hints)
        return self.collectors[key]

    def results(self) -> list[tuple[list[Offer], int]]:
        return [collector.result() for collector in self.collectors.values()]


def _walk_schema(node: Any, lists: SchemaLists, source: str, key: int = 0) -> None:
    if isinstance(node, list):
        for entry in node:
            _walk_schema(entry, lists, source, key)
        return
    if not isinstance(node, dict):
        return
    types = _type_names(node)
    if types & NOT_LISTINGS:
        return
    if types & LIST_TYPES:
        key = id(node)
    collector = lists.collector(key)
    if types & PRODUCT_TYPES:
        _product(node, collector, source)
    elif "JobPosting" in types:
        collector.add(source, url=_text(node.get("url")), title=_text(node.get("title") or node.get("name")))
    elif types & OFFER_TYPES:
        offered = _first(node.get("itemOffered"))
        if isinstance(offered, dict):
            _product(
                {**offered, "url": offered.get("url") or node.get("url"), "offers": node}, collector, source
            )
        elif node.get("name") and node.get("url"):
            _product({**node, "offers": node}, collector, source)
    elif "ListItem" in types:
        item = node.get("item")
        if isinstance(item, dict) and _type_names(item):
            _walk_schema(item, lists, source, key)
        elif isinstance(item, dict):
            _product(item, collector, source)
        else:
            url = item if isinstance(item, str) else node.get("url")
            collector.add(source, url=url, title=_text(node.get("name")), image=node.get("image"))
    else:
        for value in node.values():
            if isinstance(value, dict | list):
                _walk_schema(value, lists, source, key)


def _compact_rdfa(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """extruct's RDFa comes as expanded, flattened JSON-LD; rebuild nested schema.org-like dicts."""
    by_id = {node["@id"]: node for node in nodes if isinstance(node.get("@id"), str)}

    def compact(node: dict[str, Any], seen: frozenset[str]) -> dict[str, Any]:
        out: dict[str, Any] = {"@type": node.get("@type")}
        for key, values in node.items():
            if key.startswith("@"):
                continue
            name = key.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
            converted = []
            for value in values if isinstance(values, list) else [values]:
                if isinstance(value, dict) and "@value" in value:
                    converted.append(value["@value"])
                elif isinstance(value, dict) and "@id" in value:
                    ref = value["@id"]
                    if ref in by_id and ref not in seen:
                        converted.append(compact(by_id[ref], seen | {ref}))
                    else:
                        converted.append(ref)
            out[name] = converted[0] if len(converted) == 1 else converted
        return out

    referenced = {
        value["@id"]
        for node in nodes
        for key, values in node.items()
        if not key.startswith("@") and isinstance(values, list)
        for value in values
        if isinstance(value, dict) and isinstance(value.get("@id"), str)
    }
    return [
        compact(node, frozenset({node.get("@id", "")})) for node in nodes if node.get("@id") not in referenced
    ]


def _looks_like_url(value: Any) -> bool:
    return (
        isinstance(value, str)
        and bool(value)
        and " " not in value.strip()
        and (value.startswith(("http://", "https://", "/")) or "/" in value)
    )


def _pick(node: dict[str, Any], keys: tuple[str, ...]) -> tuple[bool, Any]:
    """The value of the first of `keys` the object has (any letter case: VTEX writes "Price")."""
    for key in keys:
        if key in node:
            return True, node[key]
    lowered = {name.lower(): name for name in node if isinstance(name, str)}
    for key in keys:
        if key.lower() in lowered:
            return True, node[lowered[key.lower()]]
    return False, None


def _nested(node: Any, keys: tuple[str, ...], depth: int = NESTED_DEPTH) -> dict[str, Any] | None:
    """The first object under `node` (breadth first, a few levels down, the first items of lists)
    that has one of `keys`: an offer's price or picture may sit in its first variant or seller."""
    level = [node]
    for _ in range(depth):
        following: list[Any] = []
        for value in level:
            children = value.values() if isinstance(value, dict) else value[:NESTED_ITEMS]
            for child in children:
                if isinstance(child, dict):
                    if _pick(child, keys)[0]:
                        return child
                    following.append(child)
                elif isinstance(child, list):
                    following.append(child)
        level = following
    return None


def state_price(node: dict[str, Any]) -> tuple[bool, Any, Any]:
    """(has a price key, price, currency) of a page-state object. Shapes read: a number or
    string, `[350]`, `{amount|value|..., currency}`, integer minor units under a cents key
    (`priceCents`, `amount_minor`, or an object with `cents`/`minorUnits`), nested `price` objects."""
    for key in MINOR_UNIT_KEYS:
        if isinstance(node.get(key), int | float) and not isinstance(node.get(key), bool):
            return True, Decimal(str(node[key])).scaleb(-2), _currency(node)
    has_price, price = _pick(node, PRICE_KEYS)
    if isinstance(price, dict | list) and not price:
        price = None
    currency = _currency(node)
    for _ in range(3):
        while isinstance(price, list):
            price = price[0] if price else None
        if not isinstance(price, dict):
            break
        currency = currency or _currency(price)
        for key in MINOR_UNIT_KEYS:
            if isinstance(price.get(key), int | float) and not isinstance(price.get(key), bool):
                divisor = price.get("divisor")
                amount = Decimal(str(price[key]))
                return True, amount / Decimal(str(divisor)) if divisor else amount.scaleb(-2), currency
        price = next((price[k] for k in PRICE_VALUE_KEYS if k in price), None)
    return has_price, price, currency


def _currency(node: dict[str, Any]) -> str | None:
    _, currency = _pick(node, CURRENCY_KEYS)
    if isinstance(currency, dict):
        currency = currency.get("code") or currency.get("iso") or currency.get("symbol")
    return currency if isinstance(currency, str) else None


def _seller(node: dict[str, Any]) -> str | None:
    _, seller = _pick(node, SELLER_KEYS)
    if isinstance(seller, dict):
        seller = next((seller[k] for k in SELLER_NAME_KEYS if isinstance(seller.get(k), str)), None)
    return seller if isinstance(seller, str) and seller.strip() else None


def _state_offer(node: dict[str, Any]) -> dict[str, Any] | None:
    """url/title/price/image/seller of an object in page state, or None when it does not look like
    an offer (it needs a URL and a title of its own and a price key, even an empty one, of its own
    or in a nested object such as its first variant)."""
    url = next((node[k] for k in URL_KEYS if _looks_like_url(node.get(k))), None)
    title = next((node[k] for k in TITLE_KEYS if isinstance(node.get(k), str) and node[k].strip()), None)
    if not (url and title):
        return None
    has_price, price, currency = state_price(node)
    if not has_price:
        holder = _nested(node, PRICE_KEYS + MINOR_UNIT_KEYS)
        if holder is None:
            return None
        has_price, price, currency = state_price(holder)
        currency = currency or _currency(node)
    has_image, image = _pick(node, IMAGE_KEYS)
    if not has_image:
        image = next((value for key, value in node.items() if IMAGE_KEY.search(str(key)) and value), None)
        has_image = image is not None
    if not has_image:
        holder = _nested(node, IMAGE_KEYS)
        image = _pick(holder, IMAGE_KEYS)[1] if holder is not None else None
    seller = _seller(node)
    if seller is None:
        holder = _nested(node, SELLER_KEYS)
        seller = _seller(holder) if holder is not None else None
    return {
        "url": url,
        "title": title,
        "price": price,
        "currency": currency,
        "image": image,
        "seller": seller,
    }


def _offer_list(objects: list[Any], base_url: str, hints: PageHints) -> tuple[list[Offer], int] | None:
    dicts = [entry for entry in objects if isinstance(entry, dict)]
    found = [_state_offer(entry) for entry in dicts]
    matching = [fields for fields in found if fields is not None]
    if not matching or len(matching) * 2 < len(dicts):
        return None
    collector = OfferCollector(base_url, hints)
    for fields in matching:
        collector.add("page-state", **fields)
    return collector.result()


def _walk_state(node: Any, base_url: str, hints: PageHints, lists: list[Any], depth: int = 0) -> None:
    """Every array (or id-keyed object) of offer-like objects in a page-state value, one list each."""
    if depth > 40:
        return
    if isinstance(node, dict):
        values = list(node.values())
        if len(values) >= 2 and sum(isinstance(v, dict) for v in values) * 2 >= len(values):
            found = _offer_list(values, base_url, hints)
            if found is not None:
                lists.append(found)
                return
        for value in values:
            if isinstance(value, dict | list):
                _walk_state(value, base_url, hints, lists, depth + 1)
        return
    if not isinstance(node, list):
        return
    found = _offer_list(node, base_url, hints)
    if found is not None:
        lists.append(found)
        return
    for entry in node:
        if isinstance(entry, dict | list):
            _walk_state(entry, base_url, hints, lists, depth + 1)


# devalue's special slots (negative indices) and wrapper types around one value.
DEVALUE_CONSTANTS: dict[int, Any] = {-1: None, -2: None, -3: None, -4: None, -5: None, -6: 0}


def unflatten_devalue(data: Any) -> Any:
    """Nuxt 3 page state (`__NUXT_DATA__`) is devalue-serialized: a flat array in which every
    container holds indices into the array. Rebuild the nested value."""
    if not isinstance(data, list) or not data:
        return data
    built: dict[int, Any] = {}

    def hydrate(index: Any) -> Any:
        if not isinstance(index, int) or isinstance(index, bool):
            return None
        if index < 0 or index >= len(data):
            return DEVALUE_CONSTANTS.get(index)
        if index in built:
            return built[index]
        value = data[index]
        if isinstance(value, dict):
            result: dict[str, Any] = {}
            built[index] = result
            result.update({key: hydrate(item) for key, item in value.items()})
            return result
        if isinstance(value, list) and value and isinstance(value[0], str):
            tag, args = value[0], value[1:]
            if tag in {"Date", "RegExp", "BigInt", "URL"}:
                built[index] = args[0] if args else None
            elif tag == "Set":
                built[index] = [hydrate(arg) for arg in args]
            elif tag in {"Map", "null"}:
                pairs = [hydrate(arg) for arg in args]
                built[index] = {str(k): v for k, v in zip(pairs[::2], pairs[1::2], strict=False)}
            else:  # Reactive, Ref and the like wrap one value; unknown types are read the same way
                built[index] = hydrate(args[0]) if args else None
            return built[index]
        if isinstance(value, list):
            items: list[Any] = []
            built[index] = items
            items.extend(hydrate(item) for item in value)
            return items
        built[index] = value
        return value

    return hydrate(0)


SCRIPT_TEXT = etree.XPath("string()", smart_strings=False)
# Which syntaxes of structured data the page uses (compiled, run on the lxml root).
SYNTAX_MARKERS = (
    ("json-ld", etree.XPath("boolean(//script[@type='application/ld+json'])")),
    ("microdata", etree.XPath("boolean(//*[@itemscope])")),
    ("rdfa", etree.XPath("boolean(//*[@typeof])")),
)


def _state_blobs(page: Selector) -> Iterator[Any]:
    """JSON documents embedded in the page's script tags."""
    decoder = json.JSONDecoder()
    for script in page.root.iter("script"):
        kind = (script.get("type") or "").lower()
        text = SCRIPT_TEXT(script)
        if kind == "application/ld+json" or len(text) < 20:
            continue
        if kind.endswith("json"):
            try:
                blob = json.loads(text)
            except ValueError:
                continue
            yield unflatten_devalue(blob) if script.attrib.get("id") == "__NUXT_DATA__" else blob
        elif kind in {"", "text/javascript", "application/javascript", "module"}:
            for match in ASSIGNMENT.finditer(text):
                try:
                    yield decoder.raw_decode(text, match.end())[0]
                except ValueError:
                    continue


def extract_structured(
    html: str, page: Selector, base_url: str, hints: PageHints
) -> list[tuple[str, list[Offer], int]]:
    """Candidate lists of offers described by structured data: (method, offers, dropped) per
    schema.org list and per page-state array."""
    # extruct parses only the syntaxes the page uses: RDFa parsing is slow and would otherwise
    # dominate the crawl (a schema.org item in RDFa always has a `typeof`).
    syntaxes = [syntax for syntax, marker in SYNTAX_MARKERS if marker(page.root)]
    data: dict[str, Any] = {}
    if syntaxes:
        import extruct  # about a second of imports: only in a crawl that meets structured data

        try:
            # The page is parsed already; only RDFa needs extruct's own (XML-DOM) parse.
            document: Any = html if "rdfa" in syntaxes else page.root
            data = extruct.extract(
                document, base_url=base_url, syntaxes=syntaxes, uniform=True, errors="ignore"
            )
        except Exception:  # extruct raises whatever its parsers raise on broken markup
            logger.debug("structured data could not be read from %s", base_url, exc_info=True)
    found: list[tuple[str, list[Offer], int]] = []
    for source, nodes in (
        ("json-ld", data.get("json-ld", [])),
        ("microdata", data.get("microdata", [])),
        ("rdfa", _compact_rdfa(data.get("rdfa", []))),
    ):
        lists = SchemaLists(base_url, hints)
        _walk_schema(nodes, lists, source)
        found += [("structured", offers, dropped) for offers, dropped in lists.results()]
    state: list[tuple[list[Offer], int]] = []
    for blob in _state_blobs(page):
        _walk_state(blob, base_url, hints, state)
    found += [("page-state", offers, dropped) for offers, dropped in state]
    return found
