"""Hand-made ZIP packages for the zip-bomb tests: the headers say what the test wants."""

import io
import struct
import zipfile
import zlib

MEGABYTE = 1024 * 1024
CONTENT_TYPES = b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def word_xml(*paragraphs):
    body = "".join(
        f'<w:p><w:r><w:t>{text[: len(text) // 2]}</w:t></w:r><w:r><w:t xml:space="preserve">'
        f"{text[len(text) // 2 :]}</w:t></w:r></w:p>"
        for text in paragraphs
    )
    return f'<?xml version="1.0"?><w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'.encode()


def zeros_deflated(size):
    """(raw deflate stream, CRC-32) of `size` zero bytes, built from one compressed megabyte:
    after a full flush the compressor starts afresh, so every megabyte deflates the same."""
    block = bytes(MEGABYTE)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(size // MEGABYTE):
        crc = zlib.crc32(block, crc)
    return chunk * (size // MEGABYTE) + compressor.flush(), crc


def raw_zip(members):
    """A ZIP file from (name, method, raw data, CRC, declared size) tuples, written by hand so
    that the headers say what the test wants."""
    out, central = io.BytesIO(), []
    for name, method, data, crc, size in members:
        offset = out.tell()
        encoded = name.encode()
        out.write(
            struct.pack(
                "<IHHHHHIIIHH",
                0x04034B50,
                20,
                0,
                method,
                0,
                0x21,
                crc,
                len(data),
                size,
                len(encoded),
                0,
            )
        )
        out.write(encoded + data)
        central.append(
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                0,
                method,
                0,
                0x21,
                crc,
                len(data),
                size,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + encoded
        )
    start = out.tell()
    directory = b"".join(central)
    out.write(directory)
    out.write(
        struct.pack(
            "<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(directory), start, 0
        )
    )
    return out.getvalue()


def deflated(name, data):
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    raw = compressor.compress(data) + compressor.flush()
    return (name, zipfile.ZIP_DEFLATED, raw, zlib.crc32(data), len(data))
