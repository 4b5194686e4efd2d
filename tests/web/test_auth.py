"""Sign-in, sessions that expire, CSRF, rate limiting, security headers, API tokens."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from reunite.audit.models import AuditRecord
from reunite.db.engine import transaction
from reunite.web import auth
from reunite.web.models import WebSession
from tests.web.conftest import PASSWORD, csrf_of, page_csrf, sign_in


def test_anonymous_page_redirects_to_login(app: FastAPI) -> None:
    response = TestClient(app).get("/families", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=%2Ffamilies"


def test_sign_in_and_out(app: FastAPI) -> None:
    client = sign_in(app, "caseworker")
    assert client.get("/").status_code == 200
    response = client.post(
        "/logout", data={"csrf_token": page_csrf(client)}, follow_redirects=False
    )
    assert response.status_code == 303
    assert client.get("/", follow_redirects=False).status_code == 303


def test_wrong_password_is_refused(app: FastAPI) -> None:
    client = TestClient(app)
    token = csrf_of(client.get("/login").text)
    response = client.post(
        "/login", data={"username": "caseworker", "password": "nope", "csrf_token": token}
    )
    assert response.status_code == 401
    assert "Wrong username or password" in response.text


def test_login_needs_its_csrf_token(app: FastAPI) -> None:
    client = TestClient(app)
    client.get("/login")
    response = client.post(
        "/login", data={"username": "caseworker", "password": PASSWORD, "csrf_token": "forged"}
    )
    assert response.status_code == 403


def test_login_is_rate_limited(app: FastAPI) -> None:
    client = TestClient(app)
    for _ in range(auth.MAX_FAILURES_PER_USER):
        token = csrf_of(client.get("/login").text)
        client.post(
            "/login", data={"username": "attorney", "password": "wrong", "csrf_token": token}
        )
    token = csrf_of(client.get("/login").text)
    response = client.post(
        "/login", data={"username": "attorney", "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 429


def test_forms_without_csrf_are_refused(client_for: Callable[[str], TestClient]) -> None:
    client = client_for("admin")
    response = client.post(
        "/admin/users",
        data={"username": "x", "role": "monitor", "organization": "o", "password": "p" * 12},
    )
    assert response.status_code == 403
    with transaction(client.app.state.engine) as session:  # type: ignore[attr-defined]
        assert "x" not in [u.username for u in auth.list_users(session)]


def test_expired_sessions_end(app: FastAPI) -> None:
    client = sign_in(app, "caseworker")
    with transaction(app.state.engine) as session:
        session.execute(update(WebSession).values(expires_at=datetime.now(UTC) - timedelta(1)))
    assert client.get("/", follow_redirects=False).status_code == 303


def test_disabled_users_lose_their_sessions(app: FastAPI) -> None:
    client = sign_in(app, "attorney")
    with transaction(app.state.engine) as session:
        auth.disable_user(session, username="attorney", actor="test")
    assert client.get("/", follow_redirects=False).status_code == 303


def test_security_headers(app: FastAPI) -> None:
    response = TestClient(app).get("/login")
    csp = response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp
    assert "default-src 'self'" in csp
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie


def test_api_token_auth_and_problem_json(
    app: FastAPI, token_for: Callable[[str], dict[str, str]]
) -> None:
    client = TestClient(app)
    response = client.get("/api/families", headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == 401
    headers = token_for("caseworker")
    assert client.get("/api/families", headers=headers).json() == []
    missing = client.get("/api/families/999", headers=headers)
    assert missing.status_code == 404
    assert missing.json()["title"] == "Not found"
    invalid = client.get("/api/search", headers=headers)
    assert invalid.status_code == 422
    assert invalid.headers["content-type"] == "application/problem+json"


def test_openapi_lists_the_api(app: FastAPI) -> None:
    spec = TestClient(app).get("/openapi.json").json()
    for path in (
        "/api/persons",
        "/api/persons/{person_id}",
        "/api/families",
        "/api/search",
        "/api/safeguard/check",
    ):
        assert path in spec["paths"]
    assert "/login" not in spec["paths"]


def test_next_only_redirects_within_the_site(app: FastAPI) -> None:
    client = TestClient(app)
    token = csrf_of(client.get("/login").text)
    response = client.post(
        "/login",
        data={
            "username": "admin",
            "password": PASSWORD,
            "csrf_token": token,
            "next": "//evil.example/",
        },
        follow_redirects=False,
    )
    assert response.headers["location"] == "/"


def test_user_administration_is_audited_without_secrets(
    client_for: Callable[[str], TestClient],
) -> None:

    admin = client_for("admin")
    csrf = page_csrf(admin, "/admin/users")
    secret_password = "a long new password 2018"
    steps = [
        ("/admin/users", {"username": "newcomer", "role": "caseworker",
                          "organization": "org-a", "password": secret_password}),
        ("/admin/users/newcomer/token", {}),
        ("/admin/users/newcomer/disable", {}),
        ("/admin/users/newcomer/reset", {"password": secret_password + "!"}),
    ]  # fmt: skip
    for path, fields in steps:
        assert admin.post(path, data={"csrf_token": csrf, **fields}).status_code == 200, path
    with transaction(admin.app.state.engine) as session:  # type: ignore[attr-defined]
        rows = session.scalars(
            select(AuditRecord)
            .where(AuditRecord.entity_type == "web_user", AuditRecord.entity_id == "newcomer")
            .order_by(AuditRecord.sequence)
        ).all()
        user = auth.get_user(session, "newcomer")
        assert [(r.event_type, r.actor) for r in rows] == [
            ("user-added", "web:admin"),
            ("api-token-issued", "web:admin"),
            ("user-disabled", "web:admin"),
            ("password-replaced", "web:admin"),
        ]
        written = " ".join(f"{r.before} {r.after}" for r in rows)
        assert secret_password not in written and user.password_hash not in written
        assert '"tokens_revoked":1' in written
