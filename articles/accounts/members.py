"""Who is in the help center's groups, and what an editor may change about it.

Editors manage the members of the help-center groups (HELP_CENTER_GROUPS) without being
superusers. They never get more than that: they cannot change a superuser, an account with
permissions of its own, or an account in any other group (each could hold more power than
an editor), and the groups' permission sets stay the superusers' business.
"""

from django.contrib.auth.models import AbstractUser, Group
from django.db.models import QuerySet

from articles.accounts.roles import language_groups

HELP_CENTER_GROUPS = ("Editors", "Reviewers", "Translators", "Support", *language_groups())
MANAGE_MEMBERS_PERMISSION = "auth.change_user"


def help_center_groups() -> QuerySet[Group]:
    """The groups an editor may put people into (the ones that exist), by name."""
    return Group.objects.filter(name__in=HELP_CENTER_GROUPS).order_by("name")


def may_manage(actor: AbstractUser, member: AbstractUser | None) -> bool:
    """True when `actor` may change `member`'s name, e-mail, active flag and groups.

    Superusers may change anyone. Others need `auth.change_user`, and `member` must hold
    nothing beyond the help-center groups: not a superuser, no permission of their own, no
    other group. `member` None (a new account) is allowed with that permission.
    """
    if actor.is_superuser:
        return True
    if not actor.has_perm(MANAGE_MEMBERS_PERMISSION):
        return False
    if member is None:
        return True
    return (
        not member.is_superuser
        and not member.user_permissions.exists()
        and not member.groups.exclude(name__in=HELP_CENTER_GROUPS).exists()
    )


def sync_staff_status(member: AbstractUser) -> None:
    """Admin access follows help-center membership for accounts editors manage.

    In a help-center group: staff (they sign in to the admin). In none: not staff. A
    superuser is never changed (may_manage keeps editors away from them anyway).
    """
    if member.is_superuser:
        return
    is_member = member.groups.filter(name__in=HELP_CENTER_GROUPS).exists()
    if member.is_staff != is_member:
        member.is_staff = is_member
        member.save(update_fields=["is_staff"])
