"""The records the VIVID interview names: desks, team, partners, companies and contacts.

The companies and their facts are the interview's; the people at companies and partners
are invented, with e-mail addresses at .example domains so that no demo mail can reach a
real inbox.
"""

from datetime import date

from pocketworld.companies.choices import (
    CompanyStatus,
    NameKind,
    PartnerKind,
    PartnerLinkRole,
    PartnershipKind,
    SiteKind,
)
from pocketworld.contacts.choices import LegalBasis
from pocketworld.core.choices import DeskRole, Role
from pocketworld.demo.specs import (
    CompanySpec,
    DeskSpec,
    MemberSpec,
    PartnerSpec,
    PersonSpec,
    PositionSpec,
    SiteSpec,
    ascii_slug,
)

# All demo users share it; it is printed, so it only ever exists with DEMO=true.
DEMO_PASSWORD = "pocketworld-demo"

# Partners by name, as the companies, contacts and generated records refer to them.
IHK = "Chamber of Industry and Commerce Düsseldorf"
MESSE = "Messe Düsseldorf GmbH"
JETRO = "Japan External Trade Organization"
US_COMMERCIAL_SERVICE = "U.S. Commercial Service"
KOTRA = "Korea Trade-Investment Promotion Agency"
HEINRICH_HERTZ = "Heinrich Hertz Vocational College Düsseldorf"
BANGALORE_COLLEGE = "Bengaluru Technical Training College"
NRW_GLOBAL = "NRW.Global Business GmbH"
LIFE_SCIENCE_CENTER = "Life Science Center Düsseldorf"
IGCC = "Indo-German Chamber of Commerce"
BUSINESS_FRANCE = "Business France"


# --- The team -------------------------------------------------------------------------


DESKS = (
    DeskSpec(
        "japan",
        "Japan Desk",
        "Düsseldorf's oldest and longest-standing partner in Asia. Supports Japanese "
        "companies in their transformation and innovation; Düsseldorf is JETRO's global "
        "acceleration hub for start-ups.",
        ("JP",),
    ),
    DeskSpec(
        "china",
        "China Competence Centre",
        "For over 20 years a joint venture of the city, the Chamber of Industry and Commerce "
        "and Messe Düsseldorf; today increasingly companies for the energy transition.",
        ("CN", "HK", "MO", "TW"),
    ),
    DeskSpec(
        "india",
        "India Desk",
        "Home of the India Competence Centre Düsseldorf: innovation partners and skilled "
        "workers from India.",
        ("IN", "BD", "LK", "NP"),
    ),
    DeskSpec(
        "asean",
        "ASEAN",
        "South-East Asia.",
        ("BN", "ID", "KH", "LA", "MM", "MY", "PH", "SG", "TH", "VN"),
    ),
    DeskSpec(
        "korea",
        "Korea Desk",
        "Launched in autumn 2024: K-Speed in robotics, green technology and life sciences.",
        ("KR",),
    ),
    DeskSpec(
        "eastern-europe",
        "Eastern Europe",
        "Central and Eastern Europe.",
        ("BG", "CZ", "EE", "HR", "HU", "LT", "LV", "PL", "RO", "RS", "SI", "SK", "UA"),
    ),
    DeskSpec(
        "international-specialists",
        "International Specialists",
        "International skilled workers: recruitment programmes and welcome services.",
        (),
        also_covers=("IN", "PH"),
    ),
    DeskSpec(
        "western-europe-turkey-israel",
        "Western Europe, Turkey, Israel",
        "Western Europe, Turkey and Israel.",
        (
            "AT", "BE", "CH", "DK", "ES", "FI", "FR", "GB", "GR",
            "IE", "IL", "IT", "LU", "NL", "NO", "PT", "SE", "TR",
        ),
    ),
    DeskSpec(
        "usa",
        "USA",
        "One of the most important source markets: over 400 US companies in the chamber's "
        "district.",
        ("US", "CA"),
    ),
)  # fmt: skip


