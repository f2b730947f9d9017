# ruff: noqa: RUF001 - currency marks, dashes and words of many languages
"""One card of a listing (an lxml element): its link, title, image, seller, and whether it is an ad.

Pure functions of the element; the price is read by prices.py.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from lxml import etree

from crawler.extract.fields import FREE_WORDS, WHITESPACE, largest_from_srcset
from crawler.extract.prices import (
    DIGIT,
    INLINE_TAGS,
    PRICE_PATTERN,
    class_words,
    has_amount,
    is_hidden,
    text_blocks,
)

HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# "ad" alone is ambiguous: on classifieds an ad is the listing ("ad-listitem"); it marks an
# advertisement only next to a word for a slot ("ad-slot", "ad-container").
AD_WORDS = frozenset(
    {"advertisement", "sponsored", "promoted", "adsense", "adslot", "adunit", "adsbygoogle", "dfp", "advert"}
)
AD_SLOT_WORDS = frozenset(
    {
        "slot",
        "unit",
        "container",
        "banner",
        "placement",
        "wrapper",
        "box",
        "block",
        "zone",
        "space",
        "label",
        "badge",
    }
)
# A card that says so in a short label of its own is an ad ("Sponsored", "Ad by Etsy seller").
AD_WORDS_LABEL = (
    "sponsored|ad|ads|advertisement|promoted|anzeige|gesponsert|реклама|sponsorisé|annonce sponsorisée|"
    "patrocinado|reklama|sponsorizzato|gesponsord|広告|pr|promoted listing|sponsored listing|advertentie|"
    "publicidad|pubblicità|publicité|reklam|mainos|sponsorowane|sponzorováno|werbung|reklame"
)
AD_LABEL = re.compile(
    rf"^[\W_]*(?:{AD_WORDS_LABEL})(?:\s+(?:by|from|von|de|od|от)\b.{{0,40}})?[\W_]*$", re.IGNORECASE
)
AD_HINT = re.compile(rf"(?<![^\W\d_])(?:{AD_WORDS_LABEL})(?![^\W\d_])", re.IGNORECASE)
# Links that act on the card rather than open the offer.
ACTION_HREF = re.compile(
    r"wishlist|add[-_]?to[-_]?cart|add-to-wishlist|compare|/cart|login|signin|/account|javascript:|"
    r"^mailto:|^tel:|/share|/report|/favorites?|/watch(?:list)?/|add=|action=add|/seller/|/user/|/shop/[^/]+/?$|"
    r"action=buy",
    re.IGNORECASE,
)
LAZY_IMAGE_ATTRIBUTES = (
    "data-src", "data-lazy-src", "data-original", "data-lazy", "data-url", "data-img", "data-image",
    "data-full", "data-zoom-image", "data-hi-res-src", "data-large",
)  # fmt: skip
LAZY_SRCSET_ATTRIBUTES = ("data-srcset", "data-lazy-srcset", "srcset")
# data-bg, data-background-image, data-imgsrc, data-image-url... on any element
IMAGE_DATA_NAME = re.compile(
    r"^data-(?:bg|background|img|image|src|lazy|original|thumb|photo)", re.IGNORECASE
)
STAND_IN_NAME = re.compile(r"ghost|placeholder|fallback|blur|lqip|preview", re.IGNORECASE)
IMAGE_VALUE = re.compile(r"^\s*(?:https?:)?/[^\s,]+$")
BACKGROUND_URL = re.compile(
    r"background(?:-image)?\s*:[^;]*url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", re.IGNORECASE
)
PLACEHOLDER_IMAGE = re.compile(
    r"^data:|placeholder|blank\.|spacer\.|transparent\.|pixel\.|grey\.gif|loading\.|loader\.|lazy\.|1x1|"
    r"/empty\.|no[-_]?image|noimage",
    re.IGNORECASE,
)
# Text of a title that is not its name: link hints, price and shipping lines, condition badges.
TITLE_NOISE = re.compile(
    r"opens in a new (?:window|tab)(?: or tab)?|\bsponsored\b|\+?\s*free (?:shipping|delivery|returns)|"
    r"\+\s*\S*\d\S*\s*(?:shipping|delivery|postage)|\bnew listing\b",
    re.IGNORECASE,
)
# "Jean 501, marque: Levi's, état: Très bon état, 25,00 €": the name comes before the attributes.
ATTRIBUTE_LIST = re.compile(r",\s*[^\W\d_][^\s,:]{1,24}\s?:\s")
# Avatars, logos, icons and tiny thumbnails are not the offer's picture.
NOT_OFFER_IMAGE = re.compile(
    r"avatar|/logo|logo\.|icon|sprite|/badge|/flags?/|(?<![\w])\d{1,2}x\d{1,2}(?![\w])", re.IGNORECASE
)
MAX_ICON_SIZE = 64
SR_ONLY_CLASSES = frozenset(
    {"sr-only", "visually-hidden", "screen-reader-text", "a-offscreen", "visuallyhidden"}
)
SELLER_LABEL = re.compile(
    r"^\s*(?:sold by|from shop|seller|shop|verkauft von|offered by|listed by|sprzedawca|verkäufer(?:in)?|"
    r"vendeur|venditore|vendedor|verkoper|продавец|"
    r"sklep|händler|anbieter|by)\s*:?\s+(?P<name>\S.{0,79}?)\s*$",
    re.IGNORECASE,
)
SELLER_HINT = re.compile(
    r"\b(?:sold by|seller|sprzedawca|verkäufer|vendeur|venditore|vendedor|verkoper|продавец|sklep|händler|"
    r"anbieter|by)\b",
    re.IGNORECASE,
)
SELLER_MARK_ATTRIBUTES = ("class", "data-testid", "data-test", "data-markup", "data-qa", "itemprop")
# Plain substrings checked before the regular expressions (a search over a card's markup with
# the whole alternation costs tens of microseconds).
SELLER_MARK_WORDS = (
    "seller", "merchant", "dealer", "owner", "company", "agenc", "agent", "branch", "shop", "store", "user",
    "vendeur", "verkaeufer", "anbieter",
)  # fmt: skip
SELLER_HINT_WORDS = (
    "sold by", "seller", "shop", "verkauft", "offered by", "listed by", "sprzedawca", "verkäufer", "vendeur",
    "venditore", "vendedor", "verkoper", "продавец", "sklep", "händler", "anbieter", "by ",
)  # fmt: skip
SELLER_MARK = re.compile(
    r"seller|merchant|dealer|owner|company[-_]?name|agency|agencia|agent|branch|shop[-_]?name|store[-_]?name|"
    r"user[-_]?name|vendeur|verkaeufer|anbieter",
    re.IGNORECASE,
)
# A link to the seller's own page ("/company/tandem", "/seller/ab12"): its text is the seller's name.
SELLER_PATH_WORDS = ("/company/", "/companies/", "/seller/", "/sellers/", "/vendor/", "/dealer/", "/profile/")
SELLER_PATH = re.compile(
    r"/(?:company|companies|seller|sellers|vendor|dealer|profile)/[^/?#\s]+/?(?:[?#]|$)", re.IGNORECASE
)
# "camerabarn_us (1,000) 99.0%": a feedback count and score after the name.
FEEDBACK = re.compile(r"\s*\(\s*[\d.,]+\s*\)|\s*\d+(?:[.,]\d+)?\s?%(?:\s*positive)?", re.IGNORECASE)
# What kind of seller, not who: excluding "Private" would exclude every private seller.
NOT_A_NAME = frozenset(
    {"private", "private seller", "privat", "privatanbieter", "privatverkäufer", "particulier", "particular",
     "prywatny", "osoba prywatna", "частное лицо", "dealer", "händler", "gewerblich", "professionnel"}
)  # fmt: skip
MAX_SELLER = 80
MIN_NAME = 2
HEADING_CLASSES = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
BLOCK_TAGS = ("div", "p", "li", "section", "article", "h1", "h2", "h3", "h4", "h5", "h6", "dd", "dt", "td")
MAX_TITLE_TEXT = 300
TITLE_CLASS_WORDS = frozenset({"title", "name", "heading", "headline", "productname", "itemname"})
NOT_TITLE_CLASS_WORDS = frozenset(
    {
        "seller",
        "user",
        "shop",
        "store",
        "brand",
        "vendor",
        "price",
        "category",
        "author",
        "company",
        "location",
        "sub",
        "subtitle",
    }
)
MAX_ITEM_LINKS = 4
MAX_AD_LABEL = 50


def visible_text(element: Any) -> str:
    """Text a person sees: no script/style, nothing hidden or meant for screen readers only.
    Pieces are set apart, except an inline element inside a word ("koeken<mark>pan</mark>",
    search highlights); a badge before a capital ("New Listing</span>Nikon") stays apart."""
    joined = INLINE_SEAM.sub(_seam, "".join(_visible_pieces(element)))
    return WHITESPACE.sub(" ", joined.replace(SEAM, " ")).strip()


SEAM = "\x00"  # where an inline element starts or ends
INLINE_SEAM = re.compile(r"(?<=[^\W\d_])\x00+(?=[^\W\d_])")


def _seam(match: re.Match[str]) -> str:
    return "" if match.string[match.end()].islower() else " "


def _visible_pieces(element: Any) -> Iterator[str]:
    if is_hidden(element) or SR_ONLY_CLASSES & set((element.get("class") or "").split()):
        return
    if element.text:
        yield element.text
    for child in element:
        if isinstance(child.tag, str) and child.tag not in {"script", "style", "noscript", "template"}:
            seam = SEAM if child.tag in INLINE_TAGS else " "
            yield seam
            yield from _visible_pieces(child)
            yield seam
        if child.tail:
            yield child.tail


@lru_cache(maxsize=4096)  # a card's links are asked about by several steps of the heuristic
def is_content_href(href: str) -> bool:
    """A link that opens something (not '#', not a cart, wishlist or account action)."""
    href = href.strip()
    return bool(href) and not href.startswith("#") and not ACTION_HREF.search(href)


def content_links(card: Any) -> list[Any]:
    """<a> elements of the card that open something (not '#', not cart or wishlist actions)."""
    return [anchor for anchor in card.iter("a") if is_content_href(anchor.get("href") or "")]


def _heading(card: Any) -> Any | None:
    """The card's heading: an <h1>-<h6>, else role="heading", else an element styled as one
    (class "h3"), whose text is not only a price."""
    for element in card.iter(*HEADINGS):
        text = visible_text(element)
        if text and not _is_only_price(text):
            return element
    styled = None
    for element in card.iter():
        if not isinstance(element.tag, str):
            continue
        if element.get("role") == "heading" and visible_text(element):
            return element
        if styled is None and HEADING_CLASSES & set((element.get("class") or "").split()):
            text = visible_text(element)
            if text and not _is_only_price(text):
                styled = element
    return styled


def _is_only_price(text: str) -> bool:
    if DIGIT.search(text) is None:
        return False
    return not PRICE_PATTERN.sub("", text).strip(" :-–|/")


def clean_card_title(text: str | None) -> str | None:
    """A title without the price, shipping and link-hint text that shares its element."""
    if not text:
        return None
    cleaned = ATTRIBUTE_LIST.split(TITLE_NOISE.sub(" ", text), maxsplit=1)[0]
    if has_amount(cleaned) and not _is_only_price(cleaned):
        cleaned = PRICE_PATTERN.sub(" ", cleaned)
    cleaned = WHITESPACE.sub(" ", cleaned).strip(" -–|·,:")
    return cleaned or None


def _link_title(anchor: Any) -> str | None:
    """A link's name: its label when it wraps a whole card (image, blocks), else its text, else
    its title, aria-label, screen-reader text or image alt."""
    label = clean_card_title(anchor.get("aria-label") or anchor.get("title"))
    wraps = next(anchor.iter("img", "div", "section", "p", *HEADINGS), None) is not None
    if label and wraps:
        return label
    text = _first_name_block(anchor)
    if text:
        return text
    if label:
        return label
    hidden_text = clean_card_title(" ".join(anchor.itertext()))
    if hidden_text:
        return hidden_text
    image = next(anchor.iter("img"), None)
    return clean_card_title(image.get("alt")) if image is not None else None


def _first_name_block(anchor: Any) -> str | None:
    """A link's text; when it holds several blocks (price, name, place: a card that is one big
    link), the first block that is neither a price nor a label such as "Free"."""
    text = clean_card_title(visible_text(anchor))
    if not text or next(anchor.iter(*BLOCK_TAGS), None) is None:
        return text
    for segment in text_blocks(anchor):
        name = clean_card_title(segment)
        if name and len(name) >= MIN_NAME and name.lower() not in FREE_WORDS and not _is_only_price(name):
            return name
    return text


def _titled(card: Any) -> Any | None:
    """The first element classed as the card's title or name ("product-card__title", "item-name")."""
    for element in card.iter():
        if not isinstance(element.tag, str) or element is card:
            continue
        words = class_words(element)
        if words & TITLE_CLASS_WORDS and not words & NOT_TITLE_CLASS_WORDS:
            text = clean_card_title(" ".join(element.itertext()))
            if (
                text
                and len(text) <= MAX_TITLE_TEXT
                and not _is_only_price(text)
                and next(element.iter("img"), None) is None
            ):
                return element
    return None


