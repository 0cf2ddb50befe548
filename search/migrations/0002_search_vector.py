"""PostgreSQL only: a generated tsvector of the folded title (weight A) and text (weight B),
with a GIN index. Folding happens in Python before storage, so the 'simple' configuration
(no stemming, no stop words) is right for Vietnamese syllables. SQLite needs nothing here."""

from django.db import migrations

FORWARD = """
ALTER TABLE portal_search_searchentry ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', folded_title), 'A')
        || setweight(to_tsvector('simple', folded_text), 'B')
    ) STORED;
CREATE INDEX search_entry_vector ON portal_search_searchentry USING gin (search_vector);
"""
BACKWARD = """
DROP INDEX IF EXISTS search_entry_vector;
ALTER TABLE portal_search_searchentry DROP COLUMN IF EXISTS search_vector;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("portal_search", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
