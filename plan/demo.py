"""The demo plan: the 2024 action plan of Istog's Communication and Information Strategy 2023–2026
(annex 1 of the strategy), entered as the annex writes it — every activity, responsible party,
month or frequency and amount. Costs are kept as the annex prints them and read with
`parse_amount` ("5.300.00" and "2.500.00" are the annex's typing of 5,300.00 and 2,500.00;
"pa kosto shtesë" is "no additional cost"). The titles are the annex's, in Albanian; their Serbian (Latin
script) and English translations are in `TRANSLATIONS`.

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

#: each annex activity's title in Serbian (Latin script) and English, by its Albanian title as the annex writes
#: it (the annex's own slips — a repeated word, a missing quotation mark — are not carried into the translations)
TRANSLATIONS: dict[str, dict[str, str]] = {
    # objective 1
    "Vlerësimi i zbatimit të Planit të Transparencës në vitin 2024": {
        "sr": "Ocena sprovođenja Plana transparentnosti u 2024. godini",
        "en": "Evaluation of the implementation of the Transparency Plan in 2024"},
    "Ndërhyrjet në infrastrukturën e ueb faqen e komunës për organizimin dhe kategorizim e menysë së "
    "informacioneve (sipas rekomandimit të MPL, dhjetor 2024)": {
        "sr": "Intervencije u strukturi veb-sajta opštine radi organizovanja i kategorizacije menija informacija "
              "(prema preporuci MLS, decembar 2024)",
        "en": "Work on the structure of the municipal website to organise and categorise the information menu "
              "(as recommended by the MLG, December 2024)"},
    "Prezantim i Procedurave i Procedurave Standarde për plasimin e informatave në websajtin e komunës "
    "(ky doracak do të hartohet nga MPL deri në fund të vitit 2024)": {
        "sr": "Predstavljanje standardnih procedura za objavljivanje informacija na veb-sajtu opštine "
              "(ovaj priručnik MLS će izraditi do kraja 2024. godine)",
        "en": "Presentation of the Standard Procedures for publishing information on the municipal website "
              "(the MLG is to draft this manual by the end of 2024)"},
    "Hartimi Planit për dëgjimet, konsultimet dhe debatet publike në lidhje me procesin e buxhetit komunal.": {
        "sr": "Izrada plana javnih rasprava, konsultacija i debata o procesu opštinskog budžeta.",
        "en": "Drafting the plan for public hearings, consultations and debates on the municipal budget process."},
    "Konferenca e Kryetarit të komunës për paraqitjen e Raportit Vjetor 2024": {
        "sr": "Konferencija predsednika opštine za predstavljanje Godišnjeg izveštaja 2024",
        "en": "The Mayor's conference presenting the 2024 Annual Report"},
    "Publikimi i broshurës “Buxheti komunal dhe Shpenzimet 2024”": {
        "sr": "Objavljivanje brošure „Opštinski budžet i rashodi 2024“",
        "en": "Publishing the brochure “Municipal Budget and Expenditure 2024”"},
    "Vendosja tabelave informuese në 5 bashkësi lokale të komunës": {
        "sr": "Postavljanje informativnih tabli u 5 mesnih zajednica opštine",
        "en": "Putting up information boards in 5 local communities of the municipality"},
    "Nënshkrimi i Marrëveshjes së Mirëkuptimit me OJQ-të vendore për organizimin e ngjarjeve publike të Komunës": {
        "sr": "Potpisivanje Memoranduma o razumevanju sa lokalnim NVO o organizovanju javnih događaja Opštine",
        "en": "Signing a Memorandum of Understanding with local NGOs on organising the Municipality's public events"},
    "Sondazh në ueb faqe dhe Facebook mbi preferencat e qytetarëve për projekte madhore publike.": {
        "sr": "Anketa na veb-sajtu i Fejsbuku o željama građana u vezi sa velikim javnim projektima.",
        "en": "A poll on the website and Facebook about citizens' preferences for major public projects."},
    "Organizimi i dëgjimeve publike në përputhje me Doracakun për Standardet Minimale për Organizimin e "
    "Konsultimeve Publike;": {
        "sr": "Organizovanje javnih rasprava u skladu sa Priručnikom o minimalnim standardima za organizovanje "
              "javnih konsultacija;",
        "en": "Holding public hearings in line with the Manual on Minimum Standards for Public Consultation;"},
    "Publikimi i broshurës “Investimet kapitale në komunë 2021-2026”": {
        "sr": "Objavljivanje brošure „Kapitalne investicije u opštini 2021–2026“",
        "en": "Publishing the brochure “Capital Investment in the Municipality 2021–2026”"},
    "Formimi i grupit profesional për analizën e performancës së komunës sipas raporteve të MPL dhe "
    "organizatave vendore e ndërkombëtare": {
        "sr": "Formiranje stručne grupe za analizu učinka opštine na osnovu izveštaja MLS i domaćih i "
              "međunarodnih organizacija",
        "en": "Forming a professional group to analyse the municipality's performance from the reports of the MLG "
              "and of local and international organisations"},
    "Publikimi i broshurës “Qasja në Dokumentet Publike": {
        "sr": "Objavljivanje brošure „Pristup javnim dokumentima“",
        "en": "Publishing the brochure “Access to Public Documents”"},
    "Organizimi i konferencave për shtyp për çështjet dhe ngjarjet me rëndësi në Komunë": {
        "sr": "Organizovanje konferencija za medije o važnim pitanjima i događajima u Opštini",
        "en": "Holding press conferences on important matters and events in the Municipality"},
    "Komunikata për shtyp": {"sr": "Saopštenja za medije", "en": "Press releases"},
    "Intervista dhe prononcime": {"sr": "Intervjui i izjave", "en": "Interviews and statements"},
    "Mirëmbajtja e webfaqes komunale dhe llogarive në platformat sociale": {
        "sr": "Održavanje opštinskog veb-sajta i naloga na društvenim mrežama",
        "en": "Maintaining the municipal website and the social media accounts"},
    "Reklama/Shpallje": {"sr": "Reklame/oglasi", "en": "Advertisements/notices"},
    "Takime të Kryetarit të komunës me komunitetin": {
        "sr": "Sastanci predsednika opštine sa zajednicom",
        "en": "The Mayor's meetings with the community"},
    "Përdorim i shtuar i mediave të reja dhe platformave sociale në funksion të informimit, komunikimit dhe "
    "promovimit të aktiviteteve të komunës.": {
        "sr": "Veće korišćenje novih medija i društvenih mreža za informisanje, komunikaciju i promociju aktivnosti "
              "opštine.",
        "en": "Greater use of new media and social platforms to inform about, communicate and promote the "
              "municipality's activities."},
    "Monitorimi i rregullt i mediave": {"sr": "Redovno praćenje medija", "en": "Regular media monitoring"},
    "Kontakte të rregullta me përfaqësuesit lokal në diasporë": {
        "sr": "Redovni kontakti sa lokalnim predstavnicima u dijaspori",
        "en": "Regular contact with local representatives in the diaspora"},
    "Transmetimi i seancave të Kuvendit të Komunës nëpërmjet websajtit dhe kanalit në YouTube": {
        "sr": "Prenos sednica Skupštine opštine preko veb-sajta i kanala na YouTube-u",
        "en": "Broadcasting the sessions of the Municipal Assembly on the website and the YouTube channel"},
    # objective 2
    "Zhvillimi i njësive të standardizuara të identitetet vizual të Komunës": {
        "sr": "Izrada standardizovanih elemenata vizuelnog identiteta Opštine",
        "en": "Developing standardised elements of the Municipality's visual identity"},
    "Realizimi i 6 videove promovuese për 6 destinacionet më atraktive për turistë e vizitorë": {
        "sr": "Izrada 6 promotivnih videa o 6 najatraktivnijih destinacija za turiste i posetioce",
        "en": "Producing 6 promotional videos on the 6 most attractive destinations for tourists and visitors"},
    "Formimi i Grupit Punues për Hartimin e Strategjisë Komunale për Marketing": {
        "sr": "Formiranje Radne grupe za izradu Opštinske strategije marketinga",
        "en": "Forming the Working Group to draft the Municipal Marketing Strategy"},
    "Realizimi i videos promovuese për ngjarjen “Ditët e Mollës”": {
        "sr": "Izrada promotivnog videa za manifestaciju „Dani jabuke“",
        "en": "Producing a promotional video for the “Apple Days” event"},
    "Pritje e fundvitit për përfaqësuesit e organizatave dhe donatorëve që mbështesin komunën": {
        "sr": "Novogodišnji prijem za predstavnike organizacija i donatora koji podržavaju opštinu",
        "en": "End-of-year reception for representatives of the organisations and donors that support the "
              "municipality"},
    # objective 3
    "Hartimi i Udhëzuesit për komunikim me email zyrtar": {
        "sr": "Izrada Vodiča za komunikaciju službenom e-poštom",
        "en": "Drafting the Guide to communication by official email"},
    "Anketimi i personelit (stafit) të komunës mbi efikasitetin e komunikimit": {
        "sr": "Anketa zaposlenih (osoblja) opštine o efikasnosti komunikacije",
        "en": "Survey of the municipality's personnel (staff) on the effectiveness of communication"},
    "Takimi i Përgjithshëm i Kryetarit (1) me stafin e administratës": {
        "sr": "Opšti sastanak (1) predsednika opštine sa zaposlenima u administraciji",
        "en": "The Mayor's General Meeting (1) with the administration's staff"},
    "Zëvendësimi i pajisjeve të nevojshme teknologjike në ZIP": {
        "sr": "Zamena potrebne tehnološke opreme u Kancelariji za javno informisanje",
        "en": "Replacing the necessary technology equipment in the Public Information Office"},
    "Takimi i Përgjithshëm (2) i Kryetarit me stafin e administratës": {
        "sr": "Opšti sastanak (2) predsednika opštine sa zaposlenima u administraciji",
        "en": "The Mayor's General Meeting (2) with the administration's staff"},
    "Konferenca Vjetore (gjithëditore) me pjesëmarrjen e zyrtarëve me përgjegjësi menaxhuese në komunë": {
        "sr": "Godišnja (celodnevna) konferencija uz učešće službenika sa rukovodećim odgovornostima u opštini",
        "en": "Annual (all-day) conference with the municipality's officials who hold managerial responsibilities"},
    "Vlerësimi i zbatimit të planit vjetor të komunikimit": {
        "sr": "Ocena sprovođenja godišnjeg plana komunikacije",
        "en": "Evaluation of the implementation of the annual communication plan"},
    "Festa e fundvitit me personelin e administratës dhe mysafirëve të ftuar – shpërblimet për performuesit "
    "më të dalluar": {
        "sr": "Novogodišnja proslava sa zaposlenima u administraciji i pozvanim gostima – nagrade za najistaknutije",
        "en": "End-of-year party with the administration's staff and invited guests – awards for the best "
              "performers"},
    "Mbledhje te rregullta të udhëheqësve të sektorëve me personelin që kanë në mbikëqyrje": {
        "sr": "Redovni sastanci rukovodilaca sektora sa osobljem koje nadziru",
        "en": "Regular meetings of the heads of sectors with the staff they supervise"},
    "Mbledhje e rregullta javore të Kryetarit me drejtorët e drejtorive": {
        "sr": "Redovni nedeljni sastanci predsednika opštine sa direktorima direkcija",
        "en": "The Mayor's regular weekly meetings with the directors of directorates"},
    "Mbledhjet e rregullta mujore të Kryetarit apo Nënkryetarit me drejtuesit e ndërmarrjeve dhe "
    "institucioneve publike": {
        "sr": "Redovni mesečni sastanci predsednika ili zamenika predsednika opštine sa rukovodiocima javnih "
              "preduzeća i ustanova",
        "en": "Regular monthly meetings of the Mayor or the Deputy Mayor with the heads of public enterprises and "
              "institutions"},
    "Raportet e konsoliduara periodike të administratës komunale": {
        "sr": "Periodični konsolidovani izveštaji opštinske administracije",
        "en": "Periodic consolidated reports of the municipal administration"},
    "Përdorim i shtuar i intranetit qeveritar dhe aplikacioneve qeveritare për komunikim në distancë dhe "
    "punët ekipore (Skype for Business, Microsoft Teams)": {
        "sr": "Veće korišćenje vladinog intraneta i vladinih aplikacija za komunikaciju na daljinu i timski rad "
              "(Skype for Business, Microsoft Teams)",
        "en": "Greater use of the government intranet and government applications for remote communication and "
              "teamwork (Skype for Business, Microsoft Teams)"},
    "Informim i rregullt dhe i strukturuar i të punësuarve mbi ngjarjet dhe zhvillimet që ndërlidhen me "
    "administratën komunale dhe Kuvendin e Komunës.": {
        "sr": "Redovno i strukturisano informisanje zaposlenih o događajima i zbivanjima u vezi sa opštinskom "
              "administracijom i Skupštinom opštine.",
        "en": "Regular and structured information for employees on events and developments concerning the "
              "municipal administration and the Municipal Assembly."},
    "Takimet bashkërenduese të kryetarit me kryesuesin e kuvendit dhe KPF-në": {
        "sr": "Koordinacioni sastanci predsednika opštine sa predsedavajućim skupštine i KPF-om",
        "en": "The Mayor's coordination meetings with the Chair of the Assembly and the Policy and Finance "
              "Committee"},
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
            create_activity(None, objective, titles={"sq": title, **TRANSLATIONS[title]}, responsible=responsible,
                            unit_ids=unit_ids_for(responsible, units), month=month, end_month=end_month,
                            frequency=frequency, indicator_key=indicator_key_for(title),
                            planned_cost=None if cost.lower() in ("", NO_COST) else parse_amount(cost))
