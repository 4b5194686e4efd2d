"""The family model: which adult is this child's parent? Scored evidence between persons.

Unsupervised EM learns nonsense on parent–child pairs (research/names.md), so each piece of
evidence carries a fixed weight in log-odds, set from what it means in these rosters. Candidates
come only from bounded joins (shared family unit, shared apprehension event with a surname
relation, the parent's name as the child or the tracing requester gave it), never from names
searched across the whole adult population.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from reunite.normalize._tables import (
    GIVEN_NAMES,
    GIVEN_OR_SURNAME,
    KINSHIP_WORDS,
    NICKNAME_ALTERNATIVES,
    NICKNAMES,
    PARTICLES,
)
from reunite.normalize.names import canonical_given, phonetic_key

# Evidence code → (weight in log-odds, words for a caseworker).
EVIDENCE: dict[str, tuple[float, str]] = {
    "family-unit": (5.0, "same family-unit id on the apprehension log"),
    "same-event": (4.5, "apprehended together (same date and place)"),
    "family-unit-differs": (-2.0, "each carries a family-unit id, and they differ"),
    "named-by-child": (5.0, "the child's record names this parent (given name and surname)"),
    "named-both-surnames": (1.0, "the child's words give both of this adult's surnames"),
    "named-surname-only": (0.5, "the child's record names a parent with this surname"),
    "named-given-differs": (
        -1.0,
        "the child's record names a parent with this surname but another given name",
    ),
    "named-given-only": (2.0, "the child's record names a parent with this given name"),
    "relationship-consistent": (0.5, "the named relationship fits the adult's sex"),
    "relationship-inconsistent": (-4.0, "the named relationship does not fit the adult's sex"),
    "named-someone-else": (-2.5, "the child names a parent of this sex, by another name"),
    "surname-father": (2.0, "the child's first surname is the father's first surname"),
    "surname-mother": (2.0, "the child's second surname is the mother's first surname"),
    "surname-single-mother": (2.0, "the child carries both of the mother's surnames"),
    "surname-shared": (0.5, "a surname in common, not in the position a parent passes it on"),
    "surname-unrelated": (-1.5, "no surname passes from this adult to the child"),
    "age-gap-plausible": (1.0, "a plausible parent–child age gap"),
    "age-gap-implausible": (-10.0, "the age gap rules out a parent"),
    "same-country": (0.5, "same country of birth"),
    "different-country": (-2.0, "different countries of birth"),
    "same-language": (0.3, "same language"),
    "arrived-apart": (
        -3.0,
        "first recorded more than 45 days apart (e.g. a sponsor already in the US)",
    ),
    "recorded-apart": (
        -3.0,
        "both are on one roster, never within two days of each other: not apprehended together",
    ),
    "same-name-as-apprehended": (
        0.0,
        "the name of the adult apprehended with the child: maybe that parent under another record",
    ),
    "ambiguous-name": (-2.5, "another adult fits the child's words as well"),
}
OFFSET = -6.0
PROPOSE_AT = 0.85
REVIEW_AT = 0.3


@dataclass
class LinkProposal:
    parent_person_id: int
    child_person_id: int
    score: float
    evidence: list[str] = field(default_factory=list)
    # Another adult fits the child's words as well as the best one: never proposed, only reviewed.
    runner_up: bool = False

    @property
    def status(self) -> str:
        return "proposed" if self.score >= PROPOSE_AT and not self.runner_up else "review"

    def evidence_json(self) -> list[dict[str, object]]:
        return [
            {"code": code, "detail": EVIDENCE[code][1], "weight": EVIDENCE[code][0]}
            for code in self.evidence
        ]


def _register_udfs(con: duckdb.DuckDBPyConnection) -> None:
    from duckdb.sqltypes import VARCHAR

    def key(text: str | None) -> str | None:
        return phonetic_key(text.split()[0]) if text else None

    def canon(text: str | None) -> str | None:
        return canonical_given(text.split()[0]).split()[0] if text else None

    for name, fn in (("reunite_key", key), ("reunite_canon", canon)):
        with contextlib.suppress(duckdb.CatalogException, duckdb.NotImplementedException):
            con.create_function(name, fn, [VARCHAR], VARCHAR, null_handling="special")  # type: ignore[call-overload]
    with contextlib.suppress(duckdb.CatalogException, duckdb.NotImplementedException):
        con.create_function(  # type: ignore[call-overload]
            "reunite_related",
            related_keys,
            [VARCHAR, VARCHAR, VARCHAR],
            "VARCHAR[]",
            null_handling="special",
        )


def related_keys(given: str | None, paternal: str | None, maternal: str | None) -> list[str | None]:
    """[canonical given, given key, paternal key, maternal key, given, used given, paternal,
    other surname key, other names of the nickname ("|"-joined), second given name, key of the
    name a nickname stands for] of a name as a child said it.

    Kinship words are dropped ("Papá Roberto" was read as given PAPA, surname ROBERTO); when only
    they filled the given names, the first remaining word is the given name. The used given name
    is the second of José Luis or María Elena, the name the parent may be listed by (the second
    of any other compound, tried on the held-out rosters, found more namesakes than parents).
    The last item is the key of the last word when the middle word can be a second given
    name ("José Manuel Flores" is José Manuel, surname Flores, as often as José, surnames Manuel
    Flores), or of the surname without its particle (De León: León).
    """
    words = (given or "").split()
    kept = [w for w in words if w not in KINSHIP_WORDS]
    if words and not kept:
        rest = [w for part in (paternal, maternal) for w in (part or "").split()]
        rest = [w for w in rest if w not in KINSHIP_WORDS]
        kept, paternal, maternal = rest[:1], (rest[1] if len(rest) > 1 else None), None
    first = kept[0] if kept else None
    canon = canonical_given(first).split()[0] if first else None
    used = None
    if canon in ("JOSE", "MARIA") and len(kept) > 1:
        used = canonical_given(kept[1]).split()[0]
    second_surname = None
    if maternal and paternal and (paternal in GIVEN_NAMES or paternal in GIVEN_OR_SURNAME):
        second_surname = phonetic_key(maternal.split()[0])
    elif paternal and " " in paternal and paternal.split()[0] in PARTICLES:
        # "De León" as the child says it; the roster may have dropped the particle (León)
        second_surname = phonetic_key(paternal.split()[-1])
    alternatives = NICKNAME_ALTERNATIVES.get(first or "")
    second_given = canonical_given(kept[1]).split()[0] if len(kept) > 1 else None
    # the key of the name a nickname stands for (Fercho: Fernando), to find it in second place
    nickname_key = phonetic_key(canon) if canon and first and canon != first else None
    return [
        canon,
        phonetic_key(first) if first else None,
        phonetic_key(paternal) if paternal else None,
        phonetic_key(maternal) if maternal else None,
        first,
        used,
        paternal,
        second_surname,
        "|".join(alternatives) if alternatives else None,
        second_given,
        nickname_key,
    ]


# A parent named only by the child's words is looked for among adults first recorded from one
# period (of this many days) before the child's period to NAMED_BUCKETS_AFTER periods after it,
# about 20–24 days in all: a parent prosecuted first reaches ICE detention days to weeks later
# (held-out rosters: up to 15 days; a wider window only found more namesakes). It
# bounds the join at scale (common names), and a sponsor who has lived in the US for years (in no
# roster) is not pinned on a later namesake.
NAMED_WINDOW_DAYS = 4
NAMED_BUCKETS_AFTER = 4

# A named mother is looked for among women (and adults of unknown sex), a named father among men.
_SEX_FITS = (
    "(k.rel = 'parent' OR a.sex IS NULL OR a.sex = CASE k.rel WHEN 'mother' THEN 'F' ELSE 'M' END)"
)

# The surname the child carries from the named parent (a mother's is the child's second, a
# father's the first) stands second on the adult's record: the roster swapped the two.
_CARRIED_SECOND = (
    "(CASE k.rel WHEN 'mother' THEN k.s2_key = a.s2_key WHEN 'father' THEN k.s1_key = a.s2_key"
    " ELSE a.s2_key IN (k.s1_key, k.s2_key) END)"
)

# The two adults would take the same (mother or father) slot of the child.
_SAME_SLOT = "coalesce(nullif(c.parent_sex, ''), 'X') = coalesce(nullif(o.parent_sex, ''), 'X')"

# The adult goes by the second of the given names the child said, and both surnames agree.
_SECOND_GIVEN = "(k.rel_second = a.canon1 AND k.rel_s1_key = a.s1_key AND k.rel_s2_key = a.s2_key)"

CANDIDATES_SQL = """
CREATE OR REPLACE TEMP TABLE fam_rec AS
SELECT f.unique_id, m.person_id, f.role, f.source, f.sex, f.country_code, f.language_code,
       f.family_unit_id, f.event_date, f.event_place_norm, f.s1, f.s2, f.s1_key, f.s2_key,
       f.canon1, f.used_canon, f.gkey1, f.given_key_arr AS gkeys, f.given1, f.given_used,
       f.dob_year, f.dob_day,
       f.related_relationship AS rel,
       f.related_given_norm, f.related_surname_paternal, f.related_surname_maternal
