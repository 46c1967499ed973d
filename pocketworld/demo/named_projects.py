"""The investment projects the VIVID interview tells of, with their dated paths.

The trinational Open RAN 5G project is one project per foreign investor. Rakuten Symphony
and Tech Mahindra each decided on their own team, space, jobs and money, and each belongs to
its own desk (Japan Desk, India Desk), which owns its funnel and KPIs. 1&1, the German network
operator that commissioned the network, invests nothing from abroad and has no desk: it
appears in both descriptions and, through its rollout lead, in the projects' joint meetings.
Both projects carry the "Open RAN 5G" tag that the three companies carry.
"""

from datetime import date
from decimal import Decimal

from pocketworld.demo.dates import at
from pocketworld.demo.named import (
    BANGALORE_COLLEGE,
    HEINRICH_HERTZ,
    IGCC,
    IHK,
    JETRO,
    KOTRA,
    LIFE_SCIENCE_CENTER,
    MESSE,
    NRW_GLOBAL,
    OPEN_RAN,
    US_COMMERCIAL_SERVICE,
)
from pocketworld.demo.specs import MoveSpec, ProjectSpec
from pocketworld.projects.choices import LossReason, ProjectKind, ProjectSource, SpaceKind, Stage

HHU = "Heinrich Heine University Düsseldorf"

K = ProjectKind
S = Stage


def _path(by, *steps, jobs=None, investment=None, loss_reason="", loss_note=""):
    """(stage, "YYYY-MM-DD", note) steps made by `by`; a win's figures or a loss's reason go
    with the last step."""
    moves = []
    for number, (stage, day, note) in enumerate(steps):
        last = number == len(steps) - 1
        moves.append(
            MoveSpec(
                stage,
                at(date.fromisoformat(day), 9 + number % 8, 15 * (number % 4)),
                by,
                note,
                loss_reason=loss_reason if last else "",
                loss_note=loss_note if last else "",
                realised_jobs=jobs if last else None,
                realised_investment=Decimal(investment) if last and investment else None,
            )
        )
    return tuple(moves)


def _start_up(company, what, lead_day, moves, focus, jobs=3, loss=("", ""), **fields):
    """One of JETRO's seven start-ups from the Future Tech Fest, on its way to a soft landing."""
    steps = (("lead", lead_day, "Pitch and first talk at the Future Tech Fest"), *moves)
    final = moves[-1][0]
    figures = {}
    if final == S.WON:
        figures = {"jobs": jobs, "investment": jobs * 90000}
    elif final == S.LOST:
        figures = {"loss_reason": loss[0], "loss_note": loss[1]}
    return ProjectSpec(
        f"{company.removesuffix(' Inc.')}: {what}",
        K.SOFT_LANDING,
        "japan",
        "leonhardt",
        _path("leonhardt", *steps, **figures),
        company=company,
        team=("neu",),
        partners=(JETRO,),
        source=ProjectSource.EVENT,
        source_note="Future Tech Fest 2025, JETRO global acceleration hub",
        focus_areas=focus,
        expected_jobs=jobs,
        expected_investment=Decimal(jobs * 80000),
        space_needed=25 * jobs,
        space_kind=SpaceKind.OFFICE,
        destination_municipality="Düsseldorf",
        origin_country="JP",
        tags=("JETRO accelerator",),
        **fields,
    )


RAN_TEAM_NOTE = (
    "Part of the trinational Open RAN 5G project with 1&1 and Tech Mahindra: Europe's first "
    "fully virtualised, cloud-native Open RAN 5G network, built in Düsseldorf."
)

