"""The demo world's events: the Future Tech Fest with its matchmaking day, the delegation
from Bangalore (Karnataka) in July, and an overseas GreenTech fair.

The Future Tech Fest 2025 is the one the pipeline and the interactions already tell of: the
seven JETRO start-ups pitched on 15 October and met the region's companies at the
matchmaking day on 16 October. Its matchmaking is run through the events' services
(`suggest_matches` with the lexical backend, so that the demo is the same whether or not the
sentence encoder is installed, then `add_pair`, `decide`, `plan_meetings`,
`record_outcome`), once: when the matchmaking day has suggestions already, it is left as
the team may have changed it. Everything else is matched on natural keys, as in `writing`:
events on their title, participants on (event, company, person), programme items on
(event, title), profiles on their participant.

Everything is dated in the past, up to `dates.AS_OF`; the texts are data, not translated.
"""

from datetime import date, time

from pocketworld.companies.choices import SiteKind
from pocketworld.contacts.models import Person
from pocketworld.demo.dates import at
from pocketworld.demo.named import (
    BANGALORE_COLLEGE,
    HEINRICH_HERTZ,
    IGCC,
    IHK,
    JETRO,
    MESSE,
    NRW_GLOBAL,
    _contact,
)
from pocketworld.demo.specs import CompanySpec, SiteSpec
from pocketworld.events import matching, services
from pocketworld.events.choices import (
    EventKind,
    MeetingOutcome,
    ParticipantRole,
    RegistrationStatus,
    StartupStage,
    SuggestionStatus,
)
from pocketworld.events.models import (
    Event,
    MatchProfile,
    MatchSuggestion,
    Meeting,
    Participant,
    ProgrammeItem,
)
from pocketworld.interactions.models import Interaction
from pocketworld.projects.models import Project, StageChange

FESTIVAL = "Future Tech Fest 2025"
MATCHMAKING = "Future Tech Fest 2025: Japan–NRW matchmaking day"
DELEGATION = "Delegation from Bangalore (Karnataka)"
FAIR = "World Smart Energy Week Tokyo 2026"
FESTIVAL_DAYS = (date(2025, 10, 15), date(2025, 10, 16))
MATCHMAKING_DAY = date(2025, 10, 16)
DELEGATION_DAYS = (date(2025, 7, 2), date(2025, 7, 4))
FAIR_DAYS = (date(2026, 3, 17), date(2026, 3, 19))

# The region's companies the start-ups meet: four invented for the demo, in Düsseldorf.
RHEINSTROM = "Rheinstrom Speichertechnik GmbH"
RHEINBOTS = "Rheinbots Automation GmbH"
MEDVIA = "Medvia Health GmbH"
H2_RHEINLAND = "H2 Rheinland GmbH"

LOCAL_COMPANIES = (
    CompanySpec(
        RHEINSTROM, "DE", sites=(SiteSpec(SiteKind.GERMAN_HQ, "Düsseldorf"),), sectors=("27",),
        focus_areas=("greentech",), tags=("start-up",), website="https://rheinstrom.example",
        employees_region=35,
        description="Düsseldorf start-up: battery storage for utilities and industrial sites.",
    ),
    CompanySpec(
        RHEINBOTS, "DE", sites=(SiteSpec(SiteKind.GERMAN_HQ, "Düsseldorf"),), sectors=("28",),
        focus_areas=("robotics",), tags=("start-up",), website="https://rheinbots.example",
        employees_region=20,
        description="Düsseldorf start-up: automation cells for Mittelstand manufacturers.",
    ),
    CompanySpec(
        MEDVIA, "DE", sites=(SiteSpec(SiteKind.GERMAN_HQ, "Düsseldorf"),), sectors=("62",),
        focus_areas=("life-sciences", "digitalisation"), tags=("start-up",),
        website="https://medvia.example", employees_region=28,
        description="Düsseldorf start-up: software for clinics and medical practices.",
    ),
    CompanySpec(
        H2_RHEINLAND, "DE", sites=(SiteSpec(SiteKind.GERMAN_HQ, "Düsseldorf"),),
        sectors=("35",), focus_areas=("greentech",), website="https://h2-rheinland.example",
        employees_region=60,
        description="Develops hydrogen projects with municipal utilities of the region.",
    ),
)  # fmt: skip

