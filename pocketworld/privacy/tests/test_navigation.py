"""The privacy pages are reached from the menu, the erasures only by those who may see them."""

from django.urls import reverse

from pocketworld.core.testing import pages_of


def page(user, url):
    return pages_of(user).get(url).content.decode()


def test_the_menu_leads_staff_to_the_personal_data_pages(japan_officer, partner_viewer):
    review = reverse("privacy:retention_review")
    assert f'href="{review}"' in page(japan_officer, reverse("home"))
    assert f'href="{review}"' not in page(partner_viewer, reverse("companies:company_list"))


def test_only_directors_are_led_to_the_erased_people(director, japan_officer):
    erasures = reverse("privacy:erasure_list")
    review = reverse("privacy:retention_review")
    assert f'href="{erasures}"' in page(director, review)
    assert f'href="{erasures}"' not in page(japan_officer, review)
