"""Concurrency of the application engine, with real threads and connections: a submission
posted twice at once and two payment notifications at once each leave one record.

These tests commit (transaction=True), so they live in a file of their own: the suite runs
files whole per pytest-xdist worker, after the tests that run in a transaction
(tests/conftest.py refuses a file that mixes the two).
"""

import json
import threading
import time
import uuid

import pytest
from django.db import OperationalError, connections
from django.test import Client

from applications.models import Application
from applications.services import application_submit
from applications.status import Status
from procedures import factories
from tests.applications.test_payments import FEE, IPN, SECRET, TMN, callback, gateway_events, start


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_submissions_with_one_token_create_one_application(home):
    catalogue = factories.ProcedureIndexPageFactory(parent=home)
    page = factories.ProcedurePageFactory(parent=catalogue, handling="here")
    token = uuid.uuid4()
    barrier = threading.Barrier(2)
    results, errors = [], []

    def worker():
        from django.db import connections

        try:
            barrier.wait()
            for _attempt in range(20):  # SQLite locks the whole file; PostgreSQL never does
                try:
                    application, created = application_submit(
                        definition=page,
                        submission_token=token,
                        applicant={"name": "A", "phone": "0905123456"},
                        answers=[],
                    )
                    break
                except OperationalError:
                    time.sleep(0.05)
            results.append((application.pk, created))
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Application.objects.filter(submission_token=token).count() == 1
    assert len({pk for pk, _ in results}) == 1
    assert sorted(created for _, created in results) == [False, True]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_ipns_record_one_payment(home, settings):
    settings.VNPAY_TMN_CODE, settings.VNPAY_HASH_SECRET = TMN, SECRET
    catalogue = factories.ProcedureIndexPageFactory(parent=home)
    page = factories.ProcedurePageFactory(parent=catalogue, handling="here", fee_amount=FEE)
    application = factories.submit_application(page)
    params = callback(start(application))
    barrier = threading.Barrier(2)
    answers, errors = [], []

    def worker():
        try:
            barrier.wait()
            answers.append(json.loads(Client().get(IPN, params).content)["RspCode"])
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(answers) == ["00", "02"]
    assert gateway_events(application).count() == 1
    assert Application.objects.get().status == Status.SUBMITTED
