"""The identity model: are two records the same person? Splink on DuckDB, designed for these rosters."""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from typing import Any

import duckdb
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on
from splink.internals.comparison_creator import ComparisonCreator

logger = logging.getLogger(__name__)

MODEL_FAMILY = "identity"
SEED = 20181
EM_MAX_PAIRS = 5e6  # EM sampling is hash-based in Splink 5, so it stays reproducible

# Prediction blocking: each rule is bounded (no birth date alone, no surname + birth year; a common
# surname + common given name alone gave 314 million pairs at 1M records) and each was kept
# because it recovers true pairs the others miss (bench/linkage.py prints recall per rule). A rule
# for records with no birth date at all (surname key + given name) was tried and dropped: 15
# million pairs at 1M records for a few pairs at 1,000 families.
BLOCKING_RULES: tuple[tuple[str, str], ...] = (
    ("a_number", "l.a_number = r.a_number"),
    (
        "both surname keys + canonical given",
        "l.s1_key = r.s1_key AND l.s2_key = r.s2_key AND l.canon1 = r.canon1",
    ),
    (
        "surname key + canonical given + birth year",
        "l.s1_key = r.s1_key AND l.canon1 = r.canon1 AND l.dob_year = r.dob_year",
    ),
    (
        "maternal key + canonical given + birth year",
        "l.s2_key = r.s2_key AND l.canon1 = r.canon1 AND l.dob_year = r.dob_year",
    ),
    (
        "both surname keys + given initial + birth year",
        "l.s1_key = r.s1_key AND l.s2_key = r.s2_key AND l.ginit = r.ginit "
        "AND l.dob_year = r.dob_year",
    ),
    (
        "both surname keys swapped + given initial + birth year",
        "l.s1_key = r.s2_key AND l.s2_key = r.s1_key AND l.ginit = r.ginit "
        "AND l.dob_year = r.dob_year",
    ),
    (
        "surname key + canonical given + birth day and month (year off)",
        "l.s1_key = r.s1_key AND l.canon1 = r.canon1 AND l.dob_md = r.dob_md",
    ),
    ("given key + birth date", "l.gkey1 = r.gkey1 AND l.dob_str = r.dob_str"),
    ("surname key + birth date", "l.s1_key = r.s1_key AND l.dob_str = r.dob_str"),
    ("paternal/maternal key + birth date", "l.s1_key = r.s2_key AND l.dob_str = r.dob_str"),
    ("maternal/paternal key + birth date", "l.s2_key = r.s1_key AND l.dob_str = r.dob_str"),
    (
        "surname key + name they go by + birth year",
        "l.s1_key = r.s1_key AND l.used_canon = r.used_canon AND l.dob_year = r.dob_year",
    ),
    (
        "fields swapped + birth year",
        "l.s1_key = r.gkey1 AND l.gkey1 = r.s1_key AND l.dob_year = r.dob_year",
    ),
)


def _given() -> ComparisonCreator:
    return cl.CustomComparison(
        output_column_name="given",
        comparison_levels=[
            cll.NullLevel("given_norm"),
            cll.ExactMatchLevel("given_norm", term_frequency_adjustments=True),
            cll.CustomLevel(
                "list_sort(given_canon_arr_l) = list_sort(given_canon_arr_r)",
                "same names after nicknames",
            ),
            # The name a person goes by (the second of María X / José X) after nicknames.
            cll.CustomLevel("used_canon_l = used_canon_r", "same name they go by"),
            cll.CustomLevel(
                "(given_alts_l IS NOT NULL AND list_has_any(given_alts_l, given_canon_arr_r)) "
                "OR (given_alts_r IS NOT NULL AND list_has_any(given_alts_r, given_canon_arr_l))",
                "a nickname that may stand for the other's name (Beto: Alberto)",
            ),
            # Siblings share María or José far more often than one person's records disagree on
            # them: a shared distinctive name (Concha, María Concepción) is its own level.
            cll.CustomLevel(
                "list_has_any(canon_distinct_l, given_canon_arr_r)",
                "a distinctive given name in common",
            ),
            cll.CustomLevel(
                "canon1_l = canon1_r OR list_has_any(given_canon_arr_l, given_canon_arr_r)",
                "a given name in common",
            ),
            cll.CustomLevel(
                "jaro_winkler_similarity(given_used_l, given_used_r) >= 0.9",
                "given name spelled alike",
            ),
            cll.ArrayIntersectLevel("given_key_arr", 1).configure(
                label_for_charts="a given name sounds alike"
            ),
            cll.CustomLevel(
                "length(given1_l) >= 3 AND length(given1_r) >= 3 "
                "AND left(given1_l, 3) = left(given1_r, 3)",
                "given name starts alike (Rosa, Rosita)",
            ),
            cll.CustomLevel(
                "list_has_any(given_arr_l, sur_arr_r) OR list_has_any(given_arr_r, sur_arr_l)",
                "given name found among the other's surnames",
            ),
            cll.ElseLevel(),
        ],
    )


