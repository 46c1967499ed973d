"""Send 10,000 inquiries through the public form, a share of them spam, with concurrent
clients against two app servers on one database, and check that every one is stored once
with the verdict it deserves.

    python -m bench.inquiries [--database-url URL] [--var-dir var/bench-inquiries]
        [--submissions 10000] [--clients 8] [--workers 2] [--threads 1] [--ports 0,0]
        [--fill-seconds 3] [--seed 20260301] [--drop-database]

1. Wipes the bench database (only one whose name says bench), creates and migrates it,
   loads the reference data and eight desks that cover every country between them (the
   last one also the triage desk).
2. Starts two gunicorn servers on that database, as two app servers behind a load
   balancer: BEHIND_PROXY=true (the sender's address is the last entry of
   X-Forwarded-For), DEBUG off, e-mail kept in memory, the confirmations queued as task
   rows in the database. No worker runs, so the queued confirmations can be counted.
3. `--clients` threads take the planned submissions from one queue. A submission's form is
   fetched from one server (GET, the signed token read from the page) and sent to one of
   the two (POST multipart/form-data, the redirect not followed), half of them to the other
   server than the one that signed the token. A form is sent once it has been open
   `--fill-seconds` (the app's INQUIRY_MIN_FILL_SECONDS, default 3 s, given to the servers
   as it is); meanwhile the client fetches further forms, so no client idles. Every
   submission carries a unique marker in its message.
4. The mix, in the seven languages of the form with names, companies and messages in their
   scripts:
   - legitimate: a country of the language, a distinct address and e-mail each; 3 % with a
     PDF attached; 1 % sent again with the same token after the answer (a retry), 1 % twice
     at the same moment, once to each server (a double click); every tenth thank-you page
     is fetched; every other request claims a spoofed first X-Forwarded-For entry;
   - the hidden field filled (4 %), three links (4 %), sent right after the form was
     fetched (3 %), the token forged or missing (1 %): held as spam, answered 200;
   - per 500 submissions one burst of INQUIRY_MAX_PER_ADDRESS + 3 forms in a row from one
     address, and one of INQUIRY_MAX_PER_EMAIL + 3 with one e-mail address (its case
     varied) from different addresses: the first ones accepted, the rest held with 429;
   - per 2,000 submissions INQUIRY_MAX_PER_ADDRESS + 5 forms from one address sent at the
     same moment: stored once each, exactly the limit accepted and the rest held for the
     address (the limits are counted under a lock of the address and the e-mail).
5. Stops the servers and checks in the database: every marker stored exactly once (retries
   and double clicks too), no row without a marker; the legitimate ones new, routed by
   their country to its desk, names and companies as sent, the thank-you link naming their
   own inquiry; the spam ones spam with the expected reason; the bursts' addresses hashed
   from the last X-Forwarded-For entry; one received event per inquiry and one spam event
   per spam one; the attachments; exactly one queued confirmation per accepted inquiry and
   none for spam; the HTTP statuses expected of every request, no 5xx, no client error.

Prints the checks, the HTTP statuses and the latency of the form GETs and the POSTs
(p50/p95/p99/max), throughput and total time; exits 1 when a check fails.
"""

import argparse
import collections
import contextlib
import dataclasses
import os
import random
import re
import resource
import sys
import threading
import time
from pathlib import Path
from queue import Empty, SimpleQueue

from bench.pages import Server, free_port, percentile, worker_pids
from bench.populate.database import (
    add_database_arguments,
    configure,
    describe_database,
    prepare_schema,
    wipe,
)

SEED = 20260301
DEFAULT_VAR_DIR = "var/bench-inquiries"
# Waited beyond the fill time after the form arrived: the token was signed before that.
FILL_MARGIN = 0.2
# Forms a client holds fetched and not yet sent, at most.
MAX_OPEN_FORMS = 200
TIMEOUT = 60
SPOOFED = "198.51.100.7"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
MARKER = re.compile(r"\[bench-inquiry (\d+)\]")
TOKEN = re.compile(r'name="token" value="([^"]+)"')
THANKS = re.compile(r"/thanks/([^/]+)/$")
# Not \b: in Japanese, Chinese and Korean the reference follows a letter without a space.
REFERENCE = re.compile(r"(?<![0-9A-Z])[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}(?![0-9A-Z])")

# Shares of the submissions; the legitimate ones are the rest.
SHARES = {"honeypot": 0.04, "links": 0.04, "too_fast": 0.03, "forged": 0.01}
RESEND_SHARES = {"retry": 0.01, "double": 0.01}
RESEND_LABELS = {"retry": "retries (after the answer)", "double": "double clicks (at once)"}
ATTACHMENT_SHARE = 0.03
THANKS_EVERY = 10

# slug, name, countries; the last covers every other country and is the triage desk.
DESKS = [
    ("japan", "Japan", ["JP"]),
    ("china", "Greater China", ["CN", "TW", "HK", "SG"]),
    ("korea", "Korea", ["KR"]),
    ("india", "India and South Asia", ["IN", "PK", "BD", "LK", "NP"]),
    ("turkiye", "Türkiye", ["TR"]),
    ("north-america", "North America", ["US", "CA", "MX"]),
    ("europe", "Europe", ["AT", "CH", "LI", "LU", "GB", "IE", "FR", "NL", "BE"]),
    ("rest-of-world", "Rest of the world", []),
]

