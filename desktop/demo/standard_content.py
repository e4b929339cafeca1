"""Fictional Norwegian content for the demo database. Every name and story here is invented."""

from __future__ import annotations

from desktop.models.enums import LifeDomain, MeetingType, PartyType, PathwayPhase

# (reference, name, birth year, phase, overall goal in the user's own words)
DEMO_CASES: tuple[tuple[str, str, int, PathwayPhase, str], ...] = (
    (
        "AG-2026-001",
        "Kari Nordmann",
        1987,
        PathwayPhase.DISCHARGE_PLANNING,
        "Jeg vil ha min egen leilighet og være en mamma som barna kan stole på.",
    ),
    (
        "AG-2026-002",
        "Ole Bakken",
        1979,
        PathwayPhase.AFTER_DISCHARGE,
        "Å ha noe å stå opp til om morgenen. Jobb, helst med hendene.",
    ),
    (
        "AG-2026-003",
        "Áile Somby",
        1994,
        PathwayPhase.INPATIENT,
        "Komme hjem til Kautokeino og klare meg uten å ruse meg. Snakke samisk med bestemor igjen.",
    ),
    (
        "AG-2026-004",
        "Jørgen Ødegård",
        1968,
        PathwayPhase.PRE_ADMISSION,
        "Få orden på gjelda og slippe å være redd når posten kommer.",
    ),
    (
        "AG-2026-005",
        "Sofie Lie Håland",
        2001,
        PathwayPhase.OUTPATIENT,
        "Fullføre videregående og ha venner som ikke ruser seg.",
    ),
    (
        "AG-2026-006",
        "Per-Øyvind Strand",
        1983,
        PathwayPhase.MUNICIPAL_FOLLOW_UP,
        "Holde meg rusfri og ha et godt forhold til sønnen min.",
    ),
    (
        "AG-2025-041",
        "Berit Ås",
        1958,
        PathwayPhase.CLOSED,
        "Bo hjemme så lenge som mulig, med hjelp når jeg trenger det.",
    ),
)

# (domain, goal in the user's words, professional wording, measures: (text, party, person))
DEMO_GOALS: tuple[tuple[LifeDomain, str, str, tuple[tuple[str, PartyType, str], ...]], ...] = (
    (
        LifeDomain.HOUSING,
        "Ha et sted å bo fra dagen jeg skrives ut, ikke i sentrum.",
        "Varig bolig utenfor rusmiljø ved utskrivning.",
        (
            ("Søknad om kommunal bolig behandles", PartyType.MUNICIPAL_HOUSING, "Tildelingskontoret"),
            (
                "Oppfølging i bolig to ganger i uka de første tre månedene",
                PartyType.MUNICIPAL_HEALTH_CARE,
                "",
            ),
        ),
    ),
    (
        LifeDomain.ECONOMY,
        "Vite hva jeg har å leve av hver måned.",
        "Avklare ytelser og økonomisk rådgivning.",
        (
            ("Avklare arbeidsavklaringspenger (AAP)", PartyType.NAV, ""),
            ("Økonomisk rådgivning og oversikt over gjeld", PartyType.NAV, ""),
        ),
    ),
    (
        LifeDomain.WORK_ACTIVITY,
        "Jobbe litt, kanskje på et verksted.",
        "Arbeidsrettet aktivitet med individuell jobbstøtte (IPS).",
        (("Individuell jobbstøtte (IPS) med jobbspesialist", PartyType.NAV, ""),),
    ),
    (
        LifeDomain.PHYSICAL_HEALTH,
        "Få fikset tennene og sjekket leveren.",
        "Somatisk oppfølging hos fastlege og tannbehandling.",
        (("Time hos fastlegen for blodprøver og hepatitt C-test", PartyType.GP, ""),),
    ),
    (
        LifeDomain.SUBSTANCE_USE,
        "Klare meg uten å ruse meg, og vite hva jeg gjør hvis det går galt.",
        "Rusmestring og tilbakefallsforebygging.",
        (
            ("Forsterket poliklinisk oppfølging hver uke", PartyType.TSB_OUTPATIENT, ""),
            ("Avtale om brukerstyrt seng", PartyType.INPATIENT_INSTITUTION, ""),
        ),
    ),
    (
        LifeDomain.NETWORK_LEISURE,
        "Ha noen å være sammen med som ikke ruser seg.",
        "Nettverk og meningsfull fritid.",
        (("Kontakt med likeperson i brukerorganisasjon", PartyType.PEER_WORKER, ""),),
    ),
)

