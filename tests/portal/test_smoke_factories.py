from portal import factories
from portal.models import NewsArticlePage


def test_article_factory_builds_a_live_article_under_the_index(news_index, client):
    article = factories.NewsArticlePageFactory(parent=news_index, title="Đăng ký tuyển sinh")
    assert article.slug == "dang-ky-tuyen-sinh"
    assert NewsArticlePage.objects.live().child_of(news_index).count() == 1
    assert client.get(article.url).status_code == 200
