"""The VNPay payment gateway's protocol (API version 2.1.0), as plain functions.

Nothing here touches the database: `payment_url` builds the signed address the applicant is
sent to, `verify` checks the signature of what VNPay sends back (the return URL and the IPN).

The signature: the `vnp_*` parameters sorted by name, each value URL-encoded as a form value
(spaces as "+"), joined as `key=value&...`; HMAC-SHA512 of that text with the merchant's hash
secret, in hexadecimal, sent as `vnp_SecureHash`.
"""

import datetime
import hashlib
import hmac
from dataclasses import dataclass
from urllib.parse import quote_plus

from django.conf import settings

VERSION = "2.1.0"
HASH_PARAMS = ("vnp_SecureHash", "vnp_SecureHashType")
# VNPay's dates are in Vietnam's time (GMT+7), as yyyyMMddHHmmss.
GMT7 = datetime.timezone(datetime.timedelta(hours=7))
DATE_FORMAT = "%Y%m%d%H%M%S"
EXPIRE_MINUTES = 15
SUCCESS = "00"  # vnp_ResponseCode and vnp_TransactionStatus of a completed payment

# The IPN answers VNPay expects (RspCode, Message).
IPN_CONFIRMED = ("00", "Confirm Success")
IPN_NOT_FOUND = ("01", "Order not found")
IPN_ALREADY_CONFIRMED = ("02", "Order already confirmed")
IPN_INVALID_AMOUNT = ("04", "Invalid amount")
IPN_INVALID_SIGNATURE = ("97", "Invalid signature")
IPN_UNKNOWN_ERROR = ("99", "Unknown error")


@dataclass(frozen=True)
class Config:
    tmn_code: str
    hash_secret: str
    payment_url: str
    return_base: str = ""


def config():
    """The merchant's settings, or None when VNPay is not configured (no online payment)."""
    tmn_code = getattr(settings, "VNPAY_TMN_CODE", "")
    hash_secret = getattr(settings, "VNPAY_HASH_SECRET", "")
    if not tmn_code or not hash_secret:
        return None
    return Config(
        tmn_code=tmn_code,
        hash_secret=hash_secret,
        payment_url=settings.VNPAY_PAYMENT_URL,
        return_base=getattr(settings, "VNPAY_RETURN_BASE", ""),
    )


def gateway_date(moment):
    """An aware datetime as VNPay writes dates: GMT+7, yyyyMMddHHmmss."""
    return moment.astimezone(GMT7).strftime(DATE_FORMAT)


def parse_gateway_date(text):
    """VNPay's yyyyMMddHHmmss (GMT+7) as an aware datetime, or None if malformed."""
    try:
        return datetime.datetime.strptime(text or "", DATE_FORMAT).replace(tzinfo=GMT7)
    except ValueError:
        return None


def signed_text(params):
    """The text the signature is computed on: `vnp_*` parameters but the hash itself,
    sorted by name, values encoded as form values."""
    items = sorted(
        (key, str(value))
        for key, value in params.items()
        if key.startswith("vnp_") and key not in HASH_PARAMS
    )
    return "&".join(f"{key}={quote_plus(value)}" for key, value in items)


def sign(params, *, hash_secret):
    return hmac.new(hash_secret.encode(), signed_text(params).encode(), hashlib.sha512).hexdigest()


def verify(params, *, hash_secret):
    """Whether `params` (a dict of single values, as received) carry a valid vnp_SecureHash."""
    given = str(params.get("vnp_SecureHash") or "").lower()
    if not given or not hash_secret or not given.isascii():
        return False  # a hex digest is ASCII; anything else is forged (never an error)
    return hmac.compare_digest(sign(params, hash_secret=hash_secret), given)


def amount_of(vnd):
    """VNPay's vnp_Amount: the amount in VND times 100 (no decimal separator)."""
    return int(vnd) * 100


def payment_params(
    *,
    config,
    txn_ref,
    amount_vnd,
    order_info,
    return_url,
    ip_address,
    created_at,
    expire_minutes=EXPIRE_MINUTES,
    locale="vn",
):
    """The parameters of a payment request (vnp_Command=pay), unsigned."""
    return {
        "vnp_Version": VERSION,
        "vnp_Command": "pay",
        "vnp_TmnCode": config.tmn_code,
        "vnp_Amount": str(amount_of(amount_vnd)),
        "vnp_CurrCode": "VND",
        "vnp_TxnRef": txn_ref,
        "vnp_OrderInfo": order_info,
        "vnp_OrderType": "other",
        "vnp_Locale": locale,
        "vnp_ReturnUrl": return_url,
        "vnp_IpAddr": ip_address or "127.0.0.1",
        "vnp_CreateDate": gateway_date(created_at),
        "vnp_ExpireDate": gateway_date(created_at + datetime.timedelta(minutes=expire_minutes)),
    }


def payment_url(*, config, **request):
    """The gateway address the applicant is redirected to: the parameters, sorted and
    encoded, with their signature appended."""
    params = payment_params(config=config, **request)
    query = signed_text(params)
    signature = hmac.new(config.hash_secret.encode(), query.encode(), hashlib.sha512).hexdigest()
    return f"{config.payment_url}?{query}&vnp_SecureHash={signature}"


def is_success(params):
    return (
        params.get("vnp_ResponseCode") == SUCCESS and params.get("vnp_TransactionStatus") == SUCCESS
    )
