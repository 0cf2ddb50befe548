from legaldocs.models.pages import (
    DocumentLibraryPage,
    LegalDocumentAttachment,
    LegalDocumentPage,
    LegalDocumentRelation,
)
from legaldocs.models.terms import DocumentArea, DocumentType, IssuingBody

__all__ = [
    "DocumentArea",
    "DocumentLibraryPage",
    "DocumentType",
    "IssuingBody",
    "LegalDocumentAttachment",
    "LegalDocumentPage",
    "LegalDocumentRelation",
]