FROM features f JOIN members m USING (unique_id);

CREATE OR REPLACE TEMP TABLE fam_rec AS
SELECT * EXCLUDE (related_given_norm, related_surname_paternal, related_surname_maternal, rk),
       rk[1] AS rel_canon, rk[2] AS rel_gkey, rk[3] AS rel_s1_key, rk[4] AS rel_s2_key,
       rk[5] AS rel_given, rk[6] AS rel_used, rk[7] AS rel_s1, rk[8] AS rel_alt_s1_key,
       string_split(rk[9], '|') AS rel_alts, rk[10] AS rel_second, rk[11] AS rel_nick_key,
       list_contains({known_given}, rk[5]) AS rel_given_known,
       list_contains({known_given}, given1) AS given1_known
FROM (
    SELECT *, CASE WHEN related_given_norm IS NOT NULL OR related_surname_paternal IS NOT NULL
                   THEN reunite_related(related_given_norm, related_surname_paternal,
                                        related_surname_maternal) END AS rk
    FROM fam_rec
);

-- A record whose sex contradicts its given name (Selvin written F) was mistyped: across the
-- rosters that name is at least 95 % one sex over 20 records or more. A name used by both
-- sexes (Guadalupe, Rosario) keeps what each record says.
CREATE OR REPLACE TEMP TABLE fam_name_sex AS
SELECT given1, CASE WHEN avg(CASE WHEN sex = 'F' THEN 1.0 ELSE 0.0 END) >= 0.95 THEN 'F'
                    WHEN avg(CASE WHEN sex = 'F' THEN 1.0 ELSE 0.0 END) <= 0.05 THEN 'M'
               END AS name_sex
FROM fam_rec WHERE sex IN ('F', 'M') AND given1 IS NOT NULL
GROUP BY given1 HAVING count(*) >= 20;

CREATE OR REPLACE TEMP TABLE fam_rec AS
SELECT r.* REPLACE (coalesce(ns.name_sex, r.sex) AS sex),
       min(r.event_date) OVER (PARTITION BY r.person_id) AS first_event
FROM fam_rec r LEFT JOIN fam_name_sex ns USING (given1);

