"""The removal safeguard on held-out rosters: recall on true separated parents, CLEAR rate on the rest.

    .venv/bin/python bench/safeguard.py --families 1000 --seed 1

Writes rosters with the independent generator (bench/heldout/generate.py, which shares no code
with `reunite synth`), then runs the real commands in a scratch REUNITE_HOME: `reunite ingest` of
each roster, `reunite link`, and `reunite safeguard check schedule.csv --out decisions.csv`, where
the schedule lists every detained adult as another agency typed them. It scores the decisions
against truth/schedule.csv: every true separated parent whose child is not reunified must be
BLOCKED (recall 1.0), adults with no child in the data should be CLEAR (>= 95%), and the command
must exit 3. Also prints linkage's identity and parent–child scores on the same data, recall
split by whether the rosters hold any evidence of the parent, and the parents it missed, so a
failure can be read.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GENERATOR = ROOT / "bench" / "heldout" / "generate.py"
SOURCES = ("apprehension", "detention", "shelter", "tracing")


def reunite(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "REUNITE_HOME": str(home), "REUNITE_USER": "bench"}
    env.pop("REUNITE_DATABASE_URL", None)
    command = [sys.executable, "-m", "reunite", *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, check=False)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--families", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="Keep the rosters and the store in this folder.")
    args = parser.parse_args()

    work = args.keep or Path(tempfile.mkdtemp(prefix="reunite-safeguard-"))
    rosters, home = work / "rosters", work / "home"
    subprocess.run(
        [sys.executable, str(GENERATOR), "--families", str(args.families),
         "--seed", str(args.seed), "--out", str(rosters)],
        check=True, capture_output=True,
    )  # fmt: skip
    started = time.perf_counter()
    for source in SOURCES:
        done = reunite(home, "ingest", str(rosters / f"{source}.csv"), "--source", source, "--json")
        if done.returncode != 0:
            print(done.stdout, done.stderr, file=sys.stderr)
            return 1
        result = json.loads(done.stdout)
        assert result["accepted"] + result["quarantined"] == result["rows"], result
    linked = reunite(home, "link", "--json")
    if linked.returncode != 0:
        print(linked.stdout, linked.stderr, file=sys.stderr)
        return 1
    link_seconds = time.perf_counter() - started
    scores = json.loads(reunite(home, "evaluate", "--truth", str(rosters), "--json").stdout)

    decisions = work / "decisions.csv"
    checked = reunite(
        home, "safeguard", "check", str(rosters / "schedule.csv"), "--out", str(decisions)
    )
    with (rosters / "truth" / "schedule.csv").open(encoding="utf-8") as handle:
        truth = {r["record_id"]: r["is_separated_parent"] == "1" for r in csv.DictReader(handle)}
    with decisions.open(encoding="utf-8") as handle:
        decided = {r["record_id"]: r for r in csv.DictReader(handle)}
    parents = [rid for rid, is_parent in truth.items() if is_parent]
    others = [rid for rid, is_parent in truth.items() if not is_parent]
    blocked = [rid for rid in parents if decided[rid]["decision"] == "BLOCKED"]
    clear = [rid for rid in others if decided[rid]["decision"] == "CLEAR"]
    recall = len(blocked) / len(parents) if parents else 1.0
    clear_rate = len(clear) / len(others) if others else 1.0
    schedule_person = _schedule_persons(rosters)
    evidence = _parents_with_evidence(rosters)
    seen = [rid for rid in parents if schedule_person[rid] in evidence]
    unseen = [rid for rid in parents if schedule_person[rid] not in evidence]

    print(f"held-out rosters: {args.families} families, seed {args.seed}; work folder {work}")
    print(f"ingest + link: {link_seconds:.1f} s")
    for model in ("identity", "parent-child"):
        s = scores[model]
        print(f"{model:>12}: P {s['precision']:.4f}  R {s['recall']:.4f}  F1 {s['f1']:.4f}")
    print(f"schedule rows: {len(truth):,}; exit code {checked.returncode}")
    print(f"separated parents BLOCKED: {len(blocked):,} / {len(parents):,} (recall {recall:.4f})")
    print(f"adults with no child CLEAR: {len(clear):,} / {len(others):,} ({clear_rate:.4f})")
    # Not the floor, a reading aid: a parent the rosters say nothing about (no family-unit id, no
    # note, named by no child and no tracing request) cannot be told from a childless adult.
    for label, group in (("with evidence in the rosters", seen), ("with none", unseen)):
        hit = sum(decided[rid]["decision"] == "BLOCKED" for rid in group)
        print(f"  separated parents {label}: {hit:,} / {len(group):,} BLOCKED")
    for rid in sorted(set(parents) - set(blocked))[:20]:
        print(f"  missed parent: {rid} matched {decided[rid]['person_id'] or 'nobody'}")
    ok = recall == 1.0 and clear_rate >= 0.95 and checked.returncode == 3
    print("MUST-SHOW MET" if ok else "MUST-SHOW NOT MET")
    return 0 if ok else 1


def _schedule_persons(rosters: Path) -> dict[str, str]:
    with (rosters / "truth" / "schedule.csv").open(encoding="utf-8") as handle:
        return {r["record_id"]: r["person_id"] for r in csv.DictReader(handle)}


# What a roster row may say about a separated child, in the generator's words and the agencies'.
_SEPARATION_WORDS = ("SEPARAT", "SEPARAD", "FAMILY UNIT", "FMUA", "ZERO TOLERANCE", "PROSECUT",
                     "USMS", "PARENT", "PADRE/MADRE")  # fmt: skip
_RELATION_SEX = {"MADRE": "F", "MAMA": "F", "MAMÁ": "F", "MOTHER": "F",
                 "PADRE": "M", "PAPA": "M", "PAPÁ": "M", "FATHER": "M"}  # fmt: skip


def _parents_with_evidence(rosters: Path) -> set[str]:
    """Truth ids of parents whom some roster row points at: their own row carries a family-unit
    id, a separation or prosecution note or names a child, or a row of a child of their family
    names a parent of their sex (the shelter's words, a tracing request)."""
    with (rosters / "truth" / "people.csv").open(encoding="utf-8") as handle:
        people = {r["person_id"]: r for r in csv.DictReader(handle)}
    with (rosters / "truth" / "persons.csv").open(encoding="utf-8") as handle:
        owner = {(r["source"], r["record_id"]): r["person_id"] for r in csv.DictReader(handle)}
    found: set[str] = set()
    named: set[tuple[str, str]] = set()  # (family, sex) of parents a child's row names
    for source in SOURCES:
        with (rosters / f"{source}.csv").open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                person = people.get(owner.get((source, row["record_id"]), ""))
                if person is None:
                    continue
                if person["kind"] in ("parent", "home_parent"):
                    notes = row["notes"].upper()
                    if (
                        row["family_unit_id"]
                        or row["related_name"]
                        or any(word in notes for word in _SEPARATION_WORDS)
                    ):
                        found.add(person["person_id"])
                elif person["kind"] == "child" and row["related_name"]:
                    sex = _RELATION_SEX.get(row["related_relationship"].strip().upper())
                    if sex:
                        named.add((person["family"], sex))
    for person in people.values():
        if (
            person["kind"] in ("parent", "home_parent")
            and (person["family"], person["sex"]) in named
        ):
            found.add(person["person_id"])
    return found


if __name__ == "__main__":
    sys.exit(main())