def title_and_link(card: Any, links: list[Any] | None = None) -> tuple[str | None, str | None]:
    """The card's name and the link that opens it.

    The link: the heading's own link, else the one the card repeats most (image and name
    usually share it), else the one with the longest text. The title: the heading, else an
    element classed as the title, else that link's label or text, else an image's alt; cleaned
    of price, shipping and link hints."""
    links = content_links(card) if links is None else links
    heading = _heading(card)
    if heading is None:
        heading = _titled(card)
    anchor = None
    title = None
    if heading is not None:
        title = clean_card_title(visible_text(heading)) or clean_card_title(" ".join(heading.itertext()))
        anchor = next((a for a in heading.iterancestors("a") if a in links), None)
        if anchor is None:
            anchor = next((a for a in heading.iter("a") if a in links), None)
    if anchor is None and title:
        # A heading without a link: the link named like it (a card-covering link whose only text
        # is for screen readers) opens the offer, not a link in the subtitle (company, shop).
        anchor = next((a for a in links if _link_title(a) == title), None)
    if anchor is None and links:
        counts = Counter((a.get("href") or "").strip() for a in links)
        anchor = max(links, key=lambda a: (counts[(a.get("href") or "").strip()], len(visible_text(a))))
    if card.tag == "a" and card.get("href") and anchor is None:
        anchor = card
    if not title and anchor is not None:
        title = _link_title(anchor)
    if not title:
        image = next(card.iter("img"), None)
        title = clean_card_title(image.get("alt")) if image is not None else None
    return title, (anchor.get("href") if anchor is not None else None)


