"""Web fixtures: an app on a fresh SQLite store, one user per role in organization A (and a caseworker
in B), signed-in clients, API tokens, and a small synthetic roster."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI
from fastapi.testclient import TestClient

from reunite.db.engine import make_engine, transaction
from reunite.db.migrate import upgrade
from reunite.ingest.loader import ingest_file
from reunite.settings import Settings
from reunite.web import auth
from reunite.web.app import create_app
from reunite.web.permissions import ROLES

DATA = Path(__file__).parent / "data"
PASSWORD = "correct horse battery staple"
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "e2e: end-to-end test in a real headless Chromium")


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashes() -> Iterator[None]:
    # Production argon2 parameters cost ~50 ms a hash; tests sign in hundreds of times.
    original = auth._hasher
    auth._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    yield
    auth._hasher = original


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory, cheap_password_hashes: None) -> Path:
    """A migrated store with the test users, built once and copied for each test."""
    path = tmp_path_factory.mktemp("template") / "reunite.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    with transaction(engine) as session:
        for role in ROLES:
            auth.add_user(
                session,
                username=role,
                role=role,
                organization="org-a",
                password=PASSWORD,
                actor="test",
            )
        auth.add_user(
            session,
            username="caseworker-b",
            role="caseworker",
            organization="org-b",
            password=PASSWORD,
            actor="test",
        )
    engine.dispose()
    return path


@pytest.fixture
def app(tmp_path: Path, template_db: Path) -> Iterator[FastAPI]:
    home = tmp_path / "home"
    home.mkdir()
    shutil.copy(template_db, home / "reunite.db")
    application = create_app(Settings(home=home, user="test"))
    yield application
    application.state.engine.dispose()


def csrf_of(html: str) -> str:
    found = CSRF_RE.search(html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def sign_in(app: FastAPI, username: str, password: str = PASSWORD) -> TestClient:
    client = TestClient(app)
    token = csrf_of(client.get("/login").text)
    response = client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return client


@pytest.fixture
def client_for(app: FastAPI) -> Callable[[str], TestClient]:
    clients: dict[str, TestClient] = {}

    def get(username: str) -> TestClient:
        if username not in clients:
            clients[username] = sign_in(app, username)
        return clients[username]

    return get


@pytest.fixture
def token_for(app: FastAPI) -> Callable[[str], dict[str, str]]:
    def get(username: str) -> dict[str, str]:
        with transaction(app.state.engine) as session:
            _row, secret = auth.issue_token(session, username=username, name="test", actor="test")
        return {"Authorization": f"Bearer {secret}"}

    return get


@pytest.fixture
def rosters(app: FastAPI) -> None:
    for source in ("shelter", "detention"):
        ingest_file(app.state.engine, path=DATA / f"{source}.csv", source=source, actor="test")
    app.state.search.invalidate()


def page_csrf(client: TestClient, path: str = "/") -> str:
    return csrf_of(client.get(path).text)
