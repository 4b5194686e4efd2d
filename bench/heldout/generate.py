"""Independent held-out roster generator for Reunite (standard library only).

    .venv/bin/python bench/heldout/generate.py --families 1000 --seed 1 --out /tmp/heldout1

Writes four rosters in the canonical CSV format (apprehension, detention, shelter, tracing), a
removal schedule of every detained adult, and the ground truth under truth/. Written from
docs/formats.md and the domain notes only: it shares no name list, no error model and no code with
`reunite synth`, so a score on its output measures how well the linker generalizes. See README.md
in this folder for the error model and its rates.
"""

from __future__ import annotations

import argparse
import csv
import random
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

HEADER = [
    "record_id", "role", "given_names", "surnames", "full_name", "sex", "birth_date",
    "country_of_birth", "language", "a_number", "event_date", "event_place", "facility",
    "family_unit_id", "related_name", "related_relationship", "phone", "notes",
]  # fmt: skip
SOURCES = ("apprehension", "detention", "shelter", "tracing")

# --------------------------------------------------------------------------- name pools
# Weights are rough popularity ranks: earlier names are drawn more often.
MALE_GIVEN = [
    "José", "Juan", "Carlos", "Luis", "Jorge", "Miguel", "Pedro", "Francisco", "Antonio",
    "Manuel", "Mario", "Marvin", "Edwin", "Wilmer", "Selvin", "Byron", "Elmer", "Walter",
    "Santos", "Érick", "Kevin", "Brayan", "Ángel", "Óscar", "Rigoberto", "Domingo", "Diego",
    "Gaspar", "Mateo", "Andrés", "Tomás", "Eduardo", "Guillermo", "Ignacio", "Jesús", "Rafael",
    "Roberto", "Ramón", "Julio", "Alex", "Dilan", "Yeison", "Éver", "Nery", "Otoniel", "Abner",
    "Gregorio", "Santiago", "Fernando", "Alberto", "Enrique", "Cristian", "Henry", "Josué",
    "Baltazar", "Sebastián", "Isaías", "Efraín", "Melvin", "Denis",
]  # fmt: skip
FEMALE_GIVEN = [
    "María", "Ana", "Rosa", "Marta", "Juana", "Catarina", "Magdalena", "Isabel", "Elena",
    "Lucía", "Dulce", "Karla", "Heidy", "Yesenia", "Glenda", "Sandra", "Wendy", "Lesly",
    "Dayana", "Ingrid", "Mirna", "Olga", "Brenda", "Andrea", "Alejandra", "Guadalupe", "Rosario",
    "Carmen", "Dolores", "Josefa", "Fabiola", "Sofía", "Valeria", "Génesis", "Kimberly",
    "Jackeline", "Évelin", "Floridalma", "Irma", "Blanca", "Esperanza", "Concepción", "Reyna",
    "Aracely", "Lidia", "Marleny", "Yolanda", "Francisca", "Tomasa", "Micaela", "Petrona",
    "Candelaria", "Manuela", "Mercedes", "Margarita", "Keyla", "Nayeli", "Yénifer",
]  # fmt: skip
MALE_COMPOUND = [
    "José Luis", "Juan Carlos", "Juan José", "José Manuel", "Luis Fernando", "Carlos Enrique",
    "Jorge Alberto", "Marvin Josué", "Edwin Rolando", "Kevin Josué", "Brayan Alexander",
    "José de Jesús", "Juan Francisco", "Miguel Ángel", "José Antonio", "Pedro Pablo",
    "José María", "Óscar Rene", "Cristian Omar", "Francisco Javier", "Santos Gabriel",
]  # fmt: skip
FEMALE_COMPOUND = [
    "María José", "María Fernanda", "Ana Lucía", "María Guadalupe", "Ana María", "Rosa Elvira",
    "Sandra Patricia", "Karla Yesenia", "Dulce María", "María de los Ángeles", "María del Carmen",
    "Rosa María", "Glenda Marisol", "Ingrid Johana", "María Magdalena", "Juana Isabel",
    "Brenda Yamileth", "Heidy Carolina", "Lesly Dayana", "María Concepción",
]  # fmt: skip

