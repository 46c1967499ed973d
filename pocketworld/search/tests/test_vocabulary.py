"""The vocabulary of the readings: the rule that draws it from the dictionaries (on a few
entries of each, in their own formats), the data file it wrote, and how a name is cut into
its words."""

import sqlite3

import pytest
from django.core.management import call_command

from pocketworld.search import glossary
from pocketworld.search.romanization import readings, segments

CEDICT = """\
# CC-CEDICT
銀行 银行 [yin2 hang2] /bank/CL:家[jia1],個|个[ge4]/
汽車 汽车 [qi4 che1] /car/automobile/bus/CL:輛|辆[liang4]/
技術 技术 [ji4 shu4] /technology; technique; skill/
移動 移动 [yi2 dong4] /to move/movement/mobile/portable/
東方 东方 [dong1 fang1] /east/the East/
大同 大同 [Da4 tong2] /Datong, prefecture-level city in Shanxi/
國際 国际 [guo2 ji4] /international/
豐田汽車 丰田汽车 [Feng1 tian2 Qi4 che1] /Toyota Motor Corporation/
本田汽車 本田汽车 [Ben3 tian2 Qi4 che1] /Honda Motor Company/
佳能 佳能 [Jia1 neng2] /Canon (Japanese company)/
吉利 吉利 [Ji2 li4] /Geely, Chinese car make/
吉利 吉利 [ji2 li4] /auspicious/lucky/propitious/
依雲 依云 [Yi1 yun2] /Evian, mineral water company/
聯想 联想 [Lian2 xiang3] /Lenovo/
"""
# (kanji forms, kana forms, glosses) of JMdict entries.
JMDICT = [
    (["銀行"], ["ぎんこう"], ["bank", "banking institution"]),
    (["製薬"], ["せいやく"], ["medicine manufacture", "drug manufacture"]),
    (["鉄鋼"], ["てっこう"], ["iron and steel"]),
    (["待遇"], ["たいぐう"], ["treatment", "reception"]),
    (["大和"], ["やまと"], ["Yamato", "Japan"]),
    ([], ["システム"], ["system"]),
]
# (kanji, kana, English name) of JMnedict's companies.
COMPANIES = [
    ("第一製薬", "だいいちせいやく", "Daiichi Pharmaceutical"),
    ("万有製薬", "ばんゆうせいやく", "Banyu Pharmaceutical"),
    (None, "マツダ", "Mazda"),
    ("起亜", "きあ", "Kia (car company)"),
]
HANJA = """\
# libhangul
은행:銀行:
철강:鐵鋼:
대우:待遇:
대우:大宇:
한국:韓國:
자동차:自動車:
"""


