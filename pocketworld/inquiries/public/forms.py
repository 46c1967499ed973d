"""The public inquiry form, in the inquirer's language."""

import functools
import gettext

import pycountry
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from pocketworld.core.models import Country
from pocketworld.core.validators import validate_no_control_characters
from pocketworld.inquiries import defences
from pocketworld.inquiries.models import Inquiry
from pocketworld.inquiries.public.choices import CompanySize, Plan, Sector, Timing
from pocketworld.inquiries.services import File, Submission

# The locale of pycountry's ISO 3166 translations for each language of the form.
ISO_LOCALES = {"zh-hans": "zh_CN"}


@functools.cache
def _iso_translation(language):
    return gettext.translation(
        "iso3166-1",
        pycountry.LOCALES_DIR,
        languages=[ISO_LOCALES.get(language, language)],
        fallback=True,
    )


def country_choices(language):
    """Every country of the countries table, named in `language` (ISO 3166's translation;
    German from the table itself) and sorted by that name."""
    translation = _iso_translation(language)
    choices = []
    for code, english, german in Country.objects.values_list("code", "name_en", "name_de"):
        if language == "de":
            name = german or english
        else:
            iso = pycountry.countries.get(alpha_2=code)
            name = translation.gettext(iso.name) if iso else english
        choices.append((code, name))
    return sorted(choices, key=lambda choice: choice[1].casefold())


def read_attachment(upload):
    """The uploaded file as `File`, its type told by its content; a ValidationError when
    it is too large or no PDF, PNG or JPEG."""
    if upload.size > settings.INQUIRY_MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            _("The file is larger than %(size)s."),
            params={"size": filesizeformat(settings.INQUIRY_MAX_ATTACHMENT_BYTES)},
            code="too_large",
        )
    data = upload.read(settings.INQUIRY_MAX_ATTACHMENT_BYTES + 1)
    content_type = defences.file_type(data[:16])
    if content_type is None:
        raise ValidationError(_("Please attach a PDF, PNG or JPEG file."), code="file_type")
    return File(name=upload.name or "attachment", content_type=content_type, data=data)


class PublicInquiryForm(forms.Form):
    company_name = forms.CharField(
        label=_("Company"), max_length=200, validators=[validate_no_control_characters]
    )
    country = forms.ChoiceField(label=_("Country of your company"))
    contact_name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        validators=[validate_no_control_characters],
        help_text=_("As you write it, in any script."),
    )
    email = forms.EmailField(label=_("E-mail"))
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    plan = forms.ChoiceField(label=_("What do you plan?"), choices=[], required=False)
    sector = forms.ChoiceField(label=_("Sector"), choices=[], required=False)
    size = forms.ChoiceField(label=_("Size of your company"), choices=[], required=False)
    timing = forms.ChoiceField(label=_("When?"), choices=[], required=False)
    message = forms.CharField(
        label=_("Your message"),
        max_length=Inquiry._meta.get_field("message").max_length,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    attachment = forms.FileField(
        label=_("Attachment (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )
    consent = forms.BooleanField(
        label=_("I agree that my data are processed as the privacy notice above says."),
        error_messages={"required": _("We can only answer if you agree.")},
    )
    # Hidden from people (CSS and aria), filled by robots.
    website = forms.CharField(label=_("Leave this field empty"), required=False)
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, language, **kwargs):
        super().__init__(*args, **kwargs)
        self.language = language
        blank = [("", "—")]
        self.fields["country"].choices = blank + country_choices(language)
        self.fields["plan"].choices = blank + Plan.choices
        self.fields["sector"].choices = blank + Sector.choices
        self.fields["size"].choices = blank + CompanySize.choices
        self.fields["timing"].choices = blank + Timing.choices
        # Made here, not at import: in the page's language, with the size as configured.
        self.fields["attachment"].help_text = _("A PDF, PNG or JPEG file of at most %(size)s.") % {
            "size": filesizeformat(settings.INQUIRY_MAX_ATTACHMENT_BYTES)
        }
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        if not self.is_bound:
            self.initial["token"] = defences.new_form_token()

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        return read_attachment(upload) if upload else None

    def submission(self):
        data = self.cleaned_data
        return Submission(
            company_name=data["company_name"],
            country=Country.objects.get(pk=data["country"]),
            contact_name=data["contact_name"],
            email=data["email"],
            language=self.language,
            message=data["message"],
            phone=data["phone"],
            plan=data["plan"],
            sector=data["sector"],
            size=data["size"],
            timing=data["timing"],
        )
