"""The browser policies the site sends with every response (docs/security.md,
"Content-Security-Policy and other headers") and what other origins may call (CORS on
/api/), for kb/settings.py."""

import os
from datetime import timedelta

from csp.constants import NONE, SELF

from kb.environment import env_list

# Permissions-Policy (django-permissions-policy): no page needs a camera, a microphone, a
# location, sensors, payments or devices; only copying a link to the clipboard, by the site.
# Clipboard reading keeps the browser's default (this origin, after asking the user): the
# browser tests read what "Copy link" wrote.
PERMISSIONS_DENIED = (
    "accelerometer", "autoplay", "browsing-topics", "camera", "display-capture",
    "encrypted-media", "fullscreen", "geolocation", "gyroscope", "hid", "magnetometer",
    "microphone", "midi", "payment", "picture-in-picture", "publickey-credentials-get",
    "screen-wake-lock", "serial", "usb", "xr-spatial-tracking",
)  # fmt: skip
PERMISSIONS_POLICY_DIRECTIVES = {
    **dict.fromkeys(PERMISSIONS_DENIED, ()),
    "clipboard-write": ["self"],
}


def content_security_policy(image_origins: list[str]) -> dict:
    """django-csp's CONTENT_SECURITY_POLICY: scripts, styles, images, fonts and requests only
    from the site itself (images also from `image_origins`, KB_IMAGE_ORIGINS); no inline
    script or style, no plugin, no framing, no <base>. Every script is a static file
    (articles/static/articles/*.js); the browser tests fail on any violation."""
    return {
        "DIRECTIVES": {
            "default-src": [SELF],
            "script-src": [SELF],
            "style-src": [SELF],
            "img-src": [SELF, *image_origins],
            "font-src": [SELF],
            "connect-src": [SELF],
            "object-src": [NONE],
            "base-uri": [NONE],
            "form-action": [SELF],
            "frame-ancestors": [NONE],
        }
    }


def cors_settings() -> dict:
    """django-cors-headers' settings (docs/operating.md "Cross-origin calls to the API"):
    closed unless KB_CORS_ALLOWED_ORIGINS lists origins (comma-separated), e.g. a help-desk
    tool's web app "https://desk.example.com" or its browser extension
    "chrome-extension://<id>". Only /api/, only reading (GET), with the bearer token; never
    cookies: a listed origin gets what any anonymous client gets, with its token's limit.
    Retry-After is readable, so a tool knows how long to wait after a 429."""
    CORS_ALLOWED_ORIGINS = [o.rstrip("/") for o in env_list("KB_CORS_ALLOWED_ORIGINS", "")]
    CORS_URLS_REGEX = r"^/api/"
    CORS_ALLOW_METHODS = ["GET", "OPTIONS"]
    CORS_ALLOW_HEADERS = ["accept", "accept-language", "authorization"]
    CORS_ALLOW_CREDENTIALS = False
    CORS_EXPOSE_HEADERS = ["Retry-After"]
    CORS_PREFLIGHT_MAX_AGE = 3600
    return {name: value for name, value in locals().items() if name.isupper()}


def sign_in_settings() -> dict:
    """django-axes' settings, the sign-in lockout policy of docs/security.md: after
    KB_LOGIN_FAILURE_LIMIT failures of one username from one address, or
    KB_LOGIN_ADDRESS_FAILURE_LIMIT from one address, sign-ins wait
    KB_LOGIN_COOLOFF_MINUTES (a 429). Raises ValueError for a bad number."""
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
    return {name: value for name, value in locals().items() if name.isupper()}