# Per language of the form: countries, contact names, companies and a message, in its script.
LANGUAGES = {
    "de": {
        "countries": ["AT", "CH", "LI", "LU"],
        "names": ["Jürgen Weiß", "Anna Müller", "Lukas Schröder", "Sophie Groß", "Jörg Köhler"],
        "companies": [
            "Präzisionswerk Hübner GmbH",
            "Alpenländische Maschinenbau AG",
            "Größer & Söhne KG",
            "Zürcher Feinmechanik AG",
        ],
        "message": "Wir planen eine Niederlassung in Ihrer Region und bitten um ein Gespräch "
        "über Flächen, Genehmigungen und Fördermöglichkeiten.",
    },
    "en": {
        "countries": ["US", "GB", "CA", "AU", "IE", "NZ", "ZA", "AE"],
        "names": ["Emily Clarke", "James O'Connor", "Priya Natarajan", "Michael Brown"],
        "companies": [
            "Northwind Robotics Inc.",
            "Clarke & Sons Ltd.",
            "Maple Leaf Analytics Corp.",
            "Southern Cross Logistics Pty Ltd",
        ],
        "message": "We are looking for a site for our European headquarters and would like "
        "to learn about office space, permits and incentives.",
    },
    "ja": {
        "countries": ["JP"],
        "names": ["山田 太郎", "佐藤 花子", "鈴木 一郎", "高橋 美咲", "田中 健太"],
        "companies": [
            "株式会社小林精密工業",
            "富士電子株式会社",
            "東邦化学工業株式会社",
            "桜ロジスティクス株式会社",
        ],
        "message": "貴地域での欧州拠点の設立を検討しております。用地と支援制度について"
        "ご相談させていただけますでしょうか。",
    },
    "zh-hans": {
        "countries": ["CN", "SG", "HK"],
        "names": ["王小明", "李娜", "张伟", "刘洋", "陈静"],
        "companies": [
            "深圳星辰科技有限公司",
            "上海精工机械股份有限公司",
            "北京华信软件有限公司",
        ],
        "message": "我们计划在贵地区设立欧洲子公司，希望了解办公场地、审批手续和扶持政策。",
    },
    "ko": {
        "countries": ["KR"],
        "names": ["김민준", "이서연", "박지훈", "최유진", "정하늘"],
        "companies": ["주식회사 한빛전자", "대한정밀기계 주식회사", "서울바이오 주식회사"],
        "message": "귀 지역에 유럽 법인 설립을 검토하고 있습니다. 부지와 지원 제도에 대해 "
        "상담을 요청드립니다.",
    },
    "hi": {
        "countries": ["IN", "NP"],
        "names": ["राहुल शर्मा", "प्रिया पटेल", "अमित कुमार", "सुनीता वर्मा", "विक्रम सिंह"],
        "companies": [
            "शर्मा इंजीनियरिंग प्राइवेट लिमिटेड",
            "भारत सॉफ्टवेयर समाधान लिमिटेड",
            "गंगा फार्मा प्राइवेट लिमिटेड",
        ],
        "message": "हम आपके क्षेत्र में अपना यूरोपीय कार्यालय खोलने की योजना बना रहे हैं। "
        "कृपया स्थान और सहायता योजनाओं के बारे में जानकारी दें।",
    },
    "tr": {
        "countries": ["TR", "AZ"],
        "names": ["Ayşe Yılmaz", "Mehmet Öztürk", "Çağla Şahin", "İbrahim Güneş", "Gülşen Doğan"],
        "companies": [
            "Yıldız Makina Sanayi A.Ş.",
            "Özdemir Otomotiv Ltd. Şti.",
            "Boğaziçi Yazılım A.Ş.",
        ],
        "message": "Bölgenizde bir Avrupa şubesi kurmayı planlıyoruz. Arsa, izinler ve "
        "teşvikler hakkında görüşmek isteriz.",
    },
}
ACCEPT_LANGUAGE = {"zh-hans": "zh-CN,zh;q=0.9", "hi": "hi-IN,hi;q=0.9,en;q=0.5"}
PLANS = ["new_settlement", "expansion", "startup", "skilled_workers", "other", ""]
SECTORS = ["automotive", "machinery", "chemicals", "electronics", "ict", "logistics", ""]
SIZES = ["1-9", "10-49", "50-249", "250-999", "1000+", ""]
TIMINGS = ["6_months", "12_months", "later", "open", ""]
SPAM_LINKS = " https://cheap-seo.example/a http://cheap-seo.example/b https://cheap-seo.example/c"

# What each kind should come to: HTTP status, inquiry status, spam reason.
EXPECTED = {
    "legit": (302, "new", ""),
    "honeypot": (200, "spam", "honeypot"),
    "links": (200, "spam", "links"),
    "too_fast": (200, "spam", "too_fast"),
    "forged": (200, "spam", "no_token"),
}
LABELS = {
    "legit": "legitimate",
    "honeypot": "hidden field filled",
    "links": "three links",
    "too_fast": "sent too fast",
    "forged": "token forged/missing",
    "address_burst": "address bursts",
    "email_burst": "e-mail bursts",
    "race_burst": "concurrent bursts",
}


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_database_arguments(parser)
    parser.set_defaults(var_dir=DEFAULT_VAR_DIR)
    parser.add_argument("--submissions", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=8, help="Concurrent client threads.")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server.")
    parser.add_argument("--threads", type=int, default=1, help="Threads per gunicorn worker.")
    parser.add_argument(
        "--ports", default="0,0", help="The two servers' ports (0: a free one), e.g. 8701,8702."
    )
    parser.add_argument(
        "--fill-seconds",
        type=int,
        default=None,
        help="INQUIRY_MIN_FILL_SECONDS for the servers (default: the app's setting, 3).",
    )
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument(
        "--drop-database", action="store_true", help="Drop the bench database at the end."
    )
    options = parser.parse_args(argv)
    if options.submissions < 100:
        parser.error("--submissions must be at least 100")
    return options


