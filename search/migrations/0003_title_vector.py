"""PostgreSQL only: a title-only tsvector with its own GIN index.

Title matches rank first. Asking the main vector for weight-A lexemes forces PostgreSQL to
re-check every match against the stored vector (slow for common words); a separate title
vector answers "is it in the title" from its GIN index alone.
"""

from django.db import migrations

FORWARD = """
ALTER TABLE portal_search_searchentry ADD COLUMN title_vector tsvector
    GENERATED ALWAYS AS (to_tsvector('simple', folded_title)) STORED;
CREATE INDEX search_entry_title_vector ON portal_search_searchentry USING gin (title_vector);
"""
BACKWARD = """
DROP INDEX IF EXISTS search_entry_title_vector;
ALTER TABLE portal_search_searchentry DROP COLUMN IF EXISTS title_vector;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("portal_search", "0002_search_vector")]

    operations = [migrations.RunPython(forward, backward)]
