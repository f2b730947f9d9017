"""Rendering of JavaScript corpus pages in Chromium (playwright's async API).

The page is served at its own URL from the corpus bytes by request interception, so relative links
resolve as on the real site; every other request is aborted (the corpus is self-contained)."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from contextlib import contextmanager

from playwright.async_api import Browser, Route, async_playwright

from bench.extraction.corpus import CorpusPage
from bench.extraction.measure import Renderer

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def chromium_path() -> str | None:
    path = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    return path if os.path.isfile(path) and os.access(path, os.X_OK) else None


async def render_page(browser: Browser, page: CorpusPage, body: bytes) -> str:
    async def serve(route: Route) -> None:
        if route.request.url == page.page_url:
            await route.fulfill(status=200, body=body, headers={"Content-Type": page.content_type})
        else:
            await route.abort()

    context = await browser.new_context()
    try:
        tab = await context.new_page()
        await tab.route("**/*", serve)
        await tab.goto(page.page_url, wait_until="load")
        return await tab.content()
    finally:
        await context.close()


@contextmanager
def chromium_renderer(executable: str) -> Iterator[Renderer]:
    """A Renderer backed by one Chromium for the whole block."""
    loop = asyncio.new_event_loop()
    manager = async_playwright()
    playwright = loop.run_until_complete(manager.start())
    browser = loop.run_until_complete(
        playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
    )
    try:
        yield lambda page, body: loop.run_until_complete(render_page(browser, page, body))
    finally:
        loop.run_until_complete(browser.close())
        loop.run_until_complete(manager.__aexit__())
        loop.close()
