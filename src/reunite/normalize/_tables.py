"""Lookup tables for the normalizers: folded (upper-case ASCII) keys, built once at import.

Sources: /work/shared/research/names.md §1.4 (delfuzz and tocayo lists, curated: the bad
cross-language entries such as GLORIA↔GEOFFREY are left out) and §4 (ISO 639-3 codes).
Every key is already in the form `names.fold` produces, so a lookup is one dict access.
"""

from __future__ import annotations


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# fmt: off
# Values that mean "nobody wrote anything": compared after lower-casing and stripping.
UNKNOWN_MARKERS: frozenset[str] = frozenset(
    {
        "", "-", "--", "---", "?", "??", "n/a", "na", "n.a.", "n/d", "nd", "n.d.", "none",
        "null", "nil", "nan", "unknown", "unk", "unkn", "desconocido", "desconocida",
        "no sabe", "no se sabe", "ns", "ns/nr", "sin dato", "sin datos", "sin fecha", "s/f",
        "s/d", "no aplica", "not available", "not known", "pending", "pendiente", "tbd", "x",
    }
)

# Capture abbreviations found in given-name fields (names.md §0.1 step 4, tocayo list + clerk
# habits). Single letters are deliberately absent: "J." may be José, Juan, Jesús or Jorge.
GIVEN_ABBREVIATIONS: dict[str, str] = {
    "MA": "MARIA", "MRA": "MARIA",
    "JSE": "JOSE", "JOS": "JOSE", "JO": "JOSE",
    "FCO": "FRANCISCO", "FCA": "FRANCISCA",
    "GPE": "GUADALUPE", "GDPE": "GUADALUPE", "GUADA": "GUADALUPE",
    "STGO": "SANTIAGO", "GMO": "GUILLERMO", "GLLMO": "GUILLERMO",
    "ALEJ": "ALEJANDRO", "ANTO": "ANTONIO", "FDO": "FERNANDO", "FERNDO": "FERNANDO",
    "MGL": "MIGUEL", "RBTO": "ROBERTO", "ALBTO": "ALBERTO", "RDO": "RICARDO",
    "CONCEP": "CONCEPCION", "CONC": "CONCEPCION", "EDO": "EDUARDO", "DGO": "DOMINGO",
    "CARM": "CARMEN",
}

# Capture abbreviations found in surname fields (names.md §0.1 step 4).
SURNAME_ABBREVIATIONS: dict[str, str] = {
    "HDZ": "HERNANDEZ", "HDEZ": "HERNANDEZ", "HERNZ": "HERNANDEZ", "HNDZ": "HERNANDEZ",
    "GLZ": "GONZALEZ", "GZZ": "GONZALEZ", "GLEZ": "GONZALEZ", "GONZ": "GONZALEZ",
    "MTZ": "MARTINEZ", "MRTZ": "MARTINEZ", "MTNZ": "MARTINEZ",
    "RDZ": "RODRIGUEZ", "RGZ": "RODRIGUEZ", "RODZ": "RODRIGUEZ",
    "GTZ": "GUTIERREZ", "GTRZ": "GUTIERREZ", "FDZ": "FERNANDEZ", "FDEZ": "FERNANDEZ",
    "SCHZ": "SANCHEZ", "SNCHZ": "SANCHEZ", "LPZ": "LOPEZ", "PRZ": "PEREZ",
    "RMZ": "RAMIREZ", "RMRZ": "RAMIREZ", "JMZ": "JIMENEZ", "DGZ": "DOMINGUEZ",
    "DMGZ": "DOMINGUEZ", "VZQ": "VAZQUEZ", "VAZQ": "VAZQUEZ", "VQZ": "VAZQUEZ",
}

# Particles that belong to the following surname ("DE LA CRUZ", "DEL CID", "SAN MARTIN").
PARTICLES: frozenset[str] = frozenset(
    {"DE", "DEL", "LA", "LAS", "LOS", "SAN", "SANTA", "DA", "DAS", "DO", "DOS", "DI", "VAN", "VON"}
)

