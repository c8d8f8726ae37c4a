"""Support agents (and Editors) answer contact requests in the desk; Editors configure the
contact channels and see the requests in the admin."""

from django.db import migrations

from articles.migrations import _groups

CHANNEL_MODELS = ("contactchannels", "phoneline", "socialaccount")


def grant(apps, schema_editor):
    channel_permissions = [
        f"{action}_{model}" for model in CHANNEL_MODELS for action in ("add", "change", "delete", "view")
    ]
    _groups.grant(
        apps,
        {
            "Support": ["answer_contact_requests", "view_contactrequest"],
            "Editors": [
                "answer_contact_requests",
                "view_contactrequest",
                *channel_permissions,
            ],
        },
    )


class Migration(migrations.Migration):
    dependencies = [("articles", "0019_contact_channels_and_requests")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
