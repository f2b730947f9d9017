"""Telegram reads a channel's `address` and writes `delivery_id`: its own columns go

`notification_config.chat_id` (and its unique constraint; `address` has one of its own) and
`notification.telegram_message_id` are dropped; every channel has an address.

Revision ID: 0006_seam
Revises: 0005_i14
Create Date: 2026-11-30 01:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_seam"
down_revision: str | None = "0005_i14"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Rows of 0005's time whose address was never filled (none are expected): the chat id.
    op.execute("UPDATE notification_config SET address = CAST(chat_id AS VARCHAR) WHERE address IS NULL")
    op.execute("DELETE FROM notification_config WHERE address IS NULL")
    with op.batch_alter_table("notification_config") as batch:
        batch.drop_constraint("uq_notification_config_user_id", type_="unique")
        batch.drop_column("chat_id")
        batch.alter_column("address", existing_type=sa.String(length=2048), nullable=False)
    with op.batch_alter_table("notification") as batch:
        batch.drop_column("telegram_message_id")


def downgrade() -> None:
    with op.batch_alter_table("notification") as batch:
        batch.add_column(sa.Column("telegram_message_id", sa.BigInteger(), nullable=True))
    op.execute(
        "UPDATE notification SET telegram_message_id = CAST(delivery_id AS BIGINT) "
        "WHERE delivery_id IS NOT NULL AND channel_id IN "
        "(SELECT id FROM notification_config WHERE kind = 'telegram')"
    )
    with op.batch_alter_table("notification_config") as batch:
        batch.add_column(sa.Column("chat_id", sa.BigInteger(), nullable=True))
        batch.alter_column("address", existing_type=sa.String(length=2048), nullable=True)
    op.execute("UPDATE notification_config SET chat_id = CAST(address AS BIGINT) WHERE kind = 'telegram'")
    with op.batch_alter_table("notification_config") as batch:
        batch.create_unique_constraint("uq_notification_config_user_id", ["user_id", "kind", "chat_id"])