# Conjunctions joining two surnames ("ORTEGA Y GASSET", "SANCHEZ E IBARRA") and widow markers.
SURNAME_JOINERS: frozenset[str] = frozenset({"Y", "E"})
SURNAME_DROPPED: frozenset[str] = frozenset({"VDA", "VIUDA", "VIUDO"})

# Courtesy titles dropped when they open a name.
TITLES: frozenset[str] = frozenset(
    {"SR", "SRA", "SRTA", "SENOR", "SENORA", "SENORITA", "DR", "DRA", "MR", "MRS", "MS", "MISS",
     "LIC", "ING", "PROF", "DONA"}
)

# Hipocorísticos → the canonical given name (names.md §1.4). Ambiguous ones are resolved to the
# most frequent full name: BETO → ROBERTO (also Alberto, Humberto, Gilberto), KIKO → FEDERICO
# (also Enrique), CHEMA → JOSE (José María), LULU/ALE/FITO are left out (too ambiguous).
NICKNAMES: dict[str, str] = {
    "CHUY": "JESUS", "CHUS": "JESUS", "CHUCHO": "JESUS", "CHUCHIN": "JESUS",
    "PEPE": "JOSE", "PEPITO": "JOSE", "CHEPE": "JOSE", "CHEMA": "JOSE", "JOSELITO": "JOSE",
    "PEPA": "JOSEFA", "CHEPA": "JOSEFA", "FINA": "JOSEFINA",
    "LUPE": "GUADALUPE", "LUPITA": "GUADALUPE", "LUPILLO": "GUADALUPE",
    "PACO": "FRANCISCO", "PANCHO": "FRANCISCO", "PAQUITO": "FRANCISCO", "PANCHITO": "FRANCISCO",
    "KIKO": "FEDERICO", "QUICO": "FRANCISCO", "FRANK": "FRANCISCO",
    "PACA": "FRANCISCA", "PANCHA": "FRANCISCA", "PAQUITA": "FRANCISCA",
    "NACHO": "IGNACIO", "NANCHO": "IGNACIO", "MEMO": "GUILLERMO", "GUILLE": "GUILLERMO",
    "LALO": "EDUARDO", "TONO": "ANTONIO", "TONY": "ANTONIO", "TONITO": "ANTONIO",
    "TONA": "ANTONIA", "CHAYO": "ROSARIO", "CHARO": "ROSARIO", "CHELO": "CONSUELO",
    "CONCHA": "CONCEPCION", "CONCHITA": "CONCEPCION", "CONCHI": "CONCEPCION",
    "LOLA": "DOLORES", "LOLITA": "DOLORES", "BETO": "ROBERTO", "LUCHO": "LUIS",
    "QUIQUE": "ENRIQUE", "KIKE": "ENRIQUE", "LENCHO": "LORENZO", "CHENTE": "VICENTE",
    "GOYO": "GREGORIO", "NETO": "ERNESTO", "NANDO": "FERNANDO", "PONCHO": "ALFONSO",
    "FONSI": "ALFONSO", "CHOFO": "RODOLFO", "CHEJO": "SERGIO", "CHECO": "SERGIO",
    "RULO": "RAUL", "CHAVA": "SALVADOR", "CHAVO": "SALVADOR", "CHALO": "GONZALO",
    "CHAGO": "SANTIAGO", "JUANCHO": "JUAN", "JUANITO": "JUAN", "MANOLO": "MANUEL",
    "MEMIN": "GUILLERMO", "TOMY": "TOMAS", "RAFA": "RAFAEL", "NICO": "NICOLAS",
    "PIPE": "FELIPE", "MINCHO": "BENJAMIN", "CUCHO": "AGUSTIN", "TINO": "FAUSTINO",
    "MECHE": "MERCEDES", "MECHES": "MERCEDES", "LICHA": "ALICIA", "CHABELA": "ISABEL",
    "CHAVELA": "ISABEL", "CHELA": "GRACIELA", "TERE": "TERESA", "PATY": "PATRICIA",
    "PATI": "PATRICIA", "GABY": "GABRIELA", "LETY": "LETICIA", "LETI": "LETICIA",
    "NATY": "NATALIA", "YOLI": "YOLANDA", "ROSY": "ROSA", "PILI": "PILAR",
    "MARGO": "MARGARITA", "MAGO": "MARGARITA",
    # Central American and Mexican hypocorísticos, added after an audit of the linkage misses.
    "ANITA": "ANA", "ANY": "ANA", "MAJO": "MARIA JOSE", "JUANJO": "JUAN JOSE",
    "MAFER": "MARIA FERNANDA", "MARIFER": "MARIA FERNANDA", "MALU": "MARIA LUISA",
    "MAITE": "MARIA TERESA", "MARILU": "MARIA LUISA", "MARICARMEN": "MARIA CARMEN",
    "JOSEMA": "JOSE MANUEL", "JOSELUIS": "JOSE LUIS",
    "CHEO": "JOSE", "CHEPITO": "JOSE", "PEPILLO": "JOSE",
    "WICHO": "LUIS", "GUICHO": "LUIS", "LUICHO": "LUIS", "LUISITO": "LUIS",
    "LUPILLA": "GUADALUPE", "CHICO": "FRANCISCO", "CURRO": "FRANCISCO",
    "CHARITO": "ROSARIO", "CHAYITO": "ROSARIO",
    "MEMITO": "GUILLERMO", "GUILLO": "GUILLERMO",
    "BERTO": "ALBERTO", "TITO": "ALBERTO",
    "TONIO": "ANTONIO", "TONCHO": "ANTONIO", "ANTUCO": "ANTONIO",
    "NACHITO": "IGNACIO", "CHUCHITO": "JESUS", "JESUSITO": "JESUS",
    "LENCHITO": "LORENZO", "CONCHIS": "CONCEPCION", "CHONITA": "CONCEPCION",
    "CHELITA": "GRACIELA", "MECHITA": "MERCEDES", "TERESITA": "TERESA", "TETE": "TERESA",
    "MANE": "MANUEL", "MANOLITO": "MANUEL", "MEME": "MANUEL",
    "MIGUE": "MIGUEL", "MICHI": "MIGUEL", "ALEX": "ALEJANDRO", "ALE": "ALEJANDRA",
    "JOSU": "JOSUE", "TAVO": "GUSTAVO", "TAVITO": "GUSTAVO",
    "VICHO": "VICENTE", "CHENCHO": "CRESCENCIO", "NENE": "NENE",
    "LUCHA": "LUZ", "LUCHITA": "LUZ", "CHUYITA": "JESUS", "PILY": "PILAR",
    "CHEMITA": "JOSE MARIA", "FERCHO": "FERNANDO", "FER": "FERNANDO", "RICHI": "RICARDO",
    "RICKY": "RICARDO", "WILLY": "WILLIAM", "BETY": "BEATRIZ", "BETTY": "BEATRIZ",
    "CHABE": "ISABEL", "ISA": "ISABEL", "ELI": "ELIZABETH", "LIZ": "ELIZABETH",
    "CHUNCHO": "ASUNCION", "CHON": "ASUNCION", "CHONA": "ASUNCION",
    "TOMASITO": "TOMAS", "DANI": "DANIEL", "GABO": "GABRIEL", "GABI": "GABRIELA",
    "NATI": "NATALIA", "VERO": "VERONICA", "MONI": "MONICA", "SOFI": "SOFIA",
    "CATA": "CATALINA", "CARMELA": "CARMEN", "CARMENCITA": "CARMEN", "MELI": "MELANY",
    "YESI": "YESENIA", "KATY": "KATHERINE", "KARLITA": "KARLA",
    "CANDE": "CANDELARIA", "CHABELITA": "ISABEL",
    "JAQUI": "JACQUELINE", "JAKI": "JACQUELINE", "JACKY": "JACQUELINE", "JACKIE": "JACQUELINE",
    # Spellings of one name that the phonetic key does not join (CK, QU, Y for J).
    "JACKELINE": "JACQUELINE", "JAQUELINE": "JACQUELINE", "JAKELINE": "JACQUELINE",
    "YAQUELINE": "JACQUELINE", "JACKELIN": "JACQUELINE", "JAQUELIN": "JACQUELINE",
}
NICKNAMES["CHEMA"] = "JOSE MARIA"  # José María, as caseworkers use it

