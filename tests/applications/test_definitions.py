"""The engine knows a kind of case only through its protocol (applications/definitions.py)."""

import ast
from pathlib import Path

import pytest

import applications
from applications import definitions
from applications.definitions import CaseDefinition, FormField
from procedures import factories
from procedures.cases import ProcedureCases
from procedures.models import ProcedurePage

ENGINE = Path(applications.__file__).resolve().parent
CLIENTS = ("procedures", "admissions")


def engine_modules():
    return [p for p in ENGINE.rglob("*.py") if "migrations" not in p.parts]


def test_the_engine_imports_no_client():
    imports = []
    for path in engine_modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            imports += [(path.name, n) for n in names if n.split(".")[0] in CLIENTS]
    assert imports == []


def test_procedures_are_registered_as_a_kind_of_case():
    [client] = [c for c in definitions.clients() if isinstance(c, ProcedureCases)]
    assert client.definition_model is ProcedurePage


@pytest.mark.django_db
def test_a_procedure_page_implements_the_protocol(procedure):
    factories.add_form_field(procedure, label="Lý do", field_type="text", step=1)
    procedure = ProcedurePage.objects.get(pk=procedure.pk)
    assert isinstance(procedure, CaseDefinition)
    assert all(isinstance(field, FormField) for field in procedure.case_form_fields())
    assert definitions.client_for(procedure).processors_of(procedure) is not None
    assert procedure.journey_url("start").endswith("/nop-truc-tuyen/")
    assert procedure.tracking_page().get_tracking_url().endswith("/tra-cuu/")
