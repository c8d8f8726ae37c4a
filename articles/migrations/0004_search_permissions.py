"""Editors maintain synonyms and read the search log; translators may read both."""

from django.db import migrations

from articles.migrations import _groups


def grant(apps, schema_editor):
    _groups.grant(
        apps,
        {
            "Editors": [
                "add_synonymgroup",
                "change_synonymgroup",
                "delete_synonymgroup",
                "view_synonymgroup",
                "view_searchlog",
            ],
            "Translators": ["view_synonymgroup", "view_searchlog"],
        },
    )


class Migration(migrations.Migration):
    dependencies = [("articles", "0003_search")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