# Ambiguous hypocorísticos: NICKNAMES holds the most frequent reading; these are the other
# full names they may stand for (BETO is Roberto, but also Alberto, Humberto or Gilberto). The
# identity model accepts any of them as a nickname match, a weaker level than the canonical one.
NICKNAME_ALTERNATIVES: dict[str, tuple[str, ...]] = {
    "BETO": ("ALBERTO", "HUMBERTO", "GILBERTO", "NORBERTO", "HERIBERTO", "ROBERTO"),
    "TITO": ("ALBERTO", "ROBERTO", "HECTOR", "ERNESTO"),
    "KIKO": ("ENRIQUE", "FRANCISCO", "FEDERICO"),
    "CHEMA": ("JOSE", "MARIA"),
    "CHELO": ("CONSUELO", "MARCELO", "ARACELI", "GRACIELA"),
    "CHELA": ("GRACIELA", "MARCELA", "ARACELI"),
    "LALO": ("EDUARDO", "GONZALO"),
    "MEMO": ("GUILLERMO", "MANUEL"),
    "MEME": ("MANUEL", "GUILLERMO", "NOEMI"),
    "ALEX": ("ALEJANDRO", "ALEXANDER", "ALEXIS"),
    "ALE": ("ALEJANDRA", "ALEJANDRO", "ALEXANDRA"),
    "CHAVA": ("SALVADOR", "SALVADORA"),
    "CHAGO": ("SANTIAGO", "ROSARIO"),
    "CHALO": ("GONZALO", "ROSALIO"),
    "CHENTE": ("VICENTE", "INOCENTE"),
    "CHON": ("ASUNCION", "CONCEPCION", "ENCARNACION", "SIMON"),
    "CHONA": ("ASUNCION", "CONCEPCION", "ENCARNACION"),
    "NENA": (),
    "LALA": ("EULALIA", "LAURA"),
    "LUCHA": ("LUZ", "LUCIA"),
    "PANCHO": ("FRANCISCO",),
    "TONY": ("ANTONIO", "ANTHONY"),
    "ELI": ("ELIZABETH", "ELIAS", "ELISA", "ELIAN"),
    "ISA": ("ISABEL", "ISABELA", "LUISA"),
    "DANI": ("DANIEL", "DANIELA"),
    "GABI": ("GABRIELA", "GABRIEL"),
    "FER": ("FERNANDO", "FERNANDA"),
    "MANE": ("MANUEL", "MANUELA"),
    "TAVO": ("GUSTAVO", "OCTAVIO"),
    "CATA": ("CATALINA", "CATARINA"),
}


