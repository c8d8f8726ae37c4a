"""Authentication → Users, where editors manage who is in the help-center groups.

For superusers this is Django's own user admin. Everyone else with `auth.change_user` (the
Editors group) gets a form with username, name, e-mail, "active" and the help-center groups
only: no superuser or staff flag, no permissions, no other group, no password of anyone
else. What they may change is decided by articles/accounts/members.py; a crafted POST with any other
field changes nothing, since the form has no such field.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from articles.accounts import members

User = get_user_model()

MEMBER_FIELDSETS = (
    (None, {"fields": ("username",)}),
    (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
    (
        _("Help-center groups"),
        {
            "fields": ("is_active", "groups"),
            "description": _(
                "Members of a help-center group may sign in to the admin. Only superusers "
                "change permissions, passwords of others and the other groups."
            ),
        },
    ),
)


class HelpCenterUserAdmin(UserAdmin):
    """Django's user admin, narrowed to help-center membership for non-superusers."""

    list_display = ("username", "email", "first_name", "last_name", "group_names", "is_active")
    filter_horizontal = ("groups",)

    @admin.display(description=_("groups"))
    def group_names(self, user) -> str:
        return ", ".join(group.name for group in user.groups.all())

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).prefetch_related("groups")

    def get_fieldsets(self, request: HttpRequest, obj=None):
        if obj is None or request.user.is_superuser:
            return super().get_fieldsets(request, obj)
        return MEMBER_FIELDSETS

    def formfield_for_manytomany(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "groups" and not request.user.is_superuser:
            kwargs["queryset"] = members.help_center_groups()
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or members.may_manage(request.user, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        if obj is not None and not members.may_manage(request.user, obj):
            return False
        return super().has_delete_permission(request, obj)

    def user_change_password(self, request: HttpRequest, id, form_url=""):
        # Setting someone else's password is taking over their account: superusers only.
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        if not request.user.is_superuser:
            members.sync_staff_status(form.instance)


admin.site.unregister(User)
admin.site.register(User, HelpCenterUserAdmin)
