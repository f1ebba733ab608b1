"""Property: no mutation of a real plan file makes kehoach crash.

Random edits of the sample files (deleted lines, swapped types, random
bytes, Unicode noise) either render, or fail with exit code 1 and a
positioned message; never exit 3 (a bug), never a traceback, never a
partial file.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from kehoach.cli import app

from tests.conftest import SAMPLES

runner = CliRunner()
SOURCES = [p.read_bytes() for p in SAMPLES]
REPLACEMENTS = [b"", b"123", b"-1", b"true", b"null", b"[]", b"{}", b"- a", b"31/02/2024", b"{{ x }}",
                b"\"", b":", b"&a", b"*a", b"!!python/none", b"\t", b"~", b"'", b"|", b">"]


@st.composite
def mutated(draw) -> bytes:
    data = bytearray(draw(st.sampled_from(SOURCES)))
    lines = data.split(b"\n")
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["delete", "duplicate", "swap", "bytes", "unicode", "value", "indent"]))
        i = draw(st.integers(0, len(lines) - 1))
        if kind == "delete" and len(lines) > 1:
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "bytes":
            noise = draw(st.binary(min_size=1, max_size=6))
            pos = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:pos] + noise + lines[i][pos:]
        elif kind == "unicode":
            noise = draw(st.text(min_size=1, max_size=4)).encode("utf-8", "surrogatepass")
            pos = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:pos] + noise + lines[i][pos:]
        elif kind == "value" and b": " in lines[i]:
            key = lines[i].split(b": ", 1)[0]
            lines[i] = key + b": " + draw(st.sampled_from(REPLACEMENTS))
        elif kind == "indent":
            lines[i] = b" " * draw(st.integers(0, 3)) + lines[i].lstrip(b" ")
    return b"\n".join(lines)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_plans_render_or_fail_cleanly(data):
    with tempfile.TemporaryDirectory() as folder:
        plan = Path(folder) / "ke-hoach.yaml"
        plan.write_bytes(data)
        result = runner.invoke(app, ["render", str(plan)])
        assert result.exit_code in (0, 1), result.output
        assert "Traceback" not in result.output and "Xin lỗi" not in result.output
        files = sorted(p.name for p in Path(folder).iterdir())
        if result.exit_code == 0:
            assert files == ["ke-hoach.docx", "ke-hoach.yaml"]
        else:
            assert files == ["ke-hoach.yaml"]
            assert f"{plan}:" in result.output  # every message says where
