"""Laptop settings: debug on, SQLite and in-process tasks unless the environment says otherwise."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)

# No collectstatic on a laptop: static files are served from the apps (whitenoise finders).
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
