"""WSGI entry point for application servers (gunicorn in `make run` and production)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pocketworld.settings")
application = get_wsgi_application()

# Each app server loads the romanization dictionaries before its first request.
from pocketworld.search.romanization import warm_up  # noqa: E402

warm_up()
