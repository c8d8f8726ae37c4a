"""Create the groups Editors and Translators with their permissions.

Editors: everything about categories and articles, including the English source and
publication. Translators: view and change articles and categories (the admin keeps the
English source, slug, category and status read-only for them); no add, no delete.
"""

from django.db import migrations

from articles.migrations import _groups

EDITOR_PERMISSIONS = [
    f"{action}_{model}"
    for model in ("article", "category")
    for action in ("add", "change", "delete", "view")
] + ["edit_source"]
TRANSLATOR_PERMISSIONS = ["change_article", "view_article", "change_category", "view_category"]


def create_groups(apps, schema_editor):
    _groups.grant(apps, {"Editors": EDITOR_PERMISSIONS, "Translators": TRANSLATOR_PERMISSIONS})


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Editors", "Translators"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
