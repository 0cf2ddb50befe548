"""Online payment of a procedure's fee through VNPay (API 2.1.0).

The gateway's requests are built and signed here by the protocol's published algorithm
(HMAC-SHA512 over the sorted, form-encoded vnp_* parameters), independently of
applications/vnpay.py, and sent to the real views.
"""

import datetime
import hashlib
import hmac
import json
import urllib.parse

import pytest
from django.test import Client
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from applications import payments
from applications.models import Application, Payment
from applications.status import Actor, Status
from procedures import factories
from tests.applications.helpers import APPLICANT, fill_journey, with_form

TMN = "PORTAL01"
SECRET = "K3Y5ECRETFORTE5TSONLY0123456789AB"
SANDBOX = "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html"
IPN = "/thanh-toan/vnpay/ipn/"
FEE = 50_000
GMT7 = datetime.timezone(datetime.timedelta(hours=7))


def reference_hash(params, secret=SECRET):
    """VNPay's checksum as its integration guide describes it, written out independently."""
    pairs = sorted(
        (key, value)
        for key, value in params.items()
        if key not in ("vnp_SecureHash", "vnp_SecureHashType")
    )
    text = "&".join(f"{key}={urllib.parse.quote_plus(value)}" for key, value in pairs)
    return hmac.new(secret.encode("utf-8"), text.encode("utf-8"), hashlib.sha512).hexdigest()


def t(msgid):
    """A message as the (Vietnamese) page shows it, escaped as in HTML."""
    with translation.override("vi"):
        return escape(gettext(msgid))


@pytest.fixture(autouse=True)
def vnpay_settings(settings):
    settings.VNPAY_TMN_CODE = TMN
    settings.VNPAY_HASH_SECRET = SECRET
    settings.VNPAY_PAYMENT_URL = SANDBOX
    settings.VNPAY_RETURN_BASE = ""
    return settings


@pytest.fixture
def fee_procedure(procedure):
    procedure.fee_amount = FEE
    procedure.save()
    return procedure


@pytest.fixture
def application(fee_procedure):
    return factories.submit_application(
        fee_procedure, phone="0905777888", birth_date=datetime.date(1990, 6, 1)
    )


def start(application):
    payment, _url = payments.payment_start(
        application=application,
        return_url="http://testserver/dich-vu-cong/thanh-toan/ket-qua/",
        client_ip="203.0.113.9",
    )
    return payment


def callback(payment, *, response="00", status="00", amount=None, secret=SECRET, **extra):
    """The parameters VNPay sends to the IPN and the return URL, signed."""
    params = {
        "vnp_Amount": str((payment.amount if amount is None else amount) * 100),
        "vnp_BankCode": "NCB",
        "vnp_BankTranNo": "VNP14226112",
        "vnp_CardType": "ATM",
        "vnp_OrderInfo": f"Thanh toan le phi ho so {payment.application.code}",
        "vnp_PayDate": "20261128153000",
        "vnp_ResponseCode": response,
        "vnp_TmnCode": TMN,
        "vnp_TransactionNo": "14226112",
        "vnp_TransactionStatus": status,
        "vnp_TxnRef": payment.txn_ref,
        **extra,
    }
    params["vnp_SecureHash"] = reference_hash(params, secret)
    params["vnp_SecureHashType"] = "HmacSHA512"
    return params


def notify(client, params):
    # As VNPay calls it: a GET whose query string is form-encoded.
    response = client.get(IPN + "?" + urllib.parse.urlencode(params))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def gateway_events(application):
    return application.events.filter(actor=Actor.PAYMENT_GATEWAY)


def submit_journey(client, page):
    check = fill_journey(client, page)
    token = check.context["form"]["token"].value()
    response = client.post(page.url + "nop-truc-tuyen/kiem-tra/", {"token": token, "consent": "on"})
    assert response.status_code == 302
    return response["Location"]


