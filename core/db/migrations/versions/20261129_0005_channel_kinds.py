"""channels of every kind: an address per kind, verification, options, a secret; delivery ids

Telegram channels get their chat id as `address` too; `chat_id` and `telegram_message_id` stay
until the Telegram code reads the new columns.

Revision ID: 0005_i14
Revises: 0004_fix12
Create Date: 2026-11-29 23:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0005_i14"
down_revision: str | None = "0004_fix12"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("notification_config") as batch:
        batch.alter_column("chat_id", existing_type=sa.BigInteger(), nullable=True)
        batch.add_column(sa.Column("address", sa.String(length=2048), nullable=True))
        batch.add_column(sa.Column("is_verified", sa.Boolean(), server_default=sa.true(), nullable=False))
        batch.add_column(sa.Column("options", JSON, nullable=True))
        batch.add_column(sa.Column("secret_encrypted", sa.Text(), nullable=True))
        batch.create_unique_constraint("uq_notification_config_user_kind_address", ["user_id", "kind", "address"])
    op.execute("UPDATE notification_config SET address = CAST(chat_id AS VARCHAR) WHERE chat_id IS NOT NULL")
    with op.batch_alter_table("notification") as batch:
        batch.add_column(sa.Column("delivery_id", sa.String(length=255), nullable=True))
    op.execute(
        "UPDATE notification SET delivery_id = CAST(telegram_message_id AS VARCHAR) "
        "WHERE telegram_message_id IS NOT NULL"
    )


def downgrade() -> None:
    with op.batch_alter_table("notification") as batch:
        batch.drop_column("delivery_id")
    op.execute("DELETE FROM notification_config WHERE chat_id IS NULL")
    with op.batch_alter_table("notification_config") as batch:
        batch.drop_constraint("uq_notification_config_user_kind_address", type_="unique")
        batch.drop_column("secret_encrypted")
        batch.drop_column("options")
        batch.drop_column("is_verified")
        batch.drop_column("address")
        batch.alter_column("chat_id", existing_type=sa.BigInteger(), nullable=False)
