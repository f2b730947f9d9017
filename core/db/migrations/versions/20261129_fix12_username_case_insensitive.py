"""usernames unique whatever their case: a unique index on lower(username)

Sign-up refuses `ada` when `Ada` exists, but only the service checked it, so two parallel
sign-ups could both pass. Fails on a database already holding two such usernames: rename one
first (nothing here can choose which account keeps the name).

Revision ID: 0004_fix12
Revises: 0003
Create Date: 2026-11-29 21:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_fix12"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "uq_user_account_lower_username", "user_account", [sa.text("lower(username)")], unique=True
    )


def downgrade() -> None:
    op.drop_index("uq_user_account_lower_username", table_name="user_account")