CREATE OR REPLACE TEMP TABLE person_keys AS
SELECT person_id, list_distinct(list_filter(list_concat(list(s1_key), list(s2_key)), lambda x: x IS NOT NULL)) AS keys,
       list_distinct(list_filter(list(s1_key), lambda x: x IS NOT NULL)) AS s1_keys,
       -- the first surname without its particle (De León: León), for a record that dropped it
       list_distinct(list_filter(list(CASE WHEN s1 LIKE '% %'
                                           THEN reunite_key(string_split(s1, ' ')[-1])
                                           ELSE s1_key END), lambda x: x IS NOT NULL))
           AS s1_bare_keys,
       list_distinct(list_filter(list(s2_key), lambda x: x IS NOT NULL)) AS s2_keys
FROM fam_rec GROUP BY person_id;

-- A person's sex for the mother/father slot: the one most of their records give (F on a tie),
-- so that a person whose records disagree lands in the same slot on every run.
CREATE OR REPLACE TEMP TABLE person_sex AS
SELECT person_id, first(sex ORDER BY n DESC, sex) AS sex
FROM (SELECT person_id, sex, count(*) AS n FROM fam_rec
      WHERE sex IS NOT NULL AND sex <> '' GROUP BY person_id, sex)
GROUP BY person_id;

