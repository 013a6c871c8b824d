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
    "gongkai.site.sysadmin_app.SysAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "gongkai.accounts",
    "gongkai.audit",
    "gongkai.agencies",
    "gongkai.publishing",
    "gongkai.holidays",
    "gongkai.notify",
    "gongkai.applications",
    "gongkai.appeals",
    "gongkai.reports",
    "gongkai.scoring",
    "gongkai.documents",
    "gongkai.backoffice",
    "gongkai.jobs",
    "gongkai.portal",
    "gongkai.api",
    "gongkai.sitecheck",
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
# An export of more rows than this runs as a job (its page then offers the file); the
# files jobs make are kept this many days (`gongkai manage clean_job_files`, from cron).
EXPORT_INLINE_ROWS = int(os.environ.get("GONGKAI_EXPORT_INLINE_ROWS", "2000"))
JOB_FILE_DAYS = float(os.environ.get("GONGKAI_JOB_FILE_DAYS", "7"))
# A bulk check of annual reports (年报批量检查): at most this many files in one batch
# (a zip's members included) and this many MB once unpacked.
REPORT_CHECK_MAX_FILES = int(os.environ.get("GONGKAI_REPORT_CHECK_MAX_FILES", "2000"))
REPORT_CHECK_MAX_UNPACKED_MB = int(os.environ.get("GONGKAI_REPORT_CHECK_MAX_UNPACKED_MB", "1024"))

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "gongkai.site.middleware.EdgeMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compressed answers, with ETags (made weak by compression) and 304s for unchanged pages.
    "gongkai.portal.web.TextGZipMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "gongkai.api.throttle.RateLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "gongkai.portal.web.PublicCacheMiddleware",
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
                "gongkai.portal.context.site",
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
# failures from one address (any accounts) within the same window before it is refused
LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("GONGKAI_LOGIN_ADDRESS_FAILURE_LIMIT", "20"))

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
# Policy documents (see docs/documents.md): validity periods, the warning before expiry,
# the time to answer a public concern (回应关切, 国办发〔2016〕61号), the register's import.
DOCUMENT_VALID_YEARS = int(os.environ.get("GONGKAI_DOCUMENT_VALID_YEARS", "5"))
DOCUMENT_PROVISIONAL_VALID_YEARS = int(os.environ.get("GONGKAI_DOCUMENT_PROVISIONAL_YEARS", "2"))
DOCUMENT_EXPIRY_WARNING_MONTHS = int(os.environ.get("GONGKAI_DOCUMENT_WARNING_MONTHS", "6"))
CONCERN_RESPONSE_HOURS = int(os.environ.get("GONGKAI_CONCERN_RESPONSE_HOURS", "48"))
REGISTER_IMPORT_MAX_BYTES = 5 * 1024 * 1024
REGISTER_IMPORT_MAX_ROWS = 5000
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
# The information delivered with an answer (第四十条), and the tracking page's download
# links, which expire.
DELIVERY_EXTENSIONS = env_list(
    "GONGKAI_DELIVERY_EXTENSIONS", "pdf,ofd,doc,docx,xls,xlsx,wps,et,txt,jpg,jpeg,png,zip"
)
DELIVERY_MAX_BYTES = int(os.environ.get("GONGKAI_DELIVERY_MAX_MB", "50")) * 1024 * 1024
# New online applications from one address within the hour before the form asks a question.
APPLY_CHALLENGE_AFTER = int(os.environ.get("GONGKAI_APPLY_CHALLENGE_AFTER", "3"))
DOWNLOAD_LINK_MINUTES = int(os.environ.get("GONGKAI_DOWNLOAD_LINK_MINUTES", "30"))
APPLICATION_ATTACHMENT_MAX_BYTES = (
    int(os.environ.get("GONGKAI_APPLICATION_ATTACHMENT_MAX_MB", "10")) * 1024 * 1024
)
# Online applications (anonymous): per client address and per identity number within an
# hour, the attachment bytes per address within an hour, and each agency's storage quota
# for applicants' files (its officers are alerted from APPLICATION_STORAGE_ALERT_PERCENT).
APPLICATION_SUBMISSIONS_PER_ADDRESS = int(
    os.environ.get("GONGKAI_APPLICATION_SUBMISSIONS_PER_ADDRESS", "10")
)
APPLICATION_SUBMISSIONS_PER_ID = int(os.environ.get("GONGKAI_APPLICATION_SUBMISSIONS_PER_ID", "5"))
APPLICATION_UPLOAD_BYTES_PER_ADDRESS = (
    int(os.environ.get("GONGKAI_APPLICATION_UPLOAD_MB_PER_ADDRESS", "60")) * 1024 * 1024
)
APPLICATION_STORAGE_QUOTA_BYTES = (
    int(os.environ.get("GONGKAI_APPLICATION_STORAGE_QUOTA_MB", "5120")) * 1024 * 1024
)
APPLICATION_STORAGE_ALERT_PERCENT = int(
    os.environ.get("GONGKAI_APPLICATION_STORAGE_ALERT_PERCENT", "80")
)
APPLICATION_CHALLENGE = env_flag("GONGKAI_APPLICATION_CHALLENGE", True)
STATUS_LOOKUP_LIMIT = int(os.environ.get("GONGKAI_STATUS_LOOKUP_LIMIT", "10"))  # failures per IP
STATUS_LOOKUP_CODE_LIMIT = int(os.environ.get("GONGKAI_STATUS_LOOKUP_CODE_LIMIT", "5"))
STATUS_LOOKUP_WINDOW_MINUTES = int(os.environ.get("GONGKAI_STATUS_LOOKUP_WINDOW_MINUTES", "30"))
# The open data API (/api/v1/): requests per address within a window, then 429.
API_RATE_LIMIT = int(os.environ.get("GONGKAI_API_RATE_LIMIT", "120"))
API_RATE_WINDOW_SECONDS = int(os.environ.get("GONGKAI_API_RATE_WINDOW_SECONDS", "60"))
FORWARDED_ALLOW_IPS = os.environ.get("GONGKAI_FORWARDED_ALLOW_IPS", "127.0.0.1")
# The indicator set (考核指标) in use: GONGKAI_SCORING_SET names a folder of
# <year>.toml files under GONGKAI_SCORING_DIR (default: the sets shipped in
# gongkai/scoring/sets), so a place edits its indicators without code.
SCORING_DIR = os.environ.get("GONGKAI_SCORING_DIR", "")
SCORING_SET = os.environ.get("GONGKAI_SCORING_SET", "example")
# Notifications (gongkai.notify): minutes to wait before each retry (the number of
# tries is one more), the SMS backend, the domain of the mails' Message-ID.
NOTIFY_RETRY_MINUTES = [
    int(m) for m in os.environ.get("GONGKAI_NOTIFY_RETRY_MINUTES", "1,5,30,120,480").split(",")
]
NOTIFY_SMS_BACKEND = os.environ.get("GONGKAI_SMS_BACKEND", "gongkai.notify.sms.LogBackend")
NOTIFY_MESSAGE_ID_DOMAIN = os.environ.get("GONGKAI_MESSAGE_ID_DOMAIN", "gongkai.local")
SITE_URL = os.environ.get("GONGKAI_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# The portal's identification footer (国办发〔2017〕47号, 国办公开办函〔2019〕61号): each
# part is shown only when set. The 党政机关网站 mark links to the site's registration page.
SITE_NAME = os.environ.get("GONGKAI_SITE_NAME", "政府信息公开平台")
SITE_SPONSOR = os.environ.get("GONGKAI_SITE_SPONSOR", "")  # 主办单位
SITE_CONTACT = os.environ.get("GONGKAI_SITE_CONTACT", "")  # 联系方式
SITE_ID_CODE = os.environ.get("GONGKAI_SITE_ID_CODE", "")  # 政府网站标识码
SITE_ICP = os.environ.get("GONGKAI_SITE_ICP", "")  # ICP备案号
SITE_PSB = os.environ.get("GONGKAI_SITE_PSB", "")  # 公安机关备案号, e.g. 豫公网安备41030302000123号
SITE_CONAC_URL = os.environ.get("GONGKAI_SITE_CONAC_URL", "")  # 党政机关网站标识
SITE_ERROR_REPORT_URL = os.environ.get(
    "GONGKAI_SITE_ERROR_REPORT_URL", "https://zfwzgl.www.gov.cn/exposure/jiucuo.html"
)
# The indicator set of `gongkai manage sitecheck` (default: the package's indicators.toml).
SITECHECK_INDICATORS = os.environ.get("GONGKAI_SITECHECK_INDICATORS", "")
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
    "filters": {"forbidden_one_line": {"()": "gongkai.site.errors.OneLineForbidden"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"filters": ["forbidden_one_line"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("GONGKAI_LOG_LEVEL", "WARNING")},
}
