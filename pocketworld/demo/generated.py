"""The generated registry around the named records, so that no list looks empty.

One seeded random.Random and one seeded Faker per locale draw it in a fixed order, so every
call returns the same world. Companies are German subsidiaries ("… Europe GmbH") with, for
Japan, China and Korea, their group's name in its own script.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from faker import Faker

from pocketworld.companies.choices import CompanyStatus, NameKind, PartnerLinkRole, SiteKind
from pocketworld.contacts.choices import LegalBasis
from pocketworld.demo.named import (
    BUSINESS_FRANCE,
    IGCC,
    IHK,
    JETRO,
    KOTRA,
    NAMED_COMPANIES,
    NAMED_PEOPLE,
    US_COMMERCIAL_SERVICE,
)
from pocketworld.demo.specs import CompanySpec, PersonSpec, PositionSpec, SiteSpec, ascii_slug

SEED = 20250701
# The world is dated: a run next year builds the same one.
AS_OF = date(2025, 9, 1)


@dataclass(frozen=True)
class Industry:
    english: str
    sector: str
    focus_area: str = ""


INDUSTRIES = {
    "software": Industry("Software", "62", "digitalisation"),
    "it": Industry("IT Services", "62", "digitalisation"),
    "cloud": Industry("Cloud", "63", "digitalisation"),
    "analytics": Industry("Analytics", "63", "digitalisation"),
    "telecom": Industry("Networks", "61", "connectivity"),
    "semis": Industry("Semiconductors", "26", "connectivity"),
    "electronics": Industry("Electronics", "26", "connectivity"),
    "smarthome": Industry("Smart Home", "27", "digitalisation"),
    "medtech": Industry("Medical", "32", "life-sciences"),
    "pharma": Industry("Pharma", "21", "life-sciences"),
    "biotech": Industry("Biosciences", "72", "life-sciences"),
    "diagnostics": Industry("Diagnostics", "21", "life-sciences"),
    "solar": Industry("Solar", "26", "greentech"),
    "storage": Industry("Energy Storage", "27", "greentech"),
    "hydrogen": Industry("Hydrogen", "28", "greentech"),
    "recycling": Industry("Recycling", "38", "greentech"),
    "materials": Industry("Materials", "20", "greentech"),
    "robotics": Industry("Robotics", "28", "robotics"),
    "automation": Industry("Automation", "28", "robotics"),
    "machinery": Industry("Machinery", "28"),
    "logistics": Industry("Logistics", "52", "mobility-logistics"),
    "automotive": Industry("Automotive", "29", "mobility-logistics"),
    "chemicals": Industry("Chemicals", "20"),
    "consulting": Industry("Consulting", "70"),
    "media": Industry("Media", "73"),
    "foods": Industry("Foods", "10"),
    "trading": Industry("Trading", "46"),
    "finance": Industry("Capital", "64"),
    "insurance": Industry("Insurance", "65"),
    "fashion": Industry("Fashion", "14"),
    "cosmetics": Industry("Cosmetics", "20"),
    "staffing": Industry("Staffing", "78"),
    "steel": Industry("Steel", "24"),
    "engineering": Industry("Engineering", "71"),
}

# The industry in the company's home-language name.
JAPANESE_INDUSTRY = {
    "electronics": "電子", "chemicals": "化学", "machinery": "機械", "robotics": "ロボティクス",
    "trading": "商事", "logistics": "物流", "automotive": "自動車部品", "pharma": "製薬",
    "software": "ソフトウェア", "telecom": "通信", "foods": "食品", "storage": "エナジー",
    "medtech": "メディカル", "cosmetics": "化粧品", "materials": "マテリアル", "semis": "半導体",
}  # fmt: skip
CHINESE_INDUSTRY = {  # (simplified, traditional)
    "solar": ("光伏科技", "光伏科技"), "storage": ("储能科技", "儲能科技"),
    "smarthome": ("智能家居", "智慧家居"), "electronics": ("电子", "電子"),
    "telecom": ("通信技术", "通訊技術"), "steel": ("钢铁", "鋼鐵"), "machinery": ("机械", "機械"),
    "automotive": ("汽车零部件", "汽車零件"), "medtech": ("医疗器械", "醫療器材"),
    "logistics": ("物流", "物流"), "trading": ("贸易", "貿易"), "semis": ("半导体", "半導體"),
    "software": ("软件", "軟體"),
}  # fmt: skip
KOREAN_INDUSTRY = {
    "biotech": "바이오", "robotics": "로보틱스", "storage": "배터리", "electronics": "전자",
    "materials": "소재", "automotive": "모빌리티", "medtech": "헬스케어", "software": "테크",
    "machinery": "정밀", "trading": "상사",
}  # fmt: skip

# Syllables written alike in simplified and traditional characters, with their pinyin.
CHINESE_BRAND_SYLLABLES = (
    ("天", "Tian"), ("海", "Hai"), ("瑞", "Rui"), ("博", "Bo"), ("明", "Ming"), ("鑫", "Xin"),
    ("盛", "Sheng"), ("光", "Guang"), ("科", "Ke"), ("康", "Kang"), ("恒", "Heng"),
    ("通", "Tong"), ("宇", "Yu"), ("星", "Xing"), ("晶", "Jing"), ("泰", "Tai"), ("嘉", "Jia"),
    ("德", "De"), ("安", "An"), ("新", "Xin"), ("昌", "Chang"), ("源", "Yuan"), ("旭", "Xu"),
    ("易", "Yi"), ("智", "Zhi"), ("福", "Fu"), ("金", "Jin"), ("和", "He"), ("元", "Yuan"),
    ("信", "Xin"), ("立", "Li"), ("正", "Zheng"), ("永", "Yong"), ("佳", "Jia"), ("美", "Mei"),
    ("高", "Gao"),
)  # fmt: skip
CHINESE_CITIES = (
    ("深圳", "Shenzhen"), ("上海", "Shanghai"), ("宁波", "Ningbo"), ("杭州", "Hangzhou"),
    ("苏州", "Suzhou"), ("广州", "Guangzhou"), ("北京", "Beijing"), ("无锡", "Wuxi"),
    ("常州", "Changzhou"), ("厦门", "Xiamen"), ("合肥", "Hefei"), ("青岛", "Qingdao"),
)  # fmt: skip
KOREAN_BRANDS = (
    ("대한", "Daehan"), ("한솔", "Hansol"), ("미래", "Mirae"), ("세진", "Sejin"),
    ("동양", "Dongyang"), ("한빛", "Hanbit"), ("새한", "Saehan"), ("태양", "Taeyang"),
    ("우진", "Woojin"), ("성진", "Sungjin"), ("대성", "Daesung"), ("진영", "Jinyoung"),
    ("한울", "Hanul"), ("누리", "Nuri"), ("아름", "Areum"), ("하나", "Hana"),
    ("청운", "Cheongun"), ("다온", "Daon"),
)  # fmt: skip


@dataclass(frozen=True)
class NameList:
    """Names for a country Faker has no Latin-script names for: (native, Latin) pairs."""

    given: tuple[tuple[str, str], ...]
    family: tuple[tuple[str, str], ...]
    native_format: str = ""  # e.g. "{family}{given}"; empty: no native-script name


def _latin_only(given, family):
    return NameList(tuple(("", name) for name in given), tuple(("", name) for name in family))


NAME_LISTS = {
    "CN": NameList(
        given=(
            ("伟", "Wei"), ("芳", "Fang"), ("静", "Jing"), ("磊", "Lei"), ("洋", "Yang"),
            ("敏", "Min"), ("婷", "Ting"), ("杰", "Jie"), ("军", "Jun"), ("丽", "Li"),
            ("强", "Qiang"), ("晓明", "Xiaoming"), ("海燕", "Haiyan"), ("建华", "Jianhua"),
            ("志强", "Zhiqiang"), ("雪", "Xue"), ("宇航", "Yuhang"), ("佳怡", "Jiayi"),
            ("子涵", "Zihan"), ("浩然", "Haoran"),
        ),
        family=(
            ("王", "Wang"), ("李", "Li"), ("张", "Zhang"), ("刘", "Liu"), ("陈", "Chen"),
            ("杨", "Yang"), ("黄", "Huang"), ("赵", "Zhao"), ("吴", "Wu"), ("周", "Zhou"),
            ("徐", "Xu"), ("孙", "Sun"), ("马", "Ma"), ("朱", "Zhu"), ("胡", "Hu"), ("郭", "Guo"),
            ("何", "He"), ("林", "Lin"), ("罗", "Luo"), ("高", "Gao"),
        ),
        native_format="{family}{given}",
    ),
    "TW": NameList(
        given=(
            ("志明", "Chih-Ming"), ("淑芬", "Shu-Fen"), ("家豪", "Chia-Hao"),
            ("雅婷", "Ya-Ting"), ("建宏", "Chien-Hung"), ("怡君", "Yi-Chun"),
            ("俊傑", "Chun-Chieh"), ("美玲", "Mei-Ling"),
        ),
        family=(
            ("陳", "Chen"), ("林", "Lin"), ("黃", "Huang"), ("張", "Chang"), ("李", "Lee"),
            ("王", "Wang"), ("吳", "Wu"), ("劉", "Liu"), ("蔡", "Tsai"), ("楊", "Yang"),
        ),
        native_format="{family}{given}",
    ),
    "HK": NameList(
        given=(
            ("家明", "Ka Ming"), ("詠詩", "Wing Sze"), ("志偉", "Chi Wai"), ("嘉欣", "Ka Yan"),
            ("俊傑", "Chun Kit"), ("美玲", "Mei Ling"),
        ),
        family=(
            ("陳", "Chan"), ("黃", "Wong"), ("李", "Lee"), ("張", "Cheung"), ("梁", "Leung"),
            ("林", "Lam"), ("劉", "Lau"), ("吳", "Ng"),
        ),
        native_format="{family}{given}",
    ),
    "KR": NameList(
        given=(
            ("민준", "Min-jun"), ("서연", "Seo-yeon"), ("지훈", "Ji-hoon"), ("하은", "Ha-eun"),
            ("현우", "Hyun-woo"), ("수진", "Su-jin"), ("동현", "Dong-hyun"), ("지영", "Ji-young"),
            ("성민", "Sung-min"), ("은지", "Eun-ji"), ("준호", "Jun-ho"), ("미경", "Mi-kyung"),
            ("영수", "Young-soo"), ("혜진", "Hye-jin"),
        ),
        family=(
            ("김", "Kim"), ("이", "Lee"), ("박", "Park"), ("최", "Choi"), ("정", "Jung"),
            ("강", "Kang"), ("조", "Cho"), ("윤", "Yoon"), ("장", "Jang"), ("임", "Lim"),
            ("한", "Han"), ("오", "Oh"), ("서", "Seo"), ("신", "Shin"), ("권", "Kwon"),
            ("황", "Hwang"), ("안", "Ahn"), ("송", "Song"),
        ),
        native_format="{family}{given}",
    ),
    "IL": NameList(
        given=(
            ("נועה", "Noa"), ("יונתן", "Yonatan"), ("תמר", "Tamar"), ("איתן", "Eitan"),
            ("מאיה", "Maya"), ("אריאל", "Ariel"), ("עומר", "Omer"), ("שירה", "Shira"),
        ),
        family=(
            ("כהן", "Cohen"), ("לוי", "Levi"), ("מזרחי", "Mizrahi"), ("פרץ", "Peretz"),
            ("ביטון", "Biton"), ("אברהם", "Avraham"), ("פרידמן", "Friedman"),
            ("שפירא", "Shapira"),
        ),
        native_format="{given} {family}",
    ),
    "SG": _latin_only(
        ("Wei Ming", "Hui Min", "Jun Jie", "Mei Ling", "Kok Wai", "Siew Ling", "Zhi Hao"),
        ("Tan", "Lim", "Lee", "Ng", "Ong", "Wong", "Goh", "Chua", "Teo", "Koh"),
    ),
    "MY": _latin_only(
        ("Ahmad", "Nurul", "Siti", "Farid", "Aisyah", "Hafiz", "Amir", "Zainab"),
        ("Abdullah", "Rahman", "Ismail", "Hassan", "Ibrahim", "Yusof", "Othman", "Aziz"),
    ),
    "PH": _latin_only(
        ("Maria", "Jose", "Angelica", "Mark", "Kristine", "Paolo", "Carlo", "Joanna"),
        ("Santos", "Reyes", "Cruz", "Bautista", "Garcia", "Mendoza", "Villanueva", "Ramos"),
    ),
}  # fmt: skip


@dataclass(frozen=True)
class Market:
    country: str
    count: int
    language: str
    industries: dict[str, int]  # {key of INDUSTRIES: weight}
    locale: str = ""  # Faker locale for people's names; else NAME_LISTS[country]
    style: str = "latin"  # how companies are named: latin, ja, zh-CN, zh-TW, zh-HK, ko


# How likely each industry is in a market: {key of INDUSTRIES: weight}.
US_INDUSTRIES = {
    "software": 3, "it": 1, "cloud": 2, "analytics": 1, "medtech": 2, "pharma": 1,
    "biotech": 1, "diagnostics": 1, "consulting": 2, "media": 1, "finance": 1, "insurance": 1,
    "logistics": 1, "automotive": 1, "chemicals": 1, "foods": 1, "staffing": 1, "semis": 1,
    "telecom": 1, "fashion": 1, "cosmetics": 1, "machinery": 1, "solar": 1, "storage": 1,
}  # fmt: skip
JAPANESE_INDUSTRIES = {
    "electronics": 2, "chemicals": 2, "machinery": 1, "robotics": 1, "trading": 2,
    "logistics": 1, "automotive": 2, "pharma": 1, "software": 1, "telecom": 1, "foods": 1,
    "storage": 1, "medtech": 1, "cosmetics": 1, "materials": 1, "semis": 1,
}  # fmt: skip
CHINESE_INDUSTRIES = {
    "solar": 3, "storage": 2, "smarthome": 2, "electronics": 2, "telecom": 1, "steel": 1,
    "machinery": 1, "automotive": 1, "medtech": 1, "logistics": 1, "trading": 1, "semis": 1,
    "software": 1,
}  # fmt: skip
KOREAN_INDUSTRIES = {
    "biotech": 2, "robotics": 2, "storage": 2, "electronics": 1, "materials": 1,
    "automotive": 1, "medtech": 1, "software": 1, "machinery": 1, "trading": 1,
}  # fmt: skip
INDIAN_INDUSTRIES = {
    "it": 4, "software": 2, "pharma": 2, "engineering": 1, "automotive": 1, "consulting": 1,
    "fashion": 1,
}  # fmt: skip
ASEAN_INDUSTRIES = dict.fromkeys(
    ("trading", "logistics", "foods", "electronics", "software", "fashion"), 1
)
WESTERN_INDUSTRIES = dict.fromkeys(
    (
        "machinery", "chemicals", "foods", "fashion", "consulting", "software", "logistics",
        "medtech", "finance", "insurance", "media", "cosmetics", "solar", "hydrogen",
        "recycling", "engineering", "automation",
    ),
    1,
)  # fmt: skip
EASTERN_INDUSTRIES = {
    "it": 1, "software": 2, "logistics": 1, "automotive": 1, "machinery": 1, "foods": 1,
    "engineering": 1,
}  # fmt: skip

MARKETS = (
    Market("US", 430, "en", US_INDUSTRIES, "en_US"),
    Market("CA", 12, "en", US_INDUSTRIES, "en_US"),
    Market("JP", 150, "ja", JAPANESE_INDUSTRIES, "ja_JP", "ja"),
    Market("CN", 105, "zh", CHINESE_INDUSTRIES, style="zh-CN"),
    Market("TW", 10, "zh", CHINESE_INDUSTRIES, style="zh-TW"),
    Market("HK", 7, "zh", CHINESE_INDUSTRIES, style="zh-HK"),
    Market("KR", 50, "ko", KOREAN_INDUSTRIES, style="ko"),
    Market("IN", 60, "hi", INDIAN_INDUSTRIES, "en_IN"),
    Market("SG", 10, "en", ASEAN_INDUSTRIES),
    Market("VN", 6, "vi", ASEAN_INDUSTRIES, "vi_VN"),
    Market("TH", 5, "th", ASEAN_INDUSTRIES, "en_TH"),
    Market("MY", 4, "ms", ASEAN_INDUSTRIES),
    Market("ID", 3, "id", ASEAN_INDUSTRIES, "id_ID"),
    Market("PH", 2, "tl", ASEAN_INDUSTRIES),
    Market("GB", 25, "en", WESTERN_INDUSTRIES, "en_GB"),
    Market("FR", 22, "fr", WESTERN_INDUSTRIES, "fr_FR"),
    Market("NL", 25, "nl", WESTERN_INDUSTRIES, "nl_NL"),
    Market("BE", 10, "nl", WESTERN_INDUSTRIES, "nl_BE"),
    Market("IT", 14, "it", WESTERN_INDUSTRIES, "it_IT"),
    Market("ES", 10, "es", WESTERN_INDUSTRIES, "es_ES"),
    Market("CH", 10, "de", WESTERN_INDUSTRIES, "de_CH"),
    Market("AT", 6, "de", WESTERN_INDUSTRIES, "de_AT"),
    Market("SE", 5, "sv", WESTERN_INDUSTRIES, "sv_SE"),
    Market("DK", 4, "da", WESTERN_INDUSTRIES, "da_DK"),
    Market("IE", 4, "en", WESTERN_INDUSTRIES, "en_IE"),
    Market("TR", 10, "tr", WESTERN_INDUSTRIES, "tr_TR"),
    Market("IL", 5, "he", WESTERN_INDUSTRIES),
    Market("PL", 12, "pl", EASTERN_INDUSTRIES, "pl_PL"),
    Market("CZ", 8, "cs", EASTERN_INDUSTRIES, "cs_CZ"),
    Market("HU", 5, "hu", EASTERN_INDUSTRIES, "hu_HU"),
    Market("RO", 5, "ro", EASTERN_INDUSTRIES, "ro_RO"),
    Market("SK", 3, "sk", EASTERN_INDUSTRIES, "sk_SK"),
    Market("SI", 2, "sl", EASTERN_INDUSTRIES, "sl_SI"),
    Market("HR", 2, "hr", EASTERN_INDUSTRIES, "hr_HR"),
    Market("LT", 2, "lt", EASTERN_INDUSTRIES, "lt_LT"),
    Market("LV", 1, "lv", EASTERN_INDUSTRIES, "lv_LV"),
)

# (municipality, weight, ((street, postcode), ...)); streets and postcodes belong together.
PLACES = (
    ("Düsseldorf", 62, (
        ("Königsallee", "40212"), ("Immermannstraße", "40210"), ("Berliner Allee", "40212"),
        ("Kaiserswerther Straße", "40477"), ("Kennedydamm", "40476"), ("Am Seestern", "40547"),
        ("Fritz-Vomfelde-Straße", "40547"), ("Hansaallee", "40549"), ("Speditionstraße", "40221"),
        ("Kaistraße", "40221"), ("Hammer Straße", "40219"), ("Toulouser Allee", "40211"),
        ("Graf-Adolf-Straße", "40210"), ("Oststraße", "40211"), ("Breite Straße", "40213"),
        ("Kasernenstraße", "40213"), ("Georg-Glock-Straße", "40474"), ("Prinzenallee", "40549"),
        ("Völklinger Straße", "40219"), ("Erkrather Straße", "40233"),
        ("Werdener Straße", "40227"), ("Derendorfer Allee", "40476"),
        ("Willstätterstraße", "40549"), ("Theodorstraße", "40472"),
    )),
    ("Neuss", 8, (
        ("Hammfelddamm", "41460"), ("Moselstraße", "41464"), ("Düsseldorfer Straße", "41460"),
    )),
    ("Ratingen", 6, (
        ("Kaiserswerther Straße", "40880"), ("Balcke-Dürr-Allee", "40882"),
        ("Halskestraße", "40880"),
    )),
    ("Meerbusch", 4, (("Otto-Hahn-Straße", "40670"), ("Moerser Straße", "40667"))),
    ("Duisburg", 4, (("Schifferstraße", "47059"), ("Königstraße", "47051"))),
    ("Krefeld", 3, (("Ostwall", "47798"), ("Hafenstraße", "47809"))),
    ("Mönchengladbach", 3, (("Hohenzollernstraße", "41061"), ("Regioparkring", "41199"))),
    ("Hilden", 2, (("Walder Straße", "40724"), ("Hofstraße", "40723"))),
    ("Langenfeld (Rheinland)", 2, (("Solinger Straße", "40764"),)),
    ("Monheim am Rhein", 2, (("Alfred-Nobel-Straße", "40789"),)),
    ("Kaarst", 2, (("Düsselstraße", "41564"),)),
    ("Erkrath", 2, (("Max-Planck-Straße", "40699"),)),
)  # fmt: skip
STATUSES = (
    (CompanyStatus.SETTLED, 72), (CompanyStatus.EXPANDING, 10), (CompanyStatus.PROSPECT, 9),
    (CompanyStatus.AT_RISK, 4), (CompanyStatus.LEFT, 5),
)  # fmt: skip
SITE_KINDS = (
    (SiteKind.GERMAN_HQ, 35), (SiteKind.EUROPEAN_HQ, 15), (SiteKind.SALES, 25),
    (SiteKind.BRANCH, 15),
)  # fmt: skip
MANUFACTURING_SITE_KINDS = ((SiteKind.RESEARCH, 4), (SiteKind.PRODUCTION, 6))
# Prospects are not here yet, and those that left are gone: no employees in the region.
IN_THE_REGION = (CompanyStatus.SETTLED, CompanyStatus.EXPANDING, CompanyStatus.AT_RISK)
LEGAL_FORMS = (("GmbH", 4), ("Deutschland GmbH", 3), ("Germany GmbH", 2), ("Europe GmbH", 2))
JOB_TITLES = (
    ("Managing Director", 35), ("Country Manager Germany", 12), ("General Manager", 10),
    ("Head of Sales Europe", 12), ("Director Business Development", 10), ("Office Manager", 8),
    ("Head of Finance and Administration", 6), ("HR Manager", 7),
)  # fmt: skip
LEGAL_BASES = (
    (LegalBasis.LEGITIMATE_INTEREST, 75),
    (LegalBasis.CONSENT, 20),
    (LegalBasis.PUBLIC_TASK, 5),
)
CONSENT_NOTES = (
    "Business card handed over at a trade fair.",
    "Agreed at an information event of the service.",
    "Agreed by e-mail after the first meeting.",
)
COMPANY_TAGS = (("start-up", 0.07), ("trade fair exhibitor", 0.1), ("skilled workers", 0.05))
# Partners that referred generated companies, by country; the chamber refers from anywhere.
REFERRING_PARTNERS = {
    "JP": JETRO, "US": US_COMMERCIAL_SERVICE, "KR": KOTRA, "IN": IGCC, "FR": BUSINESS_FRANCE,
}  # fmt: skip


class _Generator:
    """Draws the generated registry from one seeded random.Random and seeded Fakers."""

    def __init__(self, reserved_legal_names):
        self.random = random.Random(SEED)
        self.fakers = {}
        self.legal_names = set(reserved_legal_names)
        self.brands = set()
        self.companies, self.people = [], []

    def pick(self, weighted):
        choices, weights = zip(*weighted, strict=True)
        return self.random.choices(choices, weights)[0]

    def date_between(self, start, end):
        return start + timedelta(days=self.random.randint(0, max(0, (end - start).days)))

    def faker(self, locale):
        if locale not in self.fakers:
            fake = Faker(locale)
            fake.seed_instance(f"{SEED}-{locale}")
            self.fakers[locale] = fake
        return self.fakers[locale]

    def person_name(self, market):
        """(given, family) in Latin script and the name as written at home, if not Latin."""
        if market.style == "ja":
            fake = self.faker(market.locale)
            family = fake.last_name_pair()
            male = self.random.random() < 0.6
            given = fake.first_name_male_pair() if male else fake.first_name_female_pair()
            return given[2], family[2], f"{family[0]} {given[0]}"
        if not market.locale:
            names = NAME_LISTS[market.country]
            given, family = self.random.choice(names.given), self.random.choice(names.family)
            native = names.native_format.format(given=given[0], family=family[0])
            return given[1], family[1], native if names.native_format else ""
        fake = self.faker(market.locale)
        if self.random.random() < 0.6:
            return fake.first_name_male(), fake.last_name_male(), ""
        return fake.first_name_female(), fake.last_name_female(), ""

    def brand(self, market):
        """The company's name without industry and legal form: Latin, and native if any."""
        if market.style == "ja":
            kanji, _kana, romanised = self.faker(market.locale).last_name_pair()
            return romanised, kanji
        if market.style.startswith("zh"):
            first, second = self.random.sample(CHINESE_BRAND_SYLLABLES, 2)
            return first[1] + second[1].lower(), first[0] + second[0]
        if market.style == "ko":
            hangul, romanised = self.random.choice(KOREAN_BRANDS)
            return romanised, hangul
        _given, family, _native = self.person_name(market)
        return family, ""

    def native_name(self, market, brand, industry_key):
        if market.style == "ja":
            return f"{brand}{JAPANESE_INDUSTRY[industry_key]}株式会社"
        if market.style == "zh-CN":
            city = self.random.choice(CHINESE_CITIES)[0]
            return f"{city}{brand}{CHINESE_INDUSTRY[industry_key][0]}有限公司"
        if market.style == "zh-TW":
            return f"{brand}{CHINESE_INDUSTRY[industry_key][1]}股份有限公司"
        if market.style == "zh-HK":
            return f"{brand}{CHINESE_INDUSTRY[industry_key][1]}有限公司"
        return f"주식회사 {brand}{KOREAN_INDUSTRY[industry_key]}"

    def generate(self):
        for market in MARKETS:
            earlier = []
            for _number in range(market.count):
                company, domain = self.company(market)
                self.companies.append(company)
                self.people.append(self.person(market, company, domain, earlier))
                earlier.append(company.legal_name)
        return self.companies, self.people

    def company(self, market):
        for _attempt in range(200):
            industry_key = self.pick(market.industries.items())
            brand, native_brand = self.brand(market)
            form = self.pick(LEGAL_FORMS)
            if market.style.startswith("zh") and form == "Germany GmbH":
                form = "(Germany) GmbH"
            industry = INDUSTRIES[industry_key]
            legal_name = f"{brand} {industry.english} {form}"
            if (brand, industry_key) not in self.brands and legal_name not in self.legal_names:
                break
        else:
            raise RuntimeError(f"No unused company name left for {market.country}.")
        self.brands.add((brand, industry_key))
        self.legal_names.add(legal_name)
        domain = f"{ascii_slug(brand)}-{ascii_slug(industry.english)}.example"
        tags = tuple(tag for tag, share in COMPANY_TAGS if self.random.random() < share)
        start_up = "start-up" in tags
        status = self.pick(STATUSES)
        region, worldwide = self.employees(start_up)
        names = ()
        if market.style != "latin":
            names = (
                (
                    self.native_name(market, native_brand, industry_key),
                    market.language,
                    NameKind.NATIVE,
                ),
            )
        partners = ()
        if self.random.random() < 0.12:
            partner = REFERRING_PARTNERS.get(market.country, IHK)
            partners = ((partner, PartnerLinkRole.REFERRED_BY, ""),)
        company = CompanySpec(
            legal_name,
            market.country,
            status,
            names=names,
            sites=self.sites(status, industry, region, start_up),
            sectors=(industry.sector,),
            focus_areas=(industry.focus_area,) if industry.focus_area else (),
            tags=tags,
            website=f"https://www.{domain}",
            employees_region=region if status in IN_THE_REGION else None,
            employees_worldwide=worldwide,
            partners=partners,
            validate=False,
        )
        return company, domain

    def employees(self, start_up):
        """(in the region, worldwide); the worldwide figure is never the smaller one."""
        if start_up:
            region = self.random.randint(1, 12)
            return region, region + self.random.randint(3, 80)
        low, high = self.pick((((2, 19), 45), ((20, 99), 30), ((100, 499), 18), ((500, 1500), 7)))
        region = self.random.randint(low, high)
        if self.random.random() < 0.1:
            return region, None
        return region, min(region * self.random.randint(3, 400), max(region, 250000))

    def place(self, exclude=""):
        """A municipality with a street and a postcode that belong together."""
        municipality, streets = self.pick(
            [((name, streets), weight) for name, weight, streets in PLACES if name != exclude]
        )
        street, postcode = self.random.choice(streets)
        return municipality, f"{street} {self.random.randint(1, 120)}", postcode

    def opening_date(self, start_up):
        """Start-ups came lately; others any time since 1965, most in the recent years."""
        if start_up:
            return self.date_between(date(2019, 1, 1), AS_OF)
        age = timedelta(days=int(self.random.expovariate(1 / (12 * 365))))
        return max(date(1965, 1, 1), AS_OF - age)

    def sites(self, status, industry, employees, start_up):
        if status == CompanyStatus.PROSPECT:
            return ()
        opened_on = self.opening_date(start_up)
        closed_on = self.date_between(opened_on, AS_OF) if status == CompanyStatus.LEFT else None
        municipality, street, postcode = self.place()
        manufacturer = "10" <= industry.sector <= "33"  # NACE section C
        kind = self.pick(SITE_KINDS + (MANUFACTURING_SITE_KINDS if manufacturer else ()))
        if industry.focus_area == "life-sciences" and self.random.random() < 0.25:
            kind = SiteKind.LAB
        relocated_from = ""
        if municipality == "Düsseldorf" and self.random.random() < 0.04:
            relocated_from = self.place(exclude="Düsseldorf")[0]
        sites = []
        if not start_up and employees > 1 and self.random.random() < 0.15:
            other, other_street, other_postcode = self.place(exclude=municipality)
            other_kind = SiteKind.PRODUCTION if manufacturer else SiteKind.SALES
            sites.append(
                SiteSpec(
                    self.pick(((SiteKind.BRANCH, 1), (other_kind, 1))),
                    other,
                    other_street,
                    other_postcode,
                    opened_on=self.date_between(opened_on, closed_on or AS_OF),
                    closed_on=closed_on,
                    employees=employees // 4 or 1,
                )
            )
            employees -= sites[0].employees
        first = SiteSpec(
            kind,
            municipality,
            street,
            postcode,
            relocated_from=relocated_from,
            opened_on=opened_on,
            closed_on=closed_on,
            employees=employees,
        )
        return (first, *sites)

    def person(self, market, company, domain, earlier_companies):
        given, family, native = self.person_name(market)
        opened = company.sites[0].opened_on if company.sites else date(2018, 1, 1)
        started_on = self.date_between(max(opened, date(2005, 1, 1)), AS_OF)
        positions = (PositionSpec(company.legal_name, self.pick(JOB_TITLES), started_on),)
        if earlier_companies and self.random.random() < 0.05:
            ended_on = started_on - timedelta(days=self.random.randint(1, 120))
            positions += (
                PositionSpec(
                    self.random.choice(earlier_companies),
                    self.random.choice(("Sales Manager", "Project Manager", "Key Account Manager")),
                    ended_on - timedelta(days=self.random.randint(365, 8 * 365)),
                    ended_on,
                ),
            )
        languages = tuple(dict.fromkeys((market.language, "en")))
        if self.random.random() < 0.5:
            languages += ("de",)
        legal_basis = self.pick(LEGAL_BASES)
        consent = legal_basis == LegalBasis.CONSENT
        return PersonSpec(
            given,
            family,
            f"{ascii_slug(given, '')}.{ascii_slug(family, '')}@{domain}",
            positions,
            native_name=native,
            languages=languages,
            salutation="Dr." if self.random.random() < 0.07 else "",
            legal_basis=legal_basis,
            consent_given_on=self.date_between(date(2022, 9, 1), AS_OF) if consent else None,
            legal_basis_note=self.random.choice(CONSENT_NOTES) if consent else "",
            validate=False,
        )


def build_world():
    """The whole world as plain data, the same on every call: named records, then the rest."""
    generated_companies, generated_people = _Generator(
        spec.legal_name for spec in NAMED_COMPANIES
    ).generate()
    return list(NAMED_COMPANIES) + generated_companies, list(NAMED_PEOPLE) + generated_people