SPANISH_SURNAMES = {
    "GT": [
        "López", "García", "Pérez", "Hernández", "Morales", "González", "Ramírez", "Cruz",
        "Castillo", "Méndez", "Reyes", "Juárez", "Vásquez", "Chávez", "Barrios", "Recinos",
        "Orozco", "De León", "Galicia", "Villatoro", "Monterroso", "Cifuentes", "Escobar",
        "Alvarado", "Lorenzo", "Gómez", "Mejía", "Velásquez", "Ortiz", "Sánchez",
    ],
    "HN": [
        "Hernández", "Martínez", "López", "Rodríguez", "Mejía", "Flores", "Reyes", "Cruz",
        "Zelaya", "Aguilar", "Castro", "Ramos", "Murillo", "Orellana", "Maradiaga", "Banegas",
        "Paz", "Euceda", "Zúniga", "Discua", "Amaya", "Sánchez", "Díaz", "Velásquez",
    ],
    "SV": [
        "Hernández", "Martínez", "López", "Rivas", "Ramírez", "Portillo", "Argueta", "Alvarado",
        "Guardado", "Henríquez", "Menjívar", "Quintanilla", "Rivera", "Ayala", "Chicas",
        "Orellana", "Escobar", "Molina", "Romero", "Del Cid", "García", "Flores",
    ],
    "MX": [
        "García", "Hernández", "Martínez", "López", "González", "Pérez", "Sánchez", "Ramírez",
        "Cruz", "Flores", "Gómez", "Morales", "Vázquez", "Reyes", "Jiménez", "Torres", "Díaz",
        "Gutiérrez", "Ruiz", "Mendoza", "Aguilar", "Ortiz", "De la Cruz", "De Jesús", "Santiago",
    ],
}  # fmt: skip
MAYAN_SURNAMES = {
    "quc": ["Tzoc", "Ixcoy", "Ajanel", "Tzul", "Batz", "Quiej", "Chic", "Tambriz", "Coj", "Sapón",
            "Ixchop", "Xiloj", "Cotiy", "Tzunún", "Guarchaj", "Lux", "Tum", "Ajpop"],
    "mam": ["Ramírez", "Pérez", "Domingo", "Mendoza", "Jiménez", "Bautista", "Matías",
            "Mazariegos", "Velásquez", "Carreto", "Vicente", "Gabriel", "Calmo", "Ordóñez"],
    "kjb": ["Pascual", "Francisco", "Andrés", "Pedro", "Diego", "Juan", "Mateo", "Tomás",
            "Gaspar", "Lucas", "Baltazar", "Sebastián", "Silvestre", "Esteban"],
    "kek": ["Caal", "Pop", "Tut", "Choc", "Xol", "Coc", "Ical", "Maquin", "Tiul", "Chen", "Cuz",
            "Bac", "Chub", "Cucul", "Xoc", "Tzi", "Sacul"],
    "cak": ["Cúmez", "Sotz", "Xicay", "Boror", "Chicol", "Sicán", "Cutzal", "Patzán", "Yool",
            "Tuctuc"],
    "knj": ["Pablo", "Lucas", "Mateo", "Diego", "Alonzo", "Quiñónez"],
    "cac": ["Tadeo", "Pablo", "Lucas", "Juan", "Domingo", "Pedro"],
    "ixl": ["Brito", "Cobo", "Raymundo", "Ceto", "Bernal", "Toma", "Chávez"],
}  # fmt: skip
# How Mayan surnames get spelled by officers who hear them (the canonical spelling first).
MAYAN_VARIANTS = {
    "Tzoc": ["Tzok", "Tzooc", "Zoc"], "Ixcoy": ["Ixcoi", "Ixcuy", "Ixkoy"],
    "Ajanel": ["Ajanell", "Ajanél", "Aganel"], "Tzul": ["Tsul", "Tzúl"], "Batz": ["Bats", "Batzs"],
    "Quiej": ["Kiej", "Quieg"], "Chic": ["Chiq", "Chick"], "Tambriz": ["Tambris", "Tambrís"],
    "Coj": ["Koj", "Cój"], "Sapón": ["Zapón", "Sapom"], "Ixchop": ["Ishchop", "Ixchóp"],
    "Xiloj": ["Shiloj", "Ziloj"], "Cotiy": ["Kotiy", "Cotí"], "Tzunún": ["Zunún", "Tzunum"],
    "Guarchaj": ["Warchaj", "Guarcha"], "Lux": ["Lus", "Luch"], "Tum": ["Tun", "Tumm"],
    "Ajpop": ["Aj Pop", "Ajpóp"], "Caal": ["Cal", "Kaal", "Caál"], "Pop": ["Pob", "Popp"],
    "Tut": ["Tutt", "Tuth"], "Choc": ["Chok", "Xoc"], "Xol": ["Chol", "Shol"], "Coc": ["Cok", "Kok"],
    "Ical": ["Ykal", "Icál"], "Maquin": ["Makin", "Maquín"], "Tiul": ["Tiúl", "Tíul"],
    "Chen": ["Chén", "Shen"], "Cuz": ["Cus", "Kuz"], "Bac": ["Bak", "Back"], "Chub": ["Chup"],
    "Cucul": ["Kukul", "Cucúl"], "Xoc": ["Xoq", "Choc", "Shoc"], "Tzi": ["Tsi", "Tzí"],
    "Sacul": ["Sakul", "Zacul"], "Cúmez": ["Cumes", "Cúmes"], "Sotz": ["Sots", "Zotz"],
    "Xicay": ["Xicai", "Sicay"], "Boror": ["Borór", "Borol"], "Chicol": ["Chikol"],
    "Sicán": ["Zicán", "Sican"], "Cutzal": ["Cusal", "Cutsal"], "Patzán": ["Pazán", "Patsán"],
    "Yool": ["Yol", "Llool"], "Tuctuc": ["Tuc Tuc", "Tuc-tuc"], "Ceto": ["Zeto", "Seto"],
    "Raymundo": ["Raimundo"], "Quiñónez": ["Quiñones", "Quinonez"],
}  # fmt: skip
# Given names that are heard and written several ways.
GIVEN_VARIANTS = {
    "Wilmer": ["Wilmar", "Gilmer"], "Yesenia": ["Llesenia", "Jessenia"], "Heidy": ["Heidi", "Jeidy"],
    "Brayan": ["Bryan", "Brian"], "Kevin": ["Kevyn", "Keven"], "Jackeline": ["Yaqueline", "Jaquelin"],
    "Yeison": ["Jeison", "Jason"], "Dilan": ["Dylan", "Dilan"], "Évelin": ["Evelyn", "Evelin"],
    "Lesly": ["Leslie", "Lesli"], "Érick": ["Erik", "Eric"], "Éver": ["Heber", "Ever"],
    "Nery": ["Neri", "Nerí"], "Yolanda": ["Llolanda"], "Yénifer": ["Jennifer", "Yenifer"],
    "Keyla": ["Kayla", "Queila"], "Nayeli": ["Nayely", "Nallely"], "Marleny": ["Marlene", "Marleni"],
    "Aracely": ["Araceli", "Aracelis"], "Floridalma": ["Flor de María", "Floridalma"],
    "Otoniel": ["Othoniel"], "Josué": ["Josue", "Joshua"], "Henry": ["Henri", "Enrri"],
}  # fmt: skip
# Nicknames and diminutives: by whole compound name first, then by single name.
NICKNAMES = {
    "José": ["Chepe", "Pepe", "Chepito"], "Jesús": ["Chuy", "Chucho"],
    "José de Jesús": ["Chuy"], "Guadalupe": ["Lupe", "Lupita"], "María Guadalupe": ["Lupita"],
    "Francisco": ["Paco", "Pancho", "Chico"], "Francisca": ["Paquita", "Pancha"],
    "María José": ["Majo"], "Juan José": ["Juanjo"], "José Manuel": ["Chema"],
    "José María": ["Chema"], "Ana": ["Anita"], "Ana María": ["Anita"], "Ana Lucía": ["Anita"],
    "Rosario": ["Chayo"], "Ignacio": ["Nacho"], "Guillermo": ["Memo"], "Eduardo": ["Lalo"],
    "Antonio": ["Toño", "Tono"], "José Antonio": ["Toño"], "Concepción": ["Conchita", "Concha"],
    "María Concepción": ["Conchita"], "Dolores": ["Lola", "Lolita"], "Manuel": ["Manolo", "Meme"],
    "Alejandra": ["Ale"], "María Fernanda": ["Marifer", "Fer"], "Roberto": ["Beto"],
    "Alberto": ["Beto"], "Jorge Alberto": ["Beto"], "Rigoberto": ["Rigo"], "Enrique": ["Quique"],
    "Carlos Enrique": ["Quique"], "Isabel": ["Chabela"], "Josefa": ["Chepa"],
    "Mercedes": ["Meche"], "Catarina": ["Cata", "Caty"], "Juan": ["Juanito"],
    "Carlos": ["Carlitos"], "Rafael": ["Rafa"], "Santiago": ["Chago"], "Gregorio": ["Goyo"],
    "Magdalena": ["Malena", "Magda"], "María Magdalena": ["Malena"], "Candelaria": ["Cande"],
    "Rosa": ["Rosita"], "Rosa María": ["Rosy"], "Pedro": ["Pedrito", "Perucho"],
    "Miguel": ["Miguelito"], "Miguel Ángel": ["Miguelito"], "Fernando": ["Fercho", "Nando"],
    "Luis Fernando": ["Fercho"], "Alexander": ["Alex"], "Brayan Alexander": ["Alex"],
    "Jackeline": ["Jaqui"], "Kimberly": ["Kimi"], "Margarita": ["Magui"], "Ángel": ["Angelito"],
    "Tomás": ["Tomasito"], "Domingo": ["Mingo"], "María del Carmen": ["Maricarmen", "Carmen"],
    "María de los Ángeles": ["Marielos", "Ángeles"], "Dulce María": ["Dulce"],
    "Francisco Javier": ["Paco"], "Juan Francisco": ["Paco"], "Sandra Patricia": ["Paty"],
}  # fmt: skip