TEAM = (
    MemberSpec("klerks", "Annette", "Klerks", Role.DIRECTOR, ("de", "en", "fr")),
    MemberSpec(
        "neu", "Juliane", "Neu", Role.STAFF, ("de", "en", "ja"), (("japan", DeskRole.HEAD),)
    ),
    MemberSpec(
        "leonhardt", "Benjamin", "Leonhardt", Role.STAFF, ("de", "en", "ja"),
        (("japan", DeskRole.OFFICER),),
    ),
    MemberSpec(
        "menshausen", "Simone", "Menshausen", Role.STAFF, ("de", "en", "zh"),
        (("china", DeskRole.HEAD),),
    ),
    MemberSpec("xia", "Qi", "Xia", Role.STAFF, ("zh", "de", "en"), (("china", DeskRole.OFFICER),)),
    MemberSpec(
        "froehlich", "Felix", "Fröhlich", Role.STAFF, ("de", "en"),
        (("india", DeskRole.HEAD), ("asean", DeskRole.HEAD)),
    ),
    MemberSpec(
        "loehr", "Bettina", "Löhr", Role.STAFF, ("de", "en"), (("india", DeskRole.ASSISTANT),)
    ),
    MemberSpec(
        "scheler", "Thomas", "Scheler", Role.STAFF, ("de", "en"),
        (("korea", DeskRole.HEAD), ("eastern-europe", DeskRole.HEAD)),
    ),
    MemberSpec(
        "ly", "Judith", "Ly", Role.STAFF, ("de", "en"),
        (("korea", DeskRole.OFFICER), ("international-specialists", DeskRole.HEAD)),
    ),
    MemberSpec(
        "bosbach", "Monika", "Bosbach", Role.STAFF, ("de", "en", "fr"),
        (("western-europe-turkey-israel", DeskRole.HEAD),),
    ),
    MemberSpec(
        "inhester", "Elisabeth", "Inhester", Role.STAFF, ("de", "en"),
        (("western-europe-turkey-israel", DeskRole.OFFICER),),
    ),
    MemberSpec(
        "mahmoud", "Alexandra", "Mahmoud", Role.STAFF, ("de", "en"), (("usa", DeskRole.HEAD),)
    ),
    MemberSpec("admin", "Ada", "Admin", Role.ADMINISTRATOR, ("de", "en"), login_only=True),
    MemberSpec(
        "partner", "Paula", "Berger", Role.PARTNER_VIEWER, ("de", "en"),
        email_domain="ihk-duesseldorf.example", login_only=True,
    ),
)  # fmt: skip


# --- Partners -------------------------------------------------------------------------