def _diminutive_stems(name: str) -> list[str]:
    """Spelling of a stem before -ITO/-ITA: Francisco → FRANCISQU, Diego → DIEGU, Luz → LUC."""
    stem = name[:-1]
    if stem.endswith("C"):
        return [stem[:-1] + "QU"]
    if stem.endswith("G"):
        return [stem + "U"]
    if stem.endswith("Z"):
        return [stem[:-1] + "C"]
    return [stem]


def _diminutives(names: frozenset[str]) -> dict[str, str]:
    """Regular diminutives of known given names: ANITA → ANA, PEDRITO → PEDRO, CARLITOS → CARLOS,
    JUANITO → JUAN, CARMENCITA → CARMEN, JOSECITO → JOSE. Only forms that are not themselves a
    known given name (BENITO, MARGARITA stay themselves)."""
    out: dict[str, str] = {}
    # Names ending in a vowel first, so JUANITA is Juana's before it can be Juan's.
    for name in sorted(names, key=lambda n: (n[-1] not in "AEO", n)):
        forms: list[str] = []
        last = name[-1]
        if name.endswith("OS") and len(name) > 4:  # CARLOS → CARLITOS, MARCOS → MARQUITOS
            forms += [s + "ITOS" for s in _diminutive_stems(name[:-1])]
        elif last in "AO" and len(name) > 2:
            forms += [s + "IT" + last for s in _diminutive_stems(name)]
        elif last == "E":  # soft before E, and before I too: JORGE → JORGITO
            forms += [name[:-1] + "IT" + s2 for s2 in "OA"]
            forms += [name + "CIT" + s2 for s2 in "OA"]
        elif last in "NRL":
            forms += [name + "CIT" + s2 for s2 in "OA"] + [name + "IT" + s2 for s2 in "OA"]
        elif last in "SZ":
            forms += [name + "IT" + s2 for s2 in "OA"]
        for form in forms:
            if form not in names and form not in out:
                out[form] = name
    return out