@pytest.mark.django_db
class TestPaymentUrl:
    def test_confirmation_pay_button_redirects_to_a_signed_url(
        self, client, catalogue, fee_procedure
    ):
        confirmation = submit_journey(client, with_form(fee_procedure))
        application = Application.objects.get()
        assert application.status == Status.AWAITING_PAYMENT
        html = client.get(confirmation).content.decode()
        assert 'id="pay-button"' in html and "50.000 đồng" in html

        before = timezone.now().astimezone(GMT7).replace(microsecond=0)
        response = client.post(confirmation + "thanh-toan/")
        assert response.status_code == 302
        url = response["Location"]
        assert url.startswith(SANDBOX + "?")
        query = url.split("?", 1)[1]
        pairs = urllib.parse.parse_qsl(query, keep_blank_values=True)
        params = dict(pairs)
        # Sorted by key, the hash last.
        keys = [key for key, _value in pairs]
        assert keys[-1] == "vnp_SecureHash" and keys[:-1] == sorted(keys[:-1])
        assert params["vnp_SecureHash"] == reference_hash(params)
        signed_part = query.rsplit("&vnp_SecureHash=", 1)[0]
        assert (
            params["vnp_SecureHash"]
            == hmac.new(SECRET.encode(), signed_part.encode(), hashlib.sha512).hexdigest()
        )

        payment = Payment.objects.get()
        assert payment.status == Payment.Status.PENDING and payment.amount == FEE
        assert params["vnp_Amount"] == "5000000"  # VND × 100
        assert params["vnp_TxnRef"] == payment.txn_ref
        assert params["vnp_Version"] == "2.1.0" and params["vnp_Command"] == "pay"
        assert params["vnp_TmnCode"] == TMN and params["vnp_CurrCode"] == "VND"
        assert params["vnp_OrderType"] == "other" and params["vnp_Locale"] == "vn"
        assert params["vnp_IpAddr"] == "127.0.0.1"
        assert params["vnp_ReturnUrl"] == f"http://testserver{catalogue.url}thanh-toan/ket-qua/"
        assert application.code in params["vnp_OrderInfo"]
        for personal in (APPLICANT["name"], APPLICANT["phone"], APPLICANT["personal_id"]):
            assert personal not in urllib.parse.unquote_plus(query)
        created = datetime.datetime.strptime(params["vnp_CreateDate"], "%Y%m%d%H%M%S")
        created = created.replace(tzinfo=GMT7)
        assert before <= created <= before + datetime.timedelta(minutes=1)
        expires = datetime.datetime.strptime(params["vnp_ExpireDate"], "%Y%m%d%H%M%S")
        assert expires.replace(tzinfo=GMT7) - created == datetime.timedelta(minutes=15)

    def test_return_base_setting(self, client, catalogue, fee_procedure, vnpay_settings):
        vnpay_settings.VNPAY_RETURN_BASE = "https://sogd.example.edu.vn/"
        confirmation = submit_journey(client, with_form(fee_procedure))
        url = client.post(confirmation + "thanh-toan/")["Location"]
        params = dict(urllib.parse.parse_qsl(url.split("?", 1)[1]))
        expected = f"https://sogd.example.edu.vn{catalogue.url}thanh-toan/ket-qua/"
        assert params["vnp_ReturnUrl"] == expected
        assert params["vnp_SecureHash"] == reference_hash(params)

    def test_another_browser_cannot_pay_from_the_confirmation(self, client, fee_procedure):
        confirmation = submit_journey(client, with_form(fee_procedure))
        assert Client().post(confirmation + "thanh-toan/").status_code == 404
        assert not Payment.objects.exists()

    def test_free_procedure_has_no_payment(self, client, procedure):
        confirmation = submit_journey(client, with_form(procedure))
        assert Application.objects.get().status == Status.SUBMITTED
        assert 'id="pay-button"' not in client.get(confirmation).content.decode()
        response = client.post(confirmation + "thanh-toan/")
        assert response.status_code == 409
        assert t("This application does not await a payment.") in response.content.decode()
        assert not Payment.objects.exists()