# The delegation from Bangalore: the college's people besides its principal (invented).
COLLEGE_DOMAIN = "bengaluru-training.example"
DELEGATES = (
    _contact(
        "Kavitha", "Rao", BANGALORE_COLLEGE, "Head of Nursing Training", date(2017, 6, 1),
        COLLEGE_DOMAIN, languages=("kn", "en"),
    ),
    _contact(
        "Suresh", "Hegde", BANGALORE_COLLEGE, "Head of Mechatronics", date(2016, 6, 1),
        COLLEGE_DOMAIN, languages=("kn", "en"),
    ),
    _contact(
        "Arjun", "Shetty", BANGALORE_COLLEGE, "Placement Officer", date(2021, 6, 1),
        COLLEGE_DOMAIN, languages=("kn", "en", "de"),
    ),
)  # fmt: skip
LEADER = "ramesh.gowda@bengaluru-training.example"

# The matchmaking day's participants: (company, contact e-mail or "", offers, seeks,
# sectors, focus areas, technologies, target markets, stage). The start-ups come first.
START_UPS = (
    ("MiraiCell Inc.", "sho.ishikawa@miraicell.example",
     "全固体電池向けの固体電解質材料。Solid electrolyte materials for solid-state batteries.",
     "欧州の自動車・蓄電池メーカーとの実証パートナー。Pilot partners in battery storage "
     "and the automotive industry.",
     ("27",), ("greentech",), ("solid-state battery", "battery storage"), ("DE",),
     StartupStage.GROWTH),
    ("Soranoe Inc.", "mai.fujita@soranoe.example",
     "風力発電タービンを点検するドローンとAI画像解析。Drones inspecting wind turbines.",
     "洋上風力の運営会社、保守サービス会社。Wind-farm operators and maintenance partners.",
     ("28",), ("robotics", "greentech"), ("drones", "inspection"), ("DE",),
     StartupStage.SEED),
    ("Kazeami Technologies Inc.", "ryo.kobayashi@kazeami.example",
     "洋上風力発電所のセンサーネットワーク。Sensor networks for offshore wind farms.",
     "Energy utilities and hydrogen projects that need monitoring of their plants.",
     ("26",), ("greentech",), ("sensors", "IoT"), ("DE",), StartupStage.SEED),
    ("MediLinks Japan Inc.", "ayaka.mori@medilinks.example",
     "診療所向けのAI診断支援。AI-assisted diagnosis software for clinics.",
     "Kliniken und Software-Partner für ein Pilotprojekt in Deutschland.",
     ("62",), ("life-sciences", "digitalisation"), ("AI", "clinic software"), ("DE",),
     StartupStage.GROWTH),
    ("Tsunagu Robotics Inc.", "daiki.shimizu@tsunagu-robotics.example",
     "中小工場向けの協働ロボット。Collaborative robots for small factories.",
     "Mittelständische Fertiger und Integratoren für Automatisierung.",
     ("28",), ("robotics",), ("cobots", "automation"), ("DE",), StartupStage.GROWTH),
    ("Aoba Quantum Inc.", "naoko.ogawa@aoba-quantum.example",
     "ネットワーク向け耐量子暗号。Quantum-safe encryption for telecom networks.",
     "Network operators testing quantum-safe encryption in Open RAN and 5G.",
     ("62",), ("connectivity",), ("post-quantum cryptography", "5G"), ("DE",),
     StartupStage.SEED),
    ("HydroLoop Inc.", "kaito.yoshida@hydroloop.example",
     "グリーン水素用の小型電解装置。Compact electrolysers for green hydrogen.",
     "Wasserstoff-Projektentwickler und Stadtwerke für Pilotanlagen in NRW.",
     ("28",), ("greentech",), ("electrolyser", "hydrogen"), ("DE",), StartupStage.SEED),
)  # fmt: skip
LOCALS = (
    ("Asahi Kasei Europe GmbH", "hiroshi.tanaka@asahi-kasei-europe.example",
     "Materials for batteries, mobility and energy; a European R&D network.",
     "Start-ups in battery materials and hydrogen for joint development.",
     ("20", "22"), ("greentech", "mobility-logistics"), ("battery", "membranes"), ("JP",),
     StartupStage.ESTABLISHED),
    ("Toshiba Europe GmbH", "yuki.nakamura@toshiba-europe.example",
     "R&D centre: quantum key distribution, sensors, energy systems.",
     "Partners in quantum-safe networks and sensors for energy plants.",
     ("26", "72"), ("digitalisation", "greentech"), ("quantum", "sensors"), ("JP",),
     StartupStage.ESTABLISHED),
    ("Komatsu Germany GmbH", "markus.weber@komatsu-germany.example",
     "Fertigung schwerer Hydraulikbagger in Düsseldorf, Erfahrung mit Automatisierung.",
     "Robotik und Inspektionstechnik für die Produktion, Wasserstoff für Antriebe.",
     ("28",), ("robotics",), ("automation", "hydrogen"), ("JP",), StartupStage.ESTABLISHED),
    ("1&1 Versatel GmbH", "stefan.krueger@1und1-versatel.example",
     "Open RAN 5G network in Düsseldorf, test field for network technology.",
     "Security for the network: quantum-safe encryption, IoT sensors on the 5G network.",
     ("61",), ("connectivity",), ("Open RAN", "5G"), ("JP",), StartupStage.ESTABLISHED),
    (RHEINSTROM, "", "Batteriespeicher für Stadtwerke und Industrie, Projekte in NRW.",
     "Neue Zellmaterialien und Festkörperbatterien, Partner aus Japan.",
     ("27",), ("greentech",), ("battery storage",), ("JP",), StartupStage.GROWTH),
    (RHEINBOTS, "", "Automatisierungszellen und Integration für kleine Fabriken.",
     "Collaborative robots (cobots) to integrate; inspection drones.",
     ("28",), ("robotics",), ("automation", "cobots"), ("JP",), StartupStage.SEED),
    (MEDVIA, "", "Software für Kliniken und Praxen, Zugang zu Kliniken in NRW.",
     "KI-Diagnose für die Praxis-Software, AI partners from Japan.",
     ("62",), ("life-sciences", "digitalisation"), ("clinic software", "AI"), ("JP",),
     StartupStage.GROWTH),
    (H2_RHEINLAND, "", "Wasserstoff-Projekte mit Stadtwerken, Standorte für Pilotanlagen.",
     "Elektrolyseure (electrolyser) für Pilotanlagen, Sensorik für Windparks.",
     ("35",), ("greentech",), ("hydrogen", "electrolyser"), ("JP",), StartupStage.GROWTH),
)  # fmt: skip