PARTNERS = (
    PartnerSpec(
        IHK, "IHK Düsseldorf", PartnerKind.CHAMBER, PartnershipKind.JOINT_VENTURE, "DE",
        "Düsseldorf", "https://www.ihk.de/duesseldorf",
        description="Runs the China Competence Centre with the city and Messe Düsseldorf; "
        "over 400 US companies in its district.",
    ),
    PartnerSpec(
        MESSE, "Messe Düsseldorf", PartnerKind.TRADE_FAIR, PartnershipKind.JOINT_VENTURE, "DE",
        "Düsseldorf", "https://www.messe-duesseldorf.de",
        description="Joint-venture partner of the China Competence Centre.",
    ),
    PartnerSpec(
        JETRO, "JETRO", PartnerKind.PROMOTION_AGENCY, PartnershipKind.STRATEGIC, "JP",
        "Düsseldorf", "https://www.jetro.go.jp", ("japan",), ("greentech", "robotics"),
        "Düsseldorf is JETRO's global acceleration hub for Japanese start-ups.",
    ),
    PartnerSpec(
        US_COMMERCIAL_SERVICE, "US Commercial Service", PartnerKind.GOVERNMENT,
        PartnershipKind.STRATEGIC, "US", "Düsseldorf", "https://www.trade.gov", ("usa",),
    ),
    PartnerSpec(
        KOTRA, "KOTRA", PartnerKind.PROMOTION_AGENCY, PartnershipKind.STRATEGIC, "KR",
        website="https://www.kotra.or.kr", desks=("korea",),
    ),
    PartnerSpec(
        HEINRICH_HERTZ, "Heinrich-Hertz-Berufskolleg", PartnerKind.COLLEGE,
        PartnershipKind.EDUCATION, "DE", "Düsseldorf", desks=("india", "international-specialists"),
        description="Linked with a training college from Bangalore (Karnataka) in July.",
    ),
    PartnerSpec(
        BANGALORE_COLLEGE, "", PartnerKind.COLLEGE, PartnershipKind.EDUCATION, "IN",
        desks=("india", "international-specialists"),
        description="Training college from Bangalore (Karnataka); its delegation visited in "
        "July and was linked with Heinrich Hertz Vocational College.",
    ),
    PartnerSpec(
        "Germany Trade & Invest", "GTAI", PartnerKind.PROMOTION_AGENCY, PartnershipKind.REFERRAL,
        "DE", website="https://www.gtai.de",
    ),
    PartnerSpec(
        NRW_GLOBAL, "NRW.Global Business", PartnerKind.PROMOTION_AGENCY,
        PartnershipKind.STRATEGIC, "DE", "Düsseldorf", "https://www.nrwglobalbusiness.com",
        focus_areas=("greentech", "connectivity", "life-sciences"),
    ),
    PartnerSpec(
        "Japanese Chamber of Commerce and Industry in Düsseldorf", "JIHK", PartnerKind.CHAMBER,
        PartnershipKind.AGREEMENT, "DE", "Düsseldorf", desks=("japan",),
    ),
    PartnerSpec(
        "Heinrich Heine University Düsseldorf", "HHU", PartnerKind.UNIVERSITY,
        PartnershipKind.AGREEMENT, "DE", "Düsseldorf", "https://www.hhu.de",
        focus_areas=("life-sciences",),
    ),
    PartnerSpec(
        LIFE_SCIENCE_CENTER, "LSC Düsseldorf", PartnerKind.OTHER, PartnershipKind.AGREEMENT,
        "DE", "Düsseldorf", focus_areas=("life-sciences",),
        description="Technology centre for life sciences; Seegene sold its coronavirus test "
        "from here.",
    ),
    PartnerSpec(
        IGCC, "IGCC", PartnerKind.CHAMBER, PartnershipKind.AGREEMENT, "IN", "Düsseldorf",
        "https://indien.ahk.de", ("india",),
    ),
    PartnerSpec(
        "American Chamber of Commerce in Germany", "AmCham Germany", PartnerKind.CHAMBER,
        PartnershipKind.REFERRAL, "DE", website="https://www.amcham.de", desks=("usa",),
    ),
    PartnerSpec(
        "Korean-German Chamber of Commerce and Industry", "KGCCI", PartnerKind.CHAMBER,
        PartnershipKind.REFERRAL, "KR", website="https://korea.ahk.de", desks=("korea",),
    ),
    PartnerSpec(
        BUSINESS_FRANCE, "", PartnerKind.PROMOTION_AGENCY, PartnershipKind.REFERRAL, "FR",
        website="https://www.businessfrance.fr", desks=("western-europe-turkey-israel",),
    ),
)  # fmt: skip


# --- Companies and contacts -------------------------------------------------------

OPEN_RAN = "Open RAN 5G"
OPEN_RAN_NOTE = (
    "Partner in the trinational project of 1&1, Rakuten Symphony and Tech Mahindra: Europe's "
    "first fully virtualised, cloud-native Open RAN 5G network, built in Düsseldorf."
)
JETRO_START_UP = ("start-up", "JETRO accelerator", "Future Tech Fest")
JETRO_LINK = ((JETRO, PartnerLinkRole.SUPPORTED_BY, "JETRO global acceleration hub Düsseldorf"),)

