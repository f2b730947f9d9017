"""offer identity without volatile query parameters: every page takes a silent new baseline

The crawler now keys offers by their URL without tracking and per-page-constant parameters
(crawler/extract/identity.py). Offers stored under the old URLs would come back under new ones
and be announced as new, a burst of false alerts at deploy; instead each page's next crawl
records what is there as its baseline again and notifies nobody.

Revision ID: 0003
Revises: 0002_i13
Create Date: 2026-11-29 21:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002_i13"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # The hashes go too: the next crawl must post what it finds, for the baseline to hold it.
    op.execute(sa.text("UPDATE scraping_url SET baseline_done = false, body_hash = NULL, offers_hash = NULL"))


def downgrade() -> None:
    """Nothing to undo: a page's next crawl sets its baseline again either way."""
