from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from pocketworld.core.forms import DATE_WIDGET
from pocketworld.desks.models import Desk
from pocketworld.reports.api import EARLIEST_DAY, LATEST_DAY
from pocketworld.reports.choices import PeriodKind
from pocketworld.reports.kpis import Period
from pocketworld.reports.models import Segment


class SegmentForm(forms.ModelForm):
    """The filter is checked and normalised by `Segment.clean`, so the API does the same."""

    class Meta:
        model = Segment
        fields = ["name", "description", "shared", "query"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "query": forms.TextInput(attrs={"size": 80}),
        }


class DashboardForm(forms.Form):
    """The dashboard's period and desk, read from the address (GET).

    Every field may be left out: the period is a year, the year this one, the quarter the
    current one, a custom period from the first to the last day of the year.
    """

    period = forms.ChoiceField(label=_("period"), choices=PeriodKind.choices, required=False)
    year = forms.IntegerField(
        label=_("year"),
        required=False,
        min_value=EARLIEST_DAY.year,
        max_value=LATEST_DAY.year,
        widget=forms.NumberInput(attrs={"size": 5}),
    )
    quarter = forms.TypedChoiceField(
        label=_("quarter"),
        choices=[(1, _("Q1")), (2, _("Q2")), (3, _("Q3")), (4, _("Q4"))],
        coerce=int,
        required=False,
    )
    desk = forms.ModelChoiceField(
        label=_("desk"), queryset=Desk.objects.none(), required=False, empty_label=_("all desks")
    )
    also = forms.MultipleChoiceField(
        label=_("foreign companies also by"),
        choices=[("focus_area", _("focus area")), ("municipality", _("municipality"))],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # `from` is a Python keyword: no class attribute can carry that name.
        for name, label in (("from", _("from")), ("to", _("to"))):
            self.fields[name] = forms.DateField(
                label=label,
                required=False,
                widget=DATE_WIDGET,
            )
        self.order_fields(["period", "year", "quarter", "from", "to", "desk", "also"])
        self.fields["desk"].queryset = Desk.objects.visible_to(user)

    def clean_from(self):
        return self.within_range(self.cleaned_data["from"])

    def clean_to(self):
        return self.within_range(self.cleaned_data["to"])

    @staticmethod
    def within_range(day):
        if day is not None and not EARLIEST_DAY <= day <= LATEST_DAY:
            raise ValidationError(
                _("Give a date from %(earliest)s to %(latest)s.")
                % {"earliest": EARLIEST_DAY.isoformat(), "latest": LATEST_DAY.isoformat()}
            )
        return day

    def clean(self):
        """Fill in what was left out and add `measured`, the Period. `from`, `to` and `year`
        become the period's, so the form shown next offers the same days whatever kind of
        period is chosen."""
        data = super().clean()
        if self.errors:
            return data
        today = timezone.localdate()
        kind = data["period"] = data["period"] or PeriodKind.YEAR
        year = data["year"] or (data["from"].year if data["from"] else today.year)
        if kind == PeriodKind.YEAR:
            measured = Period.year(year)
        elif kind == PeriodKind.QUARTER:
            data["quarter"] = data["quarter"] or (today.month + 2) // 3
            measured = Period.quarter(year, data["quarter"])
        else:
            start, end = (
                data["from"] or Period.year(year).start,
                data["to"] or Period.year(year).end,
            )
            if start > end:
                self.add_error("to", _("The period ends before it starts."))
                return data
            measured = Period(start, end)
        data |= {
            "measured": measured,
            "year": measured.start.year,
            "from": measured.start,
            "to": measured.end,
        }
        return data


class AnnualReportForm(forms.Form):
    """The annual report's year, language and desk, read from the address (GET).

    The year defaults to the last complete one (an annual report is of a closed year; this
    year's, so far, must be asked for), the language to the page's, the desk to all.
    """

    year = forms.IntegerField(label=_("year"), required=False, min_value=EARLIEST_DAY.year)
    language = forms.ChoiceField(label=_("language"), choices=settings.LANGUAGES, required=False)
    desk = forms.ModelChoiceField(label=_("desk"), queryset=Desk.objects.none(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["desk"].queryset = Desk.objects.visible_to(user)

    def clean_year(self):
        year, this_year = self.cleaned_data["year"], timezone.localdate().year
        if year is None:
            return this_year - 1
        if year > this_year:
            raise ValidationError(
                _("The year %(year)s has not begun yet.") % {"year": year}, code="future"
            )
        return year

    def clean_language(self):
        return self.cleaned_data["language"] or translation.get_language()
