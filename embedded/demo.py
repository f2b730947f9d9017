"""`./dev start --demo`: a demo user watching the demo shop, linked to a (log-only) chat, and a
shop that publishes a new offer every few seconds. Everything goes through the public API and
the Telegram webhook, exactly as a frontend and Telegram would."""

from __future__ import annotations

import itertools
import logging
import random
import threading
import time
from collections.abc import Callable

import httpx

log = logging.getLogger("embedded.demo")

DEMO_USER = {"username": "demo", "email": "demo@example.com", "password": "offerwatch demo password"}
DEMO_CHAT_ID = 424242
PRODUCTS = [
    "Gravel bike",
    "Espresso machine",
    "Film camera",
    "Mechanical keyboard",
    "Road helmet",
    "Vinyl record player",
    "Hiking backpack",
    "Desk lamp",
    "Cast iron pan",
    "Mountain tent",
]


def wait_until_ready(api_url: str, api_running: Callable[[], bool], seconds: float = 60) -> None:
    """Until our API answers /ready. `api_running` is asked first each time, so a program that
    took the port before our API could (which then exits) is never talked to."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not api_running():
            raise RuntimeError("the API process is not running")
        try:
            ready = httpx.get(f"{api_url}/ready", timeout=2)
            if ready.status_code == 200 and "database" in ready.json().get("checks", {}):
                return
        except (httpx.HTTPError, ValueError, AttributeError):
            pass
        time.sleep(0.3)
    raise RuntimeError(f"the API at {api_url} did not become ready")


def _frontend(api_url: str) -> httpx.Client:
    client = httpx.Client(base_url=api_url, timeout=10)
    client.get("/health")
    client.headers["x-csrftoken"] = client.cookies["csrftoken"]
    return client


def seed(api_url: str, shop_url: str, webhook_secret: str) -> str:
    """Sign up (or log in) the demo user, watch the shop's new arrivals, link the demo chat;
    returns the target's id."""
    client = _frontend(api_url)
    try:
        signup = client.post("/api/public/auth/signup", json=DEMO_USER)
        if signup.status_code == 409:
            client.post(
                "/api/public/auth/login",
                json={"login": DEMO_USER["username"], "password": DEMO_USER["password"]},
            ).raise_for_status()
        else:
            signup.raise_for_status()
        targets = client.get("/api/public/targets").json()["items"]
        target = next((t for t in targets if t["name"] == "Demo shop: new arrivals"), None)
        if target is None:
            target = client.post(
                "/api/public/targets",
                json={"name": "Demo shop: new arrivals", "urls": [{"url": f"{shop_url}/new-arrivals"}]},
            ).json()
        link = client.post(f"/api/public/targets/{target['id']}/telegram-link").json()
    finally:
        client.close()
    update = {
        "update_id": random.randint(1, 2**31),
        "message": {
            "message_id": 1,
            "date": int(time.time()),
            "chat": {"id": DEMO_CHAT_ID, "type": "private", "first_name": "Demo"},
            "from": {"id": DEMO_CHAT_ID, "is_bot": False, "first_name": "Demo"},
            "text": f"/start {link['token']}",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        },
    }
    httpx.post(
        f"{api_url}/api/webhooks/telegram",
        json=update,
        headers={"X-Telegram-Bot-Api-Secret-Token": webhook_secret},
        timeout=10,
    ).raise_for_status()
    log.info(
        "demo user %r (password %r) watches %s/new-arrivals; chat %s linked",
        DEMO_USER["username"],
        DEMO_USER["password"],
        shop_url,
        DEMO_CHAT_ID,
    )
    return str(target["id"])


def wait_for_baseline(api_url: str, target_id: str, stop: threading.Event) -> bool:
    """Until the target's first crawl is done (its offers then are the baseline, announced to
    nobody); False when `stop` is set first."""
    client = _frontend(api_url)
    try:
        client.post(
            "/api/public/auth/login",
            json={"login": DEMO_USER["username"], "password": DEMO_USER["password"]},
        ).raise_for_status()
        while not stop.wait(1):
            target = client.get(f"/api/public/targets/{target_id}").json()
            if all(url["last_status"] == "ok" for url in target["urls"]):
                return True
    finally:
        client.close()
    return False


def publish_offers_forever(shop_url: str, every: float, stop: threading.Event) -> None:
    """Add a new offer to the demo shop now, then every `every` seconds until `stop` is set."""
    for number in itertools.count(1):
        if number > 1 and stop.wait(every):
            return
        title = f"{random.choice(PRODUCTS)} #{number}"
        offer = {
            "slug": f"demo-{int(time.time())}-{number}",
            "title": title,
            "price": f"${random.randint(5, 500)}.00",
        }
        try:
            httpx.post(f"{shop_url}/admin/offers", json=offer, timeout=5).raise_for_status()
            log.info("demo shop published %r", title)
        except httpx.HTTPError as exc:
            log.warning("demo shop did not take a new offer: %s", exc)
