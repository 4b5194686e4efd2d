"""Every route declares a permission; anonymous users and every role without it are refused."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from reunite.web.permissions import GRANTS, ROLES, Permission, Role

PUBLIC = {("GET", "/login"), ("POST", "/login")}
SAMPLE = {
    "case_id": "1",
    "pair_id": "1",
    "waiver_id": "1",
    "ref": "P0000001",
    "person_id": "P0000001",
    "username": "monitor",
    "batch_uid": "x",
}


def permission_of(route: APIRoute) -> Permission | None:
    stack = list(route.dependant.dependencies)
    while stack:
        dependant = stack.pop()
        found = getattr(dependant.call, "permission", None)
        if found is not None:
            return found
        stack.extend(dependant.dependencies)
    return None


def api_routes(routes: list[object]) -> list[APIRoute]:
    """Every APIRoute, also inside included routers (FastAPI keeps those as wrappers)."""
    found: list[APIRoute] = []
    for route in routes:
        if isinstance(route, APIRoute):
            found.append(route)
        elif getattr(route, "original_router", None) is not None:
            found.extend(api_routes(list(route.original_router.routes)))  # type: ignore[attr-defined]
    return found


def routes(app: FastAPI) -> list[tuple[str, str, Permission | None]]:
    out = []
    for route in api_routes(list(app.routes)):
        for method in sorted((route.methods or set()) - {"HEAD"}):
            path = re.sub(r"\{(\w+)\}", lambda m: SAMPLE[m.group(1)], route.path)
            out.append((method, path, permission_of(route)))
    return out


def test_every_route_declares_a_permission(app: FastAPI) -> None:
    found = routes(app)
    assert len(found) > 20
    missing = [(m, p) for m, p, perm in found if perm is None and (m, p) not in PUBLIC]
    assert missing == []


def test_anonymous_users_are_refused_everywhere(app: FastAPI) -> None:
    client = TestClient(app)
    for method, path, permission in routes(app):
        if permission is None:
            continue
        response = client.request(
            method,
            path,
            follow_redirects=False,
            params=_params(path),
            data={} if method == "POST" else None,
        )
        if path.startswith("/api"):
            assert response.status_code == 401, (method, path)
            assert response.headers["content-type"] == "application/problem+json"
        else:
            assert response.status_code == 303, (method, path)
            assert response.headers["location"].startswith("/login?next=")


def _params(path: str) -> dict[str, str] | None:
    return {"name": "Maria", "person_id": "P0000001"} if path.startswith("/api/") else None


@pytest.mark.parametrize("role", ROLES)
def test_roles_without_the_permission_are_refused(
    app: FastAPI,
    role: str,
    client_for: Callable[[str], TestClient],
    token_for: Callable[[str], dict[str, str]],
) -> None:
    client = client_for(role)
    headers = token_for(role)
    anonymous = TestClient(app)
    checked = 0
    for method, path, permission in routes(app):
        if permission is None or permission in GRANTS[Role(role)]:
            continue
        if path.startswith("/api"):
            response = anonymous.request(method, path, headers=headers, params=_params(path))
        else:
            response = client.request(
                method, path, follow_redirects=False, data={} if method == "POST" else None
            )
        assert response.status_code == 403, (role, method, path, response.status_code)
        checked += 1
    if role != Role.ADMIN:
        assert checked > 0


def test_api_refuses_session_cookies(client_for: Callable[[str], TestClient]) -> None:
    # The API takes bearer tokens only, so a signed-in browser cannot be driven by another site.
    assert client_for("admin").get("/api/families").status_code == 401


def test_monitor_sees_aggregates_only(client_for: Callable[[str], TestClient]) -> None:
    client = client_for("monitor")
    page = client.get("/")
    assert page.status_code == 200
    assert "Overdue deadlines" not in page.text
    assert client.get("/families", follow_redirects=False).status_code == 403
    assert client.get("/persons/P0000001", follow_redirects=False).status_code == 403
