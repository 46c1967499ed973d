"""The public front door: the inquiry form in seven languages, without sign-in, working
without JavaScript, and embeddable in the agency's website.

The form is exempt from Django's CSRF check: it changes nothing of a signed-in user's, and
a cookie would not reach it inside another site's frame. It carries its own signed token
instead (`defences`), which also times the filling and makes a second send of the same
form store nothing new.
"""

from django.conf import settings
from django.core import signing
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from pocketworld.accounts.lockout import client_address
from pocketworld.inquiries import defences, services
from pocketworld.inquiries.choices import Channel, SpamReason
from pocketworld.inquiries.models import Inquiry
from pocketworld.inquiries.public.forms import PublicInquiryForm
from pocketworld.inquiries.public.privacy import privacy_text

LANGUAGE_CODES = [code for code, _name in settings.INQUIRY_LANGUAGES]
THANKS_SALT = "pocketworld.inquiries.thanks"
RATE_LIMITS = {SpamReason.ADDRESS_LIMIT, SpamReason.EMAIL_LIMIT}


def negotiated_language(request):
    """The first of the browser's languages the form speaks ("zh-CN" → "zh-hans"), else
    English."""
    for accepted, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        accepted = accepted.lower()
        if accepted.startswith("zh") and not accepted.startswith(("zh-hant", "zh-tw", "zh-hk")):
            return "zh-hans"
        if (code := accepted.split("-")[0]) in LANGUAGE_CODES:
            return code
    return "en"


def framed(response):
    """Let the sites of `INQUIRY_FRAME_ANCESTORS` show the page in a frame, none else."""
    if settings.INQUIRY_FRAME_ANCESTORS:
        response._csp_replace = {"frame-ancestors": settings.INQUIRY_FRAME_ANCESTORS}
        response.xframe_options_exempt = True
    return response


def render_public(request, language, template, context, status=200):
    context |= {
        "language": language,
        "languages": settings.INQUIRY_LANGUAGES,
        "bidi": translation.get_language_bidi(),
    }
    return framed(render(request, template, context, status=status))


@require_safe
def start(request):
    """/inquiry/ in the browser's language."""
    return HttpResponseRedirect(
        reverse("inquiries:public_form", args=[negotiated_language(request)])
    )


@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def form(request, language):
    if language not in LANGUAGE_CODES:
        raise Http404
    with translation.override(language):
        if request.method != "POST":
            return show_form(request, language, PublicInquiryForm(language=language))
        inquiry_form = PublicInquiryForm(request.POST, request.FILES, language=language)
        if not inquiry_form.is_valid():
            return show_form(request, language, inquiry_form, status=400)
        data = inquiry_form.cleaned_data
        token = defences.read_form_token(data["token"])
        reason = defences.spam_reason(
            honeypot=data["website"],
            token=token,
            texts=[data["message"], data["company_name"], data["contact_name"]],
        )
        # Sent again (a double click, a retry), it is answered as the first time.
        inquiry, _created = services.receive(
            inquiry_form.submission(),
            channel=Channel.FORM,
            spam_reason=reason,
            address_hash=defences.address_hash(client_address(request)),
            nonce=f"form:{token['nonce']}" if token else None,
            file=data["attachment"],
        )
        return answer(request, language, inquiry)


def answer(request, language, inquiry):
    """The thanks page with the reference; for what the defences held, a page that says it
    is kept (429 over a limit). A robot learns nothing from it."""
    if inquiry.spam_reason in RATE_LIMITS:
        return render_public(
            request, language, "inquiries/public/held.html", {"rate_limited": True}, 429
        )
    if inquiry.spam_reason:
        return render_public(request, language, "inquiries/public/held.html", {})
    ticket = signing.dumps(inquiry.pk, salt=THANKS_SALT)
    return HttpResponseRedirect(reverse("inquiries:public_thanks", args=[language, ticket]))


def show_form(request, language, inquiry_form, status=200):
    context = {"form": inquiry_form, "privacy_text": privacy_text(language)}
    return render_public(request, language, "inquiries/public/form.html", context, status)


@never_cache
@require_safe
def thanks(request, language, ticket):
    """The reference of the inquiry just sent; the link names no inquiry to anyone else."""
    if language not in LANGUAGE_CODES:
        raise Http404
    try:
        pk = signing.loads(ticket, salt=THANKS_SALT, max_age=24 * 3600)
    except signing.BadSignature:
        raise Http404 from None
    inquiry = Inquiry.objects.filter(pk=pk).only("reference", "email").first()
    if inquiry is None:
        raise Http404
    with translation.override(language):
        return render_public(
            request, language, "inquiries/public/thanks.html", {"inquiry": inquiry}
        )