NAMED_PROJECTS = (
    ProjectSpec(
        "Boston Scientific: German headquarters from Ratingen to Düsseldorf",
        K.RELOCATION_WITHIN, "usa", "mahmoud",
        _path(
            "mahmoud",
            ("lead", "2022-02-14", "Call from the managing director: the Ratingen lease ends"),
            ("qualified", "2022-03-21", "9,000–10,000 m² office with a training centre"),
            ("site_search", "2022-05-10", "Site tours: Airport City, Kennedydamm, Seestern"),
            ("proposal", "2022-08-30", "Three buildings offered; recruiting support with IHK"),
            ("decision", "2022-11-15", "The board decides in January"),
            ("won", "2023-01-24", "Lease signed for the new German headquarters"),
            jobs=520, investment=15200000,
        ),
        company="Boston Scientific Medizintechnik GmbH", team=("klerks",),
        partners=(US_COMMERCIAL_SERVICE, IHK), source=ProjectSource.EXISTING_COMPANY,
        source_note="Lease in Ratingen ending in 2023", focus_areas=("life-sciences",),
        expected_jobs=500, expected_investment=Decimal(14000000), space_needed=9500,
        space_kind=SpaceKind.OFFICE, target_date=date(2023, 9, 1), probability=100,
        origin_municipality="Ratingen", destination_municipality="Düsseldorf",
        description="The German headquarters moves from Ratingen to the state capital: the "
        "right infrastructure, and skilled workers for key positions are easier to recruit.",
        tags=("relocation",),
    ),
    ProjectSpec(
        "GE HealthCare: German headquarters from Solingen to Düsseldorf",
        K.RELOCATION_WITHIN, "usa", "mahmoud",
        _path(
            "mahmoud",
            ("lead", "2022-06-20", "Site lead asks about offices near the airport"),
            ("qualified", "2022-07-25", "Headquarters functions, 450 jobs, showroom for devices"),
            ("site_search", "2022-10-04", "Two buildings at the Airport City short-listed"),
            ("proposal", "2023-01-16", "Offer with parking, showroom and a welcome package"),
            ("decision", "2023-04-17", "Decision in the European leadership team"),
            ("won", "2023-06-26", "Düsseldorf chosen: move in 2024"),
            jobs=460, investment=11800000,
        ),
        company="GE Healthcare GmbH", team=("klerks",), partners=(US_COMMERCIAL_SERVICE,),
        source=ProjectSource.EXISTING_COMPANY, source_note="Request of the site lead",
        focus_areas=("life-sciences",), expected_jobs=450,
        expected_investment=Decimal(11000000), space_needed=8000,
        space_kind=SpaceKind.OFFICE, target_date=date(2024, 4, 1), probability=100,
        origin_municipality="Solingen", destination_municipality="Düsseldorf",
        description="Moves its German headquarters from Solingen to the state capital.",
        tags=("relocation",),
    ),
    ProjectSpec(
        "Cargill: German headquarters from Krefeld to Düsseldorf",
        K.RELOCATION_WITHIN, "usa", "mahmoud",
        _path(
            "mahmoud",
            ("lead", "2023-03-06", "Country manager looks for a headquarters closer to talent"),
            ("qualified", "2023-04-11", "250 headquarters jobs move; the plant stays in Krefeld"),
            ("site_search", "2023-06-12", "Site tours: Hafen, Kennedydamm, Kö-Bogen"),
            ("proposal", "2023-09-18", "Offer: two buildings, relocation support for staff"),
            ("on_hold", "2023-11-20", "Global reorganisation first; decision in spring"),
            ("proposal", "2024-02-26", "Reorganisation done: talks resumed"),
            ("decision", "2024-04-15", "Board meeting in Minneapolis"),
            ("won", "2024-06-03", "Düsseldorf chosen for the German headquarters"),
            jobs=240, investment=6900000,
        ),
        company="Cargill Deutschland GmbH", team=("klerks",), partners=(IHK,),
        source=ProjectSource.EXISTING_COMPANY, source_note="Aftercare visit in Krefeld",
        expected_jobs=250, expected_investment=Decimal(6500000), space_needed=5200,
        space_kind=SpaceKind.OFFICE, target_date=date(2025, 1, 1), probability=100,
        origin_municipality="Krefeld", destination_municipality="Düsseldorf",
        description="The German headquarters moves from Krefeld to the state capital; the "
        "plant stays in Krefeld.",
        tags=("relocation",),
    ),
    ProjectSpec(
        "Rakuten Symphony: Open RAN platform and integration team for 1&1",
        K.NEW_SETTLEMENT, "japan", "neu",
        _path(
            "neu",
            ("lead", "2022-01-17", "NRW.Global introduces the Open RAN team"),
            ("qualified", "2022-02-07", "Platform and system integration for the 1&1 network"),
            ("site_search", "2022-03-14", "Office near 1&1 Versatel in Derendorf wanted"),
            ("proposal", "2022-05-02", "Offices, visa support for engineers from Tokyo"),
            ("decision", "2022-07-11", "Decision in Tokyo after the 1&1 contract"),
            ("won", "2022-09-12", "Team starts in Düsseldorf"),
            jobs=85, investment=6400000,
        ),
        company="Rakuten Symphony Germany GmbH", team=("leonhardt", "klerks"),
        partners=(NRW_GLOBAL,), source=ProjectSource.PARTNER_REFERRAL,
        source_note="NRW.Global Business", focus_areas=("connectivity",), expected_jobs=80,
        expected_investment=Decimal(6000000), space_needed=1600, space_kind=SpaceKind.OFFICE,
        target_date=date(2022, 10, 1), probability=100, origin_country="JP",
        destination_municipality="Düsseldorf",
        description=RAN_TEAM_NOTE + " Rakuten Symphony brings its experience of a similar "
        "network in Japan and runs the platform and system integration. Tech Mahindra's part "
        "is a project of the India Desk.",
        tags=(OPEN_RAN,),
    ),
    ProjectSpec(
        "Tech Mahindra: Open RAN system-integration team in Düsseldorf",
        K.EXPANSION, "india", "froehlich",
        _path(
            "froehlich",
            ("lead", "2022-03-07", "Tech Mahindra joins the 1&1 Open RAN project"),
            ("qualified", "2022-04-04", "120 engineers: integration, operations, marketing"),
            ("site_search", "2022-06-13", "Office next to the Rakuten Symphony team"),
            ("proposal", "2022-09-05", "Offer: offices, Blue Cards through the welcome centre"),
            ("decision", "2022-11-28", "Decision in Pune"),
            ("won", "2023-02-20", "Integration team set up in Düsseldorf"),
            jobs=130, investment=4800000,
        ),
        company="Tech Mahindra GmbH", team=("loehr",), partners=(IGCC,),
        source=ProjectSource.EXISTING_COMPANY, source_note="German headquarters in Düsseldorf",
        focus_areas=("connectivity", "digitalisation"), expected_jobs=120,
        expected_investment=Decimal(4500000), space_needed=2400, space_kind=SpaceKind.OFFICE,
        target_date=date(2023, 4, 1), probability=100, destination_municipality="Düsseldorf",
        description="Part of the trinational Open RAN 5G project with 1&1 and Rakuten "
        "Symphony. Tech Mahindra is the system integrator: global services, interfaces and "
        "operations, and it markets the Open RAN solutions worldwide.",
        tags=(OPEN_RAN,),
    ),
    ProjectSpec(
        "Toshiba: European R&D centre in Düsseldorf",
        K.RESEARCH_CENTRE, "japan", "leonhardt",
        _path(
            "leonhardt",
            ("lead", "2022-04-11", "Toshiba Europe plans research close to its customers"),
            ("qualified", "2022-05-16", "Digitalisation and energy: 40 researchers"),
            ("site_search", "2022-08-22", "Lab space near the university"),
            ("proposal", "2022-11-07", "Lab space and contacts at Heinrich Heine University"),
            ("decision", "2023-02-13", "Decision in Tokyo"),
            ("won", "2023-05-08", "The R&D centre opens in Düsseldorf"),
            jobs=42, investment=8800000,
        ),
        company="Toshiba Europe GmbH", team=("neu",), partners=(HHU,),
        source=ProjectSource.EXISTING_COMPANY, source_note="European headquarters",
        focus_areas=("digitalisation", "greentech"), expected_jobs=40,
        expected_investment=Decimal(8500000), space_needed=1800, space_kind=SpaceKind.LAB,
        target_date=date(2023, 10, 1), probability=100, destination_municipality="Düsseldorf",
        description="Research and development next to the European headquarters.",
    ),
    ProjectSpec(
        "Seegene: European diagnostics hub at the Life Science Center",
        K.EXPANSION, "korea", "scheler",
        _path(
            "scheler",
            ("lead", "2024-10-21", "First talk after the Korea Desk's launch"),
            ("qualified", "2024-10-30", "Lab and warehouse for the European market"),
            ("site_search", "2024-11-18", "MEDICA week: lab space at the Life Science Center"),
            ("proposal", "2024-12-09", "Lab space and contacts at the university hospital"),
            ("decision", "2025-01-13", "Decision in Seoul"),
            ("won", "2025-02-03", "K-Speed: from first talk to contract in 105 days"),
            jobs=38, investment=3400000,
        ),
        company="Seegene Germany GmbH", team=("ly",), partners=(LIFE_SCIENCE_CENTER, KOTRA),
        source=ProjectSource.EXISTING_COMPANY, source_note="Tenant of the Life Science Center",
        focus_areas=("life-sciences",), expected_jobs=35, expected_investment=Decimal(3200000),
        space_needed=900, space_kind=SpaceKind.LAB, target_date=date(2025, 6, 1),
        probability=100, destination_municipality="Düsseldorf",
        description="Seegene, the first to launch a coronavirus test in the pandemic, makes "
        "its Düsseldorf site the hub for Europe.",
        tags=("K-Speed",),
    ),
    ProjectSpec(
        "Asahi Kasei: innovation centre for sustainable mobility materials",
        K.EXPANSION, "japan", "neu",
        _path(
            "neu",
            ("lead", "2025-05-12", "Aftercare visit: the group looks for a European lab"),
            ("qualified", "2025-07-07", "Application lab for battery separators and plastics"),
            ("site_search", "2025-10-13", "Lab space in Düsseldorf and Neuss visited"),
            ("proposal", "2026-09-21", "Offer: lab building at the Seestern, funding advice"),
        ),
        company="Asahi Kasei Europe GmbH", team=("leonhardt",), partners=(NRW_GLOBAL,),
        source=ProjectSource.EXISTING_COMPANY, source_note="Aftercare visit",
        focus_areas=("greentech", "mobility-logistics"), expected_jobs=45,
        expected_investment=Decimal(12000000), space_needed=2500, space_kind=SpaceKind.LAB,
        target_date=date(2027, 10, 1), probability=60, destination_municipality="Düsseldorf",
        description="Transformation and innovation at the European headquarters: an "
        "application centre for materials of the energy and mobility transition.",
    ),
    ProjectSpec(
        "Komatsu: assembly hall for battery-electric mining excavators",
        K.EXPANSION, "japan", "neu",
        _path(
            "neu",
            ("lead", "2023-02-06", "Komatsu plans electric excavators in Düsseldorf"),
            ("qualified", "2023-03-20", "New hall at the Forststraße plant, 60 jobs"),
            ("proposal", "2023-10-09", "Planning permission: support from the city's offices"),
            ("decision", "2024-05-13", "Decision in Tokyo after the permit"),
            ("won", "2024-09-16", "Construction of the hall begins"),
            jobs=65, investment=26500000,
        ),
        company="Komatsu Germany GmbH", team=("klerks",), source=ProjectSource.EXISTING_COMPANY,
        source_note="Aftercare visit", focus_areas=("robotics", "greentech"), expected_jobs=60,
        expected_investment=Decimal(25000000), space_needed=6000,
        space_kind=SpaceKind.PRODUCTION, target_date=date(2025, 12, 1), probability=100,
        destination_municipality="Düsseldorf",
        description="Transformation of the Düsseldorf plant: battery-electric mining "
        "excavators are assembled in a new hall.",
    ),
    ProjectSpec(
        "Epson: European solutions showroom",
        K.EXPANSION, "japan", "leonhardt",
        _path(
            "leonhardt",
            ("lead", "2025-02-10", "Epson wants to show its print solutions to customers"),
            ("qualified", "2025-03-24", "Showroom and training centre, 15 jobs"),
            ("site_search", "2025-06-16", "Ground-floor space on the Kö and at the Medienhafen"),
            ("proposal", "2025-09-29", "Two spaces offered"),
            ("on_hold", "2026-03-16", "The group froze European investments for now"),
        ),
        company="Epson Deutschland GmbH", source=ProjectSource.EXISTING_COMPANY,
        source_note="Aftercare visit", focus_areas=("digitalisation",), expected_jobs=15,
        expected_investment=Decimal(2500000), space_needed=1200, space_kind=SpaceKind.OFFICE,
        target_date=date(2027, 3, 1), probability=30, destination_municipality="Düsseldorf",
        description="A showroom and training centre for European customers.",
    ),
    _start_up(
        "MiraiCell Inc.", "soft landing in Düsseldorf", "2025-10-15",
        (
            ("qualified", "2025-11-10", "Pilot customers in the automotive industry"),
            ("site_search", "2026-01-19", "Desks in a co-working space in the Medienhafen"),
            ("proposal", "2026-02-23", "Soft-landing package: desk, advice, contacts"),
            ("decision", "2026-03-30", "Decision by the founders"),
            ("won", "2026-05-04", "MiraiCell opens its European desk"),
        ),
        ("greentech",), jobs=4, target_date=date(2026, 6, 1), probability=100,
    ),
    _start_up(
        "Soranoe Inc.", "soft landing in Düsseldorf", "2025-10-15",
        (
            ("qualified", "2025-11-24", "Wind-farm operators as first customers"),
            ("proposal", "2026-03-02", "Soft-landing package and contacts to operators"),
            ("decision", "2026-05-11", "Funding round decides"),
            ("won", "2026-07-06", "Soranoe opens its office"),
        ),
        ("robotics",), jobs=3, target_date=date(2026, 8, 1), probability=100,
    ),
    _start_up(
        "Kazeami Technologies Inc.", "soft landing in Düsseldorf", "2025-10-15",
        (
            ("qualified", "2026-01-12", "Offshore-wind pilot with a German operator"),
            ("site_search", "2026-10-05", "Co-working desks visited"),
        ),
        ("greentech",), target_date=date(2027, 4, 1), probability=45,
    ),
    _start_up(
        "MediLinks Japan Inc.", "soft landing in Düsseldorf", "2025-10-16",
        (
            ("qualified", "2025-12-01", "Clinics in the region interested in a pilot"),
            ("site_search", "2026-03-09", "Office near the university hospital"),
            ("proposal", "2026-08-17", "Soft-landing package with MDR advice"),
        ),
        ("life-sciences", "digitalisation"), jobs=5, target_date=date(2027, 1, 1),
        probability=60,
    ),
    _start_up(
        "Tsunagu Robotics Inc.", "soft landing in Düsseldorf", "2025-10-16",
        (
            ("qualified", "2025-11-17", "Matchmaking with Mittelstand manufacturers"),
            ("site_search", "2026-02-02", "Small workshop with an office wanted"),
            ("proposal", "2026-05-18", "Workshop in Neuss offered"),
            ("decision", "2026-10-19", "The founders decide after the funding round"),
        ),
        ("robotics",), jobs=6, target_date=date(2027, 2, 1), probability=75,
    ),
    _start_up(
        "Aoba Quantum Inc.", "soft landing in Düsseldorf", "2025-10-16",
        (
            ("qualified", "2025-12-15", "Quantum-safe encryption for network operators"),
            ("lost", "2026-04-20", "Went to Amsterdam, where its first pilot customer is"),
        ),
        ("connectivity",), probability=0,
        loss=(LossReason.OTHER_LOCATION, "Chose Amsterdam, home of its first EU customer"),
    ),
    _start_up(
        "HydroLoop Inc.", "soft landing in Düsseldorf", "2025-10-16",
        (
            ("qualified", "2026-01-26", "Electrolysers for hydrogen pilots of the utilities"),
            ("on_hold", "2026-06-15", "Waits for a subsidy decision in Japan"),
        ),
        ("greentech",), jobs=4, target_date=date(2027, 6, 1), probability=25,
    ),
    ProjectSpec(
        "LONGi: European service and spare-parts hub",
        K.NEW_SETTLEMENT, "china", "menshausen",
        _path(
            "menshausen",
            ("lead", "2025-05-08", "Talk at Intersolar Europe with the China Competence Centre"),
            ("qualified", "2026-10-12", "Service hub for installers: 30 jobs, 3,500 m² warehouse"),
        ),
        company="LONGi Green Energy Technology Co., Ltd.", team=("xia",),
        partners=(MESSE, IHK), source=ProjectSource.EVENT, source_note="Intersolar Europe 2025",
        focus_areas=("greentech",), expected_jobs=30, expected_investment=Decimal(4000000),
        space_needed=3500, space_kind=SpaceKind.WAREHOUSE, target_date=date(2027, 9, 1),
        probability=30, origin_country="CN", destination_municipality="Düsseldorf",
        description="PV modules for Europe's energy transition: service and spare parts for "
        "installers from Düsseldorf.",
        tags=("PV",),
    ),
    ProjectSpec(
        "Trina Solar: German sales office for storage systems",
        K.NEW_SETTLEMENT, "china", "xia",
        _path("xia", ("lead", "2026-06-24", "Talk at The smarter E Europe")),
        company="Trina Solar Co., Ltd.", team=("menshausen",), partners=(MESSE,),
        source=ProjectSource.EVENT, source_note="The smarter E Europe 2026",
        focus_areas=("greentech",), expected_jobs=15, expected_investment=Decimal(1200000),
        space_needed=400, space_kind=SpaceKind.OFFICE, target_date=date(2027, 6, 1),
        probability=15, origin_country="CN", destination_municipality="Düsseldorf",
        description="Storage systems and PV for German installers and utilities.",
        tags=("PV",),
    ),
    ProjectSpec(
        "Jinko Solar: European spare-parts warehouse",
        K.NEW_SETTLEMENT, "china", "menshausen",
        _path(
            "menshausen",
            ("lead", "2023-06-19", "Inquiry through the chamber"),
            ("qualified", "2023-07-17", "12,000 m² warehouse near the Rhine ports"),
            ("site_search", "2023-09-25", "Logistics sites in Neuss and Krefeld visited"),
            ("lost", "2024-02-05", "Chose Venlo for the warehouse"),
            loss_reason=LossReason.OTHER_LOCATION,
            loss_note="Chose Venlo (NL): lower land prices; a sales office may still come",
        ),
        company="Jinko Solar Co., Ltd.", partners=(IHK,), source=ProjectSource.PARTNER_REFERRAL,
        source_note="IHK Düsseldorf", focus_areas=("greentech",), expected_jobs=40,
        expected_investment=Decimal(9000000), space_needed=12000,
        space_kind=SpaceKind.WAREHOUSE, probability=0, origin_country="CN",
        destination_municipality="Neuss", tags=("PV",),
    ),
    ProjectSpec(
        "Huawei: smart PV and storage training academy",
        K.EXPANSION, "china", "menshausen",
        _path(
            "menshausen",
            ("lead", "2025-11-10", "Aftercare visit: training for installers planned"),
            ("qualified", "2026-01-19", "Academy for 2,000 installers a year, 25 jobs"),
            ("site_search", "2026-04-13", "Hall with classrooms in Düsseldorf-Heerdt"),
            ("proposal", "2026-07-06", "Offer with the chamber's training department"),
            ("decision", "2026-09-28", "Decision in Shenzhen expected"),
        ),
        company="Huawei Technologies Deutschland GmbH", team=("xia",), partners=(IHK,),
        source=ProjectSource.EXISTING_COMPANY, source_note="Aftercare visit",
        focus_areas=("greentech",), expected_jobs=25, expected_investment=Decimal(3000000),
        space_needed=1500, space_kind=SpaceKind.OFFICE, target_date=date(2027, 4, 1),
        probability=75, destination_municipality="Düsseldorf",
        description="Training for the installers of smart PV and storage systems.",
    ),
    ProjectSpec(
        "ZTE: securing the German headquarters",
        K.RETENTION, "china", "xia",
        _path(
            "xia",
            ("lead", "2024-07-15", "Restrictions on Chinese 5G components: the site is at risk"),
            ("qualified", "2024-08-19", "150 jobs; the group reviews its German footprint"),
            ("proposal", "2024-11-25", "Smaller office in the same building, visa support"),
            ("on_hold", "2025-05-19", "The group decides in its global review; talk in autumn"),
        ),
        company="ZTE Deutschland GmbH", team=("menshausen", "klerks"),
        source=ProjectSource.EXISTING_COMPANY, source_note="Press reports and aftercare call",
        focus_areas=("connectivity",), expected_jobs=150, space_needed=2000,
        space_kind=SpaceKind.OFFICE, target_date=date(2026, 12, 31), probability=40,
        destination_municipality="Düsseldorf",
        description="Keeping ZTE's German headquarters and its 150 jobs in Düsseldorf.",
    ),
    ProjectSpec(
        "CareBridge Staffing: placement office for nurses from Karnataka",
        K.NEW_SETTLEMENT, "international-specialists", "ly",
        _path(
            "ly",
            ("lead", "2025-07-03", "Met with the delegation from Bangalore (Karnataka)"),
            ("qualified", "2025-09-08", "Places nursing trainees with hospitals in the region"),
            ("site_search", "2026-02-16", "Small office near the Heinrich Hertz college"),
            ("proposal", "2026-06-22", "Office, recognition advice, contacts to hospitals"),
        ),
        prospect_name="CareBridge Staffing Pvt. Ltd.", team=("froehlich",),
        partners=(BANGALORE_COLLEGE, HEINRICH_HERTZ), source=ProjectSource.EVENT,
        source_note="Delegation from Bangalore (Karnataka), July 2025", expected_jobs=6,
        expected_investment=Decimal(250000), space_needed=150, space_kind=SpaceKind.OFFICE,
        target_date=date(2027, 3, 1), probability=55, origin_country="IN",
        destination_municipality="Düsseldorf",
        description="An Indian agency that places nursing trainees and skilled workers with "
        "hospitals and care homes in the region.",
    ),
)  # fmt: skip
