"""The embedded default (SQLite): leasing, ingestion and fan-out run there too."""

from __future__ import annotations

import asyncio
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from api.app import create_app
from core.db.models import Notification, NotificationConfig, ScrapingTarget, TargetChannel
from tests.conftest import make_settings
from tests.internal.conftest import AUTH, offer
from tests.services import run_migrations
from tests.support import browser, sign_up


async def test_a_crawl_cycle_on_sqlite(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'offerwatch.sqlite3'}"
    await asyncio.to_thread(run_migrations, url)  # alembic runs its own event loop
    engine = create_async_engine(url)
    async with browser(create_app(make_settings(url))) as client:
        await sign_up(client)
        body = {"name": "bikes", "urls": [{"url": "https://shop.example/bikes"}]}
        assert (await client.post("/api/public/targets", json=body)).status_code == 201
        async with AsyncSession(engine) as db:
            target = (await db.scalars(select(ScrapingTarget))).one()
            channel = NotificationConfig(user_id=target.user_id, address="42")
            db.add(channel)
            await db.flush()
            db.add(TargetChannel(target_id=target.id, channel_id=channel.id))
            await db.commit()

        [job] = (await client.get("/api/internal/scraping-jobs", headers=AUTH)).json()
        assert job["baseline"] is True
        assert (await client.get("/api/internal/scraping-jobs", headers=AUTH)).json() == []
        baseline = {"scraping_url_id": job["id"], "offers": [offer(1), offer(2)]}
        assert (await client.post("/api/internal/offers/batch", json=baseline, headers=AUTH)).json()[
            "new"
        ] == 2
        done = {"lease_id": job["lease_id"], "status": "ok", "offers_seen": 2}
        completed = await client.post(
            f"/api/internal/scraping-jobs/{job['id']}/complete", json=done, headers=AUTH
        )
        assert completed.json()["baseline_done"] is True

        crawl = {"scraping_url_id": job["id"], "offers": [offer(1, price="90"), offer(2), offer(3)]}
        result = (await client.post("/api/internal/offers/batch", json=crawl, headers=AUTH)).json()
        assert [item["status"] for item in result["items"]] == ["known", "known", "new"]
        again = (await client.post("/api/internal/offers/batch", json=crawl, headers=AUTH)).json()
        assert again["new"] == 0
        async with AsyncSession(engine) as db:
            kinds = (
                await db.execute(select(Notification.kind, func.count()).group_by(Notification.kind))
            ).all()
        assert dict(kinds) == {"new_offer": 1, "price_cut": 1}
    await engine.dispose()
