"""Settings for bench/scale.py: the test settings (tasks in-process, fast password
hashing, local e-mail) with DEBUG off, as production serves pages, and the public page
cache off, so every page is built as a first visitor's would be."""

from config.settings.test import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
READERS_CACHE_SECONDS = 0
LOGGING = {"version": 1, "disable_existing_loggers": True, "root": {"level": "ERROR"}}
