"""What the chat's sockets read of a WebSocket handshake's scope (consumers.py): whether
its Origin is this site, the site's address it came to, and the client address as
articles/core/client_ip.py reads it from a request.

Imports: Django's settings only.
"""

from types import SimpleNamespace
from urllib.parse import urlparse

from django.conf import settings


def same_origin(scope: dict) -> bool:
    """Whether the handshake's Origin is this site (the Host it connected to) or one of
    CSRF_TRUSTED_ORIGINS; AllowedHostsOriginValidator (kb/asgi.py) checked the host alone."""
    headers = dict(scope.get("headers") or [])
    origin = headers.get(b"origin", b"").decode("latin1")
    host = headers.get(b"host", b"").decode("latin1")
    if not origin or not host:
        return False
    return urlparse(origin).netloc == host or origin in settings.CSRF_TRUSTED_ORIGINS


def site_url(scope: dict) -> str:
    """The site's address a socket came to ("https://help.example.com"), for e-mailed links."""
    headers = dict(scope.get("headers") or [])
    host = headers.get(b"host", b"").decode("latin1")
    secure = settings.KB_HTTPS or scope.get("scheme") == "wss"
    return f"{'https' if secure else 'http'}://{host}" if host else ""


def address_request(scope: dict) -> SimpleNamespace:
    """What articles/core/client_ip.py reads of a request (META), from a socket's scope."""
    headers = dict(scope.get("headers") or [])
    client = scope.get("client") or ("", 0)
    return SimpleNamespace(
        META={
            "REMOTE_ADDR": client[0] or "",
            "HTTP_X_FORWARDED_FOR": headers.get(b"x-forwarded-for", b"").decode("latin1"),
        }
    )
