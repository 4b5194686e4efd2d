"""Check that a held-out data set's truth covers every record of every roster and the schedule.

.venv/bin/python bench/heldout/check_truth.py /tmp/heldout1
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

SOURCES = ("apprehension", "detention", "shelter", "tracing")


def read(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def main(root: Path) -> int:
    truth = {
        (r["source"], r["record_id"]): r["person_id"] for r in read(root / "truth" / "persons.csv")
    }
    problems = 0
    seen = set()
    for src in SOURCES:
        rows = read(root / f"{src}.csv")
        ids = [r["record_id"] for r in rows if r["record_id"] != "record_id"]
        if len(ids) != len(rows):
            print(f"{src}: {len(rows) - len(ids)} repeated header rows (to be quarantined)")
        missing = [i for i in ids if (src, i) not in truth]
        dup = len(ids) - len(set(ids))
        seen.update((src, i) for i in ids)
        print(f"{src}: {len(ids)} records, {len(missing)} without truth, {dup} duplicate ids")
        problems += len(missing) + dup
    extra = set(truth) - seen
    print(f"truth rows for no record: {len(extra)}")
    persons = set(truth.values())
    links = list(read(root / "truth" / "parent_child.csv"))
    dangling = [
        x
        for x in links
        if x["parent_person_id"] not in persons or x["child_person_id"] not in persons
    ]
    print(f"parent_child: {len(links)} links, {len(dangling)} naming a person with no record")
    sched = [r["record_id"] for r in read(root / "schedule.csv")]
    st = {r["record_id"]: r for r in read(root / "truth" / "schedule.csv")}
    det_persons = {p for (s, _), p in truth.items() if s == "detention"}
    sched_persons = {st[i]["person_id"] for i in sched if i in st}
    print(
        f"schedule: {len(sched)} rows, {sum(i not in st for i in sched)} without truth, "
        f"{len(det_persons - sched_persons)} detained persons not listed, "
        f"{sum(r['is_separated_parent'] == '1' for r in st.values())} separated parents"
    )
    problems += (
        len(extra)
        + len(dangling)
        + sum(i not in st for i in sched)
        + len(det_persons - sched_persons)
    )
    print("OK" if problems == 0 else f"{problems} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
