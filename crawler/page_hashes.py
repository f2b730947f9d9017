"""What a crawl saw, in two hashes the API keeps between crawls: the page body (with what it was
extracted by) and the offer set (prices included, so a price change is a change)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

import msgspec

from crawler.items import Offer

EXTRACT_PACKAGE = Path(__file__).parent / "extract"


@cache
def extractor_identity() -> bytes:
    """The extraction code itself: a crawler with other extraction code reads every body anew."""
    digest = hashlib.sha256()
    for source in sorted(EXTRACT_PACKAGE.glob("*.py")):
        digest.update(source.name.encode() + b"\0" + source.read_bytes())
    return digest.digest()


def body_hash(body: bytes, selectors: dict[str, Any] | None) -> str:
    digest = hashlib.sha256(extractor_identity())
    digest.update(json.dumps(selectors, sort_keys=True).encode())
    digest.update(body)
    return digest.hexdigest()


def offers_hash(offers: Iterable[Offer]) -> str:
    """Every field of every offer as posted (core/wire.py), in no particular order."""
    payloads = sorted(
        json.dumps(msgspec.to_builtins(offer, enc_hook=str), sort_keys=True) for offer in offers
    )
    return hashlib.sha256("\n".join(payloads).encode()).hexdigest()
