from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from pocketworld.accounts.forms import UserSettingsForm


@login_required
def user_settings(request):
    form = UserSettingsForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your settings are saved."))
        return HttpResponseRedirect(reverse("accounts:settings"))
    return render(request, "accounts/settings.html", {"form": form})
