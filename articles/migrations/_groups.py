"""Helpers for the data migrations that give groups their permissions."""

from django.contrib.auth.management import create_permissions


def grant(apps, permissions_by_group: dict[str, list[str]], app_label: str = "articles") -> None:
    """Add the `app_label` permissions named per group (creating groups as needed)."""
    # Permissions are normally created after all migrations ran; create them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in permissions_by_group.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )
