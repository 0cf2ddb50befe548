"""The classifications of legal documents in the admin, under one menu for department staff."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from legaldocs.models import DocumentArea, DocumentType, IssuingBody


class _TermViewSet(SnippetViewSet):
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]
    ordering = ["sort_order", "name"]


class DocumentTypeViewSet(_TermViewSet):
    model = DocumentType
    icon = "doc-full"


class IssuingBodyViewSet(_TermViewSet):
    model = IssuingBody
    icon = "group"


class DocumentAreaViewSet(_TermViewSet):
    model = DocumentArea
    icon = "tag"


class LegalDocumentTermsGroup(SnippetViewSetGroup):
    menu_label = _("Document classification")
    menu_icon = "doc-full-inverse"
    menu_order = 310
    items = (DocumentTypeViewSet, IssuingBodyViewSet, DocumentAreaViewSet)


register_snippet(LegalDocumentTermsGroup)
