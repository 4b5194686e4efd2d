"""Ingest benchmark: a canonical CSV read, normalized and stored in SQLite, against the usual tools.

    .venv/bin/python bench/ingest.py --rows 1000000

Each contender runs in its own process on the same file so its peak memory is its own:
- reunite:   `reunite.ingest.loader.ingest_file` — the real path (`reunite ingest`): encoding and
             delimiter sniffing, mapping, per-column date order, full normalization, quarantine,
             provenance, one transaction.
- pandas:    `pandas.read_csv` + `DataFrame.to_sql` into SQLite — what an analyst would write; it
             stores the text as is (no normalization, no validation, no quarantine).
- sqlite3:   `csv.reader` + `executemany` into SQLite — the raw floor; stores text only.
The file is synthetic: rows from `reunite.synth`, repeated with fresh record ids up to --rows.
"""

from __future__ import annotations

import argparse
import csv
import json
import multiprocessing as mp
import resource
import sys
import tempfile
import time
from pathlib import Path

CANONICAL = [
    "record_id", "role", "given_names", "surnames", "full_name", "sex", "birth_date",
    "country_of_birth", "language", "a_number", "event_date", "event_place", "facility",
    "family_unit_id", "related_name", "related_relationship", "phone", "notes",
]  # fmt: skip


def make_file(path: Path, rows: int, seed: int) -> None:
    """Write `rows` canonical rows built from synthetic shelter and detention rosters."""
    from reunite.synth import generate, write

    with tempfile.TemporaryDirectory() as tmp:
        write(generate(max(200, min(20_000, rows // 50)), seed=seed), Path(tmp))
        pool: list[dict[str, str]] = []
        for name in ("detention", "shelter", "apprehension", "tracing"):
            with (Path(tmp) / f"{name}.csv").open(encoding="utf-8") as handle:
                pool.extend(r for r in csv.DictReader(handle) if r["record_id"] != "record_id")
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(CANONICAL)
        for i in range(rows):
            r = pool[i % len(pool)]
            writer.writerow([f"B{i:08d}", *(r.get(h, "") for h in CANONICAL[1:])])


def _peak_mib() -> float:
    """Peak RSS of this process or of its largest worker (Reunite normalizes in one)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def run_reunite(path: str, db: str, out: mp.Queue) -> None:  # type: ignore[type-arg]
    from reunite.db.engine import make_engine
    from reunite.db.migrate import upgrade
    from reunite.ingest.loader import ingest_file

    engine = make_engine(f"sqlite:///{db}")
    upgrade(engine)
    started = time.perf_counter()
    result = ingest_file(engine, path=Path(path), source="bench", actor="bench")
    seconds = time.perf_counter() - started
    assert result.accepted + result.quarantined == result.rows
    out.put({"rows": result.rows, "seconds": seconds, "peak_mib": _peak_mib(),
             "accepted": result.accepted, "quarantined": result.quarantined})  # fmt: skip


def run_pandas(path: str, db: str, out: mp.Queue) -> None:  # type: ignore[type-arg]
    import sqlite3

    import pandas as pd

    started = time.perf_counter()
    con = sqlite3.connect(db)
    rows = 0
    for chunk in pd.read_csv(path, dtype=str, keep_default_na=False, chunksize=100_000):
        chunk.to_sql("roster", con, if_exists="append", index=False)
        rows += len(chunk)
    con.commit()
    con.close()
    out.put({"rows": rows, "seconds": time.perf_counter() - started, "peak_mib": _peak_mib()})


def run_sqlite3(path: str, db: str, out: mp.Queue) -> None:  # type: ignore[type-arg]
    import sqlite3

    started = time.perf_counter()
    con = sqlite3.connect(db)
    con.execute(f"CREATE TABLE roster ({', '.join(f'{c} TEXT' for c in CANONICAL)})")
    rows = 0
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        next(reader)
        batch: list[list[str]] = []
        for record in reader:
            batch.append(record)
            if len(batch) == 10_000:
                con.executemany(f"INSERT INTO roster VALUES ({','.join('?' * 18)})", batch)
                rows += len(batch)
                batch.clear()
        con.executemany(f"INSERT INTO roster VALUES ({','.join('?' * 18)})", batch)
        rows += len(batch)
    con.commit()
    con.close()
    out.put({"rows": rows, "seconds": time.perf_counter() - started, "peak_mib": _peak_mib()})


CONTENDERS = {
    "reunite": run_reunite,
    "pandas read_csv+to_sql": run_pandas,
    "csv+sqlite3 (floor)": run_sqlite3,
}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", choices=sorted(CONTENDERS), action="append")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "roster.csv"
        print(f"writing {args.rows:,} synthetic rows …", file=sys.stderr)
        make_file(path, args.rows, args.seed)
        size_mib = path.stat().st_size / 2**20
        ctx = mp.get_context("spawn")
        for name, func in CONTENDERS.items():
            if args.only and name not in args.only:
                continue
            queue = ctx.Queue()
            proc = ctx.Process(
                target=func, args=(str(path), str(Path(tmp) / f"{name[:6]}.db"), queue)
            )
            print(f"running {name} …", file=sys.stderr)
            proc.start()
            measured = queue.get()
            proc.join()
            measured["tool"] = name
            measured["rows_per_s"] = measured["rows"] / measured["seconds"]
            results.append(measured)
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print(f"\n{args.rows:,}-row canonical CSV ({size_mib:.0f} MiB), SQLite, one process each\n")
    print(
        "| tool | rows | wall s | rows/s | peak RSS MiB (largest process) | normalizes + validates |"
    )
    print("|---|---:|---:|---:|---:|---|")
    for r in results:
        print(f"| {r['tool']} | {r['rows']:,} | {r['seconds']:.1f} | {r['rows_per_s']:,.0f} | "
              f"{r['peak_mib']:,.0f} | {'yes' if r['tool'] == 'reunite' else 'no'} |")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
