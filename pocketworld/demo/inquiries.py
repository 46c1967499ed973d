"""The demo world's inquiries: the desks' languages, the triage desk, and inquiries of the
last days in the seven languages of the public form, each received through the same
service as a real one. Some wait (one is overdue), some are answered, one is a lead, one
went to the chamber, one is spam.

Matched on a natural key (the nonce "demo:<n>"): an inquiry found is left as it is.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from pocketworld.companies.models import PartnerOrganisation
from pocketworld.core.choices import DeskRole
from pocketworld.core.models import Country, Language
from pocketworld.desks.models import Desk, DeskMembership
from pocketworld.inquiries import clock, services
from pocketworld.inquiries.choices import Channel, CloseReason, ReplyChannel, SpamReason
from pocketworld.inquiries.models import Inquiry, RoutingSettings

# The languages each desk answers in, beside those of the countries it covers.
DESK_LANGUAGES = {
    "japan": ("ja",),
    "china": ("zh",),
    "korea": ("ko",),
    "india": ("hi",),
    "asean": ("vi", "th", "id", "ms"),
    "eastern-europe": ("ru", "pl", "uk", "cs"),
    "western-europe-turkey-israel": ("tr", "fr", "it", "es", "nl", "he"),
    "usa": ("en",),
}
TRIAGE_DESK = "western-europe-turkey-israel"


@dataclass(frozen=True)
class InquirySpec:
    key: int
    language: str
    country: str
    company: str
    contact: str
    email: str
    plan: str
    sector: str
    message: str
    # Working hours before now that it arrived.
    hours_ago: float
    answer: str = ""  # a ReplyChannel
    outcome: str = ""  # "lead", "partner", "closed"
    spam: str = ""


INQUIRIES = (
    InquirySpec(
        1, "ja", "JP", "株式会社ミツワ精機", "佐藤 花子", "h.sato@mitsuwa-seiki.example",
        "new_settlement", "machinery",
        "デュッセルドルフに欧州販売拠点の設立を検討しております。オフィス物件と在留許可について"
        "ご相談させていただけますでしょうか。",
        11,
    ),
    InquirySpec(
        2, "ja", "JP", "東和ロジスティクス株式会社", "田中 一郎", "i.tanaka@towa-logi.example",
        "expansion", "logistics",
        "既存の倉庫の拡張について、補助金制度をご教示ください。", 3,
    ),
    InquirySpec(
        3, "zh-hans", "CN", "深圳华光新能源有限公司", "李伟", "li.wei@huaguang-energy.example",
        "new_settlement", "energy",
        "我们计划在北莱茵-威斯特法伦州设立欧洲子公司（GmbH），希望了解注册流程和办公场地。", 6,
        answer=ReplyChannel.EMAIL,
    ),
    InquirySpec(
        4, "ko", "KR", "주식회사 한빛로보틱스", "김민준", "minjun.kim@hanbit-robotics.example",
        "startup", "electronics",
        "스타트업 액셀러레이션 프로그램에 지원하고 싶습니다. "
        "일정과 조건을 알려주실 수 있을까요?", 2,
    ),
    InquirySpec(
        5, "hi", "IN", "श्रीनिवास आईटी सॉल्यूशंस", "राहुल शर्मा", "rahul.sharma@srinivas-it.example",
        "new_settlement", "ict",
        "हम डसेलडोर्फ़ में एक GmbH स्थापित करना चाहते हैं। कृपया प्रक्रिया और कर सलाहकारों के बारे में "
        "जानकारी दें।", 14, answer=ReplyChannel.PHONE, outcome="lead",
    ),
    InquirySpec(
        6, "tr", "TR", "Anadolu Tekstil A.Ş.", "Ayşe Yılmaz", "ayse.yilmaz@anadolu-tekstil.example",
        "skilled_workers", "consumer",
        "Almanya'daki şubemiz için nitelikli işçi istihdamı konusunda bilgi almak istiyoruz.", 20,
        answer=ReplyChannel.OTHER_EMAIL, outcome="partner",
    ),
    InquirySpec(
        7, "en", "BR", "Verde Agro Tecnologia Ltda.", "Lucas Oliveira", "lucas@verde-agro.example",
        "other", "life_sciences",
        "We are looking for research partners for agricultural biotech in your region.", 1,
    ),
    InquirySpec(
        8, "de", "AT", "Alpenstrom GmbH", "Katharina Huber", "k.huber@alpenstrom.example",
        "expansion", "energy",
        "Wir möchten unsere Niederlassung in Düsseldorf erweitern und suchen 800 m² Bürofläche.",
        4,
    ),
    InquirySpec(
        9, "en", "US", "Best Deals Online", "John Smith", "deals@cheap-offers.example",
        "other", "other",
        "Great offers http://cheap.example http://cheap.example/2 http://cheap.example/3", 0.5,
        spam=SpamReason.LINKS,
    ),
)  # fmt: skip


def desk_languages():
    desks = {desk.slug: desk for desk in Desk.objects.filter(slug__in=DESK_LANGUAGES)}
    for slug, codes in DESK_LANGUAGES.items():
        if slug in desks:
            desks[slug].languages.add(*Language.objects.filter(code__in=codes))
    if not RoutingSettings.objects.filter(pk=1).exists():
        RoutingSettings.objects.create(pk=1, triage_desk=desks.get(TRIAGE_DESK))


def head_of(desk):
    membership = (
        DeskMembership.objects.filter(desk=desk, role=DeskRole.HEAD).select_related("user").first()
    )
    return membership.user if membership else None


def build_inquiries():
    desk_languages()
    now = timezone.now()
    for spec in INQUIRIES:
        nonce = f"demo:{spec.key}"
        if Inquiry.objects.filter(nonce=nonce).exists():
            continue
        inquiry, _created = services.receive(
            services.Submission(
                company_name=spec.company,
                country=Country.objects.get(pk=spec.country),
                contact_name=spec.contact,
                email=spec.email,
                language=spec.language,
                message=spec.message,
                plan=spec.plan,
                sector=spec.sector,
            ),
            channel=Channel.FORM,
            spam_reason=spec.spam,
            nonce=nonce,
        )
        received = received_before(now, spec.hours_ago)
        inquiry.received_at = inquiry.consent_at = received
        services.start_clock(inquiry, received)
        inquiry.save()
        inquiry.events.update(at=received)
        officer = head_of(inquiry.desk)
        if officer is None or not spec.answer:
            continue
        answered_at = clock.add_working_hours(received, min(spec.hours_ago, 5))
        body = demo_reply(inquiry) if spec.answer == ReplyChannel.EMAIL else ""
        services.reply(inquiry, officer, spec.answer, body=body, at=answered_at)
        if spec.outcome == "lead":
            services.turn_into_lead(inquiry, officer, f"{spec.company}: GmbH")
        elif spec.outcome == "partner":
            chamber = PartnerOrganisation.objects.filter(name="IHK Düsseldorf").first()
            if chamber:
                services.forward(inquiry, officer, chamber, "Fachkräfte: IHK-Anerkennungsberatung")
            else:
                services.close(inquiry, officer, CloseReason.ANSWERED_ONLY)


def received_before(now, hours):
    """The moment `hours` working hours before `now` (the clock backwards, hour by hour)."""
    moment = now
    remaining = hours
    step = datetime.timedelta(minutes=30)
    while remaining > 0:
        moment -= step
        if clock.working_hours_between(moment, moment + step) > 0:
            remaining -= 0.5
    return moment


def demo_reply(inquiry):
    return (
        f"Dear {inquiry.contact_name},\n\nthank you for your inquiry {inquiry.reference}. "
        "We would be glad to talk with you about company formation, office space and our "
        "services. When would a video call suit you?\n\nKind regards"
    )
