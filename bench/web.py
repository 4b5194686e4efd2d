"""Web benchmark: 50 concurrent signed-in clients on the search and family-case pages; p95 latency.

    .venv/bin/python bench/web.py --records 1000000 --home /tmp/bench-1m --build-only
    .venv/bin/python bench/web.py --home /tmp/bench-1m --clients 50 --requests 2000 --workers 1

Builds a synthetic store (rosters from `reunite.synth`, repeated with fresh record ids up to
--records, imported with the real `ingest_file`), opens --cases family cases for one organization,
starts `uvicorn` on 127.0.0.1 only (a child process, stopped at the end), signs each client in
through the real login form, warms the search index, then sends --requests requests per page kind
with --clients clients at once, each client on its own keep-alive connection with its session
cookie. A request counts as an error unless it answers 200 with the whole page (the search page
with its results table, the case page with its actions). Every request has a timeout; the run is
bounded by --requests. With --home the store is kept and reused by later runs.

Besides latency it prints the CPU time the server and the load generator spent per request: on a
machine shared with other work the latencies depend on how much CPU the run gets, the CPU per
request does not.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import csv
import importlib.util
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

CANONICAL = [
    "record_id", "role", "given_names", "surnames", "full_name", "sex", "birth_date",
    "country_of_birth", "language", "a_number", "event_date", "event_place", "facility",
    "family_unit_id", "related_name", "related_relationship", "phone", "notes",
]  # fmt: skip
PASSWORD = "benchmark password 2026"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def build_store(home: Path, records: int, cases: int, seed: int) -> list[str]:
    """Import `records` synthetic rows, open `cases` cases, add the user; return names to search."""
    from reunite.db.engine import transaction
    from reunite.db.store import open_store
    from reunite.families import service as case_service
    from reunite.families.service import PairSpec
    from reunite.ingest.loader import ingest_file
    from reunite.settings import Settings
    from reunite.synth import generate, write
    from reunite.web import auth
    from reunite.web.data import assign_case

    settings = Settings(home=home, user="bench")
    engine = open_store(settings)
    with tempfile.TemporaryDirectory() as tmp:
        write(generate(max(200, min(20_000, records // 50)), seed=seed), Path(tmp))
        pool: list[dict[str, str]] = []
        for name in ("detention", "shelter", "apprehension", "tracing"):
            with (Path(tmp) / f"{name}.csv").open(encoding="utf-8") as handle:
                pool.extend(r for r in csv.DictReader(handle) if r["record_id"] != "record_id")
    roster = home / "bench-roster.csv"
    with roster.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(CANONICAL)
        for i in range(records):
            r = pool[i % len(pool)]
            writer.writerow([f"B{i:08d}", *(r.get(h, "") for h in CANONICAL[1:])])
    started = time.perf_counter()
    result = ingest_file(engine, path=roster, source="bench", actor="bench")
    print(
        f"imported {result.accepted:,} records in {time.perf_counter() - started:.0f} s",
        file=sys.stderr,
    )
    with transaction(engine) as session:
        auth.add_user(
            session,
            username="bench",
            role="caseworker",
            organization="bench-org",
            password=PASSWORD,
            actor="bench",
        )
        for i in range(cases):
            case = case_service.open_case(
                session,
                actor="bench",
                pairs=[
                    PairSpec(
                        parent_person_id=f"bench:B{2 * i:08d}",
                        child_person_id=f"bench:B{2 * i + 1:08d}",
                    )
                ],
            )
            assign_case(session, case_id=case.id, organization="bench-org", actor="bench")
    engine.dispose()
    names = [f"{r['given_names']} {r['surnames']}".strip() for r in pool[:2000]]
    return [n for n in names if n]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(home: Path, port: int, workers: int) -> subprocess.Popen[bytes]:
    """`reunite serve` itself, as a caseworker would start it (uvicorn with httptools and uvloop)."""
    env = {**os.environ, "REUNITE_HOME": str(home)}
    return subprocess.Popen(
        [sys.executable, "-m", "reunite", "serve", "--host", "127.0.0.1", "--port", str(port),
         "--workers", str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
    )  # fmt: skip


def wait_until_listening(server: subprocess.Popen[bytes], port: int, workers: int) -> None:
    """Until every worker listens (one socket each with SO_REUSEPORT on Linux, or uvicorn's one
    shared socket): clients that connect earlier would all land on the first worker."""
    import psutil

    deadline = time.monotonic() + 120
    while True:
        listening = set()
        with contextlib.suppress(psutil.Error):
            for process in [psutil.Process(server.pid), *psutil.Process(server.pid).children(True)]:
                with contextlib.suppress(psutil.Error):
                    for c in process.net_connections(kind="tcp"):
                        if c.status == psutil.CONN_LISTEN and c.laddr and c.laddr.port == port:
                            listening.add((process.pid, c.fd))
        if len({pid for pid, _ in listening}) >= workers:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return
            except OSError:
                pass
        if time.monotonic() > deadline or server.poll() is not None:
            raise SystemExit("the server did not start")
        time.sleep(0.2)


async def sign_in(base: str) -> str:
    """Sign in through the real login form (CSRF cookie and token); return the session cookie."""
    import httpx

    async with httpx.AsyncClient(base_url=base, timeout=60, follow_redirects=False) as client:
        page = await client.get("/login")
        token = CSRF.search(page.text)
        assert token, "no login form"
        done = await client.post(
            "/login",
            data={"username": "bench", "password": PASSWORD, "csrf_token": token.group(1)},
        )
        assert done.status_code == 303, done.status_code
        cookie = done.cookies.get("reunite_session")
        assert cookie, "no session cookie"
        return str(cookie)


class LeanClient:
    """One keep-alive HTTP/1.1 connection with the session cookie: a few dozen microseconds of
    client CPU a request (httpx costs about a millisecond), so the load generator, which shares the
    two cores with the server, takes as little of them as it can. Reads the whole response."""

    def __init__(self, host: str, port: int, cookie: str) -> None:
        self.host, self.port = host, port
        self.head = f"Host: {host}:{port}\r\nCookie: reunite_session={cookie}\r\n\r\n".encode()
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, target: str, timeout: float = 60) -> tuple[int, bytes]:
        return await asyncio.wait_for(self._get(target), timeout)

    async def _get(self, target: str) -> tuple[int, bytes]:
        request = b"GET " + target.encode() + b" HTTP/1.1\r\n" + self.head
        for attempt in (1, 2):
            reused = self.writer is not None
            if self.writer is None:
                self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
            assert self.reader is not None
            self.writer.write(request)
            try:
                head = await self.reader.readuntil(b"\r\n\r\n")
                break
            except (asyncio.IncompleteReadError, ConnectionError) as exc:
                await self.close()
                # The server closes a keep-alive connection idle for 5 s; like any HTTP client,
                # send the GET again, once, on a new connection (nothing of an answer was read).
                nothing_read = not isinstance(exc, asyncio.IncompleteReadError) or not exc.partial
                if not (reused and nothing_read and attempt == 1):
                    raise
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        if "content-length" in headers:
            body = await self.reader.readexactly(int(headers["content-length"]))
        else:  # chunked
            chunks = []
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                chunk = await self.reader.readexactly(size + 2)
                if size == 0:
                    break
                chunks.append(chunk[:-2])
            body = b"".join(chunks)
        if headers.get("connection", "").lower() == "close":
            await self.close()
        return status, body

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(Exception):
                await self.writer.wait_closed()
        self.reader = self.writer = None


# What a real page (not an error or the login page) ends with, and what each page must show.
PAGE_END = b"</html>"
MARKERS = {"search": b'id="results"', "family": b"/transition"}


def server_cpu(pid: int) -> float:
    """CPU seconds used so far by the server and its worker processes."""
    import psutil

    root = psutil.Process(pid)
    total = 0.0
    for process in [root, *root.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            times = process.cpu_times()
            total += times.user + times.system
    return total


async def run_load(
    base: str,
    clients: int,
    requests: int,
    names: list[str],
    cases: int,
    seed: int,
    server_pid: int | None = None,
) -> dict[str, tuple[list[float], int]]:
    rng = random.Random(seed)
    host, port = base.removeprefix("http://").rsplit(":", 1)
    cookies = [await sign_in(base) for _ in range(clients)]
    sessions = [LeanClient(host, int(port), c) for c in cookies]

    def search_target(name: str) -> str:
        return "/search?" + urlencode({"name": name})

    # Warm up on every connection (a keep-alive connection stays with one worker process), so
    # every worker has built its search index before anything is timed.
    for _ in range(3):
        warm = await asyncio.gather(
            *(s.get(search_target(rng.choice(names)), timeout=900) for s in sessions)
        )
        assert all(status == 200 for status, _ in warm), [status for status, _ in warm]
    jobs: list[tuple[str, str]] = []
    for _ in range(requests):
        jobs.append(("search", search_target(rng.choice(names))))
        jobs.append(("family", f"/families/{rng.randint(1, cases)}"))
    rng.shuffle(jobs)
    results: dict[str, tuple[list[float], int]] = {"search": ([], 0), "family": ([], 0)}
    queue: asyncio.Queue[tuple[str, str]] = asyncio.Queue()
    for job in jobs:
        queue.put_nowait(job)

    async def worker(client: LeanClient) -> None:
        while not queue.empty():
            kind, target = queue.get_nowait()
            started = time.perf_counter()
            try:
                status, body = await client.get(target)
                ok = status == 200 and body.rstrip().endswith(PAGE_END) and MARKERS[kind] in body
            except Exception:
                ok = False
            latencies, errors = results[kind]
            latencies.append((time.perf_counter() - started) * 1000)
            results[kind] = (latencies, errors + (0 if ok else 1))

    cpu = (server_cpu(server_pid) if server_pid else 0.0, time.process_time())
    started = time.perf_counter()
    await asyncio.gather(*(worker(c) for c in sessions))
    results["_elapsed"] = ([time.perf_counter() - started], 0)
    results["_cpu"] = (
        [
            (server_cpu(server_pid) if server_pid else 0.0) - cpu[0],
            time.process_time() - cpu[1],
        ],
        0,
    )
    for client in sessions:
        await client.close()
    return results


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--cases", type=int, default=500)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=2000, help="Per page kind.")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes.")
    parser.add_argument("--seed", type=int, default=2018)
    parser.add_argument(
        "--home",
        type=Path,
        help="Keep the built store in this folder; a later run with the same --home reuses it "
        "(--records, --cases and --seed are then read from the store's bench-store.json).",
    )
    parser.add_argument(
        "--build-only", action="store_true", help="Build the store in --home, then stop."
    )
    args = parser.parse_args()

    tmp = None
    if args.home is None:
        tmp = tempfile.TemporaryDirectory()
        args.home = Path(tmp.name)
    names_file = args.home / "bench-names.txt"
    meta_file = args.home / "bench-store.json"
    if names_file.exists() and meta_file.exists():
        names = names_file.read_text(encoding="utf-8").splitlines()
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
        args.records, args.cases, args.seed = meta["records"], meta["cases"], meta["seed"]
        print(f"reusing the store in {args.home} ({args.records:,} records)", file=sys.stderr)
    else:
        args.home.mkdir(parents=True, exist_ok=True)
        names = build_store(args.home, args.records, args.cases, args.seed)
        names_file.write_text("\n".join(names), encoding="utf-8")
        meta = {"records": args.records, "cases": args.cases, "seed": args.seed}
        meta_file.write_text(json.dumps(meta), encoding="utf-8")
    if args.build_only:
        return
    # What uvicorn's "auto" picks in `reunite serve`.
    http = "httptools" if importlib.util.find_spec("httptools") else "h11"
    loop = "uvloop" if importlib.util.find_spec("uvloop") else "asyncio"
    from reunite.db.store import open_store
    from reunite.settings import Settings

    # Upgrade a kept store once, here (as `reunite serve` does): several workers upgrading it at
    # once race on the same tables.
    open_store(Settings(home=args.home, user="bench")).dispose()
    port = free_port()
    server = start_server(args.home, port, args.workers)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_listening(server, port, args.workers)
        results = asyncio.run(
            run_load(base, args.clients, args.requests, names, args.cases, args.seed, server.pid)
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
        if tmp is not None:
            tmp.cleanup()
    elapsed = results.pop("_elapsed")[0][0]
    server_seconds, client_seconds = results.pop("_cpu")[0]
    total = sum(len(v[0]) for v in results.values())
    print(
        f"records {args.records:,} · clients {args.clients} · uvicorn workers {args.workers} "
        f"(`reunite serve`: {http}, {loop}) · "
        f"{total / elapsed:,.0f} requests/s overall · CPU per request: server "
        f"{server_seconds / total * 1000:.2f} ms, load generator "
        f"{client_seconds / total * 1000:.2f} ms · load average {os.getloadavg()[0]:.1f}"
    )
    print(
        f"{'page':<8} {'requests':>9} {'errors':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
        f"{'max ms':>8}"
    )
    for kind, (latencies, errors) in results.items():
        print(
            f"{kind:<8} {len(latencies):>9,} {errors:>7} {statistics.median(latencies):>8.1f} "
            f"{percentile(latencies, 95):>8.1f} {percentile(latencies, 99):>8.1f} "
            f"{max(latencies):>8.1f}"
        )


if __name__ == "__main__":
    main()
