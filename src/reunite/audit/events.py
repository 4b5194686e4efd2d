"""Typed audit events: one dataclass per kind of change, named in past-tense kebab-case.

An event says which entity changed, in which case (when there is one), and its values before and after.
`audit.service.record` writes it, with who and when, in the same transaction as the change itself.
Other slices add their own events by subclassing `AuditEvent` with a `name` and an `entity_type`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

EVENT_TYPES: dict[str, type[AuditEvent]] = {}


@dataclass(frozen=True, kw_only=True)
class AuditEvent:
    name: ClassVar[str] = ""
    entity_type: ClassVar[str] = ""

    entity_id: str | int
    case_id: int | None = None
    before: Mapping[str, Any] | None = None
    after: Mapping[str, Any] | None = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not cls.name or not cls.entity_type:
            raise TypeError(f"{cls.__name__} must set `name` and `entity_type`")
        if cls.name in EVENT_TYPES:
            raise TypeError(f"Two audit events are named {cls.name!r}")
        EVENT_TYPES[cls.name] = cls


# ---- family cases -----------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class CaseOpened(AuditEvent):
    name: ClassVar[str] = "case-opened"
    entity_type: ClassVar[str] = "family_case"


@dataclass(frozen=True, kw_only=True)
class CaseUpdated(AuditEvent):
    name: ClassVar[str] = "case-updated"
    entity_type: ClassVar[str] = "family_case"


@dataclass(frozen=True, kw_only=True)
class PairAdded(AuditEvent):
    name: ClassVar[str] = "pair-added"
    entity_type: ClassVar[str] = "case_pair"


@dataclass(frozen=True, kw_only=True)
class StateChanged(AuditEvent):
    name: ClassVar[str] = "state-changed"
    entity_type: ClassVar[str] = "case_pair"


@dataclass(frozen=True, kw_only=True)
class SeparationRecorded(AuditEvent):
    name: ClassVar[str] = "separation-recorded"
    entity_type: ClassVar[str] = "case_pair"


@dataclass(frozen=True, kw_only=True)
class VerificationRecorded(AuditEvent):
    name: ClassVar[str] = "verification-recorded"
    entity_type: ClassVar[str] = "case_pair"


@dataclass(frozen=True, kw_only=True)
class LocationRecorded(AuditEvent):
    name: ClassVar[str] = "location-recorded"
    entity_type: ClassVar[str] = "location_record"


@dataclass(frozen=True, kw_only=True)
class ContactAttemptRecorded(AuditEvent):
    name: ClassVar[str] = "contact-attempt-recorded"
    entity_type: ClassVar[str] = "contact_attempt"


@dataclass(frozen=True, kw_only=True)
class VettingRecorded(AuditEvent):
    name: ClassVar[str] = "vetting-recorded"
    entity_type: ClassVar[str] = "vetting_review"


@dataclass(frozen=True, kw_only=True)
class WaiverRecorded(AuditEvent):
    name: ClassVar[str] = "waiver-recorded"
    entity_type: ClassVar[str] = "waiver"


@dataclass(frozen=True, kw_only=True)
class WaiverDisputed(AuditEvent):
    name: ClassVar[str] = "waiver-disputed"
    entity_type: ClassVar[str] = "waiver"


# ---- proceedings ------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ProceedingRecorded(AuditEvent):
    name: ClassVar[str] = "proceeding-recorded"
    entity_type: ClassVar[str] = "proceeding"


@dataclass(frozen=True, kw_only=True)
class ProceedingOutcomeRecorded(AuditEvent):
    name: ClassVar[str] = "proceeding-outcome-recorded"
    entity_type: ClassVar[str] = "proceeding"


@dataclass(frozen=True, kw_only=True)
class DocumentAttached(AuditEvent):
    name: ClassVar[str] = "document-attached"
    entity_type: ClassVar[str] = "proceeding_document"


# ---- removal safeguard ------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class SafeguardChecked(AuditEvent):
    """A removal or transfer schedule was checked; `after` holds the decisions (ids only)."""

    name: ClassVar[str] = "safeguard-checked"
    entity_type: ClassVar[str] = "removal_schedule"


@dataclass(frozen=True, kw_only=True)
class SeparationFindingRecorded(AuditEvent):
    """A reviewer found that a person flagged by their own records has no separated child (or
    withdrew that finding)."""

    name: ClassVar[str] = "separation-finding-recorded"
    entity_type: ClassVar[str] = "person"
