"""family cases, proceedings and the audit log

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29

Written by hand. Person ids are plain columns (no foreign keys to linkage's tables) and the audit
log has no foreign keys at all: it must outlive everything it describes.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _recorded(prefix: str = "recorded") -> list[sa.Column]:
    return [
        sa.Column(f"{prefix}_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(f"{prefix}_by", sa.String(length=100), nullable=False),
    ]


def _pair_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["pair_id"], ["case_pair.id"], name=op.f(f"fk_{table}_pair_id_case_pair")
    )


def upgrade() -> None:
    op.create_table(
        "audit_event",
        sa.Column("sequence", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("event_type", sa.String(length=60), nullable=False),
        sa.Column("entity_type", sa.String(length=60), nullable=False),
        sa.Column("entity_id", sa.String(length=100), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("before", sa.Text(), nullable=True),
        sa.Column("after", sa.Text(), nullable=True),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("sequence", name=op.f("pk_audit_event")),
        sa.UniqueConstraint("hash", name=op.f("uq_audit_event_hash")),
    )
    op.create_index(op.f("ix_audit_event_case_id"), "audit_event", ["case_id"])
    op.create_index("ix_audit_event_entity", "audit_event", ["entity_type", "entity_id"])
    op.create_index(op.f("ix_audit_event_event_type"), "audit_event", ["event_type"])

    op.create_table(
        "family_case",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("origin", sa.String(length=20), nullable=False),
        sa.Column("origin_ref", sa.String(length=200), nullable=True),
        sa.Column("stay_of_removal", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        *_recorded("opened"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_family_case")),
    )

    op.create_table(
        "case_pair",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("parent_person_id", sa.String(length=64), nullable=False),
        sa.Column("child_person_id", sa.String(length=64), nullable=False),
        sa.Column("link_id", sa.String(length=64), nullable=True),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("state_changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("close_reason", sa.String(length=30), nullable=True),
        sa.Column("parent_language", sa.String(length=20), nullable=True),
        sa.Column("child_birth_date", sa.Date(), nullable=True),
        sa.Column("separation_date", sa.Date(), nullable=True),
        sa.Column("separation_place", sa.Text(), nullable=True),
        sa.Column("separation_reason", sa.Text(), nullable=True),
        sa.Column("separated_by", sa.Text(), nullable=True),
        sa.Column("separation_confirmed_date", sa.Date(), nullable=True),
        sa.Column("verification_method", sa.String(length=20), nullable=True),
        sa.Column("verified_date", sa.Date(), nullable=True),
        sa.Column("dna_sample_destroyed_date", sa.Date(), nullable=True),
        sa.Column("reunified_date", sa.Date(), nullable=True),
        sa.Column("reunified_place", sa.Text(), nullable=True),
        sa.Column("reunified_country", sa.String(length=2), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["family_case.id"], name=op.f("fk_case_pair_case_id_family_case")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_pair")),
        sa.UniqueConstraint(
            "case_id", "parent_person_id", "child_person_id", name=op.f("uq_case_pair_case_id")
        ),
    )
    op.create_index(op.f("ix_case_pair_case_id"), "case_pair", ["case_id"])
    op.create_index(op.f("ix_case_pair_child_person_id"), "case_pair", ["child_person_id"])
    op.create_index(op.f("ix_case_pair_parent_person_id"), "case_pair", ["parent_person_id"])
    op.create_index(op.f("ix_case_pair_state"), "case_pair", ["state"])

    op.create_table(
        "location_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pair_id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("place", sa.Text(), nullable=True),
        sa.Column("country_code", sa.String(length=2), nullable=True),
        sa.Column("as_of_date", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        *_recorded(),
        _pair_fk("location_record"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_location_record")),
    )
    op.create_index(op.f("ix_location_record_pair_id"), "location_record", ["pair_id"])

    op.create_table(
        "contact_attempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pair_id", sa.Integer(), nullable=False),
        sa.Column("attempted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("channel", sa.String(length=30), nullable=False),
        sa.Column("outcome", sa.String(length=30), nullable=False),
        sa.Column("parent_child_call", sa.Boolean(), nullable=False),
        sa.Column("partner", sa.String(length=200), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        *_recorded(),
        _pair_fk("contact_attempt"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_attempt")),
    )
    op.create_index(op.f("ix_contact_attempt_pair_id"), "contact_attempt", ["pair_id"])

    op.create_table(
        "vetting_review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pair_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("flags", sa.Text(), nullable=True),
        sa.Column("re_review_trigger", sa.Text(), nullable=True),
        sa.Column("decided_date", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        *_recorded(),
        _pair_fk("vetting_review"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vetting_review")),
    )
    op.create_index(op.f("ix_vetting_review_pair_id"), "vetting_review", ["pair_id"])

    op.create_table(
        "waiver",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pair_id", sa.Integer(), nullable=False),
        sa.Column("signed_date", sa.Date(), nullable=True),
        sa.Column("form_language", sa.String(length=20), nullable=True),
        sa.Column("interpreter_language", sa.String(length=20), nullable=True),
        sa.Column("parent_language", sa.String(length=20), nullable=True),
        sa.Column("parent_can_read", sa.Boolean(), nullable=True),
        sa.Column("minutes_given", sa.Integer(), nullable=True),
        sa.Column("disputed", sa.Boolean(), nullable=False),
        sa.Column("dispute_note", sa.Text(), nullable=True),
        sa.Column("disputed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        *_recorded(),
        _pair_fk("waiver"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_waiver")),
    )
    op.create_index(op.f("ix_waiver_pair_id"), "waiver", ["pair_id"])

    op.create_table(
        "proceeding",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.String(length=64), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("held_date", sa.Date(), nullable=True),
        sa.Column("venue", sa.Text(), nullable=True),
        sa.Column("official", sa.Text(), nullable=True),
        sa.Column("interpreter_language", sa.String(length=20), nullable=True),
        sa.Column("outcome", sa.String(length=30), nullable=False),
        sa.Column("did_not_understand", sa.Boolean(), nullable=False),
        sa.Column("did_not_understand_note", sa.Text(), nullable=True),
        sa.Column("reinterview_settlement", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        *_recorded(),
        sa.ForeignKeyConstraint(
            ["case_id"], ["family_case.id"], name=op.f("fk_proceeding_case_id_family_case")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proceeding")),
    )
    op.create_index(op.f("ix_proceeding_case_id"), "proceeding", ["case_id"])
    op.create_index(op.f("ix_proceeding_person_id"), "proceeding", ["person_id"])

    op.create_table(
        "proceeding_document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proceeding_id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("original_name", sa.String(length=500), nullable=False),
        *_recorded("attached"),
        sa.ForeignKeyConstraint(
            ["proceeding_id"],
            ["proceeding.id"],
            name=op.f("fk_proceeding_document_proceeding_id_proceeding"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proceeding_document")),
        sa.UniqueConstraint(
            "proceeding_id", "sha256", name=op.f("uq_proceeding_document_proceeding_id")
        ),
    )
    op.create_index(
        op.f("ix_proceeding_document_proceeding_id"), "proceeding_document", ["proceeding_id"]
    )
    op.create_index(op.f("ix_proceeding_document_sha256"), "proceeding_document", ["sha256"])


def downgrade() -> None:
    for table in (
        "proceeding_document",
        "proceeding",
        "waiver",
        "vetting_review",
        "contact_attempt",
        "location_record",
        "case_pair",
        "family_case",
        "audit_event",
    ):
        op.drop_table(table)  # their indexes go with them
