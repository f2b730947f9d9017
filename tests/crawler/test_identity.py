"""Stable offer identity: one URL per offer whatever volatile parameters its link carries."""

from __future__ import annotations

import pytest

from crawler.extract import extract_offers
from crawler.extract.fields import canonical_url
from crawler.extract.identity import stable_urls
from crawler.items import Offer

BASE = "https://shop.example/search?q=mug"


def urls(*hrefs: str) -> list[str]:
    offers = [Offer(url=canonical_url(href, BASE) or "", title=f"Item {n}") for n, href in enumerate(hrefs)]
    return [offer.url for offer in stable_urls(offers)]


@pytest.mark.parametrize(
    ("href", "url"),
    [
        ("/p/1?utm_source=a&utm_campaign=b", "https://shop.example/p/1"),
        ("/p/1?gclid=x&fbclid=y&msclkid=z", "https://shop.example/p/1"),
        ("/p/1;jsessionid=ABC123?x=1", "https://shop.example/p/1?x=1"),
        ("/p/1?PHPSESSID=abc&sid=9&sessionid=4", "https://shop.example/p/1"),
        ("/dp/B0C1/ref=sr_1_1?qid=1732&sr=8-1&crid=XY", "https://shop.example/dp/B0C1"),
        ("/itm/123?hash=item1c&amdata=enc%3A1", "https://shop.example/itm/123"),
        ("/p/1?spm=a2g0o&ref_=nav", "https://shop.example/p/1"),
    ],
)
def test_tracking_parameters_are_dropped_on_every_url(href: str, url: str) -> None:
    assert canonical_url(href, BASE) == url


def test_a_value_shared_by_every_card_carries_no_identity() -> None:
    assert urls("/p/a?session_tag=77&x=1", "/p/b?session_tag=77&x=2") == [
        "https://shop.example/p/a",
        "https://shop.example/p/b",
    ]


def test_when_paths_tell_cards_apart_only_identifying_keys_stay() -> None:
    assert urls("/view/a?color=red&id=5&pos=1", "/view/b?color=blue&id=6&pos=2") == [
        "https://shop.example/view/a?id=5",
        "https://shop.example/view/b?id=6",
    ]


def test_when_paths_collide_the_parameters_that_tell_cards_apart_stay() -> None:
    assert urls(
        "/index.php?route=product/product&path=20_27&product_id=40&tracking_token=1732900000abc",
        "/index.php?route=product/product&path=20_27&product_id=41&tracking_token=1732900000abc",
    ) == [
        "https://shop.example/index.php?path=20_27&product_id=40&route=product%2Fproduct",
        "https://shop.example/index.php?path=20_27&product_id=41&route=product%2Fproduct",
    ]
    assert urls("/listing?ad=1&t=9", "/listing?ad=2&t=9") == [
        "https://shop.example/listing?ad=1",
        "https://shop.example/listing?ad=2",
    ]


def test_a_lone_card_keeps_every_parameter_that_is_not_known_noise() -> None:
    # Nothing to compare it with: which of its parameters vary cannot be told.
    assert urls("/view/a?color=red&utm_source=x") == ["https://shop.example/view/a?color=red"]


def test_jobs_keep_their_job_key() -> None:
    assert urls("/viewjob?jk=aa11&bb=x1&from=serp", "/viewjob?jk=bb22&bb=x2&from=serp") == [
        "https://shop.example/viewjob?jk=aa11",
        "https://shop.example/viewjob?jk=bb22",
    ]


def _page(query: str) -> str:
    cards = "".join(
        f'<li class="res"><a href="/dp/{asin}/ref=sr_1_{n}?{query}&sr=8-{n}&keywords=mug">'
        f'<img src="/{asin}.jpg"></a><h2>Mug {n}</h2><span class="price">$1{n}.00</span></li>'
        for n, asin in enumerate(["B01", "B02", "B03"], 1)
    )
    return f"<html><body><ul>{cards}</ul></body></html>"


def test_the_same_page_with_new_volatile_values_gives_the_same_urls() -> None:
    first = extract_offers(_page("qid=1700000001&crid=AAA"), BASE).offers
    again = extract_offers(_page("qid=1700009999&crid=BBB&utm_source=x&gclid=y"), BASE).offers
    assert (
        [o.url for o in first]
        == [o.url for o in again]
        == [
            "https://shop.example/dp/B01",
            "https://shop.example/dp/B02",
            "https://shop.example/dp/B03",
        ]
    )
