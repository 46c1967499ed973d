"""What the bench world is made of and in which shares, fixed so that every run draws the same."""

SEED = 20250601
YEARS = 5

BENCH_USERNAME = "bench.officer"
BENCH_PASSWORD = "bench-pocketworld-2025"
BENCH_DESK = "japan"
LONG_TIMELINE_COMPANY = "Kobayashi Seimitsu Kogyo K.K."
LONG_TIMELINE_CHANGES = 300
LONG_TIMELINE_PROJECTS = 16
LONG_TIMELINE_PEOPLE = [("Kenji", "Kobayashi"), ("Mei", "Sato")]

# slug, name, share of the companies, countries (the first ones have the most companies).
DESKS = [
    ("japan", "Japan", 0.125, ["JP"]),
    ("china", "Greater China", 0.14, ["CN", "TW", "HK", "SG"]),
    ("korea", "Korea", 0.06, ["KR"]),
    ("india", "India and South Asia", 0.08, ["IN", "PK", "BD", "LK", "NP"]),
    ("north-america", "North America", 0.17, ["US", "CA", "MX"]),
    (
        "western-europe",
        "Western Europe",
        0.20,
        ["GB", "FR", "NL", "IT", "ES", "CH", "BE", "AT", "IE", "LU", "PT"],
    ),
    (
        "northern-eastern-europe",
        "Northern and Eastern Europe",
        0.10,
        ["SE", "PL", "DK", "FI", "CZ", "NO", "TR", "HU", "RO", "GR", "SK", "EE", "LT", "LV"],
    ),
    ("rest-of-world", "Rest of the world", 0.125, []),  # every other country
]
# Members per desk besides the head: officers, assistants.
DESK_STAFF = {
    "japan": (2, 1),
    "china": (3, 1),
    "korea": (2, 0),
    "india": (2, 0),
    "north-america": (3, 1),
    "western-europe": (3, 1),
    "northern-eastern-europe": (2, 0),
    "rest-of-world": (2, 0),
}

