"""The whole product, every part real: PostgreSQL, RabbitMQ, the API under uvicorn, a dramatiq
worker process, scrapyd with the deployed crawler, the scheduler, the demo shop and the fake
Telegram server. A user signs up, watches a demo shop page, links Telegram through the deep
link; after the silent baseline, a new offer on the shop reaches the chat exactly once; once the
target is deactivated, a further offer reaches nobody."""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.channels.telegram_updates import start
from tests.conftest import TEST_INTERNAL_TOKEN, TEST_SECRET
from tests.crawler.scrapyd_service import deploy, write_scrapyd_conf
from tests.fakes.telegram_server import FakeTelegram
from tests.live_server import free_port
from tests.notifier.processes import ServiceProcess, start_api, start_worker
from tests.support import PASSWORD

CHECK_INTERVAL = 4  # seconds between checks of a page (the free tier's, shortened for the test)
SCHEDULER_INTERVAL = 1
WEBHOOK_SECRET = "full-stack-webhook-secret"
CHAT_ID = 777000111


def _wait_http(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=1).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"{url} did not answer")


def _deploy_when_up(scrapyd_url: str) -> None:
    _wait_http(f"{scrapyd_url}/daemonstatus.json")
    deploy(scrapyd_url)


@pytest.fixture
def stack(
    postgres_url: str, rabbitmq_url: str, fake_telegram: FakeTelegram, tmp_path: Path
) -> Iterator[dict[str, str]]:
    started: list[ServiceProcess] = []
    shop_port, scrapyd_port = free_port(), free_port()
    shop_url, scrapyd_url = f"http://127.0.0.1:{shop_port}", f"http://127.0.0.1:{scrapyd_port}"
    env = {
        "DATABASE_URL": postgres_url,
        "BROKER_URL": rabbitmq_url,
        "SECRET_KEY": TEST_SECRET,
        "INTERNAL_API_TOKEN": TEST_INTERNAL_TOKEN,
        "COOKIE_SECURE": "false",
        "ALLOWED_PRIVATE_HOSTS": "127.0.0.1",
        "TELEGRAM_BOT_TOKEN": fake_telegram.token,
        "TELEGRAM_API_BASE_URL": fake_telegram.base_url,
        "TELEGRAM_WEBHOOK_SECRET": WEBHOOK_SECRET,
        "PUBLIC_BASE_URL": "",
        "FREE_INTERVAL_SECONDS": str(CHECK_INTERVAL),
        "SCRAPYD_URL": scrapyd_url,
        "SCRAPYD_PROJECT": "offerwatch",
        "MAX_CONCURRENT_CRAWLS": "1",
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
        "PTB_TIMEDELTA": "1",
    }
    try:
        started.append(
            ServiceProcess("demo-shop", [sys.executable, "-m", "demo.shop", "--port", str(shop_port)], env)
        )
        write_scrapyd_conf(tmp_path, scrapyd_port)
        # scrapyd reads scrapyd.conf from its working directory; crawls get API_BASE_URL from it.
        api_port = free_port()
        env["API_BASE_URL"] = f"http://127.0.0.1:{api_port}"
        started.append(ServiceProcess("scrapyd", [sys.executable, "-m", "scrapyd"], env, cwd=tmp_path))
        # The crawler is deployed while the API and the worker start: each takes seconds.
        with ThreadPoolExecutor(1) as pool:
            deployed = pool.submit(_deploy_when_up, scrapyd_url)
            api, api_url = start_api(env, port=api_port)
            started.append(api)
            started.append(start_worker(env))
            _wait_http(f"{shop_url}/new-arrivals")
            deployed.result()
        started.append(
            ServiceProcess(
                "scheduler",
                [sys.executable, "-m", "crawler.scheduler", "--interval", str(SCHEDULER_INTERVAL)],
                env,
            )
        )
        yield {"api": api_url, "shop": shop_url}
    finally:
        for process in reversed(started):
            print(f"--- {process.name} ---\n{process.output()}")  # shown only when the test fails
            process.stop()


async def _page_status(client: httpx.AsyncClient, target_id: str) -> dict[str, object]:
    target = (await client.get(f"/api/public/targets/{target_id}")).json()
    return target["urls"][0]


async def test_a_new_offer_reaches_the_linked_chat_once_and_stops_after_deactivation(
    stack: dict[str, str], fake_telegram: FakeTelegram
) -> None:
    async with httpx.AsyncClient(base_url=stack["api"], timeout=15) as client:
        await client.get("/health")
        client.headers["x-csrftoken"] = client.cookies["csrftoken"]
        signup = await client.post(
            "/api/public/auth/signup",
            json={"username": "carol", "email": "carol@example.com", "password": PASSWORD},
        )
        assert signup.status_code == 201, signup.text
        created = await client.post(
            "/api/public/targets",
            json={"name": "Camping gear", "urls": [{"url": f"{stack['shop']}/new-arrivals"}]},
        )
        assert created.status_code == 201, created.text
        target_id = created.json()["id"]

        link = (await client.post(f"/api/public/targets/{target_id}/telegram-link")).json()
        update = start(CHAT_ID, link["token"])
        webhook = await client.post(
            "/api/webhooks/telegram", json=update, headers={"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET}
        )
        assert webhook.status_code == 200, webhook.text
        [confirmation] = await fake_telegram.await_messages(1, timeout=30)
        assert "Camping gear" in confirmation.text

        # The baseline crawl: the shop's three offers are recorded and nobody is told.
        deadline = time.monotonic() + 90
        while (await _page_status(client, target_id))["last_status"] != "ok":
            assert time.monotonic() < deadline, await _page_status(client, target_id)
            await asyncio.sleep(0.3)
        offers = (await client.get(f"/api/public/targets/{target_id}/offers")).json()
        assert offers["total"] == 3

        published = time.monotonic()
        httpx.post(
            f"{stack['shop']}/admin/offers",
            json={"slug": "kettle-42", "title": "Camping kettle", "price": "$42.00"},
        ).raise_for_status()
        messages = await fake_telegram.await_messages(2, timeout=CHECK_INTERVAL + 45)
        delay = time.monotonic() - published
        offer_message = messages[1]
        assert offer_message.chat_id == str(CHAT_ID)
        assert f'<a href="{stack["shop"]}/item/kettle-42">Camping kettle</a>' in offer_message.text
        assert "42.00 USD" in offer_message.text
        assert delay < CHECK_INTERVAL + SCHEDULER_INTERVAL + 30, delay

        # A few more scheduler rounds: the same offer is never sent twice.
        await asyncio.sleep(CHECK_INTERVAL + 2)
        assert len(fake_telegram.messages) == 2

        off = await client.post(f"/api/public/targets/{target_id}/deactivate")
        assert off.status_code == 200 and off.json()["is_active"] is False
        checked_before = (await _page_status(client, target_id))["last_checked_at"]
        # A crawl that leased the page before the deactivation may still complete (once): its
        # check time is the last one the page gets.
        await asyncio.sleep(CHECK_INTERVAL + 2)
        checked_before = (await _page_status(client, target_id))["last_checked_at"]
        httpx.post(
            f"{stack['shop']}/admin/offers",
            json={"slug": "lantern-7", "title": "Camping lantern", "price": "$17.00"},
        ).raise_for_status()
        # Two check intervals and more: a deactivated target's page is not even fetched.
        await asyncio.sleep(2 * CHECK_INTERVAL + 3)
        assert len(fake_telegram.messages) == 2
        assert (await _page_status(client, target_id))["last_checked_at"] == checked_before
