"""The embedded default (SQLite, in-process broker): adding, confirming and unsubscribing an
e-mail address work there too."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

from api.app import create_app
from core.clock import utcnow
from core.db.models import NotificationConfig
from notifier.channels.email.links import CONFIRM_PATH, UNSUBSCRIBE_PATH, confirm_token, unsubscribe_token
from tests.conftest import make_settings
from tests.email.conftest import ADA_MAIL, CHANNELS, add_email
from tests.services import run_migrations
from tests.support import browser, sign_up


async def test_an_address_on_sqlite(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'offerwatch.sqlite3'}"
    await asyncio.to_thread(run_migrations, url)  # alembic runs its own event loop
    settings = make_settings(url)  # no SMTP_HOST: mails go to the log
    async with browser(create_app(settings)) as client:
        await sign_up(client)
        added = await add_email(client)
        assert (await client.post(CHANNELS, json={"kind": "email", "address": ADA_MAIL})).status_code == 409
        target = (await client.post("/api/public/targets", json={"name": "Bikes"})).json()
        assert (
            await client.post(f"/api/public/targets/{target['id']}/channels/{added['id']}")
        ).status_code == 200

        channel = NotificationConfig(id=uuid.UUID(added["id"]), address=added["address"])
        assert (
            await client.get(CONFIRM_PATH + confirm_token(settings, channel, utcnow()))
        ).status_code == 200
        assert (await client.post(UNSUBSCRIBE_PATH + unsubscribe_token(settings, channel))).status_code == 200
        [listed] = (await client.get(CHANNELS)).json()
        assert (listed["is_verified"], listed["is_active"], len(listed["targets"])) == (True, False, 1)
