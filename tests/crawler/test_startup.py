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


def test_no_spider_callback_is_a_generator_returning_a_value() -> None:
    """The check Scrapy would repeat on every response (WARN_ON_GENERATOR_RETURN_VALUE, off in the
    settings for its cost), made once here over the spider's callbacks."""
    from scrapy.utils.misc import is_generator_with_return_value

    from crawler import settings
    from crawler.spiders.offers import OffersSpider

    assert settings.WARN_ON_GENERATOR_RETURN_VALUE is False
    spider = OffersSpider()
    for callback in (spider.parse, spider.failed, spider.follow_or_finish):
        assert not is_generator_with_return_value(callback), callback.__name__


def test_a_crawl_freezes_its_start_up_objects_once_the_engine_runs() -> None:
    """What the process built before its first request is out of the collector's reach
    (crawler/extensions.py), so full collections during the crawl walk only the crawl's objects."""
    import gc

    from scrapy import signals
    from scrapy.crawler import Crawler
    from scrapy.utils.project import get_project_settings

    from crawler.extensions import FreezeStartupObjects
    from crawler.spiders.offers import OffersSpider

    settings = get_project_settings()
    assert "crawler.extensions.FreezeStartupObjects" in settings.getdict("EXTENSIONS")
    crawler = Crawler(OffersSpider, settings)
    extension = FreezeStartupObjects.from_crawler(crawler)  # Scrapy keeps its extensions alive too
    gc.unfreeze()
    try:
        assert gc.get_freeze_count() == 0
        crawler.signals.send_catch_log(signals.engine_started)
        assert gc.get_freeze_count() > 0, extension
    finally:
        gc.unfreeze()