LANG_BY_COUNTRY = {
    "GT": [("spa", 50), ("mam", 14), ("quc", 12), ("kjb", 9), ("kek", 6), ("cak", 3),
           ("knj", 3), ("cac", 2), ("ixl", 1)],
    "HN": [("spa", 100)],
    "SV": [("spa", 100)],
    "MX": [("spa", 85), ("mix", 7), ("zap", 4), ("nah", 4)],
}  # fmt: skip
COUNTRY_WEIGHTS = [("GT", 48), ("HN", 31), ("SV", 13), ("MX", 8)]
COUNTRY_EN = {"GT": "Guatemala", "HN": "Honduras", "SV": "El Salvador", "MX": "Mexico"}
COUNTRY_ES = {"GT": "Guatemala", "HN": "Honduras", "SV": "El Salvador", "MX": "México"}
LANG_SPELLINGS = {
    "spa": ["Spanish", "SPANISH", "Español", "Espanol", "spa"],
    "mam": ["Mam", "MAM", "Mam (Guatemala)", "mam", "Idioma Mam"],
    "quc": ["K'iche'", "Quiché", "KICHE", "Quiche", "quc", "K'iche"],
    "kjb": ["Q'anjob'al", "Kanjobal", "KANJOBAL", "Qanjobal", "kjb"],
    "kek": ["Q'eqchi'", "Kekchi", "KEKCHI", "Q'eqchi", "kek"],
    "cak": ["Kaqchikel", "Cakchiquel", "KAQCHIKEL", "cak"],
    "knj": ["Akateko", "Akateco", "AKATEKO", "knj"],
    "cac": ["Chuj", "CHUJ", "cac"],
    "ixl": ["Ixil", "IXIL", "ixl"],
    "mix": ["Mixteco", "Mixtec", "MIXTECO"],
    "zap": ["Zapoteco", "Zapotec", "ZAPOTECO"],
    "nah": ["Náhuatl", "Nahuatl", "NAHUATL"],
}
LANG_ES_NAME = {
    "spa": "español", "mam": "mam", "quc": "k'iche'", "kjb": "q'anjob'al", "kek": "q'eqchi'",
    "cak": "kaqchikel", "knj": "akateko", "cac": "chuj", "ixl": "ixil", "mix": "mixteco",
    "zap": "zapoteco", "nah": "náhuatl",
}  # fmt: skip
HOME_PLACES = {
    "spa": {"GT": ["Guatemala", "Escuintla", "Jutiapa", "Chiquimula", "Zacapa"],
            "HN": ["San Pedro Sula", "Tegucigalpa", "Choluteca", "Olancho", "La Ceiba", "Copán"],
            "SV": ["San Salvador", "San Miguel", "Usulután", "Santa Ana", "La Unión"],
            "MX": ["Oaxaca", "Guerrero", "Michoacán", "Chiapas", "Puebla"]},
    "mam": ["Huehuetenango", "San Marcos", "Todos Santos Cuchumatán", "Concepción Chiquirichapa"],
    "quc": ["Santa Cruz del Quiché", "Totonicapán", "Quetzaltenango", "Momostenango"],
    "kjb": ["Santa Eulalia", "San Juan Ixcoy", "Soloma", "Barillas"],
    "kek": ["Cobán", "San Pedro Carchá", "Chisec", "Senahú"],
    "cak": ["Chimaltenango", "Tecpán", "Comalapa"],
    "knj": ["San Miguel Acatán", "San Rafael La Independencia"],
    "cac": ["San Mateo Ixtatán", "San Sebastián Coatán"],
    "ixl": ["Nebaj", "Chajul", "Cotzal"],
    "mix": ["Tlaxiaco", "Juxtlahuaca"], "zap": ["Juchitán", "Tlacolula"], "nah": ["Zongolica"],
}  # fmt: skip
BP_PLACES = [
    ("El Paso, TX", 12), ("Clint, TX", 4), ("McAllen, TX", 14), ("Weslaco, TX", 5),
    ("Rio Grande City, TX", 6), ("Yuma, AZ", 6), ("San Diego, CA", 4), ("Lordsburg, NM", 3),
    ("Santa Teresa, NM", 3), ("Laredo, TX", 4), ("Del Rio, TX", 3), ("Tucson, AZ", 4),
    ("Hidalgo, TX", 5), ("Brownsville, TX", 5),
]  # fmt: skip
ICE_FACILITIES = [
    ("Port Isabel Service Processing Center", "Los Fresnos, TX"),
    ("Otero County Processing Center", "Chaparral, NM"),
    ("Adelanto ICE Processing Center", "Adelanto, CA"), ("Eloy Detention Center", "Eloy, AZ"),
    ("Stewart Detention Center", "Lumpkin, GA"), ("Joe Corley Processing Center", "Conroe, TX"),
    ("Cibola County Correctional Center", "Milan, NM"),
    ("El Paso Service Processing Center", "El Paso, TX"),
    ("Northwest Detention Center", "Tacoma, WA"), ("West Texas Detention Facility", "Sierra Blanca, TX"),
    ("Krome Service Processing Center", "Miami, FL"), ("Karnes County Residential Center", "Karnes City, TX"),
]  # fmt: skip
SHELTERS = [
    ("Casa Esperanza", "Houston, TX"), ("Casa del Valle", "Harlingen, TX"),
    ("Hogar San José", "San Antonio, TX"), ("Children's Village North", "Dobbs Ferry, NY"),
    ("Casa Amistad", "Brownsville, TX"), ("Sunrise Youth Home", "Phoenix, AZ"),
    ("Lakeside Children's Center", "Chicago, IL"), ("Casa Girasol", "Tornillo, TX"),
    ("Bay Family Shelter", "Miami, FL"), ("Hope Youth Shelter", "Grand Rapids, MI"),
]  # fmt: skip
REMOVAL_PLACES = {
    "GT": "Removal flight - Guatemala City",
    "HN": "Removal flight - San Pedro Sula",
    "SV": "Removal flight - San Salvador",
    "MX": "Port of entry, Hidalgo TX",
}
PHONE_PREFIX = {"GT": "+502", "HN": "+504", "SV": "+503", "MX": "+52"}


# --------------------------------------------------------------------------- people
@dataclass(eq=False)
class Person:
    pid: str
    kind: str  # parent, home_parent, child, solo, uac, sponsor
    sex: str  # F / M
    given: str  # canonical given names ("María José")
    pat: str
    mat: str  # "" when the person has one surname
    dob: date
    country: str
    lang: str
    anum: str  # 9 digits, "" for people in no roster
    family: str = ""
    phone: str = ""
    records: list[tuple[str, dict]] = field(default_factory=list)


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def weighted(rng: random.Random, pairs):
    items, weights = zip(*pairs, strict=True)
    return rng.choices(items, weights=weights)[0]


def zipf_choice(rng: random.Random, pool: list[str], s: float = 0.9) -> str:
    weights = [1.0 / (i + 1) ** s for i in range(len(pool))]
    return rng.choices(pool, weights=weights)[0]


