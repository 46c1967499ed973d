"""Words of Chinese, Japanese and Korean company names and their English counterparts.

Official English names translate the descriptive part of a name and romanize the rest:
三菱電機 is Mitsubishi Electric, 华为技术 Huawei Technologies, 현대자동차 Hyundai Motor.
A name's romanization alone ("mitsubishi denki") misses those, so the index also keeps a
reading with these words in English. Place names are kept apart: 日本製鉄 is Nippon Steel
but 日本航空 is Japan Airlines, so both readings are made.

Companies' own names are read as they write them in Latin letters (東レ Toray, 佳能 Canon),
where a dictionary lists the company. Most words and places, and the names, come from
`data/vocabulary.tsv`, drawn from published dictionaries
by the rule `data/README.md` states (`manage.py build_search_vocabulary` writes it); the
words and places below are added to them, and where both have a word, these win. Legal
forms and group words (株式会社, 有限公司, 주식회사, グループ …) are not here: they are dropped
from every key (`normalization.NATIVE_LEGAL_FORMS`).
"""

from functools import lru_cache
from pathlib import Path

VOCABULARY = Path(__file__).resolve().parent / "data" / "vocabulary.tsv"

# Words translated in every English reading, as company names write them.
WORDS = {
    "ja": {
        "重工業": "heavy industries",
        "電気工業": "electric industries",
        "薬品工業": "pharmaceutical",
        "工業": "industries",
        "電子": "electronics",
        "電力": "electric power",
        "電信電話": "telegraph telephone",
        "化学": "chemical",
        "自動車": "motor",
        "鉄鋼": "steel",
        "銀行": "bank",
        "信託銀行": "trust bank",
        "生命保険": "life insurance",
        "保険": "insurance",
        "証券": "securities",
        "鉄道": "railway",
        "通信": "communications",
        "精密": "precision",
        "機械": "machinery",
        "製紙": "paper",
        "石油": "oil",
        "商事": "",
        "本社": "",
        "ジャパン": "japan",
        "テクノロジーズ": "technologies",
        "テクノロジー": "technology",
        "エレクトロニクス": "electronics",
        "システムズ": "systems",
        "システム": "system",
        "ソリューションズ": "solutions",
        "インターナショナル": "international",
        "エンジニアリング": "engineering",
        "フィナンシャル": "financial",
        "ファイナンシャル": "financial",
        "ケミカル": "chemical",
        "ネットワークス": "networks",
        "サービス": "services",
        "ソフトウェア": "software",
        "メディカル": "medical",
        "ファーマ": "pharma",
        "モーターズ": "motors",
        "デジタル": "digital",
        "エナジー": "energy",
        "エネルギー": "energy",
        "マテリアルズ": "materials",
        "ロボティクス": "robotics",
        "インダストリーズ": "industries",
        "トレーディング": "trading",
        "ロジスティクス": "logistics",
    },
    "zh": {
        "技術": "technologies",
        "科技": "technology",
        "通訊": "telecommunication",
        "电信": "telecom",
        "电子": "electronics",
        "電子": "electronics",
        "电器": "electric appliances",
        "電器": "electric appliances",
        "电气": "electric",
        "電氣": "electric",
        "电力": "power",
        "電力": "power",
        "能源": "energy",
        "光能": "solar",
        "光伏": "solar",
        "绿能": "green energy",
        "綠能": "green energy",
        "汽車": "motor",
        "工业": "industry",
        "工業": "industry",
        "化学": "chemical",
        "化學": "chemical",
        "化工": "chemical",
        "制药": "pharmaceutical",
        "製藥": "pharmaceutical",
        "医药": "pharmaceutical",
        "醫藥": "pharmaceutical",
        "医疗": "medical",
        "醫療": "medical",
        "生物": "biological",
        "銀行": "bank",
        "保險": "insurance",
        "人寿": "life",
        "证券": "securities",
        "證券": "securities",
        "航空": "airlines",
        "航运": "shipping",
        "海运": "shipping",
        "海運": "shipping",
        "建设": "construction",
        "建筑": "construction",
        "建築": "construction",
        "地产": "property",
        "地產": "property",
        "钢铁": "steel",
        "石油": "petroleum",
        "国际": "international",
        "國際": "international",
        "半导体": "semiconductor",
        "半導體": "semiconductor",
        "机械": "machinery",
        "機械": "machinery",
        "电池": "battery",
        "電池": "battery",
        "贸易": "trading",
        "貿易": "trading",
        "物流": "logistics",
        "软件": "software",
        "軟件": "software",
        "网络": "network",
        "網絡": "network",
        "信息": "information",
        "数码": "digital",
        "數碼": "digital",
        "智能": "smart",
        "电脑": "computer",
        "实业": "industrial",
        "實業": "industrial",
        "金控": "financial holding",
        "金融": "financial",
        "房地产": "property",
        "房屋": "realty",
        "体育": "sports",
        "橡胶": "rubber",
        "塑胶": "plastics",
        "塑膠": "plastics",
        "轮胎": "tire",
        "珠宝": "jewellery",
        "纸浆": "pulp",
    },
    "ko": {
        "중공업": "heavy industries",
        "공업": "industries",
        "산업": "industries",
        "화학": "chemical",
        "케미칼": "chemical",
        "제약": "pharmaceutical",
        "바이오로직스": "biologics",
        "바이오": "bio",
        "은행": "bank",
        "생명": "life",
        "화재": "fire",
        "보험": "insurance",
        "증권": "securities",
        "건설": "construction",
        "항공": "airlines",
        "해운": "shipping",
        "상선": "merchant marine",
        "조선": "shipbuilding",
        "철강": "steel",
        "에너지": "energy",
        "솔루션": "solution",
        "디스플레이": "display",
        "반도체": "semiconductor",
        "통신": "telecom",
        "이노베이션": "innovation",
        "가스": "gas",
        "엔지니어링": "engineering",
        "시스템": "system",
        "네트웍스": "networks",
        "인터내셔널": "international",
        "머티리얼즈": "materials",
        "로보틱스": "robotics",
        "헬스케어": "healthcare",
        "엔터테인먼트": "entertainment",
        "푸드": "food",
        "식품": "foods",
        "제과": "confectionery",
        "카드": "card",
        "캐피탈": "capital",
        "금융": "financial",
    },
}

