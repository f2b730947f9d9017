"""What the spider yields: one crawled listing page with every offer found on it.

An offer and a job are the wire contract's own structs (core/wire.py): what extraction yields is
what is posted, and what the lease answers is what the spider works on, with no mapping between.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, cast

import msgspec
from itemadapter import ItemAdapter
from itemadapter.adapter import AdapterInterface

from core.wire import Job, OfferItem, PageHashes

# The crawler's name for an offer item: one listing, cleaned (absolute canonical url, clean
# title, parsed price).
Offer = OfferItem

__all__ = ["CrawledPage", "Job", "Offer", "PageHashes"]


@dataclass
class CrawledPage:
    """The outcome of one job: the offers on its page, or why there are none."""

    job: Job
    offers: list[Offer] = field(default_factory=list)
    dropped: int = 0
    method: str | None = None
    http_status: int | None = None
    error: str | None = None
    body_hash: str | None = None
    # The body is the one the last crawl saw: nothing was extracted (and nothing is posted).
    body_unchanged: bool = False


class WireStructAdapter(AdapterInterface):
    """Scrapy reads the wire's msgspec Structs (a page's job and its offers) as items, each field
    in JSON's own types, so that feed exports (`scrapy crawl offers -a url=... -O page.jsonl`)
    write them as the API reads them."""

    @classmethod
    def is_item_class(cls, item_class: type) -> bool:
        return issubclass(item_class, msgspec.Struct)

    @classmethod
    def get_field_names_from_class(cls, item_class: type) -> list[str] | None:
        return list(getattr(item_class, "__struct_fields__", ()))

    def __getitem__(self, name: str) -> Any:
        if name not in self.item.__struct_fields__:
            raise KeyError(name)
        return msgspec.to_builtins(getattr(self.item, name))

    def __setitem__(self, name: str, value: Any) -> None:
        raise TypeError(f"{type(self.item).__name__} is read-only")

    def __delitem__(self, name: str) -> None:
        raise TypeError(f"{type(self.item).__name__} is read-only")

    def __iter__(self) -> Iterator[str]:
        return iter(self.item.__struct_fields__)

    def __len__(self) -> int:
        return len(self.item.__struct_fields__)


# itemadapter's own extension point (a deque, typed as any iterable).
cast("deque[type[AdapterInterface]]", ItemAdapter.ADAPTER_CLASSES).appendleft(WireStructAdapter)
