"""What kind of business news an item reports (`choices.Signal`), by keyword rules per
language: German, English, Japanese, Chinese and Korean.

A rule is a word stem. Latin stems match at the start of a word (German compounds: "Werk"
in "Werkseröffnung" is not wanted, so the stems are whole enough: "stellenabbau",
"werksschließung"; stems marked with a leading "*" match inside a word too, for the
German compounds that end in them: "*stellenabbau" finds "Personalstellenabbau").
Chinese, Japanese and Korean stems match anywhere, those scripts having no spaces. An
item is read in every language's rules: a German feed quotes English words.
"""

import re
import unicodedata
from functools import lru_cache

from pocketworld.monitoring import linking
from pocketworld.monitoring.choices import Signal
from pocketworld.search.normalization import is_latin

# fmt: off
RULES = {
    Signal.EXPANSION: {
        "en": ["expand", "expansion", "new plant", "new factory", "new site", "new office",
               "opens office", "open office", "opens plant", "to open", "opens", "to build",
               "builds", "new headquarters", "european headquarters", "enter market",
               "enters the", "market entry", "new facility", "facility in", "plant in",
               "factory in", "production in", "establish", "set up", "sets up", "launches in",
               "relocate", "new location", "gigafactory", "r&d centre", "r&d center",
               "subsidiary in", "new branch", "breaks ground", "groundbreaking"],
        "de": ["expansion", "expandier", "erweitert", "erweiterung", "ausbau", "baut",
               "neues werk", "neuen werk", "neue fabrik", "neuen standort", "neuer standort",
               "standort in", "eröffne", "ansiedl", "niederlassung", "*zentrale", "gründet",
               "werk in", "fabrik in", "*fabrik", "produktion in", "spatenstich",
               "grundsteinlegung", "zieht nach", "verlegt", "markteintritt", "neubau",
               "boom"],
        "ja": ["新工場", "工場建設", "工場を", "拠点", "進出", "新設", "開設", "増設", "増産",
               "事業拡大", "拡大", "拡張", "設立", "移転", "新会社", "着工", "稼働", "開所",
               "生産を開始", "生産開始", "生産能力"],
        "zh": ["新工厂", "建厂", "工厂", "扩张", "扩建", "扩产", "设立", "开设", "进军",
               "落户", "新基地", "总部", "布局", "出海", "开工", "产能", "抢滩", "生产许可"],
        "ko": ["신공장", "공장", "진출", "설립", "증설", "확장",
               "착공", "거점", "신설", "세운다", "짓는다", "상륙", "공략", "신규"],
    },
    Signal.INVESTMENT: {
        "en": ["invest", "investment", "funding", "raises", "series a", "series b",
               "series c", "seed round", "financing", "capital increase", "subsid", "grant",
               "ipo", "venture capital", "commits $", "billion", "million"],
        "de": ["investi", "finanzierung", "finanzierungsrunde", "kapitalerhöhung",
               "förder", "subvention", "beteiligung", "börsengang", "risikokapital",
               "wagniskapital", "*millionen", "*milliarden"],
        "ja": ["投資", "出資", "資金調達", "増資", "補助金", "設備投資", "億円", "兆円", "億ドル"],
        "zh": ["投资", "融资", "注资", "增资", "募资", "补贴", "轮融资", "募集", "亿元", "亿美元"],
        "ko": ["투자", "자금", "유치", "증자", "보조금", "펀딩", "조달", "억원", "조원", "억 달러"],
    },
    Signal.MERGER: {
        "en": ["acquire", "acquires", "acquisition", "takeover", "take over", "merger",
               "merge", "buys", "to buy", "stake", "bid for", "purchase", "joint venture",
               "sells", "sale of", "divest", "spin off", "spin-off", "carve-out",
               "jointly develop", "options for"],
        "de": ["übernahme", "übernimmt", "übernehmen", "fusion", "fusioniert", "kauft",
               "verkauft", "verkauf", "zukauf", "beteiligung", "anteil", "gemeinschafts",
               "joint venture", "abspaltung", "verstaatlich", "bietet für"],
        "ja": ["買収", "合併", "統合", "出資比率", "株式取得", "子会社化", "売却", "提携",
               "合弁", "tob", "経営統合", "傘下", "協業", "上場廃止", "折半出資"],
        "zh": ["收购", "并购", "合并", "兼并", "入股", "控股", "出售", "合资", "重组",
               "股权", "整合", "交割"],
        "ko": ["인수", "합병", "매각", "지분", "m&a", "합작", "통합", "경영권"],
    },
    Signal.RESTRUCTURING: {
        "en": ["job cuts", "cut jobs", "cuts jobs", "cut", "cuts", "trims", "layoff",
               "lay off", "laid off", "redundanc", "restructur", "close plant",
               "closes plant", "plant closure", "closure", "shut", "shuts", "to close",
               "closes", "scale back", "downsiz", "slash", "wind down", "withdraw",
               "sacking", "stop building", "stops production", "stop production",
               "centralis", "centraliz"],
        "de": ["stellenabbau", "*stellenabbau", "jobabbau", "abbau", "streicht", "streichen",
               "arbeitsplätze", "entlass", "kündigung", "restrukturier", "umstrukturier",
               "sparprogramm", "schließ", "schliesst", "*schließung", "kurzarbeit",
               "rückzug", "zieht sich zurück", "sanierung", "bündelt", "adieu"],
        "ja": ["人員削減", "削減", "リストラ", "希望退職", "閉鎖", "撤退", "縮小", "再編",
               "構造改革", "生産終了", "解雇"],
        "zh": ["裁员", "减员", "关闭", "关厂", "停产", "撤出", "退出", "收缩", "缩减", "降本",
               "迁出"],
        "ko": ["감원", "구조조정", "희망퇴직", "폐쇄", "철수", "감축", "해고", "축소",
               "정리해고", "종결"],
    },
    Signal.INSOLVENCY: {
        "en": ["insolven", "bankrupt", "chapter 11", "administration", "receivership",
               "liquidat", "creditor protection", "collapse"],
        "de": ["insolvenz", "*insolvenz", "pleite", "zahlungsunfähig", "konkurs",
               "gläubigerschutz", "schutzschirm", "abwicklung"],
        "ja": ["経営破綻", "破綻", "倒産", "破産", "民事再生", "会社更生", "債務超過"],
        "zh": ["破产", "倒闭", "资不抵债", "清算", "债务危机"],
        "ko": ["파산", "부도", "법정관리", "회생", "도산", "청산", "워크아웃"],
    },
    Signal.MANAGEMENT: {
        "en": ["appoint", "names new", "new ceo", "new chief", "steps down", "step down",
               "resign", "successor", "to replace head", "replaces head", "to lead",
               "new head", "new chairman", "takes over as"],
        "de": ["nachfolger", "nachfolge", "tritt zurück", "rücktritt", "ernannt", "ernennt",
               "neuer chef", "neue chefin", "*spitze", "wechselt", "hat neuen", "hat eine neue"],
        "ja": ["就任", "退任", "辞任", "後任", "社長交代", "トップ交代", "新社長", "人事"],
        "zh": ["辞职", "离任", "接任", "任命", "换帅", "新任", "卸任"],
        "ko": ["선임", "취임", "사임", "퇴임", "후임", "내정", "교체", "출범"],
    },
    Signal.TRADE_POLICY: {
        "en": ["tariff", "tariffs", "export control", "export ban", "import ban",
               "sanction", "trade deal", "trade agreement", "free trade", "trade war",
               "anti-dumping", "dumping", "customs", "duties", "quota", "wto", "embargo",
               "trade talks", "entity list", "ban", "curbs", "brexit", "purge",
               "stripped of"],
        "de": ["zoll", "zölle", "*zölle", "*zoll", "strafzölle", "exportkontrolle",
               "exportverbot", "importverbot", "sanktion", "handelsabkommen", "freihandel",
               "handelskrieg", "handelsstreit", "antidumping", "embargo",
               "lieferkettengesetz", "*verbot", "beschränkung"],
        "ja": ["関税", "輸出規制", "輸出管理", "制裁", "貿易協定", "自由貿易", "貿易摩擦",
               "通商", "ダンピング", "禁輸", "輸入規制", "経済安保", "経済安全保障"],
        "zh": ["关税", "出口管制", "制裁", "贸易协定", "自贸", "贸易战", "反倾销", "实体清单",
               "禁令", "贸易摩擦", "进口限制", "禁用", "审查外国投资", "勿使用"],
        "ko": ["관세", "수출규제", "수출 규제", "수출통제", "제재", "무역협정", "자유무역",
               "무역분쟁", "반덤핑", "통상", "fta", "공급 제한", "수출면허"],
    },
}
# fmt: on


def folded(text):
    """Rules and texts alike: NFKC, case folded, Chinese characters simplified (收購 as
    收购)."""
    return linking.folded(unicodedata.normalize("NFKC", text))


@lru_cache
def compiled():
    """{signal: [(compiled pattern, stem)]}: Latin stems from a word's start ("*" also
    within a word), Asian ones anywhere."""
    patterns = {}
    for signal, languages in RULES.items():
        rules = []
        for stems in languages.values():
            for stem in stems:
                inner = stem.startswith("*")
                stem = folded(stem.lstrip("*"))
                if is_latin(stem):
                    prefix = "" if inner else r"(?<![^\W_])"
                    rules.append((re.compile(prefix + re.escape(stem)), stem))
                else:
                    rules.append((re.compile(re.escape(stem)), stem))
        patterns[signal] = rules
    return patterns


def classify(text):
    """{signal: the words that tell} of `text`."""
    text = folded(text or "")
    found = {}
    for signal, rules in compiled().items():
        words = [stem for pattern, stem in rules if pattern.search(text)]
        if words:
            found[signal] = ", ".join(dict.fromkeys(words))[:200]
    return found
