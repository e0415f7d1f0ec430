"""The demo plan: the 2024 action plan of Istog's Communication and Information Strategy 2023–2026
(annex 1 of the strategy), entered as the annex writes it — every activity, responsible party,
month or frequency and amount. Costs are kept as the annex prints them and read with
`parse_amount` ("5.300.00" and "2.500.00" are the annex's typing of 5,300.00 and 2,500.00;
"pa kosto shtesë" is "no additional cost").

Each responsible party that is a unit of the demo organisation links the activity to that unit,
so its directors update it; "the directorates" (Drejtoritë komunale, Drejtorët e drejtorive)
link every directorate. The Mayor, Deputy Mayor, Chief of Cabinet and the media adviser sit in
the Mayor's Cabinet.
"""

from __future__ import annotations

from intranet.extensions import db
from intranet.people.models import Person, Unit
from plan.models import Frequency
from plan.services import create_activity, create_objective, parse_amount, year_plan

YEAR = 2024
NO_COST = "pa kosto shtesë"

OBJECTIVES = {
    1: {"sq": "Rritja e transparencës, llogaridhënies dhe ndërveprimit me qytetarë",
        "sr": "Povećanje transparentnosti, odgovornosti i interakcije sa građanima",
        "en": "Transparency, accountability and interaction with citizens"},
    2: {"sq": "Fuqizimi i mekanizmave për komunikim dhe promovim të imazhit",
        "sr": "Jačanje mehanizama za komunikaciju i promociju imidža",
        "en": "Communication mechanisms and the municipality's image"},
    3: {"sq": "Avancimi i praktikave të komunikimit të brendshëm në administratën komunale",
        "sr": "Unapređenje prakse interne komunikacije u opštinskoj administraciji",
        "en": "Internal communication in the municipal administration"},
}

ZI, KK, ZIT, KRY = "Zyra për Informim", "Kabineti i Kryetarit", "Zyra IT", "Kryetari i Komunës"
KRK = "Kryesuesi i Kuvendit të Komunës"
SHK = "Shefi i kabinetit të kryetarit"
ZT = "Zyra e Turizmit"

