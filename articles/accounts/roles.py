"""Who may do what to which language: per-language translators and reviewers.

Permissions (Article's Meta, one pair per language but the source): `translate_<code>`
changes that language's text and submits it for review; `approve_<code>` publishes it,
approves its pending edits or sends them back. The source language needs
`edit_source`. Groups carry them (migration 0018): "Translators (ru)" translate Russian,
"Reviewers (ru)" translate and approve it; Editors and Reviewers hold every language.

`can_translate` is the one rule for changing a language's text, whatever the way in: the
change form and list columns (articles/admin/protection.py make other languages read-only),
restores and file imports (articles/translations/edits.py), the translation page's steps
(articles/translations/workflow.py). tests/accounts/test_every_way_in.py tries each way,
listed from the URL patterns and the admin registry, for each role.
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied

from articles.core.languages import SOURCE_LANGUAGE, language_codes

SOURCE_PERMISSION = "articles.edit_source"


def codename(action: str, lang: str) -> str:
    """`translate_zh_hans` for ("translate", "zh-hans")."""
    return f"{action}_{lang.replace('-', '_')}"


def language_group(role: str, lang: str) -> str:
    """The group of a per-language role: language_group("Translators", "ru") →
    "Translators (ru)"."""
    return f"{role} ({lang})"


def language_groups() -> list[str]:
    """Every per-language group name, translators first."""
    return [
        language_group(role, lang)
        for role in ("Translators", "Reviewers")
        for lang in language_codes()
        if lang != SOURCE_LANGUAGE
    ]


def can_translate(user: AbstractBaseUser | AnonymousUser, lang: str) -> bool:
    """May change `lang`'s text (the source: only with `edit_source`)."""
    if lang == SOURCE_LANGUAGE:
        return user.has_perm(SOURCE_PERMISSION)
    return user.has_perm(f"articles.{codename('translate', lang)}")


def check_translate(user: AbstractBaseUser | AnonymousUser, lang: str) -> None:
    """Raise PermissionDenied unless `user` may change `lang`'s text (can_translate)."""
    if not can_translate(user, lang):
        raise PermissionDenied(f"may not change the {lang} text")


def can_approve(user: AbstractBaseUser | AnonymousUser, lang: str) -> bool:
    """May publish `lang`'s translation and approve or send back its pending edits."""
    if lang == SOURCE_LANGUAGE:
        return user.has_perm(SOURCE_PERMISSION)
    return user.has_perm(f"articles.{codename('approve', lang)}")


def translatable_languages(user) -> list[str]:
    """The languages but the source whose text `user` may change, in settings order."""
    return [
        lang for lang in language_codes() if lang != SOURCE_LANGUAGE and can_translate(user, lang)
    ]
