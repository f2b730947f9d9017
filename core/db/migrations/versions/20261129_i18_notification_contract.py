"""the notification contract at its edges: link tokens hashed at rest, a crawl's held offers

Revision ID: 0002_i18
Revises: 0001
Create Date: 2026-11-29 19:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_i18"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Open link tokens live minutes and cannot be hashed in SQL on every database: they are
    # dropped, and a user who had one asks for a new link.
    op.execute("DELETE FROM register_token")
    with op.batch_alter_table("register_token") as batch:
        batch.drop_constraint("uq_register_token_token", type_="unique")
        batch.drop_column("token")
        batch.add_column(sa.Column("token_hash", sa.String(length=64), nullable=False))
        batch.create_unique_constraint("uq_register_token_token_hash", ["token_hash"])
    op.create_index(
        "ix_notification_held",
        "notification",
        ["scraping_url_id"],
        unique=False,
        postgresql_where=sa.text("status = 'held'"),
        sqlite_where=sa.text("status = 'held'"),
    )


def downgrade() -> None:
    # Held rows would wait for a release that the old code never does: they go out now.
    op.execute("UPDATE notification SET status = 'pending' WHERE status = 'held'")
    op.drop_index(
        "ix_notification_held",
        table_name="notification",
        postgresql_where=sa.text("status = 'held'"),
        sqlite_where=sa.text("status = 'held'"),
    )
    op.execute("DELETE FROM register_token")
    with op.batch_alter_table("register_token") as batch:
        batch.drop_constraint("uq_register_token_token_hash", type_="unique")
        batch.drop_column("token_hash")
        batch.add_column(sa.Column("token", sa.String(length=64), nullable=False))
        batch.create_unique_constraint("uq_register_token_token", ["token"])