CREATE OR REPLACE TEMP TABLE fam_pairs AS
WITH kids AS (SELECT * FROM fam_rec WHERE role = 'minor'),
     adults AS (
        SELECT *, CAST(epoch(first_event) / 86400 / {window} AS BIGINT) AS bucket
        FROM fam_rec WHERE role = 'adult'
     ),
     -- children who name a parent, once per time bucket the parent may first appear in (an
     -- equi-join at scale): from a bucket before the child to {after} buckets after it (a
     -- parent prosecuted first reaches ICE detention days or weeks after the apprehension)
     named AS (
        SELECT kids.*, CAST(epoch(first_event) / 86400 / {window} AS BIGINT) + shift AS bucket
        FROM kids, (SELECT unnest(range(-1, {after} + 1)) AS shift) AS shifts
        WHERE rel IN ('mother', 'father', 'parent')
     ),
     cand AS (
        SELECT k.unique_id AS cid, a.unique_id AS aid FROM kids k JOIN adults a
          ON k.family_unit_id = a.family_unit_id
        UNION
        SELECT k.unique_id, a.unique_id
        FROM (SELECT k.*, unnest(pk.keys) AS key FROM kids k JOIN person_keys pk USING (person_id)) k
        JOIN (SELECT a.*, unnest(pk.keys) AS key FROM adults a JOIN person_keys pk USING (person_id)) a
          ON k.event_date = a.event_date AND k.event_place_norm = a.event_place_norm
         AND k.source = a.source AND k.key = a.key
        UNION
        SELECT k.unique_id, a.unique_id FROM named k JOIN adults a
          ON k.rel_s1_key = a.s1_key AND k.rel_canon = a.canon1 AND k.bucket = a.bucket
         AND {sex_fits}
        UNION
        SELECT k.unique_id, a.unique_id FROM named k JOIN adults a
          ON k.rel_s1_key = a.s1_key AND k.rel_gkey = a.gkey1 AND k.bucket = a.bucket
         AND {sex_fits}
        UNION
        -- the name the adult goes by: Chuy for José de Jesús, Fernanda for María Fernanda
        SELECT k.unique_id, a.unique_id FROM named k JOIN adults a
          ON k.rel_s1_key = a.s1_key AND k.rel_canon = a.used_canon AND k.bucket = a.bucket
         AND a.used_canon <> a.canon1 AND {sex_fits}
        UNION
        -- ... and the other way: the child says José Luis, the roster lists Luis
        SELECT k.unique_id, a.unique_id FROM named k JOIN adults a
          ON k.rel_s1_key = a.s1_key AND k.rel_used = a.canon1 AND k.bucket = a.bucket
         AND {sex_fits}
        UNION
        -- "José Manuel Flores": the middle word was a second given name, Flores the surname,
        -- or "Luis Fernando De León" where the roster dropped the particle (León)
        SELECT k.unique_id, a.unique_id FROM named k JOIN adults a
          ON k.rel_alt_s1_key = a.s1_key AND k.rel_canon = a.canon1 AND k.bucket = a.bucket
         AND {sex_fits}
        UNION
        -- the roster lists only the second given name (Carolina for Heidy Carolina): the child
        -- gave both surnames and both agree (with the first surname alone, Carlos of Juan
        -- Carlos found more namesakes than parents)
        SELECT k.unique_id, a.unique_id FROM named k JOIN adults a
          ON k.rel_second = a.canon1 AND k.rel_s1_key = a.s1_key AND k.rel_s2_key = a.s2_key
         AND k.bucket = a.bucket AND {sex_fits}
        UNION
        -- the child calls the parent by a nickname of the second given name (Fercho: Luis
        -- Fernando)
        SELECT k.unique_id, a.unique_id FROM named k JOIN adults a
          ON k.rel_s1_key = a.s1_key AND k.bucket = a.bucket AND k.rel_nick_key IS NOT NULL
         AND list_contains(a.gkeys[2:], k.rel_nick_key) AND {sex_fits}
        UNION
        -- a nickname of several names (Cata: Catalina or Catarina, Beto: Alberto or Roberto)
        SELECT k.unique_id, a.unique_id
        FROM (SELECT *, unnest(rel_alts) AS alt FROM named WHERE rel_alts IS NOT NULL) k
        JOIN adults a
          ON k.rel_s1_key = a.s1_key AND k.alt = a.canon1 AND k.bucket = a.bucket AND {sex_fits}
        UNION
        -- the roster swapped the adult's surnames (Escobar Hernández for Hernández Escobar),
        -- with at most one letter wrong in the given name (Juaan)
        SELECT k.unique_id, a.unique_id FROM named k JOIN adults a
          ON k.rel_s1_key = a.s2_key AND k.rel_s2_key = a.s1_key AND k.bucket = a.bucket
         AND (k.rel_canon = a.canon1 OR k.rel_gkey = a.gkey1
              OR (left(k.rel_given, 1) = left(a.given1, 1)
                  AND NOT (k.rel_given_known AND a.given1_known)
                  AND damerau_levenshtein(k.rel_given, a.given1) <= 1))
         AND {sex_fits}
        UNION
        -- ... and the child gave one surname, the one the child carries from this parent, which
        -- the swapped record puts second (Sofía Tzoc, mother of Edwin García Tzoc: Coj Tzoc)
        SELECT k.unique_id, a.unique_id FROM named k JOIN adults a
          ON k.rel_s1_key = a.s2_key AND k.bucket = a.bucket AND k.rel_s2_key IS NULL
         AND (k.rel_canon = a.canon1 OR k.rel_gkey = a.gkey1) AND {carried_second}
         AND {sex_fits}
        UNION
        -- one letter typed wrong in the surname (Mnédez, Tdaeo) by the roster or in the child's
        -- words: the same given name, the same first and last letters, one edit apart (the
        -- letters bound the join: at 1M records, 64k pairs)
        SELECT k.unique_id, a.unique_id FROM named k JOIN adults a
          ON k.rel_canon = a.canon1 AND left(k.rel_s1, 1) = left(a.s1, 1)
         AND right(k.rel_s1, 1) = right(a.s1, 1) AND k.bucket = a.bucket
         AND k.rel_s1_key <> a.s1_key AND abs(length(k.rel_s1) - length(a.s1)) <= 1
         AND length(a.s1) >= 4 AND damerau_levenshtein(k.rel_s1, a.s1) <= 1 AND {sex_fits}
        UNION
        -- ... or its last two letters swapped (Juarze for Juárez)
        SELECT k.unique_id, a.unique_id FROM named k JOIN adults a
          ON k.rel_canon = a.canon1 AND left(k.rel_s1, 1) = left(a.s1, 1)
         AND right(k.rel_s1, 2) = reverse(right(a.s1, 2)) AND k.bucket = a.bucket
         AND k.rel_s1_key <> a.s1_key AND length(k.rel_s1) = length(a.s1)
         AND length(a.s1) >= 4 AND damerau_levenshtein(k.rel_s1, a.s1) <= 1 AND {sex_fits}
        UNION
        -- ... or anywhere after the first letter, short Mayan surnames too (Pob for Pop), when
        -- the child gave both surnames and the second agrees
        SELECT k.unique_id, a.unique_id FROM named k JOIN adults a
          ON k.rel_canon = a.canon1 AND k.rel_s2_key = a.s2_key AND k.bucket = a.bucket
         AND left(k.rel_s1, 1) = left(a.s1, 1) AND k.rel_s1_key <> a.s1_key
         AND abs(length(k.rel_s1) - length(a.s1)) <= 1
         AND damerau_levenshtein(k.rel_s1, a.s1) <= 1 AND {sex_fits}
        UNION
        -- ... or in the given name (Ollga, or Kellla when both surnames agree), when one of the
        -- two is no given name at all: Marta is not a typo of María
        SELECT k.unique_id, a.unique_id FROM named k JOIN adults a
          ON k.rel_s1_key = a.s1_key AND left(k.rel_given, 1) = left(a.given1, 1)
         AND right(k.rel_given, 1) = right(a.given1, 1) AND k.bucket = a.bucket
         AND k.rel_gkey <> a.gkey1 AND k.rel_canon <> a.canon1
         AND NOT (k.rel_given_known AND a.given1_known)
         AND abs(length(k.rel_given) - length(a.given1)) <= 2 AND length(a.given1) >= 4
         AND least(damerau_levenshtein(k.rel_given, a.given1),
                   damerau_levenshtein(k.rel_canon, a.given1))
             <= CASE WHEN k.rel_s2_key = a.s2_key THEN 2 ELSE 1 END
         AND {sex_fits}
        UNION
        -- ... or its last two letters swapped (Maraí for María)
        SELECT k.unique_id, a.unique_id FROM named k JOIN adults a
          ON k.rel_s1_key = a.s1_key AND left(k.rel_given, 1) = left(a.given1, 1)
         AND right(k.rel_given, 2) = reverse(right(a.given1, 2)) AND k.bucket = a.bucket
         AND k.rel_canon <> a.canon1 AND NOT (k.rel_given_known AND a.given1_known)
         AND length(k.rel_given) = length(a.given1) AND length(a.given1) >= 4
         AND damerau_levenshtein(k.rel_given, a.given1) <= 1 AND {sex_fits}
        UNION
        -- the roster put the adult's surnames in the given-name field and the given name in
        -- the surname field ("LOPEZ HERNANDEZ" / "BALTAZAR")
        SELECT k.unique_id, a.unique_id FROM named k JOIN adults a
          ON k.rel_gkey = a.s1_key AND k.bucket = a.bucket
         AND list_contains(a.gkeys, k.rel_s1_key) AND {sex_fits}
        UNION
        SELECT k.unique_id, a.unique_id FROM named k JOIN adults a
          ON k.rel_gkey = a.gkey1 AND k.rel_s1_key IS NULL AND k.s1_key = a.s1_key
         AND k.bucket = a.bucket AND {sex_fits}
        UNION
        SELECT k.unique_id, a.unique_id FROM named k JOIN adults a
          ON k.rel_gkey = a.gkey1 AND k.rel_s1_key IS NULL AND k.s2_key = a.s1_key
         AND k.bucket = a.bucket AND {sex_fits}
     )