class World:
    """All people of one generated data set and the rosters that describe them."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.people: list[Person] = []
        self.anums: set[str] = set()
        self.links: list[tuple[Person, Person]] = []  # (parent, child)
        self.rows: dict[str, list[tuple[dict, Person, list[str]]]] = {s: [] for s in SOURCES}
        self.schedule: list[tuple[dict, Person]] = []
        self.fu_counter = 0

    # ---- identity draws
    def new_anum(self, old: bool = False) -> str:
        while True:
            num = (
                f"0{self.rng.randint(70_000_000, 99_999_999)}"
                if old
                else str(self.rng.randint(200_000_000, 216_999_999))
            )
            if num not in self.anums:
                self.anums.add(num)
                return num

    def given_name(self, sex: str, compound_rate: float = 0.35) -> str:
        rng = self.rng
        if rng.random() < compound_rate:
            return zipf_choice(rng, MALE_COMPOUND if sex == "M" else FEMALE_COMPOUND, 0.6)
        return zipf_choice(rng, MALE_GIVEN if sex == "M" else FEMALE_GIVEN, 0.8)

    def surname(self, country: str, lang: str) -> str:
        if lang in MAYAN_SURNAMES and self.rng.random() < 0.6:
            return zipf_choice(self.rng, MAYAN_SURNAMES[lang], 0.5)
        return zipf_choice(self.rng, SPANISH_SURNAMES[country], 0.7)

    def person(self, kind, sex, country, lang, dob, *, pat=None, mat=None, given=None,
               family="", in_rosters=True, old_anum_rate=0.0) -> Person:  # fmt: skip
        rng = self.rng
        p = Person(
            pid=f"H{len(self.people) + 1:06d}",
            kind=kind,
            sex=sex,
            given=given or self.given_name(sex),
            pat=pat if pat is not None else self.surname(country, lang),
            mat=mat
            if mat is not None
            else (self.surname(country, lang) if rng.random() > 0.03 else ""),
            dob=dob,
            country=country,
            lang=lang,
            anum=self.new_anum(rng.random() < old_anum_rate) if in_rosters else "",
            family=family,
        )
        if p.mat == p.pat and rng.random() < 0.7:
            p.mat = self.surname(country, lang)
        self.people.append(p)
        return p

    def home_phone(self, country: str) -> str:
        rng = self.rng
        digits = f"{rng.choice('345789')}{rng.randint(0, 9_999_999):07d}"
        style = rng.random()
        if style < 0.5:
            return f"{PHONE_PREFIX[country]} {digits[:4]} {digits[4:]}"
        if style < 0.8:
            return f"{PHONE_PREFIX[country][1:]}{digits}"
        return f"{digits[:4]}-{digits[4:]}"

    def us_phone(self) -> str:
        area = self.rng.choice(["713", "832", "214", "305", "323", "646", "404", "919", "504"])
        return f"({area}) 555-01{self.rng.randint(0, 99):02d}"


# --------------------------------------------------------------------------- error model
# Per-source rates. Each is the chance for one record; see README.md.
STYLE = {
    # upper: share written in capitals; ascii: accents stripped (given the case style)
    "apprehension": dict(upper=0.85, lower=0.0, ascii=0.92, short=0.14, second_only=0.02,
                         nick=0.01, drop_mat=0.12, swap=0.03, hyphen=0.04, misspell=0.07,
                         typo=0.03, fields_swapped=0.02, given_in_surname=0.03, full_only=0.0,
                         mayan_variant=0.25, lang_as_spanish=0.45),
    "detention": dict(upper=0.5, lower=0.0, ascii=0.75, short=0.12, second_only=0.02,
                      nick=0.005, drop_mat=0.14, swap=0.03, hyphen=0.05, misspell=0.06,
                      typo=0.03, fields_swapped=0.02, given_in_surname=0.03, full_only=0.35,
                      mayan_variant=0.25, lang_as_spanish=0.3),
    "shelter": dict(upper=0.05, lower=0.05, ascii=0.35, short=0.08, second_only=0.04,
                    nick=0.06, drop_mat=0.08, swap=0.02, hyphen=0.02, misspell=0.05,
                    typo=0.02, fields_swapped=0.01, given_in_surname=0.01, full_only=0.05,
                    mayan_variant=0.2, lang_as_spanish=0.15),
    "tracing": dict(upper=0.04, lower=0.03, ascii=0.15, short=0.08, second_only=0.02,
                    nick=0.05, drop_mat=0.03, swap=0.01, hyphen=0.0, misspell=0.02,
                    typo=0.02, fields_swapped=0.0, given_in_surname=0.0, full_only=0.5,
                    mayan_variant=0.1, lang_as_spanish=0.3),
}  # fmt: skip
PHONETIC = [
    ("v", "b"), ("b", "v"), ("z", "s"), ("s", "z"), ("ce", "se"), ("ci", "si"), ("ll", "y"),
    ("y", "ll"), ("ge", "je"), ("gi", "ji"), ("je", "ge"), ("ji", "gi"), ("rr", "r"),
    ("qu", "k"), ("x", "j"), ("ñ", "n"), ("ei", "ey"), ("ai", "ay"),
]  # fmt: skip


def phonetic_misspell(rng: random.Random, token: str) -> str:
    if token.startswith(("H", "h")) and len(token) > 3 and rng.random() < 0.3:
        return token[1].upper() + token[2:]
    low = token.lower()
    options = [(a, b) for a, b in PHONETIC if a in low[1:]]
    if not options:
        return typo(rng, token)
    a, b = rng.choice(options)
    i = low.index(a, 1)
    return token[:i] + b + token[i + len(a) :]


def typo(rng: random.Random, token: str) -> str:
    if len(token) < 4:
        return token + token[-1]
    i = rng.randint(1, len(token) - 2)
    kind = rng.random()
    if kind < 0.4:
        return token[:i] + token[i + 1] + token[i] + token[i + 2 :]
    if kind < 0.7:
        return token[:i] + token[i + 1 :]
    return token[:i] + token[i] + token[i:]


def nickname(rng: random.Random, given: str) -> str | None:
    if given in NICKNAMES:
        return rng.choice(NICKNAMES[given])
    for part in given.split():
        if part in NICKNAMES:
            return rng.choice(NICKNAMES[part])
    return None


def split_compound(given: str) -> list[str]:
    """'María de los Ángeles' -> ['María', 'de los Ángeles']."""
    words = given.split()
    out: list[str] = []
    i = 0
    while i < len(words):
        if words[i].lower() in ("de", "del") and out:
            j = i + 1
            while j < len(words) and words[j].lower() in ("la", "los", "las"):
                j += 1
            out.append(" ".join(words[i : j + 1]))
            i = j + 1
        else:
            out.append(words[i])
            i += 1
    return out


def render_case(text: str, case: str, ascii_: bool) -> str:
    if ascii_:
        text = strip_accents(text)
    if case == "upper":
        return text.upper()
    if case == "lower":
        return text.lower()
    return text


def name_parts(w: World, p: Person, src: str, errs: list[str], style: dict | None = None):
    """The person's name as this source writes it: (given_names, surnames, full_name)."""
    rng = w.rng
    st = style or STYLE[src]
    given_parts = split_compound(p.given)
    given = p.given
    if len(given_parts) > 1 and rng.random() < st["short"]:
        given = given_parts[0]
        errs.append("given-shortened")
    elif len(given_parts) > 1 and rng.random() < st["second_only"]:
        given = given_parts[1]
        errs.append("given-second-only")
    elif rng.random() < st["nick"] and (nick := nickname(rng, p.given)):
        given = nick
        errs.append("nickname")
    surn = [p.pat] + ([p.mat] if p.mat else [])
    if len(surn) == 2 and rng.random() < st["drop_mat"]:
        surn = surn[:1]
        errs.append("maternal-dropped")
    if len(surn) == 2 and rng.random() < st["swap"]:
        surn = surn[::-1]
        errs.append("surnames-swapped")
    for i, s in enumerate(surn):
        if s in MAYAN_VARIANTS and rng.random() < st["mayan_variant"]:
            surn[i] = rng.choice(MAYAN_VARIANTS[s])
            errs.append("mayan-spelling")
    if rng.random() < st["misspell"]:
        tokens = given.split() + surn
        k = rng.randrange(len(tokens))
        first = given.split()
        if k < len(first):
            tok = first[k]
            first[k] = (
                rng.choice(GIVEN_VARIANTS[tok])
                if tok in GIVEN_VARIANTS
                else phonetic_misspell(rng, tok)
            )
            given = " ".join(first)
            errs.append("given-misspelled")
        else:
            j = k - len(first)
            surn[j] = phonetic_misspell(rng, surn[j])
            errs.append("surname-misspelled")
    if rng.random() < st["typo"]:
        if rng.random() < 0.5:
            first = given.split()
            k = rng.randrange(len(first))
            first[k] = typo(rng, first[k])
            given = " ".join(first)
        else:
            j = rng.randrange(len(surn))
            surn[j] = typo(rng, surn[j])
        errs.append("typo")
    for i, s in enumerate(surn):
        if " " in s and s.split()[0].lower() in ("de", "del") and rng.random() < 0.25:
            surn[i] = s.replace(" ", "") if rng.random() < 0.5 else s.split()[-1]
            errs.append("particle")
    sep = " "
    if len(surn) == 2 and rng.random() < st["hyphen"]:
        sep = "-"
        errs.append("hyphenated")
    surnames = sep.join(surn)
    if len(split_compound(given)) > 1 and rng.random() < st["given_in_surname"]:
        first, rest = split_compound(given)[0], " ".join(split_compound(given)[1:])
        given, surnames = first, f"{rest} {surnames}"
        errs.append("second-given-in-surnames")
    elif rng.random() < st["fields_swapped"]:
        given, surnames = surnames, given
        errs.append("fields-swapped")
    r = rng.random()
    case = "upper" if r < st["upper"] else "lower" if r < st["upper"] + st["lower"] else "title"
    ascii_ = rng.random() < (st["ascii"] if case != "upper" else max(st["ascii"], 0.9))
    if ascii_ and strip_accents(given + surnames) != given + surnames:
        errs.append("accents-stripped")
    given, surnames = render_case(given, case, ascii_), render_case(surnames, case, ascii_)
    if rng.random() < st["full_only"]:
        errs.append("full-name-only")
        return "", "", f"{given} {surnames}"
    return given, surnames, ""


