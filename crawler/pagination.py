"""Finding a listing's next page: its own rel=next link, a "next" link in a pagination block,
or a link to ?page=N+1. Pure (HTML in, URL out), so it is tested without a crawl."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urljoin, urlsplit

from parsel import Selector

NEXT_LABELS = frozenset(
    {"next", "next page", "next \u203a", "next \u00bb", "\u203a", "\u00bb", ">"}
    | {"weiter", "suivant", "siguiente"}
)
PAGE_PARAMS = ("page", "p", "pg")
PAGINATION_BLOCK = re.compile(r"pagination|pager|paging", re.IGNORECASE)
NEXT_CLASS = re.compile(r"\bnext\b", re.IGNORECASE)


def next_page_url(html: str, url: str, page_number: int) -> str | None:
    """The URL of the page after `url` (page `page_number` of the listing), or None."""
    page = Selector(text=html)
    for href in page.css("link[rel~=next]::attr(href), a[rel~=next]::attr(href)").getall():
        if _usable(href, url):
            return urljoin(url, href.strip())
    for link in page.css("a[href]"):
        labels = (
            " ".join(link.css("::text").getall()),
            link.attrib.get("aria-label", ""),
            link.attrib.get("title", ""),
        )
        if any(_says_next(label) for label in labels) and _usable(link.attrib["href"], url):
            return urljoin(url, link.attrib["href"].strip())
    for block in page.css("[class], [id]"):
        if not PAGINATION_BLOCK.search(block.attrib.get("class", "") + " " + block.attrib.get("id", "")):
            continue
        for link in block.css("a[href]"):
            classes = link.attrib.get("class", "") + " " + " ".join(link.xpath("../@class").getall())
            if NEXT_CLASS.search(classes) and _usable(link.attrib["href"], url):
                return urljoin(url, link.attrib["href"].strip())
    for href in page.css("a[href]::attr(href)").getall():
        if _usable(href, url) and _page_number(urljoin(url, href)) == page_number + 1:
            return urljoin(url, href.strip())
    return None


def _says_next(label: str) -> bool:
    words = " ".join(label.split()).lower()
    return words in NEXT_LABELS or words.startswith("next ")


def _usable(href: str, url: str) -> bool:
    href = href.strip()
    if not href or href.startswith(("#", "javascript:", "mailto:")):
        return False
    target = urljoin(url, href)
    return urlsplit(target).scheme in {"http", "https"} and target.split("#")[0] != url.split("#")[0]


def _page_number(url: str) -> int | None:
    for name, value in parse_qsl(urlsplit(url).query):
        if name.lower() in PAGE_PARAMS and value.isdigit():
            return int(value)
    return None
