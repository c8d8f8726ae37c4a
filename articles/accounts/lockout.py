"""Sign-in lockout (django-axes): the address limit beside the account limit, and the page.

Policy (docs/security.md, "Sign-in protection"): failed sign-ins are counted per username *and*
address pair (`AXES_FAILURE_LIMIT`, 5) and per address over every username
(`KB_LOGIN_ADDRESS_FAILURE_LIMIT`, 20), in the database so every worker and host shares
them; either limit reached locks for `AXES_COOLOFF_TIME` after the last failure. There is
deliberately no lock per username alone: it would let anyone lock an editor out.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib import admin
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext


class SignInLockoutHandler(AxesDatabaseHandler):
    """Axes' database handler with a separate, higher limit for an address.

    `AXES_LOCKOUT_PARAMETERS` is `[["username", "ip_address"], "ip_address"]`, so axes
    hands us two sets of attempts: this username from this address, and everything from
    this address. Axes compares one count with one limit (the pair's), so the address's
    count is scaled to that unit: the address locks at exactly its own limit.
    """

    def get_failures(self, request: HttpRequest, credentials: dict | None = None) -> int:
        pair, address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        pair_limit = settings.AXES_FAILURE_LIMIT
        return max(pair, address * pair_limit // settings.KB_LOGIN_ADDRESS_FAILURE_LIMIT)


def locked_out(
    request: HttpRequest, original_response=None, credentials: dict | None = None
) -> HttpResponse:
    """A 429 page, in the visitor's language, saying when signing in works again.

    Each attempt while locked restarts the cool-off (axes records it), so the lock ends at
    the latest one cool-off from now; `Retry-After` says the same in seconds.
    """
    cool_off = get_cool_off(request)
    context = {
        **admin.site.each_context(request),
        "title": gettext("Sign-in paused"),
        "retry_at": timezone.localtime() + cool_off,
    }
    response = render(request, "admin/locked_out.html", context, status=429)
    response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
