"""WSGI entry point for application servers (gunicorn in `make run` and production)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pocketworld.settings")
application = get_wsgi_application()

# Each app server loads the romanization dictionaries and the URL conf (which the first
# request would load) before it serves; what is loaded now lives as long as the process,
# so the garbage collector need not walk it on every full collection (that walk took
# about 100 ms, and 15 ms with the URL conf left to the first request).
from django.urls import get_resolver  # noqa: E402

from pocketworld.search.romanization import warm_up  # noqa: E402

warm_up()
get_resolver().reverse_dict  # noqa: B018 - imports the URL conf and builds its reverse lookup
gc.freeze()
