"""Invented-name material: common given names, surnames, nicknames and clerk abbreviations.

Every list is ordered from most to least common; `sampling.zipf_table` turns the order into weights.
The lists are common names only (public census-style knowledge), so any combination the generator
draws is a made-up person. Spellings are the correct ones, with accents; errors are added later.
"""

from __future__ import annotations

from typing import Final

# fmt: off

# --- Given names ------------------------------------------------------------------------------

MALE_GIVEN: Final = (
    "José", "Juan", "Luis", "Carlos", "Jorge", "Miguel", "Marvin", "Francisco", "Jesús", "Mario",
    "Pedro", "Antonio", "Manuel", "Óscar", "Edwin", "Santos", "Walter", "Nelson", "Erick", "Wilmer",
    "Elmer", "Selvin", "Byron", "Javier", "Julio", "Héctor", "Roberto", "Ángel", "Fernando",
    "Ricardo", "Víctor", "Eduardo", "Sergio", "Daniel", "David", "Rigoberto", "Denis", "Cristian",
    "Rafael", "Alfredo", "Ramón", "Rubén", "Hugo", "Edgar", "Fredy", "Henry", "Gerson", "Wilson",
    "Melvin", "Josué", "Domingo", "Pascual", "Gaspar", "Andrés", "Lucas", "Tomás", "Mateo", "Diego",
    "Pablo", "Sebastián", "Alejandro", "Guillermo", "Ignacio", "Enrique", "Alberto", "Gregorio",
    "Vicente", "Lorenzo", "Alfonso", "Ernesto", "Rodolfo", "Gustavo", "Raúl", "Adrián", "Emilio",
    "Baltazar", "Isaac", "Abner", "Elías", "Gabriel", "Rolando", "Oswaldo", "Ismael", "Efraín",
    "Salvador", "Santiago", "Felipe", "Armando", "Gilberto", "Leonel", "Abel", "Benjamín", "Moisés",
    "Samuel", "Noé", "Esteban", "Cristóbal", "Marcos", "Simón", "Jacinto",
)

FEMALE_GIVEN: Final = (
    "María", "Ana", "Rosa", "Juana", "Marta", "Sandra", "Gloria", "Blanca", "Carmen", "Yesenia",
    "Wendy", "Karla", "Reina", "Sonia", "Glenda", "Dilcia", "Lesly", "Heidy", "Elena", "Lucía",
    "Catalina", "Isabel", "Josefina", "Guadalupe", "Rosario", "Dolores", "Concepción", "Mercedes",
    "Alicia", "Teresa", "Patricia", "Gabriela", "Leticia", "Consuelo", "Margarita", "Silvia",
    "Claudia", "Brenda", "Evelyn", "Ingrid", "Jessica", "Alejandra", "Marisol", "Elsa", "Irma",
    "Olga", "Miriam", "Ruth", "Esther", "Magdalena", "Petrona", "Micaela", "Tomasa", "Candelaria",
    "Elvira", "Aracely", "Nohemí", "Suyapa", "Xiomara", "Iris", "Lidia", "Norma", "Delmy",
    "Yolanda", "Lorena", "Mayra", "Angélica", "Verónica", "Griselda", "Floridalma", "Amalia",
    "Manuela", "Feliciana", "Juliana", "Francisca", "Antonia", "Damaris", "Yaneth", "Josefa",
    "Cecilia", "Paula", "Sara", "Lilian", "Vilma", "Zoila", "Celia", "Berta", "Hilda",
)

# Names given mostly to children born 2000–2018: they are mixed into the children's draws.
MALE_GIVEN_YOUNG: Final = (
    "Kevin", "Brayan", "Anderson", "Jefferson", "Dylan", "Brandon", "Anthony", "Axel", "Yordi",
    "Joshua", "Jonathan", "Alexander", "Cristopher", "Jairo", "Franklin", "Yeison", "Ángel",
    "Mateo", "Santiago", "Josué", "Diego", "Jostin", "Estiven", "Eliseo", "Elder", "Wilder",
)
FEMALE_GIVEN_YOUNG: Final = (
    "Génesis", "Ashley", "Dayana", "Kimberly", "Nicole", "Britany", "Angie", "Yoselin", "Emily",
    "Camila", "Valentina", "Allison", "Daniela", "Fernanda", "Valeria", "Andrea", "Paola", "Sofía",
    "Jennifer", "Katherine", "Melany", "Heydi", "Yuri", "Abigail", "Dulce", "Keyla",
)

