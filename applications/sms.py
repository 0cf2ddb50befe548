"""A small client of the SMS gateway (an HTTP API the department contracts with).

POST `SMS_GATEWAY_URL` with JSON {"to": "+84…", "text": …, "sender": SMS_SENDER} and
`Authorization: Bearer SMS_GATEWAY_TOKEN`. Anything but a 2xx answer (redirects included) or a
network error raises `SmsError`, whose message is a short reason without personal data.
Standard library only: no HTTP client dependency for one POST.
"""

import json
import re
import unicodedata
import urllib.error
import urllib.request

from django.conf import settings

from portal import phones


class SmsError(Exception):
    """The gateway did not accept the message; str() is safe to store and log."""


def is_enabled():
    return bool(settings.SMS_GATEWAY_URL)


def international_number(phone):
    """0905123456 → +84905123456; None for anything that is not a Vietnamese mobile number."""
    return phones.international(phone)


def plain_text(text):
    """Vietnamese without diacritics, on one line: fits the GSM alphabet (160 characters per
    message instead of 70)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("“", '"').replace("”", '"').replace("–", "-")
    text = text.encode("ascii", "ignore").decode("ascii")
    return re.sub(r"\s+", " ", text).strip()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 3xx becomes an HTTPError: the gateway did not take the message


_opener = urllib.request.build_opener(_NoRedirect)


def send(*, to, text):
    url = settings.SMS_GATEWAY_URL
    if not url.startswith(("https://", "http://")):
        raise SmsError("SMS_GATEWAY_URL is not an http(s) URL")
    headers = {"Content-Type": "application/json; charset=utf-8", "Accept": "application/json"}
    if settings.SMS_GATEWAY_TOKEN:
        headers["Authorization"] = f"Bearer {settings.SMS_GATEWAY_TOKEN}"
    body = json.dumps({"to": to, "text": text, "sender": settings.SMS_SENDER}).encode()
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    try:
        with _opener.open(request, timeout=settings.SMS_GATEWAY_TIMEOUT) as response:
            response.read(65536)
            status = response.status
    except urllib.error.HTTPError as error:
        raise SmsError(f"HTTP {error.code}") from None
    except urllib.error.URLError as error:
        reason = error.reason
        name = type(reason).__name__ if isinstance(reason, BaseException) else "URLError"
        raise SmsError(name) from None
    except (OSError, ValueError) as error:  # timeouts, resets, malformed answers
        raise SmsError(type(error).__name__) from None
    if not 200 <= status < 300:
        raise SmsError(f"HTTP {status}")
