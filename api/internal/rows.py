"""The offers' insert on PostgreSQL: new rows inserted and known ones locked in one statement
(the generic `INSERT … ON CONFLICT DO NOTHING` is core/db/inserts.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any
from uuid import UUID

import msgspec
from sqlalchemy import Row, text
from sqlalchemy.ext.asyncio import AsyncSession

# One statement, one round trip, whatever the batch size: the posted offers go in as arrays
# (unnest), the new ones are inserted and the known ones read and locked (FOR UPDATE, so a
# concurrent crawl posting the same price drop waits and then sees the new price) together.
# SQLAlchemy's Core insert costs a compiled multi-row VALUES per page plus a second SELECT for
# the known rows; at crawl volumes that was most of the API's ingestion time (bench.ingest).
_INSERT_OR_LOCK_OFFERS = text(
    """
    WITH posted AS (
        SELECT * FROM unnest(
            CAST(:ids AS uuid[]), CAST(:urls AS text[]), CAST(:titles AS text[]),
            CAST(:prices AS numeric[]), CAST(:currencies AS text[]), CAST(:image_urls AS text[]),
            CAST(:extras AS jsonb[])
        ) AS p(id, url, title, price, currency, image_url, extra)
    ),
    known AS (
        SELECT o.id, o.url, o.title, o.price, o.currency, o.image_url, o.extra, o.first_seen_at
        FROM offer AS o
        WHERE o.scraping_url_id = :scraping_url_id AND o.url = ANY(CAST(:urls AS text[]))
        ORDER BY o.id
        FOR UPDATE
    ),
    inserted AS (
        INSERT INTO offer (id, scraping_url_id, url, title, price, currency, image_url, extra,
                           first_seen_at, last_seen_at, created_at, updated_at)
        SELECT p.id, :scraping_url_id, p.url, p.title, p.price, p.currency, p.image_url, p.extra,
               :now, :now, :now, :now
        FROM posted AS p
        ORDER BY p.url
        ON CONFLICT (scraping_url_id, url) DO NOTHING
        RETURNING id, url
    )
    SELECT id, url, true AS is_new, NULL AS title, NULL AS price, NULL AS currency,
           NULL AS image_url, NULL AS extra, NULL AS first_seen_at
    FROM inserted
    UNION ALL
    SELECT id, url, false, title, price, currency, image_url, extra, first_seen_at FROM known
    """
)


async def insert_or_lock_offers_postgresql(
    session: AsyncSession, scraping_url_id: UUID, rows: Sequence[dict[str, Any]], now: dt.datetime
) -> list[Row[Any]]:
    """PostgreSQL: insert the new offer rows and lock the known ones in one statement.

    Returns (id, url, is_new, title, price, currency, image_url, extra, first_seen_at), the stored
    values for known offers. A URL inserted by a concurrent transaction after this statement's
    snapshot is in neither part; the caller reads those again (`missing`)."""
    columns = {
        "ids": [row["id"] for row in rows],
        "urls": [row["url"] for row in rows],
        "titles": [row["title"] for row in rows],
        "prices": [row["price"] for row in rows],
        "currencies": [row["currency"] for row in rows],
        "image_urls": [row["image_url"] for row in rows],
        "extras": [msgspec.json.encode(row["extra"]).decode() for row in rows],
    }
    result = await session.execute(
        _INSERT_OR_LOCK_OFFERS, {**columns, "scraping_url_id": scraping_url_id, "now": now}
    )
    return list(result)
