"""Settings of the help center: one module, driven by environment variables.

See docs/operating.md ("Configuration") for every variable. Nothing here needs editing to
run the demo; production sets DATABASE_URL, DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and
KB_HTTPS.
"""

import os
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from kb.environment import (
    cache_settings,
    channel_layer_settings,
    database_settings,
    env_bool,
    env_list,
    http_cache_settings,
    image_settings,
    logging_settings,
    secret_key,
)
from kb.policies import (
    PERMISSIONS_POLICY_DIRECTIVES,
    content_security_policy,
    cors_settings,
    sign_in_settings,
)
from kb.support_settings import support_settings

BASE_DIR = Path(__file__).resolve().parent.parent


KB_DATA_DIR = Path(os.environ.get("KB_DATA_DIR") or BASE_DIR / "var").resolve()
KB_DATA_DIR.mkdir(parents=True, exist_ok=True)
KB_INDEX_DIR = Path(os.environ.get("KB_INDEX_DIR") or KB_DATA_DIR / "index").resolve()
# Where the search index lives: "whoosh" (a directory per host, KB_INDEX_DIR) or "postgres"
# (tables of the PostgreSQL database of DATABASE_URL, shared by every host). See docs/search.md.
KB_SEARCH_BACKEND = os.environ.get("KB_SEARCH_BACKEND", "whoosh").strip().lower()
# Seconds a save waits for the index writer lock; past that its change waits in the log.
KB_INDEX_LOCK_TIMEOUT = float(os.environ.get("KB_INDEX_LOCK_TIMEOUT", "10"))
# Search log and view counts written by a background thread (never slow a page); 0 = inline.
KB_BACKGROUND_WRITES = env_bool("KB_BACKGROUND_WRITES", default=True)
# Search-log entries each process writes a minute at most: a flood cannot grow the log.
KB_SEARCH_LOG_PER_MINUTE = int(os.environ.get("KB_SEARCH_LOG_PER_MINUTE", "600"))
# Days of search log (and result clicks) kept: the default of `prune_search_log --keep-days`
# and the longest period the analytics view offers. Run prune_search_log daily from cron.
KB_SEARCH_LOG_RETENTION_DAYS = int(os.environ.get("KB_SEARCH_LOG_RETENTION_DAYS", "90"))


SECRET_KEY = secret_key(KB_DATA_DIR)
DEBUG = env_bool("DJANGO_DEBUG")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")

INSTALLED_APPS = [
    # Daphne's `runserver` serves kb.asgi (pages and the chat's WebSockets): the demo's one
    # command. It must come before django.contrib.staticfiles.
    "daphne",
    # modeltranslation must come before the admin so its admin classes patch the forms.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_ratelimit",
    "axes",
    "csp",
    # CORS headers on /api/ for the origins of KB_CORS_ALLOWED_ORIGINS (none by default).
    "corsheaders",
    # Article revisions (articles/publishing/revisions.py); its own tables, no change to Article.
    "reversion",
    # The live chat's WebSockets and events (kb/asgi.py, articles/support/live.py).
    "channels",
    "articles",
]

