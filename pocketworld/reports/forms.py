from django import forms

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
