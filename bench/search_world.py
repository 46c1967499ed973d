"""Fill a database with the names the search benchmark looks through.

    python -m bench.search_world [--database-url URL] [--var-dir var/bench-search]
        [--companies 100000] [--people 200000] [--force]

Companies of every desk's countries: Japanese, Chinese and Korean ones named from two
characters such names often use and a trade (山田電気株式会社, 荣诚材料有限公司, 민대바이오
주식회사), with their reading as the Latin name and, for half of them, the home-script name
as a further name; the others from Faker's company names of the country's locale ("Carroll
Logistics Inc", "Wesack Mende GmbH & Co. KGaA"); a third of all as the German or European
subsidiary ("… Deutschland GmbH"). Each legal name once per country, and no stem that
reads like a labelled company (`bench/data`). People from Faker's names in the same mix of
languages, Chinese, Japanese and Korean ones with their name in both scripts. Desks and
users as in `bench.populate`. Written with COPY / executemany, no search index:
`bench.search` measures building it. Deterministic (seeded); a database whose counts
match is reused.
"""

import argparse
import csv
import hashlib
import itertools
import sys
import time
from pathlib import Path
from types import SimpleNamespace

from bench.populate.database import (
    add_database_arguments,
    configure,
    describe_database,
    is_postgresql,
    prepare_schema,
    wipe,
)
from bench.populate.parameters import COMPANY_STATUSES, SEED
from bench.populate.rows import insert, reset_sequences, weighted
from bench.populate.world import World

DEFAULT_VAR_DIR = "var/bench-search"
LABELLED_PAIRS = Path(__file__).resolve().parent / "data" / "cross_script_names.csv"
# A desk of a world made by this version of the generator says so; another is filled anew.
WORLD_MARK = "Search bench world "
BENCH_USERNAME = "bench.officer"

