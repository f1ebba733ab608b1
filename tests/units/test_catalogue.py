"""The two official lists as shipped: their size, their links, and the files they are made from."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kehoach.units import catalogue
from kehoach.units.names import fold_key, prose_mentions, spelling_key, typed_name

DATA = Path(catalogue.__file__).parent / "data"


def test_the_lists_have_the_official_counts():
    old, new = catalogue.old_list(), catalogue.new_list()
    assert len(old.provinces) == 63 and len(new.provinces) == 34
    assert sum(u.level == 2 for u in old.units) == 696
    assert sum(u.level == 3 for u in old.units) == 10035
    kinds = [u.kind for u in new.units if u.level == 3]
    assert len(kinds) == 3321 and kinds.count("đặc khu") == 13
    assert {u.kind for u in new.units} == {"tỉnh", "thành phố", "xã", "phường", "đặc khu"}
    assert not any(u.level == 2 for u in new.units)  # no district level since 01/7/2025


def test_dong_tuyen_is_in_the_old_list_and_went_into_coc_san():
    (unit,) = catalogue.old_list().named("Đồng Tuyển", ("xã",))
    assert unit.where() == "xã Đồng Tuyển, thành phố Lào Cai, tỉnh Lào Cai"
    (new,) = catalogue.successors(unit)
    assert new.where() == "xã Cốc San, tỉnh Lào Cai"
    assert not catalogue.new_list().named("Đồng Tuyển")
    assert catalogue.old_list().named("Đồng Tuyền") == []  # the seed's slip is not a unit


def test_lao_cai_has_99_units_and_yen_bai_went_into_it():
    new = catalogue.new_list()
    lao_cai = new.province("Lào Cai")
    assert len(new.children(lao_cai)) == 99
    (yen_bai,) = catalogue.old_list().named("Yên Bái", ("tỉnh",))
    assert catalogue.successors(yen_bai) == [lao_cai]
    assert new.province("tỉnh lao cai") is lao_cai and new.province("TP Hồ Chí Minh").name == "Hồ Chí Minh"


def test_every_old_unit_has_a_successor_and_every_new_one_a_predecessor():
    old, new = catalogue.old_list(), catalogue.new_list()
    reached = set()
    for unit in old.units:
        if unit.level == 3 or (unit.level == 2 and unit.successors):  # island districts became special zones
            news = catalogue.successors(unit)
            assert news, unit.where()
            assert all(n.province is catalogue.successors(unit.province)[0] for n in news), unit.where()
            reached.update(id(n) for n in news)
    assert reached == {id(u) for u in new.units if u.level == 3}


def test_a_unit_split_in_several_lists_the_main_successor_first():
    (cong_vi,) = catalogue.old_list().named("Cống Vị", ("phường",))
    assert [u.full for u in catalogue.successors(cong_vi)] == ["phường Ngọc Hà", "phường Giảng Võ"]


def test_the_kind_comes_from_the_full_name_where_the_source_column_slips():
    # vietnamadminunits types "Phường Việt Hòa" as a xã; the statistics office's list says phường.
    assert [u.kind for u in catalogue.new_list().named("Việt Hòa")] == ["phường"]


def test_spelling_keys_ignore_case_tone_placement_and_punctuation_but_not_diacritics():
    assert spelling_key("Hoà Bình") == spelling_key("HÒA  BÌNH") and spelling_key("Thuỷ") == spelling_key("Thủy")
    assert spelling_key("Cư M’gar") == spelling_key("Cư M'gar")
    assert spelling_key("Đồng Tuyền") != spelling_key("Đồng Tuyển")
    assert fold_key("Đồng Tuyền") == fold_key("dong tuyen") == fold_key("ĐỒNG TUYỂN")


def test_names_in_text_and_in_lines():
    text = "của UBND thành phố Lào Cai về việc; Tỉnh Đoàn, Huyện ủy, Phòng Lao động - Thương binh và Xã hội, " \
           "tỉnh Phú Yên (cũ), Phường 15, Quận 11, tỉnh Bà Rịa - Vũng Tàu"
    assert [m.text for m in prose_mentions(text)] == ["thành phố Lào Cai", "phường 15", "quận 11",
                                                      "tỉnh Bà Rịa - Vũng Tàu"]
    assert typed_name("ỦY BAN NHÂN DÂN TỈNH ĐỒNG THÁP").text == "tỉnh ĐỒNG THÁP"
    assert typed_name("UBND thành phố Lào Cai.").name == "Lào Cai"
    assert typed_name("Ủy ban nhân dân") is None and typed_name("Đảng ủy, HĐND xã") is None


def test_the_shipped_files_are_what_the_source_package_gives():
    """`python -m kehoach.units.build --check` regenerates the files from vietnamadminunits' data and
    compares; the package's code (geopy, shapely, tqdm) is never imported."""
    code = ("import sys\nfrom kehoach.units import build\ncode = build.main(['--check'])\n"
            "loaded = [m for m in ('vietnamadminunits', 'shapely', 'geopy', 'tqdm') if m in sys.modules]\n"
            "print(code, loaded)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split(None, 1) == ["0", "[]\n"], result.stdout + result.stderr


def test_a_changed_file_is_noticed(tmp_path):
    from kehoach.units import build

    assert build.main(["--out", str(tmp_path)]) == 0
    assert {p.name for p in tmp_path.iterdir()} == {"truoc-2025.tsv", "tu-2025.tsv", "tinh.tsv"}
    assert (tmp_path / "tu-2025.tsv").read_bytes() == (DATA / "tu-2025.tsv").read_bytes()
    text = (tmp_path / "truoc-2025.tsv").read_text(encoding="utf-8")
    (tmp_path / "truoc-2025.tsv").write_text(text.replace("Đồng Tuyển", "Đồng Tuyền"), encoding="utf-8")
    assert build.main(["--check", "--out", str(tmp_path)]) == 1


def test_the_licence_and_the_source_are_shipped_with_the_data():
    licence = (DATA / "LICENSE-vietnamadminunits.txt").read_text(encoding="utf-8")
    assert "MIT License" in licence and "Tran Ngoc Minh Hieu" in licence
    for name in ("truoc-2025.tsv", "tu-2025.tsv", "tinh.tsv"):
        head = (DATA / name).read_text(encoding="utf-8")[:600]
        assert "vietnamadminunits" in head or "Sinh cùng" in head


def test_an_official_spelling_is_found_without_building_a_list():
    """render of a plan that spells its units as the list does builds no list (bench/ measures the cost)."""
    catalogue.old_list.cache_clear()
    catalogue.new_list.cache_clear()
    assert catalogue.spelt_as_listed("Đồng Tuyển", ("xã",), new=False)
    assert catalogue.spelt_as_listed("Lào Cai", ("thành phố",), new=False)
    assert catalogue.spelt_as_listed("Cốc San", None, new=True)
    assert not catalogue.spelt_as_listed("Đồng Tuyển", ("xã",), new=True)  # merged into Cốc San
    assert not catalogue.spelt_as_listed("Đồng Tuyền", ("xã",), new=False)  # the seed's slip
    assert not catalogue.spelt_as_listed("Đồng Tuyển", ("phường",), new=False)  # the wrong kind
    assert not catalogue.spelt_as_listed("Đồng", ("xã",), new=False)  # the start of a name is not a name
    assert not catalogue.spelt_as_listed("Tuyển", ("xã",), new=False)
    assert not catalogue.spelt_as_listed("xã", None, new=False)  # a kind is not a name
    assert not catalogue.spelt_as_listed("Đồng Tuyển\txã", ("xã",), new=False)
    assert catalogue.old_list.cache_info().currsize == 0 and catalogue.new_list.cache_info().currsize == 0


def test_the_text_search_agrees_with_the_list():
    for new, units in ((False, catalogue.old_list().units), (True, catalogue.new_list().units)):
        in_force = catalogue.new_list() if new else catalogue.old_list()
        for unit in units[::23]:
            assert catalogue.spelt_as_listed(unit.name, (unit.kind,), new), unit.where()
            assert in_force.named(unit.name, (unit.kind,))
            changed = unit.name[:-1] + ("x" if unit.name[-1] != "x" else "y")
            if catalogue.spelt_as_listed(changed, (unit.kind,), new):
                assert in_force.named(changed, (unit.kind,))