def _surnames() -> ComparisonCreator:
    return cl.CustomComparison(
        output_column_name="surnames",
        comparison_levels=[
            cll.CustomLevel("s1_l IS NULL OR s1_r IS NULL").configure(is_null_level=True),
            # Term frequency of the two surnames together: LOPEZ is common, LOPEZ ROSALES is not.
            cll.CustomLevel("s1_l = s1_r AND s2_l = s2_r", "both surnames").configure(
                tf_adjustment_column="sur_full", disable_tf_exact_match_detection=True
            ),
            cll.CustomLevel(
                "s2_l IS NOT NULL AND s2_r IS NOT NULL AND s1_l = s2_r AND s2_l = s1_r",
                "both surnames, order swapped",
            ),
            cll.CustomLevel(
                "s1_l = s1_r AND (s2_l IS NULL OR s2_r IS NULL)", "first surname, maternal missing"
            ).configure(tf_adjustment_column="s1", disable_tf_exact_match_detection=True),
            cll.ArrayIntersectLevel("sur_key_arr", 2).configure(
                label_for_charts="both surnames sound alike"
            ),
            cll.CustomLevel(
                "s1_key_l = s1_key_r AND (s2_l IS NULL OR s2_r IS NULL)",
                "first surname sounds alike, maternal missing",
            ),
            cll.CustomLevel("s1_l = s1_r", "first surname only"),
            cll.ArrayIntersectLevel("sur_arr", 1).configure(
                label_for_charts="a surname in another position"
            ),
            cll.ArrayIntersectLevel("sur_key_arr", 1).configure(
                label_for_charts="a surname sounds alike"
            ),
            cll.CustomLevel(
                "jaro_winkler_similarity(s1_l, s1_r) >= 0.88", "first surname spelled alike"
            ),
            cll.CustomLevel(
                "list_has_any(all_tokens_l, sur_arr_r) OR list_has_any(all_tokens_r, sur_arr_l)",
                "surname found in the other's given names",
            ),
            cll.ElseLevel().configure(m_probability=0.01),  # a prior, if EM never sees it
        ],
    )


def _birth_date() -> ComparisonCreator:
    return cl.CustomComparison(
        output_column_name="birth_date",
        comparison_levels=[
            cll.CustomLevel("dob_year_l IS NULL OR dob_year_r IS NULL").configure(
                is_null_level=True
            ),
            cll.CustomLevel("dob_str_l = dob_str_r", "same birth date").configure(**_fixed_m(0.85)),
            cll.CustomLevel(
                "day(dob_day_l) = month(dob_day_r) AND month(dob_day_l) = day(dob_day_r) "
                "AND year(dob_day_l) = year(dob_day_r)",
                "day and month swapped",
            ).configure(**_fixed_m(0.03)),
            cll.CustomLevel(
                "day(dob_day_l) = day(dob_day_r) AND month(dob_day_l) = month(dob_day_r) "
                "AND abs(dob_year_l - dob_year_r) = 1",
                "year off by one",
            ).configure(**_fixed_m(0.02)),
            cll.CustomLevel(
                "(dob_rough_l OR dob_rough_r) AND dob_year_l = dob_year_r",
                "same year, one date estimated",
            ).configure(**_fixed_m(0.06)),
            cll.CustomLevel(
                "abs(date_diff('day', dob_day_l, dob_day_r)) <= 31", "within a month"
            ).configure(**_fixed_m(0.01)),
            cll.CustomLevel(
                "(dob_rough_l OR dob_rough_r) AND abs(dob_year_l - dob_year_r) <= 1",
                "year within one, one date estimated",
            ).configure(**_fixed_m(0.01)),
            cll.CustomLevel("dob_year_l = dob_year_r", "same year").configure(**_fixed_m(0.005)),
            cll.CustomLevel(
                "abs(dob_year_l - dob_year_r) <= 10", "born within ten years"
            ).configure(**_fixed_m(0.012)),
            cll.ElseLevel().configure(**_fixed_m(0.003)),
        ],
    )


