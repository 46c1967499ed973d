"""What the lists write in Python rather than through templates writes what the templates
did: select boxes (core.renderers), table rows (the `table_rows` tag), date cells
(core.tables); and the lists' filters across to-many relations, and their reference choices
read once a process, give what they gave."""

import datetime
import re
from unittest import mock

import django_tables2 as tables
import pytest
from django import forms
from django.db import connection
from django.db.models import DateField, DateTimeField
from django.forms.renderers import DjangoTemplates
from django.test import RequestFactory
from django.test.html import parse_html
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django_tables2.columns import library

from pocketworld.companies.filtersets import CompanyFilterSet
from pocketworld.companies.models import Company
from pocketworld.companies.tables import CompanyTable
from pocketworld.core import filtersets
from pocketworld.core.models import Country, FocusArea, Municipality
from pocketworld.core.renderers import EscapedChoices, FormRenderer, Select, SelectMultiple
from pocketworld.core.tables import DateColumn, DateTimeColumn
from pocketworld.core.templatetags.listing import ATTRIBUTE, DISPLAY, LABEL, CellRenderer
from pocketworld.core.testing import pages_of
from pocketworld.core.tests.factories import CompanyFactory, SiteFactory

pytestmark = pytest.mark.django_db

NASTY = '<b>"Fish" & Chips</b>'


def both(widget, name, value, attrs=None):
    """The widget's HTML by our renderer (which must not fall back to the templates) and by
    Django's templates, parsed."""
    with mock.patch.object(DjangoTemplates, "render", side_effect=AssertionError("templates")):
        ours = widget.render(name, value, attrs=attrs, renderer=FormRenderer())
    django = widget.render(name, value, attrs=attrs, renderer=DjangoTemplates())
    return parse_html(ours), parse_html(django), ours


class TestSelectMarkup:
    @pytest.mark.parametrize(
        "widget, value",
        [
            (forms.Select(choices=[("", "---------"), ("jp", "Japan"), ("in", "India")]), "in"),
            (forms.Select(choices=[("a", "A")]), None),
            (forms.Select(choices=[(1, "one"), (2, "two")], attrs={"required": True}), 2),
            (
                forms.SelectMultiple(choices=[("jp", "Japan"), ("in", "India"), ("kr", "Korea")]),
                ["jp", "kr"],
            ),
            (
                forms.Select(
                    choices=[
                        ("", "any"),
                        ("Asia", [("jp", "Japan"), ("in", "India")]),
                        ("Europe", [("de", "Germany")]),
                        ("xx", "elsewhere"),
                    ]
                ),
                "de",
            ),
            (
                forms.SelectMultiple(
                    choices=[("Asia", [("jp", "Japan"), ("in", "India")]), ("de", "Germany")]
                ),
                ["in", "de"],
            ),
            (forms.NullBooleanSelect(), True),
            (forms.NullBooleanSelect(), None),
            (
                forms.Select(choices=[(NASTY, NASTY), ('a"b', "x&y"), ("<", "<")]),
                NASTY,
            ),
            (forms.Select(choices=[(NASTY, [("1", NASTY)])]), "1"),
        ],
    )
    def test_parses_equal_to_django_s_templates(self, widget, value):
        ours, django, _html = both(widget, "field", value, attrs={"id": "id_field"})
        assert ours == django

    @pytest.mark.parametrize(
        "widget, value",
        [
            (forms.CheckboxSelectMultiple(choices=[("jp", "Japan"), ("in", "India")]), ["in"]),
            (forms.CheckboxSelectMultiple(choices=[(1, "one"), (2, "two")]), []),
            (
                forms.CheckboxSelectMultiple(
                    choices=[("Asia", [("jp", "Japan"), ("in", "India")]), ("de", "Germany")],
                    attrs={"class": "filters"},
                ),
                ["in", "de"],
            ),
            (forms.RadioSelect(choices=[("", "any"), ("open", "open"), ("done", "done")]), ""),
            (forms.RadioSelect(choices=[(NASTY, NASTY), ('a"b', "x&y")]), NASTY),
        ],
    )
    @pytest.mark.parametrize("id_", ["id_field", None])
    def test_checkboxes_and_radio_buttons_parse_equal_to_django_s_templates(
        self, widget, value, id_
    ):
        ours, django, html = both(widget, "field", value, attrs={"id": id_} if id_ else {})
        assert ours == django
        assert "<b>" not in html

    @pytest.mark.parametrize(
        "widget, value",
        [
            (forms.TextInput(), "kobay"),
            (forms.TextInput(attrs={"maxlength": 250, "placeholder": NASTY}), NASTY),
            (forms.TextInput(), None),
            (forms.NumberInput(attrs={"min": -5, "step": 1}), 12),
            (forms.HiddenInput(), 0),
            (forms.DateInput(attrs={"type": "date"}), datetime.date(2026, 12, 7)),
            (forms.EmailInput(attrs={"required": True, "disabled": False}), "a@b.example"),
            (forms.CheckboxInput(), True),
            (forms.CheckboxInput(), False),
            (forms.PasswordInput(), "secret"),
        ],
    )
    def test_inputs_parse_equal_to_django_s_templates(self, widget, value):
        ours, django, html = both(widget, "field", value, attrs={"id": "id_field"})
        assert ours == django
        assert "<b>" not in html

    def test_escapes_what_it_writes(self):
        _ours, _django, html = both(
            forms.Select(choices=[(NASTY, NASTY)]), 'na"me', NASTY, attrs={"title": NASTY}
        )
        assert "<b>" not in html
        assert '"Fish"' not in html
        assert "&lt;b&gt;&quot;Fish&quot; &amp; Chips&lt;/b&gt;" in html
        assert 'name="na&quot;me"' in html
        assert html.count(" selected") == 1

    def test_the_selected_values_are_selected(self):
        _ours, _django, html = both(
            forms.SelectMultiple(choices=[("jp", "Japan"), ("in", "India"), ("kr", "Korea")]),
            "country",
            ["jp", "kr"],
        )
        selected = re.findall(r'<option value="(\w+)" selected>', html)
        assert selected == ["jp", "kr"]

    def test_the_settings_use_it(self, settings):
        assert settings.FORM_RENDERER == "pocketworld.core.renderers.FormRenderer"