@pytest.mark.django_db
class TestIpn:
    def test_good_signature_marks_paid_and_submits(self, client, application):
        payment = start(application)
        answer = notify(client, callback(payment))
        assert answer == {"RspCode": "00", "Message": "Confirm Success"}
        payment.refresh_from_db()
        application.refresh_from_db()
        assert payment.status == Payment.Status.PAID
        assert payment.gateway_transaction_no == "14226112"
        assert (payment.response_code, payment.bank_code) == ("00", "NCB")
        assert payment.paid_at == datetime.datetime(2026, 11, 28, 15, 30, tzinfo=GMT7)
        assert application.status == Status.SUBMITTED
        assert application.clock_started_on == timezone.localdate()
        assert application.due_date is not None and application.due_date > timezone.localdate()
        event = gateway_events(application).get()
        assert (event.from_status, event.to_status) == (Status.AWAITING_PAYMENT, Status.SUBMITTED)
        assert event.visible_to_applicant and "50.000" in event.note

    def test_bad_signature_is_97_and_changes_nothing(self, client, application):
        payment = start(application)
        events = application.events.count()
        tampered = callback(payment)
        tampered["vnp_ResponseCode"] = "00"
        tampered["vnp_TxnRef"] = payment.txn_ref
        tampered["vnp_BankCode"] = "VCB"  # changed after signing
        wrong_key = callback(payment, secret="another-merchants-secret")
        unsigned = {k: v for k, v in callback(payment).items() if k != "vnp_SecureHash"}
        for params in (tampered, wrong_key, unsigned):
            assert notify(client, params)["RspCode"] == "97"
        payment.refresh_from_db()
        application.refresh_from_db()
        assert payment.status == Payment.Status.PENDING and payment.gateway_params == {}
        assert application.status == Status.AWAITING_PAYMENT
        assert application.events.count() == events

    def test_replayed_ipn_is_02_and_recorded_once(self, client, application):
        payment = start(application)
        params = callback(payment)
        assert notify(client, params)["RspCode"] == "00"
        assert notify(client, params) == {"RspCode": "02", "Message": "Order already confirmed"}
        assert gateway_events(application).count() == 1
        assert application.events.filter(to_status=Status.SUBMITTED).count() == 1

    def test_wrong_amount_is_04(self, client, application):
        payment = start(application)
        assert notify(client, callback(payment, amount=FEE - 1000)) == {
            "RspCode": "04",
            "Message": "Invalid amount",
        }
        payment.refresh_from_db()
        assert payment.status == Payment.Status.PENDING
        assert Application.objects.get().status == Status.AWAITING_PAYMENT

    def test_unknown_transaction_is_01(self, client, application):
        payment = start(application)
        payment.txn_ref = "HS000000ABCDEF"  # signed, but no such attempt
        assert notify(client, callback(payment)) == {"RspCode": "01", "Message": "Order not found"}

    def test_failed_payment_keeps_the_application_waiting(self, client, application):
        payment = start(application)
        # 24: the customer cancelled at the gateway.
        assert notify(client, callback(payment, response="24", status="02"))["RspCode"] == "00"
        payment.refresh_from_db()
        application.refresh_from_db()
        assert payment.status == Payment.Status.FAILED and payment.response_code == "24"
        assert payment.paid_at is None
        assert application.status == Status.AWAITING_PAYMENT and application.due_date is None
        assert not gateway_events(application).exists()
        # Another attempt, paid this time.
        second = start(application)
        assert second.txn_ref != payment.txn_ref
        assert notify(client, callback(second))["RspCode"] == "00"
        application.refresh_from_db()
        assert application.status == Status.SUBMITTED
        assert list(application.payments.values_list("status", flat=True)) == ["failed", "paid"]

    def test_second_paid_attempt_is_kept_for_refund(self, client, application):
        first, second = start(application), start(application)
        assert notify(client, callback(first))["RspCode"] == "00"
        assert notify(client, callback(second))["RspCode"] == "00"
        second.refresh_from_db()
        assert second.status == Payment.Status.REFUND_DUE
        assert application.payments.filter(status=Payment.Status.PAID).count() == 1
        assert gateway_events(application).count() == 1

    def test_paid_after_withdrawal_is_kept_for_refund(self, client, application):
        from applications.services import application_transition

        payment = start(application)
        application_transition(
            application=application, to_status=Status.WITHDRAWN, actor=Actor.APPLICANT
        )
        assert notify(client, callback(payment))["RspCode"] == "00"
        payment.refresh_from_db()
        application.refresh_from_db()
        assert payment.status == Payment.Status.REFUND_DUE
        assert application.status == Status.WITHDRAWN

    def test_stored_params_hold_no_personal_data(self, client, application):
        payment = start(application)
        # VNPay 2.1.0's optional billing fields carry the payer's details.
        params = callback(
            payment,
            vnp_Bill_Mobile=application.applicant_phone,
            vnp_Bill_Email=application.applicant_email,
            vnp_Bill_FirstName="Văn An",
            vnp_Bill_LastName="Nguyễn",
            vnp_Bill_Address="12 Quang Trung, Nghĩa Lộ",
            vnp_Inv_Customer=application.applicant_name,
            vnp_Inv_Taxcode=application.applicant_personal_id,
        )
        assert notify(client, params)["RspCode"] == "00"
        payment.refresh_from_db()
        stored = json.dumps(payment.gateway_params, ensure_ascii=False)
        assert payment.gateway_params["vnp_TransactionNo"] == "14226112"
        assert payment.gateway_params["vnp_TxnRef"] == payment.txn_ref
        for personal in (
            application.applicant_name,
            "Văn An",
            "Nguyễn",
            "Quang Trung",
            application.applicant_phone,
            application.applicant_email,
            application.applicant_personal_id,
            "1990",
        ):
            assert personal not in stored
        assert not any(key.startswith(("vnp_Bill", "vnp_Inv")) for key in payment.gateway_params)
        assert "vnp_SecureHash" not in payment.gateway_params

    def test_ipn_is_get_only(self, client, application):
        payment = start(application)
        assert client.post(IPN, callback(payment)).status_code == 405
        payment.refresh_from_db()
        assert payment.status == Payment.Status.PENDING

    def test_without_configuration_the_ipn_answers_99(self, client, application, vnpay_settings):
        payment = start(application)
        vnpay_settings.VNPAY_HASH_SECRET = ""
        assert notify(client, callback(payment)) == {"RspCode": "99", "Message": "Unknown error"}
        payment.refresh_from_db()
        assert payment.status == Payment.Status.PENDING