COMPANY_STATUSES = [
    ("prospect", 55),
    ("settled", 28),
    ("expanding", 7),
    ("at_risk", 3),
    ("left", 7),
]
AFTERCARE_STATUSES = {"settled", "expanding", "at_risk"}
LEGAL_FORMS = {
    "JP": ["K.K.", "Co., Ltd.", "Corporation"],
    "CN": ["Co., Ltd.", "Group Co., Ltd."],
    "TW": ["Co., Ltd.", "Corp."],
    "HK": ["Ltd.", "Holdings Ltd."],
    "KR": ["Co., Ltd.", "Corp."],
    "IN": ["Pvt. Ltd.", "Ltd."],
    "US": ["Inc.", "LLC", "Corp."],
    "CA": ["Inc.", "Ltd."],
    "GB": ["Ltd", "plc"],
    "FR": ["SAS", "SA"],
    "NL": ["B.V.", "N.V."],
    "IT": ["S.p.A.", "S.r.l."],
    "ES": ["S.A.", "S.L."],
    "CH": ["AG", "SA"],
    "SE": ["AB"],
    "FI": ["Oy"],
    "DK": ["A/S", "ApS"],
    "PL": ["sp. z o.o.", "S.A."],
}
DEFAULT_LEGAL_FORMS = ["Ltd.", "S.A.", "Holding", "Group"]
# fmt: off
NAME_STEMS = [
    "Kobayashi", "Tanaka", "Sakura", "Fuji", "Hoshi", "Kawa", "Nishi", "Higashi", "Daiichi",
    "Shin", "Sun", "Hua", "Jin", "Long", "Tian", "Hanil", "Daesung", "Samil", "Tata", "Surya",
    "Vista", "Arya", "Nova", "Atlas", "Apex", "Summit", "Pioneer", "Liberty", "Granite",
    "Northern", "Crown", "Meridian", "Orion", "Vega", "Lumen", "Helix", "Quanta", "Vertex",
    "Nord", "Alpina", "Rhein", "Baltic", "Danube", "Iberia", "Cobalt", "Silver", "Blue", "Green",
    "Red", "Delta", "Sigma", "Omega", "Astra", "Terra", "Aqua", "Polar",
]
NAME_WORDS = [
    "Precision", "Electronics", "Logistics", "Robotics", "Materials", "Chemicals", "Pharma",
    "Foods", "Motors", "Systems", "Solutions", "Engineering", "Software", "Energy", "Trading",
    "Instruments", "Optics", "Textiles", "Machinery", "Semiconductor", "Medical", "Biotech",
    "Automotive", "Steel", "Packaging", "Consulting", "Analytics", "Devices",
]
JAPANESE_WORDS = ["小林", "田中", "桜", "富士", "星", "川", "西", "東", "第一", "新"]
JAPANESE_TRADES = ["精密工業", "電子", "物流", "化学", "機械", "製作所", "商事", "技研"]
GIVEN_NAMES = [
    "Haruto", "Yui", "Minjun", "Seoyeon", "Wei", "Li", "Aarav", "Priya", "James", "Emma", "Liam",
    "Olivia", "Lucas", "Sofia", "Mateo", "Chloe", "Noah", "Mia", "Ethan", "Ava", "Kenji", "Akira",
    "Mei", "Jun", "Ravi", "Anika", "Lars", "Ingrid", "Piotr", "Anna", "Marco", "Giulia",
]
FAMILY_NAMES = [
    "Sato", "Suzuki", "Takahashi", "Watanabe", "Kim", "Lee", "Park", "Wang", "Zhang", "Chen",
    "Sharma", "Patel", "Gupta", "Smith", "Johnson", "Brown", "Martin", "Bernard", "Rossi",
    "Bianchi", "Garcia", "Lopez", "Jansen", "Dubois", "Nowak", "Andersson", "Nielsen", "Virtanen",
    "Novak", "Horvat", "Murphy", "Kelly",
]
# fmt: on
JOB_TITLES = ["CEO", "Managing Director", "CFO", "Head of Europe", "HR Manager", "Plant Manager"]
INTERACTION_KINDS = [
    ("email", 30),
    ("call", 25),
    ("meeting", 20),
    ("company_visit", 8),
    ("aftercare_visit", 10),
    ("event_meeting", 5),
    ("delegation_visit", 2),
]
SUBJECT_TOPICS = [
    "expansion plans",
    "site search in Düsseldorf",
    "office space",
    "skilled workers",
    "residence permits",
    "funding programmes",
    "trade fair follow-up",
    "introduction to the chamber",
    "tax and legal advice",
    "international school places",
    "delegation programme",
    "market entry",
    "new European headquarters",
    "production site",
    "R&D cooperation",
    "annual aftercare talk",
]
NOTES = [
    "",
    "",
    "",
    "Discussed the **timeline** for the next steps; they will send figures.",
    "Follow-up agreed. Contact prefers e-mail in English.",
    "- space: about 800 m²\n- start: next year\n- needs parking",
    "Positive talk, the board decides in the next quarter.",
    "Introduced the partners of the regional network.",
]
COMPANY_NEEDS = [
    "space",
    "skilled_workers",
    "permits",
    "funding",
    "contacts",
    "public_transport",
    "digital_infrastructure",
    "schools_housing",
]
PROJECT_KINDS = [
    ("new_settlement", 40),
    ("expansion", 25),
    ("relocation_into", 10),
    ("relocation_within", 5),
    ("research_centre", 5),
    ("soft_landing", 10),
    ("retention", 5),
]
PROJECT_TITLES = {
    "new_settlement": "European headquarters",
    "expansion": "Expansion",
    "relocation_into": "Relocation to the region",
    "relocation_within": "Move within the region",
    "research_centre": "R&D centre",
    "soft_landing": "Soft landing",
    "retention": "Retention",
}
PROJECT_SOURCES = [
    ("inquiry", 30),
    ("event", 25),
    ("partner_referral", 20),
    ("own_research", 15),
    ("existing_company", 10),
]
SPACE_KINDS = ["office", "production", "lab", "warehouse"]
LOSS_REASONS = [
    "other_location",
    "costs",
    "no_space",
    "skilled_workers",
    "permits",
    "funding",
    "project_cancelled",
    "no_contact",
]
OPEN_PIPELINE = ["lead", "qualified", "site_search", "proposal", "decision"]
TASK_TITLES = [
    "Send the site offers",
    "Call back about permits",
    "Prepare the visit",
    "Introduce to the chamber",
    "Send the funding overview",
    "Follow up after the fair",
    "Write the visit report",
    "Check the office options",
]
# Partner organisations: kind, weight, how the name ends, the share in the region (Germany).
PARTNER_KINDS = [
    ("chamber", 15, "Chamber of Commerce", 0.5),
    ("trade_fair", 8, "Trade Fairs", 0.4),
    ("promotion_agency", 12, "Investment Agency", 0.1),
    ("government", 8, "Consulate", 0.3),
    ("association", 20, "Business Association", 0.5),
    ("university", 12, "Institute of Technology", 0.6),
    ("college", 5, "Vocational College", 0.7),
    ("service_provider", 15, "Advisory Partners", 0.8),
    ("other", 5, "Network", 0.5),
]
PARTNERSHIP_KINDS = [
    ("strategic", 10),
    ("joint_venture", 5),
    ("agreement", 25),
    ("referral", 30),
    ("education", 10),
    ("informal", 20),
]
# Events: kind, weight, title, days it lasts (at most), whether it takes place abroad.
EVENT_KINDS = [
    ("trade_fair", 25, "Trade fair", 4, 0.4),
    ("conference", 15, "Conference", 2, 0.3),
    ("incoming_delegation", 15, "Delegation", 3, 0.0),
    ("outgoing_delegation", 12, "Delegation trip", 6, 1.0),
    ("roadshow", 8, "Roadshow", 5, 1.0),
    ("webinar", 15, "Webinar", 1, 0.5),
    ("matchmaking_day", 10, "Matchmaking day", 1, 0.2),
]
EVENT_TOPICS = [
    "Automotive",
    "Hydrogen",
    "Semiconductors",
    "Digital health",
    "Logistics",
    "Robotics",
    "Chemicals",
    "Green tech",
    "Start-ups",
    "Skilled workers",
]
# About one record in TAGGED_SHARE of each tagged kind carries one or two of these.
TAGGED_SHARE = 0.05
TAGS = [
    "automotive-cluster",
    "trade-fair-2026",
    "board-level",
    "hydrogen",
    "semiconductor-alliance",
    "headquarters-candidate",
    "fdi-report",
    "state-visit",
    "press-release",
    "follow-up-priority",
    "ministry-interest",
    "family-owned",
    "listed-company",
    "relocation-risk",
    "expansion-2025",
    "skilled-workers",
    "green-tech",
    "start-up",
    "university-cooperation",
    "newsletter",
]
