"""linkage: persons, person members, parent-child links, link decisions

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29

Written by hand.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("record_count", sa.Integer(), nullable=False),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person")),
    )
    op.create_table(
        "person_member",
        sa.Column("source_record_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("match_probability", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_person_member_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["source_record_id"],
            ["source_record.id"],
            name=op.f("fk_person_member_source_record_id_source_record"),
        ),
        sa.PrimaryKeyConstraint("source_record_id", name=op.f("pk_person_member")),
    )
    with op.batch_alter_table("person_member", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_member_person_id"), ["person_id"], unique=False)

    op.create_table(
        "parent_child_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("parent_person_id", sa.Integer(), nullable=False),
        sa.Column("child_person_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_person_id"],
            ["person.id"],
            name=op.f("fk_parent_child_link_child_person_id_person"),
        ),
        sa.ForeignKeyConstraint(
            ["parent_person_id"],
            ["person.id"],
            name=op.f("fk_parent_child_link_parent_person_id_person"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_parent_child_link")),
        sa.UniqueConstraint(
            "parent_person_id",
            "child_person_id",
            name=op.f("uq_parent_child_link_parent_person_id"),
        ),
    )
    with op.batch_alter_table("parent_child_link", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_parent_child_link_child_person_id"), ["child_person_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_parent_child_link_parent_person_id"), ["parent_person_id"], unique=False
        )

    op.create_table(
        "link_decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("verdict", sa.String(length=10), nullable=False),
        sa.Column("record_a_id", sa.Integer(), nullable=False),
        sa.Column("record_b_id", sa.Integer(), nullable=False),
        sa.Column("decided_by", sa.String(length=100), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=True),
        sa.Column("revoked_by", sa.String(length=100), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["record_a_id"],
            ["source_record.id"],
            name=op.f("fk_link_decision_record_a_id_source_record"),
        ),
        sa.ForeignKeyConstraint(
            ["record_b_id"],
            ["source_record.id"],
            name=op.f("fk_link_decision_record_b_id_source_record"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_link_decision")),
    )
    with op.batch_alter_table("link_decision", schema=None) as batch_op:
        batch_op.create_index(
            "ix_link_decision_records", ["record_a_id", "record_b_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("link_decision", schema=None) as batch_op:
        batch_op.drop_index("ix_link_decision_records")
    op.drop_table("link_decision")
    with op.batch_alter_table("parent_child_link", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_parent_child_link_parent_person_id"))
        batch_op.drop_index(batch_op.f("ix_parent_child_link_child_person_id"))
    op.drop_table("parent_child_link")
    with op.batch_alter_table("person_member", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_member_person_id"))
    op.drop_table("person_member")
    op.drop_table("person")
