"""Settings for the test suite.

SQLite by default; when DATABASE_URL points at PostgreSQL the same suite runs there.
Tasks run in-process unless an integration test starts a real worker.
"""

from .base import *  # noqa: F403
from .base import env

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True

# No collectstatic in tests: static files are found in the apps.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True

# Every request reads the page-cache generation: tests clear the cache between them, and a
# generation remembered from an earlier test must never be used (tests/readers/
# test_page_cache.py turns the window on where it is tested).
READERS_GENERATION_CHECK_SECONDS = 0

# The test database's name on PostgreSQL (default: "test_" and the database's name), for
# machines where several checkouts share one server.
DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME", default=None)}