def jmdict_database(path):
    """A SQLite file with jamdict-data's tables, holding the entries above."""
    with sqlite3.connect(path) as connection:
        connection.executescript(
            """
            CREATE TABLE Kanji (ID INTEGER PRIMARY KEY, idseq INTEGER, text TEXT);
            CREATE TABLE Kana (ID INTEGER PRIMARY KEY, idseq INTEGER, text TEXT);
            CREATE TABLE Sense (ID INTEGER PRIMARY KEY, idseq INTEGER);
            CREATE TABLE SenseGloss (sid INTEGER, lang TEXT, gend TEXT, text TEXT);
            CREATE TABLE NETranslation (ID INTEGER PRIMARY KEY, idseq INTEGER);
            CREATE TABLE NETransType (tid INTEGER, text TEXT);
            CREATE TABLE NEKanji (ID INTEGER PRIMARY KEY, idseq INTEGER, text TEXT);
            CREATE TABLE NEKana (ID INTEGER PRIMARY KEY, idseq INTEGER, text TEXT);
            CREATE TABLE NETransGloss (tid INTEGER, lang TEXT, gend TEXT, text TEXT);
            CREATE TABLE character (ID INTEGER PRIMARY KEY, literal TEXT, grade TEXT);
            CREATE TABLE variant (cid INTEGER, var_type TEXT, value TEXT);
            """
        )
        for idseq, (kanji, kana, glosses) in enumerate(JMDICT, start=1):
            connection.executemany(
                "INSERT INTO Kanji (idseq, text) VALUES (?, ?)", [(idseq, form) for form in kanji]
            )
            connection.executemany(
                "INSERT INTO Kana (idseq, text) VALUES (?, ?)", [(idseq, form) for form in kana]
            )
            sense = connection.execute("INSERT INTO Sense (idseq) VALUES (?)", [idseq]).lastrowid
            connection.executemany(
                "INSERT INTO SenseGloss (sid, lang, text) VALUES (?, 'eng', ?)",
                [(sense, gloss) for gloss in glosses],
            )
        for idseq, (name, kana, english) in enumerate(COMPANIES, start=100):
            translation = connection.execute(
                "INSERT INTO NETranslation (idseq) VALUES (?)", [idseq]
            ).lastrowid
            connection.execute(
                "INSERT INTO NETransType (tid, text) VALUES (?, 'company')", [translation]
            )
            if name:
                connection.execute("INSERT INTO NEKanji (idseq, text) VALUES (?, ?)", [idseq, name])
            connection.execute("INSERT INTO NEKana (idseq, text) VALUES (?, ?)", [idseq, kana])
            connection.execute(
                "INSERT INTO NETransGloss (tid, lang, text) VALUES (?, 'eng', ?)",
                [translation, english],
            )
        # KANJIDIC2 gives 鐵 as a variant of 鉄 and 國 of 国, by their JIS X 0208 codes.
        for literal, old in [("鉄", "鐵"), ("国", "國")]:
            row, cell = (byte - 0xA0 for byte in old.encode("euc_jp"))
            cid = connection.execute(
                "INSERT INTO character (literal, grade) VALUES (?, '3')", [literal]
            ).lastrowid
            connection.execute(
                "INSERT INTO variant (cid, var_type, value) VALUES (?, 'jis208', ?)",
                [cid, f"1-{row}-{cell}"],
            )


@pytest.fixture
def vocabulary(tmp_path):
    """{(language, kind, term): (English, source)} the rule draws from the entries above."""
    (tmp_path / "cedict.txt").write_text(CEDICT, encoding="utf-8")
    (tmp_path / "hanja.txt").write_text(HANJA, encoding="utf-8")
    jmdict_database(tmp_path / "jamdict.db")
    output = tmp_path / "vocabulary.tsv"
    call_command(
        "build_search_vocabulary",
        cedict=str(tmp_path / "cedict.txt"),
        jmdict=str(tmp_path / "jamdict.db"),
        hanja=str(tmp_path / "hanja.txt"),
        output=str(output),
        verbosity=0,
    )
    rows = {}
    for line in output.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            language, kind, term, english, source = line.split("\t")
            rows[(language, kind, term)] = (english, source)
    return rows


def english(vocabulary, language, term, kind="word"):
    found = vocabulary.get((language, kind, term))
    return found and found[0]