# --- the plan ----------------------------------------------------------------------------


@dataclasses.dataclass
class Planned:
    """One submission: what the form says, where it comes from, what it should come to."""

    number: int
    kind: str
    language: str
    country: str
    fields: dict
    address: str
    forwarded: str
    attachment: bool = False
    resend: str = ""  # "retry" or "double"
    # Filled in while it runs: [(HTTP status, thank-you ticket or "", server)].
    responses: list = dataclasses.field(default_factory=list)
    fetched_at: float = 0.0  # perf_counter before the form was fetched
    answered_at: float = 0.0  # and after the first POST's answer
    thanks_status: int = 0
    thanks_references: tuple = ()
    error: str = ""


@dataclasses.dataclass
class Scenario:
    """What one client does in one go: a single submission, several in a row (`sequence`)
    or several at the same moment (`concurrent`)."""

    mode: str
    submissions: list


def address_of(number):
    number += 1
    return f"10.{(number >> 16) & 255}.{(number >> 8) & 255}.{number & 255}"


def forwarded_for(number, address):
    """Every other request comes through a further proxy that claims an address first; the
    app must take the last entry, which the balancer appended."""
    return f"{SPOOFED}, {address}" if number % 2 else address


def make_submission(rng, number, kind, language=None, address=None, email=None):
    language = language or rng.choice(list(LANGUAGES))
    words = LANGUAGES[language]
    country = rng.choice(words["countries"])
    address = address or address_of(number)
    marker = f"[bench-inquiry {number:06d}]"
    message = f"{words['message']} {marker}"
    if kind == "legit" and number % 7 == 0:
        message += f" https://plans.bench.example/{number}"  # one link is allowed
    if kind == "links":
        message += SPAM_LINKS
    fields = {
        "company_name": rng.choice(words["companies"]),
        "country": country,
        "contact_name": rng.choice(words["names"]),
        "email": email or f"inquirer.{number:06d}@{language}.bench.example",
        "phone": f"+{rng.randint(1, 99)} {rng.randint(100, 999)} {rng.randint(100000, 9999999)}",
        "plan": rng.choice(PLANS),
        "sector": rng.choice(SECTORS),
        "size": rng.choice(SIZES),
        "timing": rng.choice(TIMINGS),
        "message": message,
        "consent": "on",
        "website": "https://seo-backlinks.example/" if kind == "honeypot" else "",
    }
    return Planned(
        number=number,
        kind=kind,
        language=language,
        country=country,
        fields=fields,
        address=address,
        forwarded=forwarded_for(number, address),
    )


