"""The same plan gives the same bytes, and every sample renders."""

from __future__ import annotations

import zipfile
import io

import pytest

from tests.conftest import SAMPLES, render_path


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_same_yaml_same_bytes(path):
    assert render_path(path) == render_path(path)


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_package_is_well_formed(path):
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(render_path(path))) as archive:
        assert archive.testzip() is None
        names = archive.namelist()
        assert names[0] == "[Content_Types].xml"
        for name in names:
            assert archive.getinfo(name).date_time == (1980, 1, 1, 0, 0, 0)
            if name.endswith((".xml", ".rels")):
                etree.fromstring(archive.read(name))  # raises on malformed XML


@pytest.mark.parametrize("name, stamp", [
    ("hcm-trien-khai-luat-viec-lam-2025.yaml", "2025-11-18T00:00:00Z"),  # signed 18/11/2025
    ("dong-tuyen-2024.yaml", "2024-02-01T00:00:00Z"),  # day still blank: the 1st of the month
])
def test_timestamp_is_the_signing_date(name, stamp):
    path = next(p for p in SAMPLES if p.name == name)
    with zipfile.ZipFile(io.BytesIO(render_path(path))) as archive:
        core = archive.read("docProps/core.xml").decode()
    assert f">{stamp}</dcterms:created>" in core and f">{stamp}</dcterms:modified>" in core