def render_date(w: World, d: date | None, fmt: str, errs: list[str] | None = None,
                *, placeholder=0.0, missing=0.0, year_off=0.0, dm_swap=0.0) -> str:  # fmt: skip
    rng = w.rng
    if d is None:
        return ""
    if errs is not None:
        if rng.random() < missing:
            errs.append("dob-missing")
            return ""
        if rng.random() < placeholder:
            d = date(d.year, 1, 1)
            errs.append("dob-placeholder")
        elif rng.random() < year_off:
            d = date(d.year + rng.choice((-1, 1)), d.month, min(d.day, 28))
            errs.append("dob-year-off")
        elif d.day <= 12 and d.day != d.month and rng.random() < dm_swap:
            d = date(d.year, d.day, d.month)
            errs.append("dob-day-month-swapped")
    if fmt == "ISO":
        return d.isoformat()
    if fmt == "MDY":
        return f"{d.month:02d}/{d.day:02d}/{d.year}"
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def render_anum(w: World, anum: str, src: str, errs: list[str]) -> str:
    rng = w.rng
    digits = list(anum)
    r = rng.random()
    if r < 0.015:
        i = rng.randrange(len(digits) - 1)
        digits[i], digits[i + 1] = digits[i + 1], digits[i]
        if digits != list(anum):
            errs.append("anum-transposed")
    elif r < 0.022:
        i = rng.randrange(1, len(digits))
        digits[i] = str((int(digits[i]) + rng.randint(1, 9)) % 10)
        errs.append("anum-digit-wrong")
    n = "".join(digits)
    s = rng.random()
    if src == "apprehension":
        return f"A{n}" if s < 0.8 else n
    if src == "detention":
        if s < 0.3:
            return f"A{n}"
        if s < 0.7:
            return f"{n[:3]}-{n[3:6]}-{n[6:]}"
        if s < 0.9:
            return f"A-{n.lstrip('0') if n.startswith('0') else n}"
        return n
    if s < 0.5:
        return f"A{n}"
    if s < 0.8:
        return n
    return f"A {n[:3]} {n[3:6]} {n[6:]}"


def render_country(w: World, code: str, src: str) -> str:
    rng = w.rng
    if rng.random() < 0.02:
        return ""
    r = rng.random()
    if src == "apprehension":
        return code if r < 0.6 else COUNTRY_EN[code].upper()
    if src == "detention":
        return COUNTRY_EN[code] if r < 0.7 else code if r < 0.9 else COUNTRY_EN[code].upper()
    return COUNTRY_ES[code] if r < 0.8 else code


def render_lang(w: World, lang: str, src: str) -> str:
    rng = w.rng
    if rng.random() < 0.03:
        return ""
    if lang != "spa" and rng.random() < STYLE[src]["lang_as_spanish"]:
        lang = "spa"
    spell = LANG_SPELLINGS[lang]
    if src == "apprehension":
        return rng.choice([s for s in spell if s.isupper()] or spell)
    if src == "shelter" and lang == "spa":
        return rng.choice(["Español", "Espanol", "español"])
    return rng.choice(spell)


def render_sex(w: World, sex: str, src: str) -> str:
    rng = w.rng
    if rng.random() < 0.004:
        sex = "F" if sex == "M" else "M"
    if rng.random() < 0.01:
        return ""
    if src == "detention":
        return "Female" if sex == "F" else "Male"
    if src == "shelter":
        return "Femenino" if sex == "F" else "Masculino"
    return sex


def related_as_child_says(
    w: World, parent: Person, child: Person, when: date, errs: list[str]
) -> str:
    """The parent's name as the child told the shelter caseworker."""
    rng = w.rng
    age = (when - child.dob).days // 365
    first = split_compound(parent.given)[0]
    r = rng.random()
    if age < 6:
        r = r * 0.8 + 0.2  # little children give partial names more often
    if r < 0.30:
        form, text = "full", f"{parent.given} {parent.pat} {parent.mat}".strip()
    elif r < 0.52:
        form, text = "first+paternal", f"{first} {parent.pat}"
    elif r < 0.62:
        nick = nickname(rng, parent.given) or first
        form, text = "nickname+paternal", f"{nick} {parent.pat}"
    elif r < 0.72:
        tokens = f"{parent.given} {parent.pat} {parent.mat}".split()
        k = rng.randrange(len(tokens))
        tokens[k] = phonetic_misspell(rng, tokens[k])
        form, text = "full-misspelled", " ".join(tokens)
    elif r < 0.80:
        form, text = "given+paternal", f"{parent.given} {parent.pat}"
    elif r < 0.85:
        form, text = (
            "surnames-first",
            f"{parent.pat} {parent.mat}, {parent.given}".replace(" ,", ","),
        )
    elif r < 0.90:
        form, text = "child-surnames", f"{first} {child.pat} {child.mat}".strip()
    elif r < 0.95:
        form, text = "first+both", f"{first} {parent.pat} {parent.mat}".strip()
    else:
        form, text = "given-only", parent.given
    errs.append(f"related:{form}")
    return text if rng.random() > 0.4 else strip_accents(text)