class TestRule:
    def test_an_entry_glossed_with_an_industry_word_is_taken_with_that_gloss(self, vocabulary):
        assert english(vocabulary, "zh", "银行") == english(vocabulary, "zh", "銀行") == "bank"
        assert english(vocabulary, "zh", "技术") == "technology"
        assert english(vocabulary, "ja", "鉄鋼") == "iron and steel"
        assert english(vocabulary, "ja", "システム") == "system"
        assert vocabulary[("zh", "word", "银行")][1] == "CC-CEDICT"

    def test_the_first_industry_gloss_counts(self, vocabulary):
        assert english(vocabulary, "zh", "移动") == "mobile"  # not "to move"

    def test_entries_without_an_industry_gloss_or_naming_a_place_are_left_out(self, vocabulary):
        for language, term in [("zh", "东方"), ("zh", "大同"), ("ja", "待遇"), ("ja", "大和")]:
            assert (language, "word", term) not in vocabulary
            assert (language, "place", term) not in vocabulary

    def test_company_names_give_the_word_as_companies_write_it(self, vocabulary):
        assert english(vocabulary, "zh", "汽车") == english(vocabulary, "zh", "汽車") == "motor"
        assert english(vocabulary, "ja", "製薬") == "pharmaceutical"

    def test_a_word_written_alike_takes_the_other_dictionarys_english(self, vocabulary):
        assert english(vocabulary, "ja", "国际") is None  # simplified characters only
        assert english(vocabulary, "ja", "國際") == "international"
        assert english(vocabulary, "zh", "鉄鋼") == "iron and steel"

    def test_korean_words_by_their_hanja(self, vocabulary):
        assert english(vocabulary, "ko", "은행") == "bank"
        assert english(vocabulary, "ko", "철강") == "iron and steel"  # 鐵鋼, JMdict's 鉄鋼
        assert ("ko", "word", "대우") not in vocabulary  # 待遇 is no industry word
        assert vocabulary[("ko", "word", "은행")][1] == "libhangul, CC-CEDICT"

    def test_places_are_the_names_of_countries(self, vocabulary):
        assert english(vocabulary, "zh", "中国", "place") == "china"
        assert english(vocabulary, "ja", "日本", "place") == "japan"
        assert english(vocabulary, "ko", "대한민국", "place") == "korea"
        assert english(vocabulary, "ko", "한국", "place") == "korea"  # 韓國, Japanese 韓国
        assert english(vocabulary, "ja", "大和", "place") is None

    def test_names_are_those_of_companies_with_the_latin_name_they_go_by(self, vocabulary):
        assert english(vocabulary, "ja", "第一製薬", "name") == "daiichi pharmaceutical"
        assert english(vocabulary, "ja", "起亜", "name") == "kia"  # without the note
        assert english(vocabulary, "ja", "きあ", "name") is None  # the kanji are the name
        assert english(vocabulary, "ja", "マツダ", "name") == "mazda"  # no kanji: the kana
        assert english(vocabulary, "zh", "佳能", "name") == "canon"
        assert english(vocabulary, "zh", "吉利", "name") == "geely"  # up to the comma
        assert english(vocabulary, "zh", "依云", "name") == "evian"  # both writings
        assert vocabulary[("zh", "name", "佳能")][1] == "CC-CEDICT"
        assert vocabulary[("ja", "name", "マツダ")][1] == "JMnedict"

    def test_a_proper_name_not_glossed_as_a_company_is_no_name(self, vocabulary):
        assert english(vocabulary, "zh", "联想", "name") is None
        assert english(vocabulary, "zh", "本田汽车", "name") == "honda motor company"
        assert not [key for key in vocabulary if key[0] == "ko" and key[1] == "name"]


class TestGlossary:
    def test_the_data_file_has_words_and_places_of_each_language(self):
        assert glossary.words("zh")["银行"] == "bank"
        assert glossary.words("ja")["製薬"] == "pharmaceutical"
        assert glossary.words("ko")["전자"] == "electronic"
        assert glossary.places("zh")["美国"] == "united states"
        assert glossary.places("ko")["대한민국"] == "korea"

    def test_the_words_written_here_win(self):
        assert glossary.words("ja")["商事"] == ""
        assert glossary.words("zh")["金控"] == "financial holding"

    def test_english_words_are_those_of_both(self):
        assert {"bank", "mobile", "korea", "financial"} <= glossary.english_words()

    def test_names_read_as_the_companies_write_them(self):
        assert glossary.names("zh")["佳能"] == "canon"
        assert glossary.names("ja")["マツダ"] == "mazda"
        assert "canon" not in glossary.english_words()  # a name, no descriptive word
        assert ("zh", "canon") in readings("佳能", "zh")
        assert ("zh", "geely kong gu") in readings("吉利控股", "zh")
        assert ("zh", "canon") not in readings("华为", "zh")


class TestSegments:
    TERMS = {"국": [("국제", "international")], "제": [("제강", "steel")]}

    def test_the_words_that_cover_most_of_a_name(self):
        terms = {"石": [("石油化学", "petrochemical"), ("石油", "oil")]}
        assert segments("金湖石油化学", terms) == ((2, "石油化学", "petrochemical"),)

    def test_of_two_ways_to_cover_as_much_the_words_further_right(self):
        assert segments("동국제강", self.TERMS) == ((2, "제강", "steel"),)

    def test_nothing_to_translate(self):
        assert segments("동국", self.TERMS) == ()