# Compound given names, as (first, second) name units. "del Carmen" is one unit.
MALE_COMPOUND: Final = (
    ("Juan", "Carlos"), ("José", "Luis"), ("José", "Antonio"), ("Juan", "José"),
    ("Luis", "Fernando"), ("Carlos", "Alberto"), ("Jesús", "Alberto"), ("José", "María"),
    ("Juan", "Pablo"), ("Miguel", "Ángel"), ("José", "Francisco"), ("Marvin", "Josué"),
    ("Edwin", "Orlando"), ("Santos", "Rigoberto"), ("Kevin", "Alexander"), ("Brayan", "Josué"),
    ("Juan", "Francisco"), ("José", "Guillermo"), ("Pedro", "Pablo"), ("José", "Ignacio"),
)
FEMALE_COMPOUND: Final = (
    ("María", "José"), ("Ana", "María"), ("María", "Guadalupe"), ("María", "Fernanda"),
    ("María", "del Carmen"), ("María", "de los Ángeles"), ("Rosa", "María"), ("María", "Isabel"),
    ("María", "Elena"), ("María", "Teresa"), ("Juana", "Isabel"), ("María", "Dolores"),
    ("María", "Concepción"), ("María", "Rosario"), ("Ana", "Lucía"), ("Sandra", "Patricia"),
    ("Blanca", "Rosa"), ("Heidy", "Yamileth"), ("Dayana", "Michelle"), ("Génesis", "Abigail"),
    ("María", "Magdalena"), ("Glenda", "Carolina"), ("María", "Josefa"),
)

# --- Surnames ---------------------------------------------------------------------------------

COMMON_SURNAMES: Final = (
    "López", "Pérez", "García", "Hernández", "Martínez", "Rodríguez", "González", "Ramírez",
    "Morales", "Cruz", "Reyes", "Flores", "Sánchez", "Díaz", "Gómez", "Méndez", "Castillo", "Ortiz",
    "Juárez", "Vásquez", "Velásquez", "Jiménez", "Chávez", "Aguilar", "Ramos", "Mejía", "Castro",
    "Rivera", "Gutiérrez", "Torres", "Mendoza", "Romero", "Álvarez", "Santos", "Ruiz", "Domínguez",
    "Estrada", "Alvarado", "Contreras", "Salazar", "Herrera", "Orellana", "Escobar", "Pineda",
    "Rosales", "Cardona", "Guzmán", "Marroquín", "Recinos", "Fuentes", "Zelaya", "Paz", "Cabrera",
    "Ordóñez", "Barrios", "Arévalo", "Lemus", "Villatoro", "Calderón", "Guevara", "Maldonado",
    "Quiñónez", "Bautista", "Carrillo", "Figueroa", "Portillo", "Rivas", "Sosa", "Molina", "Zepeda",
    "Gálvez", "Cano", "Muñoz", "Peña", "Vargas", "Miranda", "Soto", "Navarro", "Ávila", "Solís",
    "Ayala", "Valle", "Bonilla", "Lara", "Núñez", "Cifuentes", "Aldana", "Aguirre", "Vega",
    "Barahona", "Hidalgo", "Villeda", "Zúñiga", "Medina", "Vallejo", "De León", "De la Cruz",
    "Del Cid", "De Paz", "De Jesús", "De los Santos",
)

# Surnames more frequent in one country than in the common list: mixed in for that country.
COUNTRY_SURNAMES: Final[dict[str, tuple[str, ...]]] = {
    "GT": (
        "De León", "Monterroso", "Mazariegos", "Galindo", "Tobar", "Rac", "Xitumul", "Chacón",
        "Alonzo", "Barrientos", "Pacheco", "Quiroa", "Coronado", "Son", "Godínez", "Samayoa",
        "Bámaca", "Chilel", "Escalante", "Roblero", "Cinto", "Ixcot",
    ),
    "HN": (
        "Funez", "Maradiaga", "Banegas", "Cálix", "Argueta", "Amaya", "Padilla", "Suazo", "Euceda",
        "Irías", "Matute", "Sevilla", "Midence", "Lagos", "Membreño", "Andino", "Discua", "Erazo",
        "Sierra", "Castellanos", "Canales", "Osorto", "Fiallos", "Galeas",
    ),
    "SV": (
        "Argueta", "Sorto", "Menjívar", "Recinos", "Chicas", "Henríquez", "Alfaro", "Guardado",
        "Ventura", "Villalta", "Cornejo", "Quintanilla", "Granados", "Navarrete", "Hércules",
        "Benítez", "Rauda", "Aparicio", "Fuentes", "Amaya", "Ramos", "Machado",
    ),
    "MX": (
        "Vázquez", "Moreno", "Velázquez", "Rojas", "Luna", "Ortega", "Santiago", "Guerrero",
        "Medina", "Cortés", "Delgado", "Ibarra", "Nava", "Villanueva", "Hurtado", "Tapia",
    ),
    "NI": (
        "Téllez", "Obando", "Espinoza", "Membreño", "Chamorro", "Lacayo", "Úbeda", "Urbina",
        "Palacios", "Dávila", "Carcamo", "Zeledón", "Orozco", "Narváez",
    ),
    "EC": (
        "Guamán", "Quishpe", "Chimbo", "Tenesaca", "Zhunio", "Lema", "Pillajo", "Cevallos",
        "Yupangui", "Caguana", "Morocho", "Naula", "Guncay", "Loja",
    ),
}