# Place names: translated in one English reading, romanized in the other.
PLACES = {
    "ja": {"日本": "japan", "東京": "tokyo", "大阪": "osaka", "ドイツ": "germany"},
    "zh": {
        "中国": "china",
        "中國": "china",
        "香港": "hong kong",
        "台湾": "taiwan",
        "台灣": "taiwan",
        "上海": "shanghai",
        "北京": "beijing",
    },
    "ko": {"한국": "korea", "코리아": "korea"},
}

# Latin letters as Korean writes them out: 엘지 is LG, 에스케이 SK.
HANGUL_LETTERS = {
    "에이": "a",
    "비": "b",
    "씨": "c",
    "디": "d",
    "이": "e",
    "에프": "f",
    "지": "g",
    "에이치": "h",
    "아이": "i",
    "제이": "j",
    "케이": "k",
    "엘": "l",
    "엠": "m",
    "엔": "n",
    "오": "o",
    "피": "p",
    "큐": "q",
    "알": "r",
    "에스": "s",
    "에쓰": "s",  # as S-Oil writes it
    "티": "t",
    "유": "u",
    "브이": "v",
    "더블유": "w",
    "엑스": "x",
    "와이": "y",
    "제트": "z",
}


@lru_cache
def vocabulary():
    """{(language, kind): {term: English}} of the data file (kind: "word", "place" or
    "name")."""
    tables = {}
    with open(VOCABULARY, encoding="utf-8") as source:
        for line in source:
            if line.startswith("#") or not line.strip():
                continue
            language, kind, term, english = line.rstrip("\n").split("\t")[:4]
            tables.setdefault((language, kind), {})[term] = english
    return tables


@lru_cache
def words(language):
    """{term: English} of the words translated in every English reading of `language`."""
    return vocabulary().get((language, "word"), {}) | WORDS.get(language, {})


@lru_cache
def places(language):
    """{name: English} of the places translated in one English reading and romanized in the
    other."""
    return vocabulary().get((language, "place"), {}) | PLACES.get(language, {})


@lru_cache
def names(language):
    """{name: Latin name} of companies' own names in `language` (東レ Toray, 佳能 Canon)."""
    return vocabulary().get((language, "name"), {})


@lru_cache
def english_words():
    """Every descriptive English word the glossary puts into readings (not the names')."""
    tables = [table for (_language, kind), table in vocabulary().items() if kind != "name"]
    return frozenset(
        word
        for table in (*tables, *WORDS.values(), *PLACES.values())
        for english in table.values()
        for word in english.split()
    )