# The group for one case: (name, party, organisation, title)
DEMO_MEMBERS: tuple[tuple[str, PartyType, str, str], ...] = (
    (
        "Ingrid Haugen",
        PartyType.TSB_OUTPATIENT,
        "Ruspoliklinikken, Sykehuset Innlandet",
        "Psykologspesialist",
    ),
    ("Tor Eriksen", PartyType.INPATIENT_INSTITUTION, "Rusbehandling Øst, døgnavdeling", "Miljøterapeut"),
    ("Hanne Solberg", PartyType.MUNICIPAL_HEALTH_CARE, "Rus og psykisk helse, Hamar kommune", "Koordinator"),
    ("Lars Vik", PartyType.MUNICIPAL_HOUSING, "Tildelingskontoret, Hamar kommune", "Boligkonsulent"),
    ("Dr. Anne Moe", PartyType.GP, "Torggata legesenter", "Fastlege"),
    ("Mona Berg", PartyType.NAV, "NAV Hamar", "NAV-veileder"),
    ("Geir Pedersen", PartyType.PEER_WORKER, "RIO", "Erfaringskonsulent"),
)

# First names per service, one per case (the first case keeps the names of DEMO_MEMBERS): a
# coordinator meets the same NAV office in many groups, but not the same three «Mona»s.
DEMO_FIRST_NAMES: dict[PartyType, tuple[str, ...]] = {
    PartyType.TSB_OUTPATIENT: ("Ingrid", "Marte", "Jon", "Silje", "Håkon", "Line", "Eirik"),
    PartyType.INPATIENT_INSTITUTION: ("Tor", "Anette", "Vidar", "Camilla", "Ola", "Guro", "Stian"),
    PartyType.MUNICIPAL_HEALTH_CARE: ("Hanne", "Espen", "Maria", "Knut", "Ida", "Rune", "Tone"),
    PartyType.MUNICIPAL_HOUSING: ("Lars", "Kristin", "Arne", "Hilde", "Morten", "Elin", "Petter"),
    PartyType.GP: ("Dr. Anne", "Dr. Bjørn", "Dr. Nina", "Dr. Halvor", "Dr. Sara", "Dr. Trond", "Dr. Liv"),
    PartyType.NAV: ("Mona", "Sindre", "Heidi", "Ahmed", "Kari-Anne", "Øystein", "Ragnhild"),
    PartyType.PEER_WORKER: ("Geir", "Lise", "Tommy", "Bente", "Kenneth", "Nora", "Frode"),
}

# What the person has going for them (the plan's «ressurser»), one per case.
DEMO_RESOURCES: tuple[str, ...] = (
    "Glad i å lage mat. Har god kontakt med mor.",
    "Flink med hendene, har hatt sommerjobb på sag. Broren stiller opp.",
    "Snakker samisk og nordsamisk med familien; bestemor er viktig. Liker å være på vidda.",
    "Har vært tillitsvalgt og er god til å ordne papirer når han har oversikt.",
    "Spiller gitar, har to venner fra klassen som ikke ruser seg.",
    "Har en sønn på ni år han vil være der for. Trener når han kan.",
    "Har bodd i samme nabolag i førti år og kjenner mange der.",
)

# The life area each demo task belongs to, so that it sits under that goal on the agenda.
DEMO_TASK_AREAS: dict[str, LifeDomain] = {
    "Ringe boligkontoret og spørre om status på søknaden": LifeDomain.HOUSING,
    "Sende søknad om arbeidsavklaringspenger": LifeDomain.ECONOMY,
    "Bestille time hos tannlegen": LifeDomain.PHYSICAL_HEALTH,
    "Sende sammendrag fra oppholdet til fastlegen": LifeDomain.PHYSICAL_HEALTH,
    "Avklare oppfølging i bolig to ganger i uka": LifeDomain.HOUSING,
    "Finne en selvhjelpsgruppe i nærheten": LifeDomain.NETWORK_LEISURE,
    "Undersøke om det finnes plass på verkstedet": LifeDomain.WORK_ACTIVITY,
    "Søke om bostøtte sammen med {first}": LifeDomain.ECONOMY,
    "Be om tilbakemelding fra tildelingskontoret innen fristen": LifeDomain.HOUSING,
    "Ta med kriseplanen til fastlegen": LifeDomain.SUBSTANCE_USE,
    "Avtale hjemmebesøk uka etter utskrivning": LifeDomain.HOUSING,
    "Undersøke tilbud om gjeldsrådgivning": LifeDomain.ECONOMY,
    "Spørre om plass på pårørendekurs": LifeDomain.NETWORK_LEISURE,
}

DEMO_NEXT_OF_KIN: tuple[tuple[str, str, bool], ...] = (
    # (name, relation, consented to take part)
    ("Randi Nordmann", "parent", True),
    ("Kjetil Dahl", "partner", False),
)

# (meeting type, days from today, status) for the meeting history of an active case
DEMO_MEETINGS: tuple[tuple[MeetingType, int], ...] = (
    (MeetingType.FIRST_MEETING, -84),
    (MeetingType.REGULAR, -42),
    (MeetingType.REGULAR, -7),
)