# Faker locale of each country's company and person names; others take en_US.
LOCALES = {
    "JP": "ja_JP",
    "CN": "zh_CN",
    "TW": "zh_TW",
    "HK": "zh_TW",
    "SG": "zh_CN",
    "KR": "ko_KR",
    "IN": "en_IN",
    "US": "en_US",
    "CA": "en_CA",
    "GB": "en_GB",
    "IE": "en_IE",
    "FR": "fr_FR",
    "NL": "nl_NL",
    "BE": "nl_BE",
    "IT": "it_IT",
    "ES": "es_ES",
    "PT": "pt_PT",
    "CH": "de_CH",
    "AT": "de_AT",
    "LU": "fr_FR",
    "SE": "sv_SE",
    "PL": "pl_PL",
    "DK": "da_DK",
    "FI": "fi_FI",
    "NO": "no_NO",
    "CZ": "cs_CZ",
    "TR": "tr_TR",
    "HU": "hu_HU",
    "RO": "ro_RO",
    "GR": "el_GR",
    "SK": "sk_SK",
    "EE": "et_EE",
    "LT": "lt_LT",
    "LV": "lv_LV",
    "MX": "es_MX",
    "PK": "en_IN",
    "BD": "en_IN",
    "LK": "en_IN",
    "NP": "en_IN",
}
# People: (locale, share); the German ones bring umlauts and ß.
PERSON_LOCALES = [
    ("ja_JP", 15),
    ("zh_CN", 13),
    ("zh_TW", 2),
    ("ko_KR", 8),
    ("en_IN", 10),
    ("en_US", 15),
    ("de_DE", 15),
    ("fr_FR", 5),
    ("it_IT", 4),
    ("es_ES", 4),
    ("pl_PL", 3),
    ("tr_TR", 3),
    ("nl_NL", 3),
]
NATIVE_SCRIPT_OF_LOCALE = {"ja_JP": "Jpan", "zh_CN": "Hani", "zh_TW": "Hani", "ko_KR": "Kore"}
LANGUAGE_OF_LOCALE = {"ja_JP": "ja", "zh_CN": "zh", "zh_TW": "zh", "ko_KR": "ko"}
# Japanese company words: kanji, reading, English as in the company's Latin name.
JAPANESE_TRADES = [
    ("電機", "Denki", "Electric"),
    ("電気", "Denki", "Electric"),
    ("精密", "Seimitsu", "Precision"),
    ("化学", "Kagaku", "Chemical"),
    ("物流", "Butsuryu", "Logistics"),
    ("商事", "Shoji", "Corporation"),
    ("製作所", "Seisakusho", "Manufacturing"),
    ("工業", "Kogyo", "Industries"),
    ("電子", "Denshi", "Electronics"),
    ("機械", "Kikai", "Machinery"),
    ("技研", "Giken", "Giken"),
    ("製薬", "Seiyaku", "Pharmaceutical"),
    ("食品", "Shokuhin", "Foods"),
    ("建設", "Kensetsu", "Construction"),
    ("自動車", "Jidosha", "Motor"),
    ("通信", "Tsushin", "Communications"),
]
# Name stems of Asian companies: two characters drawn from those companies often use, so
# that 12,500 Japanese companies do not share Faker's 50 surnames (no register has 80
# "Matsuda" companies); the Latin name is their reading.
# fmt: off
JAPANESE_STEM_KANJI = list(
    "東西南北中日本光新大和三共昭富士旭栄豊信興安田山川島野原村松竹桜丸菱住友古河明治"
    "伊藤清水星高橋森林小倉長浜岡宮城葉石金銀鉄化成精工電産業海洋空陸千代関堀沢井上下"
)
CHINESE_STEM_HANZI = list(
    "华中新天金恒达宏泰兴盛瑞康德鑫海宇昊嘉佳创亿博通远鸿辉明星光荣和安信诚正东方南北"
    "长城力源升富丰美联合汇银祥云飞腾龙凤华晨阳"
)
TAIWANESE_STEM_HANZI = list(
    "華中新天金恆達宏泰興盛瑞康德鑫海宇昊嘉佳創億博通遠鴻輝明星光榮和安信誠正東方南北"
    "長城力源昇富豐美聯合匯銀祥雲飛騰龍鳳晨陽"
)
KOREAN_STEM_SYLLABLES = list(
    "한대동성신세우진영현태광삼일제금명화정민국해상수원경용준호서남북중천보미래하나"
)
# fmt: on
CHINESE_TRADES = [
    ("科技", "Technology"),
    ("信息", "Information"),
    ("网络", "Network"),
    ("传媒", "Media"),
    ("电子", "Electronics"),
    ("能源", "Energy"),
    ("贸易", "Trading"),
    ("物流", "Logistics"),
    ("机械", "Machinery"),
    ("化工", "Chemical"),
    ("制药", "Pharmaceutical"),
    ("汽车", "Automotive"),
    ("光电", "Optoelectronics"),
    ("软件", "Software"),
    ("通信", "Communication"),
    ("材料", "Materials"),
]
KOREAN_TRADES = [
    ("전자", "Electronics"),
    ("화학", "Chemical"),
    ("건설", "Construction"),
    ("물산", "Trading"),
    ("제약", "Pharmaceutical"),
    ("에너지", "Energy"),
    ("통신", "Telecom"),
    ("식품", "Foods"),
    ("중공업", "Heavy Industries"),
    ("산업", "Industries"),
    ("테크", "Tech"),
    ("시스템", "Systems"),
    ("로지스틱스", "Logistics"),
    ("바이오", "Bio"),
]
LATIN_LEGAL_FORMS = {
    "JP": ["Co., Ltd.", "Corporation", "K.K."],
    "CN": ["Co., Ltd.", "Group Co., Ltd."],
    "KR": ["Co., Ltd.", "Corp."],
}
INDUSTRY_WORDS = [
    "Logistics",
    "Robotics",
    "Medical",
    "Software",
    "Energy",
    "Solar",
    "Foods",
    "Chemicals",
    "Pharma",
    "Motors",
    "Systems",
    "Engineering",
    "Consulting",
    "Analytics",
    "Devices",
    "Materials",
    "Packaging",
    "Textiles",
    "Optics",
    "Semiconductors",
    "Biotech",
    "Trading",
    "Capital",
    "Media",
    "Telecom",
    "Instruments",
    "Machinery",
    "Automotive",
    "Aerospace",
    "Hydrogen",
    "Batteries",
    "Water",
    "Security",
    "Cloud",
    "Networks",
    "Logistik",
    "Technik",
]
SUBSIDIARY_FORMS = ["Deutschland GmbH", "Europe GmbH", "GmbH", "Germany GmbH", "Europe B.V."]


