"""The records of processing (GDPR Art. 30) as a page and as a PDF, for staff."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from pocketworld.core import permissions
from pocketworld.core.pdf import pdf_download, render_pdf
from pocketworld.privacy.processing import processing_record


def staff_only(user):
    """The records describe how personal data is handled: for staff, not partner viewers."""
    if not permissions.may_read_personal_data(user):
        raise PermissionDenied(_("You may not see the records of processing."))


@login_required
def processing_records(request):
    staff_only(request.user)
    return render(request, "privacy/records.html", {"record": processing_record()})


@login_required
def processing_records_pdf(request):
    """The same as a PDF, in `language` (de or en; default: the page's)."""
    staff_only(request.user)
    language = request.GET.get("language") or get_language()[:2]
    if language not in dict(settings.LANGUAGES):
        return HttpResponseBadRequest(_("Unknown language."))
    with translation.override(language):
        record = processing_record()
    pdf = render_pdf("privacy/records_pdf.html", {"record": record}, language)
    return pdf_download(pdf, f"records-of-processing-{record.made_on.isoformat()}-{language}.pdf")