ESCAPED_PAIRS = [("", "---------"), ("JP", "Japan"), ("CI", "Côte d'Ivoire"), (NASTY, NASTY)]


class TestEscapedChoicesSelect:
    """Reference choices' options, escaped once a process, write what Django's templates do."""

    @pytest.mark.parametrize(
        "widget_class, plain_class, value",
        [
            (Select, forms.Select, "CI"),
            (Select, forms.Select, None),
            (Select, forms.Select, NASTY),
            (SelectMultiple, forms.SelectMultiple, ["JP", NASTY]),
            (SelectMultiple, forms.SelectMultiple, []),
            (SelectMultiple, forms.SelectMultiple, None),
        ],
    )
    def test_parses_equal_to_django_s_templates(self, widget_class, plain_class, value):
        widget = widget_class(choices=EscapedChoices(ESCAPED_PAIRS), attrs={"title": NASTY})
        with mock.patch.object(DjangoTemplates, "render", side_effect=AssertionError("templates")):
            ours = widget.render("country", value, attrs={"id": "id_country"})
        plain = plain_class(choices=ESCAPED_PAIRS, attrs={"title": NASTY})
        django = plain.render(
            "country", value, attrs={"id": "id_country"}, renderer=DjangoTemplates()
        )
        assert parse_html(ours) == parse_html(django)
        assert "<b>" not in ours

    def test_a_single_select_marks_one_option_however_often_its_value_comes(self):
        widget = Select(choices=EscapedChoices([("a", "A"), ("a", "again"), ("b", "B")]))
        assert widget.render("letter", "a").count(" selected") == 1

    def test_a_select_box_with_a_template_of_its_own_renders_it(self):
        widget = Select(choices=EscapedChoices(ESCAPED_PAIRS))
        widget.option_template_name = "widgets/flag_option.html"
        with mock.patch.object(forms.Select, "render", return_value="by its templates"):
            assert widget.render("country", "JP") == "by its templates"

    def test_other_choices_are_rendered_by_django(self):
        widget = SelectMultiple(choices=[("jp", "Japan"), ("in", "India")])
        assert parse_html(widget.render("country", ["in"])) == parse_html(
            forms.SelectMultiple(choices=[("jp", "Japan"), ("in", "India")]).render(
                "country", ["in"]
            )
        )

    def test_the_list_filters_use_it_for_reference_data(self, director):
        response = pages_of(director).get(reverse("companies:company_list"), {"country": "JP"})
        field = response.context["filterset"].form.fields["country"]
        assert isinstance(field.choices, EscapedChoices)
        assert '<option value="JP" selected>Japan</option>' in response.content.decode()


