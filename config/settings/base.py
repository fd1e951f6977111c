"""Settings shared by every environment.

Every value that differs between machines comes from the environment (read once, here,
with django-environ). Local defaults are safe and need nothing installed: a SQLite file in
the project and Celery tasks run in-process when ``REDIS_URL`` is unset.
"""

from datetime import timedelta
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A local .env file is optional; real environment variables always win.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="local-dev-only-not-secret-" + "x" * 40)
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
    "django_celery_beat",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "accounts",
    "articles",
    "references",
    "review",
    "coediting",  # "being edited by …" presence on the article pages
    "freshness",
    "safety",
    "django.contrib.sitemaps",
    "readers",
    "api",
    "ninja",  # the API docs page's scripts from our static files, not a CDN
    "ops",
]

# What the apps above ``articles`` add to an article's life, in the order they run
# (articles/extensions.py): checks and warnings on submit and approve, the substance an
# approval vouches for, the pending preview, in-transaction reactions to edits and
# transitions, admin panels. Each entry is an ``ArticleExtension`` subclass.
ARTICLE_EXTENSIONS = [
    "references.extensions.ReferencesExtension",  # citations follow the body, first
    "review.extensions.ReviewArticleExtension",  # approvals of old text stop counting
    "freshness.extensions.FreshnessExtension",
    "safety.extensions.SafetyExtension",
    "coediting.extensions.CoeditingExtension",  # a save drops the saver's autosaved draft
]
# What the apps above ``review`` add to a review (review/extensions.py): quorum
# requirements, review-page panels, the staff preview's layout.
REVIEW_EXTENSIONS = [
    "freshness.extensions.FreshnessReview",
    "safety.extensions.SafetyReview",
    "readers.extensions.ReadersReview",
]

# "Being edited by …": a page's heartbeat every PRESENCE_HEARTBEAT_SECONDS; a presence
# without a beat for PRESENCE_EXPIRES_SECONDS no longer counts (coediting/).
PRESENCE_HEARTBEAT_SECONDS = env.int("PRESENCE_HEARTBEAT_SECONDS", default=15)
PRESENCE_EXPIRES_SECONDS = env.int("PRESENCE_EXPIRES_SECONDS", default=45)
# The admin change page sends its unsaved title, summary and body this often (autosave).
AUTOSAVE_SECONDS = env.int("AUTOSAVE_SECONDS", default=5)

MIDDLEWARE = [
    # First: request id, /healthz and /readyz, request metrics and the access log (ops/).
    "ops.middleware.ObservabilityMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "accounts.middleware.SecurityHeadersMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a lockout into the "too many attempts" page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "readers.links.site_links",
            ],
        },
    },
    {
        # The article page's <article> and the board's members (readers/jinja.py).
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "readers.jinja.environment"},
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
# Seconds to wait for PostgreSQL to accept a connection: an unreachable database answers
# "temporarily unavailable" quickly instead of holding every worker.
DATABASE_CONNECT_TIMEOUT = env.int("DATABASE_CONNECT_TIMEOUT", default=3)


# PostgreSQL plans the public pages' prepared queries (readers/prepared.py) once per
# connection instead of at every request. Turn off behind a pooler in transaction mode
# that cannot keep a session's prepared statements (PgBouncer before 1.21, or without
# max_prepared_statements). Every other query is sent as Django sends it, never prepared.
DATABASE_PREPARED_STATEMENTS = env.bool("DATABASE_PREPARED_STATEMENTS", default=True)


def database_options(database: dict) -> dict:
    if database["ENGINE"] == "django.db.backends.postgresql":
        options = database.setdefault("OPTIONS", {})
        options.setdefault("connect_timeout", DATABASE_CONNECT_TIMEOUT)
        if DATABASE_PREPARED_STATEMENTS:
            # psycopg prepares a statement the second time a connection runs it; only
            # cursors that bind on the server can, and only readers.prepared asks for one.
            options.setdefault("prepare_threshold", 1)
    return database


