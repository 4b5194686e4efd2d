"""Several server processes, each accepting connections on its own socket (SO_REUSEPORT).

uvicorn's `--workers` shares one listening socket between its processes: whichever wakes first
accepts a connection, and a keep-alive connection then stays on that process for good. With 50
clients on two workers we measured 39 connections on one process and 11 on the other — one core
overloaded, the other half idle, and the busy one's queue is everybody's p95. Here each process
binds its own socket to the same address with SO_REUSEPORT, and the Linux kernel spreads new
connections across the sockets by a hash of the client's address and port, whatever each process
is doing at that moment.

The parent only supervises: it starts the processes, restarts one that dies (unless it dies at
once, e.g. the port is taken), and stops them all on SIGINT or SIGTERM; a worker whose parent is
gone (killed outright) stops itself. Where SO_REUSEPORT does not
balance (not Linux), `reunite serve` keeps uvicorn's own workers.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import socket
import sys
import threading
import time
from multiprocessing.process import BaseProcess
from types import FrameType

logger = logging.getLogger(__name__)

APP = "reunite.web.app:app_from_environment"
QUICK_DEATH = 3.0  # seconds: a worker that dies this soon after starting is not restarted
BACKLOG = 2048


def balances_connections() -> bool:
    """Does this platform spread connections over SO_REUSEPORT sockets? (Linux does.)"""
    return sys.platform.startswith("linux") and hasattr(socket, "SO_REUSEPORT")


def reuseport_socket(host: str, port: int) -> socket.socket:
    """A listening socket on host:port that other processes may bind too (SO_REUSEPORT)."""
    family, kind, proto, _, address = socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
    )[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind(address)
    sock.listen(BACKLOG)
    return sock


def _stop_when_orphaned(parent: int) -> None:
    """SIGTERM this worker once its supervisor is gone (killed with SIGKILL, say): a worker must
    not keep serving, unsupervised, on a port nobody will stop."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="orphan-watch", daemon=True).start()


def _worker(host: str, port: int, parent: int) -> None:
    """One server process: its own socket, the app built from REUNITE_* variables."""
    import uvicorn

    _stop_when_orphaned(parent)
    sock = reuseport_socket(host, port)
    config = uvicorn.Config(APP, factory=True, log_level="info", access_log=False)
    uvicorn.Server(config).run(sockets=[sock])


def run_workers(host: str, port: int, workers: int) -> int:
    """Serve with `workers` processes until SIGINT or SIGTERM; the exit code."""
    context = multiprocessing.get_context("spawn")
    stopping = False

    def start() -> tuple[BaseProcess, float]:
        process = context.Process(target=_worker, args=(host, port, os.getpid()), daemon=False)
        process.start()
        return process, time.monotonic()

    def stop(_signum: int, _frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    running = [start() for _ in range(workers)]
    code = 0
    try:
        while not stopping:
            time.sleep(0.2)
            for index, (process, started) in enumerate(running):
                if process.is_alive():
                    continue
                if time.monotonic() - started < QUICK_DEATH:
                    logger.error("A server process exited at once (code %s)", process.exitcode)
                    code, stopping = 1, True
                    break
                logger.warning("A server process died (code %s); restarting", process.exitcode)
                running[index] = start()
    finally:
        for process, _ in running:
            if process.is_alive():
                process.terminate()  # SIGTERM: uvicorn finishes open requests, then exits
        for process, _ in running:
            process.join(timeout=10)
            if process.is_alive():
                process.kill()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return code
