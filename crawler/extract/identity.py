"""Stable offer identity: the URL an offer is stored under must survive volatile query parameters.

Two steps. `canonical_url` (fields.py) drops what never identifies an item, on every URL:
tracking parameters (utm_*, gclid, fbclid...), session ids, referrer marks, Amazon's `/ref=...`
path segment. `stable_urls` then looks at all the offers of one page together:

- a parameter whose value is the same on every card (Amazon's `qid`, one per page load) tells
  no card apart and goes, unless it is a structural key (`route=product/product`);
- when the paths alone tell every card apart, the rest of the query goes too, except the keys
  known to identify an item (`id`, `product_id`, `jk`...);
- when paths collide, the parameters that tell the cards apart stay (known keys first).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from urllib.parse import parse_qsl, unquote_plus, urlsplit, urlunsplit

from msgspec.structs import replace

from crawler.items import Offer

# Never part of an item's identity, on any site.
TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid",
        "igshid", "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok", "oly_anon_id",
        "oly_enc_id", "vero_id", "wickedid", "ttclid", "srsltid", "spm", "scm", "ref", "ref_",
        "ref_src", "ref_url", "referrer", "referer", "sid", "sessionid", "session_id", "phpsessid",
        "jsessionid", "cfid", "cftoken", "zenid", "oscsid", "affiliate", "aff_id", "clickid",
        "click_id", "trk", "trkid", "tracking", "campaign", "cmp", "cid_ts", "_trksid", "_trkparms",
        "hash", "amdata", "qid", "crid", "sprefix", "sr", "rafcid", "bb", "reason", "searchid",
        "search_id", "position", "pos", "rank", "from", "source", "src", "feature", "context",
    }
)  # fmt: skip
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_", "_trk", "pf_rd_", "pd_rd_")
# Matrix-style session ids and Amazon's ref segment live in the path, not the query.
PATH_NOISE = re.compile(r"(?:;jsessionid=[^/?#]*|;sid=[^/?#]*|/ref=[^/?#]*$)", re.IGNORECASE)

# Keys that name the item itself: kept whenever present.
IDENTIFYING_PARAMS = frozenset(
    {
        "id", "item", "itemid", "item_id", "product", "productid", "product_id", "products_id",
        "id_product", "pid", "sku", "jk", "vjk", "ad", "adid", "ad_id", "listing", "listingid",
        "listing_id", "offer", "offerid", "offer_id", "lot", "lotid", "lot_id", "variant", "p",
        "article", "articleid", "art", "code", "ref_no", "propertyid", "property_id", "vin", "asin",
    }
)  # fmt: skip
# Keys that choose the kind of page on script-style shops (OpenCart, PrestaShop, Zen Cart, Joomla).
# OpenCart writes a product's category path next to its route (`route=product/product&path=20_27`).
STRUCTURAL_PARAMS = frozenset(
    {"route", "path", "controller", "main_page", "option", "view", "task", "action", "module", "page_id"}
)


def is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


def strip_path_noise(path: str) -> str:
    return PATH_NOISE.sub("", path)


def _query(url: str) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(url).query, keep_blank_values=True)


def query_without(query: str, dropped: Callable[[str], bool]) -> str:
    """A query string without the parameters `dropped` names, the others written as they were."""
    pieces = [piece for piece in query.split("&") if piece]
    return "&".join(piece for piece in pieces if not dropped(unquote_plus(piece.split("=", 1)[0])))


def _with_query(url: str, keep: set[str]) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(query=query_without(parts.query, lambda name: name.lower() not in keep)))


def _path_key(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.netloc, parts.path.rstrip("/")


def _telling_apart(urls: list[str]) -> set[str]:
    """Query keys (lower-case) to keep so that the cards of one page stay apart."""
    values: dict[str, list[str | None]] = defaultdict(list)
    queries = [{name.lower(): value for name, value in _query(url)} for url in urls]
    names = {name for query in queries for name in query}
    for query in queries:
        for name in names:
            values[name].append(query.get(name))
    varying = {name for name in names if len(set(values[name])) > 1}
    structural = {name for name in names if name in STRUCTURAL_PARAMS}
    known = {name for name in names if name in IDENTIFYING_PARAMS}
    paths_unique = len({_path_key(url) for url in urls}) == len(urls)
    if paths_unique:
        return known | structural
    keep = (known & varying) | structural
    keys = [
        tuple((name, query.get(name)) for name in sorted(keep)) + _path_key(url)
        for query, url in zip(queries, urls, strict=True)
    ]
    if len(set(keys)) == len(urls):
        return keep
    return varying | structural | known


def stable_urls(offers: list[Offer]) -> list[Offer]:
    """The page's offers with the query parameters that carry no identity on this page dropped.

    A page with a single offer cannot tell which parameters vary, so its URL is only stripped of
    what `canonical_url` already knows to be noise."""
    if len(offers) < 2:
        return offers
    keep = _telling_apart([offer.url for offer in offers])
    result: list[Offer] = []
    seen: set[str] = set()
    for offer in offers:
        url = _with_query(offer.url, keep)
        if url in seen:
            continue
        seen.add(url)
        result.append(offer if url == offer.url else replace(offer, url=url))
    return result
