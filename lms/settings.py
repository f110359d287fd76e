"""Settings for the platform, read from the environment in one place.

The embedded default (no environment at all) is SQLite, an in-memory channel layer and
Celery tasks run inline. Setting DATABASE_URL and REDIS_URL gives the production shape.
Nothing else in the code asks which of the two it runs on.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


# --- small typed helpers over the environment -------------------------------------------


def env_str(name: str, default: str = "") -> str:
    """A string from NAME, or from the file named by NAME_FILE (for secrets)."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = env_str(name, "")
    if value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = env_str(name, "")
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


# --- core ---------------------------------------------------------------------------------

DEBUG = env_bool("DEBUG", False)
# The embedded default needs no configuration; any real deployment sets SECRET_KEY.
SECRET_KEY = env_str("SECRET_KEY") or "embedded-default-insecure-key-set-SECRET_KEY-in-production"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "lms.people",
    "lms.notifications",
    "lms.jobs",
    "lms.ops",
    "lms.audit",
    "cms",
    "courses",
    "events",
    "events.room",
    "certificates",
    "events.trainers",
    "events.workshops",
    "lms.forums",
    "events.fairs",
    "lms.impact",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "lms.people.apps.UsersAdminConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "allauth",
    "allauth.account",
    "crispy_forms",
    "crispy_bootstrap5",
    "rules",  # its template tags: {% load rules %}{% has_perm %}
    "channels",
    "django_celery_beat",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "lms.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "cms.page_cache.PageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "lms.audit.middleware.AuditActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "lms.urls"
WSGI_APPLICATION = "lms.wsgi.application"
ASGI_APPLICATION = "lms.asgi.application"

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
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
                "lms.context_processors.site",
            ],
        },
    },
    {
        # Plain text (notifications, e-mail, SMS): nothing is HTML-escaped, so "Women's forum"
        # reads as written and not as "Women&#x27;s forum".
        "NAME": "text",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"autoescape": False},
    },
]

# --- data ---------------------------------------------------------------------------------

DATABASE_URL = env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
# Under an ASGI server every request runs in a new thread, so a kept-open connection is
# never reused and they pile up: close each one after its request by default.
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 0))}
if DATABASES["default"]["ENGINE"].endswith("postgresql") and env_int("DB_POOL_MAX_SIZE", 8) > 0:
    # A connection pool per process: a surge of requests (2,000 learners pressing Join at
    # 21:00) waits a moment for one of DB_POOL_MAX_SIZE connections instead of opening one per
    # request thread until PostgreSQL refuses more ("too many clients"). Size it so that
    # web processes x DB_POOL_MAX_SIZE + Celery workers stays under max_connections.
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # Django requires it with a pool
    # Each connection is checked as it leaves the pool: one that PostgreSQL dropped (a restart,
    # a failover, an idle timeout) is replaced instead of failing a person's request.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": env_int("DB_POOL_MAX_SIZE", 8),
        "timeout": env_int("DB_POOL_TIMEOUT", 20),
    }
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # One writer at a time: wait for the lock instead of failing under a few concurrent users.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")

if REDIS_URL:
    # A short connect timeout: with Redis down, a page waits 0.5 s at most for the cache, then does without.
    CACHES = {
        "default": {
            "BACKEND": "lms.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 2},
        }
    }
    # redis-py times out reads after 5 s by default, as long as channels_redis waits for a message:
    # an idle websocket would drop and reconnect forever.
    # Redis publish/subscribe by default: in `make bench` (1,000 people in one class room) it
    # delivered every announcement with a p99 of 452 ms against 1,128 ms for the list-based
    # layer, and let the room fill in 31 s instead of 51 s. CHANNEL_LAYER_BACKEND=redis brings
    # the list-based layer back (it keeps messages for a consumer that is momentarily busy).
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": {
                "redis": "channels_redis.core.RedisChannelLayer",
                "pubsub": "channels_redis.pubsub.RedisPubSubChannelLayer",
            }[env_str("CHANNEL_LAYER_BACKEND", "pubsub")],
            # capacity: messages waiting per server process (all its connections share one
            # queue in Redis), not per connection; at the default 100 a room of a few hundred
            # people joining at once overflowed it and channels_redis dropped messages.
            "CONFIG": {"hosts": [{"address": REDIS_URL, "socket_timeout": 10}], "capacity": 2000},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
# Websockets one person may hold open in one class room; the next is refused at connect (one
# learner's 150 tabs sent the room 11,475 presence messages).
ROOM_SOCKETS_PER_PERSON = env_int("ROOM_SOCKETS_PER_PERSON", 5)

