"""Settings for the soak's processes (bench/soak.py): production's shape over plain HTTP.

The project's base settings as production runs them (DEBUG off, database connections kept
and health-checked), on 127.0.0.1 without production's secrets, JSON logs, and a broker
visibility timeout short enough that a task held by a killed worker is handed to another
within the soak (production keeps Redis's default of an hour).
"""

from config.settings.base import *  # noqa: F403
from config.settings.base import CELERY_BROKER_TRANSPORT_OPTIONS, DATABASES, env

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    **CELERY_BROKER_TRANSPORT_OPTIONS,
    "visibility_timeout": env.int("SOAK_VISIBILITY_TIMEOUT", default=20),
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Every email as a file, one directory per soak, so that the soak can count deliveries.
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = env("SOAK_MAIL_DIR", default="/tmp/medreview-soak-mail")  # noqa: S108