NAMED_COMPANIES = (
    # Groups first: their subsidiaries in the region name them as parent.
    CompanySpec(
        "Asahi Kasei Corporation", "JP", names=(("旭化成株式会社", "ja", NameKind.NATIVE),),
        sectors=("20",), website="https://www.asahi-kasei.com", employees_worldwide=49000,
    ),
    CompanySpec(
        "Komatsu Ltd.", "JP", names=(("株式会社小松製作所", "ja", NameKind.NATIVE),),
        sectors=("28",), website="https://www.komatsu.jp", employees_worldwide=64000,
    ),
    CompanySpec(
        "Seiko Epson Corporation", "JP",
        names=(("セイコーエプソン株式会社", "ja", NameKind.NATIVE),),
        sectors=("26",), website="https://corporate.epson", employees_worldwide=74000,
    ),
    CompanySpec(
        "Toshiba Corporation", "JP", names=(("株式会社東芝", "ja", NameKind.NATIVE),),
        sectors=("26", "27"), website="https://www.global.toshiba", employees_worldwide=106000,
    ),
    CompanySpec(
        "Rakuten Group, Inc.", "JP", names=(("楽天グループ株式会社", "ja", NameKind.NATIVE),),
        sectors=("47", "61"), website="https://global.rakuten.com", employees_worldwide=30000,
    ),
    CompanySpec(
        "Seegene Inc.", "KR", names=(("주식회사 씨젠", "ko", NameKind.NATIVE),),
        sectors=("21",), focus_areas=("life-sciences",), website="https://www.seegene.com",
    ),
    CompanySpec(
        "Tech Mahindra Limited", "IN", names=(("टेक महिंद्रा लिमिटेड", "hi", NameKind.NATIVE),),
        sectors=("62",), website="https://www.techmahindra.com", employees_worldwide=150000,
    ),
    CompanySpec(
        "Boston Scientific Corporation", "US", sectors=("32",),
        website="https://www.bostonscientific.com", employees_worldwide=53000,
    ),
    CompanySpec(
        "GE HealthCare Technologies Inc.", "US", sectors=("32",),
        website="https://www.gehealthcare.com", employees_worldwide=53000,
    ),
    CompanySpec(
        "Cargill, Incorporated", "US", sectors=("10", "46"), website="https://www.cargill.com",
        employees_worldwide=160000,
    ),
    CompanySpec("1&1 AG", "DE", sectors=("61",), website="https://www.1und1.ag"),
    CompanySpec(
        "Huawei Technologies Co., Ltd.", "CN", names=(("华为技术有限公司", "zh", NameKind.NATIVE),),
        sectors=("26", "61"), website="https://www.huawei.com", employees_worldwide=207000,
    ),
    CompanySpec(
        "ZTE Corporation", "CN", names=(("中兴通讯股份有限公司", "zh", NameKind.NATIVE),),
        sectors=("26", "61"), website="https://www.zte.com.cn",
    ),
    # Their businesses in the region.
    CompanySpec(
        "Asahi Kasei Europe GmbH", "JP", parent="Asahi Kasei Corporation",
        names=(("旭化成", "ja", NameKind.TRADE),),
        sites=(SiteSpec(SiteKind.EUROPEAN_HQ, "Düsseldorf", "Am Seestern 4", "40547"),),
        sectors=("20", "22"), focus_areas=("greentech", "mobility-logistics"),
        website="https://www.asahi-kasei.eu", employees_region=150, employees_worldwide=49000,
        description="European headquarters: materials for mobility, environment and energy. "
        "We support its transformation and innovation projects.",
    ),
    CompanySpec(
        "Komatsu Germany GmbH", "JP", parent="Komatsu Ltd.",
        names=(("小松製作所", "ja", NameKind.TRADE),),
        sites=(SiteSpec(SiteKind.PRODUCTION, "Düsseldorf", "Forststraße 29", "40597"),),
        sectors=("28",), focus_areas=("robotics",), website="https://www.komatsu.eu",
        employees_region=600, employees_worldwide=64000,
        description="Large hydraulic mining excavators built in Düsseldorf.",
    ),
    CompanySpec(
        "Epson Deutschland GmbH", "JP", parent="Seiko Epson Corporation",
        names=(("セイコーエプソン", "ja", NameKind.TRADE), ("Epson", "en", NameKind.TRADE)),
        sites=(SiteSpec(SiteKind.GERMAN_HQ, "Düsseldorf"),),
        sectors=("26", "46"), focus_areas=("digitalisation",), website="https://www.epson.de",
        employees_region=300, employees_worldwide=74000,
    ),
    CompanySpec(
        "Toshiba Europe GmbH", "JP", parent="Toshiba Corporation",
        names=(("東芝", "ja", NameKind.TRADE),),
        sites=(
            SiteSpec(SiteKind.EUROPEAN_HQ, "Düsseldorf"),
            SiteSpec(SiteKind.RESEARCH, "Düsseldorf", name="Toshiba Europe R&D centre"),
        ),
        sectors=("26", "72"), focus_areas=("digitalisation", "greentech"),
        website="https://www.toshiba.eu", employees_region=250, employees_worldwide=106000,
        description="European headquarters with an R&D centre in Düsseldorf.",
    ),
    CompanySpec(
        "Rakuten Symphony Germany GmbH", "JP", parent="Rakuten Group, Inc.",
        names=(
            ("楽天シンフォニー", "ja", NameKind.TRADE), ("Rakuten Symphony", "en", NameKind.TRADE),
        ),
        sites=(SiteSpec(SiteKind.BRANCH, "Düsseldorf"),),
        sectors=("61", "62"), focus_areas=("connectivity",), tags=(OPEN_RAN,),
        website="https://symphony.rakuten.com", employees_region=80,
        description=OPEN_RAN_NOTE + " Runs the communication platform and system integration.",
    ),
    CompanySpec(
        "Tech Mahindra GmbH", "IN", parent="Tech Mahindra Limited",
        names=(("टेक महिंद्रा", "hi", NameKind.TRADE),),
        sites=(SiteSpec(SiteKind.GERMAN_HQ, "Düsseldorf"),),
        sectors=("62",), focus_areas=("connectivity", "digitalisation"), tags=(OPEN_RAN,),
        website="https://www.techmahindra.com", employees_region=200, employees_worldwide=150000,
        description=OPEN_RAN_NOTE + " System integrator: services, interfaces and operations.",
    ),
    CompanySpec(
        "1&1 Versatel GmbH", "DE", parent="1&1 AG",
        sites=(SiteSpec(SiteKind.GERMAN_HQ, "Düsseldorf", "Wanheimer Straße 90", "40468"),),
        sectors=("61",), focus_areas=("connectivity",), tags=(OPEN_RAN,),
        website="https://www.1und1.net", employees_region=900,
        description=OPEN_RAN_NOTE,
    ),
    CompanySpec(
        "Seegene Germany GmbH", "KR", parent="Seegene Inc.",
        names=(("씨젠", "ko", NameKind.TRADE),),
        sites=(
            SiteSpec(
                SiteKind.SALES, "Düsseldorf", "Merowingerplatz 1", "40225",
                name="Life Science Center Düsseldorf",
            ),
        ),
        sectors=("21",), focus_areas=("life-sciences",), tags=("K-Speed",),
        website="https://www.seegene.com", employees_region=25,
        description="The first to launch a coronavirus test during the pandemic, sold from the "
        "Düsseldorf Life Science Centre.",
        partners=((LIFE_SCIENCE_CENTER, PartnerLinkRole.COOPERATION, "Tenant"),),
    ),
    CompanySpec(
        "Boston Scientific Medizintechnik GmbH", "US", parent="Boston Scientific Corporation",
        sites=(SiteSpec(SiteKind.GERMAN_HQ, "Düsseldorf", relocated_from="Ratingen"),),
        sectors=("32",), focus_areas=("life-sciences",), tags=("relocation",),
        website="https://www.bostonscientific.com", employees_region=500,
        employees_worldwide=53000,
        description="Moved from Ratingen: infrastructure and skilled workers for key positions.",
        partners=((US_COMMERCIAL_SERVICE, PartnerLinkRole.COOPERATION, ""),),
    ),
    CompanySpec(
        "GE Healthcare GmbH", "US", parent="GE HealthCare Technologies Inc.",
        sites=(SiteSpec(SiteKind.GERMAN_HQ, "Düsseldorf", relocated_from="Solingen"),),
        sectors=("32", "26"), focus_areas=("life-sciences",), tags=("relocation",),
        website="https://www.gehealthcare.de", employees_region=450, employees_worldwide=53000,
        description="Moved from Solingen to the state capital.",
    ),
    CompanySpec(
        "Cargill Deutschland GmbH", "US", parent="Cargill, Incorporated",
        sites=(
            SiteSpec(SiteKind.GERMAN_HQ, "Düsseldorf", relocated_from="Krefeld"),
            SiteSpec(SiteKind.PRODUCTION, "Krefeld"),
        ),
        sectors=("10", "46"), tags=("relocation",), website="https://www.cargill.de",
        employees_region=700, employees_worldwide=160000,
        description="German headquarters moved from Krefeld; the plant stays there.",
    ),
    CompanySpec(
        "Huawei Technologies Deutschland GmbH", "CN", parent="Huawei Technologies Co., Ltd.",
        names=(("华为", "zh", NameKind.TRADE),),
        sites=(SiteSpec(SiteKind.GERMAN_HQ, "Düsseldorf", "Hansaallee 205", "40549"),),
        sectors=("26", "61"), focus_areas=("connectivity", "greentech"),
        website="https://www.huawei.com/de", employees_region=800, employees_worldwide=207000,
        description="Telecommunications, smart PV and energy storage for Germany.",
    ),
    CompanySpec(
        "ZTE Deutschland GmbH", "CN", parent="ZTE Corporation",
        names=(("中兴通讯", "zh", NameKind.TRADE),),
        sites=(SiteSpec(SiteKind.GERMAN_HQ, "Düsseldorf"),),
        sectors=("26", "61"), focus_areas=("connectivity",), website="https://www.zte.com.cn",
        employees_region=150,
    ),
    # Energy transition from China: courted, not yet settled.
    CompanySpec(
        "LONGi Green Energy Technology Co., Ltd.", "CN", CompanyStatus.PROSPECT,
        names=(("隆基绿能科技股份有限公司", "zh", NameKind.NATIVE),),
        sectors=("26",), focus_areas=("greentech",), tags=("PV",),
        website="https://www.longi.com",
    ),
    CompanySpec(
        "Trina Solar Co., Ltd.", "CN", CompanyStatus.PROSPECT,
        names=(("天合光能股份有限公司", "zh", NameKind.NATIVE),),
        sectors=("26",), focus_areas=("greentech",), tags=("PV",),
        website="https://www.trinasolar.com",
    ),
    CompanySpec(
        "Jinko Solar Co., Ltd.", "CN", CompanyStatus.PROSPECT,
        names=(("晶科能源股份有限公司", "zh", NameKind.NATIVE),),
        sectors=("26",), focus_areas=("greentech",), tags=("PV",),
        website="https://www.jinkosolar.com",
    ),
    # The seven start-ups JETRO brings to the Future Tech Fest (invented for the demo).
    CompanySpec(
        "MiraiCell Inc.", "JP", CompanyStatus.PROSPECT,
        names=(("株式会社ミライセル", "ja", NameKind.NATIVE),), sectors=("27",),
        focus_areas=("greentech",), tags=JETRO_START_UP, website="https://miraicell.example",
        employees_worldwide=18, description="Solid-state battery materials.", partners=JETRO_LINK,
    ),
    CompanySpec(
        "Soranoe Inc.", "JP", CompanyStatus.PROSPECT,
        names=(("株式会社ソラノエ", "ja", NameKind.NATIVE),), sectors=("28",),
        focus_areas=("robotics",), tags=JETRO_START_UP, website="https://soranoe.example",
        employees_worldwide=25, description="Drones that inspect wind turbines.",
        partners=JETRO_LINK,
    ),
    CompanySpec(
        "Kazeami Technologies Inc.", "JP", CompanyStatus.PROSPECT,
        names=(("株式会社カゼアミテクノロジーズ", "ja", NameKind.NATIVE),), sectors=("26",),
        focus_areas=("greentech",), tags=JETRO_START_UP, website="https://kazeami.example",
        employees_worldwide=12, description="Sensor networks for offshore wind farms.",
        partners=JETRO_LINK,
    ),
    CompanySpec(
        "MediLinks Japan Inc.", "JP", CompanyStatus.PROSPECT,
        names=(("株式会社メディリンクス", "ja", NameKind.NATIVE),), sectors=("62",),
        focus_areas=("life-sciences", "digitalisation"), tags=JETRO_START_UP,
        website="https://medilinks.example", employees_worldwide=30,
        description="AI-assisted diagnosis for clinics.", partners=JETRO_LINK,
    ),
    CompanySpec(
        "Tsunagu Robotics Inc.", "JP", CompanyStatus.PROSPECT,
        names=(("株式会社ツナグロボティクス", "ja", NameKind.NATIVE),), sectors=("28",),
        focus_areas=("robotics",), tags=JETRO_START_UP, website="https://tsunagu-robotics.example",
        employees_worldwide=40, description="Collaborative robots for small factories.",
        partners=JETRO_LINK,
    ),
    CompanySpec(
        "Aoba Quantum Inc.", "JP", CompanyStatus.PROSPECT,
        names=(("株式会社アオバ量子", "ja", NameKind.NATIVE),), sectors=("62",),
        focus_areas=("connectivity",), tags=JETRO_START_UP, website="https://aoba-quantum.example",
        employees_worldwide=15, description="Quantum-safe encryption for networks.",
        partners=JETRO_LINK,
    ),
    CompanySpec(
        "HydroLoop Inc.", "JP", CompanyStatus.PROSPECT,
        names=(("株式会社ハイドロループ", "ja", NameKind.NATIVE),), sectors=("28",),
        focus_areas=("greentech",), tags=JETRO_START_UP, website="https://hydroloop.example",
        employees_worldwide=22, description="Compact electrolysers for green hydrogen.",
        partners=JETRO_LINK,
    ),
)  # fmt: skip