# Pairs the Japan Desk wanted to meet whatever the scores, and what came of the meetings.
BY_HAND = (("HydroLoop Inc.", H2_RHEINLAND), ("Tsunagu Robotics Inc.", RHEINBOTS))
APPROVED_PAIRS = 14  # "14 meetings arranged", as the Japan Desk's note of the day says
OUTCOMES = {
    ("HydroLoop Inc.", H2_RHEINLAND): (
        MeetingOutcome.LEAD,
        "HydroLoop wants a demonstration plant with H2 Rheinland and a small office in "
        "Düsseldorf for it.",
    ),
    ("Tsunagu Robotics Inc.", RHEINBOTS): (
        MeetingOutcome.FOLLOW_UP,
        "Rheinbots will integrate two cobots for a pilot customer.",
    ),
    ("MiraiCell Inc.", RHEINSTROM): (
        MeetingOutcome.FOLLOW_UP,
        "Samples of the electrolyte for Rheinstrom's test cells.",
    ),
    ("MediLinks Japan Inc.", MEDVIA): (
        MeetingOutcome.FOLLOW_UP,
        "Talk about an interface to Medvia's practice software.",
    ),
    ("Aoba Quantum Inc.", "1&1 Versatel GmbH"): (
        MeetingOutcome.FOLLOW_UP,
        "Test of quantum-safe encryption in the Open RAN lab.",
    ),
}
NO_INTEREST_NOTE = "Friendly, but no common project for now."

