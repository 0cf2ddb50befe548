import io
import re

import docx
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.management import call_command
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

from portal.settings.env import Env
from search.config import search_settings
from search.models import SearchEntry
from tests.search.conftest import titles


def test_database_backend_is_the_default():
    backends, engine, _options = search_settings(Env({}))
    assert backends["default"]["BACKEND"] == "wagtail.search.backends.database"
    assert engine == "database"


@pytest.mark.parametrize(
    ("name", "backend"),
    [
        ("elasticsearch", "wagtail.search.backends.elasticsearch8"),
        ("opensearch", "wagtail.search.backends.opensearch3"),
    ],
)
def test_cluster_backends_fold_vietnamese(name, backend):
    env = Env({"SEARCH_BACKEND": name, "SEARCH_URL": "http://search:9200"})
    backends, _engine, _options = search_settings(env)
    config = backends["default"]
    assert config["BACKEND"] == backend and config["URLS"] == ["http://search:9200"]
    analysis = config["INDEX_SETTINGS"]["settings"]["index"]["analysis"]
    assert analysis["analyzer"]["default"]["filter"] == ["lowercase", "asciifolding"]
    assert analysis["analyzer"]["vi_folding_edge"]["filter"][-1] == "vi_edge_ngram"
    icu = search_settings(Env({**env.environ, "SEARCH_ICU": "true"}))[0]["default"]
    icu_analysis = icu["INDEX_SETTINGS"]["settings"]["index"]["analysis"]["analyzer"]
    assert icu_analysis["default"] == {
        "type": "custom",
        "tokenizer": "icu_tokenizer",
        "filter": ["icu_folding"],
    }


def test_misconfigured_cluster_is_refused():
    with pytest.raises(ImproperlyConfigured, match="SEARCH_URL"):
        search_settings(Env({"SEARCH_BACKEND": "elasticsearch"}))
    with pytest.raises(ImproperlyConfigured, match="SEARCH_BACKEND"):
        search_settings(Env({"SEARCH_BACKEND": "solr"}))


def _docx(text):
    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _pdf(text):
    """A minimal one-page PDF with ASCII text (Helvetica)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = io.BytesIO(), []
    out.write(b"%PDF-1.4\n")
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def _document(title, name, content, collection=None):
    document_model = get_document_model()
    document = document_model(
        title=title, collection=collection or Collection.get_first_root_node()
    )
    document.file.save(name, ContentFile(content), save=False)
    document.save()
    return document


@pytest.mark.django_db
def test_document_text_is_extracted_in_a_task_and_private_collections_stay_out(
    portal, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        word = _document(
            "Quyết định số 12", "qd.docx", _docx("Danh sách học sinh được khen thưởng")
        )
    assert not SearchEntry.objects.filter(document=word).exists()  # not in the request
    for callback in callbacks:
        callback()  # the task, run by the immediate backend after commit
    assert titles(client.get("/tim-kiem/", {"q": "khen thuong"})) == ["Quyết định số 12"]

    with django_capture_on_commit_callbacks(execute=True):
        pdf = _document("Kế hoạch", "kh.pdf", _pdf("Lich thi hoc ky mot"))
    response = client.get("/tim-kiem/", {"q": "lich thi hoc ky"})
    assert titles(response) == ["Kế hoạch"]
    assert response.context["outcome"].results[0].url.endswith(pdf.url)

    root = Collection.get_first_root_node()
    private = root.add_child(name="Hồ sơ nội bộ")
    with django_capture_on_commit_callbacks(execute=True):
        _document("Biên bản mật", "bb.docx", _docx("Nội dung khen thưởng nội bộ"), private)
        CollectionViewRestriction.objects.create(
            collection=private, restriction_type=CollectionViewRestriction.PASSWORD, password="x"
        )
    assert titles(client.get("/tim-kiem/", {"q": "noi bo"})) == []
    assert "Biên bản mật" not in titles(client.get("/tim-kiem/", {"q": "khen thuong"}))


@pytest.mark.django_db
def test_rebuild_command_indexes_everything_public_with_progress(portal):
    SearchEntry.objects.all().delete()
    out = io.StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert re.search(r": \d+/\d+\n", out.getvalue())  # a progress line (no terminal here)
    assert SearchEntry.objects.filter(page=portal["dept"]).exists()
    count = SearchEntry.objects.count()
    call_command("rebuild_search_index", "--if-empty", stdout=io.StringIO())
    assert SearchEntry.objects.count() == count


@pytest.mark.django_db
def test_admin_report_lists_popular_and_zero_result_queries(portal, client, admin_client):
    client.get("/tim-kiem/", {"q": "tuyển sinh"})
    client.get("/tim-kiem/", {"q": "hoc phi nam nay khong co"})
    response = admin_client.get("/admin/reports/search-queries/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "tuyen sinh" in html and "hoc phi nam nay khong co" in html
    client.force_login(
        __import__("django.contrib.auth", fromlist=["get_user_model"])
        .get_user_model()
        .objects.create_user("bien-tap", password="x")
    )
    assert client.get("/admin/reports/search-queries/").status_code in (302, 403)