@pytest.mark.django_db
def test_a_signed_ipn_for_another_merchant_is_refused(client, catalogue, application):
    payment = start(application)
    answer = notify(client, callback(payment, vnp_TmnCode="OTHERSHOP"))
    assert answer["RspCode"] == "01"
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PENDING
    assert not gateway_events(application).exists()


@pytest.mark.django_db
class TestReturnPage:
    def return_url(self, catalogue, params):
        return catalogue.url + "thanh-toan/ket-qua/?" + urllib.parse.urlencode(params)

    def test_a_non_ascii_signature_is_refused_not_an_error(self, client, catalogue, application):
        payment = start(application)
        params = {**callback(payment), "vnp_SecureHash": "é"}
        response = client.get(self.return_url(catalogue, params))
        assert response.status_code == 400
        assert 'data-outcome="bad-signature"' in response.content.decode()
        assert notify(client, params)["RspCode"] == "97"
        payment.refresh_from_db()
        assert payment.status == Payment.Status.PENDING

    def test_bad_signature_is_shown(self, client, catalogue, application):
        payment = start(application)
        params = callback(payment)
        params["vnp_Amount"] = "100"  # changed after signing
        response = client.get(self.return_url(catalogue, params))
        assert response.status_code == 400
        html = response.content.decode()
        assert 'data-outcome="bad-signature"' in html
        assert t("The answer from the payment gateway has an invalid signature.") in html
        payment.refresh_from_db()
        assert payment.status == Payment.Status.PENDING

    def test_return_does_not_mark_paid_before_the_ipn(self, client, catalogue, application):
        payment = start(application)
        params = callback(payment)
        response = client.get(self.return_url(catalogue, params))
        assert response.status_code == 200
        assert 'data-outcome="confirming"' in response.content.decode()
        payment.refresh_from_db()
        application.refresh_from_db()
        assert payment.status == Payment.Status.PENDING
        assert application.status == Status.AWAITING_PAYMENT
        # Once the IPN has recorded it, the same return shows it paid.
        assert notify(client, params)["RspCode"] == "00"
        html = client.get(self.return_url(catalogue, params)).content.decode()
        assert 'data-outcome="paid"' in html and application.code in html
        assert APPLICANT["name"] not in html and application.applicant_name not in html

    def test_failed_payment_offers_another_attempt(self, client, fee_procedure, catalogue):
        confirmation = submit_journey(client, with_form(fee_procedure))
        client.post(confirmation + "thanh-toan/")
        payment = Payment.objects.get()
        params = callback(payment, response="24", status="02")
        assert notify(client, params)["RspCode"] == "00"
        html = client.get(self.return_url(catalogue, params)).content.decode()
        assert 'data-outcome="failed"' in html
        assert f'action="{confirmation}thanh-toan/"' in html
        # A stranger sees the outcome but gets no pay button.
        other = Client().get(self.return_url(catalogue, params)).content.decode()
        assert 'data-outcome="failed"' in other and 'id="pay-button"' not in other


