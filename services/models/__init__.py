from services.models.applications import (
    Application,
    ApplicationEvent,
    ApplicationKind,
    Attachment,
)
from services.models.catalogue import HandlingBody, ProcedureField
from services.models.holidays import PublicHoliday
from services.models.payments import Payment
from services.models.procedures import (
    FieldType,
    FileKind,
    Handling,
    OnlineLevel,
    ProcedureFormField,
    ProcedureIndexPage,
    ProcedurePage,
)

__all__ = [
    "Application",
    "ApplicationEvent",
    "ApplicationKind",
    "Attachment",
    "FieldType",
    "FileKind",
    "Handling",
    "HandlingBody",
    "OnlineLevel",
    "Payment",
    "ProcedureField",
    "ProcedureFormField",
    "ProcedureIndexPage",
    "ProcedurePage",
    "PublicHoliday",
]
