"""The Swagger UI renders the operations in a real headless Chromium with no internet."""

from __future__ import annotations

import os
from pathlib import Path

from playwright.async_api import async_playwright

from api.app import create_app
from tests.conftest import make_settings
from tests.live_server import serve
from tests.support import service_missing

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]


async def test_swagger_ui_lists_the_operations(postgres_url):
    if not Path(CHROMIUM).exists():
        service_missing("Chromium", f"{CHROMIUM} not found")
    app = create_app(make_settings(postgres_url))
    with serve(app) as root:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = await browser.new_page()
            outside: list[str] = []
            page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(root) else None)
            await page.goto(f"{root}/schema/swagger")
            await page.wait_for_selector(".opblock-summary-path", timeout=20_000)
            paths = await page.locator(".opblock-summary-path").all_inner_texts()
            title = await page.locator(".info .title").inner_text()
            await browser.close()
    assert "offerwatch API" in title
    normalized = {p.replace("\u200b", "").strip() for p in paths}
    assert "/api/public/auth/signup" in normalized
    assert "/api/public/targets/{target_id}/deactivate" in normalized
    assert [u for u in outside if not u.startswith("data:")] == []
