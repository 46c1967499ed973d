import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from pocketworld.core.filtersets import BaseFilterSet
from pocketworld.imports.choices import LeiMatchedBy, LeiProposalField, LeiProposalStatus
from pocketworld.imports.models import LeiProposal


class LeiProposalFilterSet(BaseFilterSet):
    search_fields = ("company__legal_name", "lei", "proposed_text")
    company = django_filters.NumberFilter(label=_("Company (id)"), widget=forms.HiddenInput)
    upload = django_filters.NumberFilter(label=_("Upload (id)"), widget=forms.HiddenInput)
    field = django_filters.MultipleChoiceFilter(
        choices=LeiProposalField.choices,
        label=_("Field"),
        widget=forms.CheckboxSelectMultiple,
    )
    matched_by = django_filters.MultipleChoiceFilter(
        choices=LeiMatchedBy.choices,
        label=_("Matched by"),
        widget=forms.CheckboxSelectMultiple,
    )
    status = django_filters.ChoiceFilter(choices=LeiProposalStatus.choices, label=_("Status"))

    class Meta:
        model = LeiProposal
        fields = ["q", "company", "upload", "field", "matched_by", "status"]