PROGRAMME = (
    # (day, from, to, title, place, host company, host partner, host e-mail, notes)
    (date(2025, 7, 2), time(10), time(12), "Welcome: Düsseldorf and the India Competence "
     "Centre", "Office of Economic Development, Düsseldorf", "", IGCC,
     "anjali.mehta@igcc.example", "Felix Fröhlich and Bettina Löhr present the location."),
    (date(2025, 7, 2), time(14), time(16), "Recognition, visas and the dual training system",
     "Chamber of Industry and Commerce Düsseldorf", "", IHK,
     "martina.schulz@ihk-duesseldorf.example", ""),
    (date(2025, 7, 3), time(9, 30), time(12, 30), "Visit to the Heinrich Hertz Vocational "
     "College", "Heinrich-Hertz-Berufskolleg, Düsseldorf", "", HEINRICH_HERTZ,
     "andreas.wolff@heinrich-hertz-berufskolleg.example",
     "Workshops and classes; the two colleges agree to work together in nursing and "
     "technical training."),
    (date(2025, 7, 3), time(14), time(16, 30), "Tech Mahindra: internships for trainees",
     "Tech Mahindra GmbH, Düsseldorf", "Tech Mahindra GmbH", "",
     "priya.sharma@techmahindra.example", ""),
    (date(2025, 7, 4), time(10), time(11, 30), "Closing talk: next steps for the "
     "partnership", "Office of Economic Development, Düsseldorf", "", HEINRICH_HERTZ, "",
     "Judith Ly for the International Specialists."),
)  # fmt: skip


def build_events(writer, companies, partners):
    """Write the three events; returns {title: Event}. `companies` and `partners` are the
    writer's objects by legal name and by name."""
    companies = companies | writer.companies(LOCAL_COMPANIES, partners)
    _delegates(writer, companies, partners)
    people = dict(Person.objects.values_list("email", "pk"))
    düsseldorf = writer.municipalities["Düsseldorf"]
    desks = writer.desk_ids
    events, new_events = _events(writer, düsseldorf)
    event_ids = {title: event.pk for title, event in events.items()}
    writer.sync_many(
        Event,
        "desks",
        {
            event_ids[FESTIVAL]: [desks["japan"]],
            event_ids[MATCHMAKING]: [desks["japan"]],
            event_ids[DELEGATION]: [desks["india"], desks["international-specialists"]],
            event_ids[FAIR]: [desks["japan"], desks["china"]],
        },
    )
    writer.sync_many(
        Event,
        "partners",
        {
            event_ids[FESTIVAL]: [partners[JETRO].pk],
            event_ids[MATCHMAKING]: [partners[JETRO].pk],
            event_ids[DELEGATION]: [
                partners[name].pk for name in (BANGALORE_COLLEGE, HEINRICH_HERTZ, IGCC)
            ],
            event_ids[FAIR]: [partners[name].pk for name in (NRW_GLOBAL, MESSE, JETRO)],
        },
    )
    writer.sync_many(
        Event,
        "focus_areas",
        {
            event_ids[FESTIVAL]: writer.focus_area_ids(("greentech", "robotics", "connectivity")),
            event_ids[MATCHMAKING]: writer.focus_area_ids(("greentech", "robotics")),
            event_ids[DELEGATION]: [],
            event_ids[FAIR]: writer.focus_area_ids(("greentech",)),
        },
    )
    writer.snapshot_links(Event, [event.pk for event in new_events])
    participants = _participants(writer, event_ids, companies, people)
    _profiles(writer, participants)
    _programme(writer, event_ids[DELEGATION], companies, partners, people)
    _matchmaking(writer, events[MATCHMAKING])
    return events


def _delegates(writer, companies, partners):
    """The delegation's people, without losing the writer's e-mail → id map of the others."""
    known = writer.person_ids
    writer.people(DELEGATES, companies, partners)
    writer.person_ids = known | writer.person_ids


