"""Web benchmark: 50 concurrent signed-in clients on the search and family-case pages; p95 latency.

    .venv/bin/python bench/web.py --records 1000000 --clients 50 --requests 4000

Builds a synthetic store (rosters from `reunite.synth`, repeated with fresh record ids up to
--records, imported with the real `ingest_file`), opens --cases family cases for one organization,
starts `uvicorn` on 127.0.0.1 only (a child process, stopped at the end), signs each client in
through the login form, warms the search index, then sends --requests requests per page kind with
--clients clients at once. Every request has a timeout; the run is bounded by --requests.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
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
    env = {**os.environ, "REUNITE_HOME": str(home)}
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "reunite.web.app:app_from_environment",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        env=env,
    )


async def sign_in(base: str):
    import httpx

    client = httpx.AsyncClient(base_url=base, timeout=60, follow_redirects=False)
    page = await client.get("/login")
    token = CSRF.search(page.text)
    assert token, "no login form"
    done = await client.post(
        "/login", data={"username": "bench", "password": PASSWORD, "csrf_token": token.group(1)}
    )
    assert done.status_code == 303, done.status_code
    return client


async def run_load(
    base: str, clients: int, requests: int, names: list[str], cases: int, seed: int
) -> dict[str, tuple[list[float], int]]:
    rng = random.Random(seed)
    sessions = [await sign_in(base) for _ in range(clients)]
    # Warm up on every connection (a keep-alive connection stays with one worker process), so
    # every worker has built its search index before anything is timed.
    for _ in range(2):
        await asyncio.gather(
            *(s.get("/search", params={"name": rng.choice(names)}, timeout=600) for s in sessions)
        )
    jobs: list[tuple[str, str, dict[str, str] | None]] = []
    for _ in range(requests):
        jobs.append(("search", "/search", {"name": rng.choice(names)}))
        jobs.append(("family", f"/families/{rng.randint(1, cases)}", None))
    rng.shuffle(jobs)
    results: dict[str, tuple[list[float], int]] = {"search": ([], 0), "family": ([], 0)}
    queue: asyncio.Queue[tuple[str, str, dict[str, str] | None]] = asyncio.Queue()
    for job in jobs:
        queue.put_nowait(job)

    async def worker(client) -> None:
        while not queue.empty():
            kind, path, params = queue.get_nowait()
            started = time.perf_counter()
            try:
                response = await client.get(path, params=params)
                ok = response.status_code == 200
            except Exception:
                ok = False
            latencies, errors = results[kind]
            latencies.append((time.perf_counter() - started) * 1000)
            results[kind] = (latencies, errors + (0 if ok else 1))

    started = time.perf_counter()
    await asyncio.gather(*(worker(c) for c in sessions))
    results["_elapsed"] = ([time.perf_counter() - started], 0)
    for client in sessions:
        await client.aclose()
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
    parser.add_argument("--workers", type=int, default=4, help="uvicorn worker processes.")
    parser.add_argument("--seed", type=int, default=2018)
    parser.add_argument("--home", type=Path, help="Reuse (or keep) this data folder.")
    args = parser.parse_args()

    tmp = None
    if args.home is None:
        tmp = tempfile.TemporaryDirectory()
        args.home = Path(tmp.name)
    names_file = args.home / "bench-names.txt"
    if names_file.exists():
        names = names_file.read_text(encoding="utf-8").splitlines()
    else:
        args.home.mkdir(parents=True, exist_ok=True)
        names = build_store(args.home, args.records, args.cases, args.seed)
        names_file.write_text("\n".join(names), encoding="utf-8")
    port = free_port()
    server = start_server(args.home, port, args.workers)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("the server did not start") from None
                time.sleep(0.2)
        results = asyncio.run(
            run_load(base, args.clients, args.requests, names, args.cases, args.seed)
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
        if tmp is not None:
            tmp.cleanup()
    elapsed = results.pop("_elapsed")[0][0]
    print(
        f"records {args.records:,} · clients {args.clients} · uvicorn workers {args.workers} · "
        f"{sum(len(v[0]) for v in results.values()) / elapsed:,.0f} requests/s overall"
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