MIDDLEWARE = [
    # Before anything parses a request body: a file whose name is not UTF-8 still arrives.
    "articles.web.multipart.MultipartHeaderMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Above everything that may answer by itself (static files, the page cache, limits),
    # so that a preflight is answered here and every /api/ answer gets its CORS headers.
    "corsheaders.middleware.CorsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compresses public pages only (no cookie either way, no CSRF token: BREACH), below
    # WhiteNoise (static files are compressed in advance) and above the public cache
    # policy whose Cache-Control it reads (articles/web/compression.py).
    "articles.web.compression.PublicCompressionMiddleware",
    # Above every middleware that may set a cookie (session, CSRF, messages), so that it
    # sees them all: a response that sets a cookie is never publicly cacheable.
    "articles.web.middleware.PublicCacheMiddleware",
    # Visitors' pages from the shared cache (articles/web/page_cache.py): below the public
    # cache policy and the security headers, above everything a hit may skip.
    "articles.web.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Every POST counts against the "post" limit (after Locale: the 429 is translated).
    "articles.web.throttles.PostThrottleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Turns a rate limit hit into RATELIMIT_VIEW (a 429), not a generic 403.
    "django_ratelimit.middleware.RatelimitMiddleware",
    # Turns a locked-out sign-in into the lockout page (AXES_LOCKOUT_CALLABLE); last, as
    # django-axes requires.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kb.urls"
LOGIN_URL = "admin:login"
WSGI_APPLICATION = "kb.wsgi.application"
ASGI_APPLICATION = "kb.asgi.application"
# The chat's events between processes: Redis with REDIS_URL, else memory (one process).
CHANNEL_LAYERS = channel_layer_settings()

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "articles.web.context_processors.site",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
# DATABASE_URL (PostgreSQL in production), else SQLite in KB_DATA_DIR (kb/environment.py).
DATABASES = {"default": database_settings(KB_DATA_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# django-axes first: it refuses a locked-out sign-in before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Languages ------------------------------------------------------------------------
# Adding a language: add it here, run makemigrations (modeltranslation adds the columns),
# migrate, and rebuild_search_index. Analyzers fall back to a generic Unicode one.
# The source language: articles are written in it and translated from it; readers get it
# when their language has no published translation (articles/core/languages.py reads it).
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("zh-hans", _("Simplified Chinese")),
    ("ru", _("Russian")),
    ("es", _("Spanish")),
    ("ar", _("Arabic")),
]
LANGUAGES_BIDI = ["ar", "he", "fa", "ur"]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"

MODELTRANSLATION_DEFAULT_LANGUAGE = LANGUAGE_CODE
MODELTRANSLATION_FALLBACK_LANGUAGES = (LANGUAGE_CODE,)
# modeltranslation's tabbed admin loads jQuery UI from a CDN unless told otherwise; the help
# center must never depend on an asset from the internet, so it is served from our static.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"

# --- Cache (rate limits, page fragments) ----------------------------------------------
# One process: local memory. Several workers or hosts: REDIS_URL, so limits are shared.
# Visitors' pages and search results (articles/web/page_cache.py): Redis beside the default
# cache, else a bounded local memory per process (pages are kept compressed: a few KB each).
KB_PAGE_CACHE = env_bool("KB_PAGE_CACHE", default=True)
KB_PAGE_CACHE_ENTRIES = int(os.environ.get("KB_PAGE_CACHE_ENTRIES", "5000"))
CACHES = cache_settings(KB_PAGE_CACHE_ENTRIES)

# --- Rate limits (docs/security.md) ------------------------------------------------------
# Per client address, counted in the cache above. KB_RATE_LIMIT=0 turns every limit off
# (load tests, benchmarks); KB_RATE_<NAME> changes one ("count/period", empty = no limit).
KB_RATE_LIMIT = env_bool("KB_RATE_LIMIT", default=True)
KB_RATE_LIMITS = {
    "search": os.environ.get("KB_RATE_SEARCH", "60/m"),
    "suggest": os.environ.get("KB_RATE_SUGGEST", "240/m"),
    "post": os.environ.get("KB_RATE_POST", "30/m"),
    "feedback": os.environ.get("KB_RATE_FEEDBACK", "30/h"),
    "contact": os.environ.get("KB_RATE_CONTACT", "10/h"),
    # The live chat: conversations opened, and messages sent (WebSocket and HTTP alike).
    "chat": os.environ.get("KB_RATE_CHAT", "10/h"),
    "chat_message": os.environ.get("KB_RATE_CHAT_MESSAGE", "40/m"),
    # "My requests" sign-in links asked for: per client address, and per e-mail address.
    "my_requests": os.environ.get("KB_RATE_MY_REQUESTS", "10/h"),
    "my_requests_address": os.environ.get("KB_RATE_MY_REQUESTS_ADDRESS", "3/h"),
    # Per API token (Authorization: Bearer …), instead of the address's search/suggest limits.
    "token": os.environ.get("KB_RATE_TOKEN", "600/m"),
    # Failed API token checks per address; past it, 429 before any token is looked up.
    "bad_token": os.environ.get("KB_RATE_BAD_TOKEN", "10/m"),
}
RATELIMIT_VIEW = "articles.web.views.errors.rate_limited"
# A cache that cannot count (Redis down) lets requests through rather than refusing all.
RATELIMIT_FAIL_OPEN = True
# How long browsers and shared caches (a CDN, Varnish) keep public pages, and the URLs
# that get a PURGE after each change: kb/environment.py http_cache_settings().
globals().update(http_cache_settings())

# --- Client address -------------------------------------------------------------------
# Reverse proxies in front of the site that append to X-Forwarded-For (0: none, the client
# connects directly). The client is then the N-th address from the right of that header
# (articles/core/client_ip.py); sign-in lockouts and rate limits key on it.
KB_TRUSTED_PROXY_COUNT = int(os.environ.get("KB_TRUSTED_PROXY_COUNT", "0"))

# --- Sign-in protection (django-axes; policy in docs/security.md) ----------------------
globals().update(sign_in_settings())  # kb/policies.py: who is locked out, for how long

# --- Static files ---------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = KB_DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # collectstatic fills it; WhiteNoise warns when absent
# collectstatic (the demo and every deployment run it) writes each file under a name with
# its content hash, with Brotli and gzip copies beside it; WhiteNoise serves those with a
# far-future immutable Cache-Control (articles/web/static_files.py). Until it has run
# (tests, a fresh checkout), pages link plain names, served from the apps by the finders.
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "articles.web.static_files.HashedStaticFilesStorage"},
}

