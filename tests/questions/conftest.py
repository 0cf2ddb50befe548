import time

import pytest
from django.core.cache import cache

from portal.spam import HONEYPOT_FIELD, TOKEN_FIELD, issue_form_token
from questions.factories import QuestionsPageFactory, add_topics
from questions.models import QuestionsPage
from sites import factories as site_factories

TOPICS = ["Tuyển sinh", "Chế độ chính sách", "Thi tốt nghiệp"]


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def qa_page(home):
    page = QuestionsPageFactory(parent=home)
    add_topics(page, TOPICS)
    return page


@pytest.fixture
def schools(home):
    site_factories.SchoolIndexPageFactory(parent=home)
    return (
        site_factories.provision_school("Trường Tiểu học Nghĩa Lộ", "51000101", slug="th-a"),
        site_factories.provision_school("Trường THCS Cẩm Thành", "51000201", slug="th-b"),
    )


def school_qa(school):
    return QuestionsPage.objects.child_of(school.home_page).get()


def form_data(**overrides):
    values = {
        "name": "Nguyễn Thị Lan",
        "email": "lan.nguyen@example.vn",
        "phone": "0912 345 678",
        "question": "Xin hỏi khi nào công bố lịch thi tuyển sinh lớp 10 năm nay?",
        HONEYPOT_FIELD: "",
        TOKEN_FIELD: issue_form_token(time.time() - 5),
    }
    values.update(overrides)
    return values
