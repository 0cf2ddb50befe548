import shutil

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission

from procedures import factories


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


@pytest.fixture
def officer_factory(django_user_model):
    """make(username, field=None): an admin user; with a field, an officer of that field."""

    def make(username, field=None):
        user = django_user_model.objects.create_user(username, password="x")
        user.user_permissions.add(Permission.objects.get(codename="access_admin"))
        if field is not None:
            group, _ = Group.objects.get_or_create(name=f"Xử lý {field.name}")
            field.officer_groups.add(group)
            user.groups.add(group)
        return user

    return make
