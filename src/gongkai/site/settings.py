"""Django settings, read from the environment.

Defaults are safe for production (DEBUG off, secure cookies, HTTPS redirect, HSTS), so
`gongkai manage check --deploy` is clean. Plain-HTTP local use (`make run`) must opt in
with GONGKAI_INSECURE_HTTP=1, which `gongkai serve --dev-http` sets.

Everything the application stores lives under GONGKAI_DATA_DIR (default ./var): the
SQLite database, uploaded files and, when GONGKAI_SECRET_KEY is not given, a generated
secret key file.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


DATA_DIR = Path(os.environ.get("GONGKAI_DATA_DIR", "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    given = os.environ.get("GONGKAI_SECRET_KEY", "")
    if given:
        return given
    path = DATA_DIR / "secret_key"
    if not path.exists():
        # O_EXCL: when several processes start at once, one writes and the others read.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_flag("GONGKAI_DEBUG")
INSECURE_HTTP = env_flag("GONGKAI_INSECURE_HTTP")
ALLOWED_HOSTS = env_list("GONGKAI_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("GONGKAI_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "gongkai.accounts",
    "gongkai.audit",
    "gongkai.agencies",
    "gongkai.publishing",
    "gongkai.holidays",
    "gongkai.applications",
    "gongkai.appeals",
    "gongkai.reports",
    "gongkai.backoffice",
    "gongkai.jobs",
    "gongkai.portal",
    "django_tasks",
    "django_tasks_db",
]

# Background work (OCR, screening, redaction, big exports, bulk checks): Django's tasks
# API with the database backend, so SQLite and PostgreSQL both work and workers on
# several machines share one queue. `gongkai worker` runs them (see gongkai.jobs).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A running job renews its lease with every progress report; a job whose worker died
# goes back to the queue once its lease has run out.
JOB_LEASE_SECONDS = int(os.environ.get("GONGKAI_JOB_LEASE_SECONDS", "120"))

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "gongkai.site.middleware.EdgeMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "gongkai.site.urls"
WSGI_APPLICATION = "gongkai.site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gongkai.backoffice.nav.context",
            ],
        },
    }
]

if os.environ.get("DB", "sqlite") == "postgres":
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "HOST": os.environ.get("PGHOST", "127.0.0.1"),
            "PORT": os.environ.get("PGPORT", "5432"),
            "USER": os.environ.get("PGUSER", "postgres"),
            "PASSWORD": os.environ.get("PGPASSWORD", ""),
            "NAME": os.environ.get("PGDATABASE", "gongkai"),
            "CONN_MAX_AGE": int(os.environ.get("GONGKAI_CONN_MAX_AGE", "60")),
            "CONN_HEALTH_CHECKS": True,
        }
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "gongkai.sqlite3",
            "OPTIONS": {
                # WAL lets readers run beside the one writer of several app processes;
                # IMMEDIATE makes a writing transaction take its lock at BEGIN, so two
                # processes queue instead of failing with "database is locked".
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "backoffice:dashboard"
LOGOUT_REDIRECT_URL = "portal:home"
# Lockout after repeated failed logins (counted in the database, shared by all processes).
LOGIN_FAILURE_LIMIT = int(os.environ.get("GONGKAI_LOGIN_FAILURE_LIMIT", "5"))
LOGIN_LOCKOUT_MINUTES = int(os.environ.get("GONGKAI_LOGIN_LOCKOUT_MINUTES", "15"))

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = os.environ.get("GONGKAI_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Only for `collectstatic` (optional): WhiteNoise serves the apps' files directly.
STATIC_ROOT = os.environ.get("GONGKAI_STATIC_ROOT") or None
# WhiteNoise serves the files straight from the apps: no collectstatic step, no CDN.
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"  # never served directly: attachments go through a view
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Attachments: the types the portal accepts, and the largest file.
ATTACHMENT_EXTENSIONS = env_list(
    "GONGKAI_ATTACHMENT_EXTENSIONS", "pdf,doc,docx,xls,xlsx,ofd,wps,et,txt,jpg,jpeg,png,zip"
)
ATTACHMENT_MAX_BYTES = int(os.environ.get("GONGKAI_ATTACHMENT_MAX_MB", "20")) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The largest request body the application takes (413 above it, before anything is
# read): above the largest upload (a report to import, 64 MB). The proxy's
# client_max_body_size should say the same (docs/operations.md).
REQUEST_MAX_BYTES = int(os.environ.get("GONGKAI_REQUEST_MAX_MB", "70")) * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640
# Working days and applications (依申请公开): see docs/applications.md.
WORKDAYS_COUNT_FIRST_DAY = env_flag("GONGKAI_COUNT_FIRST_DAY")  # receipt day is not day 1
APPLICATION_CORRECTION_DAYS = int(os.environ.get("GONGKAI_CORRECTION_DAYS", "15"))
APPLICATION_FEE_PAYMENT_DAYS = int(os.environ.get("GONGKAI_FEE_PAYMENT_DAYS", "20"))
APPLICATION_FEE_PAUSES_CLOCK = env_flag("GONGKAI_FEE_PAUSES_CLOCK", True)
APPLICATION_ATTACHMENT_EXTENSIONS = env_list(
    "GONGKAI_APPLICATION_ATTACHMENT_EXTENSIONS", "pdf,jpg,jpeg,png,doc,docx,ofd"
)
APPLICATION_ATTACHMENT_MAX_BYTES = (
    int(os.environ.get("GONGKAI_APPLICATION_ATTACHMENT_MAX_MB", "10")) * 1024 * 1024
)
STATUS_LOOKUP_LIMIT = int(os.environ.get("GONGKAI_STATUS_LOOKUP_LIMIT", "10"))  # failures per IP
STATUS_LOOKUP_CODE_LIMIT = int(os.environ.get("GONGKAI_STATUS_LOOKUP_CODE_LIMIT", "5"))
STATUS_LOOKUP_WINDOW_MINUTES = int(os.environ.get("GONGKAI_STATUS_LOOKUP_WINDOW_MINUTES", "30"))
FORWARDED_ALLOW_IPS = os.environ.get("GONGKAI_FORWARDED_ALLOW_IPS", "127.0.0.1")
SITE_URL = os.environ.get("GONGKAI_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
DEFAULT_FROM_EMAIL = os.environ.get("GONGKAI_FROM_EMAIL", "gongkai@localhost")
EMAIL_HOST = os.environ.get("GONGKAI_EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("GONGKAI_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("GONGKAI_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("GONGKAI_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_flag("GONGKAI_EMAIL_TLS")
EMAIL_BACKEND = (
    "django.core.mail.backends." + ("smtp" if EMAIL_HOST else "console") + ".EmailBackend"
)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Security: production defaults; plain HTTP only when asked for explicitly.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if INSECURE_HTTP:
    SESSION_COOKIE_SECURE = False
    CSRF_COOKIE_SECURE = False
    SECURE_SSL_REDIRECT = False
    SECURE_HSTS_SECONDS = 0
else:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_flag("GONGKAI_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("GONGKAI_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("GONGKAI_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_flag("GONGKAI_HSTS_PRELOAD", False)
# Asking browsers to preload HSTS for the whole domain is the domain owner's decision, made
# once (GONGKAI_HSTS_PRELOAD=1), not a default: the check that suggests it is silenced.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
# The reverse proxy terminates TLS and must set (overwrite) X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Load balancers probe over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("GONGKAI_LOG_LEVEL", "WARNING")},
}
