"""Every role on the workspace's ways in: its views, the composer's search, taking,
assigning and notes (Support and Editors only; others 403, anonymous to the sign-in), and
the canned replies' admin (Editors change them; Support agents read them only in the
workspace)."""

import pytest

from articles.models import CannedReply, ContactMessage
from tests.accounts.ways_in import ROLES, sign_in
from tests.support.chat_helpers import chat_layer, open_conversation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("chat_layer")]
__all__ = ["chat_layer"]
ANSWERS = {"editor", "support agent"}  # the roles whose groups answer conversations
EDITS_CANNED = {"editor"}


def _expected(name: str, allowed: set[str], ok: int) -> int:
    if ROLES[name].groups is None:
        return 302
    return ok if name in allowed else 403


@pytest.mark.parametrize("name", sorted(ROLES))
def test_the_workspace_answers_to_support_and_editors_only(name, search_index):
    contact, _token = open_conversation()
    signed = sign_in(name)
    url = f"/en/support/requests/{contact.reference}/"
    views = signed.fresh().get("/en/support/?view=mine")
    assert ("data-chat-queue" in views.content.decode()) == (name in ANSWERS), name
    searched = signed.fresh().get(f"{url}articles/", {"q": "fees"}).status_code
    assert searched == _expected(name, ANSWERS, 200), name
    for data in ({"action": "take"}, {"action": "assign", "agent": "way-editor"},
                 {"action": "reply", "message": f"note by {name}", "internal": "1"}):  # fmt: skip
        assert signed.fresh().post(url, data).status_code == _expected(name, ANSWERS, 302), name
    contact.refresh_from_db()
    assert (contact.assigned_to is not None) == (name in ANSWERS)
    noted = ContactMessage.objects.filter(body=f"note by {name}", internal=True).exists()
    assert noted == (name in ANSWERS)


@pytest.mark.parametrize("name", sorted(ROLES))
def test_only_editors_change_canned_replies(name, db):
    signed = sign_in(name)
    data = {"key": "greeting", "language": "en", "title": "Hello", "body": f"by {name}"}
    added = signed.fresh().post("/admin/articles/cannedreply/add/", data)
    assert CannedReply.objects.filter(body=f"by {name}").exists() == (name in EDITS_CANNED)
    if ROLES[name].groups is None:
        assert added.status_code == 302 and "/admin/login/" in added["Location"]
    elif name not in EDITS_CANNED:
        assert added.status_code == 403, name
