"""The browser policies the site sends with every response (docs/security.md,
"Content-Security-Policy and other headers"), for kb/settings.py."""

from csp.constants import NONE, SELF

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
