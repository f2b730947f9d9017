"""The corpus bench's scoring and tracking variant (bench/extraction/scoring.py, variant.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bench.extraction.scoring import (
    OfferFields,
    Score,
    expected_offer,
    identity_key,
    match_offers,
    normalise_url,
    score_page,
    with_new_tracking,
)
from bench.extraction.variant import links_to, tracking_variant


def offer(url: str, **fields: object) -> OfferFields:
    values: dict[str, object] = {
        "title": "Mug",
        "price": Decimal("12.50"),
        "currency": "EUR",
        "image_url": None,
    }
    values.update(fields)
    return OfferFields(url=url, **values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("HTTPS://Shop.Example.com/p/1", "https://shop.example.com/p/1"),
        ("https://shop.example.com/p/1/", "https://shop.example.com/p/1"),
        ("https://shop.example.com/p/1#reviews", "https://shop.example.com/p/1"),
        ("https://s.example/index.php?route=product/product&product_id=4",
         "https://s.example/index.php?product_id=4&route=product%2Fproduct"),
        ("https://s.example/caf%C3%A9", "https://s.example/café"),
    ],
)  # fmt: skip
def test_urls_equal_after_trivial_normalisation(left: str, right: str) -> None:
    assert normalise_url(left) == normalise_url(right)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("https://shop.example.com/p/1", "https://shop.example.com/p/2"),
        ("https://shop.example.com/p?id=1", "https://shop.example.com/p?id=2"),
        ("https://shop.example.com/p?id=1", "https://shop.example.com/p?id=1&qid=9"),
        ("http://shop.example.com/p/1", "https://shop.example.com/p/1"),
        ("https://shop.example.com/P/1", "https://shop.example.com/p/1"),
    ],
)
def test_urls_that_differ_stay_different(left: str, right: str) -> None:
    assert normalise_url(left) != normalise_url(right)


def test_each_expected_offer_matches_once() -> None:
    expected = [offer("https://s.example/a"), offer("https://s.example/b")]
    found = [offer("https://s.example/a/"), offer("https://s.example/a"), offer("https://s.example/c")]
    pairs = match_offers(expected, found)
    assert [(e.url, f.url) for e, f in pairs] == [("https://s.example/a", "https://s.example/a/")]


def test_page_figures() -> None:
    expected = [
        offer(
            "https://s.example/a",
            image_url="https://cdn.example/a.jpg",
            image_alternatives=("https://cdn.example/a2.jpg",),
        ),
        offer("https://s.example/b", price=None, currency=None),
        offer("https://s.example/c"),
        offer("https://s.example/d"),
    ]
    found = [
        offer("https://s.example/a", image_url="https://cdn.example/a2.jpg", title="  Mug\n"),
        offer("https://s.example/b", price=Decimal("0"), currency=None),
        offer("https://s.example/c", price=Decimal("12.5"), currency="USD", title="mug"),
        offer("https://s.example/sponsored"),
    ]
    score = score_page(expected, found)
    figures = score.figures()
    assert figures["recall"] == 3 / 4
    assert figures["precision"] == 3 / 4
    assert figures["title"] == 2 / 3  # case counts, whitespace does not
    assert figures["price"] == 2 / 3  # 12.5 == 12.50, but 0 is not "no price"
    assert figures["currency"] == 2 / 3
    assert figures["image"] == 3 / 3
    assert score.missed == ["https://s.example/d"]
    assert score.extra == ["https://s.example/sponsored"]
    assert score.lowest() == 2 / 3
    assert score.seller_accuracy() is None  # no expected offer names a seller


def test_seller_accuracy_counts_offers_whose_page_names_one() -> None:
    expected = [
        offer("https://s.example/a", seller="Bo"),
        offer("https://s.example/b", seller="Al"),
        offer("https://s.example/c"),
    ]
    found = [
        offer("https://s.example/a", seller="Bo"),
        offer("https://s.example/b"),
        offer("https://s.example/c", seller="X"),
    ]
    assert score_page(expected, found).seller_accuracy() == 1 / 2


def test_wrong_image_and_missing_image() -> None:
    expected = [
        offer("https://s.example/a", image_url="https://cdn.example/a.jpg"),
        offer("https://s.example/b"),
    ]
    found = [
        offer("https://s.example/a", image_url=None),
        offer("https://s.example/b", image_url="https://cdn.example/x.jpg"),
    ]
    assert score_page(expected, found).figures()["image"] == 0


def test_nothing_found_scores_zero_everywhere() -> None:
    figures = score_page([offer("https://s.example/a")], []).figures()
    assert all(value == 0 for value in figures.values())


def test_totals_add_counts_not_ratios() -> None:
    small = score_page([offer("https://s.example/a")], [])
    large = score_page(
        [offer(f"https://s.example/{n}") for n in range(9)],
        [offer(f"https://s.example/{n}") for n in range(9)],
    )
    total = small + large + Score()
    assert total.figures()["recall"] == 9 / 10
    assert total.expected == 10


def test_stable_share_counts_urls_unchanged_by_tracking() -> None:
    expected = [offer("https://s.example/itm/1"), offer("https://s.example/itm/2")]
    first = [offer("https://s.example/itm/1"), offer("https://s.example/itm/2")]
    again = [
        offer("https://s.example/itm/1"),
        offer("https://s.example/itm/2?hash=new-bench2&utm_source=bench&gclid=xyz&fbclid=abc"),
    ]
    score = score_page(expected, first, again, ["hash"])
    assert score.stable == 1
    assert score.figures()["stable"] == 1 / 2


def test_expected_offer_reads_the_answer_format() -> None:
    read = expected_offer(
        {
            "url": "https://s.example/a",
            "title": "A",
            "price": "0",
            "currency": None,
            "image_url": None,
            "seller": "Bo",
        }
    )
    assert read.price == Decimal("0")
    assert read.seller == "Bo"
    assert expected_offer({"url": "https://s.example/a", "title": "A", "price": None}).price is None


def test_new_tracking_changes_volatile_values_and_adds_click_ids() -> None:
    url = with_new_tracking("/itm/1?id=7&qid=123", ["qid"])
    assert url == "/itm/1?id=7&qid=123-bench2&utm_source=bench&gclid=xyz&fbclid=abc"
    assert identity_key(url, {"qid"}) == identity_key("/itm/1?qid=1&id=7", {"qid"})
    assert identity_key("/itm/1?id=7", set()) != identity_key("/itm/1?id=8", set())


def test_variant_rewrites_only_the_offer_links() -> None:
    page = (
        b'<a href="/itm/1?hash=a1&amp;x=1">one</a><a href="/help">help</a><a href="/itm/10">ten</a>'
        b'<a href="/itm/1/ref=sr_1">one again</a>'
        b'<script>{"url": "https://s.example/itm/2"}</script>'
    )
    variant = tracking_variant(
        page, "https://s.example/list", ["https://s.example/itm/1", "https://s.example/itm/2"], ["hash"]
    )
    assert (
        b'href="/itm/1?hash=a1-bench2&amp;x=1&amp;utm_source=bench&amp;gclid=xyz&amp;fbclid=abc"' in variant
    )
    assert b'href="/itm/1/ref=sr_1?utm_source=bench&amp;gclid=xyz&amp;fbclid=abc"' in variant
    assert b'href="/help"' in variant
    assert b'href="/itm/10"' in variant
    assert b'"https://s.example/itm/2?utm_source=bench&gclid=xyz&fbclid=abc"' in variant


def test_variant_keeps_other_bytes_of_any_encoding() -> None:
    text = "<p>\u0426\u0435\u043d\u0430 1 200 \u0440\u0443\u0431.</p>"  # a price in Russian
    page = f'{text}<a href="/itm/1">x</a>'.encode("windows-1251")
    variant = tracking_variant(page, "https://s.example/", ["https://s.example/itm/1"], [])
    assert variant.decode("windows-1251").startswith(text)


@pytest.mark.parametrize(
    ("link", "offer_url", "leads"),
    [
        ("https://s.example/dp/B01/ref=sr_1_2?qid=5", "https://s.example/dp/B01", True),
        (
            "https://s.example/p?route=product&product_id=4&path=2",
            "https://s.example/p?product_id=4&route=product",
            True,
        ),
        (
            "https://s.example/p?route=product&product_id=5",
            "https://s.example/p?product_id=4&route=product",
            False,
        ),
        ("https://s.example/dp/B012", "https://s.example/dp/B01", False),
        ("https://other.example/dp/B01", "https://s.example/dp/B01", False),
    ],
)
def test_links_to_offer(link: str, offer_url: str, leads: bool) -> None:
    assert links_to(link, offer_url) is leads