# Common given names of Mexico and Central America (folded). Used only to decide, in a full
# name, whether the unit before the last is a second given name or a first surname.
GIVEN_NAMES: frozenset[str] = _word_set(
    """
    AARON ABEL ABIGAIL ABRAHAM ADAN ADELA ADRIAN ADRIANA AGUSTIN AIDA ALAN ALBA ALBERTO ALEJANDRA
    ALEJANDRO ALEXANDER ALEXIS ALFONSO ALFREDO ALICIA ALMA ALVARO AMANDA AMELIA AMERICA ANA ANAHI
    ANDREA ANDREINA ANGEL ANGELA ANGELICA ANGELES ANTONIA ANTONIO ARACELI ARIEL ARMANDO ARTURO
    AURA AURORA AXEL BEATRIZ BELEN BENJAMIN BERTA BLANCA BRANDON BRAYAN BRENDA BRIAN BRITANY
    CAMILA CARLA CARLOS CARMEN CAROLINA CATALINA CECILIA CELIA CESAR CINTHIA CLARA CLAUDIA
    CONCEPCION CONSUELO CRISTIAN CRISTINA CRISTOBAL DAISY DANIEL DANIELA DANNA DARWIN DAVID
    DAYANA DELMY DENIS DENISE DIANA DILCIA DOLORES DORA DULCE EDGAR EDILSON EDUARDO EDWIN
    ELENA ELIAS ELISA ELIZABETH ELMER ELSA ELVIA EMILIA EMILIANO EMILIO EMMANUEL ENRIQUE
    ERICK ERIKA ERNESTO ESMERALDA ESPERANZA ESTELA ESTHER EUGENIA EVA EVELYN FABIOLA FATIMA
    FEDERICO FELIX FERNANDA FERNANDO FLOR FRANCISCA GABRIELA GENESIS GERARDO GERSON GILBERTO
    GISELA GLADYS GLENDA GLORIA GRACIELA GUADALUPE GUILLERMO GUSTAVO HECTOR HILDA HUGO HUMBERTO
    IGNACIO ILEANA INGRID IRENE IRIS IRMA ISABEL ISAAC ISAI ISMAEL IVAN JACQUELINE JAIME JAIRO
    JAVIER JAZMIN JEFFERSON JENNIFER JENNY JESSICA JESUS JHONNY JOEL JONATHAN JORGE JOSE JOSEFA
    JOSEFINA JOSUE JUAN JUANA JULIA JULIO KAREN KARINA KARLA KATHERINE KELVIN KENIA KEVIN
    LAURA LEONEL LESLY LETICIA LIDIA LILIAN LILIANA LORENA LOURDES LUCIA LUIS LUISA LUZ
    MAGDALENA MAITE MANUELA MARCELA MARCO MARGARITA MARIA MARIANA MARIBEL MARICELA MARINA MARIO
    MARISOL MARITZA MARLON MARTA MARTHA MAYRA MELVIN MERCEDES MICHELLE MILAGRO MILTON MIRIAM
    MIRNA MISAEL MOISES MONICA NANCY NATALIA NELSON NOE NOEMI NORMA OLGA OMAR ORLANDO OSCAR
    PABLO PAOLA PATRICIA PAULA PAULINA PILAR RAFAEL RAMIRO RAMONA RAQUEL RAUL REBECA REINA
    RENE RICARDO RIGOBERTO ROBERTO RODOLFO ROGELIO ROSA ROSALBA ROSARIO ROCIO RUBEN RUTH SANDRA
    SANTOS SARA SAUL SERGIO SILVIA SOFIA SONIA SUSANA TERESA VALERIA VANESSA VERONICA VICTOR
    VICTORIA VILMA VIRGINIA WALTER WENDY WILLIAM WILMER XIMENA YADIRA YAJAIRA YENI YESENIA
    YESICA YOLANDA ZOILA EDWIN ELDER EDVIN KATERIN ESTEFANI YOSELIN DAYANARA ANDERSON JOSSELYN
    ABNER ALVIN AMPARO ANIBAL ARACELY BYRON BAYRON DAGOBERTO DELIA DOUGLAS EDGARDO EFRAIN
    ELISEO ELVIRA ERWIN EVER FAUSTO FREDY GRISELDA HENRY HERBERT HERMINIA INES JEREMIAS JOHANA
    JULIANA JUSTO KEYLA LEONARDO LEONOR LESBIA LUCRECIA MARLENE MARVIN MATILDE MAURICIO MAYNOR
    NERY NIDIA OFELIA OSMAN OTONIEL PETRONA REGINA ROMEO ROXANA TEODORO TOMASA WILSON YOVANI
    """
)