def relationship_word(w: World, parent: Person, src: str) -> str:
    if src == "tracing":
        return w.rng.choice(
            ["madre", "mamá", "mother"] if parent.sex == "F" else ["padre", "papá", "father"]
        )
    return w.rng.choice(
        ["mother", "madre", "mamá", "Mother", "MADRE"] if parent.sex == "F"
        else ["father", "padre", "papá", "Father", "PADRE"]
    )  # fmt: skip


def base_row(w: World, p: Person, src: str, errs: list[str], dfmt: str, role: str, *,
             anum_missing: float, dob_err: dict) -> dict:  # fmt: skip
    g, s, full = name_parts(w, p, src, errs)
    row = {h: "" for h in HEADER}
    row.update(
        role=role, given_names=g, surnames=s, full_name=full, sex=render_sex(w, p.sex, src),
        birth_date=render_date(w, p.dob, dfmt, errs, **dob_err),
        country_of_birth=render_country(w, p.country, src), language=render_lang(w, p.lang, src),
    )  # fmt: skip
    if w.rng.random() < anum_missing:
        errs.append("anum-missing")
    else:
        row["a_number"] = render_anum(w, p.anum, src, errs)
    return row


def add(w: World, src: str, p: Person, row: dict, errs: list[str]) -> None:
    w.rows[src].append((row, p, errs))


# --------------------------------------------------------------------------- source writers
def apprehension_row(w: World, p: Person, when: date, place: str, fu: str, *, minor: bool,
                     related: Person | None = None, notes: str = "") -> None:  # fmt: skip
    rng = w.rng
    errs: list[str] = []
    dob_err = dict(
        placeholder=0.05 if not minor else 0.03, missing=0.02, year_off=0.03, dm_swap=0.03
    )
    role = rng.choice(["MINOR", "minor", "JUVENILE"] if minor else ["ADULT", "adult"])
    row = base_row(w, p, "apprehension", errs, "MDY", role, anum_missing=0.03, dob_err=dob_err)
    if minor and p.kind == "child" and related is not None and rng.random() < 0.005:
        row["a_number"] = f"A{related.anum}"
        errs.append("anum-of-parent")
    row.update(
        event_date=render_date(w, when, "MDY"),
        event_place=place,
        facility=f"{place.split(',')[0].upper()} STATION",
        notes=notes,
    )
    if fu:
        row["family_unit_id"] = fu
    if related is not None:
        g, s, full = name_parts(w, related, "apprehension", [])
        row["related_name"] = full or f"{g} {s}".strip()
        row["related_relationship"] = (
            relationship_word(w, related, "apprehension")
            if related.kind != "child"
            else ("son" if related.sex == "M" else "daughter")
        )
    add(w, "apprehension", p, row, errs)


def detention_row(w: World, p: Person, when: date, fac: tuple[str, str], notes: str = "") -> dict:
    errs: list[str] = []
    dob_err = dict(placeholder=0.04, missing=0.01, year_off=0.03, dm_swap=0.02)
    row = base_row(w, p, "detention", errs, "ISO", w.rng.choice(["adult", "Adult", "ADULT"]),
                   anum_missing=0.01, dob_err=dob_err)  # fmt: skip
    row.update(
        event_date=render_date(w, when, "ISO"), event_place=fac[1], facility=fac[0], notes=notes
    )
    add(w, "detention", p, row, errs)
    return row


def shelter_row(w: World, child: Person, when: date, shelter: tuple[str, str], *,
                parent: Person | None, sponsor: tuple[Person, str] | None, notes: str) -> None:  # fmt: skip
    rng = w.rng
    errs: list[str] = []
    dob_err = dict(placeholder=0.02, missing=0.01, year_off=0.03, dm_swap=0.04)
    row = base_row(w, child, "shelter", errs, "DMY", rng.choice(["minor", "menor", "Menor"]),
                   anum_missing=0.25, dob_err=dob_err)  # fmt: skip
    row.update(
        event_date=render_date(w, when, "DMY"),
        event_place=shelter[1],
        facility=shelter[0],
        notes=notes,
    )
    if parent is not None:
        row["related_name"] = related_as_child_says(w, parent, child, when, errs)
        row["related_relationship"] = relationship_word(w, parent, "shelter")
        if parent.phone and rng.random() < 0.15:
            row["phone"] = parent.phone
    elif sponsor is not None:
        sp, rel = sponsor
        row["related_name"] = (
            f"{sp.given} {sp.pat} {sp.mat}".strip()
            if rng.random() < 0.6
            else f"{split_compound(sp.given)[0]} {sp.pat}"
        )
        row["related_relationship"] = rel
        row["phone"] = sp.phone
    add(w, "shelter", child, row, errs)


def tracing_row(w: World, child: Person, requester: Person, partner: Person, filed: date, sep_place: str,
                sep_date: date, removed: bool) -> None:  # fmt: skip
    rng = w.rng
    errs: list[str] = []
    dob_err = dict(placeholder=0.04, missing=0.03, year_off=0.02, dm_swap=0.02)
    row = base_row(w, child, "tracing", errs, "DMY", rng.choice(["minor", "menor"]),
                   anum_missing=0.9, dob_err=dob_err)  # fmt: skip
    places = HOME_PLACES[requester.lang]
    home = rng.choice(places[requester.country] if isinstance(places, dict) else places)
    row.update(event_date=render_date(w, filed, "DMY"), event_place=f"{home}, {requester.country}")
    r = rng.random()
    first = split_compound(requester.given)[0]
    if r < 0.70:
        rel_name, form = f"{requester.given} {requester.pat} {requester.mat}".strip(), "full"
    elif r < 0.83:
        rel_name, form = f"{first} {requester.pat} {requester.mat}".strip(), "first+both"
    elif r < 0.90 and requester.sex == "F":
        rel_name = f"{requester.given} {requester.pat} de {partner.pat}"
        form = "married-de"
    else:
        rel_name, form = f"{requester.given} {requester.pat}", "given+paternal"
    errs.append(f"related:{form}")
    row["related_name"] = rel_name if rng.random() > 0.15 else strip_accents(rel_name)
    row["related_relationship"] = relationship_word(w, requester, "tracing")
    row["phone"] = requester.phone
    son = "hijo" if child.sex == "M" else "hija"
    age = (filed - child.dob).days // 365
    nm = split_compound(child.given)[0]
    lang = LANG_ES_NAME[requester.lang]
    templates = [
        f"Busco a mi {son} {nm}, de {age} años. Nos separaron en {sep_place} en {sep_date:%m/%Y}.",
        f"Mi {son} {nm} quedó en un albergue en Estados Unidos y no sé dónde está.",
        f"Perdí contacto con mi {son} desde {sep_date:%m/%Y}. Me dijeron que estaba en Texas.",
        f"Solicitud de búsqueda. El niño/la niña viajaba conmigo; nos separaron en la frontera ({sep_place}).",
    ]
    note = rng.choice(templates)
    if removed:
        note += " " + rng.choice(
            [
                "Fui deportado/a.",
                "Me deportaron sin mi hijo/a.",
                "Regresé a mi país sin mi familia.",
            ]
        )
    if requester.lang != "spa":
        note += f" Habla {lang}, poco español."
    if rng.random() < 0.2:
        note += " Teléfono de una vecina."
    row["notes"] = note
    add(w, "tracing", child, row, errs)


# --------------------------------------------------------------------------- the world
def apprehension_date(rng: random.Random) -> date:
    if rng.random() < 0.7:
        return date(2018, 4, 15) + timedelta(days=rng.randint(0, 66))
    return date(2017, 7, 1) + timedelta(days=rng.randint(0, 288))