# Surnames of speakers of each indigenous language: Mayan spellings in Guatemala, Spanish
# surnames that double as given names among Q'anjob'al/Akateko/Chuj speakers.
LANGUAGE_SURNAMES: Final[dict[str, tuple[str, ...]]] = {
    "quc": (
        "Tzoc", "Ixcoy", "Ajanel", "Cux", "Tzul", "Chiquin", "Tambriz", "Xicará", "Ajpop", "Quiej",
        "Batz", "Tzunun", "Puac", "Coxaj", "Chanchavac", "Sapón", "Guarchaj", "Chox", "Tay", "Xoc",
        "Cotom", "Tol", "Sic", "Ixtos", "Pu", "Yac", "Sac", "Chavajay",
    ),
    "mam": (
        "Bámaca", "Chilel", "Cinto", "Tomás", "Tut", "Roblero", "Matías", "Escalante", "Ramírez",
        "Velásquez", "Jiménez", "Ordóñez", "Gabriel", "Domingo", "Cabrera", "Mejía", "Lucas",
        "Maldonado", "Pérez", "López",
    ),
    "kjb": (
        "Pascual", "Francisco", "Mateo", "Domingo", "Diego", "Pedro", "Andrés", "Juan", "Tomás",
        "Gaspar", "Sebastián", "Lucas", "Alonzo", "Baltazar", "Simón", "Marcos", "Antonio",
        "Miguel", "Manuel",
    ),
    "knj": (
        "Pedro", "Mateo", "Domingo", "Gómez", "Pérez", "Ramírez", "Jorge", "Andrés", "Silvestre",
        "Lorenzo", "Diego", "Tadeo",
    ),
    "kek": (
        "Caal", "Pop", "Coc", "Choc", "Cac", "Tiul", "Bol", "Maquin", "Ical", "Coy", "Sis", "Tux",
        "Chen", "Chub", "Xol", "Cuz", "Botzoc", "Quej", "Tzalam", "Cucul", "Xuc", "Rax", "Yat",
    ),
    "cak": (
        "Xinico", "Boc", "Cúmes", "Sotz", "Xon", "Chicol", "Coroy", "Otzoy", "Guit", "Tubac",
        "Yool", "Sicajau", "Tun", "Tut", "Xicay", "Ajsivinac", "Sirín",
    ),
    "cac": (
        "Pascual", "Diego", "Mateo", "Domingo", "Tomás", "Lucas", "Jorge", "Gaspar", "Hernández",
        "Velásquez", "Andrés",
    ),
    "ixl": (
        "Raymundo", "Cobo", "Ceto", "Brito", "Chávez", "Matóm", "Sajic", "Toma", "Bernal",
        "Terraza", "Cedillo", "Pérez",
    ),
    "mix": ("Santiago", "Bautista", "Cruz", "Mendoza", "López", "Ramírez", "Jiménez", "Ortiz"),
    "zap": ("Santiago", "Martínez", "Cruz", "Vásquez", "Ruiz", "Matus", "Toledo", "Luis"),
    "nah": ("Tepetla", "Xocua", "Tlaxcala", "Cuahutle", "Hernández", "Martínez", "Flores"),
    "trc": ("Merino", "Ramírez", "Martínez", "Santiago", "López", "Hernández"),
    "cab": ("Castillo", "Martínez", "Álvarez", "Bernárdez", "Colón", "Sabio", "Arzú"),
    "miq": ("Wood", "Bent", "Cruz", "Gómez", "Müller", "Tatallón", "Mejía"),
}

