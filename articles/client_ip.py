"""The address a request really comes from, also behind trusted reverse proxies.

With `KB_TRUSTED_PROXY_COUNT` = 0 (the default: the server is reached directly) it is
`REMOTE_ADDR`. With N > 0 proxies in front of the site, each of which appends the address
it received the request from to `X-Forwarded-For`, the client is the N-th entry from the
right: the entries further left were written by the client itself and can be forged.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The client's IP address as a string, e.g. "203.0.113.7".

    Falls back to `REMOTE_ADDR` when `X-Forwarded-For` has fewer than N entries or its N-th
    entry from the right is not an IP address (a request that did not pass every proxy).
    """
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.KB_TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(forwarded) < proxies:
        return remote
    candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
