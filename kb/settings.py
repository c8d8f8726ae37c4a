"""Settings of the help center: one module, driven by environment variables.

See docs/operating.md ("Configuration") for every variable. Nothing here needs editing to
run the demo; production sets DATABASE_URL, DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and
KB_HTTPS.
"""

import os
from datetime import timedelta
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from kb.environment import (
    cache_settings,
    channel_layer_settings,
    database_settings,
    env_bool,
    env_list,
    logging_settings,
    secret_key,
)
from kb.policies import PERMISSIONS_POLICY_DIRECTIVES, content_security_policy

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
# The most open chats one agent holds at once (articles/support/assignment.py).
KB_CHAT_MAX_PER_AGENT = int(os.environ.get("KB_CHAT_MAX_PER_AGENT", "5"))
# Honest waiting (articles/support/presence.py, answer_timeout.py, waiting.py): an agent
# counts as present while a workspace of theirs showed a sign of life within
# KB_CHAT_PRESENCE_TIMEOUT seconds; a taken chat not answered within
# KB_CHAT_ANSWER_TIMEOUT seconds goes back to the queue; the expected wait is the median
# first answer of the last KB_CHAT_WAIT_SAMPLE answered chats.
KB_CHAT_PRESENCE_TIMEOUT = int(os.environ.get("KB_CHAT_PRESENCE_TIMEOUT", "75"))
KB_CHAT_ANSWER_TIMEOUT = int(os.environ.get("KB_CHAT_ANSWER_TIMEOUT", "180"))
KB_CHAT_WAIT_SAMPLE = int(os.environ.get("KB_CHAT_WAIT_SAMPLE", "20"))

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
# Seconds browsers and proxies may reuse a public page before revalidating it.
KB_PAGE_MAX_AGE = int(os.environ.get("KB_PAGE_MAX_AGE", "60"))
# A CDN or reverse proxy in front (articles/web/shared_caches.py, docs/operating.md): the
# URLs that accept our PURGE after each content change ("http://127.0.0.1:6081/", comma-
# separated). Unset: shared caches may keep a public page 1 second (s-maxage=1). Set: they
# keep it KB_SHARED_MAX_AGE seconds and may serve it KB_STALE_WHILE_REVALIDATE seconds more
# while fetching a new copy; every change purges them at once and again a moment later.
KB_CACHE_PURGE_URLS = env_list("KB_CACHE_PURGE_URLS", "")
KB_SHARED_MAX_AGE = int(os.environ.get("KB_SHARED_MAX_AGE", "86400"))
KB_STALE_WHILE_REVALIDATE = int(os.environ.get("KB_STALE_WHILE_REVALIDATE", "30"))
KB_PURGE_REPEAT_SECONDS = float(os.environ.get("KB_PURGE_REPEAT_SECONDS", "1"))

# --- Client address -------------------------------------------------------------------
# Reverse proxies in front of the site that append to X-Forwarded-For (0: none, the client
# connects directly). The client is then the N-th address from the right of that header
# (articles/core/client_ip.py); sign-in lockouts and rate limits key on it.
KB_TRUSTED_PROXY_COUNT = int(os.environ.get("KB_TRUSTED_PROXY_COUNT", "0"))

