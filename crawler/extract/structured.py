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
from typing import Any

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

URL_KEYS = ("url", "href", "link", "permalink", "canonicalUrl", "canonical_url", "shareUrl", "itemUrl")
TITLE_KEYS = ("title", "name", "headline", "subject")
PRICE_KEYS = (
    "price", "priceValue", "price_value", "priceAmount", "price_amount", "amount", "currentPrice",
    "current_price", "salePrice", "sale_price", "formattedPrice", "displayPrice", "priceText",
)  # fmt: skip
CURRENCY_KEYS = ("currency", "currencyCode", "currency_code", "priceCurrency", "currencySymbol")
IMAGE_KEYS = (
    "image", "imageUrl", "image_url", "thumbnail", "thumbnailUrl", "thumb", "img", "photo",
    "picture", "images", "photos", "pictures",
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
        title=_text(node.get("name")),
        price=_text(price),
        currency=_text(offer.get("priceCurrency") or spec.get("priceCurrency")),
        image=node.get("image"),
    )


def _walk_schema(node: Any, collector: OfferCollector, source: str) -> None:
    if isinstance(node, list):
        for entry in node:
            _walk_schema(entry, collector, source)
        return
    if not isinstance(node, dict):
        return
    types = _type_names(node)
    if types & PRODUCT_TYPES:
        _product(node, collector, source)
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
            _walk_schema(item, collector, source)
        elif isinstance(item, dict):
            _product(item, collector, source)
        else:
            url = item if isinstance(item, str) else node.get("url")
            collector.add(source, url=url, title=_text(node.get("name")), image=node.get("image"))
    else:
        for value in node.values():
            if isinstance(value, dict | list):
                _walk_schema(value, collector, source)


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
        and (value.startswith(("http://", "https://", "/")) or "/" in value)
    )


def _pick(node: dict[str, Any], keys: tuple[str, ...]) -> tuple[bool, Any]:
    for key in keys:
        if key in node:
            return True, node[key]
    return False, None


def _state_offer(node: dict[str, Any]) -> dict[str, Any] | None:
    """url/title/price of an object in page state, or None when it does not look like an offer."""
    url = next((node[k] for k in URL_KEYS if _looks_like_url(node.get(k))), None)
    title = next((node[k] for k in TITLE_KEYS if isinstance(node.get(k), str) and node[k].strip()), None)
    has_price, price = _pick(node, PRICE_KEYS)
    if not (url and title and has_price):
        return None
    _, currency = _pick(node, CURRENCY_KEYS)
    if isinstance(price, dict):
        currency = currency or next((price[k] for k in CURRENCY_KEYS if k in price), None)
        price = next(
            (price[k] for k in ("amount", "value", "raw", "current", "formatted", "text") if k in price), None
        )
    _, image = _pick(node, IMAGE_KEYS)
    return {
        "url": url,
        "title": title,
        "price": price,
        "currency": currency if isinstance(currency, str) else None,
        "image": image,
    }


def _walk_state(node: Any, collector: OfferCollector, depth: int = 0) -> None:
    if depth > 40:
        return
    if isinstance(node, dict):
        for value in node.values():
            if isinstance(value, dict | list):
                _walk_state(value, collector, depth + 1)
        return
    if not isinstance(node, list):
        return
    objects = [entry for entry in node if isinstance(entry, dict)]
    found = [_state_offer(entry) for entry in objects]
    matching = [fields for fields in found if fields is not None]
    if matching and len(matching) * 2 >= len(objects):
        for fields in matching:
            collector.add("page-state", **fields)
        return
    for entry in node:
        if isinstance(entry, dict | list):
            _walk_state(entry, collector, depth + 1)


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


def _state_blobs(page: Selector) -> Iterator[Any]:
    """JSON documents embedded in the page's script tags."""
    decoder = json.JSONDecoder()
    for script in page.xpath("//script"):
        kind = (script.attrib.get("type") or "").lower()
        text = script.xpath("string()").get() or ""
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


def extract_structured(html: str, page: Selector, base_url: str, hints: PageHints) -> tuple[list[Offer], int]:
    """Offers described by structured data on the page, and how many were dropped."""
    collector = OfferCollector(base_url, hints)
    # extruct parses only the syntaxes the page uses: RDFa parsing is slow and would otherwise
    # dominate the crawl (a schema.org item in RDFa always has a `typeof`).
    syntaxes = [
        syntax
        for syntax, marker in (
            ("json-ld", "//script[@type='application/ld+json']"),
            ("microdata", "//*[@itemscope]"),
            ("rdfa", "//*[@typeof]"),
        )
        if page.xpath(marker)
    ]
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
    _walk_schema(data.get("json-ld", []), collector, "json-ld")
    _walk_schema(data.get("microdata", []), collector, "microdata")
    _walk_schema(_compact_rdfa(data.get("rdfa", [])), collector, "rdfa")
    for blob in _state_blobs(page):
        _walk_state(blob, collector)
    return collector.result()
