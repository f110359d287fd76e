"""Test settings: the project's settings with the few overrides tests need.

Whatever database DATABASE_URL names (SQLite by default, PostgreSQL in CI) is used as is.
Tasks run inline, the channel layer and cache are in memory and SMS go to a list, so
each test starts clean; the tests that exercise Redis and real workers say so themselves.
"""

from lms.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = True
CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SMS_BACKEND = "lms.people.sms.memory.MemoryBackend"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = ["*"]
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