# --- Sign-in protection (django-axes; policy in docs/security.md) ----------------------
# Failures are counted in the database: every worker and host sees the same counts.
AXES_HANDLER = "articles.accounts.lockout.SignInLockoutHandler"
# A username from one address, and one address whatever the usernames. Never a username
# alone: anyone could then lock an editor out from anywhere.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_FAILURE_LIMIT = int(os.environ.get("KB_LOGIN_FAILURE_LIMIT", "5"))
KB_LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("KB_LOGIN_ADDRESS_FAILURE_LIMIT", "20"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("KB_LOGIN_COOLOFF_MINUTES", "15")))
# A success does not wipe the failures: with one valid account an attacker could otherwise
# reset the count of the address between guesses at another account.
AXES_RESET_ON_SUCCESS = False
AXES_CLIENT_IP_CALLABLE = "articles.core.client_ip.client_ip"
AXES_LOCKOUT_CALLABLE = "articles.accounts.lockout.locked_out"
AXES_HTTP_RESPONSE_CODE = 429

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
KB_IMAGE_MAX_BYTES = int(os.environ.get("KB_IMAGE_MAX_BYTES", str(5 * 1024 * 1024)))
# Decoded size limits, checked from the header: a small file can decode to gigabytes.
# Width × height of one frame; frames of an animation; width × height × frames.
KB_IMAGE_MAX_PIXELS = int(os.environ.get("KB_IMAGE_MAX_PIXELS", str(40_000_000)))
KB_IMAGE_MAX_FRAMES = int(os.environ.get("KB_IMAGE_MAX_FRAMES", "200"))
KB_IMAGE_MAX_TOTAL_PIXELS = int(os.environ.get("KB_IMAGE_MAX_TOTAL_PIXELS", str(50_000_000)))
# The process that decodes an upload (articles/publishing/image_sandbox.py) is killed after
# this many seconds (wall clock, and as many of CPU), and may map at most this many bytes.
KB_IMAGE_DECODE_SECONDS = float(os.environ.get("KB_IMAGE_DECODE_SECONDS", "10"))
KB_IMAGE_DECODE_MEMORY = int(os.environ.get("KB_IMAGE_DECODE_MEMORY", str(1024**3)))
# Other origins article bodies may show images from ("https://cdn.example.com"): every
# other <img> is dropped by the sanitizer (tracking pixels), and the CSP allows only these.
KB_IMAGE_ORIGINS = [origin.rstrip("/") for origin in env_list("KB_IMAGE_ORIGINS", "")]

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
# Cross-origin calls to the API (django-cors-headers; docs/operating.md "Cross-origin
# calls to the API"): closed unless origins are listed, e.g. a help-desk tool's web app
# "https://desk.example.com" or its browser extension "chrome-extension://<id>". Only
# /api/, only reading (GET), with the bearer token; never cookies: a listed origin gets
# what any anonymous client gets, with its token's limit if it sends one.
CORS_ALLOWED_ORIGINS = [o.rstrip("/") for o in env_list("KB_CORS_ALLOWED_ORIGINS", "")]
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_METHODS = ["GET", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "accept-language", "authorization"]
CORS_ALLOW_CREDENTIALS = False
# A tool reads how long to wait after a 429 (articles/api/auth.py).
CORS_EXPOSE_HEADERS = ["Retry-After"]
CORS_PREFLIGHT_MAX_AGE = 3600
# Content-Security-Policy and Permissions-Policy: kb/policies.py says what each allows.
CONTENT_SECURITY_POLICY = content_security_policy(KB_IMAGE_ORIGINS)
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

# --- E-mail and contact requests (docs/operating.md "E-mail") -------------------------------
# Django's e-mail framework: replies to visitors and forwarded requests go through it. Set
# EMAIL_HOST for SMTP. Without it nothing is sent: in development (DJANGO_DEBUG=1) the
# console backend prints e-mails; otherwise they are refused and recorded as not sent,
# since the console would write visitors' addresses and private status links into the
# log (articles/support/mail_backends.py; `check --deploy` warns, articles.W008).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    _DEFAULT_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
elif DEBUG:
    _DEFAULT_EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    _DEFAULT_EMAIL_BACKEND = "articles.support.mail_backends.UnconfiguredEmailBackend"
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", _DEFAULT_EMAIL_BACKEND)
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=EMAIL_PORT == 587)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=EMAIL_PORT == 465)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "OKPay support <support@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where visitors' answers to our e-mails go (empty: to DEFAULT_FROM_EMAIL).
KB_CONTACT_REPLY_TO = env_list("KB_CONTACT_REPLY_TO", "")
# Forward each new request to the operator's own help desk: a webhook (JSON, signed with
# the secret) or else an e-mail address (articles/support/forwarding.py).
KB_CONTACT_FORWARD_WEBHOOK = os.environ.get("KB_CONTACT_FORWARD_WEBHOOK", "")
KB_CONTACT_WEBHOOK_SECRET = os.environ.get("KB_CONTACT_WEBHOOK_SECRET", "")
KB_CONTACT_FORWARD_EMAIL = os.environ.get("KB_CONTACT_FORWARD_EMAIL", "")
# The site's address for links in forwarded requests and e-mails ("https://help.example.com").
KB_SITE_URL = os.environ.get("KB_SITE_URL", "")
# Conversations' data (articles/support/links.py, retention.py; docs/operating.md): how long a
# signed link in an e-mail opens its conversation, how long a "My requests" sign-in link
# works, and after how many days without activity `prune_conversations` deletes one.
KB_CONVERSATION_LINK_DAYS = int(os.environ.get("KB_CONVERSATION_LINK_DAYS", "30"))
KB_MY_REQUESTS_LINK_MINUTES = int(os.environ.get("KB_MY_REQUESTS_LINK_MINUTES", "60"))
KB_CONVERSATION_RETENTION_DAYS = int(os.environ.get("KB_CONVERSATION_RETENTION_DAYS", "730"))