def make_plan(total, seed, max_per_address, max_per_email):
    """[Scenario] in a shuffled order, `total` submissions in all."""
    rng = random.Random(seed)
    numbers = iter(range(1, total + 1))
    scenarios = []
    for _ in range(max(1, total // 500)):
        first = next(numbers)
        members = [make_submission(rng, first, "address_burst")]
        for _ in range(max_per_address + 2):
            number = next(numbers)
            members.append(
                make_submission(rng, number, "address_burst", address=members[0].address)
            )
        scenarios.append(Scenario("sequence", members))
    for index in range(max(1, total // 500)):
        email = f"repeat.sender.{index:03d}@burst.bench.example"
        members = []
        for position in range(max_per_email + 3):
            varied = email.upper() if position % 2 else email.capitalize()
            members.append(make_submission(rng, next(numbers), "email_burst", email=varied))
        scenarios.append(Scenario("sequence", members))
    for _ in range(max(1, total // 2000)):
        first = next(numbers)
        members = [make_submission(rng, first, "race_burst")]
        for _ in range(max_per_address + 4):
            number = next(numbers)
            members.append(make_submission(rng, number, "race_burst", address=members[0].address))
        scenarios.append(Scenario("concurrent", members))
    for kind, share in SHARES.items():
        for _ in range(round(total * share)):
            scenarios.append(Scenario("single", [make_submission(rng, next(numbers), kind)]))
    legit = [make_submission(rng, number, "legit") for number in numbers]
    rng.shuffle(legit)
    position = 0
    for resend, share in RESEND_SHARES.items():
        count = round(total * share)
        for submission in legit[position : position + count]:
            submission.resend = resend
        position += count
    for submission in legit[position : position + round(total * ATTACHMENT_SHARE)]:
        submission.attachment = True
    scenarios += [Scenario("single", [submission]) for submission in legit]
    rng.shuffle(scenarios)
    return scenarios


# --- the database ------------------------------------------------------------------------


def prepare_database():
    """A fresh database with the reference data and the desks; {country: desk id}."""
    from django.db import connection, transaction

    from pocketworld.core.models import Country
    from pocketworld.core.services import load_reference_data
    from pocketworld.desks.models import Desk, DeskCoverage
    from pocketworld.inquiries.models import RoutingSettings

    wipe()  # refuses a database whose name does not say bench
    prepare_schema()
    load_reference_data()
    countries = set(Country.objects.values_list("code", flat=True))
    missing = sorted(
        {code for words in LANGUAGES.values() for code in words["countries"]} - countries
    )
    if missing:
        raise SystemExit(f"Countries missing from the reference data: {', '.join(missing)}")
    listed = {code for _slug, _name, codes in DESKS for code in codes}
    desk_of = {}
    with transaction.atomic():
        for slug, name, codes in DESKS:
            desk = Desk.objects.create(
                name=name, slug=slug, email=f"{slug}@bench.invalid", description="Bench desk."
            )
            codes = [code for code in codes if code in countries] or sorted(countries - listed)
            DeskCoverage.objects.bulk_create(
                DeskCoverage(desk=desk, country_id=code, is_primary=True) for code in codes
            )
            desk_of |= dict.fromkeys(codes, desk.pk)
        RoutingSettings.objects.update_or_create(pk=1, defaults={"triage_desk": desk})
    connection.close()
    return desk_of


# --- the clients -------------------------------------------------------------------------


class Log:
    """What the clients did: every request timed, thread by thread, and the progress."""

    def __init__(self):
        self.lock = threading.Lock()
        self.requests = []  # (what, server, HTTP status or 0, seconds, started)
        self.sent = 0
        self.errors = []

    def add(self, rows, sent):
        with self.lock:
            self.requests += rows
            self.sent += sent

    def error(self, text):
        with self.lock:
            self.errors.append(text)


class Client:
    """One concurrent client: fetches forms, holds them open for the fill time while it
    fetches more, and sends them."""

    def __init__(self, servers, work, log, fill_seconds):
        import requests

        self.requests = requests
        self.servers = servers
        self.work = work
        self.log = log
        self.fill_seconds = fill_seconds
        self.sessions = [self.session() for _ in servers]
        self.rows = []

    def session(self):
        session = self.requests.Session()
        session.trust_env = False  # no proxy from the environment between us and 127.0.0.1
        session.headers["User-Agent"] = "pocketworld-bench-inquiries"
        return session

    def timed(self, what, server, call):
        """(response or None) of `call`, timed and logged."""
        started = time.perf_counter()
        try:
            response = call()
            response.content  # noqa: B018 - read the whole answer inside the timing
        except self.requests.RequestException as error:
            self.rows.append((what, server, 0, time.perf_counter() - started, started))
            self.log.error(f"{what} to server {server + 1}: {error}")
            return None
        self.rows.append(
            (what, server, response.status_code, time.perf_counter() - started, started)
        )
        return response

    def run(self):
        open_forms = collections.deque()  # (ready at, scenario, tokens)
        exhausted = False
        while True:
            if open_forms and open_forms[0][0] <= time.monotonic():
                _ready, scenario, tokens = open_forms.popleft()
                self.send(scenario, tokens)
            elif not exhausted and len(open_forms) < MAX_OPEN_FORMS:
                try:
                    scenario = self.work.get_nowait()
                except Empty:
                    exhausted = True
                    continue
                tokens = [self.fetch(submission) for submission in scenario.submissions]
                if scenario.submissions[0].kind == "too_fast":
                    self.send(scenario, tokens)
                else:
                    ready = time.monotonic() + self.fill_seconds + FILL_MARGIN
                    open_forms.append((ready, scenario, tokens))
            elif open_forms:
                time.sleep(max(0.0, open_forms[0][0] - time.monotonic()))
            else:
                break
            self.log.add(self.rows, 0)
            self.rows = []

    def fetch(self, submission):
        """The token of a freshly shown form, or None."""
        server = submission.number % 2
        submission.fetched_at = time.perf_counter()
        headers = {"Accept-Language": ACCEPT_LANGUAGE.get(submission.language, submission.language)}
        response = self.timed(
            "GET form",
            server,
            lambda: self.sessions[server].get(
                f"{self.servers[server]}/inquiry/{submission.language}/",
                headers=headers,
                timeout=TIMEOUT,
            ),
        )
        match = TOKEN.search(response.text) if response is not None else None
        if response is None or response.status_code != 200 or not match:
            status = response.status_code if response is not None else "no answer"
            submission.error = f"the form answered {status} without a token"
            return None
        token = match.group(1)
        if submission.kind == "forged":
            # Half tampered with (a signature that does not match), half left empty.
            token = token[:-4] + ("AAAA" if token[-4:] != "AAAA" else "BBBB")
            token = token if submission.number % 2 else ""
        return token

    def send(self, scenario, tokens):
        if scenario.mode == "sequence":
            for submission, token in zip(scenario.submissions, tokens, strict=True):
                self.post(submission, token, self.post_server(submission), self.sessions)
        elif scenario.mode == "concurrent":
            self.at_once(
                [
                    (submission, token, self.post_server(submission))
                    for submission, token in zip(scenario.submissions, tokens, strict=True)
                ]
            )
        else:
            submission, token = scenario.submissions[0], tokens[0]
            if submission.resend == "double":
                self.at_once([(submission, token, 0), (submission, token, 1)])
                return
            self.post(submission, token, self.post_server(submission), self.sessions)
            if submission.resend == "retry":
                self.post(submission, token, 1 - self.post_server(submission), self.sessions)
            if submission.kind == "legit" and submission.number % THANKS_EVERY == 0:
                self.thanks(submission)
        self.log.add([], len(scenario.submissions))

    def post_server(self, submission):
        """Half the forms go back to the server that signed their token, half to the other."""
        return (submission.number // 2) % 2

    def at_once(self, posts):
        """Send the posts from as many threads, released together."""
        barrier = threading.Barrier(len(posts))
        rows = []

        def one(submission, token, server):
            # Its own client: its own sessions (connections) and rows.
            client = Client(self.servers, self.work, self.log, self.fill_seconds)
            barrier.wait()
            client.post(submission, token, server, client.sessions)
            rows.extend(client.rows)

        threads = [threading.Thread(target=one, args=post) for post in posts]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.rows += rows

    def post(self, submission, token, server, sessions):
        if token is None:
            return
        base = self.servers[server]
        files = {name: (None, value) for name, value in submission.fields.items()}
        files["token"] = (None, token)
        # A browser sends the empty file input as a part without a file name.
        files["attachment"] = (
            ("offer.pdf", PDF, "application/pdf")
            if submission.attachment
            else ("", b"", "application/octet-stream")
        )
        headers = {"X-Forwarded-For": submission.forwarded}
        response = self.timed(
            "POST",
            server,
            lambda: sessions[server].post(
                f"{base}/inquiry/{submission.language}/",
                files=files,
                headers=headers,
                allow_redirects=False,
                timeout=TIMEOUT,
            ),
        )
        submission.answered_at = submission.answered_at or time.perf_counter()
        if response is None:
            submission.responses.append((0, "", server))
            return
        ticket = ""
        if response.status_code == 302:
            match = THANKS.search(response.headers.get("Location", ""))
            ticket = match.group(1) if match else ""
        elif response.status_code == 400:
            errors = re.findall(r'class="field-error"[^>]*>([^<]+)<', response.text)
            submission.error = f"400: {'; '.join(errors)[:200]}"
        submission.responses.append((response.status_code, ticket, server))

    def thanks(self, submission):
        status, ticket, server = submission.responses[0]
        if status != 302 or not ticket:
            return
        response = self.timed(
            "GET thanks",
            server,
            lambda: self.sessions[server].get(
                f"{self.servers[server]}/inquiry/{submission.language}/thanks/{ticket}/",
                timeout=TIMEOUT,
            ),
        )
        if response is not None:
            submission.thanks_status = response.status_code
            submission.thanks_references = tuple(REFERENCE.findall(response.text))


def run_clients(scenarios, servers, clients, fill_seconds, total):
    """Run the clients until the plan is done; (log, seconds)."""
    work = SimpleQueue()
    for scenario in scenarios:
        work.put(scenario)
    log = Log()
    errors = []

    def one_client():
        try:
            Client(servers, work, log, fill_seconds).run()
        except Exception as error:  # reported and failed below
            errors.append(repr(error))
            raise

    threads = [threading.Thread(target=one_client, daemon=True) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    last = started
    while any(thread.is_alive() for thread in threads):
        time.sleep(0.5)
        now = time.perf_counter()
        if now - last >= 15:
            last = now
            with log.lock:
                sent = log.sent
                posts = [row[3] for row in log.requests if row[0] == "POST"]
            recent = posts[-2000:]
            print(
                f"  {sent:,} of {total:,} sent in {now - started:.0f} s "
                f"({sent / (now - started):.1f}/s), POST p95 of the last {len(recent):,}: "
                f"{percentile(recent, 0.95) * 1000 if recent else 0:.0f} ms",
                flush=True,
            )
    for error in errors:
        log.error(f"a client stopped: {error}")
    return log, time.perf_counter() - started


# --- the checks --------------------------------------------------------------------------


class Checks:
    def __init__(self):
        self.rows = []  # (what, expected, found, ok)
        self.findings = []

    def add(self, what, expected, found, ok=None):
        ok = expected == found if ok is None else ok
        self.rows.append((what, str(expected), str(found), ok))
        return ok

    @property
    def failed(self):
        return [row for row in self.rows if not row[3]]


def expectations(submission, position, limits, fill_seconds):
    """[(HTTP status, inquiry status, spam reason)] the submission may come to: one, but
    either for a member of a concurrent burst (it depends on the race) and for a form sent
    "too fast" that the client saw answered only after the fill time (a slow server may
    have taken it late; the server knew, the client cannot)."""
    accepted = EXPECTED["legit"]
    if submission.kind == "too_fast":
        if submission.answered_at - submission.fetched_at >= fill_seconds:
            return [EXPECTED["too_fast"], accepted]
        return [EXPECTED["too_fast"]]
    if submission.kind in EXPECTED:
        return [EXPECTED[submission.kind]]
    if submission.kind == "address_burst":
        return [accepted if position < limits["address"] else (429, "spam", "address_limit")]
    if submission.kind == "email_burst":
        return [accepted if position < limits["email"] else (429, "spam", "email_limit")]
    return [accepted, (429, "spam", "address_limit")]


def check_database(scenarios, desk_of, limits, fill_seconds):
    """Compare what the database holds with what was sent; Checks and per-kind tallies."""
    from django.core import signing
    from django_tasks_db.models import DBTaskResult

    from pocketworld.inquiries import defences, tasks
    from pocketworld.inquiries.models import Attachment, Inquiry, InquiryEvent
    from pocketworld.inquiries.public.views import THANKS_SALT

    checks = Checks()
    rows = list(
        Inquiry.objects.values(
            "pk", "reference", "message", "status", "spam_reason", "desk_id", "routed_by",
            "language", "contact_name", "company_name", "email", "country_id", "channel",
            "nonce", "address_hash",
        )
    )  # fmt: skip
    by_marker = collections.defaultdict(list)
    unmarked = 0
    for row in rows:
        markers = MARKER.findall(row["message"])
        if len(markers) != 1:
            unmarked += 1
            continue
        by_marker[int(markers[0])].append(row)
    submissions = [submission for scenario in scenarios for submission in scenario.submissions]
    checks.add("inquiries stored", len(submissions), len(rows))
    checks.add("rows without one known marker", 0, unmarked)
    missing = [s.number for s in submissions if not by_marker.get(s.number)]
    twice = [s.number for s in submissions if len(by_marker.get(s.number, [])) > 1]
    checks.add("submissions lost (no row)", 0, len(missing))
    checks.add("submissions stored twice or more", 0, len(twice))
    if missing:
        checks.findings.append(f"lost: {missing[:10]}")
    if twice:
        checks.findings.append(f"stored twice: {twice[:10]}")

    tally = collections.defaultdict(collections.Counter)
    wrong = collections.defaultdict(list)
    legit_pks, spam_pks = set(), set()
    position_of = {}
    for scenario in scenarios:
        for position, submission in enumerate(scenario.submissions):
            position_of[submission.number] = position
    for submission in submissions:
        kind = submission.kind
        found = by_marker.get(submission.number, [])
        row = found[0] if len(found) == 1 else None
        statuses = [status for status, _ticket, _server in submission.responses]
        counts = tally[kind]
        counts["submissions"] += 1
        counts["posts"] += len(statuses)
        for status in statuses:
            counts[f"http {status}"] += 1
        counts["stored once"] += row is not None
        allowed = expectations(submission, position_of[submission.number], limits, fill_seconds)
        problems = []
        if submission.error:
            problems.append(submission.error)
        if len(allowed) > 1 and kind == "too_fast":
            counts["late"] += 1
        if row is not None:
            counts[row["status"]] += 1
            verdict = (row["status"], row["spam_reason"])
            if not any(
                statuses == [http] * len(statuses) and verdict == (status, reason)
                for http, status, reason in allowed
            ):
                problems.append(
                    f"HTTP {statuses}, stored {verdict[0]}/{verdict[1]}; expected "
                    + " or ".join(f"{http} {status}/{reason}" for http, status, reason in allowed)
                )
        if row is not None:
            if row["status"] == "new":
                legit_pks.add(row["pk"])
                if row["desk_id"] != desk_of[submission.country] or row["routed_by"] != "country":
                    problems.append(f"desk {row['desk_id']} by {row['routed_by']}")
                # The thank-you link names this inquiry, on every answer it got.
                for status, ticket, _server in submission.responses:
                    if status == 302:
                        try:
                            pk = signing.loads(ticket, salt=THANKS_SALT)
                        except signing.BadSignature:
                            pk = None
                        if pk != row["pk"]:
                            problems.append(f"thank-you link names {pk}, not {row['pk']}")
                if submission.thanks_status:
                    counts["thanks pages"] += 1
                    if submission.thanks_status != 200 or (
                        row["reference"] not in submission.thanks_references
                    ):
                        problems.append(
                            f"thank-you page {submission.thanks_status} "
                            f"{submission.thanks_references}, not {row['reference']}"
                        )
            else:
                spam_pks.add(row["pk"])
            sent = submission.fields
            for field in ("contact_name", "company_name", "email", "message"):
                if row[field] != sent[field]:
                    problems.append(f"{field} {row[field]!r} != {sent[field]!r}")
            if (row["language"], row["country_id"], row["channel"]) != (
                submission.language,
                submission.country,
                "form",
            ):
                problems.append(f"{row['language']}/{row['country_id']}/{row['channel']}")
            # The form's nonce, unless the token was forged or missing.
            if (row["nonce"] or "").startswith("form:") == (submission.kind == "forged"):
                problems.append(f"nonce {row['nonce']!r}")
            if row["address_hash"] != defences.address_hash(submission.address):
                problems.append("address hash is not the last X-Forwarded-For entry's")
        if problems:
            wrong[kind].append(f"#{submission.number}: {'; '.join(problems)}")
            counts["wrong"] += 1

    for kind, counts in sorted(tally.items(), key=lambda item: list(LABELS).index(item[0])):
        checks.add(f"{LABELS[kind]}: not as expected", 0, counts["wrong"])
    if late := tally["too_fast"]["late"]:
        checks.findings.append(
            f"{late} of the forms sent too fast were answered only after {fill_seconds} s "
            f"(a busy server), so either verdict was accepted; {tally['too_fast']['new']} "
            "of them were accepted"
        )
        for line in wrong[kind][:5]:
            checks.findings.append(f"{LABELS[kind]} {line}")

    # Retries and double clicks: one row each (above), and every answer a thank-you for it.
    for resend in RESEND_SHARES:
        resent = [s for s in submissions if s.resend == resend]
        answered = sum(
            1
            for s in resent
            if len(s.responses) == 2 and all(status == 302 for status, *_ in s.responses)
        )
        checks.add(f"{RESEND_LABELS[resend]} answered 302 twice", len(resent), answered)

    # Concurrent bursts: every member stored once (above); how many got past the limit.
    races = [scenario for scenario in scenarios if scenario.mode == "concurrent"]
    over = []
    for scenario in races:
        accepted = sum(
            1
            for s in scenario.submissions
            if len(by_marker.get(s.number, [])) == 1 and by_marker[s.number][0]["status"] == "new"
        )
        over.append(accepted - limits["address"])
    if races:
        size = len(races[0].submissions)
        checks.add(
            f"concurrent bursts of {size} from one address: accepted beyond the limit "
            f"({limits['address']}) per burst",
            [0] * len(races),
            over,
        )

    events = collections.Counter(
        InquiryEvent.objects.filter(kind__in=["received", "spam"]).values_list("inquiry_id", "kind")
    )
    received_once = sum(1 for row in rows if events[row["pk"], "received"] == 1)
    checks.add("inquiries with one 'received' event", len(rows), received_once)
    spam_once = sum(1 for pk in spam_pks if events[pk, "spam"] == 1)
    spam_events = sum(count for (_pk, kind), count in events.items() if kind == "spam")
    checks.add(
        "spam events (one per spam inquiry)",
        len(spam_pks),
        spam_events,
        ok=spam_once == spam_events == len(spam_pks),
    )

    attached = {s.number for s in submissions if s.attachment}
    attachments = dict(Attachment.objects.values_list("inquiry_id", "size"))
    attached_pks = {by_marker[n][0]["pk"] for n in attached if len(by_marker.get(n, [])) == 1}
    checks.add(
        "PDF attachments stored",
        len(attached),
        len(attachments),
        ok=set(attachments) == attached_pks and set(attachments.values()) <= {len(PDF)},
    )

    queued = collections.Counter()
    for args_kwargs in DBTaskResult.objects.filter(
        task_path=tasks.send_confirmation.module_path
    ).values_list("args_kwargs", flat=True):
        queued[(args_kwargs.get("args") or [None])[0]] += 1
    checks.add(
        "confirmations queued (one per accepted inquiry)",
        len(legit_pks),
        sum(queued.values()),
        ok=set(queued) == legit_pks and set(queued.values()) <= {1},
    )
    checks.add("confirmations queued for spam", 0, len(set(queued) & spam_pks))
    return checks, tally, len(legit_pks), len(spam_pks)


# --- the report --------------------------------------------------------------------------


def latency_row(label, seconds):
    if not seconds:
        return f"  {label:<28} {0:>7}"
    ms = [value * 1000 for value in seconds]
    return (
        f"  {label:<28} {len(ms):>7,} {percentile(ms, 0.50):>8.1f} {percentile(ms, 0.95):>8.1f} "
        f"{percentile(ms, 0.99):>8.1f} {max(ms):>8.1f}"
    )


def report_latency(log):
    requests = log.requests
    print()
    print(f"  {'request':<28} {'n':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    print("  " + "-" * 72)
    print(latency_row("GET form", [r[3] for r in requests if r[0] == "GET form"]))
    posts = [r for r in requests if r[0] == "POST"]
    print(latency_row("POST, all", [r[3] for r in posts]))
    for status, label in (
        (302, "accepted, 302"),
        (200, "held as spam, 200"),
        (429, "over a limit, 429"),
    ):
        print(latency_row(f"POST {label}", [r[3] for r in posts if r[2] == status]))
    for server in (0, 1):
        print(latency_row(f"POST to server {server + 1}", [r[3] for r in posts if r[1] == server]))
    print(latency_row("GET thank-you page", [r[3] for r in requests if r[0] == "GET thanks"]))
    ordered = sorted(posts, key=lambda row: row[4])
    tenth = max(1, len(ordered) // 10)
    tenths = [
        percentile([r[3] * 1000 for r in ordered[i : i + tenth]], 0.95)
        for i in range(0, tenth * 10, tenth)
        if ordered[i : i + tenth]
    ]
    print("  POST p95 per tenth of the run (ms): " + " ".join(f"{value:.0f}" for value in tenths))


def report_checks(checks, tally):
    print()
    header = (
        f"  {'submissions':<22} {'sent':>6} {'POSTs':>6} {'stored':>6}  "
        f"{'HTTP statuses':<22} {'verdict':<28} {'wrong':>5}"
    )
    print(header)
    print("  " + "-" * (len(header) - 2))
    for kind in LABELS:
        if kind not in tally:
            continue
        counts = tally[kind]
        statuses = ", ".join(
            f"{name[5:]}×{count:,}"
            for name, count in sorted(counts.items())
            if name.startswith("http ")
        )
        if kind in EXPECTED:
            verdict = "/".join(filter(None, EXPECTED[kind][1:]))
        elif kind == "race_burst":
            verdict = f"new {counts['new']:,}, spam {counts['spam']:,}"
        else:
            verdict = "first ones new, rest spam"
        print(
            f"  {LABELS[kind]:<22} {counts['submissions']:>6,} {counts['posts']:>6,} "
            f"{counts['stored once']:>6,}  {statuses:<22} {verdict:<28} {counts['wrong']:>5}"
        )
    print()
    print(f"  {'check':<48} {'expected':>10} {'found':>10}")
    print("  " + "-" * 74)
    for what, expected, found, ok in checks.rows:
        print(f"  {what:<48} {expected:>10} {found:>10}  {'ok' if ok else 'FAILED'}")


def process_cpu(pid, with_children=False):
    """CPU seconds (user and system) a process has used, with those of its ended children
    it waited for if asked."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    used = fields[11:15] if with_children else fields[11:13]  # utime stime cutime cstime
    return sum(int(value) for value in used) / os.sysconf("SC_CLK_TCK")


def cpu_seconds(servers):
    """CPU seconds the servers' masters and workers have used so far."""
    total = 0.0
    for server in servers:
        master = server.process.pid
        for pid in [master, *worker_pids(master)]:
            with contextlib.suppress(OSError, IndexError, ValueError):
                total += process_cpu(pid)
    return total


def postgres_cpu_seconds():
    """CPU seconds the PostgreSQL server has used so far (postmaster, its running and its
    ended processes: backends come and go), or None when it does not run on this machine."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend = cursor.fetchone()[0]
        fields = Path(f"/proc/{backend}/stat").read_text().rsplit(")", 1)[1].split()
        postmaster = int(fields[1])
        if "postgres" not in Path(f"/proc/{postmaster}/cmdline").read_text(errors="replace"):
            return None
        total = process_cpu(postmaster, with_children=True)
        for child in worker_pids(postmaster):
            with contextlib.suppress(OSError, IndexError, ValueError):
                total += process_cpu(child, with_children=True)
    except (OSError, IndexError, ValueError):
        return None
    finally:
        connection.close()
    return total


def own_cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def server_errors(servers):
    """Tracebacks in the servers' logs."""
    count = 0
    for server in servers:
        with contextlib.suppress(OSError):
            count += server.log_path.read_text(errors="replace").count("Traceback")
    return count


def main(argv=None):
    options = parse_args(argv)
    begun = time.perf_counter()
    environment = configure(options.database_url, options.var_dir)
    database = describe_database()
    from django.conf import settings

    fill = (
        settings.INQUIRY_MIN_FILL_SECONDS if options.fill_seconds is None else options.fill_seconds
    )
    limits = {"address": settings.INQUIRY_MAX_PER_ADDRESS, "email": settings.INQUIRY_MAX_PER_EMAIL}
    print(f"pocketworld inquiry benchmark: {database}", flush=True)
    started = time.perf_counter()
    desk_of = prepare_database()
    setup = time.perf_counter() - started
    print(
        f"Migrated, loaded the reference data and {len(DESKS)} desks covering "
        f"{len(desk_of)} countries in {setup:.0f} s.",
        flush=True,
    )

    scenarios = make_plan(options.submissions, options.seed, limits["address"], limits["email"])
    total = sum(len(scenario.submissions) for scenario in scenarios)
    server_environment = {
        **environment,
        "DEBUG": "false",
        "DEMO": "false",
        "BEHIND_PROXY": "true",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_COOKIES": "false",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "INQUIRY_MIN_FILL_SECONDS": str(fill),
        "INQUIRY_MAX_PER_ADDRESS": str(limits["address"]),
        "INQUIRY_MAX_PER_EMAIL": str(limits["email"]),
        "INQUIRY_MAX_LINKS": str(settings.INQUIRY_MAX_LINKS),
        "GUNICORN_CMD_ARGS": f"--threads {options.threads}",
    }
    ports = [int(port) or free_port() for port in options.ports.split(",")]
    if len(ports) != 2 or ports[0] == ports[1]:
        raise SystemExit("--ports takes two different ports")
    var_dir = Path(environment["POCKETWORLD_VAR_DIR"])
    servers = [
        Server(server_environment, port, options.workers, var_dir / f"bench-gunicorn-{n + 1}.log")
        for n, port in enumerate(ports)
    ]
    load_before = os.getloadavg()
    print(
        f"Starting two gunicorn servers on ports {ports[0]} and {ports[1]}, {options.workers} "
        f"workers × {options.threads} thread(s) each; INQUIRY_MIN_FILL_SECONDS={fill}, "
        f"MAX_PER_ADDRESS={limits['address']}, MAX_PER_EMAIL={limits['email']}, "
        f"MAX_LINKS={settings.INQUIRY_MAX_LINKS}; load average {load_before[0]:.2f} …",
        flush=True,
    )
    try:
        for server in servers:
            server.start()
        print(
            f"Sending {total:,} submissions with {options.clients} concurrent clients …",
            flush=True,
        )
        server_cpu, client_cpu = cpu_seconds(servers), own_cpu_seconds()
        database_cpu = postgres_cpu_seconds()
        log, seconds = run_clients(
            scenarios, [server.base_url for server in servers], options.clients, fill, total
        )
        server_cpu, client_cpu = cpu_seconds(servers) - server_cpu, own_cpu_seconds() - client_cpu
        if database_cpu is not None and (after := postgres_cpu_seconds()) is not None:
            database_cpu = after - database_cpu
        alive = [server.process.poll() is None for server in servers]
    finally:
        for server in servers:
            if server.process is not None:
                server.stop()
    load_after = os.getloadavg()

    checks, tally, accepted, spam = check_database(scenarios, desk_of, limits, fill)
    statuses = collections.Counter((row[0], row[2]) for row in log.requests)
    checks.add("servers still running at the end", 2, sum(alive))
    checks.add("HTTP 5xx answers", 0, sum(c for (_w, s), c in statuses.items() if s >= 500))
    checks.add("requests without an answer", 0, sum(c for (_w, s), c in statuses.items() if s == 0))
    checks.add("Tracebacks in the servers' logs", 0, server_errors(servers))
    checks.add("client errors", 0, len(log.errors))

    posts = sum(c for (what, _s), c in statuses.items() if what == "POST")
    print()
    print(f"pocketworld inquiry benchmark — {database}")
    print(
        f"{total:,} submissions ({accepted:,} accepted, {spam:,} held as spam, "
        f"{spam / total:.1%}) in {seconds:.1f} s: {total / seconds:.1f} submissions/s, "
        f"{len(log.requests) / seconds:.1f} requests/s ({posts:,} POSTs)"
    )
    print(
        f"Two gunicorn servers × {options.workers} "
        f"{'sync workers' if options.threads == 1 else f'workers × {options.threads} threads'}, "
        f"{options.clients} client threads in this process, half the forms sent to the other "
        f"server than the one that signed their token; fill time {fill} s honoured (forms "
        f"fetched ahead); {os.cpu_count()} CPUs, load average "
        f"{load_before[0]:.2f} before, {load_after[0]:.2f} after"
    )
    postgres = (
        "not measured (not on this machine)"
        if database_cpu is None
        else f"{database_cpu:.0f} s ({database_cpu / total * 1000:.0f} ms per submission)"
    )
    print(
        f"CPU during the run: the two servers {server_cpu:.0f} s "
        f"({server_cpu / total * 1000:.0f} ms per submission), PostgreSQL {postgres}, "
        f"this client process {client_cpu:.0f} s, of the {os.cpu_count() * seconds:.0f} CPU "
        "seconds the machine had in that time"
    )
    print(
        "HTTP statuses: "
        + ", ".join(
            f"{what} {status}×{count:,}" for (what, status), count in sorted(statuses.items())
        )
    )
    report_latency(log)
    report_checks(checks, tally)
    if log.errors:
        print()
        print("Client errors (first 10):")
        for line in log.errors[:10]:
            print(f"  {line}")
    if checks.findings:
        print()
        print("Findings:")
        for line in checks.findings:
            print(f"  - {line}")
    print()
    print(f"Server logs: {', '.join(str(server.log_path) for server in servers)}")
    if options.drop_database:
        wipe()
        print("Dropped the bench database.")
    print(f"Total time {time.perf_counter() - begun:.0f} s (set-up {setup:.0f} s).")
    if checks.failed:
        print(f"\n{len(checks.failed)} check(s) FAILED.")
        return 1
    print("\nAll checks passed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