# --- background jobs ----------------------------------------------------------------------

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
# A task whose worker died is handed to another worker after this many seconds.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600)}
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "Asia/Dhaka"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    "class-reminders": {"task": "events.tasks.send_reminders", "schedule": 300.0},
    "zoom-meetings-safety-net": {"task": "events.tasks.sync_upcoming_zoom_meetings", "schedule": 600.0},
    "resend-kept-tasks": {"task": "jobs.tasks.resend_pending_tasks", "schedule": 60.0},
    "impact-follow-up-surveys": {"task": "impact.tasks.send_follow_up_surveys", "schedule": 86400.0},
}
# With Redis down, sending a task gives up after about a second (and jobs.outbox keeps it)
# instead of holding the person's request for kombu's default retries.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.5, "interval_max": 0.5}
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# The outcomes survey (impact app) goes to a learner this many weeks after they complete a course.
IMPACT_SURVEY_AFTER_WEEKS = env_int("IMPACT_SURVEY_AFTER_WEEKS", 8)

# --- people and sign-in -------------------------------------------------------------------

AUTH_USER_MODEL = "people.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    # Object permissions (may this person teach this class?): the rules of lms/permissions.py.
    "rules.permissions.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "lms.people.passwords.UserAttributeSimilarityValidator"},
    {"NAME": "lms.people.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "lms.people.passwords.CommonPasswordValidator"},
    {"NAME": "lms.people.passwords.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
# Wagtail's front-end and admin logins are doors to allauth's login (lms/people/doors.py): one
# sign-in path, one throttle. Its admin "forgot password" e-mail form had no limit: allauth's is the one.
WAGTAIL_FRONTEND_LOGIN_URL = "site_login_door"
WAGTAILADMIN_LOGIN_URL = "admin_login_door"
WAGTAIL_PASSWORD_RESET_ENABLED = False
LOGIN_REDIRECT_URL = "people:profile"

ACCOUNT_ADAPTER = "lms.people.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    "login": "lms.people.forms.LoginForm",
    "signup": "lms.people.forms.SignupForm",
    "request_login_code": "lms.people.forms.RequestLoginCodeForm",
    "change_password": "lms.people.forms.ChangePasswordForm",
    "set_password": "lms.people.forms.SetPasswordForm",
    "reset_password": "lms.people.forms.ResetPasswordForm",
    "reset_password_from_key": "lms.people.forms.ResetPasswordKeyForm",
    "confirm_login_code": "lms.people.forms.ConfirmLoginCodeForm",
    "verify_phone": "lms.people.forms.VerifyPhoneForm",
}
# Six digits: easy to type on a phone keypad and to read out over a call.
ALLAUTH_USER_CODE_FORMAT = {"numeric": True, "dashed": False, "length": 6}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_USER_MODEL_EMAIL_FIELD = "email"
ACCOUNT_LOGIN_METHODS = {"phone", "email"}
ACCOUNT_SIGNUP_FIELDS = ["phone*", "email", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
# A new account is usable only once its mobile number has answered an SMS code: otherwise anyone
# could register someone else's number first (people/adapter.py replaces such an account when
# the real owner proves the number).
ACCOUNT_PHONE_VERIFICATION_ENABLED = env_bool("PHONE_VERIFICATION", True)
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 5 * 60
ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = 3
ACCOUNT_PREVENT_ENUMERATION = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = True
# Where pages open websockets, when they are served by a process of their own on another port or
# host (e.g. ws://127.0.0.1:8001); empty: the page's own host (a proxy sends /ws/ on).
WS_URL = env_str("WS_URL", "")
CSP_CONNECT_EXTRA = WS_URL
# Certificate verification pages per client per minute (codes cannot be guessed in bulk).
VERIFY_RATE_LIMIT = env_int("VERIFY_RATE_LIMIT", 30)
# Who the client is (lms/lib/client.py): REMOTE_ADDR, or X-Forwarded-For only through this many
# proxies of our own in front of the site (0: none; a client-sent header is then not believed).
TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", 0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXIES
# Password logins. Strict per number (a wrong password is counted against that number only), and
# generous per address: a mobile carrier puts many people behind one address (CGNAT). The number's
# limit is checked first, so guesses at an already locked number are refused before a password is
# hashed and do not fill the address's count; a correct password is never counted.
LOGIN_FAILS_PER_NUMBER = env_int("LOGIN_FAILS_PER_NUMBER", 5)
LOGIN_LOCK_MINUTES = 15  # the wait the "too many failed attempts" message names
LOGIN_FAILS_PER_ADDRESS = env_int("LOGIN_FAILS_PER_ADDRESS", 100)  # per LOGIN_LOCK_MINUTES
LOGIN_POSTS_PER_ADDRESS = env_int("LOGIN_POSTS_PER_ADDRESS", 300)  # login form posts a minute, right or wrong
ACCOUNT_RATE_LIMITS = {
    "login_failed": (
        f"{LOGIN_FAILS_PER_NUMBER}/{LOGIN_LOCK_MINUTES}m/key,{LOGIN_FAILS_PER_ADDRESS}/{LOGIN_LOCK_MINUTES}m/ip"
    ),
    "login": f"{LOGIN_POSTS_PER_ADDRESS}/m/ip",
    "request_login_code": "10/h/ip,3/15m/key",
    "reset_password": "20/m/ip,5/h/key",
    "signup": "20/m/ip",
}
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if not DEBUG and SITE_URL.startswith("https") else "http"

# SMS: a dotted path to a backend class (people/sms/); the console backend logs messages.
SMS_BACKEND = env_str("SMS_BACKEND", "lms.people.sms.console.ConsoleBackend")
SMS_SENDER_ID = env_str("SMS_SENDER_ID", "UDYOKTA")
# What one SMS code costs us is real money: codes per destination number per Dhaka day, and
# codes for the whole site per day (people/sms/budget.py; the organisers are told when it runs out).
SMS_CODES_PER_NUMBER_PER_DAY = env_int("SMS_CODES_PER_NUMBER_PER_DAY", 5)
SMS_DAILY_BUDGET = env_int("SMS_DAILY_BUDGET", 2000)
# allauth's default (one verification SMS per number per 30 s) raises out of the password login
# of a not-yet-confirmed account as a 500; the daily caps above bound the cost instead.
ACCOUNT_RATE_LIMITS["verify_phone"] = "5/15m/key,20/m/ip"

# --- Zoom (live classes) ------------------------------------------------------------------
# The association's Server-to-Server OAuth app; `manage.py fake_zoom` prints values for a fake Zoom.
ZOOM_ACCOUNT_ID = env_str("ZOOM_ACCOUNT_ID")
ZOOM_CLIENT_ID = env_str("ZOOM_CLIENT_ID")
ZOOM_CLIENT_SECRET = env_str("ZOOM_CLIENT_SECRET")
ZOOM_USER_ID = env_str("ZOOM_USER_ID", "me")  # the licensed host user (e-mail) the classes belong to
ZOOM_BASE_URI = env_str("ZOOM_BASE_URI", "https://api.zoom.us/v2")
ZOOM_OAUTH_URI = env_str("ZOOM_OAUTH_URI", "https://zoom.us/oauth/token")
ZOOM_WEBHOOK_SECRET_TOKEN = env_str("ZOOM_WEBHOOK_SECRET_TOKEN")
ZOOM_TIMEOUT = env_int("ZOOM_TIMEOUT", 10)

# --- certificates ------------------------------------------------------------------------
# Ed25519 keys that sign certificate QR codes: "key-id:base64-private-key,..." (`manage.py cert_keygen`
# prints an entry). Unset: a development key made once in var/cert-signing-dev.key. Rotation: append a
# key and make it active; keep the old ones (or only their public halves in CERT_RETIRED_KEYS).
CERT_SIGNING_KEYS = env_str("CERT_SIGNING_KEYS")
CERT_ACTIVE_KEY_ID = env_str("CERT_ACTIVE_KEY_ID")  # default: the last of CERT_SIGNING_KEYS
CERT_RETIRED_KEYS = env_str("CERT_RETIRED_KEYS")  # "key-id:base64-public-key,...": verify only
# RS256 key that signs Open Badges: PEM RSA ≥ 2048 bits (or BADGE_SIGNING_KEY_FILE). Unset: a
# development key is made once in var/badge-signing-dev.pem. Create one with
#   openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048
BADGE_SIGNING_KEY = env_str("BADGE_SIGNING_KEY")
# PEM public keys of earlier signing keys, still published so the badges they signed keep verifying.
BADGE_RETIRED_KEYS = env_str("BADGE_RETIRED_KEYS")

# --- e-mail -------------------------------------------------------------------------------

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Udyokta <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- language and time --------------------------------------------------------------------

LANGUAGE_CODE = "bn"
LANGUAGES = [("bn", "বাংলা"), ("en", "English")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Dhaka"
USE_TZ = True

# --- static and media ---------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or BASE_DIR / "media")
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
WHITENOISE_MAX_AGE = 60 * 60 * 24 * 30

# --- Wagtail ------------------------------------------------------------------------------

WAGTAIL_SITE_NAME = "Udyokta"
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "txt", "jpg", "png"]

FORMS_URLFIELD_ASSUME_HTTPS = True  # Django 6 behaviour: a link typed without a scheme is https

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- security -----------------------------------------------------------------------------

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG and SITE_URL.startswith("https"))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY", False) else None
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", SECURE_HSTS_SECONDS >= 31536000)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS = env_list("SILENCED_SYSTEM_CHECKS")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # Mobile numbers are masked in every log line and traceback (lms/lib/logmask.py).
    "filters": {"mask_mobiles": {"()": "lms.lib.logmask.MaskMobileNumbers"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["mask_mobiles"]}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Wagtail's search-index and reference-index tasks log every page save.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}

# The embedded default serves uploaded files itself; production puts them behind the proxy
# or an object store.
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
