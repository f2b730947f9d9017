"""Fetch options through `scrapy crawl offers`: a proxy (plain and JavaScript pages), cookies,
headers, next pages, and the address policy through a proxy."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.crawler.conftest import PROXY_PASSWORD, CrawlResult, run_crawl
from tests.crawler.fetch_sites import SELECTORS, CountingProxy, CountingSocks5Proxy, ShopSite, running

COOKIE = "letmein"


def proxy_url(proxy: CountingProxy) -> str:
    return proxy.url.replace("http://", f"http://scout:{PROXY_PASSWORD}@")


def crawl(tmp_path: Path, url: str, options: dict[str, Any], *extra: str, **env: str) -> CrawlResult:
    return run_crawl(
        tmp_path,
        "-a",
        f"url={url}",
        "-a",
        "selectors=" + json.dumps(SELECTORS),
        "-a",
        "fetch_options=" + json.dumps(options),
        *extra,
        **{"ALLOWED_PRIVATE_HOSTS": "127.0.0.1", **env},
    )


def titles(result: CrawlResult) -> list[str]:
    assert len(result.items) == 1, result.log[-3000:]
    assert result.items[0]["offers"], (result.items[0]["error"], result.log[-3000:])
    return [offer["title"] for offer in result.items[0]["offers"]]


def assert_no_secret_logged(result: CrawlResult) -> None:
    assert PROXY_PASSWORD not in result.log and COOKIE not in result.log


def test_a_page_that_needs_a_cookie_is_read_with_it(site: ShopSite, tmp_path: Path) -> None:
    without = crawl(tmp_path, f"{site.url}/members", {})
    assert without.items[0]["error"] == "the page answered HTTP 403", without.log[-3000:]
    result = crawl(tmp_path, f"{site.url}/members", {"cookies": {"session": COOKIE}})
    assert titles(result) == ["Secret tent", "Hidden tent"]
    assert_no_secret_logged(result)


def test_headers_are_sent_with_the_request(site: ShopSite, tmp_path: Path) -> None:
    headers = {"User-Agent": "Mozilla/5.0 test", "Accept-Language": "de-DE", "X-Region": "alps"}
    crawl(tmp_path, f"{site.url}/search?page=3", {"headers": headers})
    sent = next(h for path, h in site.requests if path.startswith("/search"))
    assert sent["User-Agent"] == "Mozilla/5.0 test"
    assert sent["Accept-Language"] == "de-DE" and sent["X-Region"] == "alps"


def test_plain_page_goes_through_the_proxy_with_its_credentials(
    site: ShopSite, proxy: CountingProxy, tmp_path: Path
) -> None:
    options = {"proxy": proxy_url(proxy), "cookies": {"session": COOKIE}}
    result = crawl(tmp_path, f"{site.url}/members", options)
    assert titles(result) == ["Secret tent", "Hidden tent"]
    assert f"GET {site.url}/members" in proxy.seen
    assert f"GET {site.url}/robots.txt" in proxy.seen  # robots.txt went through it too
    assert [path for path, _ in site.requests] == ["/robots.txt", "/members"]
    assert_no_secret_logged(result)


def test_a_plain_page_reaches_an_http_proxy_as_the_checked_address(
    site: ShopSite, proxy: CountingProxy, tmp_path: Path
) -> None:
    """The proxy is handed the address the guard checked, not a name to resolve again (DNS
    rebinding at the proxy); the Host header still names the site."""
    named = site.url.replace("127.0.0.1", "localhost")
    options = {"proxy": proxy_url(proxy).replace("127.0.0.1", "localhost"), "cookies": {"session": COOKIE}}
    result = crawl(tmp_path, f"{named}/members", options, ALLOWED_PRIVATE_HOSTS="localhost")
    assert titles(result) == ["Secret tent", "Hidden tent"]
    assert f"GET {site.url}/members" in proxy.seen, proxy.seen
    assert not any("localhost" in line for line in proxy.seen), proxy.seen
    assert set(proxy.host_headers) == {named.removeprefix("http://")}
    assert_no_secret_logged(result)


@pytest.fixture
def socks() -> Iterator[CountingSocks5Proxy]:
    server = CountingSocks5Proxy(credentials=("scout", PROXY_PASSWORD))
    with running(server):
        yield server


def test_plain_page_goes_through_a_socks5_proxy(
    site: ShopSite, socks: CountingSocks5Proxy, tmp_path: Path
) -> None:
    named = site.url.replace("127.0.0.1", "localhost")
    options = {"proxy": socks.url(f"scout:{PROXY_PASSWORD}"), "cookies": {"session": COOKIE}}
    result = crawl(tmp_path, f"{named}/members", options, ALLOWED_PRIVATE_HOSTS="localhost,127.0.0.1")
    assert titles(result) == ["Secret tent", "Hidden tent"]
    port = site.server_address[1]
    # robots.txt and the page, each connected by the checked address, never by name
    assert socks.seen == [f"CONNECT 127.0.0.1:{port}"] * 2, socks.seen
    assert [path for path, _ in site.requests] == ["/robots.txt", "/members"]
    assert_no_secret_logged(result)


def test_a_socks5_proxy_with_wrong_credentials_fails_the_page(
    site: ShopSite, socks: CountingSocks5Proxy, tmp_path: Path
) -> None:
    result = crawl(tmp_path, f"{site.url}/members", {"proxy": socks.url("scout:wrong")})
    assert len(result.items) == 1 and result.items[0]["error"], result.log[-3000:]
    assert socks.seen == [] and site.requests == []


def test_javascript_page_goes_through_a_socks5_proxy(
    site: ShopSite, socks: CountingSocks5Proxy, chromium: str, tmp_path: Path
) -> None:
    options = {"proxy": socks.url(f"scout:{PROXY_PASSWORD}"), "cookies": {"session": COOKIE}}
    result = crawl(tmp_path, f"{site.url}/members", options, "-a", "render_js=1", CHROMIUM_PATH=chromium)
    assert titles(result) == ["Secret tent", "Hidden tent"]
    assert f"CONNECT 127.0.0.1:{site.server_address[1]}" in socks.seen, socks.seen
    assert_no_secret_logged(result)


@pytest.mark.parametrize("render_js", [False, True])
def test_a_socks5_proxy_asked_for_a_private_address_is_refused_before_any_connection(
    socks: CountingSocks5Proxy, chromium: str, tmp_path: Path, render_js: bool
) -> None:
    js = ("-a", "render_js=1") if render_js else ()
    result = crawl(tmp_path, "http://10.20.30.40/list", {"proxy": socks.url()}, *js, CHROMIUM_PATH=chromium)
    assert len(result.items) == 1 and result.items[0]["offers"] == [], result.log[-3000:]
    assert socks.seen == []


def test_javascript_page_goes_through_the_proxy_chained_to_the_egress_proxy(
    site: ShopSite, proxy: CountingProxy, chromium: str, tmp_path: Path
) -> None:
    named = site.url.replace("127.0.0.1", "localhost")
    options = {"proxy": proxy_url(proxy), "cookies": {"session": COOKIE}}
    result = crawl(
        tmp_path,
        f"{named}/members",
        options,
        "-a",
        "render_js=1",
        CHROMIUM_PATH=chromium,
        ALLOWED_PRIVATE_HOSTS="localhost,127.0.0.1",
    )
    assert titles(result) == ["Secret tent", "Hidden tent"]
    # a plain http:// page: the proxy gets the checked address in the request line, not the name
    assert f"GET {site.url}/members" in proxy.seen, proxy.seen
    assert not any("localhost" in line for line in proxy.seen), proxy.seen
    assert "'playwright/browser_count': 1" in result.log
    assert_no_secret_logged(result)


def test_a_proxy_asked_for_a_private_address_is_refused_before_any_connection(
    proxy: CountingProxy, tmp_path: Path
) -> None:
    urls = "http://10.20.30.40/list http://169.254.169.254/latest/meta-data/ http://no-such-host.invalid/x"
    result = crawl(tmp_path, urls, {"proxy": proxy_url(proxy)})
    assert len(result.items) == 3, result.log[-3000:]
    for item in result.items:
        assert "refused to fetch" in item["error"], item
    assert proxy.seen == []


def test_a_javascript_page_through_a_proxy_still_passes_the_address_guard(
    proxy: CountingProxy, chromium: str, tmp_path: Path
) -> None:
    result = crawl(
        tmp_path,
        "http://10.20.30.40/list",
        {"proxy": proxy_url(proxy)},
        "-a",
        "render_js=1",
        CHROMIUM_PATH=chromium,
    )
    assert len(result.items) == 1 and result.items[0]["offers"] == [], result.log[-3000:]
    assert proxy.seen == []


def test_next_pages_are_followed_up_to_max_pages_as_one_listing(site: ShopSite, tmp_path: Path) -> None:
    result = crawl(tmp_path, f"{site.url}/search?q=tent", {"max_pages": 2})
    assert titles(result) == ["Alpine tent", "Forest tent", "Desert tent", "Lakeside tent"]
    all_three = crawl(tmp_path, f"{site.url}/search?q=tent", {"max_pages": 5})
    assert titles(all_three)[-1] == "Meadow tent" and len(titles(all_three)) == 5
    one = crawl(tmp_path, f"{site.url}/search?q=tent", {})
    assert titles(one) == ["Alpine tent", "Forest tent"]


def test_retry_after_holds_the_host(site: ShopSite, tmp_path: Path) -> None:
    result = crawl(tmp_path, f"{site.url}/busy", {}, RETRY_BACKOFF_BASE="0")
    assert titles(result) == ["Patient tent"]
    assert site.busy_hits == 2


def test_javascript_pages_carry_the_headers_and_follow_next_pages(
    site: ShopSite, chromium: str, tmp_path: Path
) -> None:
    options = {"headers": {"Accept-Language": "de-DE", "X-Region": "alps"}, "max_pages": 2}
    result = crawl(
        tmp_path, f"{site.url}/search?q=tent", options, "-a", "render_js=1", CHROMIUM_PATH=chromium
    )
    assert titles(result) == ["Alpine tent", "Forest tent", "Desert tent", "Lakeside tent"]
    sent = [headers for path, headers in site.requests if path.startswith("/search")]
    assert len(sent) == 2, sent
    assert all(h["X-Region"] == "alps" and h["Accept-Language"] == "de-DE" for h in sent), sent
