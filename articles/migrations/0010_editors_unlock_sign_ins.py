"""Editors unlock a locked-out sign-in: they may see and delete django-axes' access attempts.

Deleting the attempts of a username and address (Admin → Axes → Access attempts, action
"Delete selected") ends its lockout at once.
"""

from django.db import migrations

from articles.migrations import _groups


def grant(apps, schema_editor):
    _groups.grant(
        apps, {"Editors": ["view_accessattempt", "delete_accessattempt"]}, app_label="axes"
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Editors"):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="axes",
                codename__in=["view_accessattempt", "delete_accessattempt"],
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0009_rerender_section_heading_ids"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
