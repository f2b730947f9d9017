"""notification delivery under faults: the `sending` claim, the next attempt, the retry window

Revision ID: 0002_i13
Revises: 0002_i15
Create Date: 2026-11-29 19:30:00
"""

from collections.abc import Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op

revision: str = "0002_i13"
down_revision: str | None = "0002_i15"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = ("next_attempt_at", "claimed_at", "failing_since")


def upgrade() -> None:
    with op.batch_alter_table("notification") as batch:
        for name in COLUMNS:
            batch.add_column(sa.Column(name, advanced_alchemy.types.DateTimeUTC(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("notification") as batch:
        for name in reversed(COLUMNS):
            batch.drop_column(name)