class TestTableRows:
    def test_cell_text_is_escaped(self, director):
        CompanyFactory(legal_name="<b>x</b> & Co")
        content = pages_of(director).get(reverse("companies:company_list")).content.decode()
        assert "&lt;b&gt;x&lt;/b&gt; &amp; Co" in content
        assert "<b>x</b>" not in content

    def test_no_rows_shows_the_empty_text_across_the_columns(self, director):
        CompanyFactory(legal_name="Asahi Kasei Europe GmbH")
        response = pages_of(director).get(reverse("companies:company_list"), {"q": "Zyxwvut"})
        body = parse_html(response.content.decode())
        columns = len(response.context["table"].columns)
        expected = parse_html(
            f'<tr><td colspan="{columns}">{CompanyTable._meta.empty_text}</td></tr>'
        )
        assert body.count(expected) == 1

    def test_a_row_has_a_cell_for_each_column(self, director):
        CompanyFactory(legal_name="Asahi Kasei Europe GmbH")
        response = pages_of(director).get(reverse("companies:company_list"))
        content = response.content.decode()
        tbody = content.split("<tbody", 1)[1].split("</tbody>", 1)[0]
        assert tbody.count("<tr") == 1
        assert tbody.count("<td") == len(response.context["table"].columns)
        assert "Asahi Kasei Europe GmbH" in tbody

    def test_a_record_s_own_fields_are_read_without_django_tables2_s_lookup(self, director):
        CompanyFactory(legal_name="Asahi Kasei Europe GmbH")
        table = pages_of(director).get(reverse("companies:company_list")).context["table"]
        renderers = {column.name: CellRenderer(column) for column in table.columns}
        row = next(iter(table.paginated_rows))
        with mock.patch.object(type(row), "_get_and_render_with", side_effect=AssertionError):
            assert "Asahi Kasei Europe GmbH" in renderers["legal_name"].cell(row)
            assert renderers["status"].cell(row) == row.record.get_status_display()
        assert renderers["status"].reading(Company) == LABEL
        assert renderers["country"].reading(Company) == ATTRIBUTE

    def test_a_display_method_of_the_model_s_own_is_asked(self, director):
        CompanyFactory(legal_name="Asahi Kasei Europe GmbH")
        table = pages_of(director).get(reverse("companies:company_list")).context["table"]
        renderer = CellRenderer(table.columns["status"])
        row = next(iter(table.paginated_rows))
        with mock.patch.object(
            Company, "get_status_display", lambda company: "its own", create=True
        ):
            assert renderer.reading(Company) == DISPLAY
            assert renderer.cell(row) == "its own"


class Dated(tables.Table):
    day = DateColumn(short=True)
    moment = DateTimeColumn(short=True)
    long_day = DateColumn(accessor="day", short=False)


class TestDateCells:
    # 23:30 UTC on 31 May is 1 June in Berlin (the settings' time zone).
    MOMENT = datetime.datetime(2026, 5, 31, 23, 30, tzinfo=datetime.UTC)
    DAY = datetime.date(2026, 6, 1)

    def cells(self, **record):
        row = Dated([record]).rows[0]
        return {name: row.get_cell(name) for name in ("day", "moment", "long_day")}

    def test_in_the_current_time_zone_and_language(self, settings):
        settings.TIME_ZONE = "Europe/Berlin"
        with translation.override("en"), timezone.override("Europe/Berlin"):
            english = self.cells(day=self.DAY, moment=self.MOMENT)
        with translation.override("de"), timezone.override("Europe/Berlin"):
            german = self.cells(day=self.DAY, moment=self.MOMENT)
        with translation.override("de"), timezone.override("UTC"):
            utc = self.cells(day=self.DAY, moment=self.MOMENT)
        assert german["day"] == "01.06.2026"
        assert german["moment"] == "01.06.2026 01:30"
        assert german["long_day"] == "1. Juni 2026"
        assert utc["moment"] == "31.05.2026 23:30"
        assert "June" in english["long_day"] and "2026" in english["long_day"]
        assert english["day"] != german["day"]

    def test_nothing_is_a_dash(self):
        assert set(self.cells(day=None, moment=None).values()) == {"—"}

    def test_every_table_s_date_fields_get_them(self):
        assert type(library.column_for_field(DateTimeField(name="x"))) is DateTimeColumn
        assert type(library.column_for_field(DateField(name="x"))) is DateColumn