def _fixed_m(m: float) -> dict[str, Any]:
    # EM on these rosters mistakes namesakes (siblings, a child named after a parent) for
    # matches and learns that a different A-number or birth date is ordinary; the error rates
    # of the sources are known, so these m values are set from them instead.
    return {"m_probability": m, "fix_m_probability": True}


def _a_number() -> ComparisonCreator:
    return cl.CustomComparison(
        output_column_name="a_number",
        comparison_levels=[
            cll.NullLevel("a_number"),
            # A parent's A-number copied onto the child's record: same number, a generation
            # apart. Evidence of a family, not of one person, so it carries no weight here.
            cll.CustomLevel(
                "a_number_l = a_number_r AND abs(dob_year_l - dob_year_r) >= 12",
                "same A-number, a generation apart",
            ).configure(
                m_probability=1e-3,
                u_probability=1e-3,
                fix_m_probability=True,
                fix_u_probability=True,
            ),
            cll.ExactMatchLevel("a_number").configure(**_fixed_m(0.94)),
            cll.CustomLevel(
                "damerau_levenshtein(a_number_l, a_number_r) <= 1", "one digit off or transposed"
            ).configure(**_fixed_m(0.03)),
            cll.ElseLevel().configure(**_fixed_m(0.03)),
        ],
    )


def _simple(column: str, disagree: float) -> ComparisonCreator:
    # Fixed: EM learned that a different country of birth was impossible (weight -52), which an
    # officer's guess at nationality (or a typo) would turn into a lost link.
    return cl.CustomComparison(
        output_column_name=column,
        comparison_levels=[
            cll.NullLevel(column),
            cll.ExactMatchLevel(column).configure(**_fixed_m(1 - disagree)),
            cll.ElseLevel().configure(**_fixed_m(disagree)),
        ],
    )


def settings() -> SettingsCreator:
    """The identity model's settings (comparisons and prediction blocking)."""
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        probability_two_random_records_match=1e-4,
        comparisons=[
            _given(),
            _surnames(),
            _birth_date(),
            _a_number(),
            _simple("sex", 0.03),
            _simple("country_code", 0.05),
        ],
        blocking_rules_to_generate_predictions=[rule for _, rule in BLOCKING_RULES],  # type: ignore[misc]
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
        additional_columns_to_retain=[],
    )


def settings_fingerprint() -> str:
    """A short hash of the model design: a saved model is reused only when it matches."""
    blob = json.dumps(settings().get_settings("duckdb").as_dict(), sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:12]


def model_path(model_dir: Path) -> Path:
    return model_dir / f"{MODEL_FAMILY}-{settings_fingerprint()}.json"


def make_linker(
    con: duckdb.DuckDBPyConnection, model_dir: Path, *, retrain: bool = False
) -> tuple[Linker, bool]:
    """A linker over the `features` table: the saved model when one fits, else a freshly trained one."""
    db_api = DuckDBAPI(con)
    sdf = db_api.register("features")
    path = model_path(model_dir)
    if path.exists() and not retrain:
        return Linker(sdf, str(path), log_level=logging.ERROR), False
    linker = Linker(sdf, settings(), log_level=logging.ERROR)
    train(linker)
    model_dir.mkdir(parents=True, exist_ok=True)
    linker.misc.save_model_to_json(str(path), overwrite=True)
    return linker, True