#: objective -> (title, responsible parties, month or (first, last) months or Frequency, cost as printed)
ANNEX: dict[int, list[tuple[str, list[str], int | tuple[int, int] | Frequency, str]]] = {
    1: [
        ("Vlerësimi i zbatimit të Planit të Transparencës në vitin 2024", [ZI, KK], 1, "Pa kosto shtesë"),
        ("Ndërhyrjet në infrastrukturën e ueb faqen e komunës për organizimin dhe kategorizim e menysë së "
         "informacioneve (sipas rekomandimit të MPL, dhjetor 2024)", [ZI, ZIT], 2, "Pa kosto shtesë"),
        ("Prezantim i Procedurave i Procedurave Standarde për plasimin e informatave në websajtin e komunës "
         "(ky doracak do të hartohet nga MPL deri në fund të vitit 2024)", [ZI, ZIT], 3, NO_COST),
        ("Hartimi Planit për dëgjimet, konsultimet dhe debatet publike në lidhje me procesin e buxhetit komunal.",
         [ZI, KK, "Kuvendi", "Drejtoritë komunale"], 4, NO_COST),
        ("Konferenca e Kryetarit të komunës për paraqitjen e Raportit Vjetor 2024",
         [KRY, "Drejtorët e drejtorive komunale"], 4, NO_COST),
        ("Publikimi i broshurës “Buxheti komunal dhe Shpenzimet 2024”", [ZI, KRK], 4, "500.00"),
        ("Vendosja tabelave informuese në 5 bashkësi lokale të komunës", [ZI, "Drejtoria për Shërbime Publike"],
         5, "1,500.00"),
        ("Nënshkrimi i Marrëveshjes së Mirëkuptimit me OJQ-të vendore për organizimin e ngjarjeve publike të "
         "Komunës", [KRY, KRK, ZI], 5, NO_COST),
        ("Sondazh në ueb faqe dhe Facebook mbi preferencat e qytetarëve për projekte madhore publike.",
         [ZI, KRY, KRK], (6, 7), NO_COST),
        ("Organizimi i dëgjimeve publike në përputhje me Doracakun për Standardet Minimale për Organizimin e "
         "Konsultimeve Publike;", [ZI, KRY, KRK], (7, 9), "4,000.00"),
        ("Publikimi i broshurës “Investimet kapitale në komunë 2021-2026”", [ZI, KRK], 4, "1,500.00"),
        ("Formimi i grupit profesional për analizën e performancës së komunës sipas raporteve të MPL dhe "
         "organizatave vendore e ndërkombëtare",
         ["Nënkryetari i Komunës", "Shefi i Kabinetit të Kryetarit", "Drejtoritë komunale"], 10, NO_COST),
        ("Publikimi i broshurës “Qasja në Dokumentet Publike", [ZI, KRK], 10, "700.00"),
        # recurring
        ("Organizimi i konferencave për shtyp për çështjet dhe ngjarjet me rëndësi në Komunë", [KK, ZI],
         Frequency.AS_NEEDED, ""),
        ("Komunikata për shtyp", [KK, ZI], Frequency.CONTINUOUS, ""),
        ("Intervista dhe prononcime", [KRY, "Drejtorët e drejtorive", ZI, "Personat e autorizuar"],
         Frequency.CONTINUOUS, ""),
        ("Mirëmbajtja e webfaqes komunale dhe llogarive në platformat sociale", [ZI, "Zyrtarët për TI", "Drejtoritë"],
         Frequency.CONTINUOUS, ""),
        ("Reklama/Shpallje", [KK, "Njësia e Personelit", "Drejtorët e drejtorive", ZI], Frequency.AS_NEEDED, ""),
        ("Takime të Kryetarit të komunës me komunitetin", [KRY, "Këshilltari për media", ZI], Frequency.MONTHLY, ""),
        ("Përdorim i shtuar i mediave të reja dhe platformave sociale në funksion të informimit, komunikimit dhe "
         "promovimit të aktiviteteve të komunës.", [ZI], Frequency.CONTINUOUS, ""),
        ("Monitorimi i rregullt i mediave", [ZI], Frequency.CONTINUOUS, ""),
        ("Kontakte të rregullta me përfaqësuesit lokal në diasporë", [KRY, "Nënkryetari i Komunës", ZIT],
         Frequency.CONTINUOUS, ""),
        ("Transmetimi i seancave të Kuvendit të Komunës nëpërmjet websajtit dhe kanalit në YouTube", [ZI, ZIT],
         Frequency.CONTINUOUS, ""),
    ],
    2: [
        ("Zhvillimi i njësive të standardizuara të identitetet vizual të Komunës", [KK, ZI], 4, "1,000.00"),
        ("Realizimi i 6 videove promovuese për 6 destinacionet më atraktive për turistë e vizitorë", [KK, ZI, ZT],
         5, "2,100.00"),
        ("Formimi i Grupit Punues për Hartimin e Strategjisë Komunale për Marketing", [KK, ZI, ZT], 10,
         "Pa kosto shtesë"),
        ("Realizimi i videos promovuese për ngjarjen “Ditët e Mollës”", [KK, ZI, ZT, "Drejtoria për Bujqësi"],
         11, "350.00"),
        ("Pritje e fundvitit për përfaqësuesit e organizatave dhe donatorëve që mbështesin komunën",
         [KRY, "Drejtorët e drejtorive komunale"], 12, "1,850.00"),
    ],
    3: [
        ("Hartimi i Udhëzuesit për komunikim me email zyrtar", [SHK, ZI], 1, "Pa kosto shtesë"),
        ("Anketimi i personelit (stafit) të komunës mbi efikasitetin e komunikimit",
         [SHK, ZI, "Zyrtari i logjistikës"], 2, "Pa kosto shtesë"),
        ("Takimi i Përgjithshëm i Kryetarit (1) me stafin e administratës",
         ["Kryetari i komunës", SHK, "Njësia e personelit"], 3, "Pa kosto shtesë"),
        ("Zëvendësimi i pajisjeve të nevojshme teknologjike në ZIP",
         ["ZIP", ZIT, "Drejtoria e Financave", "Njësia e Personelit"], 5, "1,500.00"),
        ("Takimi i Përgjithshëm (2) i Kryetarit me stafin e administratës",
         ["Kryetari i komunës", SHK, "Njësia e personelit"], 10, "Pa kosto shtesë"),
        ("Konferenca Vjetore (gjithëditore) me pjesëmarrjen e zyrtarëve me përgjegjësi menaxhuese në komunë",
         ["Kryetari i komunës", SHK, "Drejtorët e drejtorive"], 11, "500.00"),
        ("Vlerësimi i zbatimit të planit vjetor të komunikimit",
         ["Nënkryetari i komunës", SHK, "Drejtorët e drejtorive"], 12, "Pa kosto shtesë"),
        ("Festa e fundvitit me personelin e administratës dhe mysafirëve të ftuar – shpërblimet për performuesit "
         "më të dalluar", ["Kryetari i komunës", "Nënkryetari i komunës", SHK, "Drejtorët e drejtorive"], 12,
         "2.500.00"),
        # recurring
        ("Mbledhje te rregullta të udhëheqësve të sektorëve me personelin që kanë në mbikëqyrje",
         ["Drejtorët e drejtorive"], Frequency.WEEKLY, ""),
        ("Mbledhje e rregullta javore të Kryetarit me drejtorët e drejtorive", [KRY, "Shefi i Kabinetit"],
         Frequency.WEEKLY, ""),
        ("Mbledhjet e rregullta mujore të Kryetarit apo Nënkryetarit me drejtuesit e ndërmarrjeve dhe "
         "institucioneve publike", [KRY, "Nënkryetari i Komunës", "Drejtorët relevantë"], Frequency.MONTHLY, ""),
        ("Raportet e konsoliduara periodike të administratës komunale", ["Kryetari komunës", SHK],
         Frequency.MONTHLY, ""),
        ("Përdorim i shtuar i intranetit qeveritar dhe aplikacioneve qeveritare për komunikim në distancë dhe "
         "punët ekipore (Skype for Business, Microsoft Teams)", ["Drejtorët e drejtorive", "Shefat e sektorëve", ZIT],
         Frequency.CONTINUOUS, ""),
        ("Informim i rregullt dhe i strukturuar i të punësuarve mbi ngjarjet dhe zhvillimet që ndërlidhen me "
         "administratën komunale dhe Kuvendin e Komunës.", ["Kryetari komunës", "Nënkryetari i komunës", SHK, ZI],
         Frequency.AS_NEEDED, ""),
        ("Takimet bashkërenduese të kryetarit me kryesuesin e kuvendit dhe KPF-në",
         [SHK, "Njësia e Kuvendit të Komunës"], Frequency.BEFORE_EACH_SESSION, ""),
    ],
}

