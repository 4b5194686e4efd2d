"""The family model's candidate joins on a handful of records: a named parent is found although
the roster or the child's words have the name a little wrong (all names synthetic)."""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd
import pytest

from reunite.ingest.normalizer import _related_columns
from reunite.linkage.family import LinkProposal, propose_links
from reunite.linkage.features import RECORD_COLUMNS, build_features
from reunite.normalize.names import canonical_tokens, name_keys, parse_name

CHILD, PARENT, OTHER = 1, 2, 3


def _record(
    rid: int,
    role: str,
    given: str,
    surnames: str,
    *,
    sex: str,
    born: date,
    seen: date,
    related: str | None = None,
    relationship: str | None = None,
) -> dict[str, object]:
    name = parse_name(given, surnames)
    row: dict[str, object] = dict.fromkeys(RECORD_COLUMNS)
    row.update(
        id=rid,
        source="shelter" if role == "minor" else "detention",
        record_id=f"R{rid}",
        role=role,
        given_norm=" ".join(name.given),
        given_canon=canonical_tokens(name.given),
        given_key=name_keys(name.given),
        surname_paternal=name.paternal,
        surname_maternal=name.maternal,
        surname_key=name_keys(name.surnames),
        sex=sex,
        birth_date=born,
        birth_date_precision="day",
        birth_date_placeholder=False,
        country_code="GT",
        language_code="spa",
        event_date=seen,
        event_place_norm="PLACE" if role == "minor" else "FACILITY",
    )
    if related:
        given_norm, paternal, maternal = _related_columns(related)
        row.update(
            related_given_norm=given_norm,
            related_surname_paternal=paternal,
            related_surname_maternal=maternal,
            related_relationship=relationship,
        )
    return row


def _links(
    said: str,
    relationship: str,
    parent: tuple[str, str, str],
    background: list[dict[str, object]] | None = None,
) -> list[LinkProposal]:
    """Links proposed between a child who names a parent as `said` and one adult `parent`."""
    given, surnames, sex = parent
    rows = [
        _record(CHILD, "minor", "ANA", "LOPEZ CRUZ", sex="F", born=date(2010, 4, 29),
                seen=date(2018, 5, 27), related=said, relationship=relationship),
        _record(PARENT, "adult", given, surnames, sex=sex, born=date(1985, 2, 20),
                seen=date(2018, 6, 2)),
        # a man of another name, apprehended elsewhere: never a candidate
        _record(OTHER, "adult", "PEDRO", "DIAZ RAMOS", sex="M", born=date(1980, 1, 1),
                seen=date(2018, 6, 1)),
    ]  # fmt: skip
    return _propose(rows + (background or []))


def _propose(
    rows: list[dict[str, object]], *, same_person: dict[int, int] | None = None
) -> list[LinkProposal]:
    """The family model's links among `rows`, each its own person except as `same_person` maps
    a record id to another's person."""
    con = duckdb.connect()
    con.register("frame", pd.DataFrame(rows, columns=list(RECORD_COLUMNS)))
    con.execute("CREATE TABLE records AS SELECT * FROM frame")
    build_features(con)
    persons = pd.DataFrame(
        {"record": list(same_person or {}), "person": list((same_person or {}).values())}
    )
    con.register("same_person", persons)
    con.execute(
        "CREATE TABLE members AS SELECT unique_id, coalesce(s.person, unique_id) AS person_id"
        " FROM features f LEFT JOIN same_person s ON s.record = f.unique_id"
    )
    return propose_links(con)


