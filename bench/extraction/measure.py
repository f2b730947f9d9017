"""Extraction of corpus pages and their tracking variants, scored against the expected offers."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from bench.extraction.corpus import CorpusPage
from bench.extraction.scoring import OfferFields, Score, score_page
from bench.extraction.variant import tracking_variant
from crawler.extract import extract_offers
from crawler.items import Offer


def offer_fields(offer: Offer) -> OfferFields:
    seller = getattr(offer, "seller", None) or offer.extra.get("seller")
    return OfferFields(
        url=offer.url,
        title=offer.title,
        price=offer.price,
        currency=offer.currency,
        image_url=offer.image_url,
        seller=seller if isinstance(seller, str) else None,
    )


def extracted(html: str, page_url: str) -> list[OfferFields]:
    return [offer_fields(offer) for offer in extract_offers(html, page_url).offers]


def variant_body(page: CorpusPage) -> bytes:
    return tracking_variant(
        page.body, page.page_url, (offer.url for offer in page.expected), page.volatile_params
    )


def score_static(page: CorpusPage) -> Score:
    """The page and its variant decoded as Scrapy would, extracted in this process."""
    found = extracted(page.text(), page.page_url)
    again = extracted(page.text(variant_body(page)), page.page_url)
    return score_page(page.expected, found, again, page.volatile_params)


# (body, content type) -> the page's HTML after its JavaScript ran
Renderer = Callable[[CorpusPage, bytes], str]


def score_rendered(page: CorpusPage, render: Renderer) -> Score:
    found = extracted(render(page, page.body), page.page_url)
    again = extracted(render(page, variant_body(page)), page.page_url)
    return score_page(page.expected, found, again, page.volatile_params)


def score_pages(pages: Sequence[CorpusPage], render: Renderer | None) -> dict[str, Score]:
    """Scores by slug; JavaScript pages are left out when there is no renderer."""
    scores = {}
    for page in pages:
        if not page.render_js:
            scores[page.slug] = score_static(page)
        elif render is not None:
            scores[page.slug] = score_rendered(page, render)
    return scores
