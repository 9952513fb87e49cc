"""Settings for the test suite: the real settings, with a test-only secret key.

`DATABASE_URL` still chooses the database, so the same suite runs on SQLite and PostgreSQL.
"""

import copy
import os

# A developer's .env (DEBUG, a DATABASE_URL of theirs) must not steer the test suite.
os.environ["IGNORE_DOTENV"] = "true"
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-never-used-in-production")
# Nor may the import thresholds exported in a developer's shell: the tests assume the defaults.
for _name in [n for n in os.environ if n.startswith("IMPORT_")]:
    del os.environ[_name]

from sanctions_tracker.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405

# The suite serves no static files; whitenoise would only warn that staticfiles/ is absent.
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]  # noqa: F405

# The test client speaks plain http; the redirect to https is tested with its own settings.
SECURE_SSL_REDIRECT = False
# No purge of old rate-limit counters in the middle of a test's pinned query count; the
# purge's own test sets a short interval.
THROTTLE_PURGE_SECONDS = 10**9

# A replica alias in every run, so the router and its middleware are exercised by every test:
# a test mirror of the database under test. tests/conftest.py makes it share the default
# alias's connection, so that reads through it see the data of the test's transaction.
DATABASES["replica"] = {**copy.deepcopy(DATABASES["default"]), "TEST": {"MIRROR": "default"}}  # noqa: F405

# Jobs run inline, at the commit that queues them (tests/jobs has one through the real worker).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
