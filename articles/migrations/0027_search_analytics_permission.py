"""Editors see the search analytics (and use its one-click fixes, which their other
permissions allow: synonym groups, article keywords, new draft articles)."""

from django.db import migrations

from articles.migrations import _groups


def grant(apps, schema_editor):
    _groups.grant(apps, {"Editors": ["view_search_analytics"]})


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Editors"):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="articles",
                codename="view_search_analytics",
            )
        )


class Migration(migrations.Migration):
    dependencies = [("articles", "0026_search_analytics")]

    operations = [migrations.RunPython(grant, revoke)]