class TestAcrossToManyRelations:
    def test_a_company_with_three_sites_in_the_municipality_comes_once(self, director):
        duesseldorf = Municipality.objects.get(key="051110000")
        several = CompanyFactory(legal_name="Asahi Kasei Europe GmbH")
        for number in range(3):
            SiteFactory(company=several, municipality=duesseldorf, name=f"Hall {number}")
        elsewhere = CompanyFactory(legal_name="Komatsu Europe International N.V.")
        SiteFactory(
            company=elsewhere, municipality=Municipality.objects.exclude(pk=duesseldorf.pk).first()
        )
        client = pages_of(director)
        with CaptureQueriesContext(connection) as context:
            response = client.get(
                reverse("companies:company_list"), {"municipality": duesseldorf.pk}
            )
        assert response.context["filterset"].is_valid()
        shown = [row.record.pk for row in response.context["table"].page.object_list]
        assert shown == [several.pk]
        assert response.context["table"].paginator.count == 1
        sql = " ".join(entry["sql"] for entry in context.captured_queries).upper()
        assert "COMPANIES_SITE" in sql
        assert "DISTINCT" not in sql

    def test_sites_by_their_company_s_focus_area_read_the_link_table_alone(self, director):
        greentech = FocusArea.objects.get(slug="greentech")
        green = CompanyFactory(legal_name="Asahi Kasei Europe")
        green.focus_areas.add(greentech)
        shown_sites = {SiteFactory(company=green, name=f"Hall {n}").pk for n in range(2)}
        SiteFactory(company=CompanyFactory(legal_name="Komatsu Europe"), name="Elsewhere")
        with CaptureQueriesContext(connection) as context:
            response = pages_of(director).get(
                reverse("companies:site_list"), {"focus_area": "greentech"}
            )
        assert {row.record.pk for row in response.context["table"].page} == shown_sites
        page_sql = [
            entry["sql"]
            for entry in context.captured_queries
            if entry["sql"].startswith('SELECT "companies_site"."id"')
        ]
        assert any(
            '"companies_site"."company_id" IN (SELECT' in sql
            and '"companies_company_focus_areas"' in sql
            for sql in page_sql
        ), page_sql

    def test_a_large_set_is_probed_in_the_list_s_order_on_sqlite(self, director, monkeypatch):
        duesseldorf = Municipality.objects.get(key="051110000")
        names = ["Daikin Europe", "Asahi Kasei Europe", "Canon Europa", "Brother Europe"]
        for name in names:
            SiteFactory(company=CompanyFactory(legal_name=name), municipality=duesseldorf)
        SiteFactory(
            company=CompanyFactory(legal_name="Komatsu Europe"),
            municipality=Municipality.objects.exclude(pk=duesseldorf.pk).first(),
        )
        client = pages_of(director)
        shown = {}
        for smallest in (2, 1000):  # 4 companies: a large set, then a small one
            monkeypatch.setattr(filtersets, "SCANNED_SET", smallest)
            with CaptureQueriesContext(connection) as context:
                response = client.get(
                    reverse("companies:company_list"), {"municipality": duesseldorf.pk}
                )
            shown[smallest] = [row.record.legal_name for row in response.context["table"].page]
            assert response.context["table"].paginator.count == 4
            probed = [
                entry["sql"] for entry in context.captured_queries if "EXISTS" in entry["sql"]
            ]
            if connection.vendor == "sqlite" and smallest == 2:
                # Only the page's query, which is ordered; the count is not.
                assert len(probed) == 1 and "ORDER BY" in probed[0]
            else:
                assert not probed
        assert shown[2] == shown[1000] == sorted(names)

    def test_a_list_by_a_large_set_serves_as_another_query_s_subquery(self, director, monkeypatch):
        duesseldorf = Municipality.objects.get(key="051110000")
        names = ["Daikin Europe", "Asahi Kasei Europe", "Canon Europa"]
        for name in names:
            SiteFactory(company=CompanyFactory(legal_name=name), municipality=duesseldorf)
        SiteFactory(
            company=CompanyFactory(legal_name="Brother Europe"),
            municipality=Municipality.objects.exclude(pk=duesseldorf.pk).first(),
        )
        monkeypatch.setattr(filtersets, "SCANNED_SET", 1)
        request = RequestFactory().get("/", {"municipality": duesseldorf.pk})
        request.user = director
        listed = CompanyFilterSet(
            request.GET, queryset=Company.objects.order_by("legal_name"), request=request
        ).qs
        assert [company.legal_name for company in listed] == sorted(names)
        within = Company.objects.filter(pk__in=listed.values("pk")).order_by("legal_name")
        first_two = Company.objects.filter(pk__in=listed.values("pk")[:2]).order_by("legal_name")
        assert [company.legal_name for company in within] == sorted(names)
        assert [company.legal_name for company in first_two] == sorted(names)[:2]

    def test_a_large_set_of_companies_finds_their_sites_as_a_small_one(self, director, monkeypatch):
        robotics = FocusArea.objects.get(slug="robotics")
        sites = []
        for name in ["Fanuc Europe", "Yaskawa Europe", "Denso Europe"]:
            company = CompanyFactory(legal_name=name)
            company.focus_areas.add(robotics)
            sites.append(SiteFactory(company=company))
        SiteFactory(company=CompanyFactory(legal_name="Asahi Kasei Europe"))
        client = pages_of(director)
        shown = {}
        for smallest in (1, 1000):
            monkeypatch.setattr(filtersets, "SCANNED_SET", smallest)
            response = client.get(reverse("companies:site_list"), {"focus_area": "robotics"})
            shown[smallest] = [row.record.pk for row in response.context["table"].page]
            assert response.context["table"].paginator.count == 3
        assert (
            shown[1]
            == shown[1000]
            == [site.pk for site in sorted(sites, key=lambda site: site.company.legal_name)]
        )