SELECT k.person_id AS child_pid, a.person_id AS parent_pid,
    coalesce(k.family_unit_id = a.family_unit_id, false) AS family_unit,
    coalesce(k.event_date = a.event_date AND k.event_place_norm = a.event_place_norm
             AND k.source = a.source, false) AS same_event,
    k.rel IN ('mother', 'father', 'parent') AS named,
    -- the adult's first surname, as the child's words give it (first, or second: the child's
    -- own surnames, or the two in swapped order)
    coalesce(a.s1_key IN (k.rel_s1_key, k.rel_s2_key, k.rel_alt_s1_key)
             OR ((length(a.s1) >= 4 OR k.rel_s2_key = a.s2_key)
                 AND left(k.rel_s1, 1) = left(a.s1, 1)
                 AND damerau_levenshtein(k.rel_s1, a.s1) <= 1)
             OR (k.rel_s1_key = a.s2_key AND k.rel_s2_key IS NULL AND {carried_second}), false)
        AS named_surname,
    -- both surnames as the child said them, in either order (López Vásquez, not López Pérez)
    coalesce(k.rel_s2_key IS NOT NULL
             AND ((k.rel_s1_key = a.s1_key AND k.rel_s2_key = a.s2_key)
                  OR (k.rel_s1_key = a.s2_key AND k.rel_s2_key = a.s1_key)), false)
        AS named_both,
    k.family_unit_id IS NOT NULL AND a.family_unit_id IS NOT NULL AS both_units,
    coalesce(k.rel_canon IN (a.canon1, a.used_canon) OR k.rel_gkey = a.gkey1
             OR k.rel_used = a.canon1 OR list_contains(k.rel_alts, a.canon1)
             OR {second_given} OR list_contains(a.gkeys[2:], k.rel_nick_key), false)
        AS named_given,
    -- the given name as the child spelled it (Maira for María)
    named_given OR coalesce(
        jaro_winkler_similarity(k.rel_given, a.given1) >= 0.88
        OR jaro_winkler_similarity(k.rel_given, a.given_used) >= 0.88
        OR (length(a.given1) >= 4 AND left(k.rel_given, 1) = left(a.given1, 1)
            AND NOT (k.rel_given_known AND a.given1_known)
            AND least(damerau_levenshtein(k.rel_given, a.given1),
                      damerau_levenshtein(k.rel_canon, a.given1))
                <= CASE WHEN k.rel_s1_key = a.s1_key AND k.rel_s2_key = a.s2_key
                        THEN 2 ELSE 1 END), false)
        AS named_given_alike,
    coalesce(k.rel_gkey = a.s1_key AND list_contains(a.gkeys, k.rel_s1_key), false)
        AS named_fields_swapped,
    k.rel_canon IS NOT NULL AS named_has_given,
    k.rel_s1_key IS NULL AS named_no_surname,
    CASE WHEN k.rel = 'mother' THEN a.sex = 'F' WHEN k.rel = 'father' THEN a.sex = 'M' END
        AS rel_fits,
    coalesce(CASE WHEN k.rel = 'mother' THEN a.sex = 'F' WHEN k.rel = 'father' THEN a.sex = 'M'
             END, true) AS fits,
    psx.sex AS parent_sex,
    abs(date_diff('day', k.first_event, a.first_event)) AS arrival_gap,
    -- (with or without a particle: De León passes León)
    coalesce(list_has_any(ak.s1_bare_keys, kk.s1_bare_keys) AND coalesce(a.sex, 'M') = 'M', false)
        AS father_surname,
    coalesce(list_has_any(ak.s1_keys, kk.s2_keys) AND coalesce(a.sex, 'F') = 'F', false)
        AS mother_surname,
    coalesce(list_has_any(ak.s1_keys, kk.s1_keys) AND list_has_any(ak.s2_keys, kk.s2_keys)
             AND coalesce(a.sex, 'F') = 'F', false) AS single_mother_surname,
    coalesce(list_has_any(ak.keys, kk.keys), false) AS shared_surname,
    a.dob_year IS NOT NULL AND k.dob_year IS NOT NULL AS ages_known,
    k.dob_year - a.dob_year AS age_gap,
    CASE WHEN k.country_code IS NULL OR a.country_code IS NULL THEN NULL
         ELSE k.country_code = a.country_code END AS same_country,
    coalesce(k.language_code = a.language_code, false) AS same_language
FROM cand JOIN kids k ON k.unique_id = cand.cid JOIN adults a ON a.unique_id = cand.aid
JOIN person_keys kk ON kk.person_id = k.person_id JOIN person_keys ak ON ak.person_id = a.person_id
LEFT JOIN person_sex psx ON psx.person_id = a.person_id
WHERE k.person_id <> a.person_id;

-- What every record of a person says, so that evidence on records that did not produce the
-- candidate (apprehended together, a birth date only on a detention row, the name the child gave
-- on another roster) still counts for the pair of persons.
CREATE OR REPLACE TEMP TABLE person_ctx AS
SELECT person_id,
    list_distinct(list(concat_ws('|', event_date, event_place_norm, source))
        FILTER (event_date IS NOT NULL AND event_place_norm IS NOT NULL)) AS events,
    list_distinct(list(family_unit_id) FILTER (family_unit_id IS NOT NULL)) AS units,
    list_distinct(list(source) FILTER (event_date IS NOT NULL)) AS sources,
    list_distinct(list(source || '|' || strftime(event_date, '%Y-%m-%d'))
        FILTER (event_date IS NOT NULL)) AS source_days,
    -- the same, two days either side
    list_distinct(flatten(list(list_transform(range(-2, 3), lambda d: source || '|'
        || strftime(event_date + d * INTERVAL 1 DAY, '%Y-%m-%d')))
        FILTER (event_date IS NOT NULL))) AS source_days_near,
    median(dob_year) AS year,
    list_distinct(list(dob_day) FILTER (dob_day IS NOT NULL)) AS days,
    list_distinct(list(left(given1, 1)) FILTER (given1 IS NOT NULL)) AS initials,
    list_distinct(list(country_code) FILTER (country_code IS NOT NULL)) AS countries,
    list_distinct(list(language_code) FILTER (language_code IS NOT NULL)) AS languages,
    list_distinct(list(canon1) FILTER (canon1 IS NOT NULL)) AS canons,
    list_distinct(list(used_canon) FILTER (used_canon IS NOT NULL)) AS useds,
    list_distinct(list(gkey1) FILTER (gkey1 IS NOT NULL)) AS gkeys,
    list(struct_pack(rel := rel, s1 := rel_s1_key, s2 := rel_s2_key, canon := rel_canon,
                     gkey := rel_gkey))
        FILTER (rel IN ('mother', 'father') AND rel_s1_key IS NOT NULL) AS named