database_options(DATABASES["default"])
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes first: it refuses a locked-out username or address before any password check.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "admin:login"
# After signing in, each role starts on its own page of the workspace (review.workspace).
LOGIN_REDIRECT_URL = "review:home"

LANGUAGE_CODE = "en-us"
TIME_ZONE = env("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Staff accounts (accounts app).
# Groups whose members must pass a second factor (superusers always must; anyone who set
# one up of their own accord, too).
ACCOUNTS_SECOND_FACTOR_GROUPS = env.list(
    "ACCOUNTS_SECOND_FACTOR_GROUPS", default=["Advisory Board", "Admins"]
)
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default="Medical editorial review")
# Login throttling (django-axes): after this many failed sign-ins for one username, or from
# one client address, sign-in is refused for ACCOUNTS_LOCKOUT_MINUTES, whatever the
# password. The address is read as the reader forms read it (READERS_TRUSTED_PROXY).
ACCOUNTS_LOGIN_FAILURE_LIMIT = env.int("ACCOUNTS_LOGIN_FAILURE_LIMIT", default=5)
ACCOUNTS_LOCKOUT_MINUTES = env.int("ACCOUNTS_LOCKOUT_MINUTES", default=15)
AXES_FAILURE_LIMIT = ACCOUNTS_LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=ACCOUNTS_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "accounts.network.client_address"
AXES_LOCKOUT_CALLABLE = "accounts.throttling.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # the access audit trail (accounts.AccessEvent) keeps them
AXES_VERBOSE = False
# Sessions: a working day of inactivity ends one (staff pages move the end, at most every
# five minutes), and so does closing the browser.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=9 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = env.bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", default=True)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# A password reset link works once, for an hour (review/password_reset.py).
PASSWORD_RESET_TIMEOUT = 60 * 60
# Content-Security-Policy (django-csp): nothing inline runs or styles a page; scripts,
# styles and images come from this site only, and no other site may frame it.
# CSP_REPORT_ONLY=true sends it as Content-Security-Policy-Report-Only (to try a change).
_CSP = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
if env.bool("CSP_REPORT_ONLY", default=False):
    CONTENT_SECURITY_POLICY_REPORT_ONLY = _CSP
else:
    CONTENT_SECURITY_POLICY = _CSP
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
ACCOUNTS_PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)

# Email: console locally, SMTP (or anything django-environ understands) via EMAIL_URL.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="editorial@localhost")

# Celery: with REDIS_URL unset, tasks run in the calling process (no broker needed).
REDIS_URL = env("REDIS_URL", default="")
# "memory://localhost/": kombu warns "No hostname was supplied" for a bare "memory://".
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# A broker that is down must not hang a web request for long.
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=3.0)
CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 1, "socket_connect_timeout": 3}
# Beat writes each run to the database at once (not every three minutes), so that the
# readiness check sees when it last ran.
CELERY_BEAT_SYNC_EVERY = 1

# Editorial policy.
# Health-information standards ask for a review at least every three years.
ARTICLE_REVIEW_INTERVAL_MONTHS = env.int("ARTICLE_REVIEW_INTERVAL_MONTHS", default=36)
# The largest article body accepted, in KB of Markdown (UTF-8), in every entry path.
ARTICLE_BODY_MAX_KB = env.int("ARTICLE_BODY_MAX_KB", default=200)
# Requests may carry more than Django's 2.5 MB default so that an oversized body or file
# gets a message naming the limit instead of a bare "Bad Request (400)".
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
# Reference files larger than this are refused by the import form (the limit is stated).
REFERENCE_IMPORT_MAX_MB = env.int("REFERENCE_IMPORT_MAX_MB", default=5)
# The cache holds the progress of background imports: shared through Redis when there is
# one (the worker writes, the web process reads), in-process otherwise (tasks run there).
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Logs: one JSON object per line with LOG_FORMAT=json (ops/logs.py), text otherwise; each
# line carries the request id, also inside the tasks a request enqueued.
LOG_FORMAT = env("LOG_FORMAT", default="text")
LOG_LEVEL = env("LOG_LEVEL", default="INFO")
if LOG_FORMAT not in ("text", "json"):
    raise ValueError(f"LOG_FORMAT must be 'text' or 'json', not {LOG_FORMAT!r}")
