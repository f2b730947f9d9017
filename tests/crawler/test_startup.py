"""What a crawl process pays before its first page: no ORM, no browser driver, no parsers it
has no page for."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from core.config import ROOT, SettingsError, load_crawler_settings

HEAVY = [
    "sqlalchemy",
    "litestar",
    "advanced_alchemy",
    "extruct",
    "playwright",
    "scrapy_playwright.handler",
    "httpx._main",
]


def test_the_crawler_modules_import_none_of_the_heavy_ones() -> None:
    code = (
        "import sys, json\n"
        "import crawler.settings, crawler.spiders.offers, crawler.pipelines, crawler.download_handler\n"
        f"print(json.dumps([m for m in {HEAVY!r} if sys.modules.get(m) is not None]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True, timeout=120
    )
    assert json.loads(done.stdout) == []


def test_crawler_settings_read_only_the_crawlers_variables_by_the_same_rules() -> None:
    settings = load_crawler_settings(
        {
            "API_BASE_URL": "http://api:8000",
            "INTERNAL_API_TOKEN": "crawl-token",
            "ALLOWED_PRIVATE_HOSTS": "Shop.Local, 10.0.0.5",
            "CRAWLER_OBEY_ROBOTS": "no",
            "DATABASE_URL": "not a database url at all",
            "SECRET_KEY": "short",
        }
    )
    assert settings.api_base_url == "http://api:8000"
    assert settings.internal_api_token == "crawl-token"
    assert settings.allowed_private_hosts == ("shop.local", "10.0.0.5")
    assert settings.crawler_obey_robots is False


@pytest.mark.parametrize(
    ("environ", "named"),
    [
        ({"CRAWLER_OBEY_ROBOTS": "maybe"}, "CRAWLER_OBEY_ROBOTS"),
        ({"API_BASE_URL": "ftp://api"}, "API_BASE_URL"),
        ({"INTERNAL_API_TOKEN": " "}, "INTERNAL_API_TOKEN"),
    ],
)
def test_bad_crawler_settings_are_refused_by_name(environ: dict[str, str], named: str) -> None:
    with pytest.raises(SettingsError, match=named):
        load_crawler_settings(environ)
