"""The offers' ingest on PostgreSQL: new rows inserted and known ones locked in one statement
(the generic `INSERT … ON CONFLICT DO NOTHING` is core/db/inserts.py).

The ingestion's rows travel as one JSON document each way: msgspec encodes the
rows in C, `jsonb_to_recordset` reads them, and the answer comes back as one JSON text that
msgspec decodes into typed structs. A statement's text is then the same whatever the number of
rows (the driver parses and the server plans it once), and no value passes through the
driver's per-value adaptation (a list of a hundred UUIDs costs more to adapt than to insert).
"""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Sequence
from decimal import Decimal
from typing import Any
from uuid import UUID

import msgspec
from sqlalchemy import (
    Numeric,
    Table,
    Text,
    Uuid,
    any_,
    bindparam,
    cast,
    column,
    exists,
    func,
    literal_column,
    select,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.postgresql import JSONB, aggregate_order_by
from sqlalchemy.ext.asyncio import AsyncSession

from api.internal.watchers import watchers_query
from core.db.models import Offer, ScrapingUrl


class PageState(msgspec.Struct):
    baseline_done: bool
    lease_id: UUID | None
    lease_expires_at: dt.datetime | None


class InsertedOffer(msgspec.Struct):
    id: UUID
    url: str


class StoredOffer(msgspec.Struct):
    """A known offer's columns as stored (what a re-post is compared with)."""

    id: UUID
    url: str
    title: str
    price: Decimal | None
    currency: str | None
    image_url: str | None
    extra: dict[str, Any]
    first_seen_at: dt.datetime


class WatcherRow(msgspec.Struct):
    target_id: UUID
    channel_id: UUID
    watching_since: dt.datetime
    include_words: list[str] | None
    exclude_words: list[str] | None
    min_price: Decimal | None
    max_price: Decimal | None


class IngestAnswer(msgspec.Struct):
    """What the ingest statement found: the page (None: no such page, nothing was inserted),
    the offers it inserted, the known ones (locked), and the page's watchers."""

    page: PageState | None
    new: list[InsertedOffer]
    known: list[StoredOffer]
    watchers: list[WatcherRow]


# The posted offers' columns, as the statement reads them from the JSON document.
POSTED_COLUMNS: dict[str, Any] = {
    "id": Uuid,
    "url": Text,
    "title": Text,
    "price": Numeric,
    "currency": Text,
    "image_url": Text,
    "extra": JSONB,
}


def _ingest_offers_statement() -> Any:
    """One statement, one round trip, whatever the batch size: share-lock the page and read its
    watchers (`watchers_query`, the fan-out's one rule), insert the posted offers that are new,
    and read and lock the known ones (FOR UPDATE, so a concurrent crawl posting the same price
    drop waits and then sees the new price). Offers are inserted only when the page exists."""
    scraping_url_id = bindparam("scraping_url_id", type_=Uuid)
    now = bindparam("now", type_=postgresql.TIMESTAMP(timezone=True))
    offer = typing.cast(Table, Offer.__table__)
    page = (
        select(ScrapingUrl.baseline_done, ScrapingUrl.lease_id, ScrapingUrl.lease_expires_at)
        .where(ScrapingUrl.id == scraping_url_id)
        .with_for_update(read=True)
        .cte("page")
    )
    records = func.jsonb_to_recordset(cast(bindparam("offers", type_=Text), JSONB)).table_valued(
        *(column(name, kind) for name, kind in POSTED_COLUMNS.items())
    )
    posted = select(records.render_derived(name="p", with_types=True)).cte("posted")
    known = (
        select(*(offer.c[name] for name in StoredOffer.__struct_fields__))
        # = ANY(array), not IN (subquery): index lookups, not a scan of all the page's offers.
        .where(
            offer.c.scraping_url_id == scraping_url_id,
            offer.c.url == any_(func.array(select(posted.c.url).scalar_subquery())),
        )
        .order_by(offer.c.id)
        .with_for_update(of=offer)
        .cte("known")
    )
    stamps = ("first_seen_at", "last_seen_at", "created_at", "updated_at")
    inserted = (
        postgresql.insert(offer)
        .from_select(
            ["scraping_url_id", *POSTED_COLUMNS, *stamps],
            select(scraping_url_id, *(posted.c[name] for name in POSTED_COLUMNS), *(now for _ in stamps))
            .where(exists(select(page.c.baseline_done)))
            .order_by(posted.c.url),
        )
        .on_conflict_do_nothing(index_elements=["scraping_url_id", "url"])
        .returning(offer.c.id, offer.c.url)
        .cte("inserted")
    )
    watchers = watchers_query(scraping_url_id, now).cte("watchers")

    def rows_of(cte: Any, *order: Any) -> Any:
        row: Any = literal_column(cte.name)
        aggregated = func.json_agg(aggregate_order_by(row, *order) if order else row)
        return (
            select(func.coalesce(aggregated, literal_column("'[]'::json"))).select_from(cte).scalar_subquery()
        )

    answer = func.json_build_object(
        literal_column("'page'"),
        select(func.row_to_json(literal_column(page.name))).select_from(page).scalar_subquery(),
        literal_column("'new'"),
        rows_of(inserted),
        literal_column("'known'"),
        rows_of(known),
        literal_column("'watchers'"),
        rows_of(watchers, watchers.c.watching_since, watchers.c.target_id, watchers.c.channel_id),
    )
    return select(cast(answer, Text))


_INGEST_OFFERS = _ingest_offers_statement()
_ANSWER = msgspec.json.Decoder(IngestAnswer)


async def ingest_offers_postgresql(
    session: AsyncSession, scraping_url_id: UUID, rows: Sequence[dict[str, Any]], now: dt.datetime
) -> IngestAnswer:
    """PostgreSQL: the `_ingest_offers_statement`. A URL inserted by a concurrent transaction
    after the statement's snapshot is in neither `new` nor `known`; the caller reads those again."""
    offers = msgspec.json.encode([{name: row[name] for name in POSTED_COLUMNS} for row in rows]).decode()
    answer: str = await session.scalar(
        _INGEST_OFFERS, {"scraping_url_id": scraping_url_id, "now": now, "offers": offers}
    )
    return _ANSWER.decode(answer)
