import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from calendars import factories
from tests.sites.conftest import school_directory, two_schools  # noqa: F401 (fixtures)


@pytest.fixture
def calendar(home):
    return factories.CalendarIndexPageFactory(parent=home)


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def this_monday(today):
    return today - datetime.timedelta(days=today.weekday())


def count_queries(client, url, **extra):
    client.get(url, **extra)  # warm caches (site root paths, settings)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    assert response.status_code == 200, response.status_code
    return len(queries)
