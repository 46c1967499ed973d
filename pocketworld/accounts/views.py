from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pocketworld.accounts.forms import APITokenForm, UserSettingsForm
from pocketworld.accounts.models import APIToken, CalendarToken
from pocketworld.accounts.views_second_factor import second_factor_summary

# Where a new subscription key or API token waits for the one page view that shows it.
CALENDAR_KEY_SESSION = "calendar_key"
API_KEY_SESSION = "api_token_key"


@login_required
def user_settings(request):
    form = UserSettingsForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your settings are saved."))
        return HttpResponseRedirect(reverse("accounts:settings"))
    return render_settings(request, form, APITokenForm())


def render_settings(request, form, token_form, status=200):
    context = {
        "form": form,
        "calendar_token": CalendarToken.objects.filter(user=request.user).first(),
        "api_tokens": APIToken.objects.filter(user=request.user),
        "token_form": token_form,
        "new_api_key": request.session.pop(API_KEY_SESSION, None),
        **second_factor_summary(request.user),
    }
    if key := request.session.pop(CALENDAR_KEY_SESSION, None):
        feed = reverse("interactions:calendar_feed", args=[key])
        context["calendar_url"] = request.build_absolute_uri(feed)
    return render(request, "accounts/settings.html", context, status=status)


@require_POST
@login_required
def calendar_subscription(request):
    """Create or reset the calendar subscription URL, or stop it; a reset revokes the old."""
    if request.POST.get("action") == "revoke":
        CalendarToken.objects.filter(user=request.user).delete()
        messages.success(request, _("The calendar subscription is stopped."))
    else:
        _token, key = CalendarToken.issue(request.user)
        # Only the digest is stored: the key is shown on the next page and then never again.
        request.session[CALENDAR_KEY_SESSION] = key
    return HttpResponseRedirect(reverse("accounts:settings") + "#calendar")


@require_POST
@login_required
def api_token_create(request):
    """Issue an API token; its key is shown on the next page, once. Bad input comes back
    at its fields."""
    token_form = APITokenForm(request.POST)
    if not token_form.is_valid():
        return render_settings(
            request, UserSettingsForm(instance=request.user), token_form, status=400
        )
    token, key = APIToken.issue(
        request.user,
        description=token_form.cleaned_data["name"],
        expires=token_form.expires(),
        read_only=token_form.cleaned_data["read_only"],
    )
    request.session[API_KEY_SESSION] = key
    messages.success(request, _("The token %(token)s is made.") % {"token": token.prefix})
    return HttpResponseRedirect(reverse("accounts:settings") + "#api-tokens")


@require_POST
@login_required
def api_token_revoke(request, pk):
    """Revoke one of my tokens: it stops working at once."""
    token = get_object_or_404(APIToken, pk=pk, user=request.user)
    token.revoke()
    messages.success(request, _("The token %(token)s is revoked.") % {"token": token.prefix})
    return HttpResponseRedirect(reverse("accounts:settings") + "#api-tokens")