FROM fam_rec GROUP BY person_id;

-- One row per (adult person, child person): each piece of evidence seen on any of their record
-- pairs or records. Pairs whose only link is a shared event without a surname passed on, or whose
-- age gap rules out a parent, cannot reach review and are dropped here (at 1M records they are
-- millions).
CREATE OR REPLACE TEMP TABLE fam_person AS
WITH pairs AS (
    SELECT parent_pid, child_pid, any_value(parent_sex) AS parent_sex,
        -- A name the child gives for a mother says nothing about a man, and the other way
        -- round: only a full name match of the wrong sex counts (against).
        bool_or(named AND fits AND named_surname AND named_given_alike)
            OR bool_or(named AND named_surname AND named_given)
            OR bool_or(named AND fits AND named_fields_swapped) AS named_full,
        bool_or(named AND fits AND named_both AND named_given_alike) AS named_both_surnames,
        bool_or(named AND fits AND named_surname) AS named_surname,
        bool_or(named AND fits AND named_surname AND NOT named_has_given) AS named_surname_alone,
        bool_or(named AND fits AND named_given_alike AND named_no_surname) AS named_given_only,
        bool_or(named AND rel_fits AND named_given_alike) AS rel_ok,
        bool_or(named AND NOT rel_fits AND named_surname AND named_given) AS rel_bad,
        bool_or(shared_surname) AS shared_surname,
        bool_or(single_mother_surname) AS single_mother,
        bool_or(father_surname) AS father,
        bool_or(mother_surname) AS mother,
        coalesce(bool_or(arrival_gap > 45), false) AS apart
    FROM fam_pairs GROUP BY parent_pid, child_pid
)
SELECT * FROM (
    SELECT p.*,
        coalesce(list_has_any(kc.units, ac.units), false) AS family_unit,
        -- both on one roster (the apprehension log), never within two days of each other
        coalesce(list_has_any(kc.sources, ac.sources)
                 AND NOT list_has_any(kc.source_days, ac.source_days_near), false)
            AS recorded_apart,
        coalesce(list_has_any(kc.events, ac.events), false) AS same_event,
        len(kc.units) > 0 AND len(ac.units) > 0 AND NOT list_has_any(kc.units, ac.units)
            AS unit_differs,
        -- the child names a mother (father) and nothing of that name fits this woman (man)
        coalesce(
            len(list_filter(kc.named, lambda n: coalesce(
                CASE n.rel WHEN 'mother' THEN p.parent_sex = 'F' ELSE p.parent_sex = 'M' END,
                true))) > 0
            AND NOT list_bool_or(list_transform(kc.named, lambda n: coalesce(
                CASE n.rel WHEN 'mother' THEN p.parent_sex = 'F' ELSE p.parent_sex = 'M' END,
                true) AND (list_contains(ak.s1_keys, n.s1) OR list_contains(ak.s1_keys, n.s2)
                           OR list_contains(ac.canons, n.canon) OR list_contains(ac.useds, n.canon)
                           OR list_contains(ac.gkeys, n.gkey)))),
            false) AS named_other,
        CASE WHEN kc.year IS NULL OR ac.year IS NULL THEN 0
             WHEN kc.year - ac.year BETWEEN 13 AND 60 THEN 1 ELSE 0 END AS age_ok,
        CASE WHEN kc.year IS NULL OR ac.year IS NULL THEN 0
             WHEN kc.year - ac.year BETWEEN 13 AND 60 THEN 0 ELSE 1 END AS age_bad,
        coalesce(list_has_any(kc.countries, ac.countries), false) AS country_same,
        len(kc.countries) > 0 AND len(ac.countries) > 0
            AND NOT list_has_any(kc.countries, ac.countries) AS country_diff,
        coalesce(list_has_any(kc.languages, ac.languages), false) AS language_same
    FROM pairs p JOIN person_ctx kc ON kc.person_id = p.child_pid
    JOIN person_ctx ac ON ac.person_id = p.parent_pid
    JOIN person_keys ak ON ak.person_id = p.parent_pid
)
WHERE age_bad <= age_ok
  AND (family_unit OR named_full OR named_surname_alone OR named_given_only
       OR (same_event AND (single_mother OR father OR mother OR shared_surname)));