@pytest.mark.django_db
class TestTrackingAndBackOffice:
    def test_tracking_shows_awaiting_payment_with_a_pay_button(
        self, client, catalogue, application
    ):
        response = client.post(
            catalogue.url + "tra-cuu/", {"code": application.code, "phone": "0905777888"}
        )
        assert response.status_code == 302
        html = client.get(catalogue.url + "tra-cuu/ho-so/").content.decode()
        with translation.override("vi"):
            assert escape(str(Status.AWAITING_PAYMENT.label)) in html
        assert 'id="pay-button"' in html and "50.000 đồng" in html
        assert 'value="withdraw"' in html  # the applicant may withdraw while awaiting payment
        response = client.post(catalogue.url + "tra-cuu/ho-so/thanh-toan/")
        assert response.status_code == 302 and response["Location"].startswith(SANDBOX)
        params = dict(urllib.parse.parse_qsl(response["Location"].split("?", 1)[1]))
        assert params["vnp_SecureHash"] == reference_hash(params)
        assert params["vnp_TxnRef"] == application.payments.get().txn_ref

    def test_tracking_pay_needs_a_lookup(self, client, catalogue, application):
        response = client.post(catalogue.url + "tra-cuu/ho-so/thanh-toan/")
        assert response.status_code == 302 and response["Location"].endswith("/tra-cuu/")
        assert not Payment.objects.exists()

    def test_fee_amount_is_edited_in_the_admin(self, admin_client, fee_procedure):
        html = admin_client.get(f"/admin/pages/{fee_procedure.pk}/edit/").content.decode()
        assert 'name="fee_amount"' in html and 'value="50000"' in html

    def test_back_office_shows_payment_status(self, admin_client, client, application):
        failed, paid = start(application), start(application)
        notify(client, callback(failed, response="51", status="02"))
        notify(client, callback(paid))
        html = admin_client.get(f"/admin/ho-so-truc-tuyen/{application.pk}/").content.decode()
        assert 'id="payments"' in html
        assert failed.txn_ref in html and paid.txn_ref in html
        with translation.override("vi"):
            assert escape(str(Payment.Status.PAID.label)) in html
            assert escape(str(Payment.Status.FAILED.label)) + " (51)" in html
        assert "14226112" in html


@pytest.mark.django_db
class TestNotConfigured:
    @pytest.fixture(autouse=True)
    def unconfigured(self, vnpay_settings):
        vnpay_settings.VNPAY_TMN_CODE = ""
        vnpay_settings.VNPAY_HASH_SECRET = ""

    MESSAGE = (
        "Online payment is not available at the moment. Please try again later or contact "
        "the handling body."
    )

    def test_pages_say_payment_is_unavailable(self, client, fee_procedure):
        page = with_form(fee_procedure)
        start_html = client.get(page.url + "nop-truc-tuyen/").content.decode()
        assert 'id="payment-unavailable"' in start_html and t(self.MESSAGE) in start_html
        confirmation = submit_journey(client, page)
        html = client.get(confirmation).content.decode()
        assert 'id="payment-unavailable"' in html and t(self.MESSAGE) in html
        assert 'id="pay-button"' not in html
        response = client.post(confirmation + "thanh-toan/")
        assert response.status_code == 503
        assert t(self.MESSAGE) in response.content.decode()
        assert not Payment.objects.exists()
        assert Application.objects.get().status == Status.AWAITING_PAYMENT
