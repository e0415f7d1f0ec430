"""The demo organisation: the Municipality of Istog's directorates and offices,
with a few fictional people in each, so every role can be tried at once.

Loading is idempotent: units are matched by code and people by email, so
running `flask demo load` twice changes nothing the second time.
"""

from __future__ import annotations

from intranet.admin.models import Setting
from intranet.extensions import db
from intranet.people.models import Person, RoleAssignment, Unit

# code, kind, parent code, (sq, sr, en)
UNITS = [
    ("DA", "directorate", None, ("Drejtoria e Administratës", "Direkcija za administraciju", "Directorate of Administration")),
    ("DEZH", "directorate", None, ("Drejtoria për Ekonomi dhe Zhvillim", "Direkcija za ekonomiju i razvoj", "Directorate of Economy and Development")),
    ("DI", "directorate", None, ("Drejtoria e Inspekcionit", "Direkcija za inspekciju", "Directorate of Inspection")),
    ("DSH", "directorate", None, ("Drejtoria e Shëndetësisë", "Direkcija za zdravstvo", "Directorate of Health")),
    ("DMS", "directorate", None, ("Drejtoria e Mirëqenies Sociale", "Direkcija za socijalnu zaštitu", "Directorate of Social Welfare")),
    ("DASH", "directorate", None, ("Drejtoria e Arsimit", "Direkcija za obrazovanje", "Directorate of Education")),
    ("DKRS", "directorate", None, ("Drejtoria e Kulturës, Rinisë dhe Sportit", "Direkcija za kulturu, omladinu i sport", "Directorate of Culture, Youth and Sport")),
    ("DSHP", "directorate", None, ("Drejtoria e Shërbimeve Publike", "Direkcija za javne službe", "Directorate of Public Services")),
    ("DEMS", "directorate", None, ("Drejtoria e Emergjencave, Mbrojtjes dhe Shpëtimit", "Direkcija za vanredne situacije, zaštitu i spasavanje", "Directorate of Emergencies, Protection and Rescue")),
    ("DUMM", "directorate", None, ("Drejtoria e Urbanizmit dhe Mbrojtjes së Mjedisit", "Direkcija za urbanizam i zaštitu životne sredine", "Directorate of Urban Planning and Environment")),
    ("DKGJ", "directorate", None, ("Drejtoria e Kadastrës dhe Gjeodezisë", "Direkcija za katastar i geodeziju", "Directorate of Cadastre and Geodesy")),
    ("DBF", "directorate", None, ("Drejtoria e Buxhetit dhe Financave", "Direkcija za budžet i finansije", "Directorate of Budget and Finance")),
    ("DBU", "directorate", None, ("Drejtoria e Bujqësisë", "Direkcija za poljoprivredu", "Directorate of Agriculture")),
    ("KAB", "cabinet", None, ("Kabineti i Kryetarit", "Kabinet predsednika opštine", "Mayor's Cabinet")),
    ("ZL", "office", "KAB", ("Zyra Ligjore", "Pravna kancelarija", "Legal Office")),
    ("ZIP", "office", "KAB", ("Zyra për Informim Publik", "Kancelarija za javno informisanje", "Public Information Office")),
    ("ZIE", "office", "KAB", ("Zyra për Integrime Evropiane", "Kancelarija za evropske integracije", "European Integration Office")),
    ("ZKK", "office", "KAB", ("Zyra për Komunitete dhe Kthim", "Kancelarija za zajednice i povratak", "Office for Communities and Return")),
    ("AB", "office", "KAB", ("Auditori i Brendshëm", "Unutrašnji revizor", "Internal Auditor")),
    ("AKP", "office", "KAB", ("Avokatura Publike Komunale", "Opštinsko javno pravobranilaštvo", "Municipal Public Attorney")),
    ("SHTP", "office", "KAB", ("Shërbimi Teknik dhe i Protokollit", "Tehnička i protokolarna služba", "Technical and Protocol Service")),
    ("ZT", "office", "KAB", ("Zyra e Turizmit", "Kancelarija za turizam", "Tourism Office")),
    ("NJP", "unit", "DA", ("Njësia e Personelit", "Jedinica za kadrove", "Personnel Unit")),
    ("ZTI", "unit", "DA", ("Zyra e Teknologjisë Informative", "Kancelarija za informacione tehnologije", "IT Office")),
]

