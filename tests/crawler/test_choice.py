"""Choosing between candidate lists: the one that explains the page best, not the first found."""

from __future__ import annotations

from decimal import Decimal

from crawler.extract.choice import Candidate, choose, score
from crawler.items import Offer

PAGE = "https://shop.example/c/bikes"


def offer(slug: str, price: str | None = None, image: bool = False, seller: str | None = None) -> Offer:
    return Offer(
        url=f"https://shop.example/p/{slug}",
        title=slug.title(),
        price=None if price is None else Decimal(price),
        currency=None if price is None else "EUR",
        image_url=f"https://shop.example/{slug}.jpg" if image else None,
        extra={"source": "test", **({"seller": seller} if seller else {})},
    )


def test_cards_with_prices_and_images_beat_a_longer_list_of_bare_links() -> None:
    menu = Candidate("structured", [offer(f"link{n}") for n in range(6)])
    cards = Candidate("heuristic", [offer(s, "10", image=True) for s in ("a", "b", "c")])
    assert score(cards, PAGE) > score(menu, PAGE)
    assert choose([menu, cards], PAGE) is not None
    assert choose([menu, cards], PAGE).method == "heuristic"  # type: ignore[union-attr]


def test_breadcrumbs_pointing_at_the_page_or_above_count_nothing() -> None:
    crumbs = Candidate(
        "structured",
        [
            Offer(url="https://shop.example/", title="Home"),
            Offer(url="https://shop.example/c", title="Catalogue"),
            Offer(url=PAGE, title="Bikes"),
        ],
    )
    assert score(crumbs, PAGE) == 0
    assert choose([crumbs], PAGE) is None


def test_one_summary_offer_loses_to_two_cards_but_a_single_result_is_kept() -> None:
    summary = Candidate("structured", [offer("all-bikes", "10", image=True)])
    cards = Candidate("heuristic", [offer("a", "12"), offer("b", "15")])
    assert choose([summary, cards], PAGE).method == "heuristic"  # type: ignore[union-attr]
    assert choose([summary], PAGE).offers == summary.offers  # type: ignore[union-attr]


def test_equal_scores_prefer_structured_data_and_missing_fields_are_filled_by_url() -> None:
    structured = Candidate("structured", [offer("a", "10"), offer("b", "20")])
    cards = Candidate("heuristic", [offer("a", "10", seller="Bob"), offer("b", "20")])
    best = choose([cards, structured], PAGE)
    assert best is not None and best.method == "structured"
    assert best.offers[0].extra["seller"] == "Bob"
    lacking = Candidate("structured", [offer(slug) for slug in "abcdefg"])
    priced = Candidate("heuristic", [offer("a", "10", image=True), offer("b", "20")])
    best = choose([lacking, priced], PAGE)
    assert best is not None and best.method == "structured"
    assert (best.offers[0].price, best.offers[0].image_url) == (Decimal("10"), "https://shop.example/a.jpg")
