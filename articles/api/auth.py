"""API tokens at request time: who is calling `/api/`, and which limit applies.

Without an `Authorization` header a request is anonymous and counted per client address
against the endpoint's limit (articles/web/throttles.py). With `Authorization: Bearer <token>`
of a token editors issued (articles/models/api_tokens.py), it is counted against the
token's own, higher limit (`KB_RATE_TOKEN`, 600 a minute) and its use is added to the
token's request count. A header with an unknown or revoked token is a 401: a tool whose
token was revoked must learn it, not silently fall back to the anonymous limit.

Every failed token check counts against the address's `bad_token` limit (`KB_RATE_BAD_TOKEN`,
10 a minute): past it, a request with an `Authorization` header is a 429 before the token
is looked up, so guessing tokens costs the database nothing. A valid token is never
counted there, and an address's anonymous calls never hold a token back.
"""

from collections import Counter
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.db.models import F
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from articles.core.buffered import BufferedWriter
from articles.models import ApiToken
from articles.models.api_tokens import token_digest
from articles.web.throttles import Throttled, count_request, retry_after, used_up

# The per-address limit of failed token checks (settings.KB_RATE_LIMITS).
BAD_TOKEN_LIMIT = "bad_token"  # noqa: S105  (the name of a limit, not a secret)


class InvalidToken(Exception):
    """The request named a token that does not exist, was revoked, or is malformed."""


def request_token(request: HttpRequest) -> ApiToken | None:
    """The active token the request authenticates with; None without an Authorization
    header. Raises InvalidToken for any other scheme, an unknown or a revoked token."""
    header = request.headers.get("Authorization", "")
    if not header:
        return None
    scheme, _space, secret = header.strip().partition(" ")
    secret = secret.strip()
    if scheme.lower() != "bearer" or not secret or len(secret) > 200:
        raise InvalidToken
    token = ApiToken.objects.filter(digest=token_digest(secret), revoked_at=None).first()
    if token is None:
        raise InvalidToken
    return token


def _write_uses(token_ids: list[int]) -> None:
    now = timezone.now()
    for token_id, count in Counter(token_ids).items():
        ApiToken.objects.filter(pk=token_id).update(
            requests=F("requests") + count, last_used_at=now
        )


usage_counter = BufferedWriter("api-token-usage", _write_uses, linger=2.0)


def count_use(token: ApiToken) -> None:
    """Add one request to `token`'s count, in the background (KB_BACKGROUND_WRITES)."""
    if settings.KB_BACKGROUND_WRITES:
        usage_counter.add(token.pk)
    else:
        usage_counter.write_now([token.pk])


def unauthorized() -> JsonResponse:
    response = JsonResponse(
        {"error": _("Unknown or revoked API token: ask an editor for a new one.")}, status=401
    )
    response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


def authenticate(request: HttpRequest) -> ApiToken | None:
    """The request's token (None: anonymous), checked under the address's `bad_token`
    limit. Raises Throttled, without looking the token up, when the address has failed
    too often in this window, and InvalidToken (counted there) for a bad token."""
    if not request.headers.get("Authorization"):
        return None
    wait = used_up(request, BAD_TOKEN_LIMIT)
    if wait is not None:
        raise Throttled(wait, BAD_TOKEN_LIMIT)
    try:
        return request_token(request)
    except InvalidToken:
        retry_after(request, BAD_TOKEN_LIMIT)
        raise


def api_throttle(limit: str) -> Callable:
    """View decorator for `/api/` endpoints: the anonymous `limit` per address, or the
    token's limit per token; 401 for a bad token, 429 (Throttled) over a limit, or for
    an address past its limit of failed token checks (see `authenticate`).

    Answers to a token are `private`: a shared cache must not serve them to others (nor
    hide the token's use from its count).
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def limited_view(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            try:
                token = authenticate(request)
            except InvalidToken:
                return unauthorized()
            if token is None:
                wait = count_request(request, limit)
            else:
                wait = retry_after(request, "token", key=f"token:{token.pk}")
            if wait is not None:
                raise Throttled(wait, limit if token is None else "token")
            request.api_token = token
            response = view(request, *args, **kwargs)
            if token is not None:
                count_use(token)
                patch_cache_control(response, private=True)
            return response

        return limited_view

    return decorator