def _events(writer, düsseldorf):
    event = {
        "budget": None,
        "origin_country_id": None,
        "origin_region": "",
        "leader_id": None,
        "first_slot_at": None,
        "slot_minutes": 20,
        "slots": 0,
        "breaks": [],
        "tables": 0,
        "max_meetings": 8,
    }
    leader = Person.objects.get(email=LEADER).pk
    rows = [
        event
        | {
            "kind": EventKind.CONFERENCE,
            "title": FESTIVAL,
            "starts_on": FESTIVAL_DAYS[0],
            "ends_on": FESTIVAL_DAYS[1],
            "venue": "Düsseldorf",
            "municipality_id": düsseldorf,
            "country_id": "DE",
            "description": "Düsseldorf's tech festival. As JETRO's global acceleration hub, "
            "the city welcomes seven start-ups from Japan: pitches on the first day, the "
            "matchmaking with the region's companies on the second.",
        },
        event
        | {
            "kind": EventKind.MATCHMAKING_DAY,
            "title": MATCHMAKING,
            "starts_on": MATCHMAKING_DAY,
            "ends_on": MATCHMAKING_DAY,
            "venue": "Future Tech Fest, matchmaking lounge",
            "municipality_id": düsseldorf,
            "country_id": "DE",
            "description": "For the first time, start-ups and companies from the region meet "
            "Japanese start-ups: meetings of 20 minutes at six tables, a break at noon.",
            "first_slot_at": time(10),
            "slots": 12,
            "breaks": [7],
            "tables": 6,
            "max_meetings": 6,
        },
        event
        | {
            "kind": EventKind.INCOMING_DELEGATION,
            "title": DELEGATION,
            "starts_on": DELEGATION_DAYS[0],
            "ends_on": DELEGATION_DAYS[1],
            "venue": "Düsseldorf",
            "municipality_id": düsseldorf,
            "country_id": "DE",
            "origin_country_id": "IN",
            "origin_region": "Karnataka",
            "leader_id": leader,
            "description": "A training college from Bangalore visits Düsseldorf and is linked "
            "with the Heinrich Hertz Vocational College: nursing and technical training for "
            "skilled workers from India.",
        },
        event
        | {
            "kind": EventKind.TRADE_FAIR,
            "title": FAIR,
            "starts_on": FAIR_DAYS[0],
            "ends_on": FAIR_DAYS[1],
            "venue": "Tokyo Big Sight",
            "municipality_id": None,
            "country_id": "JP",
            "description": "GreenTech at the overseas fair: a Düsseldorf stand with "
            "NRW.Global Business. Stand team: Annette Klerks, Juliane Neu, Benjamin "
            "Leonhardt; the region's companies exhibit with us.",
        },
    ]
    objects = writer.sync("events", Event, ("title",), [(row, True) for row in rows])
    return {title: obj for (title,), obj in objects.items()}, writer.last_created


def _participant(event, role, company=None, person=None, status=RegistrationStatus.ATTENDED):
    return {
        "event_id": event,
        "company_id": company,
        "person_id": person,
        "role": role,
        "status": status,
        "available_slots": [],
        "max_meetings": None,
        "notes": "",
    }


def _participants(writer, event_ids, companies, people):
    """Returns the matchmaking day's participants by company legal name."""
    role = ParticipantRole
    rows = []
    festival, matchmaking = event_ids[FESTIVAL], event_ids[MATCHMAKING]
    for name, email, *_profile in START_UPS:
        company = companies[name].pk
        rows.append(_participant(festival, role.EXHIBITOR, company, people[email]))
        rows.append(_participant(matchmaking, role.VISITOR, company, people[email]))
    for name, email, *_profile in LOCALS:
        company, person = companies[name].pk, people.get(email)
        rows.append(_participant(festival, role.VISITOR, company, person))
        rows.append(_participant(matchmaking, role.VISITOR, company, person))
    rows.append(_participant(festival, role.SPEAKER, None, people["aiko.yamamoto@jetro.example"]))
    delegation = event_ids[DELEGATION]
    for email in (LEADER, *(spec.email for spec in DELEGATES)):
        rows.append(_participant(delegation, role.DELEGATE, None, people[email]))
    rows.append(
        _participant(
            delegation,
            role.HOST,
            companies["Tech Mahindra GmbH"].pk,
            people["priya.sharma@techmahindra.example"],
        )
    )
    fair = event_ids[FAIR]
    for name in (RHEINSTROM, H2_RHEINLAND, "Asahi Kasei Europe GmbH"):
        rows.append(_participant(fair, role.EXHIBITOR, companies[name].pk))
    rows.append(
        _participant(fair, role.EXHIBITOR, None, people["lena.hartmann@nrwglobalbusiness.example"])
    )
    objects = writer.sync(
        "event participants",
        Participant,
        ("event_id", "company_id", "person_id"),
        [(row, True) for row in rows],
    )
    names = {company.pk: name for name, company in companies.items()}
    return {
        names[company]: participant
        for (event, company, _person), participant in objects.items()
        if event == matchmaking
    }


