"""Django settings (minimal; the platform fills this in)."""

import os
from pathlib import Path

DATA_DIR = Path(os.environ.get("GONGKAI_DATA_DIR", "var")).resolve()
SECRET_KEY = os.environ.get("GONGKAI_SECRET_KEY", "insecure-development-key")
DEBUG = os.environ.get("GONGKAI_DEBUG", "0") == "1"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth"]
ROOT_URLCONF = "gongkai.site.urls"
DATABASES = {
    "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": DATA_DIR / "gongkai.sqlite3"}
}
USE_TZ = True
TIME_ZONE = "Asia/Shanghai"
LANGUAGE_CODE = "zh-hans"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
