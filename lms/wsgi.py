"""WSGI entry point, for serving plain HTTP from a WSGI server (see README, Performance)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings")

application = get_wsgi_application()
