"""Explain, in words, how the identity model weighs two records."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from reunite.errors import NotFoundError
from reunite.linkage import features, identity
from reunite.linkage.decisions import resolve_record


def explain_pair(engine: Engine, *, home: Path, ref_a: str, ref_b: str) -> dict[str, Any]:
    """Match probability, weight and the level each comparison fell in, for two records."""
    with Session(engine) as session:
        a = resolve_record(session, ref_a)
        b = resolve_record(session, ref_b)
    model = identity.model_path(home / "linkage" / "models")
    if not model.exists():
        raise NotFoundError("No trained identity model yet: run `reunite link` first")
    con = features.connect(home / "linkage")
    features.load_records(engine, con, only_ids=(a, b))
    features.build_features(con)
    linker, _ = identity.make_linker(con, home / "linkage" / "models")
    from splink import DuckDBAPI

    con.execute(f"CREATE TABLE left_rec AS SELECT * FROM features WHERE unique_id = {int(a)}")
    con.execute(f"CREATE TABLE right_rec AS SELECT * FROM features WHERE unique_id = {int(b)}")
    db_api = DuckDBAPI(con)
    scored = linker.inference.score_pair(
        db_api.register("left_rec"), db_api.register("right_rec")
    ).as_pandas_dataframe()
    row = scored.iloc[0].to_dict()
    weights = identity.level_labels(model)
    comparisons = []
    for name, levels in weights.items():
        gamma = row.get(f"gamma_{name}")
        if gamma is None:
            continue
        label, weight = levels.get(int(gamma), ("missing on one side", 0.0))
        comparisons.append({"comparison": name, "level": label, "weight": round(weight, 2)})
    con.close()
    return {
        "record_a": ref_a,
        "record_b": ref_b,
        "match_probability": float(row["match_probability"]),
        "match_weight": float(row["match_weight"]),
        "prior_weight": round(identity.prior_weight(model), 2),
        "comparisons": comparisons,
    }
