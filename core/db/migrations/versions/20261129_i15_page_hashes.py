"""what the last crawl of a page saw: hashes of its body and of its offer set

Revision ID: 0002_i15
Revises: 0002_i16
Create Date: 2026-11-29 20:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_i15"
down_revision: str | None = "0002_i16"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("scraping_url") as batch:
        batch.add_column(sa.Column("body_hash", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("offers_hash", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("scraping_url") as batch:
        batch.drop_column("offers_hash")
        batch.drop_column("body_hash")
