"""The public search, on PostgreSQL and on SQLite (the Makefile runs this folder on both)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from search.models import SearchEntry, ZeroResultDailyHits
from tests.search.conftest import article, titles

pytestmark = pytest.mark.django_db
ARTICLE = "Bài tin"  # the content-type facet label of news articles


def search(client, host="localhost", **params):
    return client.get("/tim-kiem/", params, HTTP_HOST=host)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("tuyen sinh lop 10", "Tuyển sinh lớp 10 năm học 2026-2027"),
        ("TUYEN SINH LOP 10", "Tuyển sinh lớp 10 năm học 2026-2027"),
        ("Tuyển Sinh lớp 10", "Tuyển sinh lớp 10 năm học 2026-2027"),
        ("dang ky", "Hướng dẫn Đăng ký dự thi"),
        ("ĐĂNG KÝ", "Hướng dẫn Đăng ký dự thi"),
        ("truc tuyen", "Hướng dẫn Đăng ký dự thi"),  # a word of the body, not the title
    ],
)
def test_matching_ignores_diacritics_and_case(portal, client, query, expected):
    response = search(client, q=query)
    assert response.status_code == 200
    assert titles(response) == [expected]


def test_every_word_must_match(portal, client):
    assert titles(search(client, q="tuyen sinh hoi thao")) == ["Cẩm Thành tổ chức hội thao"]
    assert titles(search(client, q="tuyen sinh khong co")) == []


def test_quoted_phrase_matches_the_words_together_only(portal, client):
    # "tuyển sinh lớp 1" appears in school A's article; the department's says "lớp 10".
    assert titles(search(client, q='"tuyen sinh lop 1"')) == ["Trường Nghĩa Lộ tuyển sinh lớp 1"]
    assert titles(search(client, q='"sinh tham"')) == ["Cẩm Thành tổ chức hội thao"]
    assert titles(search(client, q='"tham sinh"')) == []


def test_title_matches_rank_before_body_matches_and_recent_first(portal, client):
    old = article(portal["news_index"], "Tuyển sinh đầu cấp", "Kế hoạch.", days_ago=800)
    ranked = titles(search(client, q="tuyen sinh", type=ARTICLE))
    in_title = {
        "Tuyển sinh lớp 10 năm học 2026-2027",
        "Trường Nghĩa Lộ tuyển sinh lớp 1",
        old.title,
    }
    assert set(ranked[:3]) == in_title
    assert set(ranked[3:]) == {"Cẩm Thành tổ chức hội thao", "Hướng dẫn Đăng ký dự thi"}
    assert ranked.index("Tuyển sinh lớp 10 năm học 2026-2027") < ranked.index(old.title)


def test_snippet_highlights_the_matched_words(portal, client):
    response = search(client, q="dang ky")
    snippet = str(response.context["outcome"].results[0].snippet)
    assert "<mark>đăng ký</mark>" in snippet
    assert "<mark>đăng ký</mark>" in response.content.decode()


def test_portal_search_covers_every_school_and_facets_narrow(portal, client):
    assert search(client, q="tuyen sinh").context["outcome"].total == 6  # + schools' sections
    response = search(client, q="tuyen sinh", type=ARTICLE)
    outcome = response.context["outcome"]
    assert outcome.total == 4  # "trực tuyến … thí sinh" in the guide's text counts too
    facets = {facet["param"]: facet for facet in outcome.facets}
    sites = {item.label: item.count for item in facets["site"]["values"]}
    assert sites == {"Sở GDĐT": 2, "Trường Tiểu học Nghĩa Lộ": 1, "Trường THCS Cẩm Thành": 1}
    units = {item.label: item.count for item in facets["unit"]["values"]}
    assert units == {"Phường Nghĩa Lộ": 1, "Phường Cẩm Thành": 1}
    assert {item.label for item in facets["year"]["values"]} == {"2025", "2026"}

    school_site = portal["school_a"].site
    narrowed = search(client, q="tuyen sinh", type=ARTICLE, site=school_site.pk)
    assert titles(narrowed) == ["Trường Nghĩa Lộ tuyển sinh lớp 1"]
    assert f"site={school_site.pk}" in next(
        item.href for item in facets["site"]["values"] if item.value == str(school_site.pk)
    )
    by_unit = search(client, q="tuyen sinh", type=ARTICLE, unit=portal["unit_b"].pk)
    assert titles(by_unit) == ["Cẩm Thành tổ chức hội thao"]
    by_type = search(client, q="dang ky", type=ARTICLE, year=portal["dang_ky"].date.year)
    assert titles(by_type) == ["Hướng dẫn Đăng ký dự thi"]
    assert titles(search(client, q="dang ky", year=1999)) == []


def test_school_search_is_limited_to_the_school(portal, client):
    school = portal["school_a"]
    response = search(client, host=school.site.hostname, q="tuyen sinh")
    assert titles(response) == ["Trường Nghĩa Lộ tuyển sinh lớp 1", "Tuyển sinh"]
    assert "site" not in {facet["param"] for facet in response.context["outcome"].facets}
    # Asking a school site for another site's results gives nothing, not a leak.
    other = search(
        client, host=school.site.hostname, q="tuyen sinh", site=portal["school_b"].site.pk
    )
    assert titles(other) == []


def test_school_sections_created_at_provisioning_are_searchable(portal, client):
    response = search(client, host=portal["school_b"].site.hostname, q="cong khai")
    assert "Công khai" in titles(response)


def test_unpublished_deleted_and_restricted_pages_never_appear(
    portal, client, django_capture_on_commit_callbacks
):
    from wagtail.models import PageViewRestriction

    # Each step is an editor's request that commits (the cluster engine mirrors on commit).
    commits = django_capture_on_commit_callbacks
    dept = portal["dept"]
    with commits(execute=True):
        dept.unpublish()
    assert titles(search(client, q="lop 10")) == []

    with commits(execute=True):
        portal["dang_ky"].delete()
    assert titles(search(client, q="dang ky")) == []

    # A restriction on a parent hides the whole school news section.
    news = portal["a_news"].get_parent()
    with commits(execute=True):
        PageViewRestriction.objects.create(
            page=news, restriction_type=PageViewRestriction.PASSWORD, password="bi-mat"
        )
    assert titles(search(client, q='"tuyen sinh lop 1"')) == []
    # Publishing a new version of a restricted page does not bring it back.
    with commits(execute=True):
        portal["a_news"].save_revision().publish()
    assert titles(search(client, q='"tuyen sinh lop 1"')) == []
    with commits(execute=True):
        PageViewRestriction.objects.filter(page=news).delete()
    assert titles(search(client, q='"tuyen sinh lop 1"')) == ["Trường Nghĩa Lộ tuyển sinh lớp 1"]


def test_draft_changes_and_form_submissions_are_not_searchable(portal, client, contact_page):
    from wagtail.contrib.forms.models import FormSubmission

    dept = portal["dept"]
    dept.title = "Bản nháp bí mật"
    dept.save_revision()  # a draft, not published
    FormSubmission.objects.create(
        page=contact_page, form_data={"message": "Nguyễn Văn An 0912345678 khiếu nại"}
    )
    assert titles(search(client, q="ban nhap bi mat")) == []
    assert titles(search(client, q="khieu nai")) == []
    assert titles(search(client, q="0912345678")) == []


def test_promotions_shown_for_the_query_with_or_without_diacritics(portal, client):
    promoted = SearchPromotion.objects.create(
        query=Query.get("tuyển sinh"), page=portal["dang_ky"], description="Xem hướng dẫn."
    )
    for text in ("tuyển sinh", "tuyen sinh"):
        outcome = search(client, q=text).context["outcome"]
        assert [item["title"] for item in outcome.promotions] == [promoted.page.title]
    # A promoted department page is not shown on a school's own search.
    school_host = portal["school_a"].site.hostname
    assert search(client, host=school_host, q="tuyen sinh").context["outcome"].promotions == []


def test_no_results_suggests_a_correction(portal, client):
    response = search(client, q="tuyen sihn")
    outcome = response.context["outcome"]
    assert outcome.total == 0
    assert outcome.suggestion == "tuyen sinh"
    assert "Có phải bạn muốn tìm" in response.content.decode()


def test_no_results_suggests_shorter_phrases_never_single_syllables(portal, client):
    outcome = search(client, q="tuyển sinh lớp 10 trường quốc tế").context["outcome"]
    assert outcome.total == 0
    assert outcome.related
    assert "tuyển sinh lớp 10" in outcome.related
    assert all(len(phrase.split()) >= 2 for phrase in outcome.related)


def test_queries_are_counted_without_personal_data(portal, client):
    search(client, q="Tuyển sinh")
    search(client, q="tuyen sinh")
    search(client, q="khong ton tai gi")
    assert Query.get("tuyen sinh").hits == 2
    zero = ZeroResultDailyHits.objects.get(query__query_string="khong ton tai gi")
    assert zero.hits == 1
    field_names = {f.name for f in ZeroResultDailyHits._meta.get_fields()}
    assert field_names == {"id", "query", "date", "hits"}


def test_pagination_keeps_the_query_in_the_url(portal, client):
    for number in range(12):
        article(portal["news_index"], f"Thông báo tuyển sinh số {number}", days_ago=number)
    first = search(client, q="tuyen sinh", type=ARTICLE)
    html = first.content.decode()
    assert first.context["outcome"].total == 16
    assert 'rel="next"' in html and "page=2" in html and "q=tuyen+sinh" in html
    second = search(client, q="tuyen sinh", type=ARTICLE, page=2)
    assert len(second.context["outcome"].results) == 6
    assert 'rel="prev"' in second.content.decode()


def test_bad_input_gets_a_vietnamese_message_and_4xx(portal, client):
    response = search(client, q="a" * 201)
    assert response.status_code == 400
    assert "quá dài" in response.content.decode()
    assert search(client, q="tuyen", page="abc").status_code == 404
    assert search(client, q="tuyen", page="0").status_code == 404
    assert search(client, q="tuyen", unit="x; drop table").status_code == 200


def test_page_is_accessible_and_works_without_javascript(portal, client):
    html = search(client, q="tuyen sinh").content.decode()
    assert '<label for="search-q">' in html
    assert '<ol class="search-results"' in html and '<h2 class="search-result__title">' in html
    assert "<script>" not in html  # no inline script (CSP)
    assert "search-autocomplete.js" in html


def test_query_count_does_not_grow_with_the_results(portal, client):
    def count_queries():
        search(client, q="tuyen sinh")  # warm the per-site caches first
        with CaptureQueriesContext(connection) as queries:
            search(client, q="tuyen sinh")
        return len(queries)

    few = count_queries()
    for number in range(8):
        article(portal["news_index"], f"Tin tuyển sinh {number}", days_ago=number)
    assert count_queries() == few
    assert few <= 25


def test_autocomplete_suggests_titles_from_a_prefix(portal, client):
    response = client.get("/tim-kiem/goi-y/", {"q": "huong dan dang k"})
    assert response.status_code == 200
    assert response.json()["results"][0]["title"] == "Hướng dẫn Đăng ký dự thi"
    school = client.get(
        "/tim-kiem/goi-y/", {"q": "tuyen sinh l"}, HTTP_HOST=portal["school_a"].site.hostname
    )
    assert [item["title"] for item in school.json()["results"]] == [
        "Trường Nghĩa Lộ tuyển sinh lớp 1"
    ]
    assert client.get("/tim-kiem/goi-y/", {"q": "t"}).json() == {"results": []}


def test_index_rows_exist_only_for_public_content(portal):
    assert not SearchEntry.objects.filter(page__live=False).exists()


def test_beyond_the_candidates_title_matches_still_rank_first(portal, client, monkeypatch):
    from search.engines import database

    monkeypatch.setattr(database, "CANDIDATES", 3)
    old = article(portal["news_index"], "Lịch thi tuyển sinh đợt đầu", "Lịch.", days_ago=900)
    for number in range(4):
        article(portal["news_index"], f"Tin số {number}", "Nhắc lịch thi tuyển sinh.")
    response = search(client, q="tuyen sinh lich")
    outcome = response.context["outcome"]
    assert outcome.more is True
    assert titles(response)[0] == old.title  # old, but the only title match
    assert "Hơn 4 kết quả" in response.content.decode()


def test_a_moved_page_follows_its_new_school(portal, client, django_capture_on_commit_callbacks):
    from tests.search.conftest import school_news_index

    school_b = portal["school_b"]
    with django_capture_on_commit_callbacks(execute=True):
        portal["a_news"].move(school_news_index(school_b), pos="last-child")
    on_b = search(client, host=school_b.site.hostname, q='"tuyen sinh lop 1"')
    assert titles(on_b) == ["Trường Nghĩa Lộ tuyển sinh lớp 1"]
    assert on_b.context["outcome"].results[0].url.startswith(school_b.site.root_url)
    assert titles(search(client, host=portal["school_a"].site.hostname, q='"lop 1"')) == []


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"page": "²"}, 404),
        ({"page": "٣"}, 404),
        ({"page": "9" * 30}, 404),
        ({"site": "99999999999999999999"}, 200),
        ({"unit": "9223372036854775808"}, 200),
        ({"year": "²"}, 200),
        ({"type": "a\x00b"}, 400),
        ({"q": "a\x00b"}, 400),
    ],
)
def test_unicode_digits_huge_numbers_and_nul_are_not_a_500(portal, client, params, status):
    assert search(client, **{"q": "tuyen", **params}).status_code == status