# Built in ops.logs (it imports nothing of Django's, so settings may use it).
from ops.logs import logging_config  # noqa: E402

LOGGING = logging_config(log_format=LOG_FORMAT, level=LOG_LEVEL)
# Celery's worker and beat log through the same configuration (and format).
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# Medical Advisory Board review (review app). Policy values, not per-machine ones, so they
# are not read from the environment; an article can require more approvals in the admin.
# Days a board member has to record a decision, from assignment.
REVIEW_DEFAULT_DUE_DAYS = 14
# Approvals of the current version needed to publish an article.
REVIEW_DEFAULT_QUORUM = 1
# Links in notification emails point at the site's first trusted origin (scheme included).
REVIEW_SITE_URL = (CSRF_TRUSTED_ORIGINS or ["http://127.0.0.1:8000"])[0]
# Delivery attempts before an email is marked failed in the outbox.
REVIEW_NOTIFICATION_MAX_ATTEMPTS = 5
# Hours a one-touch review link in an e-mail stays valid (it opens once, for its member).
REVIEW_LINK_MAX_AGE_HOURS = env.int("REVIEW_LINK_MAX_AGE_HOURS", default=72)

# Reference library: DOI lookups (Crossref) and PMID lookups (NCBI E-utilities).
REFERENCE_LOOKUPS_ENABLED = env.bool("REFERENCE_LOOKUPS_ENABLED", default=True)
REFERENCE_LOOKUP_TIMEOUT = env.float("REFERENCE_LOOKUP_TIMEOUT", default=10.0)  # seconds
CROSSREF_MAILTO = env("CROSSREF_MAILTO", default="")  # Crossref's "polite pool" contact
NCBI_API_KEY = env("NCBI_API_KEY", default="")  # raises NCBI's rate limit

# What readers see (articles.visibility, the one definition): whether articles pending
# review (never approved) are public, with the caution banner. READERS_SHOW_PENDING is
# the older name of the same variable, still read when the new one is unset.
ARTICLES_SHOW_PENDING = env.bool(
    "ARTICLES_SHOW_PENDING", default=env.bool("READERS_SHOW_PENDING", default=True)
)

# The public site (readers app).
# Seconds a rendered public page stays cached (0 turns the page cache off).
READERS_CACHE_SECONDS = env.int("READERS_CACHE_SECONDS", default=600)
# Content API: ingest calls per API key per minute (the read API is cached like the pages).
API_INGEST_CALLS_PER_MINUTE = env.int("API_INGEST_CALLS_PER_MINUTE", default=60)
# How long a process may serve cached pages before checking whether anything changed
# (readers/cache.py): a save shows in other processes within this time; 0 = every request.
READERS_GENERATION_CHECK_SECONDS = env.float("READERS_GENERATION_CHECK_SECONDS", default=1.0)
# Seconds a page's last good copy is kept, served when the database is unreachable.
READERS_STALE_PAGE_SECONDS = env.int("READERS_STALE_PAGE_SECONDS", default=86400)
# Reports and questions accepted per client address per hour.
READERS_SUBMISSIONS_PER_HOUR = env.int("READERS_SUBMISSIONS_PER_HOUR", default=5)
# Behind a reverse proxy, the client address is the last X-Forwarded-For entry.
READERS_TRUSTED_PROXY = env.bool("READERS_TRUSTED_PROXY", default=False)
READERS_SITE_NAME = env("READERS_SITE_NAME", default="Medical Q&A")
READERS_SITE_URL = env("READERS_SITE_URL", default=REVIEW_SITE_URL)
# How long a correction is announced at the top of the article ("Correction, <date>: …").
READERS_CORRECTION_NOTICE_DAYS = env.int("READERS_CORRECTION_NOTICE_DAYS", default=30)
# The public pages' hottest queries are compiled to SQL once (readers/prepared.py); off,
# they run through the ORM as usual (a switch for a Django upgrade, and for the bench).
READERS_PREPARED_QUERIES = env.bool("READERS_PREPARED_QUERIES", default=True)
# The cache: Redis when REDIS_URL is set (shared by every worker), local memory otherwise.
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "medreview",
            # A Redis that is down or restarting must not hold a request for long.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Clinical safety checks (safety app). A policy value like the quorum: what an uncited
