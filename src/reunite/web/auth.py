"""Passwords (argon2), server-side sessions that expire, API tokens, CSRF and login rate limiting.

Services in the house style: each takes the session, does one job and never commits. Tokens handed
to browsers and API clients are random; only their SHA-256 digests are stored.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, bindparam, delete, func, select
from sqlalchemy.orm import Session

from reunite.audit import service as audit_service
from reunite.errors import NotFoundError, UsageError
from reunite.web.events import ApiTokenIssued, PasswordReset, UserAdded, UserDisabled
from reunite.web.models import ApiToken, LoginAttempt, WebSession, WebUser
from reunite.web.permissions import Role, parse_role

logger = logging.getLogger(__name__)

SESSION_IDLE = timedelta(minutes=30)
SESSION_ABSOLUTE = timedelta(hours=10)
SESSION_TOUCH_EVERY = timedelta(minutes=1)  # refresh the idle clock at most this often
LOGIN_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_USER = 5
MAX_FAILURES_PER_CLIENT = 20
MIN_PASSWORD_LENGTH = 12

_hasher = PasswordHasher()
# Verified against when the username is unknown, so a wrong name costs as much as a wrong password.
_DUMMY_HASH = _hasher.hash("reunite-dummy-password")


def now_utc() -> datetime:
    return datetime.now(UTC)


def _aware(at: datetime) -> datetime:
    # SQLite hands back naive datetimes; everything is stored in UTC.
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


def tokens_equal(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(str(a), str(b))


# ---- users -------------------------------------------------------------------------------------------


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UsageError(f"A password needs at least {MIN_PASSWORD_LENGTH} characters")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def add_user(
    session: Session,
    *,
    username: str,
    role: str,
    organization: str,
    password: str,
    actor: str,
    language: str | None = None,
) -> WebUser:
    name = username.strip()
    if not name or len(name) > 100:
        raise UsageError("A username needs 1 to 100 characters")
    checked_role = parse_role(role)
    if not organization.strip():
        raise UsageError("A user needs an organization (--org)")
    check_password_strength(password)
    if session.scalar(select(WebUser.id).where(WebUser.username == name)) is not None:
        raise UsageError(f"The user {name!r} already exists")
    user = WebUser(
        username=name,
        password_hash=hash_password(password),
        role=checked_role.value,
        organization=organization.strip(),
        language=language,
        created_at=now_utc(),
        created_by=actor,
    )
    session.add(user)
    session.flush()
    audit_service.record(
        session,
        UserAdded(
            entity_id=user.username,
            after={"role": user.role, "organization": user.organization, "language": language},
        ),
        actor,
    )
    return user


def get_user(session: Session, username: str) -> WebUser:
    user = session.scalar(select(WebUser).where(WebUser.username == username.strip()))
    if user is None:
        raise NotFoundError(f"No user {username!r}")
    return user


def list_users(session: Session) -> list[WebUser]:
    return list(session.scalars(select(WebUser).order_by(WebUser.username)))


def disable_user(session: Session, *, username: str, actor: str) -> WebUser:
    """Disable a user and end their sessions and tokens at once (audited)."""
    user = get_user(session, username)
    was_disabled = user.disabled_at is not None
    user.disabled_at = user.disabled_at or now_utc()
    ended = len(
        session.scalars(
            delete(WebSession).where(WebSession.user_id == user.id).returning(WebSession.user_id)
        ).all()
    )
    revoked = 0
    for token in session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
    ):
        token.revoked_at = now_utc()
        revoked += 1
    session.flush()
    audit_service.record(
        session,
        UserDisabled(
            entity_id=user.username,
            before={"disabled": was_disabled},
            after={"disabled": True, "sessions_ended": ended, "tokens_revoked": revoked},
        ),
        actor,
    )
    return user


def reset_password(session: Session, *, username: str, password: str, actor: str) -> WebUser:
    """Set a new password, re-enable the user, and end their sessions (audited)."""
    check_password_strength(password)
    user = get_user(session, username)
    was_disabled = user.disabled_at is not None
    user.password_hash = hash_password(password)
    user.disabled_at = None
    session.execute(delete(WebSession).where(WebSession.user_id == user.id))
    session.flush()
    audit_service.record(
        session,
        PasswordReset(
            entity_id=user.username,
            before={"disabled": was_disabled},
            after={"disabled": False, "sessions_ended": True},
        ),
        actor,
    )
    return user


# ---- login and rate limiting ------------------------------------------------------------------------


def login_blocked(session: Session, *, username: str, client: str) -> bool:
    """Too many recent failures for this username or from this client address."""
    since = now_utc() - LOGIN_WINDOW
    recent = (
        select(func.count())
        .select_from(LoginAttempt)
        .where(LoginAttempt.at >= since, LoginAttempt.succeeded.is_(False))
    )
    by_user = session.scalar(recent.where(LoginAttempt.username == username[:100])) or 0
    by_client = session.scalar(recent.where(LoginAttempt.client == client[:64])) or 0
    return by_user >= MAX_FAILURES_PER_USER or by_client >= MAX_FAILURES_PER_CLIENT


def authenticate(session: Session, *, username: str, password: str, client: str) -> WebUser | None:
    """The user, if the password is right and the user is enabled; every attempt is recorded."""
    user = session.scalar(select(WebUser).where(WebUser.username == username.strip()))
    ok = False
    try:
        ok = _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        ok = False
    ok = ok and user is not None and user.disabled_at is None
    session.add(
        LoginAttempt(
            username=username.strip()[:100], client=client[:64], at=now_utc(), succeeded=ok
        )
    )
    if ok and user is not None and _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    session.flush()
    return user if ok else None


# ---- sessions ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionTicket:
    """What the browser gets: the cookie value (never stored) and the CSRF token for forms."""

    token: str
    csrf_token: str


def start_session(session: Session, *, user: WebUser) -> SessionTicket:
    token, csrf = new_token(), new_token()
    at = now_utc()
    session.add(
        WebSession(
            token_hash=digest(token),
            user_id=user.id,
            csrf_token=csrf,
            created_at=at,
            last_seen_at=at,
            expires_at=at + SESSION_IDLE,
        )
    )
    # Expired sessions of anyone are swept at each login: the table stays small without a job.
    session.execute(delete(WebSession).where(WebSession.expires_at < at))
    session.flush()
    return SessionTicket(token, csrf)


@dataclass(frozen=True)
class SessionFound:
    """A session row and its user's fields, read in one query (the per-request check)."""

    user_id: int
    username: str
    role: str
    organization: str
    language: str | None
    csrf_token: str
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime

    def expired(self, at: datetime) -> bool:
        return _aware(self.expires_at) <= at or _aware(self.created_at) + SESSION_ABSOLUTE <= at

    def needs_touch(self, at: datetime) -> bool:
        return at - _aware(self.last_seen_at) >= SESSION_TOUCH_EVERY


