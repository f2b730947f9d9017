"""Which listing URLs may be watched, and their one normalized spelling."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from api.errors import AppError
from api.targets.urls import normalize_url, validate_listing_url
from core.db.models import ScrapingUrl

REJECTED = [
    ("ftp://shop.example/list", "Only http and https"),
    ("javascript:alert(1)", "Only http and https"),
    ("file:///etc/passwd", "Only http and https"),
    ("https://user:secret@shop.example/", "user name or password"),
    ("https://user@shop.example/", "user name or password"),
    ("https:///nohost", "no host"),
    ("https://shop.example:99999/", "invalid port"),
    ("https://shop.example/" + "a" * 2040, "longer than 2048"),
    ("http://localhost:8000/", "Local addresses"),
    ("http://api.localhost/", "Local addresses"),
    ("http://127.0.0.1/", "Private"),
    ("http://10.1.2.3/", "Private"),
    ("http://192.168.0.10/", "Private"),
    ("http://172.16.5.4/", "Private"),
    ("http://169.254.169.254/latest/meta-data/", "Private"),
    ("http://100.64.0.1/", "Private"),
    ("http://0.0.0.0/", "Private"),
    ("http://[::1]/", "Private"),
    ("http://[fe80::1]/", "Private"),
    ("http://[::ffff:127.0.0.1]/", "Private"),
    ("http://224.0.0.1/", "Private"),
    ("http://[2002:7f00:1::]/", "loopback address"),
    ("http://[64:ff9b::a00:1]/", "private address"),
    ("http://[fec0::1]/", "non-public address"),
    ("http://127.1/", "loopback address"),
    ("http://2130706433/", "loopback address"),
    ("http://0x7f000001/", "loopback address"),
    ("http://0177.0.0.1/", "loopback address"),
    ("http://0/", "unspecified address"),
    ("http://169.254.169.254/", "cloud metadata address"),
]


@pytest.mark.parametrize(("url", "message"), REJECTED)
def test_rejected_urls_name_the_reason(url, message):
    with pytest.raises(AppError) as caught:
        validate_listing_url(url, ())
    assert message in caught.value.detail
    assert caught.value.status_code == 400


def test_allowed_private_hosts_open_only_the_named_hosts():
    assert validate_listing_url("http://127.0.0.1:8080/list", ("127.0.0.1",)) == "http://127.0.0.1:8080/list"
    assert validate_listing_url("http://localhost/x", ("localhost",)) == "http://localhost/x"
    with pytest.raises(AppError):
        validate_listing_url("http://10.0.0.1/", ("127.0.0.1",))


def test_public_addresses_and_names_are_accepted():
    assert validate_listing_url("https://93.184.215.14/list", ()) == "https://93.184.215.14/list"
    assert (
        validate_listing_url("  https://Shop.Example/List?q=a b  ", ()) == "https://shop.example/List?q=a+b"
    )


def test_normalization_sorts_the_query_and_drops_the_fragment():
    assert normalize_url("HTTPS://Shop.Example/a?z=1&b=2#frag") == "https://shop.example/a?b=2&z=1"
    assert normalize_url("https://shop.example/caf%C3%A9") == normalize_url("https://shop.example/café")


async def test_api_rejects_each_form_with_400_naming_the_url_field(client, user, db):
    target = (await client.post("/api/public/targets", json={"name": "t"})).json()
    for url, message in REJECTED:
        response = await client.post(f"/api/public/targets/{target['id']}/urls", json={"url": url})
        assert response.status_code == 400, url
        body = response.json()
        assert body["errors"][0]["field"] == "url", url
        assert message in body["detail"] or "2048" in body["detail"], (url, body)
    assert await db.scalar(select(func.count(ScrapingUrl.id))) == 0


@pytest.mark.parametrize("settings_overrides", [{"ALLOWED_PRIVATE_HOSTS": "127.0.0.1, Demo.Local"}])
async def test_api_admits_private_hosts_listed_in_settings(client, user, db):
    response = await client.post(
        "/api/public/targets",
        json={
            "name": "demo",
            "urls": [{"url": "http://127.0.0.1:8001/shop"}, {"url": "http://demo.local/list"}],
        },
    )
    assert response.status_code == 201, response.text
