"""Roles you can try, and editors managing who is in the help-center groups."""

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.management import call_command
from django.test import Client

from articles.publishing.services import create_demo_accounts
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db


def member_form(user: User, **overrides) -> dict:
    """The restricted user change form as an editor's browser posts it."""
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "groups": [group.pk for group in user.groups.all()],
    }
    data.update(overrides)
    return data


def test_demo_creates_one_account_per_role_and_prints_them(
    search_index, capsys, settings, tmp_path
):
    # The demo collects static files: into a folder of this test's, so that the other
    # tests of the run keep linking the apps' plain names (no manifest in their STATIC_ROOT).
    settings.STATIC_ROOT = tmp_path
    call_command("demo", "--no-serve", verbosity=0)
    out = capsys.readouterr().out
    for role, username, group in [
        ("editor", "editor", "Editors"),
        ("reviewer", "reviewer", "Reviewers"),
        ("translator (Russian)", "translator-ru", "Translators (ru)"),
        ("support agent", "support", "Support"),
    ]:
        line = next(line for line in out.splitlines() if f"'{username}'" in line)
        assert role in line and f"(group {group})" in line
        password = line.split("password '")[1].split("'")[0]
        user = User.objects.get(username=username)
        assert user.check_password(password) and user.is_staff and user.is_active
        assert list(user.groups.values_list("name", flat=True)) == [group]


def test_demo_accounts_can_do_what_their_role_says():
    accounts = {account.username: account for account in create_demo_accounts()}
    article = ArticleFactory(title_en="Before")

    def signed_in(username: str) -> Client:
        user = User.objects.get(username=username)
        assert user.check_password(accounts[username].password)
        client = Client()
        client.force_login(user)
        return client

    change = f"/admin/articles/article/{article.pk}/change/"
    assert (
        "Publish selected articles"
        in signed_in("reviewer").get("/admin/articles/article/").content.decode()
    )
    assert 'name="title_en"' in signed_in("reviewer").get(change).content.decode()
    assert signed_in("reviewer").get("/admin/articles/article/add/").status_code == 403
    translator_form = signed_in("translator-ru").get(change).content.decode()
    assert 'name="title_ru"' in translator_form and 'name="title_en"' not in translator_form
    assert 'name="title_es"' not in translator_form  # a Russian-only translator
    assert signed_in("support").get("/en/support/").status_code == 200
    support_view = signed_in("support").get(change).content.decode()
    assert "Before" in support_view and 'name="title_en"' not in support_view  # read only
    assert signed_in("editor").get("/admin/auth/user/").status_code == 200
    assert signed_in("reviewer").get("/admin/auth/user/").status_code == 403


def test_an_editor_puts_a_colleague_into_a_help_center_group(editor_client):
    colleague = UserFactory(username="newbie", is_staff=False)
    reviewers = Group.objects.get(name="Reviewers")
    response = editor_client.post(
        f"/admin/auth/user/{colleague.pk}/change/", member_form(colleague, groups=[reviewers.pk])
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    colleague.refresh_from_db()
    assert list(colleague.groups.all()) == [reviewers]
    assert colleague.is_staff  # members sign in to the admin
    response = editor_client.post(
        f"/admin/auth/user/{colleague.pk}/change/", member_form(colleague, groups=[])
    )
    colleague.refresh_from_db()
    assert not colleague.groups.exists() and not colleague.is_staff


def test_the_editor_form_offers_only_help_center_groups(editor_client):
    Group.objects.create(name="Finance")
    colleague = UserFactory(groups=["Translators"])
    html = editor_client.get(f"/admin/auth/user/{colleague.pk}/change/").content.decode()
    for name in ("Editors", "Reviewers", "Translators", "Support"):
        assert f">{name}</option>" in html
    assert "Finance" not in html
    for field in ("is_superuser", "is_staff", "user_permissions", "password"):
        assert f'name="{field}"' not in html


def test_a_crafted_post_cannot_grant_superuser_staff_or_permissions(editor_client):
    colleague = UserFactory(username="colleague", is_staff=False, groups=[])
    finance = Group.objects.create(name="Finance")
    finance.permissions.add(Permission.objects.get(codename="delete_user"))
    permission = Permission.objects.get(codename="delete_user")
    url = f"/admin/auth/user/{colleague.pk}/change/"
    editor_client.post(
        url,
        member_form(
            colleague,
            is_superuser="on",
            is_staff="on",
            user_permissions=[permission.pk],
            password="pbkdf2_sha256$1$x$y",
        ),
    )
    colleague.refresh_from_db()
    assert not colleague.is_superuser and not colleague.is_staff
    assert not colleague.user_permissions.exists()
    assert colleague.check_password("correct horse battery")
    response = editor_client.post(url, member_form(colleague, groups=[finance.pk]))
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not colleague.groups.exists()


def test_an_editor_cannot_add_a_superuser(editor_client):
    response = editor_client.post(
        "/admin/auth/user/add/",
        {
            "username": "sneaky",
            "usable_password": "true",
            "password1": "a long unusual passphrase 7",
            "password2": "a long unusual passphrase 7",
            "is_superuser": "on",
            "is_staff": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    created = User.objects.get(username="sneaky")
    assert not created.is_superuser and not created.is_staff


@pytest.mark.parametrize("target", ["superuser", "own permission", "other group"])
def test_an_editor_cannot_change_an_account_with_more_power(editor_client, target):
    user = UserFactory(username="boss")
    if target == "superuser":
        user.is_superuser = True
        user.save()
    elif target == "own permission":
        user.user_permissions.add(Permission.objects.get(codename="delete_user"))
    else:
        user.groups.add(Group.objects.create(name="Finance"))
    url = f"/admin/auth/user/{user.pk}/change/"
    response = editor_client.post(url, member_form(user, is_active="", first_name="Hacked"))
    assert response.status_code == 403
    user.refresh_from_db()
    assert user.is_active and user.first_name != "Hacked"
    page = editor_client.get(url).content.decode()
    assert 'name="first_name"' not in page  # read-only view at most


def test_only_superusers_set_other_peoples_passwords(editor_client):
    for user in (UserFactory(username="root", is_superuser=True), UserFactory(groups=["Support"])):
        url = f"/admin/auth/user/{user.pk}/password/"
        response = editor_client.post(
            url, {"password1": "new secret phrase 99", "password2": "new secret phrase 99"}
        )
        assert response.status_code == 403
        user.refresh_from_db()
        assert user.check_password("correct horse battery")


def test_editors_cannot_change_what_a_group_may_do(editor_client):
    editors = Group.objects.get(name="Editors")
    assert editor_client.get(f"/admin/auth/group/{editors.pk}/change/").status_code == 403
    assert editor_client.post("/admin/auth/group/add/", {"name": "x"}).status_code == 403


def test_translators_and_reviewers_cannot_manage_members(translator_client):
    colleague = UserFactory(groups=["Support"])
    url = f"/admin/auth/user/{colleague.pk}/change/"
    assert translator_client.get(url).status_code == 403
    assert translator_client.post(url, member_form(colleague, groups=[])).status_code == 403
    assert colleague.groups.exists()


def test_a_superuser_keeps_the_full_user_admin():
    client = Client()
    client.force_login(UserFactory(username="admin", is_superuser=True))
    user = UserFactory(groups=["Support"])
    html = client.get(f"/admin/auth/user/{user.pk}/change/").content.decode()
    assert 'name="is_superuser"' in html and 'name="user_permissions"' in html