_SESSION_LOOKUP = (
    select(
        WebUser.id,
        WebUser.username,
        WebUser.role,
        WebUser.organization,
        WebUser.language,
        WebSession.csrf_token,
        WebSession.created_at,
        WebSession.last_seen_at,
        WebSession.expires_at,
    )
    .join(WebUser, WebUser.id == WebSession.user_id)
    .where(WebSession.token_hash == bindparam("token_hash"), WebUser.disabled_at.is_(None))
)


def lookup_session(connection: Connection, token: str | None) -> SessionFound | None:
    """The session behind a cookie and its (enabled) user, read-only: one indexed query.

    The caller decides with `expired` / `needs_touch` and then calls `drop_session` or
    `touch_session` (writes, which may wait for the database's write lock).
    """
    if not token:
        return None
    row = connection.execute(_SESSION_LOOKUP, {"token_hash": digest(token)}).first()
    return SessionFound(*row) if row is not None else None


def touch_session(session: Session, token: str) -> None:
    """Refresh the idle clock (never past the absolute limit)."""
    row = session.get(WebSession, digest(token))
    if row is None:
        return
    at = now_utc()
    row.last_seen_at = at
    row.expires_at = min(at + SESSION_IDLE, _aware(row.created_at) + SESSION_ABSOLUTE)
    session.flush()


def resolve_session(session: Session, token: str | None) -> tuple[WebUser, WebSession] | None:
    """The user and session behind a cookie, refreshing the idle clock; None when expired or unknown."""
    found = lookup_session(session.connection(), token)
    if found is None or token is None:
        return None
    at = now_utc()
    if found.expired(at):
        end_session(session, token)
        session.flush()
        return None
    if found.needs_touch(at):
        touch_session(session, token)
    row = session.get(WebSession, digest(token))
    user = session.get(WebUser, found.user_id)
    return (user, row) if user is not None and row is not None else None


def end_session(session: Session, token: str | None) -> None:
    if token:
        session.execute(delete(WebSession).where(WebSession.token_hash == digest(token)))


# ---- API tokens -------------------------------------------------------------------------------------


def issue_token(
    session: Session, *, username: str, name: str, actor: str, days: int | None = 90
) -> tuple[ApiToken, str]:
    """A new API token for a user; the secret is returned once and only its digest is kept."""
    user = get_user(session, username)
    if user.disabled_at is not None:
        raise UsageError(f"The user {username!r} is disabled")
    secret = "rt_" + new_token()
    at = now_utc()
    row = ApiToken(
        token_hash=digest(secret),
        user_id=user.id,
        name=name.strip() or "api",
        created_at=at,
        expires_at=at + timedelta(days=days) if days else None,
    )
    session.add(row)
    session.flush()
    audit_service.record(
        session,
        ApiTokenIssued(
            entity_id=user.username,
            after={"token_id": row.id, "name": row.name, "expires_at": row.expires_at},
        ),
        actor,
    )
    return row, secret


_TOKEN_LOOKUP = (
    select(WebUser, ApiToken.expires_at)
    .join(WebUser, WebUser.id == ApiToken.user_id)
    .where(
        ApiToken.token_hash == bindparam("token_hash"),
        ApiToken.revoked_at.is_(None),
        WebUser.disabled_at.is_(None),
    )
)


def resolve_token(session: Session, secret: str | None) -> WebUser | None:
    """The enabled user behind an API token that is neither revoked nor expired: one query."""
    if not secret:
        return None
    row = session.execute(_TOKEN_LOOKUP, {"token_hash": digest(secret)}).first()
    if row is None:
        return None
    user, expires_at = row
    if expires_at is not None and _aware(expires_at) <= now_utc():
        return None
    return user


def demo_role_names() -> list[str]:
    return [r.value for r in Role]