def _real(url: str | None) -> bool:
    return bool(url) and not PLACEHOLDER_IMAGE.search(url.strip())  # type: ignore[union-attr]


def _icon(image: Any) -> bool:
    """An avatar, logo or icon: by its size attributes or its name."""
    for name in ("width", "height"):
        value = (image.get(name) or "").strip().removesuffix("px")
        if value.isdigit() and int(value) <= MAX_ICON_SIZE:
            return True
    return bool(NOT_OFFER_IMAGE.search(image.get("src") or image.get("data-src") or ""))


def _sized(template: str, widths: str | None) -> str | None:
    """A responsive-image template ("..._{width}x.jpg", Shopify) at its largest listed width."""
    sizes = [int(size) for size in re.findall(r"\d+", widths or "")]
    return template.replace("{width}", str(max(sizes))) if sizes else None


def image_source(card: Any) -> str | None:
    """The first real image of the card as written (maybe relative): lazy-loading attributes, src,
    srcset (largest), <picture> sources, then images in data attributes and CSS backgrounds.
    Avatars, logos and icons are passed over."""
    for element in card.iter("img", "source"):
        if _icon(element):
            continue
        # What the page shows: a lazy-loading attribute's URL, the src, then the srcset's largest.
        candidates = [element.get(name) for name in LAZY_IMAGE_ATTRIBUTES]
        candidates.append(element.get("src"))
        candidates += [
            largest_from_srcset(element.get(name)) for name in LAZY_SRCSET_ATTRIBUTES if element.get(name)
        ]
        if element.tag == "img" and not element.get("src"):
            # No src: a script fills it from a data attribute of its own name ("data-delayed-url").
            candidates += [
                value
                for name, value in element.items()
                if name.startswith("data-") and not STAND_IN_NAME.search(name) and IMAGE_VALUE.match(value)
            ]
        for candidate in candidates:
            if candidate and "{width}" in candidate:
                candidate = _sized(candidate, element.get("data-widths"))
            if candidate and _real(candidate):
                return candidate.strip()
    for element in card.iter():
        if not isinstance(element.tag, str):
            continue
        for name, value in element.items():
            if (
                name.startswith("data-")
                and IMAGE_DATA_NAME.search(name)
                and IMAGE_VALUE.match(value)
                and _real(value)
            ):
                return value.strip()
        match = BACKGROUND_URL.search(element.get("style") or "")
        if match and _real(match.group(1)):
            return match.group(1).strip()
    return None


