"""Update the catalogues of the public inquiry pages in the languages the staff pages do
not speak (Japanese, Chinese, Korean, Hindi, Turkish).

They hold the strings of the public pages alone: makemessages runs over a copy of those
sources (`PUBLIC_SOURCES`), so the catalogues never fill with the staff pages' strings.
German takes these strings with the rest, in `make messages`.
"""

import contextlib
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

PUBLIC_LOCALES = ["ja", "zh_Hans", "ko", "hi", "tr"]
# Everything the public pages and the inquirer's e-mails say, relative to BASE_DIR.
PUBLIC_SOURCES = ["pocketworld/inquiries/public", "templates/inquiries/public"]


def copy_public_sources(target):
    for source in PUBLIC_SOURCES:
        shutil.copytree(
            Path(settings.BASE_DIR) / source,
            Path(target) / source,
            ignore=shutil.ignore_patterns("__pycache__"),
        )


class Command(BaseCommand):
    help = "Update the public inquiry pages' catalogues (ja, zh_Hans, ko, hi, tr)."

    def handle(self, *args, **options):
        with tempfile.TemporaryDirectory() as directory:
            copy_public_sources(directory)
            with contextlib.chdir(directory):
                call_command("makemessages", locale=PUBLIC_LOCALES, no_location=True, verbosity=0)
        self.stdout.write(f"Updated {', '.join(PUBLIC_LOCALES)} in {settings.LOCALE_PATHS[0]}.")
