"""What ingestion costs the database in round trips: a new offer, alone or in a batch, is one
statement for the page, its watchers and the offers, one for the fan-out rows, and the commit."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import event

from tests.internal.conftest import BATCH, OFFERS, Handoff, offer
from tests.world import World


@pytest.fixture
def statements(app: Litestar) -> Iterator[list[str]]:
    """Every statement the app's engine sends (COMMIT included) while the test runs."""
    engine = app.state.alchemy.get_engine().sync_engine
    sent: list[str] = []

    def on_execute(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        sent.append(statement.split(None, 1)[0].upper())

    def on_commit(_conn: Any) -> None:
        sent.append("COMMIT")

    event.listen(engine, "before_cursor_execute", on_execute)
    event.listen(engine, "commit", on_commit)
    yield sent
    event.remove(engine, "before_cursor_execute", on_execute)
    event.remove(engine, "commit", on_commit)


async def test_a_new_offer_costs_two_statements_and_the_commit(
    internal: AsyncTestClient[Litestar], world: World, enqueued: Handoff, statements: list[str]
) -> None:
    watch = await world.watcher()
    response = await internal.post(OFFERS, json={"scraping_url_id": str(watch.page.id), **offer()})
    assert response.status_code == 201, response.text
    assert len(enqueued.ids) == 1
    assert statements == ["WITH", "INSERT", "COMMIT"]


async def test_a_batch_of_new_offers_costs_the_same(
    internal: AsyncTestClient[Litestar], world: World, enqueued: Handoff, statements: list[str]
) -> None:
    watch = await world.watcher()
    body = {"scraping_url_id": str(watch.page.id), "offers": [offer(n) for n in range(40)]}
    response = await internal.post(BATCH, json=body)
    assert response.json()["new"] == 40
    assert len(enqueued.ids) == 1  # one digest for the chat
    assert statements == ["WITH", "INSERT", "COMMIT"]


async def test_a_repost_of_known_offers_refreshes_them_in_one_more_statement(
    internal: AsyncTestClient[Litestar], world: World, statements: list[str]
) -> None:
    watch = await world.watcher()
    body = {"scraping_url_id": str(watch.page.id), "offers": [offer(n) for n in range(5)]}
    assert (await internal.post(BATCH, json=body)).json()["new"] == 5
    statements.clear()
    assert (await internal.post(BATCH, json=body)).json()["known"] == 5
    assert statements == ["WITH", "UPDATE", "COMMIT"]
