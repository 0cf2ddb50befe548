"""Text helpers for Vietnamese content."""

from anyascii import anyascii
from django.utils.text import slugify


def slugify_vi(text):
    """An ASCII slug that keeps Vietnamese letters readable: "Đăng ký" → "dang-ky"."""
    return slugify(anyascii(str(text)))


def fold_vi(text):
    """Lower-case ASCII for matching without diacritics: "Trường Đại Phong" → "truong dai phong"."""
    return " ".join(anyascii(str(text)).lower().split())
