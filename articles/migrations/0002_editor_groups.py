"""Create the groups Editors and Translators with their permissions.

Editors: everything about categories and articles, including the English source and
publication. Translators: view and change articles and categories (the admin keeps the
English source, slug, category and status read-only for them); no add, no delete.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_PERMISSIONS = [
    f"{action}_{model}"
    for model in ("article", "category")
    for action in ("add", "change", "delete", "view")
] + ["edit_source"]
TRANSLATOR_PERMISSIONS = ["change_article", "view_article", "change_category", "view_category"]


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations ran; create them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in (("Editors", EDITOR_PERMISSIONS), ("Translators", TRANSLATOR_PERMISSIONS)):
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(
            Permission.objects.filter(content_type__app_label="articles", codename__in=codenames)
        )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Editors", "Translators"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
