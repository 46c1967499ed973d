"""The browsable API as DRF draws it, with forms that can show back any input."""

from rest_framework import renderers


class HTMLFormRenderer(renderers.HTMLFormRenderer):
    def render_field(self, field, parent_style):
        """DRF reads a date and time sent back to the form (after a 400) into its
        datetime-local input with `fromisoformat`, and fails on one that is no date and
        time ("12:99"); such a value is shown back as plain text, with its error."""
        try:
            return super().render_field(field, parent_style)
        except ValueError:
            as_text = field.as_form_field()  # a copy of the bound field
            as_text.style = {**field.style, "input_type": "text"}
            return super().render_field(as_text, parent_style)


class BrowsableAPIRenderer(renderers.BrowsableAPIRenderer):
    form_renderer_class = HTMLFormRenderer
