"""The floor for a single POST: a Litestar route doing one INSERT of the offer on its own
pooled connection, served by uvicorn like the API (`uvicorn bench.ingest.minimal_app:app`)."""

from __future__ import annotations

import datetime as dt
import json
import os
import uuid
from typing import Any

from litestar import Litestar, get, post
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

engine = create_async_engine(os.environ["DATABASE_URL"], pool_size=10)

INSERT = text(
    "INSERT INTO offer (id, scraping_url_id, url, title, price, currency, image_url, extra,"
    " first_seen_at, last_seen_at, created_at, updated_at) VALUES (:id, :page, :url, :title,"
    " CAST(:price AS numeric), :currency, :image_url, CAST(:extra AS jsonb), :now, :now, :now, :now)"
)


@post("/offer", status_code=201)
async def insert_offer(data: dict[str, Any]) -> dict[str, str]:
    now = dt.datetime.now(dt.UTC)
    offer_id = uuid.uuid4()
    async with engine.begin() as conn:
        await conn.execute(
            INSERT,
            {
                "id": offer_id,
                "page": data["scraping_url_id"],
                "url": data["url"],
                "title": data["title"],
                "price": data["price"],
                "currency": data["currency"],
                "image_url": data["image_url"],
                "extra": json.dumps(data["extra"]),
                "now": now,
            },
        )
    return {"id": str(offer_id)}


@get("/health")
async def health() -> str:
    return "ok"


app = Litestar([insert_offer, health])