# --- Uploaded images (docs/editors.md "Images") -----------------------------------------
# Images editors upload live under KB_DATA_DIR/media and are served by the site itself
# (articles/web/media.py), re-encoded and named by their content hash.
MEDIA_URL = "/media/"
MEDIA_ROOT = KB_DATA_DIR / "media"
# Upload limits, checked before an image is decoded (bytes, pixels, frames, time, memory),
# and the other origins article bodies may show images from: kb/environment.py.
_images = image_settings()
globals().update(_images)

# --- Security -------------------------------------------------------------------------
# KB_HTTPS=1 when the site is served over TLS (production): secure cookies, HSTS and the
# redirect. The demo on http://127.0.0.1:8000 needs them off, or the admin login breaks.
KB_HTTPS = env_bool("KB_HTTPS")
SECURE_SSL_REDIRECT = KB_HTTPS
SESSION_COOKIE_SECURE = KB_HTTPS
CSRF_COOKIE_SECURE = KB_HTTPS
LANGUAGE_COOKIE_SECURE = KB_HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("KB_HSTS_SECONDS", "31536000")) if KB_HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = KB_HTTPS
SECURE_HSTS_PRELOAD = False
if env_bool("KB_BEHIND_PROXY"):
    # Only behind a proxy that sets this header itself (and strips the client's).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")
SECURE_REFERRER_POLICY = "same-origin"
# Cross-origin calls to the API (django-cors-headers): closed unless origins are listed
# in KB_CORS_ALLOWED_ORIGINS; what a listed origin may do is kb/policies.py's.
globals().update(cors_settings())
# Content-Security-Policy and Permissions-Policy: kb/policies.py says what each allows.
CONTENT_SECURITY_POLICY = content_security_policy(_images["KB_IMAGE_ORIGINS"])
PERMISSIONS_POLICY = PERMISSIONS_POLICY_DIRECTIVES
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS = [
    # django_ratelimit.E003/W001 refuse local memory and Django's own Redis backend alike;
    # articles.W001 (articles/checks.py) says instead when limits are per process.
    "django_ratelimit.E003",
    "django_ratelimit.W001",
    # security.W021 (HSTS preload): preloading is a one-way decision for the whole domain,
    # to be taken by whoever runs the domain, not by this application.
    "security.W021",
]

# --- Logging --------------------------------------------------------------------------
# KB_LOG_FORMAT=json: one JSON object per line for log collectors; plain text otherwise.
# KB_LOG_LEVEL (INFO). Status-link tokens of contact requests never reach the logs.
LOGGING = logging_settings()

# --- E-mail, contact requests, the chat and conversations' data ----------------------------
# kb/support_settings.py: read from the environment there, one setting per name as here.
globals().update(support_settings(debug=DEBUG))