def is_ad_class(element: Any) -> bool:
    """Classed as an advertisement: "sponsored", "adslot", or "ad" next to a slot word."""
    words = class_words(element)
    if words & AD_WORDS:
        return True
    if "ad" in words or "ads" in words:
        for name in [*(element.get("class") or "").lower().split(), (element.get("id") or "").lower()]:
            pieces = set(re.split(r"[^a-z0-9]+", name))
            if pieces & {"ad", "ads"} and (pieces & AD_SLOT_WORDS or pieces <= {"ad", "ads", ""}):
                return True
    return False


def is_ad(card: Any) -> bool:
    """Marked as an ad by its classes, its data attributes or a short label of its own."""
    if is_ad_class(card):
        return True
    if any("sponsored" in (a.get("rel") or "").lower() for a in card.iter("a")):
        return True  # rel="sponsored" is how a page marks paid links
    for name, value in card.items():
        lowered = f"{name}={value}".lower()
        if name.startswith("data-") and (
            "sponsored" in lowered or name in {"data-ad", "data-ad-id", "data-adslot"}
        ):
            return True
    if not AD_HINT.search(" ".join(card.itertext())):
        return False  # cheap: no ad word anywhere in the card
    for element in card.iter():
        if not isinstance(element.tag, str) or element.tag in {"script", "style"} or len(element):
            continue
        text = (element.text or "").strip()
        if text and len(text) <= MAX_AD_LABEL and AD_LABEL.match(text):
            return True
    return False


