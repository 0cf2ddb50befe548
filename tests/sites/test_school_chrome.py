"""What the school sites show around their content: a way back to the department's portal,
and the school's phone in the directory."""

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sites import factories

PHONE = "0255 3822 456"
CSS = Path(__file__).resolve().parents[2] / "themes/default/static/themes/default/css/main.css"


@pytest.fixture
def school(school_directory):
    return factories.provision_school("Trường THCS Lê Lợi", "51000301", phone=PHONE)


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_school_pages_link_back_to_the_department(school, client):
    footer = soup(client.get("/tin-tuc/", HTTP_HOST=school.hostname)).select_one(".site-footer")
    link = footer.select_one(".site-footer__parent a")
    assert link is not None
    assert link["href"] == "http://localhost/"


def test_the_department_has_no_link_to_itself(school, client):
    assert soup(client.get("/")).select_one(".site-footer__parent") is None


def test_directory_shows_each_school_phone(school, school_directory, client):
    card = soup(client.get(school_directory.url)).select_one(".school-card")
    assert card.select_one(f'a[href="tel:{PHONE.replace(" ", "")}"]').get_text() == PHONE


def test_in_page_search_boxes_are_styled():
    assert ".search-form {" in CSS.read_text()
