"""case pairs: the parent's and the child's country of birth (for the report's breakdown)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29

Written by hand.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("case_pair") as batch:
        batch.add_column(sa.Column("parent_country_code", sa.String(length=2), nullable=True))
        batch.add_column(sa.Column("child_country_code", sa.String(length=2), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("case_pair") as batch:
        batch.drop_column("child_country_code")
        batch.drop_column("parent_country_code")
