from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pocketworld.accounts.forms import UserSettingsForm
from pocketworld.accounts.models import CalendarToken

# Where a new subscription key waits for the one page view that shows it.
CALENDAR_KEY_SESSION = "calendar_key"


@login_required
def user_settings(request):
    form = UserSettingsForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your settings are saved."))
        return HttpResponseRedirect(reverse("accounts:settings"))
    context = {
        "form": form,
        "calendar_token": CalendarToken.objects.filter(user=request.user).first(),
    }
    if key := request.session.pop(CALENDAR_KEY_SESSION, None):
        feed = reverse("interactions:calendar_feed", args=[key])
        context["calendar_url"] = request.build_absolute_uri(feed)
    return render(request, "accounts/settings.html", context)


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