# Mayan surnames, for the spelling variants a clerk produces "as they heard the sounds".
MAYAN_SURNAMES: Final = frozenset(
    name for code in ("quc", "kek", "cak", "ixl") for name in LANGUAGE_SURNAMES[code]
) | frozenset({"Tut", "Chilel", "Cinto", "Bámaca", "Ixcot", "Xitumul", "Rac", "Son"})

# --- Nicknames and abbreviations --------------------------------------------------------------

# Keyed by the name unit (or the whole compound) a nickname stands for.
NICKNAMES: Final[dict[str, tuple[str, ...]]] = {
    "Jesús": ("Chuy", "Chucho", "Chus"),
    "José": ("Pepe", "Chepe", "Cheo"),
    "Guadalupe": ("Lupe", "Lupita"),
    "Francisco": ("Paco", "Pancho", "Chico"),
    "Ignacio": ("Nacho",),
    "Guillermo": ("Memo",),
    "Eduardo": ("Lalo",),
    "Antonio": ("Toño", "Tono"),
    "Rosario": ("Chayo", "Charo"),
    "Alberto": ("Beto",),
    "Roberto": ("Beto", "Tito"),
    "Enrique": ("Quique",),
    "Alfonso": ("Poncho",),
    "Ernesto": ("Neto",),
    "Fernando": ("Nando",),
    "Gregorio": ("Goyo",),
    "Vicente": ("Chente",),
    "Lorenzo": ("Lencho",),
    "Rodolfo": ("Fito", "Chofo"),
    "Sergio": ("Checo", "Chejo"),
    "Santiago": ("Chago",),
    "Salvador": ("Chava",),
    "Manuel": ("Manolo", "Meme"),
    "Luis": ("Wicho", "Güicho"),
    "Felipe": ("Pipe",),
    "Benjamín": ("Mincho",),
    "Concepción": ("Concha", "Conchita"),
    "Dolores": ("Lola", "Lolita"),
    "Mercedes": ("Meches",),
    "Isabel": ("Chabela", "Chavela"),
    "Consuelo": ("Chelo",),
    "Alicia": ("Licha",),
    "Teresa": ("Tere",),
    "Patricia": ("Paty",),
    "Gabriela": ("Gaby",),
    "Leticia": ("Lety",),
    "Josefa": ("Pepa", "Chepita"),
    "Margarita": ("Mago", "Maggie"),
    "Juan": ("Juanito",),
    "Carlos": ("Carlitos",),
    "Pedro": ("Pedrito",),
    "Ana": ("Anita",),
    "Rosa": ("Rosita",),
    "Marcos": ("Marquitos",),
    "Miguel": ("Migue",),
    "Santos": ("Chando",),
    "Francisca": ("Pancha", "Paquita"),
    "Candelaria": ("Cande",),
    "Catalina": ("Cata",),
    "Petrona": ("Petro",),
    "Magdalena": ("Malena",),
    "Daniela": ("Dani",),
    "Alejandro": ("Alex",),
    "Alexander": ("Alex",),
    "Valentina": ("Vale",),
    "Jonathan": ("Jona",),
    "Josué": ("Josu",),
    "María José": ("Majo",),
    "José María": ("Chema",),
    "Juan José": ("Juanjo",),
    "María del Carmen": ("Maricarmen",),
    "María de los Ángeles": ("Marielos",),
    "María Fernanda": ("Mafer",),
    "María Teresa": ("Maite",),
    "María Isabel": ("Maribel",),
    "Juan Pablo": ("Juampa",),
}

# Clerk abbreviations of given-name units and surnames (the list the normalizer expands).
GIVEN_ABBREVIATIONS: Final[dict[str, tuple[str, ...]]] = {
    "María": ("Ma.", "Ma", "M."),
    "José": ("J.", "Jo."),
    "Francisco": ("Fco.", "Fco"),
    "Guadalupe": ("Gpe.", "Gpe"),
}
SURNAME_ABBREVIATIONS: Final[dict[str, tuple[str, ...]]] = {
    "Hernández": ("Hdz.", "Hdz"),
    "González": ("Glz.", "Gzz."),
    "Martínez": ("Mtz.", "Mtz"),
    "Rodríguez": ("Rdz.", "Rdz"),
    "Santiago": ("Stgo.",),
}
