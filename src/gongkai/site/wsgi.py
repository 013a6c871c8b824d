"""WSGI entry point for gunicorn: `gongkai.site.wsgi:application`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.site.settings")
application = get_wsgi_application()

# Load jieba's dictionary once in the gunicorn master (--preload), not in every worker's
# first search request.
import jieba  # noqa: E402

jieba.setLogLevel(60)
jieba.initialize()
