"""Screenshots sent with a contact request: shown to the visitor who holds the status link
and to agents in the desk, nowhere else (they are not under /media/).

Served like uploaded images (articles/web/media.py): their checked type, `nosniff`, a CSP with
`sandbox`, and never cached by anyone else (`private, no-store`).
"""

from django.contrib.auth.decorators import login_required, permission_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from articles.models import ContactAttachment
from articles.support.requests import find_by_token
from articles.web.media import MEDIA_POLICY


def _serve(attachment: ContactAttachment) -> HttpResponse:
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404("The file is gone.") from missing
    response = FileResponse(handle, content_type=attachment.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = MEDIA_POLICY
    response["Referrer-Policy"] = "no-referrer"
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_safe
def visitor_attachment(request: HttpRequest, token: str, attachment_id: int) -> HttpResponse:
    """`/<lang>/requests/<token>/files/<id>/`: one screenshot of that request; else 404."""
    contact_request = find_by_token(token)
    if contact_request is None:
        raise Http404("No request with this link.")
    return _serve(get_object_or_404(contact_request.attachments, pk=attachment_id))


@require_safe
@login_required
@permission_required("articles.answer_contact_requests", raise_exception=True)
def desk_attachment(request: HttpRequest, attachment_id: int) -> HttpResponse:
    """`/<lang>/support/files/<id>/`: a screenshot, for agents."""
    return _serve(get_object_or_404(ContactAttachment, pk=attachment_id))
