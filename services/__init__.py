"""The former home of online services, kept only for its migrations.

Its models moved, with their tables and rows, to ``applications`` (the case engine) and
``procedures`` (the catalogue): ``services/migrations/0005`` removes them from this app's
state, and the first migrations of those apps take the tables over (renamed, ids kept). The
app stays installed so that a database at any earlier migration upgrades with
``manage.py migrate``; it can go once every installation has migrated past
``applications.0001`` and the migrations are squashed.
"""
