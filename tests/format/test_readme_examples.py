"""Every README example of a key added for real plans renders on top of the smallest plan and passes check."""

from __future__ import annotations

import re

import pytest
import jsonschema
import yaml

from kehoach.api import load_plan_text, render_bytes
from kehoach.check.audit import audit
from kehoach.plan.schema import generate

from tests.conftest import ROOT
from tests.plans import MINIMAL

NEW_KEYS = ("nhan:", "du_thao:", "do_mat:", "do_khan:", "nguoi_soan:", "so_ban:", "lien_he:", "chu_thich:", "xet_de_nghi:", "thuc_hien:", "khoi:", "bang_chu:", "kieu: tien", "tong: tat_ca",
            "danh_dau: a.", "# ô gộp trong thân bảng",
            "nghieng: true  ")


def _examples() -> list[str]:
    blocks = re.findall(r"```yaml\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)
    return [b for b in blocks if any(re.search(rf"(^|\s){k}", b, re.M) for k in NEW_KEYS)]


def test_every_new_key_has_an_example():
    text = "".join(_examples())
    assert all(re.search(rf"(^|\s){k}", text, re.M) for k in NEW_KEYS)


@pytest.mark.parametrize("block", _examples(), ids=lambda b: b.split(":")[0])
def test_readme_example_renders_and_passes_check(block, tmp_path):
    data = yaml.safe_load(MINIMAL)
    data.update(yaml.safe_load(block))
    jsonschema.validate(data, generate())  # the editor's help knows the new keys too
    path = tmp_path / "x.docx"
    path.write_bytes(render_bytes(load_plan_text(yaml.safe_dump(data, allow_unicode=True))))
    assert audit(path) == []
