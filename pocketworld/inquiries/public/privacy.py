"""The privacy text an inquirer consents to: the administrators' text for the language
(`PrivacyNotice`), else the one that ships with pocketworld, in that language."""

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from pocketworld.inquiries.models import PrivacyNotice

DEFAULT_TEXT = _(
    "We process the data you enter in this form (your name, your company, your contact "
    "details, your message and any file you attach) to answer your inquiry and, if you "
    "wish, to support your plans in our region. The legal basis is your consent (Art. 6(1)(a) "
    "GDPR). Only our staff read your data; we pass it to a partner organisation (such as a "
    "chamber of commerce) only when we tell you so in our reply. We keep it as long as we "
    "work on your inquiry and delete it afterwards unless a project follows from it. You may "
    "withdraw your consent at any time and ask us for access to, correction or erasure of "
    "your data by writing to us; you may also complain to the data protection supervisory "
    "authority."
)


def privacy_text(language):
    notice = PrivacyNotice.objects.filter(language=language).first()
    if notice is not None:
        return notice.text
    with translation.override(language):
        return str(DEFAULT_TEXT)