# Life areas the person rates at every held meeting, with the first score (1–5).
DEMO_RATED_AREAS: tuple[tuple[LifeDomain, int], ...] = (
    (LifeDomain.HOUSING, 2),
    (LifeDomain.ECONOMY, 2),
    (LifeDomain.SUBSTANCE_USE, 3),
    (LifeDomain.MENTAL_HEALTH, 3),
    (LifeDomain.NETWORK_LEISURE, 1),
)
DEMO_RATING_COMMENTS: tuple[str, ...] = (
    "Det blir bedre når jeg vet hvor jeg skal bo.",
    "Jeg sover dårlig så lenge boligen ikke er i orden.",
    "Endelig en plan jeg forstår.",
)

DEMO_NOTES: tuple[str, ...] = (
    "Gjennomgang av situasjonen siden sist. {first} forteller at uka har vært tung, men at hun har holdt avtalene.",
    "Boligkontoret har mottatt søknaden. Svar ventes innen tre uker. Alle er enige om at bolig er det viktigste nå.",
    "NAV orienterte om arbeidsavklaringspenger. Søknaden er sendt, og NAV-veileder følger opp.",
    "{first} har ruset seg to ganger siden sist møte. Gruppen snakket om hva som hjalp de gangene det gikk bra.",
)

DEMO_USER_WORDS: tuple[str, ...] = (
    "Jeg vil ikke tilbake til den gamle leiligheten. Der banker de på døra hele tida.",
    "Det hjelper at dere ringer meg dagen før. Da husker jeg møtet.",
    "Jeg er stolt av at jeg har klart to uker nå.",
)

DEMO_DECISIONS: tuple[str, ...] = (
    "Søknad om kommunal bolig prioriteres, og boligkontoret gir svar før utskrivning.",
    "Poliklinikken gir tilbud om samtale hver uke de første tre månedene etter utskrivning.",
    "Neste møte holdes på Rus og psykisk helse, Hamar kommune.",
)

# Alternative wording of the goals, so that the cases do not read alike: domain -> user's words.
DEMO_GOAL_VARIANTS: dict[LifeDomain, str] = {
    LifeDomain.HOUSING: "Bo et sted der jeg får være i fred, og der jeg kan ha sønnen min på besøk.",
    LifeDomain.ECONOMY: "Betale regningene selv og ha litt igjen til mat på slutten av måneden.",
    LifeDomain.WORK_ACTIVITY: "Komme i gang med noe på dagtid, helst ute. Kanskje i gartneriet.",
    LifeDomain.PHYSICAL_HEALTH: "Sove bedre og få sjekket magen som har vært vond lenge.",
    LifeDomain.SUBSTANCE_USE: "Ha kontroll på drikkingen og vite hvem jeg ringer når det butter.",
    LifeDomain.NETWORK_LEISURE: "Begynne å spille fotball igjen og treffe folk utenom miljøet.",
}

# More tasks than one case needs: each case takes its own selection.
DEMO_EXTRA_TASKS: tuple[tuple[str, PartyType, int, str], ...] = (
    ("Søke om bostøtte sammen med {first}", PartyType.NAV, -6, "open"),
    ("Be om tilbakemelding fra tildelingskontoret innen fristen", PartyType.MUNICIPAL_HOUSING, 9, "open"),
    ("Ta med kriseplanen til fastlegen", PartyType.USER, 4, "open"),
    ("Avtale hjemmebesøk uka etter utskrivning", PartyType.MUNICIPAL_HEALTH_CARE, 16, "open"),
    ("Undersøke tilbud om gjeldsrådgivning", PartyType.NAV, -15, "done"),
    ("Sende invitasjon til neste samarbeidsmøte", PartyType.TSB_OUTPATIENT, 25, "open"),
    ("Spørre om plass på pårørendekurs", PartyType.NEXT_OF_KIN, 18, "open"),
)

# (text, party, days from today for due date, status)
DEMO_TASKS: tuple[tuple[str, PartyType, int, str], ...] = (
    ("Ringe boligkontoret og spørre om status på søknaden", PartyType.USER, -10, "open"),
    ("Sende søknad om arbeidsavklaringspenger", PartyType.NAV, -20, "done"),
    ("Bestille time hos tannlegen", PartyType.GP, -3, "open"),
    ("Sende sammendrag fra oppholdet til fastlegen", PartyType.INPATIENT_INSTITUTION, 12, "open"),
    ("Avklare oppfølging i bolig to ganger i uka", PartyType.MUNICIPAL_HEALTH_CARE, 20, "in_progress"),
    ("Finne en selvhjelpsgruppe i nærheten", PartyType.PEER_WORKER, 30, "open"),
    ("Undersøke om det finnes plass på verkstedet", PartyType.NAV, -30, "dropped"),
)

#: What the person in the third demo case wanted changed in the latest minutes.
DEMO_CONFIRMATION_CHANGE = "Det står at jeg skal ringe NAV selv. Vi avtalte at koordinatoren ringer sammen med meg. Det vil jeg ha med."