@pytest.mark.parametrize(
    ("said", "relationship", "parent"),
    [
        # the roster swapped the mother's surnames
        ("Ana Lucía Cruz Hernández", "mother", ("ANA LUCIA", "HERNANDEZ CRUZ", "F")),
        # one letter wrong in the roster's surname, or in the child's words
        ("Ana Cruz Hernández", "mother", ("ANA", "CRUS HERNANDEZ", "F")),
        ("Marta Mendez", "mother", ("MARTA", "MNEDEZ GARCIA", "F")),
        ("Rigoberto Meia Zelaya", "father", ("RIGOBERTO", "MEJIA ZELAYA", "M")),
        # one letter wrong in the given name; two when both surnames agree
        ("Olga Argueta", "mother", ("OLLGA", "ARGUETA HENRIQUEZ", "F")),
        ("Kellla Rodriguez Murillo", "mother", ("KEYLA", "RODRIGUEZ MURILLO", "F")),
        # the middle word was a second given name
        ("José Manuel Flores", "father", ("JOSE MANUEL", "FLORES RIVERA", "M")),
        # given names and surnames in each other's fields on the roster
        ("Baltazar Hernández", "father", ("LOPEZ HERNANDEZ", "BALTAZAR", "M")),
        # the roster dropped the particle
        ("Luis Fernando De León", "father", ("LUIS FERNANDO", "LEON PEREZ", "M")),
        # a nickname
        ("Cande Cruz", "mother", ("CANDELARIA", "CRUZ MARTINEZ", "F")),
        # two given names and no surname: the child's second surname is the mother's
        ("Ana Lucía", "mother", ("ANA LUCIA", "CRUZ HERNANDEZ", "F")),
        # a nickname, and another spelling of the full name
        ("Jaqui Cruz", "mother", ("JACKELINE", "CRUZ AGUILAR", "F")),
        # the last two letters of the surname swapped
        ("Rosa Juárez", "mother", ("ROSA ELVIRA", "JUARZE SANCHEZ", "F")),
        # surnames swapped and one letter wrong in the given name
        ("Juaan Cruz Hernández", "mother", ("JUANA", "HERNANDEZ CRUZ", "F")),
        # a nickname of two names (Catalina, Catarina)
        ("Cata Cruz", "mother", ("CATARINA", "CRUZ PEREZ", "F")),
        # a nickname, and the roster's typo in the full name (Anita: Ana, Anaa)
        ("Anita Cruz", "mother", ("ANAA LUCIA", "CRUZ HERNANDEZ", "F")),
        # the last two letters of the given name swapped in the child's words
        ("Maraí José Alvarado Portillo", "mother", ("MARIA JOSE", "ALBARADO PORTILLO", "F")),
        # a short Mayan surname spelled another way, the second surname agreeing
        ("Ingrid Pop Tiul", "mother", ("INGRID", "POB TIUL", "F")),
        # the roster swapped the surnames, and the child gave the one she carries from her mother
        ("Ana Cruz", "mother", ("ANA", "HERNANDEZ CRUZ", "F")),
        # the child calls the father by a nickname of his second given name
        ("Fercho Ical", "father", ("LUIS FERNANDO", "ICAL GARCIA", "M")),
        # the roster lists only the second given name, both surnames agree
        ("Heidy Carolina Monterroso Galicia", "mother", ("CAROLINA", "MONTERROSO GALICIA", "F")),
    ],
)
def test_a_named_parent_is_found_despite_a_small_difference(
    said: str, relationship: str, parent: tuple[str, str, str]
) -> None:
    links = _links(said, relationship, parent)
    assert [(p.parent_person_id, p.child_person_id) for p in links] == [(PARENT, CHILD)]
    assert links[0].status in ("proposed", "review")


@pytest.mark.parametrize(
    ("said", "relationship", "parent"),
    [
        # two letters apart in the surname is another family
        ("Marta Mendez", "mother", ("MARTA", "MUNOZ GARCIA", "F")),
        # same letters, another first letter: Hernández is not Fernández
        ("Marta Hernandez", "mother", ("MARTA", "FERNANDEZ GARCIA", "F")),
        # Marta is not a typo of María: both are names
        ("María Argueta", "mother", ("MARTA", "ARGUETA HENRIQUEZ", "F")),
        # a mother's name never finds a man
        ("Ana Cruz Hernández", "mother", ("ANA", "CRUS HERNANDEZ", "M")),
        # another last letter, not two letters swapped
        ("Marta Mendez", "mother", ("MARTA", "MENDEL GARCIA", "F")),
        # a short surname one letter off, and the second surname differs too
        ("Ingrid Pop Tiul", "mother", ("INGRID", "POB CAAL", "F")),
        # the child's surname is the adult's second, but the child gave two: no swap
        ("Ana Cruz Pérez", "mother", ("ANA", "HERNANDEZ CRUZ", "F")),
        # ... and a man's second surname is not the one a child carries from the mother
        ("Ana Cruz", "father", ("ANA", "HERNANDEZ CRUZ", "M")),
        # the second given name with one surname only: too many namesakes
        ("Juan Carlos Monterroso", "father", ("CARLOS", "MONTERROSO GALICIA", "M")),
    ],
)
def test_a_different_name_is_not_a_candidate(
    said: str, relationship: str, parent: tuple[str, str, str]
) -> None:
    assert _links(said, relationship, parent) == []


