"""Per-language roles: groups "Translators (xx)" and "Reviewers (xx)" for each language.

"Translators (ru)" view and change articles and categories but may only change the Russian
text (the admin makes every other language, the English source included, read-only);
"Reviewers (ru)" may also approve it. Editors and Reviewers get every language's
permissions. The members of the old all-language "Translators" group are put in every
"Translators (xx)" group, so nobody loses what they could do: an editor then removes
them from the languages they do not translate.
"""

from django.conf import settings
from django.db import migrations

from articles.migrations import _groups

BASE = ["view_article", "change_article", "view_category", "change_category"]


def languages():
    return [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def codename(action, lang):
    return f"{action}_{lang.replace('-', '_')}"


def grant(apps, schema_editor):
    every = [codename(action, lang) for lang in languages() for action in ("translate", "approve")]
    groups = {"Editors": every, "Reviewers": every}
    for lang in languages():
        groups[f"Translators ({lang})"] = [*BASE, codename("translate", lang)]
        groups[f"Reviewers ({lang})"] = [
            *BASE,
            codename("translate", lang),
            codename("approve", lang),
        ]
    _groups.grant(apps, groups)
    Group = apps.get_model("auth", "Group")
    old = Group.objects.filter(name="Translators").first()
    if old is None:
        return
    for lang in languages():
        Group.objects.get(name=f"Translators ({lang})").user_set.add(*old.user_set.all())


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__regex=r"^(Translators|Reviewers) \(.+\)$").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0017_fill_translation_states"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
