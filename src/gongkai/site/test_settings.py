"""Settings for the test suite: the real settings over plain HTTP, a throwaway data dir."""

import os
import tempfile

os.environ["GONGKAI_DATA_DIR"] = tempfile.mkdtemp(prefix="gongkai-test-")
os.environ["GONGKAI_INSECURE_HTTP"] = "1"
os.environ.setdefault("GONGKAI_SECRET_KEY", "test-only-secret-key-" + "x" * 40)

from gongkai.site.settings import *  # noqa: E402,F403

ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Jobs run at once, in the request that starts them; the worker's own tests use the
# database backend and a real worker process.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
