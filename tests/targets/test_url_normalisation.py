# ruff: noqa: RUF001 - the look-alike characters are what these tests are about
"""Host checks run on the URL as it will be fetched: spellings that normalise (IDNA/NFKC) to a
loopback, private or local host are refused like the plain spelling."""

from __future__ import annotations

import pytest

from api.errors import AppError
from api.targets.urls import validate_listing_url
from core.addresses import ip_literal

REFUSED = {
    "fullwidth-digits": "http://１２７.０.０.１/list",
    "fullwidth-private": "https://１０.０.０.１/list",
    "circled-digits": "http://①②⑦.0.0.1/list",
    "ideographic-dots": "http://127。0。0。1/list",
    "halfwidth-ideographic-dots": "http://127｡0｡0｡1/list",
    "fullwidth-dots": "http://127．0．0．1/list",
    "fullwidth-localhost": "http://ｌｏｃａｌｈｏｓｔ/list",
    "fullwidth-upper-localhost-port": "http://ＬＯＣＡＬＨＯＳＴ:8000/list",
    "fullwidth-sub-localhost": "http://shop.ｌｏｃａｌｈｏｓｔ/list",
    "fullwidth-metadata": "http://１６９.２５４.１６９.２５４/latest",
    "unclosed-ipv6": "http://[::1/list",
}


@pytest.mark.parametrize("url", REFUSED.values(), ids=REFUSED.keys())
def test_normalising_spellings_of_non_public_hosts_are_refused(url):
    with pytest.raises(AppError) as refused:
        validate_listing_url(url, ())
    assert refused.value.status_code == 400
    assert refused.value.extra == [{"field": "url", "message": refused.value.detail}]


def test_an_international_name_is_kept_in_its_ascii_form():
    assert validate_listing_url("http://shop.例え.jp/Liste", ()) == "http://shop.xn--r8jz45g.jp/Liste"


@pytest.mark.parametrize("host", ["１２７.０.０.１", "127。0。0。1", "①②⑦.0.0.1"])
def test_ip_literal_reads_compatibility_spellings(host):
    assert str(ip_literal(host)) == "127.0.0.1"


async def test_the_api_refuses_them_naming_the_field(client, user):
    for url in REFUSED.values():
        response = await client.post("/api/public/targets", json={"name": "t", "urls": [{"url": url}]})
        assert response.status_code == 400, url
        assert response.json()["errors"][0]["field"] == "urls[0].url"
