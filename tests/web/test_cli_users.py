"""`reunite users add | disable | reset | token` and `reunite serve --help`."""

from __future__ import annotations

import contextlib
import io
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import psutil
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

    def fake_run_workers(host: str, port: int, workers: int) -> int:
        fake_run(APP, host=host, port=port, workers=workers, factory=True)
        return 0

    from reunite.web import workers as reuseport

    monkeypatch.setattr(uvicorn, "run", fake_run)
    monkeypatch.setattr(reuseport, "run_workers", fake_run_workers)
    assert run(["serve", "--workers", "2"]).returncode == 0
    assert started and started[0]["workers"] == 2 and started[0]["factory"] is True
    # Without SO_REUSEPORT balancing, uvicorn's own workers.
    started.clear()
    monkeypatch.setattr(reuseport, "balances_connections", lambda: False)
    assert run(["serve", "--workers", "2"]).returncode == 0
    assert started and started[0]["app"] == APP and started[0]["workers"] == 2


APP = "reunite.web.app:app_from_environment"


def _serve_two_workers(home: Path) -> tuple[subprocess.Popen[bytes], int, set[int]]:
    """`reunite serve --workers 2` as a real process: (the supervisor, its port, the pids of the
    workers listening on it), once both listen."""
    from reunite.web import workers as reuseport

    if not reuseport.balances_connections():
        pytest.skip("SO_REUSEPORT balancing is Linux only")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "REUNITE_HOME": str(home)}
    server = subprocess.Popen(
        [sys.executable, "-m", "reunite", "serve", "--port", str(port), "--workers", "2"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    listeners: set[int] = set()
    while len(listeners) < 2 and time.monotonic() < deadline:
        time.sleep(0.3)
        for child in psutil.Process(server.pid).children(recursive=True):
            # a helper process may come and go between the listing and the look
            with contextlib.suppress(psutil.Error):
                for c in child.net_connections(kind="tcp"):
                    if c.status == psutil.CONN_LISTEN and c.laddr.port == port:
                        listeners.add(child.pid)
    return server, port, listeners


def _running(pid: int) -> bool:
    with contextlib.suppress(psutil.Error):
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    return False


def test_reuseport_workers_share_one_port_and_stop_on_sigterm(reunite_home: Path) -> None:
    """Two real server processes on one port, each with its own socket; SIGTERM stops them all."""
    server, port, listeners = _serve_two_workers(reunite_home)
    try:
        assert len(listeners) == 2  # one listening socket in each worker
        # the worker may still be starting its app: the kernel holds the connection till then
        with socket.create_connection(("127.0.0.1", port), timeout=60) as client:
            client.sendall(b"GET /login HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
            head = b""
            while len(head) < 12 and (chunk := client.recv(64)):
                head += chunk
            assert head.startswith(b"HTTP/1.1 200")
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=30) == 0
        assert not any(_running(pid) for pid in listeners)
    finally:
        if server.poll() is None:
            server.kill()


def test_reuseport_workers_stop_when_their_supervisor_is_killed(reunite_home: Path) -> None:
    server, _, workers = _serve_two_workers(reunite_home)
    try:
        assert len(workers) == 2
    finally:
        server.send_signal(signal.SIGKILL)
        server.wait(timeout=10)
    deadline = time.monotonic() + 20
    while any(_running(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.3)
    alive = [pid for pid in workers if _running(pid)]
    for pid in alive:  # leave nothing behind, even when the test fails
        with contextlib.suppress(psutil.Error):
            psutil.Process(pid).kill()
    assert not alive
