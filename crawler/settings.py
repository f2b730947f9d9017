"""Scrapy settings of the offerwatch crawler. Configuration comes from core/config.py's Settings
(the one place that reads the environment; only the crawler's fields, so a crawl starts without
the API's dependencies); everything else here is crawling policy."""

from __future__ import annotations

import sys

from core.config import load_crawler_settings

# httpx imports its command-line tool (click, rich, pygments: most of a second of CPU at every
# crawl's start) whenever those are installed; a crawl never uses it, and httpx does without.
sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]

_config = load_crawler_settings()

BOT_NAME = "offerwatch"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# Where the spider leases jobs and posts offers.
API_BASE_URL = _config.api_base_url
INTERNAL_API_TOKEN = _config.internal_api_token
OFFERWATCH_LEASE_BATCH = 8
OFFERWATCH_API_RETRIES = 5
OFFERWATCH_API_BACKOFF = 0.5
# Failed API calls are retried for at least this long (an API restart), and at least RETRIES times.
OFFERWATCH_API_RETRY_SECONDS = 90.0

USER_AGENT = "offerwatch-crawler/0.1 (new-listing alerts; +https://github.com/offerwatch/offerwatch)"
ROBOTSTXT_OBEY = _config.crawler_obey_robots

# Politeness per site: Scrapy keeps one download slot per host, shared by every job of the crawl,
# with at most this many requests at a time and this minimum delay between them (autothrottle
# only ever raises it); a Retry-After holds the host's requests (BackoffRetryMiddleware).
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = _config.crawler_per_host_concurrency
DOWNLOAD_DELAY = _config.crawler_per_host_delay
RANDOMIZE_DOWNLOAD_DELAY = False
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = _config.crawler_per_host_delay
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
RETRY_BACKOFF_BASE = 1.0  # seconds before the first retry, doubled for each further one
RETRY_BACKOFF_MAX = 60.0
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
REDIRECT_MAX_TIMES = 5
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False

# SSRF guard: the middleware checks each request (and each redirect hop) before the robots.txt
# middleware asks for robots.txt; the resolver connects only to the addresses it checked.
ALLOWED_PRIVATE_HOSTS = list(_config.allowed_private_hosts)
DOWNLOADER_MIDDLEWARES = {
    "crawler.middlewares.SSRFGuardMiddleware": 50,
    "crawler.middlewares.RobotsTxtViaProxyMiddleware": 60,
    "crawler.middlewares.ProxyViaEgressMiddleware": 70,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.BackoffRetryMiddleware": 550,
}
TWISTED_DNS_RESOLVER = "crawler.address_guard.GuardedResolver"
ITEM_PIPELINES = {"crawler.pipelines.OfferDeliveryPipeline": 300}
EXTENSIONS = {"crawler.extensions.FreezeStartupObjects": 0}

# JavaScript pages: scrapy-playwright with the system Chromium, loaded and launched (its driver
# too) on the first job that asks for it (download_handler.py). The browser reaches the network
# only through the egress proxy, which applies the same address check to every connection; the
# request hook refuses forbidden URLs early.
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
DOWNLOAD_HANDLERS = {
    "http": "crawler.download_handler.BrowserOnDemandDownloadHandler",
    "https": "crawler.download_handler.BrowserOnDemandDownloadHandler",
}
PLAYWRIGHT_BROWSER_TYPE = "chromium"
PLAYWRIGHT_LAUNCH_OPTIONS = {
    "executable_path": _config.chromium_path,
    "headless": True,
    "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
             "--disable-dev-shm-usage"],
}  # fmt: skip
PLAYWRIGHT_ABORT_REQUEST = "crawler.address_guard.abort_forbidden_browser_request"
PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT = 30_000
PLAYWRIGHT_MAX_CONTEXTS = 2
PLAYWRIGHT_MAX_PAGES_PER_CONTEXT = 4
OFFERWATCH_JS_WAIT_MS = 15_000

FEED_EXPORT_ENCODING = "utf-8"
# Scrapy checks a generator callback's source for a `return value` (inspect.getsource and
# ast.parse) on every response: its cache is keyed by the bound method, a new object per request,
# so it costs ~0.9 ms a page, as much as the extraction. tests/crawler/test_startup.py checks
# the callbacks once instead.
WARN_ON_GENERATOR_RETURN_VALUE = False
LOG_LEVEL = _config.log_level
