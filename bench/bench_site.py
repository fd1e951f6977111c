"""Settings for the public-page benchmark's gunicorn (see bench/public_pages.py).

The project's base settings served as production serves them (DEBUG off, database
connections kept between requests as ``config.settings.production`` keeps them), but over
plain HTTP on 127.0.0.1 and without demanding production's secrets.
"""

from config.settings.base import *  # noqa: F403
from config.settings.base import DATABASES, env

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.bench_urls"
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
LOGGING = {"version": 1, "disable_existing_loggers": True, "root": {"level": "ERROR"}}
