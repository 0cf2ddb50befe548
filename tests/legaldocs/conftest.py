import datetime

import pytest

from legaldocs import factories


@pytest.fixture
def library(home):
    return factories.DocumentLibraryPageFactory(parent=home)


@pytest.fixture
def terms(db):
    return {
        "quyet-dinh": factories.DocumentTypeFactory(name="Quyết định"),
        "cong-van": factories.DocumentTypeFactory(name="Công văn"),
        "so": factories.IssuingBodyFactory(name="Sở Giáo dục và Đào tạo"),
        "bo": factories.IssuingBodyFactory(name="Bộ Giáo dục và Đào tạo"),
        "tuyen-sinh": factories.DocumentAreaFactory(name="Tuyển sinh"),
        "thi-dua": factories.DocumentAreaFactory(name="Thi đua – Khen thưởng"),
    }


def day(year, month, date):
    return datetime.date(year, month, date)
