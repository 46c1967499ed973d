"""WSGI entry point for application servers (gunicorn in `make run` and production)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pocketworld.settings")
application = get_wsgi_application()
