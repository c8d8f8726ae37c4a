"""Contact requests become conversations (migrations 0030-0031) without losing a row,
and get the workspace's timers from their messages (0034).

A database of its own is migrated to 0029 (before conversations), filled with requests,
replies, follow-ups and screenshots through the historical models, then migrated forward
with Django's MigrationExecutor, as Django's own migration tests do; a separate process,
since schema changes cannot run inside the test's transaction.
"""

import json

from tests.processes import run_django

SCRIPT = r"""
import json
from datetime import datetime, timedelta, timezone
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("articles", "0029_article_change_time_index")]
executor = MigrationExecutor(connection)
# Forward to the latest migration: the models read below are today's.
AFTER = [node for node in executor.loader.graph.leaf_nodes() if node[0] == "articles"]
executor.migrate(BEFORE)
apps = executor.loader.project_state(BEFORE).apps
Request = apps.get_model("articles", "ContactRequest")
Message = apps.get_model("articles", "ContactMessage")
Attachment = apps.get_model("articles", "ContactAttachment")
start = datetime(2024, 3, 1, 9, 0, tzinfo=timezone.utc)
for number in range(3):
    request = Request.objects.create(
        reference=f"R-TEST000{number}", token_hash=f"{number:064d}", language="ru",
        email=f"v{number}@example.com", subject=f"Subject {number}",
        message=f"First message {number}\nsecond line", status="waiting",
    )
    Request.objects.filter(pk=request.pk).update(created_at=start + timedelta(days=number))
    for index in range(number):
        reply = Message.objects.create(request=request, from_agent=index % 2 == 0,
                                       body=f"Reply {number}.{index}", emailed=True)
        Message.objects.filter(pk=reply.pk).update(
            created_at=start + timedelta(days=number, hours=index + 1))
Attachment.objects.create(request=Request.objects.get(reference="R-TEST0002"),
                          file="contact/x.png", content_type="image/png", size=10)

executor = MigrationExecutor(connection)
executor.loader.build_graph()
executor.migrate(AFTER)
from articles.models import ContactRequest
found = {}
for request in ContactRequest.objects.order_by("reference"):
    found[request.reference] = {
        "channel": request.channel, "status": request.status, "email": request.email,
        "token_hash": request.token_hash, "attachments": request.attachments.count(),
        "first_response_at": request.first_response_at and request.first_response_at.isoformat(),
        "messages": [[m.from_agent, m.body, m.created_at.isoformat(), m.emailed]
                     for m in request.messages.all()],
    }
print(json.dumps(found))
"""


def test_every_request_becomes_a_conversation_with_all_its_messages(tmp_path):
    done = run_django(SCRIPT, KB_DATA_DIR=str(tmp_path))
    assert done.returncode == 0, done.stderr[-3000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert sorted(found) == ["R-TEST0000", "R-TEST0001", "R-TEST0002"]
    last = found["R-TEST0002"]
    assert last["channel"] == "form" and last["status"] == "waiting"
    assert last["email"] == "v2@example.com" and last["token_hash"] == f"{2:064d}"
    assert last["attachments"] == 1
    # The first message comes first, at the request's own time; the replies follow, kept.
    assert [(m[0], m[1]) for m in last["messages"]] == [
        (False, "First message 2\nsecond line"),
        (True, "Reply 2.0"),
        (False, "Reply 2.1"),
    ]
    assert last["messages"][0][2] == "2024-03-03T09:00:00+00:00"
    assert [m[3] for m in last["messages"][1:]] == [True, True]
    assert [m[1] for m in found["R-TEST0000"]["messages"]] == ["First message 0\nsecond line"]
    # The timers: first answered at the first agent message; none for no answer.
    assert last["first_response_at"] == "2024-03-03T10:00:00+00:00"
    assert found["R-TEST0000"]["first_response_at"] is None
