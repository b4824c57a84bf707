"""Reproducible zip containers (DOCX): same content and timestamp in, same bytes out.

A DOCX written by python-docx is a zip whose entries carry "now" as their time, in the order the
parts were visited. `normalize_zip` rewrites it: a fixed entry order, one fixed entry time, fixed
permissions, deflate at a fixed level, and the dates in docProps/core.xml set to the given moment.
"""

from __future__ import annotations

import datetime
import io
import zipfile

from lxml import etree

ZIP_EPOCH = datetime.datetime(1980, 1, 1)  # the earliest time a zip entry can hold
ZIP_LAST = datetime.datetime(2107, 12, 31, 23, 59, 58)
FIRST_ENTRIES = ("[Content_Types].xml", "_rels/.rels")  # conventional, and what Word writes
CORE_PROPERTIES = "docProps/core.xml"
DCTERMS = "http://purl.org/dc/terms/"
XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"


def zip_time(when: datetime.datetime) -> tuple[int, int, int, int, int, int]:
    """The entry time for `when`: UTC if it is aware, clamped to what a zip can hold (even seconds)."""
    naive = _utc_naive(when)
    naive = min(max(naive, ZIP_EPOCH), ZIP_LAST)
    return (naive.year, naive.month, naive.day, naive.hour, naive.minute, naive.second - naive.second % 2)


def w3cdtf(when: datetime.datetime) -> str:
    """`when` as the W3CDTF string core properties use (UTC, whole seconds)."""
    return _utc_naive(when).replace(microsecond=0).isoformat() + "Z"


def normalize_zip(data: bytes, when: datetime.datetime) -> bytes:
    """Rewrite a zip deterministically; for an OOXML package also pin the core-property dates."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        names = source.namelist()
        if len(set(names)) != len(names):
            raise ValueError("zip has duplicate entry names")
        contents = {name: source.read(name) for name in names}
    if CORE_PROPERTIES in contents:
        contents[CORE_PROPERTIES] = _pin_core_dates(contents[CORE_PROPERTIES], when)
    order = [n for n in FIRST_ENTRIES if n in contents]
    order += sorted(n for n in contents if n not in FIRST_ENTRIES)
    return deterministic_zip({name: contents[name] for name in order}, when)


def deterministic_zip(entries: dict[str, bytes], when: datetime.datetime = ZIP_EPOCH) -> bytes:
    """A zip of `entries` in their order, with one entry time, fixed modes and compression."""
    date_time = zip_time(when)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for name, data in entries.items():
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, so the permissions below apply
            info.external_attr = 0o100644 << 16  # regular file, rw-r--r--
            target.writestr(info, data, compresslevel=9)
    return out.getvalue()


def _utc_naive(when: datetime.datetime) -> datetime.datetime:
    if when.tzinfo is not None:
        when = when.astimezone(datetime.UTC).replace(tzinfo=None)
    return when


def _pin_core_dates(xml: bytes, when: datetime.datetime) -> bytes:
    root = etree.fromstring(xml)
    stamp = w3cdtf(when)
    for tag in ("created", "modified"):
        element = root.find(f"{{{DCTERMS}}}{tag}")
        if element is None:
            element = etree.SubElement(root, f"{{{DCTERMS}}}{tag}")
        element.set(XSI_TYPE, "dcterms:W3CDTF")
        element.text = stamp
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