def dob_for_age(rng: random.Random, when: date, age: int) -> date:
    return when - timedelta(days=age * 365 + rng.randint(0, 364))


def build(families: int, seed: int) -> World:
    w = World(seed)
    rng = w.rng
    all_parents: list[Person] = []
    detained: list[Person] = []

    for f in range(1, families + 1):
        fam = f"F{f:05d}"
        country = weighted(rng, COUNTRY_WEIGHTS)
        lang = weighted(rng, LANG_BY_COUNTRY[country])
        when = apprehension_date(rng)
        place = weighted(rng, BP_PLACES)
        n_children = weighted(rng, [(1, 58), (2, 28), (3, 10), (4, 4)])
        eldest = weighted(
            rng, [(rng.randint(0, 4), 30), (rng.randint(5, 12), 45), (rng.randint(13, 17), 25)]
        )
        ages = [eldest]
        for _ in range(n_children - 1):
            ages.append(max(0, ages[-1] - rng.randint(1, 5)))
        travel = weighted(rng, [("mother", 55), ("father", 32), ("both", 13)])
        mom_age = max(18, eldest + rng.randint(17, 33))
        dad_age = max(18, mom_age + rng.randint(-3, 8))
        mother = w.person("parent" if travel in ("mother", "both") else "home_parent", "F", country, lang,
                          dob_for_age(rng, when, mom_age), family=fam, old_anum_rate=0.1,
                          in_rosters=travel in ("mother", "both"))  # fmt: skip
        father = w.person("parent" if travel in ("father", "both") else "home_parent", "M", country, lang,
                          dob_for_age(rng, when, dad_age), family=fam, old_anum_rate=0.1,
                          in_rosters=travel in ("father", "both"))  # fmt: skip
        for p in (mother, father):
            p.phone = w.home_phone(country)
        single_mother = travel == "mother" and rng.random() < 0.2
        travelling = [p for p in (mother, father) if p.kind == "parent"]
        children: list[Person] = []
        for age in ages:
            sex = rng.choice("FM")
            pat, mat = (mother.pat, mother.mat) if single_mother else (father.pat, mother.pat)
            given = w.given_name(sex, 0.4)
            while any(c.given == given for c in children):
                given = w.given_name(sex, 0.4)
            c = w.person("child", sex, country, lang, dob_for_age(rng, when, age), pat=pat,
                         mat=mat, given=given, family=fam)  # fmt: skip
            children.append(c)
        fu = ""
        if rng.random() < 0.8:
            w.fu_counter += 1
            fu = (
                f"FMUA-{when:%y}-{w.fu_counter:05d}"
                if rng.random() < 0.7
                else f"{w.fu_counter:07d}"
            )
        sep_note = rng.choice(
            [
                "",
                "",
                "Parent referred for prosecution 8 USC 1325",
                "SEPARATED",
                "Family unit separated - zero tolerance",
            ]
        )

        # Parents: apprehension 88 %, detention 85 % (a transfer re-lists 12 %).
        parent_seen: dict[str, bool] = {}
        for p in travelling:
            seen = False
            if rng.random() < 0.88:
                pfu = fu if fu and rng.random() < 0.92 else ""
                rel = rng.choice(children) if rng.random() < 0.15 else None
                apprehension_row(w, p, when, place, pfu, minor=False, related=rel, notes=sep_note)
                seen = True
            if rng.random() < 0.85:
                fac = rng.choice(ICE_FACILITIES)
                book = when + timedelta(days=rng.randint(1, 12))
                notes = rng.choice(
                    ["", "", "", "Separated from minor child", "Transferred from USMS custody"]
                )
                detention_row(w, p, book, fac, notes)
                detained.append(p)
                seen = True
                if rng.random() < 0.12:
                    fac2 = rng.choice([x for x in ICE_FACILITIES if x != fac])
                    detention_row(
                        w,
                        p,
                        book + timedelta(days=rng.randint(10, 40)),
                        fac2,
                        f"Transfer from {fac[0]}",
                    )
            parent_seen[p.pid] = seen
            all_parents.append(p)

        # A family's tracing request is filed by a travelling parent (or by the one who stayed home).
        traced = rng.random() < 0.35
        requester = None
        if traced:
            home = [p for p in (mother, father) if p.kind == "home_parent"]
            requester = rng.choice(home) if home and rng.random() < 0.15 else rng.choice(travelling)
            requester_partner = father if requester is mother else mother
        shelter = rng.choice(SHELTERS)
        for c in children:
            recs = 0
            # A 17-year-old may age out into adult detention (decided before any record is written).
            aged_out = 17 <= (when - c.dob).days / 365.25 < 18 and rng.random() < 0.25
            if aged_out:
                c.dob = when - timedelta(days=18 * 365 - rng.randint(5, 40))
            if rng.random() < 0.92:
                cfu = fu if fu and rng.random() < 0.9 else ""
                wrong_fu = bool(cfu) and rng.random() < 0.01
                if wrong_fu:  # typed from another family's sheet
                    cfu = f"FMUA-{when:%y}-{max(1, w.fu_counter - rng.randint(1, 30)):05d}"
                rel = rng.choice(travelling) if rng.random() < 0.2 else None
                apprehension_row(w, c, when, place, cfu, minor=True, related=rel, notes=sep_note)
                if wrong_fu:
                    w.rows["apprehension"][-1][2].append("family-unit-from-other-family")
                recs += 1
            in_shelter = rng.random() < 0.93 or recs == 0
            if in_shelter:
                said = rng.choice(travelling)
                notes = rng.choice(["", "", f"Menor indica que viajó con su {'mamá' if said.sex == 'F' else 'papá'}",
                                    "Child states parent detained at border", "Separado de su padre/madre en la frontera"])  # fmt: skip
                if c.lang != "spa" and rng.random() < 0.4:
                    notes = (notes + f" Habla {LANG_ES_NAME[c.lang]}, poco español.").strip()
                shelter_row(
                    w,
                    c,
                    when + timedelta(days=rng.randint(1, 4)),
                    shelter,
                    parent=said,
                    sponsor=None,
                    notes=notes,
                )
                recs += 1
            if traced and requester is not None and rng.random() < 0.9:
                tracing_row(
                    w,
                    c,
                    requester,
                    requester_partner,
                    when + timedelta(days=rng.randint(60, 360)),
                    place,
                    when,
                    removed=rng.random() < 0.5,
                )
            if aged_out and in_shelter:
                fac = rng.choice(ICE_FACILITIES)
                detention_row(
                    w,
                    c,
                    c.dob.replace(year=c.dob.year + 18) + timedelta(days=rng.randint(1, 5)),
                    fac,
                    "Aged out from ORR custody",
                )
                detained.append(c)
                c.kind = "aged_out"
            w.links.extend((p, c) for p in travelling)
            if requester is not None and requester.kind == "home_parent":
                w.links.append((requester, c))

    # Unaccompanied children naming a sponsor who is in no roster: 12 % of the family count.
    for _ in range(max(1, families * 12 // 100)):
        country = weighted(rng, COUNTRY_WEIGHTS)
        lang = weighted(rng, LANG_BY_COUNTRY[country])
        when = apprehension_date(rng)
        c = w.person(
            "uac", rng.choice("FM"), country, lang, dob_for_age(rng, when, rng.randint(8, 17))
        )
        rel = weighted(rng, [("tío", 28), ("tía", 28), ("primo", 8), ("prima", 7), ("hermano", 6),
                             ("hermana", 5), ("abuela", 3), ("madre", 10), ("padre", 5)])  # fmt: skip
        sex = "F" if rel in ("tía", "prima", "hermana", "abuela", "madre") else "M"
        shares = rel in ("tío", "hermano", "hermana", "padre") or rng.random() < 0.3
        sp = w.person("sponsor", sex, country, lang, dob_for_age(rng, when, rng.randint(20, 55)),
                      pat=c.pat if shares else None, in_rosters=False)  # fmt: skip
        sp.phone = w.us_phone()
        if rng.random() < 0.85:
            apprehension_row(w, c, when, weighted(rng, BP_PLACES), "", minor=True, notes="UAC")
        shelter_row(w, c, when + timedelta(days=rng.randint(1, 4)), rng.choice(SHELTERS), parent=None,
                    sponsor=(sp, rel), notes=rng.choice(["UAC", "Menor no acompañado", "Sponsor in US", ""]))  # fmt: skip

    # Adults in detention with no child: about as many as families; 4 % are namesakes of a parent.
    for _ in range(families):
        country = weighted(rng, COUNTRY_WEIGHTS)
        lang = weighted(rng, LANG_BY_COUNTRY[country])
        when = apprehension_date(rng)
        sex = "M" if rng.random() < 0.75 else "F"
        twin = rng.choice(all_parents) if all_parents and rng.random() < 0.04 else None
        if twin is not None:
            a = w.person("solo", twin.sex, twin.country if rng.random() < 0.7 else country, twin.lang,
                         dob_for_age(rng, when, max(18, (when - twin.dob).days // 365 + rng.choice([-9, -6, -4, 3, 5, 8]))),
                         pat=twin.pat, mat=twin.mat, given=twin.given, old_anum_rate=0.1)  # fmt: skip
        else:
            a = w.person(
                "solo",
                sex,
                country,
                lang,
                dob_for_age(rng, when, rng.randint(18, 55)),
                old_anum_rate=0.1,
            )
        if rng.random() < 0.5:
            apprehension_row(
                w,
                a,
                when,
                weighted(rng, BP_PLACES),
                "",
                minor=False,
                notes=rng.choice(["", "Single adult", "8 USC 1326"]),
            )
        fac = rng.choice(ICE_FACILITIES)
        book = when + timedelta(days=rng.randint(1, 12))
        detention_row(w, a, book, fac, rng.choice(["", "", "Final order", "Reinstatement"]))
        detained.append(a)
        if rng.random() < 0.12:
            fac2 = rng.choice([x for x in ICE_FACILITIES if x != fac])
            detention_row(
                w, a, book + timedelta(days=rng.randint(10, 40)), fac2, f"Transfer from {fac[0]}"
            )

    # The removal schedule: one row per detained adult, as ICE lists it (its latest detention row).
    for p in dict.fromkeys(detained):
        last = [row for row, q, _ in w.rows["detention"] if q is p][-1]
        row = dict(last)
        row.update(event_date=(date.fromisoformat(last["event_date"]) + timedelta(days=rng.randint(7, 60))).isoformat(),
                   event_place=REMOVAL_PLACES[p.country],
                   notes="Scheduled for removal", related_name="", related_relationship="", phone="")  # fmt: skip
        if rng.random() < 0.3:
            schedule_variation(w, p, row)
        w.schedule.append((row, p))
    return w


def schedule_variation(w: World, p: Person, row: dict) -> None:
    """One more small difference, as a second ICE export of the same person would have."""
    rng = w.rng
    kind = rng.choice(["anum", "case", "accents", "maternal", "given"])
    if kind == "anum" and row["a_number"]:
        row["a_number"] = render_anum(w, p.anum, "detention", [])
    elif kind == "case":
        for k in ("given_names", "surnames", "full_name"):
            row[k] = row[k].upper() if row[k] != row[k].upper() else row[k].title()
    elif kind == "accents":
        for k in ("given_names", "surnames", "full_name"):
            row[k] = strip_accents(row[k])
    elif kind == "maternal" and len(row["surnames"].split()) >= 2:
        row["surnames"] = row["surnames"].split()[0]
    elif kind == "given" and len(row["given_names"].split()) >= 2:
        row["given_names"] = row["given_names"].split()[0]


# --------------------------------------------------------------------------- output
PREFIX = {"apprehension": "APR", "detention": "DET", "shelter": "SHL", "tracing": "TRC"}


def write(w: World, out: Path) -> dict[str, int]:
    rng = w.rng
    (out / "truth").mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    persons_truth: list[tuple[str, str, str]] = []
    meta: list[tuple] = []
    in_data: set[str] = set()
    for src in SOURCES:
        rows = w.rows[src]
        rng.shuffle(rows)
        with open(out / f"{src}.csv", "w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=HEADER, lineterminator="\n")
            writer.writeheader()
            for i, (row, p, errs) in enumerate(rows, 1):
                row["record_id"] = f"{PREFIX[src]}-{i:06d}"
                if src == "detention" and i % 500 == 0:
                    writer.writeheader()  # the ICE export repeats its header at each page break
                writer.writerow(row)
                persons_truth.append((src, row["record_id"], p.pid))
                meta.append((src, row["record_id"], p.pid, p.kind, p.family, ";".join(errs)))
                in_data.add(p.pid)
        counts[src] = len(rows)
    with open(out / "truth" / "persons.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["source", "record_id", "person_id"])
        writer.writerows(persons_truth)
    with open(out / "truth" / "record_errors.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["source", "record_id", "person_id", "kind", "family", "errors"])
        writer.writerows(meta)
    links = sorted({(a.pid, b.pid) for a, b in w.links if a.pid in in_data and b.pid in in_data})
    with open(out / "truth" / "parent_child.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["parent_person_id", "child_person_id"])
        writer.writerows(links)
    with open(out / "truth" / "people.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["person_id", "kind", "family", "sex", "given_names", "surname_paternal",
                         "surname_maternal", "birth_date", "country", "language", "a_number", "in_rosters"])  # fmt: skip
        for p in w.people:
            writer.writerow([p.pid, p.kind, p.family, p.sex, p.given, p.pat, p.mat, p.dob.isoformat(),
                             p.country, p.lang, p.anum, int(p.pid in in_data)])  # fmt: skip
    parents_with_child = {a for a, _ in links}
    with open(out / "schedule.csv", "w", newline="", encoding="utf-8") as fh, \
            open(out / "truth" / "schedule.csv", "w", newline="", encoding="utf-8") as th:  # fmt: skip
        writer = csv.DictWriter(fh, fieldnames=HEADER, lineterminator="\n")
        writer.writeheader()
        twriter = csv.writer(th, lineterminator="\n")
        twriter.writerow(["record_id", "person_id", "is_separated_parent"])
        for i, (row, p) in enumerate(w.schedule, 1):
            row["record_id"] = f"SCH-{i:06d}"
            writer.writerow(row)
            twriter.writerow([row["record_id"], p.pid, int(p.pid in parents_with_child)])
    counts["schedule"] = len(w.schedule)
    counts["parent_child_links"] = len(links)
    counts["persons_in_rosters"] = len(in_data)
    return counts


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--families", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)
    world = build(args.families, args.seed)
    counts = write(world, args.out)
    print(", ".join(f"{k}: {v:,}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