# clinical claim does at submission, "warn" or "refuse"; review policies and a per-article
# override in the admin can make it stricter for some articles.
SAFETY_UNCITED_CLAIMS = "warn"

# Stale-content detection (freshness app). Policy values, then the status checks' services.
STALE_REVIEW_DUE_SOON_DAYS = 30  # flag an article this many days before its review is due
STALE_GUIDELINE_MAX_AGE_YEARS = 5  # flag a cited guideline older than this
STALE_ESCALATE_AFTER_DAYS = 7  # remind an overdue reviewer; escalate after this many days
REFERENCE_STATUS_CHECKS_ENABLED = env.bool("REFERENCE_STATUS_CHECKS_ENABLED", default=True)
REFERENCE_STATUS_RECHECK_HOURS = env.int("REFERENCE_STATUS_RECHECK_HOURS", default=20)
REFERENCE_STATUS_BATCH_SIZE = env.int("REFERENCE_STATUS_BATCH_SIZE", default=100)
# At most this many references per scheduled run, least recently checked first (0: all).
REFERENCE_STATUS_MAX_PER_RUN = env.int("REFERENCE_STATUS_MAX_PER_RUN", default=2000)
CROSSREF_API_URL = env("CROSSREF_API_URL", default="https://api.crossref.org")
NCBI_EUTILS_URL = env("NCBI_EUTILS_URL", default="https://eutils.ncbi.nlm.nih.gov/entrez/eutils")
DAILYMED_API_URL = env(
    "DAILYMED_API_URL", default="https://dailymed.nlm.nih.gov/dailymed/services/v2"
)

# Operations (ops app): health, readiness, metrics.
# Seconds each readiness check may take (broker; the database and cache have their own).
READINESS_TIMEOUT_SECONDS = env.float("READINESS_TIMEOUT_SECONDS", default=2.0)
# How late beat's schedules and the stale-content scan may be before /readyz says so.
READINESS_BEAT_GRACE_SECONDS = env.int("READINESS_BEAT_GRACE_SECONDS", default=300)
READINESS_SCAN_GRACE_SECONDS = env.int("READINESS_SCAN_GRACE_SECONDS", default=3600)
# /metrics: staff with "view metrics" (Admins) anywhere, anyone from these networks.
METRICS_ENABLED = env.bool("METRICS_ENABLED", default=True)
METRICS_ALLOWED_NETWORKS = env.list("METRICS_ALLOWED_NETWORKS", default=["127.0.0.1/32", "::1/128"])
# Seconds the editorial gauges (articles by state, backlog, flags…) are kept between scrapes.
METRICS_DOMAIN_CACHE_SECONDS = env.int("METRICS_DOMAIN_CACHE_SECONDS", default=30)
# A Celery worker serves its pool's metrics on this port (0: off; needs
# PROMETHEUS_MULTIPROC_DIR), on this address.
CELERY_METRICS_PORT = env.int("CELERY_METRICS_PORT", default=0)
CELERY_METRICS_ADDRESS = env("CELERY_METRICS_ADDRESS", default="127.0.0.1")
# django-axes logs every sign-in at INFO; the access audit trail (accounts) records them.
LOGGING["loggers"] = {**LOGGING.get("loggers", {}), "axes": {"level": "WARNING"}}
