"""The address of the client that sent a request, also behind trusted reverse proxies.

Rule: with `KB_TRUSTED_PROXY_COUNT` = N (default 0), the client is
- N = 0: `REMOTE_ADDR`, the peer of the TCP connection; `X-Forwarded-For` is ignored,
  since anyone can send that header;
- N > 0: the address N entries from the right of `X-Forwarded-For`. Each proxy appends
  the address it received the connection from, so the right-most N entries were written by
  our own N proxies and the N-th from the right is the peer of the outermost one. Entries
  further left were sent by the client and are never trusted. When the header has fewer
  than N entries, or that entry is not an IP address, the request did not come through
  the proxies as configured and `REMOTE_ADDR` is used.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The client's IP address as text (e.g. "203.0.113.7"; "" only if the server gave none)."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    hops = int(getattr(settings, "KB_TRUSTED_PROXY_COUNT", 0) or 0)
    if hops <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) < hops:
        return remote
    candidate = forwarded[-hops]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
