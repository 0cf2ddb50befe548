import shutil

import pytest
from django.conf import settings

from services import factories


@pytest.fixture(autouse=True, scope="session")
def _clean_private_storage():
    yield
    shutil.rmtree(settings.SERVICES_PRIVATE_ROOT, ignore_errors=True)


@pytest.fixture
def catalogue(home):
    return factories.ProcedureIndexPageFactory(parent=home)


@pytest.fixture
def procedure(catalogue):
    return factories.ProcedurePageFactory(
        parent=catalogue,
        title="Cấp bản sao văn bằng, chứng chỉ từ sổ gốc",
        handling="here",
        time_limit_days=3,
    )
