"""address_turn: each paced address's next free time, shared by the notifier processes

Revision ID: 0007_turns
Revises: 0006_seam
Create Date: 2026-11-30 03:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_turns"
down_revision: str | None = "0006_seam"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "address_turn",
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("address", sa.String(length=2048), nullable=False),
        sa.Column("free_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "address", name=op.f("pk_address_turn")),
    )


def downgrade() -> None:
    op.drop_table("address_turn")
