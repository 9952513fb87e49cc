"""Settings, all from the environment (and an optional `.env` file beside manage.py).

Defaults are for a local run on SQLite. With DEBUG off the project refuses to start on the
default secret key, so a production deployment cannot forget to set one.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_SECRET_KEY = "insecure-local-development-key-do-not-use-in-production"

env = environ.Env()
if (BASE_DIR / ".env").is_file() and not env.bool("IGNORE_DOTENV", default=False):
    # Real environment variables win over the file.
    env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default=DEFAULT_SECRET_KEY)
if not DEBUG and SECRET_KEY == DEFAULT_SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is the built-in development key and DEBUG is off: set SECRET_KEY in the "
        "environment (or .env), or set DEBUG=true for a local run."
    )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_countries",
    "django_filters",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "sanctions_tracker",
    "entities",
    "events",
    "sources",
    "importer",
    "screening",
    # Last: it reads every app above, and none of them reads it.
    "workspace",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files in production (collectstatic); with DEBUG, runserver serves them.
    *([] if DEBUG else ["whitenoise.middleware.WhiteNoiseMiddleware"]),
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records the request's user on every historical record it causes.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last: turns a locked-out sign-in into the lockout page (sanctions_tracker/lockout.py).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sanctions_tracker.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "sanctions_tracker" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "sanctions_tracker.wsgi.application"

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a writer instead of failing at once with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("timeout", 20)
else:
    # Keep connections open between requests unless the URL says otherwise
    # (?conn_max_age=0): a new PostgreSQL connection per request halves screening over
    # HTTP (98 against 219 requests/s, docs/BENCHMARKS.md). A broken
    # connection is noticed before a request uses it.
    DATABASES["default"].setdefault("CONN_MAX_AGE", 60)
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)

# --- Read replica ---
# DATABASE_REPLICA_URL (optional): a streaming replica of the primary. API reads (GET, CSV
# exports, screening) use it; writes, the admin, and a client's requests for
# DATABASE_REPLICA_PIN_SECONDS after it wrote use the primary (sanctions_tracker/db_router.py).
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db_url("DATABASE_REPLICA_URL")
    DATABASES["replica"]["ATOMIC_REQUESTS"] = False
    DATABASES["replica"].setdefault("CONN_MAX_AGE", 60)
    DATABASES["replica"].setdefault("CONN_HEALTH_CHECKS", True)
DATABASE_ROUTERS = ["sanctions_tracker.db_router.PrimaryReplicaRouter"]
DATABASE_REPLICA_PIN_SECONDS = env.int("DATABASE_REPLICA_PIN_SECONDS", default=10)
# Before the session middleware, so that a session saved on the way out counts as a write.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware"),
    "sanctions_tracker.db_router.ReplicaReadsMiddleware",
)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# List imports: damaged lists refused ------------------------------------------------------
# Why these defaults, and what each guard measures: importer/guards.py.


def _per_list(name: str, default: float) -> dict[str, float]:
    """``0.05`` or ``default=0.05,un-sc=0.10``: a share per list key, "default" for others."""
    shares = {"default": default}
    text = env.str(name, default="").strip()
    for item in filter(None, (part.strip() for part in text.split(","))):
        key, _, value = item.rpartition("=")
        try:
            shares[key.strip() or "default"] = float(value)
        except ValueError:
            raise ImproperlyConfigured(
                f"{name}: {item!r} is not a share; write 0.05 or default=0.05,un-sc=0.10"
            ) from None
    return shares


# Share of a list's active entries that one import may delist, per list key.
IMPORT_MAX_DELISTING_SHARE = _per_list("IMPORT_MAX_DELISTING_SHARE", 0.05)
# Delisting this many entries at once is always allowed (a share of a tiny list is noise).
IMPORT_DELISTING_FLOOR = env.int("IMPORT_DELISTING_FLOOR", default=2)
# Entries missing from a list's main file that its other files' rows may name.
IMPORT_MAX_ORPHAN_ENTRIES = env.int("IMPORT_MAX_ORPHAN_ENTRIES", default=25)
# A file's warnings may be up to max(FLOOR, FACTOR x those of the list's previous import).
IMPORT_WARNINGS_FACTOR = env.float("IMPORT_WARNINGS_FACTOR", default=3.0)
IMPORT_WARNINGS_FLOOR = env.int("IMPORT_WARNINGS_FLOOR", default=50)

# REST API ---------------------------------------------------------------------------------
# Reading is open to anonymous clients when true (the local default); else only to users
# with the view permission (group "readers"). Writing always needs the model permission.
API_PUBLIC_READ = env.bool("API_PUBLIC_READ", default=True)

REST_FRAMEWORK = {
    # Token first, so that an anonymous write is told to authenticate (401).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "sanctions_tracker.api.permissions.ReadPublicWriteWithModelPermission"
    ],
    "DEFAULT_PAGINATION_CLASS": "sanctions_tracker.api.pagination.StablePageNumberPagination",
    "DEFAULT_FILTER_BACKENDS": [
        "sanctions_tracker.api.filters.StrictFilterBackend",
        "sanctions_tracker.api.filters.StrictOrderingFilter",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        # Counters shared by all workers and instances (sanctions_tracker/throttle_counters.py).
        "sanctions_tracker.api.throttling.AnonRateThrottle",
        "sanctions_tracker.api.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_THROTTLE_ANON", default="120/min"),
        "user": env.str("API_THROTTLE_USER", default="1200/min"),
        "export": env.str("API_THROTTLE_EXPORT", default="30/min"),
        # Names screened by /api/v1/match/: a batch costs one unit per query.
        "screening": env.str("API_THROTTLE_SCREENING", default="600/min"),
    },
    "DEFAULT_SCHEMA_CLASS": "sanctions_tracker.api.schema.CuratedAutoSchema",
    "EXCEPTION_HANDLER": "sanctions_tracker.api.exceptions.api_exception_handler",
    "ORDERING_PARAM": "ordering",
    "URL_FORMAT_OVERRIDE": "format",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Sanctions tracker API",
    "DESCRIPTION": (
        "Who imposes sanctions, under which programmes, on whom, and what happened when: "
        "curated, sourced, with full history.\n\n"
        "**Authentication**: `Authorization: Token <key>` (get a key with `POST "
        "/api/v1/auth/token/` and your username and password), or the admin's session. "
        "Reading may be open to anonymous clients (setting `API_PUBLIC_READ`); writing needs "
        "the model permission (group `curators`).\n\n"
        "**Dates** are partial: `{value, precision, text, earliest, latest}`, `value` in ISO "
        "partial form (`1998`, `2024-12`, `2024-12-19`). Range filters match dates that may "
        "fall in the range; `active_on` means known to be in force that day.\n\n"
        "**No lost updates**: every detail response has an `ETag` (the record's version). "
        "PUT and PATCH must send it back in `If-Match` (or `If-Match: *` to overwrite any "
        "version; without the header, 428): if someone changed the record since, you get 412 "
        "and nothing is written.\n\n"
        "**CSV**: every list answers `?format=csv` (or `Accept: text/csv`) with all the "
        "matching rows, streamed.\n\n"
        '**Errors** are JSON, always: 400 `{"field": ["reason", ...]}` for a bad '
        "parameter or write (an unknown or empty parameter, an unknown `format`, a body that "
        "is not JSON under `non_field_errors`, a nested field keyed by its path "
        '`queries[1].name`); every other error `{"detail": "..."}`: 401/403 for '
        "permissions, 404 (no such record, page past the last, or no such address under "
        "/api/), 405 (a method the address does not have, before any permission check; a "
        "designation is delisted, never deleted; `Allow` lists the methods), 406 (`Accept` "
        "names a type not written here), 409 (a delete that others depend on), 412 (stale "
        "If-Match), 415 (a body that is not JSON), 428 (no If-Match), 429 (rate; "
        "`Retry-After`), 503 (the database is unavailable; `Retry-After` seconds)."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "EntityKindEnum": "entities.choices.EntityKind",
        "AliasKindEnum": "entities.choices.AliasKind",
        "CountryRoleEnum": "entities.choices.CountryRole",
        "IdentifierSchemeEnum": "entities.choices.IdentifierScheme",
        "RelationshipKindEnum": "entities.choices.RelationshipKind",
        "DesignationStatusEnum": "entities.choices.DesignationStatus",
        "MeasureCodeEnum": "entities.choices.MeasureCode",
        "ProgrammeStatusEnum": "entities.choices.ProgrammeStatus",
        "EventKindEnum": "events.choices.EventKind",
        "ParticipantRoleEnum": "events.choices.ParticipantRole",
        "SourceKindEnum": "sources.choices.SourceKind",
        "EntityDateKindEnum": "entities.choices.EntityDateKind",
        "ImportSourceEnum": "importer.models.ImportSource",
        "ImportStatusEnum": "importer.models.ImportStatus",
        "DifferenceActionEnum": "importer.models.DifferenceAction",
    },
}

# --- Errors: JSON for the API, 503 when the database is down ---
# A database outage met by a view is a 503 with Retry-After and one log line
# (sanctions_tracker/outage.py); handler500 in urls.py catches what fails outside views.
MIDDLEWARE = [*MIDDLEWARE, "sanctions_tracker.outage.DatabaseOutageMiddleware"]
# The first step of every API request: a method the view lacks is a 405 before any
# permission check, an unknown or empty ?format= a 400 (sanctions_tracker/api/negotiation.py).
REST_FRAMEWORK["DEFAULT_CONTENT_NEGOTIATION_CLASS"] = (
    "sanctions_tracker.api.negotiation.StrictContentNegotiation"
)

# The EU is not an ISO 3166-1 country but is a jurisdiction of sanctions (exceptionally
# reserved code EU).
COUNTRIES_OVERRIDE = {"EU": "European Union"}

# The admin's changelists and the CSV exports page through this many rows at most.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10000

# --- Background jobs and uploads ---
# Jobs (list uploads, large CSV exports, batch screening of a file) run in a worker
# (`manage.py db_worker`), queued in the database by django-tasks: README "Background jobs".
INSTALLED_APPS += ["django_tasks", "django_tasks_db", "jobs"]
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A CSV export of at least this many rows runs as a job (202 and the job's URL).
EXPORT_JOB_MIN_ROWS = env.int("EXPORT_JOB_MIN_ROWS", default=100_000)
# `manage.py prune_jobs` (run it daily): deletes jobs ended this many days ago, with their
# result files, and fails running jobs silent for JOBS_STALE_MINUTES (their worker died).
JOBS_KEEP_DAYS = env.int("JOBS_KEEP_DAYS", default=30)
JOBS_STALE_MINUTES = env.int("JOBS_STALE_MINUTES", default=60)
# Uploads above this are refused before they are read (sanctions_tracker/uploads.py).
UPLOAD_MAX_SIZE_MB = env.int("UPLOAD_MAX_SIZE_MB", default=100)
# Uploaded files larger than this stream to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024
# Before any middleware that reads the body (CSRF reads the form).
MIDDLEWARE.insert(1, "sanctions_tracker.uploads.UploadSizeLimitMiddleware")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

# --- Rate limits, sign-in lockout and HTTPS ---
# Behind N reverse proxies that each append to X-Forwarded-For, the client is the Nth entry
# from the right; with 0, the connection's address (sanctions_tracker/client_ip.py).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Rate-limit counters: PostgreSQL (the default database) unless a Redis URL is given here
# (then `pip install redis`); old windows are purged at most this often per process.
THROTTLE_CACHE_URL = env.str("THROTTLE_CACHE_URL", default="")
THROTTLE_PURGE_SECONDS = env.int("THROTTLE_PURGE_SECONDS", default=300)
if THROTTLE_CACHE_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "throttle": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": THROTTLE_CACHE_URL,
        },
    }

# Sign-in lockout (django-axes) for the admin, the browsable API and /api/v1/auth/token/:
# after AXES_FAILURE_LIMIT failures from one address, or for one username, sign-in is
# refused (429) for AXES_COOLOFF_MINUTES, the right password included. Attempts and lockouts
# are listed in the admin (Axes); a success clears the user's failures.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "sanctions_tracker.client_ip.client_ip"
AXES_LOCKOUT_CALLABLE = "sanctions_tracker.lockout.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429

# HTTPS, on by default in production (DEBUG off). Behind a proxy that terminates TLS, set
# SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO,https (and only then: a client could send
# that header itself); on plain http (a local docker compose), turn the redirect and the
# secure cookies off.
if not DEBUG:
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
# Load balancers probe over plain http.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
_proxy_ssl_header = env.list("SECURE_PROXY_SSL_HEADER", default=[])
if _proxy_ssl_header:
    if len(_proxy_ssl_header) != 2:
        raise ImproperlyConfigured(
            "SECURE_PROXY_SSL_HEADER: write a header and its value, e.g. "
            "HTTP_X_FORWARDED_PROTO,https"
        )
    SECURE_PROXY_SSL_HEADER = tuple(_proxy_ssl_header)

# History is for reading "who changed what, before and after". Reverting from the history
# page would save an old version over a newer one, which the version check refuses anyway.
SIMPLE_HISTORY_REVERT_DISABLED = True

# --- Start page: how old an imported list may get ---
# The admin start page flags a list not imported for longer than this many hours, per list:
# "48" or "default=48,un-sc=168" (keys as IMPORT_MAX_DELISTING_SHARE's); a list not named
# takes the default.
IMPORT_MAX_AGE_HOURS = _per_list("IMPORT_MAX_AGE_HOURS", 48.0)
