"""Audit events the web app writes itself (the services write their own)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from reunite.audit.events import AuditEvent


@dataclass(frozen=True, kw_only=True)
class PersonRecordViewed(AuditEvent):
    """Someone read a person's records (page or API): who, when, and through what."""

    name: ClassVar[str] = "person-record-viewed"
    entity_type: ClassVar[str] = "person"


@dataclass(frozen=True, kw_only=True)
class CaseOrganizationAssigned(AuditEvent):
    name: ClassVar[str] = "case-organization-assigned"
    entity_type: ClassVar[str] = "family_case"


@dataclass(frozen=True, kw_only=True)
class FamilyCaseViewed(AuditEvent):
    """Someone read a family case (page or API): its people, places, waivers and proceedings."""

    name: ClassVar[str] = "family-case-viewed"
    entity_type: ClassVar[str] = "family_case"


@dataclass(frozen=True, kw_only=True)
class UserAdded(AuditEvent):
    """A web user created (never the password or its hash)."""

    name: ClassVar[str] = "user-added"
    entity_type: ClassVar[str] = "web_user"


@dataclass(frozen=True, kw_only=True)
class UserDisabled(AuditEvent):
    name: ClassVar[str] = "user-disabled"
    entity_type: ClassVar[str] = "web_user"


@dataclass(frozen=True, kw_only=True)
class PasswordReset(AuditEvent):
    name: ClassVar[str] = "password-replaced"
    entity_type: ClassVar[str] = "web_user"


@dataclass(frozen=True, kw_only=True)
class ApiTokenIssued(AuditEvent):
    """An API token issued (its name and expiry; never the secret or its digest)."""

    name: ClassVar[str] = "api-token-issued"
    entity_type: ClassVar[str] = "web_user"
