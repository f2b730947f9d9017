"""throttle_counter replaces the login store in kv_store

Revision ID: 0002_i12
Revises: 0002_i18
Create Date: 2026-11-29 19:30:00
"""

from collections.abc import Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op

revision: str = "0002_i12"
down_revision: str | None = "0002_i18"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "throttle_counter",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("delay_seconds", sa.Float(), nullable=False),
        sa.Column("blocked_until", sa.Float(), nullable=False),
        sa.Column("forget_at", sa.Float(), nullable=False),
        sa.Column("ticket", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_throttle_counter")),
    )
    op.create_index(op.f("ix_throttle_counter_forget_at"), "throttle_counter", ["forget_at"], unique=False)
    op.drop_index("ix_kv_store_key_namespace_unique", table_name="kv_store")
    op.drop_index(op.f("ix_kv_store_expires_at"), table_name="kv_store")
    op.drop_table("kv_store")


def downgrade() -> None:
    op.create_table(
        "kv_store",
        sa.Column("id", advanced_alchemy.types.GUID(length=16), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("namespace", sa.String(length=255), nullable=False),
        sa.Column("value", sa.LargeBinary(), nullable=False),
        sa.Column("expires_at", advanced_alchemy.types.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", advanced_alchemy.types.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", advanced_alchemy.types.DateTimeUTC(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kv_store")),
        sa.UniqueConstraint("key", "namespace", name="uq_kv_store_key_namespace"),
    )
    op.create_index(op.f("ix_kv_store_expires_at"), "kv_store", ["expires_at"], unique=False)
    op.create_index("ix_kv_store_key_namespace_unique", "kv_store", ["key", "namespace"], unique=True)
    op.drop_index(op.f("ix_throttle_counter_forget_at"), table_name="throttle_counter")
    op.drop_table("throttle_counter")
