"""The form renderer: Django's, with inputs, select boxes and lists of checkboxes or radio
buttons written in Python.

Django renders every <option> and every checkbox through template includes. The filter
forms of the lists carry the 250 countries and the 400 municipalities, which cost 15 ms
each that way on every list page and well under a millisecond here; the desks' and
statuses' checkboxes a few more, and each input a little. The markup is the one Django's
templates make; a widget or option with a template of its own is rendered by its template.
"""

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.choices import BaseChoiceIterator
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe

# Django's widgets whose template is django/forms/widgets/input.html alone.
INPUT_TEMPLATES = {
    f"django/forms/widgets/{kind}.html"
    for kind in (
        *("checkbox", "color", "date", "datetime", "email", "file", "hidden", "number"),
        *("password", "search", "tel", "text", "time", "url"),
    )
}
SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"
MULTIPLE_INPUT_TEMPLATES = {
    "django/forms/widgets/checkbox_select.html",
    "django/forms/widgets/radio.html",
}
INPUT_OPTION_TEMPLATES = {
    "django/forms/widgets/checkbox_option.html",
    "django/forms/widgets/radio_option.html",
}


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


def render_input(widget):
    """django/forms/widgets/input.html."""
    value = (
        "" if widget["value"] is None else f' value="{conditional_escape(str(widget["value"]))}"'
    )
    attributes = flat_attributes(widget["attrs"])
    return mark_safe(  # nosec B308 B703 - every value is escaped
        f'<input type="{conditional_escape(widget["type"])}" '
        f'name="{conditional_escape(widget["name"])}"{value}{attributes}>'
    )


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


class EscapedChoices(BaseChoiceIterator):
    """Choices kept across requests (reference data), with each <option> escaped once. As
    an iterator, Django takes them as they are: a list it checks pair by pair, for the field
    and again for its widget, 800 pairs each list page."""

    def __init__(self, pairs):
        self.pairs = pairs
        # (value, the option's start, its end): "selected" goes between them.
        self.options = [
            (value, f'\n  <option value="{escape(value)}"', f">{escape(label)}</option>")
            for value, label in pairs
        ]

    def __iter__(self):
        return iter(self.pairs)

    def __len__(self):
        return len(self.pairs)


class EscapedChoicesSelect:
    """A select box that writes EscapedChoices as they are, marking the chosen ones as
    Django's optgroups() does, without a dictionary per option; other choices, and a
    select box with templates of its own, are rendered by Django."""

    def render(self, name, value, attrs=None, renderer=None):
        own_templates = (self.template_name, self.option_template_name) != (
            SELECT_TEMPLATE,
            OPTION_TEMPLATE,
        )
        if own_templates or not isinstance(self.choices, EscapedChoices):
            return super().render(name, value, attrs, renderer)
        # ChoiceWidget's context without its optgroups, and Select's "multiple".
        widget = forms.Widget.get_context(self, name, value, attrs)["widget"]
        if self.allow_multiple_selected:
            widget["attrs"]["multiple"] = True
        chosen, has_selected = set(widget["value"]), False
        lines = [f'<select name="{conditional_escape(name)}"{flat_attributes(widget["attrs"])}>']
        for value, start, end in self.choices.options:
            selected = (not has_selected or self.allow_multiple_selected) and value in chosen
            has_selected |= selected
            lines.append(f"{start} selected{end}" if selected else f"{start}{end}")
        lines.append("\n</select>")
        return mark_safe("".join(lines))  # nosec B308 B703 - escaped in EscapedChoices


class Select(EscapedChoicesSelect, forms.Select):
    pass


class SelectMultiple(EscapedChoicesSelect, forms.SelectMultiple):
    pass


def render_input_option(option):
    """django/forms/widgets/input_option.html: the input, in its label if it has one."""
    value = "" if option["value"] is None else f' value="{conditional_escape(option["value"])}"'
    attributes = flat_attributes(option["attrs"])
    field = (
        f'<input type="{conditional_escape(option["type"])}" '
        f'name="{conditional_escape(option["name"])}"{value}{attributes}>'
    )
    if not option["wrap_label"]:
        return field
    id_ = option["attrs"].get("id")
    target = f' for="{conditional_escape(id_)}"' if id_ else ""
    return f"<label{target}>{field} {conditional_escape(option['label'])}</label>"


def render_multiple_input(widget):
    """django/forms/widgets/multiple_input.html: checkboxes or radio buttons in <div>s."""
    id_, class_ = widget["attrs"].get("id"), widget["attrs"].get("class")
    lines = [
        "<div",
        f' id="{conditional_escape(id_)}"' if id_ else "",
        f' class="{conditional_escape(class_)}"' if class_ else "",
        ">",
    ]
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            lines.append(f"\n  <div><label>{conditional_escape(group_name)}</label>")
        for option in options:
            lines.append(f"<div>\n    {render_input_option(option)}</div>")
        if group_name:
            lines.append("\n  </div>")
    lines.append("\n</div>")
    return mark_safe("".join(lines))  # nosec B308 B703 - every value above is escaped


def options_of(widget):
    return (option for _name, options, _index in widget["optgroups"] for option in options)


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget")
        if not widget:
            return super().render(template_name, context, request)
        if template_name in INPUT_TEMPLATES:
            return render_input(widget)
        if template_name == SELECT_TEMPLATE and all(
            option["template_name"] == OPTION_TEMPLATE for option in options_of(widget)
        ):
            return render_select(widget)
        if template_name in MULTIPLE_INPUT_TEMPLATES and all(
            option["template_name"] in INPUT_OPTION_TEMPLATES for option in options_of(widget)
        ):
            return render_multiple_input(widget)
        return super().render(template_name, context, request)
