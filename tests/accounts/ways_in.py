"""The ways in, read from the running project, and the roles that try them.

`url_ways()` lists every URL pattern of the resolver, `admin_actions()` every action of
every ModelAdmin in `admin.site._registry` (as a superuser sees them): a new URL or action
appears here by itself. `ROLES` says, written out by hand rather than read from
articles/accounts/roles.py, what each role may do to which language.
"""

import re
from dataclasses import dataclass, field

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver

EVERY_LANGUAGE = frozenset({"en", "zh-hans", "ru", "es", "ar"})
TRANSLATIONS = ("zh-hans", "ru", "es", "ar")

# What a way in did, as readers and reviewers would notice.
LIVE, PENDING, REFUSED, DONE = "live", "pending", "refused", "done"


@dataclass(frozen=True)
class Role:
    """One kind of account: its groups (None: not signed in) and, per language code
    ("en" is the source), whether it may change that text and publish it."""

    groups: tuple[str, ...] | None
    translates: frozenset[str] = frozenset()
    approves: frozenset[str] = frozenset()
    changes_categories: bool = False
    manages: bool = False  # adds and deletes articles and categories

    def edit(self, lang: str) -> str:
        """What a change of `lang`'s text by this role becomes."""
        if lang in self.approves:
            return LIVE
        return PENDING if lang in self.translates else REFUSED


ROLES = {
    "editor": Role(("Editors",), EVERY_LANGUAGE, EVERY_LANGUAGE, True, True),
    "reviewer": Role(("Reviewers",), EVERY_LANGUAGE, EVERY_LANGUAGE),
    "reviewer of ru": Role(("Reviewers (ru)",), frozenset({"ru"}), frozenset({"ru"}), True),
    "translator of ru": Role(("Translators (ru)",), frozenset({"ru"}), changes_categories=True),
    "Translators group": Role(("Translators",), changes_categories=True),
    "support agent": Role(("Support",)),
    "anonymous": Role(None),
}


@dataclass
class SignedIn:
    """A role's client (signed in again after each request that may sign it out)."""

    name: str
    role: Role
    client: Client = field(default_factory=Client)
    user: object = None

    def fresh(self) -> Client:
        """The client, signed in again (a view such as logout may have signed it out)."""
        if self.user is not None:
            self.client.force_login(self.user)
        return self.client


def sign_in(name: str) -> SignedIn:
    """A client of role `name`, signed in as a new staff account in its groups (no
    password: hashing one costs a second, and force_login needs none)."""
    role = ROLES[name]
    signed = SignedIn(name, role)
    if role.groups is not None:
        username = "way-" + re.sub(r"\W+", "-", name)
        user, _created = get_user_model().objects.get_or_create(username=username, is_staff=True)
        user.groups.set(Group.objects.filter(name__in=role.groups))
        signed.user = get_user_model().objects.get(pk=user.pk)  # no cached permissions
        signed.client.force_login(signed.user)
    return signed


@dataclass(frozen=True)
class UrlWay:
    """One URL pattern: `key` names it in the tables ("admin:articles_article_change", or
    its route when it has no name), `route` is its full route."""

    key: str
    route: str


def url_ways() -> list[UrlWay]:
    """Every URL pattern of the project, depth first."""
    found = []

    def walk(patterns, prefix: str, namespace: str) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = ":".join(n for n in (namespace, entry.namespace) if n)
                walk(entry.url_patterns, prefix + str(entry.pattern), inner)
            elif isinstance(entry, URLPattern):
                route = prefix + str(entry.pattern)
                key = f"{namespace}:{entry.name}" if entry.name else route
                found.append(UrlWay(key, route))

    walk(get_resolver().url_patterns, "", "")
    return found


REGEX_SAMPLES = {
    "(?P<app_label>auth|axes|articles)": "articles",
    "(?P<url>.*)": "no-such-page/",
}


def sample_path(route: str, samples: dict[str, str]) -> str:
    """The URL of `route` with each parameter replaced by its sample value."""
    for regex, value in REGEX_SAMPLES.items():
        route = route.replace(regex, value)
    route = re.sub(r"<(?:\w+:)?(\w+)>", lambda match: samples[match.group(1)], route)
    return "/" + route.replace("^", "").replace("$", "")


def admin_actions() -> dict[tuple[str, str], object]:
    """{(model label, action name): the action function} of every registered admin."""
    request = RequestFactory().get("/admin/")
    request.user = get_user_model()(username="probe", is_staff=True, is_superuser=True)
    return {
        (model._meta.label, name): action
        for model, model_admin in admin.site._registry.items()
        for name, (action, _name, _description) in model_admin.get_actions(request).items()
    }


def offered_actions(user, model) -> set[str]:
    """The action names `user` is offered on `model`'s list."""
    request = RequestFactory().get("/admin/")
    request.user = user
    return set(admin.site._registry[model].get_actions(request))