# Given names that are also frequent surnames in Guatemala/Mexico (Q'anjob'al and K'iche'
# families often carry saints' names as surnames): in a full name they count as surnames.
GIVEN_OR_SURNAME: frozenset[str] = _word_set(
    """
    AGUSTIN ALONSO ALONZO ANDRES ANGEL BALTAZAR BAUTISTA BENITO BERNABE CRUZ DAMIAN DIEGO
    DOMINGO ELIAS ESTEBAN FELIPE FRANCISCO GABRIEL GASPAR GREGORIO ISIDRO JACINTO JULIAN LEON
    LORENZO LUCAS MANUEL MARCOS MARIN MARTIN MATEO MIGUEL NICOLAS PASCUAL PEDRO RAMON REYES
    ROMAN ROQUE ROSARIO SALVADOR SANTIAGO SEBASTIAN SIMON TOMAS VICENTE ISRAEL
    """
)

# Given-name compounds led by particles ("JOSE DE JESUS", "MARIA DEL CARMEN").
GIVEN_COMPOUNDS: frozenset[str] = frozenset(
    {"DE JESUS", "DEL CARMEN", "DE LOS ANGELES", "DEL ROSARIO", "DE LA LUZ", "DE LOURDES",
     "DEL PILAR", "DE FATIMA", "DEL SOCORRO", "DE GUADALUPE",
     "DEL REFUGIO", "DE LAS MERCEDES", "DE LA CONCEPCION", "DEL TRANSITO"}
)
# fmt: on

# Kinship words and possessives a child puts before a parent's name ("Papá Roberto", "mi mamá
# Rosa", "Mami María"): they are not part of the name.
KINSHIP_WORDS: frozenset[str] = _word_set(
    """
    MI MIS MY SU PAPA MAMA PAPI MAMI PAPITO MAMITA PAPAITO MAMAITA MADRE PADRE MOM MOMMY MAMMY
    DAD DADDY MOTHER FATHER TATA TATITA JEFA JEFE TIO TIA TIITO TIITA ABUELO ABUELA ABUELITO
    ABUELITA HERMANO HERMANA PRIMO PRIMA DON DONA
    """
)

# Regular diminutives, after the explicit table (an explicit entry always wins).
for _form, _name in _diminutives(
    GIVEN_NAMES | GIVEN_OR_SURNAME | frozenset(v for v in NICKNAMES.values() if " " not in v)
).items():
    NICKNAMES.setdefault(_form, _name)