def test_a_record_whose_sex_contradicts_its_given_name_still_fits_the_named_father() -> None:
    # Selvin is a man's name in these rosters (20 other records, a year later: no candidates)
    others = [
        _record(100 + i, "adult", "SELVIN", "TUM CHOC", sex="M", born=date(1980, 1, 1),
                seen=date(2019, 6, 1))
        for i in range(20)
    ]  # fmt: skip
    said = "Ramírez Hernández, Selvin"
    mistyped = ("SELVIN", "RAMIREZ", "F")
    assert _links(said, "father", mistyped) == []  # too few records to know the name's sex
    links = _links(said, "father", mistyped, background=others)
    assert [(p.parent_person_id, p.child_person_id) for p in links] == [(PARENT, CHILD)]


@pytest.mark.parametrize(
    ("child", "said", "apprehended", "detained"),
    [
        ("LOPEZ GARCIA", "Kevin López Méndez", ("KEVIN", "LOPEZ"), ("KEVIN JOSUE", "LOPEZ MENDEZ")),
        # the detention record dropped the particle
        ("DE LEON JUAREZ", "Luis Fernando De León", ("LUIS FERNANDO", "DE LEON PEREZ"),
         ("LUIS FERNANDO", "LEON PEREZ")),
    ],
)  # fmt: skip
def test_a_parent_split_into_two_persons_keeps_both_halves_for_the_child(
    child: str, said: str, apprehended: tuple[str, str], detained: tuple[str, str]
) -> None:
    """Apprehended with the child under a record with no birth date, detained under another that
    linkage could not join: the detention half is kept for review, not dropped as a namesake."""
    born, seen = date(1986, 4, 13), date(2018, 5, 16)
    rows = [
        _record(1, "minor", "KARLA", child, sex="F", born=date(2017, 11, 19), seen=seen),
        _record(2, "minor", "KARLA", child, sex="F", born=date(2017, 11, 19),
                seen=date(2018, 5, 19), related=said, relationship="father"),
        _record(3, "adult", *apprehended, sex="M", born=born, seen=seen),
        _record(4, "adult", *detained, sex="M", born=born, seen=date(2018, 5, 18)),
        # a man of another surname detained the same days: not a candidate
        _record(5, "adult", "KEVIN", "PEREZ MENDEZ", sex="M", born=born, seen=date(2018, 5, 18)),
    ]  # fmt: skip
    for row in (rows[0], rows[2]):  # apprehended together, one family unit
        row.update(source="apprehension", event_place_norm="MCALLEN TX", family_unit_id="FU-1")
    rows[2].update(birth_date=None, birth_date_precision=None)
    proposed = _propose(rows, same_person={2: 1})  # the child's two records: one person
    links = {(p.parent_person_id, p.child_person_id): p for p in proposed}
    assert set(links) == {(3, 1), (4, 1)}
    assert links[(3, 1)].status == "proposed"
    assert links[(4, 1)].status == "review"
    assert "same-name-as-apprehended" in links[(4, 1)].evidence