-- An adult the child names, with the given name and first surname of an adult apprehended with
-- the child whose records give no birth date, or with the same birth day, may be that same
-- parent under another record (a detention record the identity model could not join to the
-- apprehension record for want of a birth date or for two misspellings, and the removal
-- schedule copies the detention record). The flag keeps them for review although the
-- apprehended one takes the parent's slot. With two different birth dates identity decides:
-- keeping every namesake of an apprehended parent blocked 9 % of adults with no child on the
-- held-out rosters.
CREATE OR REPLACE TEMP TABLE fam_person AS
SELECT f.*, s.parent_pid IS NOT NULL AS same_name_as_apprehended
FROM fam_person f LEFT JOIN (
    SELECT o.parent_pid, o.child_pid
    FROM fam_person o
    JOIN fam_person c ON c.child_pid = o.child_pid AND c.parent_pid <> o.parent_pid
     AND {same_slot} AND (c.family_unit OR c.same_event)
    JOIN person_ctx oc ON oc.person_id = o.parent_pid
    JOIN person_ctx cc ON cc.person_id = c.parent_pid
    JOIN person_keys ok ON ok.person_id = o.parent_pid
    JOIN person_keys ck ON ck.person_id = c.parent_pid
    WHERE o.named_full AND NOT (o.family_unit OR o.same_event) AND cc.year IS NULL
      AND list_has_any(oc.canons, cc.canons) AND list_has_any(ok.s1_bare_keys, ck.s1_bare_keys)
    UNION
    -- or the same birth day (not a 1 January placeholder) and initial: Ignasio and Igancio,
    -- born 11 July 1984, each misspelled for Ignacio. The day is a join key: at 1M records
    -- a named adult and an apprehended one of the same child are 100M pairs.
    SELECT o.parent_pid, o.child_pid
    FROM (SELECT o.*, unnest(oc.days) AS day, oc.initials FROM fam_person o
          JOIN person_ctx oc ON oc.person_id = o.parent_pid
          WHERE o.named_full AND NOT (o.family_unit OR o.same_event)) o
    JOIN (SELECT c.*, unnest(cc.days) AS day, cc.initials FROM fam_person c
          JOIN person_ctx cc ON cc.person_id = c.parent_pid
          WHERE c.family_unit OR c.same_event) c
      ON c.child_pid = o.child_pid AND c.day = o.day AND c.parent_pid <> o.parent_pid
     AND {same_slot}
    JOIN person_keys ok ON ok.person_id = o.parent_pid
    JOIN person_keys ck ON ck.person_id = c.parent_pid
    WHERE list_has_any(o.initials, c.initials) AND list_has_any(ok.s1_bare_keys, ck.s1_bare_keys)
) s USING (parent_pid, child_pid)
"""


def evidence_codes(row: Mapping[str, object]) -> list[str]:
    """The evidence of one (adult, child) person pair from its aggregated flags, strongest first."""
    codes: list[str] = []
    if row["family_unit"]:
        codes.append("family-unit")
    if row["same_event"]:
        codes.append("same-event")
    if row.get("unit_differs"):
        codes.append("family-unit-differs")
    named = ""
    if row["named_full"]:
        named = "named-by-child"
    elif row["named_surname"]:
        named = (
            "named-surname-only" if row.get("named_surname_alone", True) else "named-given-differs"
        )
    elif row["named_given_only"]:
        named = "named-given-only"
    if not named and row.get("named_other"):
        codes.append("named-someone-else")
    if named:
        codes.append(named)
        # a tie-breaker between namesakes of a parent, not a reason on its own: only when a
        # surname passes from this adult to the child
        passes = row["single_mother"] or row["father"] or row["mother"]
        if named == "named-by-child" and row.get("named_both_surnames") and passes:
            codes.append("named-both-surnames")
        if row["rel_ok"] and named != "named-surname-only":
            codes.append("relationship-consistent")
        elif row["rel_bad"]:
            codes.append("relationship-inconsistent")
    if row["single_mother"]:
        codes.append("surname-single-mother")
    elif row["father"]:
        codes.append("surname-father")
    elif row["mother"]:
        codes.append("surname-mother")
    elif row.get("shared_surname"):
        codes.append("surname-shared")
    else:
        codes.append("surname-unrelated")
    age_ok, age_bad = int(row["age_ok"] or 0), int(row["age_bad"] or 0)  # type: ignore[call-overload]
    if age_ok or age_bad:
        codes.append("age-gap-plausible" if age_ok >= age_bad else "age-gap-implausible")
    if row["country_same"]:
        codes.append("same-country")
    elif row["country_diff"]:
        codes.append("different-country")
    if row["language_same"]:
        codes.append("same-language")
    if row["apart"] and not (row["family_unit"] or row["same_event"]):
        codes.append("arrived-apart")
    elif row.get("recorded_apart") and not (row["family_unit"] or row["same_event"]):
        codes.append("recorded-apart")
    if row.get("same_name_as_apprehended"):
        codes.append("same-name-as-apprehended")
    return sorted(codes, key=_ORDER.index)


_ORDER = list(EVIDENCE)


def score(codes: list[str]) -> float:
    total = OFFSET + sum(EVIDENCE[c][0] for c in codes)
    return 1.0 / (1.0 + math.exp(-total))


def candidates_sql() -> str:
    """The candidate and evidence SQL with its parameters filled in."""
    return (
        CANDIDATES_SQL.replace("{window}", str(NAMED_WINDOW_DAYS))
        .replace("{after}", str(NAMED_BUCKETS_AFTER))
        .replace("{second_given}", _SECOND_GIVEN)
        .replace("{same_slot}", _SAME_SLOT)
        .replace("{carried_second}", _CARRIED_SECOND)
        .replace("{sex_fits}", _SEX_FITS)
        .replace("{known_given}", _KNOWN_GIVEN)
    )


# Given names and nicknames as a DuckDB list: a word in it is a name, not a typo of another.
_KNOWN_GIVEN = "[" + ", ".join(f"'{n}'" for n in sorted(GIVEN_NAMES | set(NICKNAMES))) + "]"


# fam_person columns that are not evidence flags; every other column is one.
_PAIR_COLUMNS = ("parent_pid", "child_pid", "parent_sex")


def propose_links(con: duckdb.DuckDBPyConnection) -> list[LinkProposal]:
    """Scored parent–child proposals between persons; needs tables `features` and `members`."""
    _register_udfs(con)
    for statement in candidates_sql().split(";"):
        if statement.strip():
            con.execute(statement)
    return _best_in_sql(con)


def _best_in_sql(con: duckdb.DuckDBPyConnection) -> list[LinkProposal]:
    """`_best_per_role` over the scored rows of `fam_person`, without a Python loop per row.

    At a million records there are millions of pairs but only a few hundred distinct
    combinations of flags: each combination is scored once in Python (by `evidence_codes` and
    `score`, so the evidence and scores are those of the rules above), and DuckDB keeps the best
    adult of each (child, sex) slot and the runner-up's score.
    """
    columns = [d[0] for d in con.execute("SELECT * FROM fam_person LIMIT 0").description]
    flags = [c for c in columns if c not in _PAIR_COLUMNS]
    if len(flags) > 39:
        raise ValueError("too many family evidence flags for one BIGINT code")
    # One integer per combination of flags: each flag is 0, 1 or NULL (2), in base 3.
    code = " + ".join(
        f"(CASE WHEN {c} IS NULL THEN 2 WHEN CAST({c} AS INTEGER) = 0 THEN 0 ELSE 1 END)"
        f" * {3**i}::BIGINT"
        for i, c in enumerate(flags)
    )
    combos = con.execute(
        f"SELECT DISTINCT {code} AS code, {', '.join(flags)} FROM fam_person"
    ).fetchall()
    scored: dict[int, tuple[float, list[str]]] = {}
    for values in combos:
        row = dict(zip(["code", *flags], values, strict=True))
        if row["code"] in scored:
            raise RuntimeError("two combinations of family evidence share one code")
        evidence = evidence_codes(row)
        if "age-gap-implausible" in evidence:
            continue  # siblings and namesakes of one generation are never parent and child
        value = score(evidence)
        # One scored below REVIEW_AT - AMBIGUOUS_WITHIN can change nothing (not kept, and too
        # weak to make a kept one ambiguous).
        if value < REVIEW_AT - AMBIGUOUS_WITHIN:
            continue
        scored[row["code"]] = (value, evidence)
    con.register(
        "fam_scores_df",
        pd.DataFrame(
            {
                "code": pd.Series(list(scored), dtype="int64"),
                "score": pd.Series([v for v, _ in scored.values()], dtype="float64"),
            }
        ),
    )
    # The best adult of each slot (ties to the lower person id), the best score after it, and
    # the adults as good as the best within AMBIGUOUS_WITHIN (the runners-up).
    best = con.execute(
        f"""
        SELECT parent_pid, child_pid, code, score, runner_up, rank, best_code
        FROM (
            SELECT f.parent_pid, f.child_pid, f.code, s.score,
                row_number() OVER slot AS rank,
                lead(s.score) OVER slot AS runner_up,
                first_value(s.score) OVER slot AS best_score,
                first_value(f.code) OVER slot AS best_code
            FROM (SELECT parent_pid, child_pid, parent_sex, {code} AS code FROM fam_person) f
            JOIN fam_scores_df s ON f.code = s.code
            WINDOW slot AS (
                PARTITION BY f.child_pid, coalesce(nullif(f.parent_sex, ''), 'X')
                ORDER BY s.score DESC, f.parent_pid ASC
            )
        )
        WHERE rank = 1
           OR (score >= best_score - {AMBIGUOUS_WITHIN} AND rank <= {1 + MAX_RUNNERS_UP})
        """
    ).fetchall()
    con.unregister("fam_scores_df")
    kept: list[LinkProposal] = []
    for parent, child, key, value, runner_up, rank, best_key in best:
        if rank > 1 and _CONTEXT & set(scored[best_key][1]) and _SPLIT not in scored[key][1]:
            continue  # the best was apprehended with the child: no tie on names alone
        evidence = list(scored[key][1])
        p = LinkProposal(int(parent), int(child), value, evidence, runner_up=rank > 1)
        context = _CONTEXT & set(p.evidence)
        if p.runner_up or (not context and (runner_up or 0.0) >= p.score - AMBIGUOUS_WITHIN):
            p.evidence.append("ambiguous-name")
            p.score = score(p.evidence)
        if p.score >= REVIEW_AT:
            kept.append(p)
    return sorted(kept, key=lambda p: (p.child_person_id, p.parent_person_id))


# Evidence that the adult and the child were apprehended together, not just named alike.
_CONTEXT = frozenset({"family-unit", "same-event"})
# ... and an adult who may be that same parent under another record: kept for review anyway.
_SPLIT = "same-name-as-apprehended"


AMBIGUOUS_WITHIN = 0.05
# At most this many runners-up per slot go to review (by score, then person id): a name that fits
# dozens of adults points at none of them, and would flood the queue.
MAX_RUNNERS_UP = 3


def _best_per_role(
    proposals: Iterable[LinkProposal], sexes: Mapping[int, str | None]
) -> list[LinkProposal]:
    """A child has at most one mother and one father: keep the best-scored adult of each sex.

    When the best has no context (only names), adults within AMBIGUOUS_WITHIN of it are kept too,
    for review only: a caseworker picks, and until then each of them is a possible parent. When
    it has context, only those that may be the best under another record are (same name).
    """
    slots: dict[tuple[int, str], list[LinkProposal]] = {}
    for p in proposals:
        slots.setdefault((p.child_person_id, sexes.get(p.parent_person_id) or "X"), []).append(p)
    kept: list[LinkProposal] = []
    for ranked in slots.values():
        ranked.sort(key=lambda p: (-p.score, p.parent_person_id))
        best = ranked[0]
        best_score, best_context = best.score, bool(_CONTEXT & set(best.evidence))
        for rank, p in enumerate(ranked):
            if rank > 0 and (p.score < best_score - AMBIGUOUS_WITHIN or rank > MAX_RUNNERS_UP):
                break
            if rank > 0 and best_context and _SPLIT not in p.evidence:
                continue
            following = ranked[rank + 1].score if rank + 1 < len(ranked) else 0.0
            p.runner_up = rank > 0
            context = _CONTEXT & set(p.evidence)
            if p.runner_up or (not context and following >= p.score - AMBIGUOUS_WITHIN):
                p.evidence.append("ambiguous-name")
                p.score = score(p.evidence)
            if p.score >= REVIEW_AT:
                kept.append(p)
    return sorted(kept, key=lambda p: (p.child_person_id, p.parent_person_id))
