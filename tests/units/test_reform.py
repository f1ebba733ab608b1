"""roll across 01/7/2025 lists what became of the issuing unit and the offices it names, changing nothing."""

from __future__ import annotations

from typer.testing import CliRunner

from kehoach.cli import app
from kehoach.jobs.roll import roll_text

from tests.conftest import DATA

runner = CliRunner()
SAMPLE = DATA / "dong-tuyen-2024.yaml"


def reviews(raw: bytes, year: int):
    return {r.path: r.reason for r in roll_text(raw, "k.yaml", year).reviews}


def test_roll_2024_to_2026_names_coc_san_and_the_vanished_district():
    rolled = roll_text(SAMPLE.read_bytes(), "k.yaml", 2026)
    found = {}
    for review in rolled.reviews:
        found.setdefault(review.path, []).append(review.reason)
    (issuer,) = found["bien.ten_xa"]
    assert issuer.startswith("cơ quan ban hành: ") and "đã nhập vào xã Cốc San, tỉnh Lào Cai" in issuer
    (district,) = found["bien.cap_tren"]
    assert "thành phố Lào Cai, tỉnh Lào Cai là đơn vị cấp huyện, không còn từ ngày 01/7/2025" in district
    assert "cơ quan cấp trên của xã Cốc San nay là UBND tỉnh Lào Cai" in district and "noi_nhan[0]" in district
    offices = [r for reasons in found.values() for r in reasons if r.startswith("Phòng Lao động")]
    assert offices and all("phòng chuyên môn cấp huyện" in r and "tỉnh Lào Cai" in r for r in offices)
    assert any("\"Ủy ban nhân dân thành phố\" (thành phố Lào Cai)" in r for reasons in found.values() for r in reasons)
    # Listed, never changed: the names stay as the clerk wrote them.
    assert "ten_xa: Đồng Tuyển" in rolled.text and "cap_tren: thành phố Lào Cai" in rolled.text
    assert "Cốc San" not in rolled.text


def test_a_roll_that_does_not_cross_the_date_lists_nothing_of_it():
    assert not any("01/7/2025" in r for r in reviews(SAMPLE.read_bytes(), 2025).values())  # signed 02/2025
    later = SAMPLE.read_bytes().replace(b"thang: 2 ", b"thang: 8 ").replace(b"nam: 2024\n", b"nam: 2025\n")
    later = later.replace(b"ten_xa: \xc4\x90\xe1\xbb\x93ng Tuy\xe1\xbb\x83n", "ten_xa: Cốc San".encode())
    assert not any("01/7/2025" in r for r in reviews(later, 2026).values())


def test_roll_cli_prints_the_reorganisation_under_can_xem_lai():
    result = runner.invoke(app, ["roll", str(SAMPLE), "--nam", "2026", "--dry-run"])
    assert result.exit_code == 0, result.output
    review = result.output.split("Cần xem lại", 1)[1]
    assert "xã Cốc San, tỉnh Lào Cai" in review and "dòng 17: bien.ten_xa" in review


def _signed(day: str, month: int, year: int, plan_year: int) -> bytes:
    raw = SAMPLE.read_bytes().replace(b"  thang: 2 ", f"{day}  thang: {month} ".encode())
    return raw.replace(b"  nam: 2024\n", f"  nam: {year}\n".encode(), 1).replace(b"\nnam: 2024\n",
                                                                              f"\nnam: {plan_year}\n".encode())


def _lists_the_reform(raw: bytes, year: int) -> bool:
    return any("Cốc San" in r for r in reviews(raw, year).values())


def test_a_plan_signed_in_july_2024_rolled_to_july_2025_lists_the_reorganisation():
    assert _lists_the_reform(_signed("", 7, 2024, 2024), 2025)  # the new plan is signed in 07/2025: after it


def test_a_plan_signed_on_1_july_2025_is_already_after_the_reorganisation():
    assert not _lists_the_reform(_signed("  ngay: 1\n", 7, 2025, 2025), 2026)


def test_the_reorganisation_is_listed_in_the_files_order_with_the_other_reviews():
    lines = [r.line for r in roll_text(SAMPLE.read_bytes(), "k.yaml", 2026).reviews]
    assert len(lines) > 3 and lines == sorted(lines)