def add_world_arguments(parser):
    """The database and the size of the world, for this module and `bench.search`."""
    add_database_arguments(parser)
    parser.set_defaults(var_dir=DEFAULT_VAR_DIR)
    parser.add_argument("--companies", type=int, default=100_000)
    parser.add_argument("--people", type=int, default=200_000)
    parser.add_argument("--force", action="store_true", help="Fill again even if it matches.")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_world_arguments(parser)
    parser.add_argument("--seed", type=int, default=SEED)
    return parser.parse_args(argv)


def current_counts():
    from django.contrib.auth import get_user_model
    from django.db import connection

    from pocketworld.companies.models import Company
    from pocketworld.contacts.models import Person
    from pocketworld.desks.models import Desk

    if Company._meta.db_table not in connection.introspection.table_names():
        return None
    return {
        "companies": Company.objects.count(),
        "people": Person.objects.count(),
        "bench user": get_user_model().objects.filter(username=BENCH_USERNAME).count(),
        "world": Desk.objects.filter(description=f"{WORLD_MARK}{world_version()}").count(),
    }


def wanted_counts(options):
    return {
        "companies": options.companies,
        "people": options.people,
        "bench user": 1,
        "world": 1,
    }


def world_version():
    """A digest of what makes the world: this module and the labelled names it avoids."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    digest.update(LABELLED_PAIRS.read_bytes())
    return digest.hexdigest()[:12]


class Names:
    """Company and person names per Faker locale, from one seeded generator each.

    A generated stem never reads like one of the labelled companies (`bench/data`): a
    register holds one 한화 (Hanwha); a second company of that name would make the
    answer the recall measure expects ambiguous.
    """

    def __init__(self, seed, labelled=()):
        from faker import Faker
        from korean_romanizer.romanizer import Romanizer
        from pypinyin import lazy_pinyin

        from pocketworld.search.normalization import name_keys

        self.labelled_native = [native for native, _latin in labelled]
        self.labelled_keys = {
            key.text
            for native, latin in labelled
            for key in [*name_keys(native), *name_keys(latin)]
            if key.text.isascii() and len(key.text) >= 4
        }
        self.fakers = {}
        self.seed = seed
        self.lazy_pinyin = lazy_pinyin
        self.hangul = lambda text: Romanizer(text).romanize().title()
        self.faker_class = Faker

    @staticmethod
    def japanese(text):
        from pocketworld.search.romanization import romanize_japanese

        return romanize_japanese(text).replace(" ", "").capitalize()

    def stem(self, pool, read, rng):
        """Two characters of `pool` that do not read like a labelled company's name."""
        while True:
            stem = "".join(rng.sample(pool, 2))
            reading = read(stem).lower().replace(" ", "")
            if any(stem in native for native in self.labelled_native):
                continue
            if any(
                key.startswith(reading) or reading.startswith(key) for key in self.labelled_keys
            ):
                continue
            return stem, read(stem)

    def pinyin(self, text):
        """Pinyin in words of two syllables, as Chinese companies write their names."""
        syllables = self.lazy_pinyin(text)
        words = ["".join(syllables[start : start + 2]) for start in range(0, len(syllables), 2)]
        return " ".join(word.capitalize() for word in words)

    def faker(self, locale):
        if locale not in self.fakers:
            faker = self.faker_class(locale)
            faker.seed_instance(self.seed)
            self.fakers[locale] = faker
        return self.fakers[locale]

    def company(self, country, rng):
        """(Latin name without legal form, its legal form, name in the home script or None,
        the language of that name)."""
        from pocketworld.search.normalization import IGNORED_WORDS, fold

        locale = LOCALES.get(country, "en_US")
        faker = self.faker(locale)
        legal_forms = LATIN_LEGAL_FORMS.get(country, LATIN_LEGAL_FORMS["CN"])
        if locale == "ja_JP":
            kanji, reading = self.stem(JAPANESE_STEM_KANJI, self.japanese, rng)
            trade, trade_reading, english = rng.choice(JAPANESE_TRADES)
            word = english if rng.random() < 0.6 else trade_reading
            return f"{reading} {word}", rng.choice(legal_forms), f"{kanji}{trade}株式会社", "ja"
        if locale.startswith("zh"):
            pool = TAIWANESE_STEM_HANZI if locale == "zh_TW" else CHINESE_STEM_HANZI
            stem, reading = self.stem(pool, self.pinyin, rng)
            trade, english = rng.choice(CHINESE_TRADES)
            word = english if rng.random() < 0.5 else self.pinyin(trade)
            return f"{reading} {word}", rng.choice(legal_forms), f"{stem}{trade}有限公司", "zh"
        if locale == "ko_KR":
            stem, reading = self.stem(KOREAN_STEM_SYLLABLES, self.hangul, rng)
            trade, english = rng.choice(KOREAN_TRADES)
            native = f"{stem}{trade} 주식회사"
            return f"{reading} {english}", rng.choice(legal_forms), native, "ko"
        name = faker.company()
        if rng.random() < 0.7:  # most companies say what they do, before the legal form
            stem, _space, last = name.rpartition(" ")
            if stem and fold(last).strip(".") in IGNORED_WORDS:
                name = f"{stem} {rng.choice(INDUSTRY_WORDS)} {last}"
            else:
                name = f"{name} {rng.choice(INDUSTRY_WORDS)}"
        return name, "", None, None

    def person(self, locale):
        """(given name, family name, name in the home script)."""
        faker = self.faker(locale)
        if locale == "ja_JP":
            family, _kana, family_reading = faker.last_name_pair()
            given, _kana, given_reading = faker.first_name_pair()
            return given_reading, family_reading, f"{family} {given}"
        if locale.startswith("zh"):
            family, given = faker.last_name(), faker.first_name()
            return self.pinyin(given), self.pinyin(family), family + given
        if locale == "ko_KR":
            family, given = faker.last_name(), faker.first_name()
            return self.hangul(given), self.hangul(family), family + given
        return faker.first_name(), faker.last_name(), ""


