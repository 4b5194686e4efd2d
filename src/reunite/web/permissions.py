"""Roles, the permissions each one grants, and the organization rule. Plain data, no I/O.

Every route declares exactly one permission (see `deps.require`); a test walks every route and
checks that anonymous users and every role without the permission are refused.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    SUPERVISOR = "supervisor"  # confirms links, approves waivers, sees reports
    CASEWORKER = "caseworker"  # works their organization's cases, logs contacts, proposes links
    ATTORNEY = "attorney"  # reads their organization's cases, adds proceedings
    MONITOR = "monitor"  # aggregate reports only


class Permission(StrEnum):
    ACCOUNT = "account"  # their own preferences
    DASHBOARD = "dashboard:view"
    REPORTS = "reports:view"  # aggregate figures, no names
    SEARCH = "search"
    PERSON_READ = "person:read"
    CASE_READ = "case:read"
    CASE_WRITE = "case:write"  # open cases, move pairs through the workflow
    CONTACT_RECORD = "contact:record"
    LINK_PROPOSE = "link:propose"
    LINK_DECIDE = "link:decide"
    REVIEW_VIEW = "review:view"
    PROCEEDING_ADD = "proceeding:add"
    SAFEGUARD_CHECK = "safeguard:check"
    IMPORT = "import:run"
    ADMIN_USERS = "admin:users"


P = Permission

GRANTS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.SUPERVISOR: frozenset(
        {
            P.ACCOUNT, P.DASHBOARD, P.REPORTS, P.SEARCH, P.PERSON_READ, P.CASE_READ,
            P.CASE_WRITE, P.CONTACT_RECORD, P.LINK_PROPOSE, P.LINK_DECIDE, P.REVIEW_VIEW,
            P.SAFEGUARD_CHECK, P.IMPORT,
        }
    ),
    Role.CASEWORKER: frozenset(
        {
            P.ACCOUNT, P.DASHBOARD, P.SEARCH, P.PERSON_READ, P.CASE_READ, P.CASE_WRITE,
            P.CONTACT_RECORD, P.LINK_PROPOSE, P.REVIEW_VIEW, P.SAFEGUARD_CHECK, P.IMPORT,
        }
    ),
    Role.ATTORNEY: frozenset(
        {
            P.ACCOUNT, P.DASHBOARD, P.SEARCH, P.PERSON_READ, P.CASE_READ, P.PROCEEDING_ADD,
            P.SAFEGUARD_CHECK,
        }
    ),
    Role.MONITOR: frozenset({P.ACCOUNT, P.DASHBOARD, P.REPORTS}),
}  # fmt: skip

ROLES: tuple[str, ...] = tuple(r.value for r in Role)


def parse_role(value: str) -> Role:
    try:
        return Role(value.strip().lower())
    except ValueError:
        from reunite.errors import UsageError

        raise UsageError(f"Unknown role {value!r}; use one of: {', '.join(ROLES)}") from None


def allows(role: str, permission: Permission) -> bool:
    try:
        return permission in GRANTS[Role(role)]
    except ValueError:
        return False


def sees_every_organization(role: str) -> bool:
    """Only an administrator works across organizations; everyone else sees their own cases."""
    return role == Role.ADMIN.value


def sees_names(role: str) -> bool:
    """A monitor sees aggregate figures only: no names, no person or case ids."""
    return role != Role.MONITOR.value
