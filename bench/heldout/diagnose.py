"""Failure analysis of a linkage run on a held-out data set (synthetic data only).

    REUNITE_HOME=/tmp/hh1 reunite export persons --out /tmp/hh1/persons.csv
    REUNITE_HOME=/tmp/hh1 reunite export families --out /tmp/hh1/families.csv
    REUNITE_HOME=/tmp/hh1 reunite export families --include-review --out /tmp/hh1/families_review.csv
    .venv/bin/python bench/heldout/diagnose.py --data /tmp/heldout1 \
        --persons /tmp/hh1/persons.csv --families /tmp/hh1/families.csv \
        [--review /tmp/hh1/families_review.csv] [--safeguard /tmp/hh1/safeguard.csv] [--examples 3]

Uses the generator's extra truth files (truth/people.csv, truth/record_errors.csv) to say *why*
a same-person pair was missed or a false merge made, and why a parent–child link was missed or
proposed wrongly. A predicted person stands for the true person most of its records belong to.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import unicodedata
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

SOURCES = ("apprehension", "detention", "shelter", "tracing")
SHOW = ("role", "given_names", "surnames", "full_name", "birth_date", "a_number", "family_unit_id",
        "related_name", "related_relationship")  # fmt: skip


def read(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def fold(text: str) -> str:
    text = unicodedata.normalize("NFD", text or "")
    return "".join(c for c in text if unicodedata.category(c) != "Mn").lower().strip()


def digits(anum: str) -> str:
    d = re.sub(r"\D", "", anum or "")
    return d.zfill(9) if d else ""


DATE_ORDER = {"apprehension": "MDY", "detention": "ISO", "shelter": "DMY", "tracing": "DMY"}


def dob(source: str, text: str) -> str:
    """The birth date as Y-M-D, read in the order the generator writes for this source."""
    parts = re.split(r"[-/]", text or "")
    if len(parts) != 3:
        return ""
    order = DATE_ORDER[source]
    if order == "ISO":
        return "-".join(parts)
    day, month = (parts[1], parts[0]) if order == "MDY" else (parts[0], parts[1])
    return f"{parts[2]}-{month}-{day}"


class Data:
    def __init__(self, root: Path, persons: Path):
        self.rows = {(s, r["record_id"]): r for s in SOURCES for r in read(root / f"{s}.csv")}
        self.meta = {
            (r["source"], r["record_id"]): r for r in read(root / "truth" / "record_errors.csv")
        }
        self.truth = {k: m["person_id"] for k, m in self.meta.items()}
        self.people = {r["person_id"]: r for r in read(root / "truth" / "people.csv")}
        self.pred = {(r["source"], r["record_id"]): r["person_id"] for r in read(persons)}
        self.links = {
            (r["parent_person_id"], r["child_person_id"])
            for r in read(root / "truth" / "parent_child.csv")
        }
        self.by_truth: dict[str, list] = defaultdict(list)
        self.by_pred: dict[str, list] = defaultdict(list)
        for k, pid in self.truth.items():
            self.by_truth[pid].append(k)
            self.by_pred[self.pred.get(k, f"unlinked:{k}")].append(k)
        # A predicted person stands for the true person with most of its records.
        self.rep = {
            p: Counter(self.truth[k] for k in ks).most_common(1)[0][0]
            for p, ks in self.by_pred.items()
        }

    def errs(self, k) -> list[str]:
        return [e for e in self.meta[k]["errors"].split(";") if e]

    def show(self, k) -> str:
        r = self.rows[k]
        fields = " | ".join(f"{f}={r[f]}" for f in SHOW if r.get(f))
        tags = ",".join(self.errs(k)) or "-"
        return (
            f"    {k[0]}:{k[1]} [{self.meta[k]['kind']} {self.truth[k]}] {fields}  <errors: {tags}>"
        )

    def canonical(self, pid) -> str:
        p = self.people[pid]
        return fold(f"{p['given_names']} {p['surname_paternal']} {p['surname_maternal']}")


def pair_features(d: Data, a, b) -> list[str]:
    """What differs between two records of one person, as short labels."""
    ra, rb = d.rows[a], d.rows[b]
    out = []
    na, nb = digits(ra["a_number"]), digits(rb["a_number"])
    out.append(
        "anum:" + ("equal" if na and na == nb else "missing" if not na or not nb else "differs")
    )
    da, db = dob(a[0], ra["birth_date"]), dob(b[0], rb["birth_date"])
    out.append(
        "dob:" + ("equal" if da and da == db else "missing" if not da or not db else "differs")
    )
    tags = set()
    for k in (a, b):
        tags.update(
            e
            for e in d.errs(k)
            if not e.startswith("related:") and e not in ("anum-missing", "dob-missing")
        )
    out.extend(sorted(tags))
    return out


def identity(d: Data, examples: int) -> None:
    print("\n=== Identity: missed same-person pairs ===")
    total_true = Counter()
    missed_by_src = Counter()
    tag_true, tag_missed = Counter(), Counter()
    combos = Counter()
    ex: dict[str, list] = defaultdict(list)
    n_missed = 0
    for recs in d.by_truth.values():
        for a, b in combinations(sorted(recs), 2):
            src = " / ".join(sorted((a[0], b[0])))
            feats = pair_features(d, a, b)
            total_true[src] += 1
            for f in feats:
                tag_true[f] += 1
            if d.pred.get(a) != d.pred.get(b) or a not in d.pred:
                n_missed += 1
                missed_by_src[src] += 1
                for f in feats:
                    tag_missed[f] += 1
                key = ", ".join(f for f in feats if not f.startswith(("anum:equal", "dob:equal")))
                combos[key] += 1
                ex[key].append((a, b))
    print(f"missed {n_missed:,} of {sum(total_true.values()):,} true pairs")
    print("by source pair (missed / true):")
    for src, n in total_true.most_common():
        print(f"  {src:28s} {missed_by_src[src]:5d} / {n:5d}  ({missed_by_src[src] / n:.1%})")
    print("miss rate by what differs between the two records (missed / true pairs with it):")
    for tag, n in sorted(tag_true.items(), key=lambda t: -tag_missed[t[0]]):
        if tag_missed[tag]:
            print(f"  {tag:32s} {tag_missed[tag]:5d} / {n:5d}  ({tag_missed[tag] / n:.1%})")
    print("most frequent combinations among missed pairs, with examples:")
    for key, n in combos.most_common(8):
        print(f"  [{n}] {key or '(no recorded difference)'}")
        for a, b in ex[key][:examples]:
            print(d.show(a))
            print(d.show(b))

    print("\n=== Identity: false merges (records of different people in one predicted person) ===")
    kinds = Counter()
    ex2: dict[str, list] = defaultdict(list)
    n_false = 0
    for recs in d.by_pred.values():
        for a, b in combinations(sorted(recs), 2):
            ta, tb = d.truth[a], d.truth[b]
            if ta == tb:
                continue
            n_false += 1
            pa, pb = d.people[ta], d.people[tb]
            if pa["family"] and pa["family"] == pb["family"]:
                rel = "same family: " + "-".join(sorted((pa["kind"], pb["kind"])))
            elif d.canonical(ta) == d.canonical(tb):
                rel = "namesakes (same full name)"
            elif fold(pa["given_names"]).split()[0] == fold(pb["given_names"]).split()[0] and fold(
                pa["surname_paternal"]
            ) == fold(pb["surname_paternal"]):
                rel = "same first given name and paternal surname"
            else:
                rel = "other"
            rel += f" ({'-'.join(sorted((pa['kind'], pb['kind'])))})"
            kinds[rel] += 1
            ex2[rel].append((a, b))
    print(f"{n_false:,} false pairs")
    for rel, n in kinds.most_common():
        print(f"  [{n}] {rel}")
        for a, b in ex2[rel][:examples]:
            print(d.show(a))
            print(d.show(b))


def family(d: Data, families: Path, review: Path | None, examples: int) -> None:
    pred_links = {(r["parent_person_id"], r["child_person_id"]): r for r in read(families)}
    review_links = {}
    if review is not None:
        review_links = {(r["parent_person_id"], r["child_person_id"]): r for r in read(review)}
    mapped = Counter((d.rep.get(p), d.rep.get(c)) for p, c in pred_links)
    mapped_review = {(d.rep.get(p), d.rep.get(c)) for p, c in review_links}
    tp = sum(1 for k in mapped if k in d.links)
    print("\n=== Parent–child links (predicted persons mapped to their majority true person) ===")
    print(f"predicted {len(pred_links):,}, true {len(d.links):,}, correct {tp:,}")

    def sources(pid):
        return sorted({k[0] for k in d.by_truth[pid]})

    def named_by_child(parent, child):
        """Forms in which the child's shelter records name this parent's sex."""
        forms = []
        for k in sorted(d.by_truth[child], key=lambda k: k[0] != "shelter"):
            if k[0] not in ("shelter", "apprehension") or not d.rows[k]["related_name"]:
                continue
            rel = fold(d.rows[k]["related_relationship"])
            sex = "F" if rel in ("mother", "madre", "mama") else "M"
            if sex == d.people[parent]["sex"]:
                if k[0] == "shelter":
                    forms += [e[8:] for e in d.errs(k) if e.startswith("related:")]
                else:
                    forms.append("on the child's apprehension record")
        return forms

    def fu_shared(parent, child):
        fa = {d.rows[k]["family_unit_id"] for k in d.by_truth[parent] if k[0] == "apprehension"} - {
            ""
        }
        fc = {d.rows[k]["family_unit_id"] for k in d.by_truth[child] if k[0] == "apprehension"} - {
            ""
        }
        return bool(fa & fc)

    def traced_by(parent, child):
        return any(
            k[0] == "tracing"
            and fold(d.people[parent]["surname_paternal"]) in fold(d.rows[k]["related_name"])
            and fold(d.people[parent]["given_names"]).split()[0] in fold(d.rows[k]["related_name"])
            for k in d.by_truth[child]
        )

    def form_group(forms):
        if not forms:
            return "not named by the child"
        rank = [
            "on the child's apprehension record",
            "full",
            "first+both",
            "given+paternal",
            "first+paternal",
        ]
        f = min(forms, key=lambda x: rank.index(x) if x in rank else len(rank))
        if f in (
            "full",
            "first+both",
            "given+paternal",
            "first+paternal",
            "on the child's apprehension record",
        ):
            return "named by the child with given name and surname"
        if f == "given-only":
            return "named by the child with a given name only"
        return f"named by the child in an altered form ({f})"

    cats = Counter()
    in_review = Counter()
    ex: dict[str, list] = defaultdict(list)
    for parent, child in sorted(d.links):
        if (parent, child) in mapped:
            continue
        split = [p for p in (parent, child) if len({d.pred.get(k) for k in d.by_truth[p]}) > 1]
        forms = named_by_child(parent, child)
        together = "apprehension" in sources(parent) and "apprehension" in sources(child)
        fu = fu_shared(parent, child)
        if split:
            cat = "a person of the pair is split (identity miss)"
        elif not forms and not fu and not together and not traced_by(parent, child):
            cat = "no evidence in the data (not apprehended together, no family-unit id, not named)"
        elif not together:
            who = (
                f"parent not on the apprehension log (only in {'+'.join(sources(parent))})"
                if "apprehension" not in sources(parent)
                else f"child not on the apprehension log (only in {'+'.join(sources(child))})"
            )
            cat = f"{who}; " + (form_group(forms) if forms else "named only in a tracing request")
        else:
            cat = (
                "apprehended together"
                + (" with shared family-unit id" if fu else ", no shared family-unit id")
                + "; "
                + form_group(forms)
            )
        cats[cat] += 1
        in_review[cat] += (parent, child) in mapped_review
        ex[cat].append((parent, child))
    print(f"missed links: {sum(cats.values()):,}")
    for cat, n in cats.most_common():
        print(
            f"  [{n}] {cat}"
            + (f"  ({in_review[cat]} of them in the review queue)" if in_review[cat] else "")
        )
        for parent, child in ex[cat][:examples]:
            print(
                f"   parent {parent} ({d.people[parent]['kind']}, in {'+'.join(sources(parent))}) -> child {child} (in {'+'.join(sources(child))})"
            )
            for k in sorted(d.by_truth[parent])[:2] + sorted(d.by_truth[child])[:3]:
                print(d.show(k))

    wrong = Counter()
    ex2: dict[str, list] = defaultdict(list)
    for (pp, pc), row in pred_links.items():
        tp_, tc = d.rep[pp], d.rep[pc]
        if (tp_, tc) in d.links:
            continue
        P, C = d.people[tp_], d.people[tc]
        true_parents = [p for p, c in d.links if c == tc]
        codes = {e["code"] for e in json.loads(row["evidence"] or "[]")}
        first_pat = fold(f"{P['given_names'].split()[0]} {P['surname_paternal']}")
        unrecorded = [
            q
            for q in d.people.values()
            if C["family"] and q["family"] == C["family"] and q["in_rosters"] == "0"
        ]
        if tp_ == tc:
            cat = "parent and child are one true person (merge)"
        elif P["family"] and P["family"] == C["family"]:
            cat = f"same family, not this child's parent ({P['kind']})"
        elif "named-by-child" in codes and any(
            fold(f"{q['given_names'].split()[0]} {q['surname_paternal']}") == first_pat
            for q in unrecorded
        ):
            cat = "named parent is in no roster (stayed home / never recorded); a namesake adult took the link"
        elif "named-by-child" in codes:
            cat = "name given by the child matched another adult with a similar name"
        elif "family-unit" in codes:
            cat = "shared family-unit id (another family's id typed on a row)"
        elif "same-event" in codes:
            cat = "co-apprehended stranger (same date and station) sharing a surname"
        else:
            cat = f"other ({P['kind']} -> {C['kind']})"
        cat += f" [{P['kind']} -> {C['kind']}{', child has a true parent in the data' if true_parents else ''}]"
        wrong[cat] += 1
        ex2[cat].append((tp_, tc, row))
    print(f"\nfalse links: {sum(wrong.values()):,}")
    for cat, n in wrong.most_common():
        print(f"  [{n}] {cat}")
        for tp_, tc, row in ex2[cat][:examples]:
            ev = [e["code"] for e in json.loads(row["evidence"] or "[]")]
            print(f"   {tp_} -> {tc} score {row['score']} evidence {ev}")
            for k in sorted(d.by_truth[tp_])[:2] + sorted(d.by_truth[tc])[:2]:
                print(d.show(k))


def safeguard(d: Data, root: Path, decisions: Path, examples: int) -> None:
    """Compare `reunite safeguard check` decisions with truth/schedule.csv."""
    truth = {r["record_id"]: r for r in read(root / "truth" / "schedule.csv")}
    rows = {r["record_id"]: r for r in read(root / "schedule.csv")}
    table = Counter()
    missed = []
    for r in read(decisions):
        t = truth[r["record_id"]]
        sep = t["is_separated_parent"] == "1"
        table[(sep, r["decision"])] += 1
        if sep and r["decision"] != "BLOCKED":
            missed.append((r, t))
    print("\n=== Removal safeguard on schedule.csv ===")
    for sep in (True, False):
        label = "separated parents" if sep else "no child in the data"
        counts = ", ".join(f"{dec} {n}" for (s_, dec), n in sorted(table.items()) if s_ == sep)
        print(f"  {label:22s} {counts}")
    for r, t in missed[:examples]:
        row = rows[r["record_id"]]
        name = row["full_name"] or f"{row['given_names']} {row['surnames']}"
        print(
            f"    NOT BLOCKED: {r['record_id']} {name} ({t['person_id']}) -> {r['reasons'][:120]}"
        )


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--data", type=Path, required=True, help="the generated folder (with truth/)")
    ap.add_argument("--persons", type=Path, required=True, help="reunite export persons")
    ap.add_argument("--families", type=Path, required=True, help="reunite export families")
    ap.add_argument("--review", type=Path, help="reunite export families --include-review")
    ap.add_argument("--safeguard", type=Path, help="reunite safeguard check --out F.csv output")
    ap.add_argument("--examples", type=int, default=2)
    args = ap.parse_args()
    d = Data(args.data, args.persons)
    identity(d, args.examples)
    family(d, args.families, args.review, args.examples)
    if args.safeguard is not None:
        safeguard(d, args.data, args.safeguard, args.examples)


if __name__ == "__main__":
    main()