class SearchWorld(World):
    """The desks and users of `bench.populate`, and the named companies and people."""

    def build(self):
        from django.db import connection, transaction

        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA cache_size = -262144")
        self.names = Names(self.options.seed, labelled=read_labelled_pairs())
        with transaction.atomic():
            self.step("desks and users", self.make_desks_and_users)
            self.mark_world()
            self.step("companies and their names", self.make_named_companies)
            self.step("people", self.make_named_people)
            self.step("sequences", self.reset_sequences)
        if is_postgresql():
            self.step("VACUUM ANALYZE", self.analyze)

    def mark_world(self):
        from pocketworld.desks.models import Desk

        first = Desk.objects.order_by("pk").first()
        first.description = f"{WORLD_MARK}{world_version()}"
        first.save(update_fields=["description"])

    def make_named_companies(self):
        from pocketworld.companies.models import Company, CompanyName

        rng, stamp = self.rng, self.stamp
        desks = [(desk_id, share, codes) for desk_id, _slug, share, codes in self.desks]
        desk_cumulative = list(itertools.accumulate(share for _id, share, _codes in desks))
        statuses, status_weights = weighted(COMPANY_STATUSES)
        names = []
        registered = set()
        self.company_desks = []

        def rows():
            for company_id in range(1, self.options.companies + 1):
                pick = rng.random() * desk_cumulative[-1]
                index = next(i for i, total in enumerate(desk_cumulative) if pick <= total)
                desk_id, _share, codes = desks[index]
                # The first countries of a desk have most of its companies.
                country = codes[min(int(rng.expovariate(1.2)), len(codes) - 1)]
                # A register holds each name once per country: draw again on a clash.
                for _attempt in range(20):
                    stem, legal_form, native, language = self.names.company(country, rng)
                    if rng.random() < 0.33:
                        legal_form = rng.choice(SUBSIDIARY_FORMS)
                    if legal_form and legal_form.split()[0] in stem.split():
                        legal_form = ""  # "Matsuda Corporation", not "… Corporation Corporation"
                    legal_name = f"{stem} {legal_form}".strip()
                    if (country, legal_name) not in registered:
                        break
                else:
                    legal_name = f"{legal_name} {company_id}"
                registered.add((country, legal_name))
                if native and rng.random() < 0.5:
                    script = {"ja": "Jpan", "zh": "Hani", "ko": "Kore"}[language]
                    names.append((company_id, native, "native", language, script, stamp, stamp))
                self.company_desks.append(desk_id)
                yield (
                    company_id,
                    legal_name[:250],
                    country,
                    None,
                    None,
                    None,
                    "",
                    None,
                    rng.choices(statuses, cum_weights=status_weights)[0],
                    desk_id,
                    None,
                    "",
                    stamp,
                    stamp,
                )

        companies = insert(
            Company,
            (
                "id legal_name country_id parent_id employees_region employees_worldwide website "
                "lei status desk_id desk_override_id description created last_updated"
            ),
            rows(),
        )
        written = insert(
            CompanyName,
            "company_id name kind language_id script created last_updated",
            names,
        )
        return f"{companies:,} companies, {written:,} names in their home script"

    def make_named_people(self):
        from pocketworld.contacts.models import Person

        rng, stamp = self.rng, self.stamp
        locales, locale_weights = weighted(PERSON_LOCALES)

        def rows():
            for person_id in range(1, self.options.people + 1):
                locale = rng.choices(locales, cum_weights=locale_weights)[0]
                given, family, native = self.names.person(locale)
                company = rng.randrange(len(self.company_desks))
                yield (
                    person_id,
                    given[:100],
                    family[:100],
                    native,
                    NATIVE_SCRIPT_OF_LOCALE.get(locale, "") if native else "",
                    "",
                    f"person{person_id}@example.com",
                    "",
                    "",
                    self.company_desks[company],
                    "legitimate_interest",
                    None,
                    "",
                    "",
                    stamp,
                    stamp,
                )

        people = insert(
            Person,
            (
                "id given_name family_name native_name native_script salutation email phone "
                "mobile desk_id legal_basis consent_given_on legal_basis_note notes created "
                "last_updated"
            ),
            rows(),
        )
        return f"{people:,} people"

    def reset_sequences(self):
        from pocketworld.companies.models import Company, CompanyName
        from pocketworld.contacts.models import Person

        reset_sequences([Company, CompanyName, Person])


