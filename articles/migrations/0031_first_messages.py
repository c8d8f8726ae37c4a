"""Every conversation's first message becomes its first ContactMessage as well.

Before, the visitor's first message lived only in ContactRequest.message and the thread
held what came after; now a transcript is the messages alone (chat and form alike). The
copy carries the conversation's own time, so it sorts before every reply. Reversing
removes exactly those copies.
"""

from django.db import migrations

BATCH = 500


def copy_first_messages(apps, schema_editor):
    ContactRequest = apps.get_model("articles", "ContactRequest")
    ContactMessage = apps.get_model("articles", "ContactMessage")
    requests = ContactRequest.objects.order_by("pk").only("pk", "message", "created_at")
    for contact in requests.iterator(chunk_size=BATCH):
        first = ContactMessage.objects.create(
            request_id=contact.pk, from_agent=False, body=contact.message
        )
        # auto_now_add set "now" on create; the message was written when the request was.
        ContactMessage.objects.filter(pk=first.pk).update(created_at=contact.created_at)


def remove_first_messages(apps, schema_editor):
    ContactRequest = apps.get_model("articles", "ContactRequest")
    ContactMessage = apps.get_model("articles", "ContactMessage")
    for contact in ContactRequest.objects.order_by("pk").iterator(chunk_size=BATCH):
        first = ContactMessage.objects.filter(request_id=contact.pk).order_by("created_at", "pk")
        first = first.first()
        if (
            first is not None
            and not first.from_agent
            and first.body == contact.message
            and first.created_at == contact.created_at
        ):
            first.delete()


class Migration(migrations.Migration):
    dependencies = [("articles", "0030_conversations")]

    operations = [migrations.RunPython(copy_first_messages, remove_first_messages)]
