"""Limits and rounding shared by the API and the crawler (which imports only this light module
from the API's data side): what the API accepts is what the crawler sends."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

MAX_URL_LENGTH = 2048
MAX_TITLE = 500
MAX_PRICE = Decimal("999999999999.99")  # what MONEY (numeric 14,2) holds
MAX_BATCH = 500  # offers per POST /api/internal/offers/batch
MAX_ERROR_LENGTH = 2000  # characters of a job's error kept
CENT = Decimal("0.01")


def to_cents(price: Decimal) -> Decimal:
    """A price as MONEY stores it (half up, as PostgreSQL's numeric rounds), so that what is
    compared or answered is what will be read back."""
    return price.quantize(CENT, rounding=ROUND_HALF_UP)
