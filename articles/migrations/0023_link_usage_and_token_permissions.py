"""Editors issue and revoke API tokens and read link usage; Reviewers read link usage.

A token is revoked by changing it (the admin's "revoke" action), never deleted, so its
request count stays. Nobody gets the change or delete permission of link usage: the
counters are written by the site only.
"""

from django.db import migrations

from articles.migrations import _groups

PERMISSIONS = {
    "Editors": ["view_linkusage", "view_apitoken", "add_apitoken", "change_apitoken"],
    "Reviewers": ["view_linkusage"],
}


def grant(apps, schema_editor):
    _groups.grant(apps, PERMISSIONS)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in PERMISSIONS.items():
        for group in Group.objects.filter(name=name):
            group.permissions.remove(
                *Permission.objects.filter(
                    content_type__app_label="articles", codename__in=codenames
                )
            )


class Migration(migrations.Migration):
    dependencies = [("articles", "0022_link_usage_and_api_tokens")]

    operations = [migrations.RunPython(grant, revoke)]
