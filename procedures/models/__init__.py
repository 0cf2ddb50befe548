from procedures.models.catalogue import HandlingBody, ProcedureField
from procedures.models.pages import (
    Handling,
    OnlineLevel,
    ProcedureFormField,
    ProcedureIndexPage,
    ProcedurePage,
    Recipient,
)

__all__ = [
    "Handling",
    "HandlingBody",
    "OnlineLevel",
    "ProcedureField",
    "ProcedureFormField",
    "ProcedureIndexPage",
    "ProcedurePage",
    "Recipient",
]