def _profiles(writer, participants):
    specs = [(row, participants[row[0]]) for row in (*START_UPS, *LOCALS)]
    rows = [
        (
            {
                "participant_id": participant.pk,
                "offers": offers,
                "seeks": seeks,
                "technologies": list(technologies),
                "stage": stage,
            },
            True,
        )
        for (_name, _email, offers, seeks, _s, _f, technologies, _m, stage), participant in specs
    ]
    # One by one: profiles keep no history, which the writer's bulk helpers need.
    objects = writer.sync(
        "matchmaking profiles", MatchProfile, ("participant_id",), rows, one_by_one=True
    )
    ids = {key[0]: profile.pk for key, profile in objects.items()}
    writer.sync_many(
        MatchProfile,
        "sectors",
        {ids[p.pk]: [writer.sectors[code] for code in spec[4]] for spec, p in specs},
    )
    writer.sync_many(
        MatchProfile,
        "focus_areas",
        {ids[p.pk]: writer.focus_area_ids(spec[5]) for spec, p in specs},
    )
    writer.sync_many(
        MatchProfile, "target_markets", {ids[p.pk]: list(spec[7]) for spec, p in specs}
    )


def _programme(writer, event, companies, partners, people):
    rows = [
        (
            {
                "event_id": event,
                "title": title,
                "starts_at": at(day, start.hour, start.minute),
                "ends_at": at(day, end.hour, end.minute),
                "place": place,
                "host_company_id": companies[company].pk if company else None,
                "host_partner_id": partners[partner].pk if partner else None,
                "host_person_id": people[host] if host else None,
                "notes": notes,
            },
            True,
        )
        for day, start, end, title, place, company, partner, host, notes in PROGRAMME
    ]
    writer.sync("programme items", ProgrammeItem, ("event_id", "title"), rows)


def _matchmaking(writer, event):
    """Suggest, approve, plan and record the day's meetings, once."""
    new_suggestions = new_meetings = 0
    if not event.suggestions.exists():
        new_suggestions, new_meetings = _run_matchmaking(event, writer.users["leonhardt"])
        _date_results(writer, event, writer.users["leonhardt"])
    writer.count("match suggestions", event.suggestions.count(), new_suggestions)
    writer.count("meetings", event.meetings.count(), new_meetings)


def _run_matchmaking(event, officer):
    """The Japan Desk's matchmaking through the services; returns how many suggestions and
    meetings it made."""
    participants = {
        participant.company.legal_name: participant
        for participant in event.participants.select_related("company")
    }
    start_ups = {participants[row[0]].pk for row in START_UPS}
    for first, second in BY_HAND:
        services.add_pair(event, participants[first], participants[second], officer)
    services.suggest_matches(event, backend=matching.get_backend("lexical"))
    approved = event.suggestions.filter(status=SuggestionStatus.APPROVED).count()
    for suggestion in event.suggestions.filter(status=SuggestionStatus.SUGGESTED).order_by(
        "-score", "pk"
    ):
        across = (suggestion.first_id in start_ups) != (suggestion.second_id in start_ups)
        if not across:  # two Japanese start-ups, or two of the region's companies
            services.decide(suggestion, SuggestionStatus.REJECTED, officer)
        elif approved < APPROVED_PAIRS:
            services.decide(suggestion, SuggestionStatus.APPROVED, officer)
            approved += 1
    meetings, _left_out, _optimal = services.plan_meetings(event, time_limit=10)
    names = {participant.pk: name for name, participant in participants.items()}
    for meeting in event.meetings.select_related("suggestion__first", "suggestion__second"):
        pair = (names[meeting.suggestion.first_id], names[meeting.suggestion.second_id])
        outcome, note = OUTCOMES.get(pair, (MeetingOutcome.NO_INTEREST, NO_INTEREST_NOTE))
        services.record_outcome(meeting, outcome, note, officer)
    return event.suggestions.count(), len(meetings)


def _date_results(writer, event, officer):
    """Date the interactions and projects of the meetings on the evening of the day, as
    `writing` dates the rest of the demo's history."""
    moment = at(event.starts_on, 18)
    interactions = list(
        Interaction.objects.filter(meeting__event=event).values_list("pk", flat=True)
    )
    projects = list(Project.objects.filter(meetings__event=event).values_list("pk", flat=True))
    Interaction.objects.filter(pk__in=interactions).update(created=moment, last_updated=moment)
    Project.objects.filter(pk__in=projects).update(
        created=moment, last_updated=moment, stage_changed_at=moment
    )
    StageChange.objects.filter(project__in=projects).update(changed_at=moment)
    for model, pks in ((Interaction, interactions), (Project, projects)):
        writer.date_history(model, {pk: [(moment, officer)] * 2 for pk in pks})
    Meeting.objects.filter(event=event).update(last_updated=moment)
    MatchSuggestion.objects.filter(event=event).update(last_updated=moment)
    writer.changed_models.update((MatchSuggestion, Meeting, Interaction, Project))
