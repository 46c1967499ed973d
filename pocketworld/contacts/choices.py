from django.db import models
from django.utils.translation import gettext_lazy as _


class LegalBasis(models.TextChoices):
    """GDPR Art. 6(1) grounds on which the service keeps a person's data."""

    CONSENT = "consent", _("consent (Art. 6(1)(a) GDPR)")
    CONTRACT = "contract", _("contract (Art. 6(1)(b) GDPR)")
    LEGITIMATE_INTEREST = "legitimate_interest", _("legitimate interest (Art. 6(1)(f) GDPR)")
    PUBLIC_TASK = "public_task", _("public task (Art. 6(1)(e) GDPR)")
