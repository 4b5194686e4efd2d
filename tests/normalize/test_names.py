"""Name folding, parsing, nickname canonicalization and phonetic keys (synthetic names only)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reunite.normalize.names import (
    ParsedName,
    canonical_given,
    canonical_tokens,
    fold,
    name_keys,
    parse_full_name,
    parse_name,
    parse_said_name,
    phonetic_key,
)


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        (None, ""),
        ("", ""),
        ("   ", ""),
        ("Peña", "PENA"),
        ("MUÑOZ", "MUNOZ"),
        ("Güemes", "GUEMES"),
        ("K'ICHE'", "KICHE"),
        ("O'Neil", "ONEIL"),
        ("Q’eqchi’", "QEQCHI"),
        ("Tz´utujil", "TZUTUJIL"),
        ("María José", "MARIA JOSE"),
        ("MA. JOSE", "MA JOSE"),
        ("  pérez   lópez ", "PEREZ LOPEZ"),
        ("Pérez-López", "PEREZ-LOPEZ"),
        ("PEREZ - LOPEZ", "PEREZ-LOPEZ"),
        ("Pérez–López", "PEREZ-LOPEZ"),
        ("--García--", "GARCIA"),
        ("-", ""),
        ("López, Juan", "LOPEZ JUAN"),
        ("de la Cruz (alias)", "DE LA CRUZ ALIAS"),
        ("Straße", "STRASSE"),
        ("Søren Ærø", "SOREN AERO"),
        ("Xicará\tAjpop\n", "XICARA AJPOP"),
        ("Casa 12, Zona 3", "CASA 12 ZONA 3"),
        ("王明", ""),
    ],
)
def test_fold(raw: str | None, folded: str) -> None:
    assert fold(raw) == folded


@given(st.text())
def test_fold_is_idempotent(text: str) -> None:
    once = fold(text)
    assert fold(once) == once


@given(st.text())
def test_fold_is_upper_ascii(text: str) -> None:
    folded = fold(text)
    assert folded.isascii()
    assert folded == folded.upper()
    assert "'" not in folded
    assert folded == folded.strip()
    assert "  " not in folded


@pytest.mark.parametrize(
    ("given_names", "surnames", "expected"),
    [
        ("Juan Carlos", "Pérez López", ParsedName(("JUAN", "CARLOS"), "PEREZ", "LOPEZ")),
        ("María José", "García", ParsedName(("MARIA", "JOSE"), "GARCIA", None)),
        ("MA. JOSE", "HDZ", ParsedName(("MARIA", "JOSE"), "HERNANDEZ", None)),
        ("Ma Guadalupe", "Xoc Tzoc", ParsedName(("MARIA", "GUADALUPE"), "XOC", "TZOC")),
        ("FCO", "Pérez-López", ParsedName(("FRANCISCO",), "PEREZ", "LOPEZ")),
        ("GPE", "MTZ GLZ", ParsedName(("GUADALUPE",), "MARTINEZ", "GONZALEZ")),
        ("JSE LUIS", "RDZ", ParsedName(("JOSE", "LUIS"), "RODRIGUEZ", None)),
        ("J. Luis", "Ramírez", ParsedName(("J", "LUIS"), "RAMIREZ", None)),
        ("Rosa", "De la Cruz", ParsedName(("ROSA",), "DE LA CRUZ", None)),
        ("Ana", "DE LEON GARCIA", ParsedName(("ANA",), "DE LEON", "GARCIA")),
        ("Pedro", "DEL CID", ParsedName(("PEDRO",), "DEL CID", None)),
        ("Pedro", "Caal del Cid", ParsedName(("PEDRO",), "CAAL", "DEL CID")),
        ("Luis", "de los Santos de la Rosa", ParsedName(("LUIS",), "DE LOS SANTOS", "DE LA ROSA")),
        ("José", "Ortega y Gasset", ParsedName(("JOSE",), "ORTEGA", "GASSET")),
        ("Ana", "GREEN MORALES DE PEREZ", ParsedName(("ANA",), "GREEN", "MORALES DE PEREZ")),
        ("Ana", "Morales Vda. de Pérez", ParsedName(("ANA",), "MORALES", "DE PEREZ")),
        ("María del Carmen", "Cux", ParsedName(("MARIA", "CARMEN"), "CUX", None)),
        ("José de Jesús", "Batz", ParsedName(("JOSE", "JESUS"), "BATZ", None)),
        ("Sra. Dilcia", "Funez", ParsedName(("DILCIA",), "FUNEZ", None)),
        ("Juan2", "López3", ParsedName(("JUAN",), "LOPEZ", None)),
        ("María-José", "Ixcoy", ParsedName(("MARIA", "JOSE"), "IXCOY", None)),
        ("Brayan", "García López Ajanel", ParsedName(("BRAYAN",), "GARCIA", "LOPEZ AJANEL")),
        ("Kevin", None, ParsedName(("KEVIN",), None, None)),
        (None, "Maradiaga", ParsedName((), "MARADIAGA", None)),
        ("Yesenia", "Pérez y", ParsedName(("YESENIA",), "PEREZ", None)),
        ("Ana", "López de", ParsedName(("ANA",), "LOPEZ", None)),
        (None, None, ParsedName((), None, None)),
        ("", "  ", ParsedName((), None, None)),
        ("...", "--", ParsedName((), None, None)),
    ],
)
def test_parse_name(given_names: str | None, surnames: str | None, expected: ParsedName) -> None:
    assert parse_name(given_names, surnames) == expected


def test_surnames_property() -> None:
    assert parse_name("Ana", "Pérez López").surnames == ("PEREZ", "LOPEZ")
    assert parse_name("Ana", "Pérez").surnames == ("PEREZ",)
    assert parse_name("Ana", None).surnames == ()


@pytest.mark.parametrize(
    ("full_name", "layout", "expected"),
    [
        (
            "Juan Carlos Pérez López",
            "given_first",
            ParsedName(("JUAN", "CARLOS"), "PEREZ", "LOPEZ"),
        ),
        ("Maria Jose Lopez", "given_first", ParsedName(("MARIA", "JOSE"), "LOPEZ", None)),
        ("Juan Carlos Pérez", "given_first", ParsedName(("JUAN", "CARLOS"), "PEREZ", None)),
        ("Luis García López", "given_first", ParsedName(("LUIS",), "GARCIA", "LOPEZ")),
        ("Juan Diego Pascual", "given_first", ParsedName(("JUAN",), "DIEGO", "PASCUAL")),
        # four units: two given names and two surnames, although Pablo is a given name too
        (
            "María Fernanda Pablo López",
            "given_first",
            ParsedName(("MARIA", "FERNANDA"), "PABLO", "LOPEZ"),
        ),
        (
            "Juan José de Jesús López",
            "given_first",
            ParsedName(("JUAN", "JOSE", "JESUS"), "LOPEZ", None),
        ),
        ("Rosa De la Cruz", "given_first", ParsedName(("ROSA",), "DE LA CRUZ", None)),
        ("Juan De la Cruz Pérez", "given_first", ParsedName(("JUAN",), "DE LA CRUZ", "PEREZ")),
        (
            "José de Jesús Hernández",
            "given_first",
            ParsedName(("JOSE", "JESUS"), "HERNANDEZ", None),
        ),
        (
            "María de los Ángeles Xoc Caal",
            "given_first",
            ParsedName(("MARIA", "ANGELES"), "XOC", "CAAL"),
        ),
        ("MA. GPE. TUT POP", "given_first", ParsedName(("MARIA", "GUADALUPE"), "TUT", "POP")),
        ("Sr. Elmer Argueta", "given_first", ParsedName(("ELMER",), "ARGUETA", None)),
        ("Jennifer", "given_first", ParsedName(("JENNIFER",), None, None)),
        ("Menjívar", "given_first", ParsedName((), "MENJIVAR", None)),
        ("Lupe", "given_first", ParsedName(("LUPE",), None, None)),
        (
            "PÉREZ LÓPEZ, Juan Carlos",
            "surname_comma_given",
            ParsedName(("JUAN", "CARLOS"), "PEREZ", "LOPEZ"),
        ),
        (
            "PÉREZ LÓPEZ, Juan Carlos",
            "given_first",
            ParsedName(("JUAN", "CARLOS"), "PEREZ", "LOPEZ"),
        ),
        ("Sorto, Ana, Lucía", "surname_comma_given", ParsedName(("ANA", "LUCIA"), "SORTO", None)),
        (
            "PEREZ LOPEZ JUAN CARLOS",
            "surname_comma_given",
            ParsedName(("JUAN", "CARLOS"), "PEREZ", "LOPEZ"),
        ),
        (
            "PEREZ LOPEZ JUAN CARLOS",
            "surname_first",
            ParsedName(("JUAN", "CARLOS"), "PEREZ", "LOPEZ"),
        ),
        ("LOPEZ MARIA JOSE", "surname_first", ParsedName(("MARIA", "JOSE"), "LOPEZ", None)),
        ("DE LEON GARCIA ANA", "surname_first", ParsedName(("ANA",), "DE LEON", "GARCIA")),
        ("RECINOS KAREN", "surname_first", ParsedName(("KAREN",), "RECINOS", None)),
        (None, "given_first", ParsedName((), None, None)),
        ("", "surname_first", ParsedName((), None, None)),
        (" , ", "given_first", ParsedName((), None, None)),
    ],
)
def test_parse_full_name(full_name: str | None, layout: str, expected: ParsedName) -> None:
    assert parse_full_name(full_name, layout) == expected  # type: ignore[arg-type]


@given(st.text(), st.text())
def test_parse_name_never_raises_and_is_stable(given_names: str, surnames: str) -> None:
    parsed = parse_name(given_names, surnames)
    again = parse_name(" ".join(parsed.given), " ".join(parsed.surnames))
    assert again.given == parsed.given
    assert all(token == fold(token) and token for token in parsed.given)
    assert parsed.paternal is not None or parsed.maternal is None


@given(st.text(), st.sampled_from(["given_first", "surname_comma_given", "surname_first"]))
def test_parse_full_name_never_raises(full_name: str, layout: str) -> None:
    parsed = parse_full_name(full_name, layout)  # type: ignore[arg-type]
    for part in (*parsed.given, *parsed.surnames):
        assert part and part == fold(part)


@pytest.mark.parametrize(
    ("token", "canonical"),
    [
        ("Chuy", "JESUS"),
        ("chucho", "JESUS"),
        ("PEPE", "JOSE"),
        ("Chepe", "JOSE"),
        ("Chema", "JOSE MARIA"),
        ("Lupe", "GUADALUPE"),
        ("Lupita", "GUADALUPE"),
        ("Paco", "FRANCISCO"),
        ("Pancho", "FRANCISCO"),
        ("Nacho", "IGNACIO"),
        ("Memo", "GUILLERMO"),
        ("Lalo", "EDUARDO"),
        ("Toño", "ANTONIO"),
        ("Chayo", "ROSARIO"),
        ("Chelo", "CONSUELO"),
        ("Concha", "CONCEPCION"),
        ("Lola", "DOLORES"),
        ("Beto", "ROBERTO"),
        ("Lucho", "LUIS"),
        ("Quique", "ENRIQUE"),
        ("Chente", "VICENTE"),
        ("Goyo", "GREGORIO"),
        ("Poncho", "ALFONSO"),
        ("Chava", "SALVADOR"),
        ("Meche", "MERCEDES"),
        ("Tere", "TERESA"),
        ("Ma.", "MARIA"),
        ("FCO", "FRANCISCO"),
        ("José", "JOSE"),
        ("Wilmer", "WILMER"),
        ("Nena", "NENA"),
        ("", ""),
    ],
)
def test_canonical_given(token: str, canonical: str) -> None:
    assert canonical_given(token) == canonical


@pytest.mark.parametrize(
    ("token", "canonical"),
    [
        ("Anita", "ANA"),
        ("MAJO", "MARIA JOSE"),
        ("Juanjo", "JUAN JOSE"),
        ("Mafer", "MARIA FERNANDA"),
        ("Chepe", "JOSE"),
        ("Cheo", "JOSE"),
        ("Lupe", "GUADALUPE"),
        ("Lupita", "GUADALUPE"),
        ("Guadalupe", "GUADALUPE"),
        ("Paco", "FRANCISCO"),
        ("Pancho", "FRANCISCO"),
        ("Chayo", "ROSARIO"),
        ("Memo", "GUILLERMO"),
        ("Beto", "ROBERTO"),
        ("Toño", "ANTONIO"),
        ("Nacho", "IGNACIO"),
        ("Chucho", "JESUS"),
        ("Lencho", "LORENZO"),
        ("Concha", "CONCEPCION"),
        ("Chela", "GRACIELA"),
        ("Meche", "MERCEDES"),
        ("Tere", "TERESA"),
        ("Wicho", "LUIS"),
        ("Güicho", "LUIS"),
        ("Lala", "LALA"),  # Eulalia or Laura: ambiguous, only an alternative
        ("Nena", "NENA"),  # "baby girl": not a name
        # regular diminutives of known names
        ("Pedrito", "PEDRO"),
        ("Carlitos", "CARLOS"),
        ("Juanita", "JUANA"),
        ("Juanito", "JUAN"),
        ("Rosita", "ROSA"),
        ("Carmencita", "CARMEN"),
        ("Dieguito", "DIEGO"),
        ("Jorgito", "JORGE"),
        # names that only look like diminutives stay themselves
        ("Margarita", "MARGARITA"),
        ("Benito", "BENITO"),
    ],
)
def test_hypocoristics(token: str, canonical: str) -> None:
    assert canonical_given(token) == canonical


def test_ambiguous_nicknames_list_their_other_readings() -> None:
    from reunite.normalize._tables import NICKNAME_ALTERNATIVES, NICKNAMES

    assert "ALBERTO" in NICKNAME_ALTERNATIVES["BETO"]
    assert "ROBERTO" in NICKNAME_ALTERNATIVES["BETO"]
    assert {"EULALIA", "LAURA"} <= set(NICKNAME_ALTERNATIVES["LALA"])
    # every key is folded upper-case ASCII, like the table it complements
    for table in (NICKNAMES, NICKNAME_ALTERNATIVES):
        assert all(k == fold(k) and " " not in k for k in table)


def test_canonical_tokens() -> None:
    assert canonical_tokens(("CHUY", "MA", "Toño")) == "JESUS MARIA ANTONIO"
    assert canonical_tokens(()) == ""
    assert canonical_tokens(iter(["pepe"])) == "JOSE"


@pytest.mark.parametrize(
    "variants",
    [
        ("VASQUEZ", "VAZQUEZ", "BASQUEZ", "Vásquez"),
        ("GONZALES", "GONZALEZ", "González"),
        ("HERNANDEZ", "ERNANDEZ", "Hernández"),
        ("YESENIA", "LLESENIA", "YESSENIA"),
        ("JIMENEZ", "GIMENEZ", "XIMENEZ"),
        ("XIMENA", "JIMENA"),
        ("RODRIGUEZ", "RODRIGES", "RODRIGEZ"),
        ("QUIQUE", "KIKE"),
        ("MUÑOZ", "MUNOZ", "MUNOS"),
        ("XOC", "SHOC"),
        ("TZOC", "TZUC", "ZOC"),
        ("IXCOY", "IXCOI"),
        ("QUEJ", "KEJ"),
        ("CUC", "KUK", "CUK"),
        ("HUEHUE", "WEWE"),
        ("GUADALUPE", "WADALUPE"),
        ("HUERTA", "UERTA"),
        ("BATZ", "BATS"),
        ("CARRILLO", "CARILLO", "CARRIYO"),
        ("ECHEVERRIA", "ECHEVERIA", "ECHEBERRIA"),
        ("CEBALLOS", "SEBALLOS", "ZEBAYOS"),
        ("K'ICHE", "KICHE", "QUICHE"),
        ("CAMPOS", "CANPOS"),
        ("RAPHAEL", "RAFAEL"),
        ("MENJIVAR", "MENJIBAR"),
        ("XICARA", "XICARÁ", "SHICARA"),
    ],
)
def test_phonetic_key_merges_spelling_variants(variants: tuple[str, ...]) -> None:
    keys = {phonetic_key(variant) for variant in variants}
    assert len(keys) == 1, keys


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("LOPEZ", "PEREZ"),
        ("GARCIA", "GARZA"),
        ("MOYA", "MOLA"),
        ("REYES", "RAMOS"),
        ("XOC", "CHOC"),
        ("JUAREZ", "SUAREZ"),
        ("MARTINEZ", "MARQUEZ"),
        ("SORTO", "SOTO"),
        ("CAAL", "COC"),
        ("CRUZ", "DE LA CRUZ"),
        ("ANA", "ANAHI"),
    ],
)
def test_phonetic_key_separates_different_names(left: str, right: str) -> None:
    assert phonetic_key(left) != phonetic_key(right)


@pytest.mark.parametrize(
    ("token", "key"),
    [
        ("VASQUEZ", "BASKIS"),
        ("HERNANDEZ", "IRNANDIS"),
        ("DE LA CRUZ", "DILAKRUS"),
        ("CHAVEZ", "CABIS"),
        ("", ""),
        ("123", ""),
    ],
)
def test_phonetic_key_values(token: str, key: str) -> None:
    assert phonetic_key(token) == key


@given(st.text())
def test_phonetic_key_never_raises_and_is_stable(token: str) -> None:
    key = phonetic_key(token)
    assert key.isascii() and " " not in key
    assert phonetic_key(fold(token)) == key


def test_name_keys_one_key_per_unit() -> None:
    assert name_keys(("DE LA CRUZ", "MORALES DE PEREZ")) == "DILAKRUS MURALIS DIPIRIS"
    assert name_keys(("JUAN", "CARLOS")) == "JUAN KARLUS"
    assert name_keys(iter(())) == ""
    parsed = parse_name("Yesenia", "Vásquez Hernández")
    assert name_keys(parsed.surnames) == name_keys(["BASQUEZ", "ERNANDEZ"])


def test_a_given_name_typed_into_the_surname_field_is_given_back() -> None:
    assert parse_name("ROSA", "ELVIRA HERNANDES MURILLO") == ParsedName(
        given=("ROSA", "ELVIRA"), paternal="HERNANDES", maternal="MURILLO"
    )
    # Diego and Pascual are surnames too: three surname units stay surnames.
    assert parse_name("JUAN", "DIEGO PASCUAL MATEO").paternal == "DIEGO"
    # Two units: a given-looking first surname stays (Luis Martín López).
    assert parse_name("LUIS", "ROSA LOPEZ").paternal == "ROSA"


def test_one_word_a_child_says_is_a_given_name_when_it_can_be_one() -> None:
    assert parse_said_name("Pedro") == ParsedName(given=("PEDRO",), paternal=None, maternal=None)
    assert parse_said_name("Hernández").paternal == "HERNANDEZ"
    assert parse_said_name("Chuy García") == ParsedName(
        given=("CHUY",), paternal="GARCIA", maternal=None
    )