class TestRecordChoices:
    def test_a_filter_s_records_are_read_in_one_query_without_a_cursor(
        self, director, japan_desk, india_desk
    ):
        with CaptureQueriesContext(connection) as context:
            response = pages_of(director).get(reverse("companies:company_list"))
        # Django's iterator() would open a server-side cursor on PostgreSQL.
        assert not [entry for entry in context.captured_queries if "DECLARE" in entry["sql"]]
        desks = response.context["filterset"].form.fields["desk"]
        shown = [(str(value), str(label)) for value, label in desks.choices]
        expected = [(str(desk.pk), str(desk)) for desk in desks.queryset]
        assert [choice for choice in shown if choice[0]] == expected and expected


class TestReferenceChoices:
    def choices(self, client, field, **headers):
        response = client.get(reverse("companies:company_list"), **headers)
        return dict(response.context["filterset"].form.fields[field].choices)

    def test_a_renamed_country_shows_at_once(self, director):
        client = pages_of(director)
        assert self.choices(client, "country")["JP"] == "Japan"
        japan = Country.objects.get(code="JP")
        japan.name_en = "Nippon"
        japan.save()
        assert self.choices(client, "country")["JP"] == "Nippon"

    def test_a_new_focus_area_shows_at_once(self, director):
        client = pages_of(director)
        before = self.choices(client, "focus_area")
        FocusArea.objects.create(slug="space", name_en="Space industry", name_de="Raumfahrt")
        after = self.choices(client, "focus_area")
        assert "space" not in before
        assert after["space"] == "Space industry"

    def test_a_country_s_name_follows_the_language(self, director):
        client = pages_of(director)
        english = self.choices(client, "country", HTTP_ACCEPT_LANGUAGE="en")
        german = self.choices(client, "country", HTTP_ACCEPT_LANGUAGE="de")
        assert english["DE"] == "Germany"
        assert german["DE"] == "Deutschland"
        english_again = self.choices(client, "country", HTTP_ACCEPT_LANGUAGE="en")
        assert english_again["DE"] == "Germany"
        page = client.get(reverse("companies:company_list"), HTTP_ACCEPT_LANGUAGE="de")
        assert '<option value="DE">Deutschland</option>' in page.content.decode()
