"""Database sessions that tell a lost database from a session deleted by another request.

Django's database store turns any database error while updating a session into UpdateError,
which SessionMiddleware reports as SessionInterrupted: a 400 that tells a parent to sign in
again and loses the step they just sent. When the error is the connection itself (the database
restarted or is unreachable), the original error is raised instead, and the portal answers 503
with Retry-After (portal/outage.py): the parent sends the same step again when it is back.
"""

from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

from portal.outage import database_unavailable


class SessionStore(DatabaseSessionStore):
    def save(self, must_create=False):
        try:
            return super().save(must_create=must_create)
        except UpdateError as exc:
            if database_unavailable(exc.__context__):
                raise exc.__context__ from None
            raise
