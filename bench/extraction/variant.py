"""The variant of a corpus page whose offer links carry new tracking values (pure, bytes in and out)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import parse_qsl, urljoin, urlsplit

from bench.extraction.scoring import normalise_url, with_new_tracking

# A quoted URL-like string: an attribute value or a string in a script's JSON.
QUOTED_LINK = re.compile(r"""(?P<quote>["'])(?P<link>(?:https?://|/)[^"'\s<>]*)(?P=quote)""")


def links_to(link: str, offer_url: str) -> bool:
    """`link` leads to the offer: the same host and path (or a path below it, like Amazon's
    /dp/ID/ref=...) with at least the offer URL's query parameters."""
    have, want = urlsplit(normalise_url(link)), urlsplit(normalise_url(offer_url))
    if (have.scheme, have.netloc) != (want.scheme, want.netloc):
        return False
    if have.path != want.path and not have.path.startswith(want.path.rstrip("/") + "/"):
        return False
    return set(parse_qsl(want.query, keep_blank_values=True)) <= set(
        parse_qsl(have.query, keep_blank_values=True)
    )


def tracking_variant(
    body: bytes, page_url: str, offer_urls: Iterable[str], volatile_params: Iterable[str]
) -> bytes:
    """`body` with every link to an expected offer rewritten by `with_new_tracking`.

    Links are ASCII in every encoding the corpus uses, so the page is rewritten as latin-1 text,
    which maps each byte to one character and back."""
    volatile = list(volatile_params)
    offers = list(offer_urls)

    def rewrite(found: re.Match[str]) -> str:
        raw = found["link"]
        link = raw.replace("&amp;", "&")
        absolute = urljoin(page_url, link)
        if not any(links_to(absolute, offer) for offer in offers):
            return found[0]
        new = with_new_tracking(link, volatile)
        if "&amp;" in raw or is_attribute(found):
            new = new.replace("&", "&amp;")
        return f"{found['quote']}{new}{found['quote']}"

    return QUOTED_LINK.sub(rewrite, body.decode("latin-1")).encode("latin-1")


def is_attribute(found: re.Match[str]) -> bool:
    """The quoted link is an HTML attribute value (name= right before it)."""
    return found.string[max(0, found.start() - 1) : found.start()] == "="