#: the activities Ura measures from its own data (the start of their title -> `PlanActivity.indicator_key`);
#: where that plugin is not enabled, their indicator is entered by hand like the others'
MEASURED = {
    "Hartimi i Udhëzuesit për komunikim me email zyrtar": "handbook",
    "Anketimi i personelit": "surveys",
    "Takimi i Përgjithshëm": "meetings",
    "Festa e fundvitit me personelin": "recognition",
    "Raportet e konsoliduara periodike": "reports",
}


def indicator_key_for(title: str) -> str | None:
    return next((key for start, key in MEASURED.items() if title.startswith(start)), None)


#: a responsible party as the annex names it (lower case) -> the demo unit codes whose directors update it
_UNIT_CODES = {
    "zyra për informim": ["ZIP"], "zip": ["ZIP"],
    "kabineti i kryetarit": ["KAB"], "kryetari i komunës": ["KAB"], "kryetari komunës": ["KAB"],
    "nënkryetari i komunës": ["KAB"], "shefi i kabinetit të kryetarit": ["KAB"], "shefi i kabinetit": ["KAB"],
    "këshilltari për media": ["KAB"],
    "zyra it": ["ZTI"], "zyrtarët për ti": ["ZTI"], "njësia e personelit": ["NJP"],
    "drejtoria për shërbime publike": ["DSHP"], "drejtoria e financave": ["DBF"], "zyra e turizmit": ["ZT"],
    "drejtoria për bujqësi": ["DBU"],
}
_ALL_DIRECTORATES = {"drejtoritë komunale", "drejtorët e drejtorive komunale", "drejtorët e drejtorive", "drejtoritë"}


def unit_ids_for(responsible: list[str], units: dict[str, Unit]) -> list[int]:
    """The ids of the demo units behind the annex's responsible parties (parties that are not units add none)."""
    ids: list[int] = []
    for party in responsible:
        key = party.lower()
        codes = ([code for code, unit in units.items() if unit.kind == "directorate"] if key in _ALL_DIRECTORATES
                 else _UNIT_CODES.get(key, []))
        ids.extend(units[code].id for code in codes if code in units and units[code].id not in ids)
    return ids


def load_demo(people: dict[str, Person] | None = None) -> None:
    """The 2024 plan, once (idempotent: nothing happens when 2024 has a plan)."""
    if year_plan(YEAR) is not None:
        return
    units = {unit.code: unit for unit in db.session.scalars(db.select(Unit))}
    for number, titles in OBJECTIVES.items():
        objective = create_objective(None, YEAR, number, titles)
        for title, responsible, schedule, cost in ANNEX[number]:
            month, end_month, frequency = None, None, None
            if isinstance(schedule, Frequency):
                frequency = schedule
            elif isinstance(schedule, tuple):
                month, end_month = schedule
            else:
                month = schedule
            create_activity(None, objective, titles={"sq": title}, responsible=responsible,
                            unit_ids=unit_ids_for(responsible, units), month=month, end_month=end_month,
                            frequency=frequency, indicator_key=indicator_key_for(title),
                            planned_cost=None if cost.lower() in ("", NO_COST) else parse_amount(cost))