def read_labelled_pairs():
    """(native name, Latin name) of the labelled companies the world must not repeat."""
    with open(LABELLED_PAIRS, encoding="utf-8", newline="") as source:
        return [(row["native_name"], row["latin_name"]) for row in csv.DictReader(source)]


def fill(options, report=print):
    """Reuse the bench database if its counts match, else wipe and fill it."""
    wanted = wanted_counts(options)
    prepare_schema()
    counts = current_counts()
    if counts == wanted and not options.force:
        report(
            "Reused the search bench database: "
            + ", ".join(f"{value:,} {name}" for name, value in counts.items())
        )
        return True
    if counts and any(counts.values()):
        report(f"Wiping the search bench database (it holds {counts}, wanted {wanted}).")
        wipe()
        prepare_schema()
    started = time.perf_counter()
    report("Populating:")
    world_options = SimpleNamespace(
        seed=options.seed, companies=options.companies, people=options.people
    )
    SearchWorld(world_options, report=report).build()
    report(f"Populated in {time.perf_counter() - started:.0f} s.")
    return current_counts() == wanted


def main(argv=None):
    options = parse_args(argv)
    configure(options.database_url, options.var_dir)
    print(f"Search bench database: {describe_database()}", flush=True)
    return 0 if fill(options, report=lambda line: print(line, flush=True)) else 1


if __name__ == "__main__":
    sys.exit(main())