# The people who make every role reachable from the development sign-in.
# email local part, name, unit code, position, language, roles, heads unit
KEY_PEOPLE = [
    ("kryetari", "Agim Berisha", "KAB", "Kryetar i Komunës", "sq", ["cabinet"], "KAB"),
    ("shefi.kabinetit", "Mimoza Krasniqi", "KAB", "Shefe e Kabinetit", "sq", ["cabinet"], None),
    ("zip.zyrtare", "Blerta Gashi", "ZIP", "Zyrtare për informim", "sq", ["communications"], "ZIP"),
    ("zip.zyrtar", "Dardan Hoxha", "ZIP", "Zyrtar për informim", "sq", ["communications"], None),
    ("personeli", "Shpresa Morina", "NJP", "Zyrtare e personelit", "sq", ["hr"], "NJP"),
    ("ti.admin", "Valon Shala", "ZTI", "Zyrtar i TI-së", "sq", ["admin"], "ZTI"),
    ("drejtori.arsimit", "Fatmir Kelmendi", "DASH", "Drejtor i Arsimit", "sq", [], "DASH"),
    ("zyrtare.arsimit", "Arta Rexhepi", "DASH", "Zyrtare për arsim", "sq", [], None),
    ("zyrtar.komuniteteve", "Dragan Petrović", "ZKK", "Službenik za zajednice", "sr", [], None),
    ("zyrtare.integrimeve", "Emina Bajrami", "ZIE", "Officer for European integration", "en", [], "ZIE"),
]

FIRST_NAMES = ["Besnik", "Teuta", "Ardian", "Vjosa", "Labinot", "Linda", "Gent", "Edona",
               "Kushtrim", "Albana", "Driton", "Fjolla", "Milan", "Jelena", "Enis", "Lejla"]
LAST_NAMES = ["Bytyqi", "Dreshaj", "Gjoka", "Hasani", "Lushaj", "Mulaj", "Nikqi", "Osmani",
              "Rama", "Sadiku", "Tahiri", "Ukaj", "Vuković", "Jovanović", "Kurtaj", "Zeka"]

DEMO_DOMAIN = "istog.demo"
#: the municipality's name as the demo's settings hold it (signatures show all three)
ORG_NAMES = {"sq": "Komuna e Istogut", "sr": "Opština Istok", "en": "Municipality of Istog"}


def _upsert_units() -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for order, (code, kind, _parent, (sq, sr, en)) in enumerate(UNITS):
        unit = db.session.scalar(db.select(Unit).filter_by(code=code))
        if unit is None:
            unit = Unit(code=code, kind=kind, names={"sq": sq, "sr": sr, "en": en}, sort_order=order)
            db.session.add(unit)
        units[code] = unit
    db.session.flush()
    for code, _kind, parent, _names in UNITS:
        if parent and units[code].parent_id is None:
            units[code].parent_id = units[parent].id
    return units


def _person(login: str, name: str, unit: Unit, position: str, language: str) -> Person:
    email = f"{login}@{DEMO_DOMAIN}"
    person = db.session.scalar(db.select(Person).filter_by(email=email))
    if person is None:
        person = Person(email=email, name=name, unit=unit, position=position, language=language)
        db.session.add(person)
    return person


def load_demo_organisation() -> dict[str, Person]:
    """Create (or find) the demo units, people and settings; returns people by login name."""
    if db.session.get(Setting, "org_name") is None:
        db.session.add(Setting(key="org_name", value=ORG_NAMES))
    units = _upsert_units()
    people: dict[str, Person] = {}
    for login, name, code, position, language, roles, heads in KEY_PEOPLE:
        person = _person(login, name, units[code], position, language)
        db.session.flush()
        for role in roles:
            if not any(a.role == role for a in person.role_assignments):
                person.role_assignments.append(RoleAssignment(role=role, source="admin"))
        if heads and units[heads].head_id is None:
            units[heads].head_id = person.id
        people[login] = person
    # Two or three colleagues in every directorate, and a head where none is set.
    for index, (code, kind, _parent, _names) in enumerate(UNITS):
        if kind != "directorate":
            continue
        for n in range(3 if index % 2 else 2):
            first = FIRST_NAMES[(index + n * 5) % len(FIRST_NAMES)]
            last = LAST_NAMES[(index * 3 + n) % len(LAST_NAMES)]
            login = f"{code.lower()}.{n + 1}"
            position = "Drejtor/e" if n == 0 else "Zyrtar/e"
            person = _person(login, f"{first} {last}", units[code], position, "sr" if last.endswith("ć") else "sq")
            db.session.flush()
            if n == 0 and units[code].head_id is None:
                units[code].head_id = person.id
            people[login] = person
    db.session.flush()
    return people
