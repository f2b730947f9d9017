"""`scrapy crawl offers` in a subprocess against the demo shop, without the API (`-a url=...`):
what the spider yields, the SSRF guard on real requests, redirects, robots.txt, JavaScript."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from demo.shop import ShopServer
from tests.crawler.conftest import run_crawl


def by_url(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {item["job"]["url"]: item for item in items}


def test_crawl_yields_each_page_with_its_offers(shop: ShopServer, tmp_path: Path) -> None:
    base = shop.base_url
    result = run_crawl(tmp_path, "-a", f"url={base}/cards {base}/jsonld", ALLOWED_PRIVATE_HOSTS="127.0.0.1")
    pages = by_url(result.items)
    assert set(pages) == {f"{base}/cards", f"{base}/jsonld"}, result.log[-3000:]
    cards = pages[f"{base}/cards"]
    assert cards["error"] is None and cards["http_status"] == 200 and cards["method"] == "heuristic"
    assert cards["offers"][0] == {
        "url": f"{base}/item/road-bike",
        "title": "Road bike & helmet set",
        "price": "1299.00",
        "currency": "USD",
        "image_url": f"{base}/img/road-bike.jpg",
        "extra": {"source": "heuristic"},
    }
    assert len(cards["offers"]) == 4
    assert pages[f"{base}/jsonld"]["dropped"] == 1
    assert "User-Agent" not in result.log  # sanity: nothing odd logged about headers


def test_ssrf_guard_refuses_private_addresses_and_loopback_names(shop: ShopServer, tmp_path: Path) -> None:
    port = shop.server_address[1]
    urls = {
        f"http://127.0.0.1:{port}/cards": "it is a loopback address",
        "http://10.20.30.40/cards": "it is a private address",
        "http://169.254.169.254/latest/meta-data/": "it is a cloud metadata address",
        f"http://[::1]:{port}/cards": "it is a loopback address",
        f"http://localhost:{port}/cards": "localhost: it resolves to",
    }
    result = run_crawl(tmp_path, "-a", "url=" + " ".join(urls), ALLOWED_PRIVATE_HOSTS="")
    pages = by_url(result.items)
    assert set(pages) == set(urls), result.log[-3000:]
    for url, reason in urls.items():
        assert pages[url]["offers"] == []
        assert "refused to fetch" in pages[url]["error"] and reason in pages[url]["error"], pages[url]
    assert "'ssrf_guard/refused': 5" in result.log


def test_redirect_from_an_allowed_host_to_a_forbidden_one_is_refused(
    shop: ShopServer, tmp_path: Path
) -> None:
    port = shop.server_address[1]
    forbidden = f"http://localhost:{port}/redirect?to=http://127.0.0.1:{port}/cards"
    allowed = f"http://localhost:{port}/redirect?to=/cards"
    result = run_crawl(tmp_path, "-a", f"url={forbidden} {allowed}", ALLOWED_PRIVATE_HOSTS="localhost")
    pages = by_url(result.items)
    assert pages[forbidden]["error"] == "refused to fetch 127.0.0.1: it is a loopback address", result.log[
        -3000:
    ]
    assert pages[forbidden]["offers"] == []
    # The same redirect within the allowed host is followed.
    assert pages[allowed]["error"] is None and len(pages[allowed]["offers"]) == 4


def test_robots_txt_and_http_errors_become_page_errors(shop: ShopServer, tmp_path: Path) -> None:
    base = shop.base_url
    result = run_crawl(
        tmp_path, "-a", f"url={base}/private/listing {base}/missing", ALLOWED_PRIVATE_HOSTS="127.0.0.1"
    )
    pages = by_url(result.items)
    assert "robots.txt" in pages[f"{base}/private/listing"]["error"], result.log[-3000:]
    assert pages[f"{base}/missing"]["error"] == "the page answered HTTP 404"
    assert pages[f"{base}/missing"]["http_status"] == 404


def test_robots_txt_can_be_ignored_by_setting(shop: ShopServer, tmp_path: Path) -> None:
    result = run_crawl(
        tmp_path,
        "-a",
        f"url={shop.base_url}/private/listing",
        ALLOWED_PRIVATE_HOSTS="127.0.0.1",
        CRAWLER_OBEY_ROBOTS="false",
    )
    assert len(result.items[0]["offers"]) == 4, result.log[-3000:]


def test_javascript_page_is_rendered_with_the_system_chromium(
    shop: ShopServer, chromium: str, tmp_path: Path
) -> None:
    result = run_crawl(
        tmp_path,
        "-a",
        f"url={shop.base_url}/js",
        "-a",
        "render_js=1",
        ALLOWED_PRIVATE_HOSTS="127.0.0.1",
        CHROMIUM_PATH=chromium,
    )
    assert len(result.items) == 1, result.log[-3000:]
    offers = result.items[0]["offers"]
    assert [(o["url"], o["title"], o["price"], o["currency"]) for o in offers] == [
        (f"{shop.base_url}/item/js-drone", "Drone", "450.00", "USD"),
        (f"{shop.base_url}/item/js-gimbal", "Gimbal", "89.00", "USD"),
    ]
    assert "'playwright/browser_count': 1" in result.log


def test_plain_pages_do_not_start_a_browser(shop: ShopServer, tmp_path: Path) -> None:
    result = run_crawl(tmp_path, "-a", f"url={shop.base_url}/cards", ALLOWED_PRIVATE_HOSTS="127.0.0.1")
    assert len(result.items[0]["offers"]) == 4
    assert "playwright/browser_count" not in result.log


def test_browser_requests_pass_the_same_guard(shop: ShopServer, chromium: str, tmp_path: Path) -> None:
    port = shop.server_address[1]
    # The page (allowed host) fetches its offers from a forbidden one: the request hook aborts
    # it. The browser itself follows a redirect to a forbidden host: the egress proxy refuses
    # the hop (test_browser_egress.py has the rest).
    fetches_forbidden = f"http://localhost:{port}/js?source=http://127.0.0.1:{port}/api/js-offers"
    redirects = f"http://localhost:{port}/redirect?to=http://127.0.0.1:{port}/js"
    result = run_crawl(
        tmp_path,
        "-a",
        f"url={fetches_forbidden} {redirects}",
        "-a",
        "render_js=1",
        ALLOWED_PRIVATE_HOSTS="localhost",
        CHROMIUM_PATH=chromium,
    )
    pages = by_url(result.items)
    assert pages[fetches_forbidden]["offers"] == [], result.log[-3000:]
    assert pages[redirects]["offers"] == []
    assert pages[redirects]["error"] == "refused to fetch 127.0.0.1: it is a loopback address"
    assert "browser request aborted: refused to fetch 127.0.0.1" in result.log
    assert "browser connection refused: refused to fetch 127.0.0.1" in result.log


def test_resolver_connects_only_to_checked_addresses_even_without_the_middleware(
    shop: ShopServer, tmp_path: Path
) -> None:
    # The middleware gives the clear error; the resolver is what the connection uses, so a
    # request that slipped past the middleware still cannot reach a forbidden address.
    port = shop.server_address[1]
    urls = [f"http://localhost:{port}/cards", f"http://127.0.0.1:{port}/cards"]
    result = run_crawl(
        tmp_path,
        "-s",
        'DOWNLOADER_MIDDLEWARES={"crawler.middlewares.SSRFGuardMiddleware": null}',
        "-s",
        "RETRY_ENABLED=false",
        "-a",
        "url=" + " ".join(urls),
        ALLOWED_PRIVATE_HOSTS="",
        CRAWLER_OBEY_ROBOTS="false",
    )
    pages = by_url(result.items)
    assert set(pages) == set(urls), result.log[-3000:]
    for url in urls:
        assert pages[url]["offers"] == []
        assert pages[url]["error"].startswith("the host could not be resolved"), pages[url]
    assert "not connecting: refused to fetch localhost: it resolves to" in result.log


def test_server_errors_are_retried_with_growing_pauses(shop: ShopServer, tmp_path: Path) -> None:
    url = f"{shop.base_url}/flaky/retry-test?failures=2"
    result = run_crawl(
        tmp_path, "-s", "RETRY_BACKOFF_BASE=0.5", "-a", f"url={url}", ALLOWED_PRIVATE_HOSTS="127.0.0.1"
    )
    assert len(result.items[0]["offers"]) == 4, result.log[-3000:]
    assert "'retry/count': 2" in result.log
    elapsed = float(result.log.split("'elapsed_time_seconds': ")[1].split(",")[0])
    assert elapsed >= 1.5  # paused 0.5 s, then 1 s


def test_slow_page_times_out_into_a_page_error(shop: ShopServer, tmp_path: Path) -> None:
    url = f"{shop.base_url}/slow?seconds=3"
    result = run_crawl(
        tmp_path,
        "-s",
        "DOWNLOAD_TIMEOUT=0.5",
        "-s",
        "RETRY_TIMES=1",
        "-s",
        "RETRY_BACKOFF_BASE=0.1",
        "-a",
        f"url={url}",
        ALLOWED_PRIVATE_HOSTS="127.0.0.1",
    )
    assert result.items[0]["offers"] == []
    assert result.items[0]["error"].startswith("the page timed out"), result.items[0]
    assert "'retry/count': 1" in result.log


def test_javascript_page_waits_for_the_item_selector(shop: ShopServer, chromium: str, tmp_path: Path) -> None:
    result = run_crawl(
        tmp_path,
        "-a",
        f"url={shop.base_url}/js",
        "-a",
        "render_js=1",
        "-a",
        'selectors={"item": "#grid .card", "title": "h3", "price": ".price"}',
        ALLOWED_PRIVATE_HOSTS="127.0.0.1",
        CHROMIUM_PATH=chromium,
    )
    page = result.items[0]
    assert page["method"] == "selectors", result.log[-3000:]
    assert [(o["title"], o["price"]) for o in page["offers"]] == [("Drone", "450.00"), ("Gimbal", "89.00")]


def test_page_larger_than_the_size_limit_is_an_error(shop: ShopServer, tmp_path: Path) -> None:
    result = run_crawl(
        tmp_path,
        "-s",
        "DOWNLOAD_MAXSIZE=1000",
        "-a",
        f"url={shop.base_url}/cards",
        ALLOWED_PRIVATE_HOSTS="127.0.0.1",
    )
    page = result.items[0]
    assert page["offers"] == [] and page["error"], result.log[-3000:]
    assert "maxsize" in page["error"].lower() or "1000" in page["error"], page["error"]


def node_recorder(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A stand-in for Playwright's Node.js that records each start, then runs the real one."""
    import playwright

    real_node = Path(playwright.__file__).parent / "driver" / "node"
    starts = tmp_path / "node-starts"
    script = tmp_path / "node"
    script.write_text(f'#!/bin/sh\necho $$ >> "{starts}"\nexec "{real_node}" "$@"\n')
    script.chmod(0o755)
    return starts, {"PLAYWRIGHT_NODEJS_PATH": str(script)}


def test_a_crawl_of_plain_pages_starts_no_playwright_driver(shop: ShopServer, tmp_path: Path) -> None:
    starts, env = node_recorder(tmp_path)
    result = run_crawl(tmp_path, "-a", f"url={shop.base_url}/cards", ALLOWED_PRIVATE_HOSTS="127.0.0.1", **env)
    assert len(result.items[0]["offers"]) == 4, result.log[-3000:]
    assert not starts.exists(), starts.read_text()
    assert "playwright/driver_started" not in result.log


def test_one_playwright_driver_starts_on_the_first_javascript_page(
    shop: ShopServer, chromium: str, tmp_path: Path
) -> None:
    starts, env = node_recorder(tmp_path)
    base = shop.base_url
    result = run_crawl(
        tmp_path,
        "-a",
        f"url={base}/js {base.replace('127.0.0.1', 'localhost')}/js",
        "-a",
        "render_js=1",
        ALLOWED_PRIVATE_HOSTS="127.0.0.1,localhost",
        CHROMIUM_PATH=chromium,
        **env,
    )
    assert [len(item["offers"]) for item in result.items] == [2, 2], result.log[-3000:]
    assert len(starts.read_text().split()) == 1, result.log[-3000:]