@pytest.mark.parametrize(
    ("detained_born", "kept"), [(date(1984, 7, 11), True), (date(1979, 3, 2), False)]
)
def test_a_parent_split_by_two_misspellings_is_kept_when_the_birth_day_agrees(
    detained_born: date, kept: bool
) -> None:
    """Apprehended with the child as Ignasio, detained as Igancio (both for Ignacio), the same
    birth day on both records: the detention half stays for review. Another birth day is a
    namesake, and the apprehended parent keeps the slot alone."""
    seen = date(2018, 6, 15)
    rows = [
        _record(1, "minor", "JUAN", "LOPEZ REYES", sex="M", born=date(2006, 10, 12), seen=seen),
        _record(2, "minor", "JUAN", "LOPEZ REYES", sex="M", born=date(2006, 10, 12),
                seen=date(2018, 6, 18), related="Ignacio López Murillo", relationship="father"),
        _record(3, "adult", "IGNASIO", "LOPEZ", sex="M", born=date(1984, 7, 11), seen=seen),
        _record(4, "adult", "IGANCIO", "LOPEZ MURILLO", sex="M", born=detained_born,
                seen=date(2018, 6, 19)),
    ]  # fmt: skip
    for row in (rows[0], rows[2]):  # apprehended together, one family unit
        row.update(source="apprehension", event_place_norm="MCALLEN TX", family_unit_id="FU-1")
    links = {(p.parent_person_id, p.child_person_id): p for p in _propose(rows, same_person={2: 1})}
    assert links[(3, 1)].status == "proposed"
    assert ((4, 1) in links) is kept
    if kept:
        assert "same-name-as-apprehended" in links[(4, 1)].evidence


def test_a_namesake_apprehended_on_another_day_does_not_tie_with_the_parent() -> None:
    """The child names "José López"; two men of that name are detained. One is on the
    apprehension log six days after the child: not apprehended with the child, he no longer ties
    with the other and makes the link ambiguous."""
    seen = date(2018, 5, 2)
    child = [
        _record(1, "minor", "ANA", "LOPEZ CRUZ", sex="F", born=date(2012, 3, 3), seen=seen),
        _record(2, "minor", "ANA", "LOPEZ CRUZ", sex="F", born=date(2012, 3, 3),
                seen=date(2018, 5, 4), related="José López", relationship="father"),
    ]  # fmt: skip
    detained = _record(3, "adult", "JOSE", "LOPEZ MORALES", sex="M", born=date(1984, 1, 1),
                       seen=date(2018, 5, 9))  # fmt: skip
    namesake = _record(4, "adult", "JOSE", "LOPEZ MAQUIN", sex="M", born=date(1983, 6, 6),
                       seen=date(2018, 5, 8))  # fmt: skip
    child[0].update(source="apprehension", event_place_norm="MCALLEN TX")
    namesake.update(source="apprehension", event_place_norm="YUMA AZ")
    links = {
        p.parent_person_id: p for p in _propose([*child, detained, namesake], same_person={2: 1})
    }
    assert list(links) == [3]
    assert links[3].status == "proposed" and "ambiguous-name" not in links[3].evidence
    # alone, the namesake stays a possible father for review, with the reason against him
    [alone] = _propose([*child, namesake], same_person={2: 1})
    assert alone.status == "review" and "recorded-apart" in alone.evidence


def test_both_surnames_the_child_gave_rank_the_parent_first_among_namesakes() -> None:
    """The child says "María López Vásquez"; four other María López are detained the same week.
    Namesakes who fit the child's words as well are kept for review, at most four in all: the
    second surname ranks the mother first, where the person ids alone would have left her out."""
    seen = date(2018, 5, 17)
    child = _record(1, "minor", "CONCEPCION", "GALICIA LOPEZ", sex="F", born=date(2008, 10, 15),
                    seen=seen, related="María López Vásquez", relationship="mother")  # fmt: skip
    namesakes = [
        _record(rid, "adult", "MARIA", f"LOPEZ {other}", sex="F", born=date(1981, 2, rid),
                seen=date(2018, 5, 25))
        for rid, other in ((2, "PEREZ"), (3, "RAMOS"), (4, "CRUZ"), (5, "DIAZ"))
    ]  # fmt: skip
    mother = _record(6, "adult", "MARIA", "LOPEZ VASQUEZ", sex="F", born=date(1979, 9, 18),
                     seen=date(2018, 5, 28))  # fmt: skip
    links = {p.parent_person_id: p for p in _propose([child, *namesakes, mother])}
    assert 6 in links and "named-both-surnames" in links[6].evidence
    assert len(links) == 4  # the best and three runners-up
