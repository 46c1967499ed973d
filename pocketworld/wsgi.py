"""WSGI entry point for application servers (gunicorn in `make run` and production)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pocketworld.settings")
application = get_wsgi_application()

# Each app server loads the romanization dictionaries before its first request; what is
# loaded now lives as long as the process, so the garbage collector need not walk it on
# every full collection (that walk took about 100 ms).
from pocketworld.search.romanization import warm_up  # noqa: E402

warm_up()
gc.freeze()
