"""The form renderer: Django's, with select boxes written in Python.

Django renders every <option> through a template include. The filter forms of the lists
carry the 250 countries and the 400 municipalities, which cost 15 ms each that way on every
list page and well under a millisecond here. The markup is the one Django's templates make;
a select with a template of its own is rendered by its template.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def flat_attributes(attrs):
    """What django/forms/widgets/attrs.html writes: ` name="value"`, ` name` for True."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {name}")
        else:
            parts.append(f' {name}="{conditional_escape(value)}"')
    return "".join(parts)


def render_select(widget):
    name, attributes = conditional_escape(widget["name"]), flat_attributes(widget["attrs"])
    lines = [f'<select name="{name}"{attributes}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            lines.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in options:
            lines.append(
                f'\n  <option value="{conditional_escape(option["value"])}"'
                f"{flat_attributes(option['attrs'])}>{conditional_escape(option['label'])}</option>"
            )
        if group_name:
            lines.append("\n  </optgroup>")
    lines.append("\n</select>")
    return mark_safe("".join(lines))  # nosec B308 B703 - every value above is escaped


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget") if template_name == SELECT_TEMPLATE else None
        if widget and all(
            option["template_name"] == OPTION_TEMPLATE
            for _name, options, _index in widget["optgroups"]
            for option in options
        ):
            return render_select(widget)
        return super().render(template_name, context, request)
