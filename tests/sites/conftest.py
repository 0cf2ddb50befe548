import pytest

from sites import factories


@pytest.fixture
def school_directory(home):
    return factories.SchoolIndexPageFactory(parent=home)


@pytest.fixture
def two_schools(school_directory):
    return (
        factories.provision_school("Trường Tiểu học Nghĩa Lộ", "51000101"),
        factories.provision_school("Trường THCS Cẩm Thành", "51000201"),
    )
