"""`reunite users add | disable | reset | token` and `reunite serve --help`."""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from reunite.cli.main import run as run_cli
from reunite.db.store import open_store
from reunite.settings import Settings
from reunite.web import auth


@dataclass
class Result:
    returncode: int
    stdout: str


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    def invoke(args: list[str], stdin: str = "") -> Result:
        capsys.readouterr()
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        code = run_cli(args)
        return Result(code, capsys.readouterr().out)

    return invoke


def test_users_lifecycle(reunite_home: Path, run) -> None:
    added = run(
        [
            "users",
            "add",
            "rosa",
            "--role",
            "caseworker",
            "--org",
            "kids-in-need",
            "--password-stdin",
        ],
        "a long enough password\n",
    )
    assert added.returncode == 0, added.stderr
    assert (
        run(
            ["users", "add", "rosa", "--role", "caseworker", "--org", "x", "--password-stdin"],
            "a long enough password\n",
        ).returncode
        == 2
    )
    assert (
        run(
            ["users", "add", "bad", "--role", "janitor", "--org", "x", "--password-stdin"],
            "a long enough password\n",
        ).returncode
        == 2
    )
    assert (
        run(
            ["users", "add", "short", "--role", "monitor", "--org", "x", "--password-stdin"],
            "short\n",
        ).returncode
        == 2
    )
    token = run(["users", "token", "rosa"])
    assert token.returncode == 0 and token.stdout.startswith("rt_")
    assert run(["users", "disable", "rosa"]).returncode == 0
    engine = open_store(Settings())
    with Session(engine) as session:
        assert auth.get_user(session, "rosa").disabled_at is not None
        assert auth.resolve_token(session, token.stdout.strip()) is None
    assert (
        run(["users", "reset", "rosa", "--password-stdin"], "another long password\n").returncode
        == 0
    )
    with Session(engine) as session:
        user = auth.authenticate(
            session, username="rosa", password="another long password", client="test"
        )
        assert user is not None and user.disabled_at is None
    assert "rosa\tcaseworker\tkids-in-need\tactive" in run(["users", "list"]).stdout
    assert run(["users", "disable", "nobody"]).returncode == 6


def test_serve_help(run) -> None:
    result = run(["serve", "--help"])
    assert result.returncode == 0
    assert "--host" in result.stdout and "--port" in result.stdout


def test_serve_with_workers_migrates_the_store_once_before_they_start(
    reunite_home: Path, run, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn
    from sqlalchemy import inspect

    from reunite.db.engine import make_engine
    from reunite.settings import Settings

    started: list[dict[str, object]] = []

    def fake_run(app: object, **options: object) -> None:
        engine = make_engine(Settings().resolved_database_url)
        assert "audit_event" in inspect(engine).get_table_names()  # migrated before the workers
        engine.dispose()
        started.append({"app": app, **options})

    monkeypatch.setattr(uvicorn, "run", fake_run)
    assert run(["serve", "--workers", "2"]).returncode == 0
    assert started and started[0]["workers"] == 2 and started[0]["factory"] is True
