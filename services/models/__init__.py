from services.models.applications import (
    Application,
    ApplicationEvent,
    ApplicationKind,
    Attachment,
)
from services.models.catalogue import HandlingBody, ProcedureField
from services.models.holidays import PublicHoliday
from services.models.notifications import Notification
from services.models.payments import Payment
from services.models.procedures import (
    FieldType,
    FileKind,
    Handling,
    OnlineLevel,
    ProcedureFormField,
    ProcedureIndexPage,
    ProcedurePage,
    Recipient,
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
    "Notification",
    "OnlineLevel",
    "Payment",
    "ProcedureField",
    "ProcedureFormField",
    "ProcedureIndexPage",
    "ProcedurePage",
    "PublicHoliday",
    "Recipient",
]
