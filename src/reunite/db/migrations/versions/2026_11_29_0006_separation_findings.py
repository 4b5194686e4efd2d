"""separation findings: a reviewer's word on a person whose records say they came as a parent

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29

Written by hand.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "separation_finding",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.String(length=64), nullable=False),
        sa.Column("finding", sa.String(length=30), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_separation_finding")),
    )
    op.create_index(
        op.f("ix_separation_finding_person_id"), "separation_finding", ["person_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_separation_finding_person_id"), table_name="separation_finding")
    op.drop_table("separation_finding")