def train(linker: Linker) -> None:
    """Fixed-seed training: λ from A-numbers, u by random sampling, m by EM on two blockings."""
    linker.training.estimate_probability_two_random_records_match(
        ["l.a_number = r.a_number"], recall=0.85
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=SEED)
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("a_number"), estimate_without_term_frequencies=True, max_pairs=EM_MAX_PAIRS
    )
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("gkey1", "dob_str"), estimate_without_term_frequencies=True, max_pairs=EM_MAX_PAIRS
    )


def predict(linker: Linker, threshold: float) -> duckdb.DuckDBPyRelation | Any:
    """Scored candidate pairs above `threshold` as a Splink dataframe."""
    return linker.inference.predict(threshold_match_probability=threshold)


def score_within(
    con: duckdb.DuckDBPyConnection, linker: Linker, groups: dict[int, int]
) -> dict[tuple[int, int], float]:
    """Match weights of every record pair inside each group (record id → group id).

    The model scores only blocked pairs; a group built from them can hold pairs it never
    compared (a father and his namesake son joined through a record with no birth date). These
    are scored here with the trained model, blocking on the group.
    """
    import pandas as pd

    if not groups:
        return {}
    con.register(
        "groups_df", pd.DataFrame({"unique_id": list(groups), "group_id": list(groups.values())})
    )
    con.execute(
        "CREATE OR REPLACE TABLE features_grouped AS SELECT f.*, g.group_id "
        "FROM features f LEFT JOIN groups_df g USING (unique_id)"
    )
    con.unregister("groups_df")
    model = linker.misc.save_model_to_json()
    model["blocking_rules_to_generate_predictions"] = [
        {"blocking_rule": "l.group_id = r.group_id", "sql_dialect": "duckdb"}
    ]
    db_api = DuckDBAPI(con)
    within = Linker(db_api.register("features_grouped"), model, log_level=logging.ERROR)
    scored = within.inference.predict()
    rows = con.execute(
        f"SELECT unique_id_l, unique_id_r, match_weight FROM {scored.physical_name}"
    ).fetchall()
    scored.drop_table_from_database_and_remove_from_cache()
    con.execute("DROP TABLE features_grouped")
    return {(a, b) if a < b else (b, a): w for a, b, w in rows}


def level_weights(model_file: Path) -> dict[str, dict[str, float]]:
    """The learned match weight of every comparison level, by comparison and level label."""
    import math

    model = json.loads(model_file.read_text())
    out: dict[str, dict[str, float]] = {}
    for comparison in model["comparisons"]:
        levels: dict[str, float] = {}
        for level in comparison["comparison_levels"]:
            if level.get("is_null_level"):
                continue
            m, u = level.get("m_probability"), level.get("u_probability")
            if m and u:
                levels[level.get("label_for_charts", level["sql_condition"])] = math.log2(m / u)
        out[comparison["output_column_name"]] = levels
    return out


def level_labels(model_file: Path) -> dict[str, dict[int, tuple[str, float]]]:
    """Comparison → gamma value → (level in words, match weight), from a saved model."""
    import math

    model = json.loads(model_file.read_text())
    out: dict[str, dict[int, tuple[str, float]]] = {}
    for comparison in model["comparisons"]:
        levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        by_gamma: dict[int, tuple[str, float]] = {}
        for gamma, level in zip(range(len(levels) - 1, -1, -1), levels, strict=True):
            m, u = level.get("m_probability"), level.get("u_probability")
            weight = math.log2(m / u) if m and u else 0.0
            by_gamma[gamma] = (level.get("label_for_charts") or level["sql_condition"], weight)
        by_gamma[-1] = ("missing on one side", 0.0)
        out[comparison["output_column_name"]] = by_gamma
    return out


def prior_weight(model_file: Path) -> float:
    import math

    p = json.loads(model_file.read_text())["probability_two_random_records_match"]
    return math.log2(p / (1 - p))