def _seller_marked(element: Any) -> bool:
    marks = " ".join(element.get(name) or "" for name in SELLER_MARK_ATTRIBUTES)
    return bool(marks.strip()) and SELLER_MARK.search(marks) is not None


def _seller_name(element: Any) -> str | None:
    """The name an element marked as the seller shows: its first block of text (not the address
    after it), else its link's title or its logo's alt; without labels and feedback scores."""
    first = next((child for child in element if isinstance(child.tag, str)), None)
    own = (element.text or "").strip()
    text: str | None = visible_text(first) if first is not None and not own else visible_text(element)
    if not text:
        anchor = element if element.tag == "a" else next(element.iter("a"), None)
        image = next(element.iter("img"), None)
        text = (anchor.get("title") if anchor is not None else None) or (
            image.get("alt") if image is not None else None
        )
    return clean_seller(text)


def clean_seller(text: str | None) -> str | None:
    if not text:
        return None
    match = SELLER_LABEL.match(text)
    name = FEEDBACK.sub("", match.group("name") if match else text).strip(" ,·|-")
    if not name or len(name) > MAX_SELLER or has_amount(name) or name.lower() in NOT_A_NAME:
        return None
    return name


# The same searches over markup already lower-cased: without IGNORECASE, several times faster.
SELLER_MARK_LOWER = re.compile(SELLER_MARK.pattern)
SELLER_HINT_LOWER = re.compile(SELLER_HINT.pattern)


def seller_of(card: Any) -> str | None:
    """A seller the card names: an element marked as the seller, merchant, dealer, owner, agency
    or company (class, data-testid), or text such as "Sold by X"."""
    # Cheap first: one search over the card's markup, then the elements themselves.
    markup = etree.tostring(card, encoding="unicode").lower()
    marked = (
        [e for e in card.iter() if isinstance(e.tag, str) and not is_hidden(e) and _seller_marked(e)]
        if any(word in markup for word in SELLER_MARK_WORDS) and SELLER_MARK_LOWER.search(markup)
        else []
    )
    for element in marked:
        name = _seller_name(element)
        if name:
            return name
    if any(word in markup for word in SELLER_PATH_WORDS):
        for anchor in card.iter("a"):
            if SELLER_PATH.search(anchor.get("href") or ""):
                name = clean_seller(visible_text(anchor))
                if name and len(name) <= MAX_SELLER:
                    return name
    if not any(word in markup for word in SELLER_HINT_WORDS) or not SELLER_HINT_LOWER.search(markup):
        return None
    for element in card.iter():
        if not isinstance(element.tag, str) or element.tag in {"script", "style"} or is_hidden(element):
            continue
        if not (element.text or "").strip():
            continue
        text = visible_text(element)
        if text and len(text) <= MAX_SELLER + 12 and SELLER_LABEL.match(text):
            return clean_seller(text)
    return None


def link_count(card: Any) -> int:
    return len({(a.get("href") or "").strip() for a in content_links(card)})
