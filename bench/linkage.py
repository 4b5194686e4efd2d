"""Linkage benchmark: Reunite against plain Splink (generic config) and the recordlinkage toolkit.

    .venv/bin/python bench/linkage.py --families 1400 14000          # ~10k and ~100k records
    .venv/bin/python bench/linkage.py --home /tmp/h1m --truth /tmp/s1m --only reunite

For each size: synthetic rosters (`reunite synth`) are ingested once into a fresh REUNITE_HOME
(not timed), then each contender runs in its own process (its peak memory is its own) on the same
stored records and is scored against the same ground truth:
- reunite:        `reunite.linkage.pipeline.run_linkage` — identity and family, training included.
- splink-generic: Splink 5 on DuckDB with the generic configuration from its documentation
                  (NameComparison, DateOfBirthComparison, exact A-number/sex/country; blocking on
                  first name + surname and on birth date), clustered at 0.9.
- recordlinkage:  the recordlinkage toolkit: blocking on surname + first name and on birth date,
                  Jaro-Winkler / exact comparisons, ECM classifier, connected components.
Only Reunite has a family model; the others report identity only. Blocking recall (the share of
true same-person pairs any prediction rule compares) is printed per rule for Reunite.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REUNITE = [sys.executable, "-m", "reunite"]


def prepare(families: int, workdir: Path, seed: int) -> tuple[Path, Path]:
    data, home = workdir / f"synth-{families}", workdir / f"home-{families}"
    subprocess.run([*REUNITE, "synth", "--families", str(families), "--out", str(data),
                    "--seed", str(seed)], check=True, capture_output=True)  # fmt: skip
    env = {"REUNITE_HOME": str(home), "PATH": "/usr/bin:/bin"}
    for source in ("apprehension", "detention", "shelter", "tracing"):
        subprocess.run([*REUNITE, "ingest", str(data / f"{source}.csv"), "--source", source,
                        "--json"], check=True, capture_output=True, env=env)  # fmt: skip
    return data, home


def _engine(home: Path):  # type: ignore[no-untyped-def]
    from reunite.db.engine import make_engine

    return make_engine(f"sqlite:///{home / 'reunite.db'}")


def _features(home: Path):  # type: ignore[no-untyped-def]
    from reunite.linkage import features

    con = features.connect(None)
    features.load_records(_engine(home), con)
    features.build_features(con)
    return con


def _identity_scores(home: Path, truth_dir: Path, clusters: dict[int, int]) -> dict[str, float]:
    from reunite.linkage.evaluate import identity_scores, read_truth

    truth, _ = read_truth(truth_dir)
    con = _features(home)
    keys = {
        u: (s, r)
        for u, s, r in con.execute("SELECT unique_id, source, record_id FROM features").fetchall()
    }
    predicted = {keys[u]: str(clusters.get(u, -u)) for u in keys}
    return identity_scores(predicted, truth).as_dict()


def run_reunite(home: Path, truth_dir: Path) -> dict[str, object]:
    from reunite.linkage.evaluate import evaluate_store
    from reunite.linkage.pipeline import run_linkage

    engine = _engine(home)
    started = time.perf_counter()
    summary = run_linkage(engine, home=home, retrain=True)
    wall = time.perf_counter() - started
    scores = evaluate_store(engine, truth_dir)
    return {"wall": wall, "identity": scores["identity"], "family": scores["parent-child"],
            "steps": summary.seconds, "records": summary.records}  # fmt: skip


def run_splink_generic(home: Path, truth_dir: Path) -> dict[str, object]:
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    con = _features(home)
    started = time.perf_counter()
    con.execute(
        "CREATE TABLE generic AS SELECT unique_id, given_norm AS first_name, "
        "trim(concat_ws(' ', s1, s2)) AS surname, CAST(birth_date_str AS VARCHAR) AS dob, "
        "a_number, sex, country_code FROM (SELECT *, CASE WHEN dob_year IS NOT NULL THEN "
        "coalesce(CAST(dob_day AS VARCHAR), dob_year || '-01-01') END AS birth_date_str FROM features)"
    )
    db_api = DuckDBAPI(con)
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.NameComparison("first_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison("dob", input_is_string=True),
            cl.DamerauLevenshteinAtThresholds("a_number", [1, 2]),
            cl.ExactMatch("sex"),
            cl.ExactMatch("country_code"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("first_name", "surname"),
            block_on("surname", "dob"),
            block_on("first_name", "dob"),
            block_on("a_number"),
        ],
    )
    linker = Linker(db_api.register("generic"), settings)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("a_number", "dob")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e7, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("first_name", "surname"), max_pairs=5e6
    )
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("dob"), max_pairs=5e6
    )
    pairs = linker.inference.predict(threshold_match_probability=0.5)
    clustered = linker.clustering.cluster_pairwise_predictions_at_threshold(pairs, 0.9)
    rows = con.execute(f"SELECT unique_id, cluster_id FROM {clustered.physical_name}").fetchall()
    wall = time.perf_counter() - started
    ids: dict[str, int] = {}
    clusters = {int(u): ids.setdefault(str(c), len(ids)) for u, c in rows}
    return {"wall": wall, "identity": _identity_scores(home, truth_dir, clusters)}


def run_recordlinkage(home: Path, truth_dir: Path) -> dict[str, object]:
    import recordlinkage as rl

    from reunite.linkage.clusters import cluster

    con = _features(home)
    started = time.perf_counter()
    df = (
        con.execute(
            "SELECT unique_id, given_norm, s1, s2, dob_str, a_number, sex, country_code FROM features"
        )
        .fetchdf()
        .set_index("unique_id")
    )
    indexer = rl.Index()
    indexer.block(["s1", "given_norm"])
    indexer.block("dob_str")
    candidates = indexer.index(df)
    compare = rl.Compare()
    compare.string("given_norm", "given_norm", method="jarowinkler", threshold=0.85, label="given")
    compare.string("s1", "s1", method="jarowinkler", threshold=0.85, label="s1")
    compare.string("s2", "s2", method="jarowinkler", threshold=0.85, label="s2")
    compare.exact("dob_str", "dob_str", label="dob")
    compare.exact("a_number", "a_number", label="a_number")
    compare.exact("sex", "sex", label="sex")
    compare.exact("country_code", "country_code", label="country")
    vectors = compare.compute(candidates, df)
    matches = rl.ECMClassifier().fit_predict(vectors)
    clusters = cluster(df.index.tolist(), [(int(a), int(b), 1.0) for a, b in matches])
    wall = time.perf_counter() - started
    return {"wall": wall, "identity": _identity_scores(home, truth_dir, clusters),
            "pairs_compared": len(candidates)}  # fmt: skip


def blocking_recall(home: Path, truth_dir: Path) -> list[tuple[str, int, float, float]]:
    """Per Reunite prediction rule: pairs it generates, its recall alone, cumulative recall."""
    import pandas as pd

    from reunite.linkage.evaluate import read_truth
    from reunite.linkage.identity import BLOCKING_RULES

    truth, _ = read_truth(truth_dir)
    con = _features(home)
    frame = con.execute("SELECT unique_id, source, record_id FROM features").fetchdf()
    frame["person"] = [truth.get((s, r), f"?{u}") for u, s, r in frame.itertuples(index=False)]
    con.register("truth_df", frame[["unique_id", "person"]])
    con.execute(
        "CREATE TABLE f AS SELECT features.*, person FROM features JOIN truth_df USING (unique_id)"
    )
    total = con.execute(
        "SELECT sum(n * (n - 1) / 2) FROM (SELECT count(*) n FROM f GROUP BY person)"
    ).fetchall()[0][0]
    out: list[tuple[str, int, float, float]] = []
    seen = "FALSE"
    for name, rule in BLOCKING_RULES:
        pairs, true_alone, true_new = con.execute(
            f"SELECT count(*), count(*) FILTER (l.person = r.person), "
            f"count(*) FILTER (l.person = r.person AND NOT coalesce({seen}, FALSE)) "
            f"FROM f l JOIN f r ON l.unique_id < r.unique_id AND {rule}"
        ).fetchall()[0]
        seen = f"({seen}) OR ({rule})" if seen != "FALSE" else f"({rule})"
        previous = out[-1][3] if out else 0.0
        out.append((name, int(pairs), true_alone / total, previous + true_new / total))
    del pd
    return out


def search_latency(home: Path, queries: int, seed: int) -> dict[str, float]:
    """Build the search index over the store, then time `queries` searches taken from real records
    (given names and surnames as written, an age, a country): p50 / p95 / max in milliseconds."""
    import random
    import statistics

    from reunite.linkage.search import SearchIndex, SearchQuery

    started = time.perf_counter()
    index = SearchIndex.from_store(_engine(home))
    build = time.perf_counter() - started
    rng = random.Random(seed)
    sample = [row for row in rng.sample(index.rows, min(queries, len(index.rows))) if row.name]
    timings: list[float] = []
    for row in sample:
        age = 2026 - row.birth_date.year if row.birth_date else None
        query = SearchQuery.from_text(name=row.name, age=age, country=row.country)
        t0 = time.perf_counter()
        index.search(query, limit=10)
        timings.append((time.perf_counter() - t0) * 1000)
    timings.sort()
    return {
        "records": len(index.rows),
        "build_s": round(build, 1),
        "p50_ms": round(statistics.median(timings), 2),
        "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 2),
        "max_ms": round(timings[-1], 2),
    }


def _child(tool: str, home: str, truth: str, queue: mp.Queue) -> None:  # type: ignore[type-arg]
    runner = {"reunite": run_reunite, "splink-generic": run_splink_generic,
              "recordlinkage": run_recordlinkage}[tool]  # fmt: skip
    try:
        result = runner(Path(home), Path(truth))
    except Exception as exc:  # a contender that fails is a result, not a crash of the bench
        result = {"error": f"{type(exc).__name__}: {exc}"[:200]}
    result["peak_gib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
    queue.put(result)


def run_tool(tool: str, home: Path, truth: Path, timeout: float) -> dict[str, object]:
    ctx = mp.get_context("spawn")
    queue: mp.Queue = ctx.Queue()  # type: ignore[type-arg]
    proc = ctx.Process(target=_child, args=(tool, str(home), str(truth), queue))
    proc.start()
    proc.join(timeout)
    if proc.is_alive():
        proc.terminate()
        return {"error": f"timed out after {timeout:.0f} s"}
    return queue.get() if not queue.empty() else {"error": f"exit code {proc.exitcode}"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, nargs="*", default=[1400, 14000])
    parser.add_argument(
        "--home", type=Path, help="An already ingested REUNITE_HOME (with --truth)."
    )
    parser.add_argument("--truth", type=Path, help="The synth folder holding truth/ for --home.")
    parser.add_argument("--only", nargs="*", default=["reunite", "splink-generic", "recordlinkage"])
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=900)
    parser.add_argument(
        "--search-queries", type=int, default=500, help="0 skips the search timing."
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="reunite-bench-") as tmp:
        setups = [(args.home, args.truth)] if args.home else [
            prepare(n, Path(tmp), args.seed) for n in args.families
        ]  # fmt: skip
        header = f"{'tool':<15}{'records':>9}{'wall s':>9}{'peak GiB':>10}{'id P':>8}{'id R':>8}{'id F1':>8}{'fam P':>8}{'fam R':>8}{'fam F1':>8}"
        rows: list[str] = []
        for data, home in setups:
            if args.home:
                data, home = args.truth, args.home
            records = None
            for line in blocking_recall(home, data):
                print(
                    f"blocking {line[0]:<50} pairs {line[1]:>12,}  recall alone {line[2]:.4f}  cumulative {line[3]:.4f}"
                )
            for tool in args.only:
                r = run_tool(tool, home, data, args.timeout)
                if "error" in r:
                    rows.append(f"{tool:<15}{'':>9}  {r['error']}")
                    continue
                records = r.get("records", records)
                ident = r["identity"]
                fam = r.get("family") or {}
                fam_cols = "".join(
                    f"{fam[k]:>8.4f}" if fam else f"{'n/a':>8}"
                    for k in ("precision", "recall", "f1")
                )  # type: ignore[index]
                rows.append(
                    f"{tool:<15}{records or '':>9}{r['wall']:>9.1f}{r['peak_gib']:>10.2f}"  # type: ignore[str-format]
                    f"{ident['precision']:>8.4f}{ident['recall']:>8.4f}{ident['f1']:>8.4f}{fam_cols}"  # type: ignore[index]
                )
                print(json.dumps({"tool": tool, **r}, default=str), file=sys.stderr)
            if args.search_queries:
                print(f"search {json.dumps(search_latency(home, args.search_queries, args.seed))}")
        print(header)
        print("\n".join(rows))


if __name__ == "__main__":
    main()
