"""The PostgreSQL search backend stores each document's keywords: suggestions match words
anywhere in titles and keywords (articles/search/suggestions.py). PostgreSQL only, like
0015; the next `rebuild_search_index` fills the column (the schema version asks for it).
"""

from django.db import migrations


def add_column(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE kb_search_document ADD COLUMN IF NOT EXISTS keywords text NOT NULL "
            "DEFAULT ''"
        )


def drop_column(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE kb_search_document DROP COLUMN IF EXISTS keywords")


class Migration(migrations.Migration):
    dependencies = [("articles", "0024_deleted_articles")]

    operations = [migrations.RunPython(add_column, drop_column, elidable=False)]