def _contact(given, family, employer, job_title, started_on, domain, earlier=(), **details):
    """A named contact: a current position, `earlier` ones, an e-mail at a .example domain."""
    email = f"{ascii_slug(given, '')}.{ascii_slug(family, '')}@{domain}"
    positions = (PositionSpec(employer, job_title, started_on), *earlier)
    return PersonSpec(given, family, email, positions, **details)


NAMED_PEOPLE = (
    _contact(
        "Hiroshi", "Tanaka", "Asahi Kasei Europe GmbH", "President and Managing Director",
        date(2021, 4, 1), "asahi-kasei-europe.example", native_name="田中 浩",
        languages=("ja", "en", "de"),
    ),
    _contact(
        "Markus", "Weber", "Komatsu Germany GmbH", "Managing Director", date(2019, 1, 1),
        "komatsu-germany.example", languages=("de", "en"),
    ),
    _contact(
        "Kenji", "Sato", "Epson Deutschland GmbH", "Managing Director", date(2022, 4, 1),
        "epson-deutschland.example", native_name="佐藤 健二", languages=("ja", "en", "de"),
    ),
    _contact(
        "Yuki", "Nakamura", "Toshiba Europe GmbH", "Head of the R&D Centre", date(2020, 10, 1),
        "toshiba-europe.example", native_name="中村 由紀", languages=("ja", "en"),
        salutation="Dr.", legal_basis=LegalBasis.CONSENT, consent_given_on=date(2024, 3, 12),
        legal_basis_note="Agreed at the Japan Day business breakfast.",
    ),
    _contact(
        "Takeshi", "Watanabe", "Rakuten Symphony Germany GmbH", "Head of Network Engineering",
        date(2021, 7, 1), "rakuten-symphony.example", native_name="渡辺 剛",
        languages=("ja", "en", "de"),
        earlier=(
            PositionSpec(
                "Toshiba Europe GmbH", "Senior Network Engineer", date(2015, 4, 1),
                date(2021, 6, 30),
            ),
        ),
    ),
    _contact(
        "Priya", "Sharma", "Tech Mahindra GmbH", "Head of Telecom Practice Germany",
        date(2020, 2, 1), "techmahindra.example", native_name="प्रिया शर्मा",
        languages=("hi", "en", "de"),
    ),
    _contact(
        "Stefan", "Krüger", "1&1 Versatel GmbH", "Head of Open RAN Rollout", date(2019, 9, 1),
        "1und1-versatel.example", languages=("de", "en"),
    ),
    _contact(
        "Ji-hoon", "Park", "Seegene Germany GmbH", "Managing Director", date(2020, 3, 1),
        "seegene-germany.example", native_name="박지훈", languages=("ko", "en", "de"),
        legal_basis=LegalBasis.CONSENT, consent_given_on=date(2024, 11, 12),
        legal_basis_note="Business card handed over at MEDICA 2024.",
    ),
    _contact(
        "Claudia", "Hoffmann", "Boston Scientific Medizintechnik GmbH",
        "Managing Director Germany", date(2021, 1, 1), "bostonscientific-de.example",
        languages=("de", "en"),
    ),
    _contact(
        "Michael", "Schneider", "GE Healthcare GmbH", "Site Lead Düsseldorf", date(2022, 1, 1),
        "gehealthcare-de.example", languages=("de", "en"),
    ),
    _contact(
        "Daniel", "Becker", "Cargill Deutschland GmbH", "HR Director Germany", date(2020, 9, 1),
        "cargill-de.example", languages=("de", "en"),
        earlier=(
            PositionSpec("GE Healthcare GmbH", "HR Director", date(2014, 5, 1), date(2020, 8, 31)),
        ),
    ),
    _contact(
        "Sarah", "Mitchell", "Cargill Deutschland GmbH", "Country Manager Germany",
        date(2019, 6, 1), "cargill-de.example", languages=("en", "de"),
    ),
    _contact(
        "Wei", "Li", "Huawei Technologies Deutschland GmbH", "Director Public Affairs",
        date(2018, 1, 1), "huawei-de.example", native_name="李伟", languages=("zh", "en", "de"),
    ),
    _contact(
        "Min", "Zhang", "ZTE Deutschland GmbH", "Managing Director", date(2021, 5, 1),
        "zte-de.example", native_name="张敏", languages=("zh", "en"),
    ),
    _contact(
        "Jie", "Chen", "LONGi Green Energy Technology Co., Ltd.",
        "Head of European Business Development", date(2022, 3, 1), "longi.example",
        native_name="陈杰", languages=("zh", "en"), legal_basis=LegalBasis.CONSENT,
        consent_given_on=date(2025, 5, 8), legal_basis_note="Agreed at Intersolar Europe 2025.",
    ),
    # The start-ups' founders.
    _contact(
        "Sho", "Ishikawa", "MiraiCell Inc.", "CEO", date(2021, 6, 1), "miraicell.example",
        native_name="石川 翔", languages=("ja", "en"),
    ),
    _contact(
        "Mai", "Fujita", "Soranoe Inc.", "CEO", date(2020, 4, 1), "soranoe.example",
        native_name="藤田 舞", languages=("ja", "en"),
    ),
    _contact(
        "Ryo", "Kobayashi", "Kazeami Technologies Inc.", "Founder and CEO", date(2022, 1, 10),
        "kazeami.example", native_name="小林 亮", languages=("ja", "en"),
    ),
    _contact(
        "Ayaka", "Mori", "MediLinks Japan Inc.", "CEO", date(2019, 10, 1), "medilinks.example",
        native_name="森 彩花", languages=("ja", "en"),
    ),
    _contact(
        "Daiki", "Shimizu", "Tsunagu Robotics Inc.", "CEO", date(2020, 7, 1),
        "tsunagu-robotics.example", native_name="清水 大輝", languages=("ja", "en"),
    ),
    _contact(
        "Naoko", "Ogawa", "Aoba Quantum Inc.", "Co-founder and CTO", date(2023, 2, 1),
        "aoba-quantum.example", native_name="小川 直子", languages=("ja", "en"),
    ),
    _contact(
        "Kaito", "Yoshida", "HydroLoop Inc.", "CEO", date(2022, 9, 1), "hydroloop.example",
        native_name="吉田 海斗", languages=("ja", "en"),
    ),
    # Contacts at partner organisations.
    _contact(
        "Aiko", "Yamamoto", JETRO, "Director, JETRO Düsseldorf", date(2023, 4, 1), "jetro.example",
        native_name="山本 愛子", languages=("ja", "de", "en"),
    ),
    _contact(
        "Martina", "Schulz", IHK, "Head of International Business", date(2017, 1, 1),
        "ihk-duesseldorf.example", languages=("de", "en"),
    ),
    _contact(
        "Jan", "Vogel", MESSE, "Project Director, China Competence Centre", date(2016, 5, 1),
        "messe-duesseldorf.example", languages=("de", "en", "zh"),
    ),
    _contact(
        "Rebecca", "Turner", US_COMMERCIAL_SERVICE, "Commercial Officer", date(2022, 8, 1),
        "us-commercial-service.example", languages=("en", "de"),
    ),
    _contact(
        "Min-seo", "Kim", KOTRA, "Trade Commissioner", date(2024, 9, 1), "kotra.example",
        native_name="김민서", languages=("ko", "en", "de"),
    ),
    _contact(
        "Andreas", "Wolff", HEINRICH_HERTZ, "Head of International Cooperation",
        date(2018, 8, 1), "heinrich-hertz-berufskolleg.example", languages=("de", "en"),
    ),
    _contact(
        "Ramesh", "Gowda", BANGALORE_COLLEGE, "Principal", date(2015, 6, 1),
        "bengaluru-training.example", languages=("kn", "en"), legal_basis=LegalBasis.CONSENT,
        consent_given_on=date(2025, 7, 3),
        legal_basis_note="Agreed during the Karnataka delegation's visit.",
    ),
    _contact(
        "Anjali", "Mehta", IGCC, "Head of the Düsseldorf Office", date(2021, 3, 1),
        "igcc.example", languages=("hi", "en", "de"),
    ),
    _contact(
        "Lena", "Hartmann", NRW_GLOBAL, "Project Manager Asia", date(2020, 1, 15),
        "nrwglobalbusiness.example", languages=("de", "en"), legal_basis=LegalBasis.PUBLIC_TASK,
    ),
    _contact(
        "Thomas", "Berger", LIFE_SCIENCE_CENTER, "Centre Manager", date(2012, 4, 1),
        "lsc-duesseldorf.example", languages=("de", "en"),
    ),
)  # fmt: skip
