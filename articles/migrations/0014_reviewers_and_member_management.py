"""The Reviewers group, and Editors managing the members of the help-center groups.

Reviewers view and change articles, including the English source and the publication
state, so they can correct and publish what they review (per-translation review states
come later). Editors may view, add and change user accounts; the user admin
(articles/admin/members.py) limits what they can change to names, e-mail, "active" and the
help-center groups. No group may change groups themselves or user permissions.
"""

from django.db import migrations

from articles.migrations import _groups

REVIEWER_PERMISSIONS = [
    "view_article",
    "change_article",
    "edit_source",
    "view_category",
    "view_articleimage",
]
MEMBER_PERMISSIONS = ["view_user", "add_user", "change_user"]


def grant(apps, schema_editor):
    _groups.grant(apps, {"Reviewers": REVIEWER_PERMISSIONS})
    _groups.grant(apps, {"Editors": MEMBER_PERMISSIONS}, app_label="auth")


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.filter(name="Reviewers").delete()
    for group in Group.objects.filter(name="Editors"):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="auth", codename__in=MEMBER_PERMISSIONS
            )
        )


class Migration(migrations.Migration):
    dependencies = [("articles", "0013_image_permissions_and_rerender")]

    operations = [migrations.RunPython(grant, revoke)]
