"""per-URL fetch options: proxy, headers and cookies encrypted, their masked view, max_pages

Revision ID: 0002_i16
Revises: 0002_i12
Create Date: 2026-11-29 20:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002_i16"
down_revision: str | None = "0002_i12"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("scraping_url") as batch:
        batch.add_column(sa.Column("fetch_options_encrypted", sa.Text(), nullable=True))
        batch.add_column(
            sa.Column(
                "fetch_options_masked",
                sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
                nullable=True,
            )
        )
        batch.add_column(sa.Column("max_pages", sa.Integer(), server_default="1", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("scraping_url") as batch:
        batch.drop_column("max_pages")
        batch.drop_column("fetch_options_masked")
        batch.drop_column("fetch_options_encrypted")
