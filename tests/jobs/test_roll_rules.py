"""kehoach roll, rule by rule: what moves, what is cleared, what is listed for review,
and the files it will not touch."""

from __future__ import annotations

import pytest

from kehoach.api import load_plan_text
from kehoach.errors import InvalidInput, OutputError
from kehoach.jobs.roll import Change, Review, roll_file, roll_text
from tests.plans import MINIMAL


def roll(text: str, year_to: int | None = None):
    return roll_text(text.encode("utf-8"), "k.yaml", year_to)


def with_text(*paragraphs: str, extra: str = "") -> str:
    """MINIMAL (plan year 2025) with body paragraphs."""
    quoted = "".join(f'      - "{p}"\n' for p in paragraphs)
    return MINIMAL.replace("    y:\n      - Một ý\n", "    doan:\n" + quoted) + extra


def test_a_signing_day_given_as_keys_is_cleared_its_month_kept_its_year_moved():
    text = MINIMAL.replace("ngay_ky: 03/01/2025", "ngay_ky:\n  ngay: 5\n  thang: 1\n  nam: 2025")
    rolled = roll(text)
    ngay_ky = load_plan_text(rolled.text).plan.ngay_ky
    assert (ngay_ky.ngay, ngay_ky.thang, ngay_ky.nam) == (None, 1, 2026)
    assert "  ngay:\n  thang: 1\n  nam: 2026" in rolled.text
    notes = {c.path: c.note for c in rolled.changes}
    assert notes["ngay_ky.ngay"] == "ngày ký để trống, ghi khi ký"


def test_a_signing_month_without_a_day_keeps_its_month_and_moves_its_year():
    rolled = roll(MINIMAL.replace("ngay_ky: 03/01/2025", "ngay_ky: {thang: 3, nam: 2025}"))
    assert "ngay_ky: {thang: 3, nam: 2026}" in rolled.text
    assert "ngay_ky.ngay" not in {c.path for c in rolled.changes}


def test_a_signing_date_is_cleared_to_its_month_in_the_target_year():
    rolled = roll(MINIMAL.replace("ngay_ky: 03/01/2025", "ngay_ky: 03/01/2025"), 2027)
    assert "ngay_ky: {thang: 1, nam: 2027}" in rolled.text


def test_rolled_dates_keep_the_way_the_clerk_wrote_them():
    text = with_text("Hội nghị ngày 05/01/2025, ngày 5/1/2025 và ngày 15.3.2025.").replace(
        "  - tieu_de: Mục đích\n", "  - tieu_de: Mục đích\n    hoat_dong:\n"
        "      - thoi_gian: {tu_ngay: 05/01/2025, den_ngay: 09/02/2025}\n")
    rolled = roll(text)
    assert "Hội nghị ngày 05/01/2026, ngày 5/1/2026 và ngày 15.3.2026." in rolled.text  # never 5/01
    assert "{tu_ngay: 05/01/2026, den_ngay: 09/02/2026}" in rolled.text


def test_an_activity_across_the_new_year_moves_both_ends():
    text = MINIMAL.replace("  - tieu_de: Mục đích\n", "  - tieu_de: Mục đích\n    hoat_dong:\n"
                           "      - thoi_gian: {tu_ngay: 01/12/2025, den_ngay: 31/01/2026}\n")
    rolled = roll(text)
    assert "{tu_ngay: 01/12/2026, den_ngay: 31/01/2027}" in rolled.text
    period = load_plan_text(rolled.text).plan.phan[0].hoat_dong[0].thoi_gian
    assert (str(period.tu_ngay), str(period.den_ngay)) == ("01/12/2026", "31/01/2027")


def test_a_deadline_without_a_year_is_not_touched():
    text = MINIMAL.replace("  - tieu_de: Mục đích\n", "  - tieu_de: Mục đích\n    hoat_dong:\n"
                           "      - thoi_gian: {han: 05/6}\n")
    rolled = roll(text)
    assert "{han: 05/6}" in rolled.text
    assert [c.path for c in rolled.changes] == ["so", "nam", "ngay_ky"]


def test_last_years_documents_are_listed_for_review_and_older_laws_are_not():
    text = with_text("Thực hiện Kế hoạch số 76/KH-UBND ngày 20/02/2025 của UBND huyện.",
                     "Thực hiện Quyết định số 12/QĐ-UBND ngày 10/01/2024 của UBND tỉnh.",
                     "Thực hiện Quyết định số 9/QĐ-UBND ngày 02/01/2026 của UBND tỉnh.",
                     "Theo Luật số 33/2013/QH13 và Kế hoạch số 7/KH-UBND ngày 01/3/2023.")
    rolled = roll(text)
    reviewed = {r.path: r.reason for r in rolled.reviews}
    citation = "trích dẫn văn bản có số, ngày: thay bằng văn bản của năm mới nếu có"
    assert reviewed["phan[0].doan[0]"] == citation  # the plan year's document
    assert reviewed["phan[0].doan[1]"] == citation  # the year before
    assert reviewed["phan[0].doan[2]"] == citation  # already the new year's
    assert "phan[0].doan[3]" not in reviewed  # 2013 and 2023: the laws stay
    for kept in ("ngày 20/02/2025", "ngày 10/01/2024", "ngày 02/01/2026", "33/2013/QH13", "ngày 01/3/2023"):
        assert kept in rolled.text


def test_a_period_that_ends_in_the_new_year_is_not_ended():
    rolled = roll(with_text("Giai đoạn 2021 - 2026 và giai đoạn 2021 - 2025."))
    ended = [r.reason for r in rolled.reviews if "giai đoạn" in r.reason]
    assert ended == ["giai đoạn 2021 - 2025 đã kết thúc trước năm 2026"]


def test_only_the_plan_year_moves_in_a_text():
    rolled = roll(with_text("Năm 2024 đạt 80%, năm 2025 phấn đấu 90%; 2023/2024 không đổi."))
    assert "Năm 2024 đạt 80%, năm 2026 phấn đấu 90%; 2023/2024 không đổi." in rolled.text


def test_a_long_text_is_cut_to_90_characters_in_the_review_list():
    long = "Căn cứ Quyết định số 15/QĐ-UBND ngày 05/01/2025 của Ủy ban nhân dân tỉnh về việc ban hành kế hoạch"
    rolled = roll(MINIMAL.replace("phan:", f"can_cu: [\"{long}\"]\nphan:"))
    (review,) = [r for r in rolled.reviews if r.path == "can_cu[0]"]
    assert review.excerpt == long[:90] + "…"
    assert review.line == MINIMAL.splitlines().index("phan:") + 1
    short = roll(MINIMAL.replace("phan:", "can_cu: [\"Căn cứ Luật năm 2013\"]\nphan:"))
    assert [r.excerpt for r in short.reviews if r.path == "can_cu[0]"] == ["Căn cứ Luật năm 2013"]


def test_line_numbers_count_from_one_even_after_an_empty_first_line():
    rolled = roll("\n" + MINIMAL)
    lines = ("\n" + MINIMAL).splitlines()
    changes = {c.path: c.line for c in rolled.changes}
    assert lines[changes["nam"] - 1] == "nam: 2025" and lines[changes["so"] - 1] == "so: 5"
    (signer,) = [r for r in rolled.reviews if r.path == "nguoi_ky.ho_ten"]
    assert lines[signer.line - 1] == "  ho_ten: Lê Văn A"


@pytest.mark.parametrize("year", [2000, 2100])
def test_a_plan_rolls_to_any_year_from_2000_to_2100(year):
    assert load_plan_text(roll(MINIMAL, year).text).plan.nam == year


@pytest.mark.parametrize("year", [1999, 2101])
def test_a_year_outside_2000_2100_is_refused(year):
    with pytest.raises(InvalidInput) as info:
        roll(MINIMAL, year)
    assert "nằm ngoài khoảng 2000–2100" in info.value.problems[0].message


def test_the_summary_records_are_values():
    change = Change(3, "nam", "2025", "2026")
    review = Review(4, "can_cu[0]", "x", "y")
    assert len({change, Change(3, "nam", "2025", "2026")}) == 1 and len({review, review}) == 1
    with pytest.raises(AttributeError):
        change.line = 4  # type: ignore[misc]


def test_roll_never_writes_over_its_source_even_with_force(tmp_path, monkeypatch):
    source = tmp_path / "k.yaml"
    source.write_text(MINIMAL, encoding="utf-8")
    for output in (source, tmp_path / "." / "k.yaml"):
        with pytest.raises(OutputError, match="không ghi đè lên chính tệp kế hoạch cũ"):
            roll_file(source, output=output, force=True)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(OutputError):
        roll_file("k.yaml", output="k.yaml", force=True)
    assert source.read_text(encoding="utf-8") == MINIMAL
    assert sorted(p.name for p in tmp_path.iterdir()) == ["k.yaml"]


def test_force_keeps_every_earlier_rolled_file(tmp_path):
    source = tmp_path / "k.yaml"
    source.write_text(MINIMAL, encoding="utf-8")
    target = tmp_path / "k-2026.yaml"
    for i in range(3):
        target.write_text(f"# bản {i}\n", encoding="utf-8")
        roll_file(source, force=True)
    assert (tmp_path / "k-2026.ban-cu.yaml").read_text(encoding="utf-8") == "# bản 0\n"
    assert (tmp_path / "k-2026.ban-cu-2.yaml").read_text(encoding="utf-8") == "# bản 1\n"
    assert (tmp_path / "k-2026.ban-cu-3.yaml").read_text(encoding="utf-8") == "# bản 2\n"
    assert load_plan_text(target.read_text(encoding="utf-8")).plan.nam == 2026


def test_dry_run_writes_nothing(tmp_path):
    source = tmp_path / "k.yaml"
    source.write_text(MINIMAL, encoding="utf-8")
    rolled, target = roll_file(source, dry_run=True)
    assert target == tmp_path / "k-2026.yaml" and "nam: 2026" in rolled.text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["k.yaml"]


def test_a_text_over_several_lines_is_listed_at_its_first_line():
    text = MINIMAL.replace("phan:", "can_cu:\n  - >-\n    Căn cứ Quyết định số 15/QĐ-UBND\n"
                                    "    ngày 05/01/2025 của UBND huyện\nphan:")
    rolled = roll(text)
    (review,) = [r for r in rolled.reviews if r.path == "can_cu[0]"]
    assert text.splitlines()[review.line - 1] == "  - >-"
    assert review.excerpt == "Căn cứ Quyết định số 15/QĐ-UBND ngày 05/01/2025 của UBND huyện"


def _last_context(text: str) -> str:
    return [c.context for c in roll(text).changes][-1]


def _plain(paragraph: str) -> str:
    """MINIMAL with one body paragraph written as a plain (unquoted) YAML scalar."""
    return MINIMAL.replace("    y:\n      - Một ý\n", f"    doan:\n      - {paragraph}\n")


def test_a_change_is_shown_with_thirty_characters_either_side():
    """The report shows the words around each change, as written, cut at 30 characters with "…"."""
    left, right = "Tuyên truyền sâu rộng đến từng hộ gia đình trong", "để phòng tránh thiên tai và bảo vệ tài sản"
    assert _last_context(_plain(f"{left} năm 2025 {right}")) == f"…{left[-25:]} năm 2025 {right[:29]}…"
    # exactly thirty characters either side: nothing is cut, so no "…"
    assert _last_context(_plain("A" * 25 + " năm 2025 " + "B" * 29)) == "A" * 25 + " năm 2025 " + "B" * 29
    assert _last_context(_plain("A" * 26 + " năm 2025 " + "B" * 30)) == "…" + "A" * 25 + " năm 2025 " + "B" * 29 + "…"


def test_a_quoted_text_is_shown_without_its_quotes_and_cut_only_where_words_are():
    """A double-quoted scalar: the quotes are YAML, not the clerk's words; no "…" where only a quote is left out."""
    assert _last_context(with_text("A" * 25 + " năm 2025 " + "B" * 29)) == "A" * 25 + " năm 2025 " + "B" * 29
    assert _last_context(with_text("A" * 26 + " năm 2025 " + "B" * 30)) == "…" + "A" * 25 + " năm 2025 " + "B" * 29 + "…"


def test_a_change_is_shown_within_its_own_value_and_line():
    rolled = roll(MINIMAL)
    contexts = {c.path: c.context for c in rolled.changes}
    assert contexts["nam"] == "2025" and contexts["ngay_ky"] == "03/01/2025"  # not "nam: 2025"
    folded = MINIMAL.replace("    y:\n      - Một ý\n", "    doan:\n      - >-\n        Tuyên truyền trong năm\n"
                                                        "        2025 đến các thôn, tổ dân phố\n")
    assert _last_context(folded) == "2025 đến các thôn, tổ dân phố"
    last_line = MINIMAL.replace("nam: 2025\n", "") + "nam: 2025"  # the last line, without a line end
    assert [c.context for c in roll(last_line).changes if c.path == "nam"] == ["2025"]


def test_one_text_shared_through_an_alias_is_edited_once():
    text = MINIMAL.replace("trich_yeu: Phòng chống thiên tai năm {{ nam }}",
                           "trich_yeu: &t Phòng chống thiên tai năm 2025").replace("    y:\n      - Một ý\n",
                                                                                 "    doan:\n      - *t\n")
    rolled = roll(text)
    assert "trich_yeu: &t Phòng chống thiên tai năm 2026\n" in rolled.text and "      - *t\n" in rolled.text
    assert [c.path for c in rolled.changes] == ["so", "nam", "ngay_ky", "trich_yeu"]


def test_an_alias_whose_two_uses_need_different_edits_is_refused_where_it_is_used():
    text = MINIMAL.replace("ngay_ky: 03/01/2025", "ngay_ky: &d 03/01/2025").replace(
        "  - tieu_de: Mục đích\n", "  - tieu_de: Mục đích\n    hoat_dong:\n      - thoi_gian: {han: *d}\n")
    with pytest.raises(InvalidInput) as info:
        roll(text)
    (problem,) = info.value.problems
    assert "dùng chung một nội dung với chỗ khác qua bí danh" in problem.message
    assert problem.path == "phan[0].hoat_dong[0].thoi_gian.han"


@pytest.mark.parametrize("length, cut", [(89, False), (90, False), (91, True)])
def test_a_review_excerpt_keeps_up_to_90_characters_whole(length, cut):
    text = "Căn cứ Luật năm 2013 " + "x" * (length - 21)
    rolled = roll(MINIMAL.replace("phan:", f"can_cu: [\"{text}\"]\nphan:"))
    (review,) = [r for r in rolled.reviews if r.path == "can_cu[0]"]
    assert review.excerpt == (text[:90] + "…" if cut else text)


def test_a_change_on_a_later_line_of_a_text_is_cut_within_that_line():
    """A folded text's second line: its own thirty characters (indentation included) are shown whole."""
    line = "        " + "x" * 21 + " 2025 đến các thôn"  # 30 characters before the year
    folded = MINIMAL.replace("    y:\n      - Một ý\n", f"    doan:\n      - >-\n        Tuyên truyền trong năm\n{line}\n")
    assert _last_context(folded) == "x" * 21 + " 2025 đến các thôn"


def test_a_change_on_the_last_line_of_a_file_without_a_line_end_shows_the_words_after_it():
    text = MINIMAL.replace("trich_yeu: Phòng chống thiên tai năm {{ nam }}\n", "") + \
        "trich_yeu: Phòng chống thiên tai năm 2025 trên địa bàn"
    assert _last_context(text) == "Phòng chống thiên tai năm 2025 trên địa bàn"


def test_quoted_dates_move_like_plain_ones():
    text = MINIMAL.replace("  - tieu_de: Mục đích\n", "  - tieu_de: Mục đích\n    hoat_dong:\n"
                           '      - thoi_gian: {tu_ngay: "05/01/2025", den_ngay: \'09/02/2025\'}\n')
    rolled = roll(text)
    assert "{tu_ngay: \"05/01/2026\", den_ngay: '09/02/2026'}" in rolled.text


def test_a_plan_signed_the_year_before_is_signed_the_year_before_again():
    """Kế hoạch 2025 signed on 20/12/2024: the 2026 plan is signed in December 2025, not 2026."""
    rolled = roll(MINIMAL.replace("ngay_ky: 03/01/2025", "ngay_ky: 20/12/2024"))
    assert "ngay_ky: {thang: 12, nam: 2025}" in rolled.text


@pytest.mark.parametrize("signed", ["03/01/2025", "10/08/2025"])  # before and after 01/7/2025
def test_the_review_list_follows_the_file_from_top_to_bottom(signed):
    text = MINIMAL.replace("ngay_ky: 03/01/2025", f"ngay_ky: {signed}") + \
        "can_cu: [\"Căn cứ Quyết định số 15/QĐ-UBND ngày 05/01/2025 của UBND huyện\"]\n"
    rolled = roll(text)
    lines = [r.line for r in rolled.reviews]
    assert [r.path for r in rolled.reviews] == ["nguoi_ky.ho_ten", "can_cu[0]"] and lines == sorted(lines)


def test_changes_in_one_line_are_listed_in_reading_order():
    rolled = roll(with_text("Hội nghị ngày 05/01/2025 và tổng kết năm 2025 vào ngày 20/12/2025."))
    assert [c.before for c in rolled.changes if c.path == "phan[0].doan[0]"] == ["05/01/2025", "2025", "20/12/2025"]
    assert "Hội nghị ngày 05/01/2026 và tổng kết năm 2026 vào ngày 20/12/2026." in rolled.text


def test_a_date_written_with_dashes_moves_once():
    rolled = roll(with_text("Cấp phát ngày 05-01-2025."))
    assert "Cấp phát ngày 05-01-2026." in rolled.text
    assert [(c.before, c.after) for c in rolled.changes if c.path == "phan[0].doan[0]"] == [("05-01-2025", "05-01-2026")]


def test_a_cancu_without_a_year_is_not_listed_for_review():
    rolled = roll(MINIMAL.replace("phan:", "can_cu: [\"Căn cứ Luật Tổ chức chính quyền địa phương\"]\nphan:"))
    assert "can_cu[0]" not in [r.path for r in rolled.reviews]


def test_a_code_that_starts_with_the_year_is_kept():
    rolled = roll(with_text("Mã hồ sơ 2025-07-123 giữ nguyên, năm 2025 thì đổi."))
    assert "Mã hồ sơ 2025-07-123 giữ nguyên, năm 2026 thì đổi." in rolled.text


def test_roll_file_refuses_an_existing_target_unless_forced(tmp_path):
    source = tmp_path / "k.yaml"
    source.write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "k-2026.yaml").write_text("# của người khác\n", encoding="utf-8")
    with pytest.raises(OutputError, match="tệp đã có"):
        roll_file(source)
    assert (tmp_path / "k-2026.yaml").read_text(encoding="utf-8") == "# của người khác\n"


def test_a_rolled_text_that_is_no_valid_plan_is_refused_and_nothing_is_written(tmp_path, monkeypatch):
    """The last guard: were a rule ever to break the plan, roll says so instead of writing a broken file."""
    from kehoach.jobs import roll as roll_module

    source = tmp_path / "k.yaml"
    source.write_text(MINIMAL, encoding="utf-8")
    monkeypatch.setattr(roll_module._Roller, "_apply", lambda self: self.text.replace("nam: 2025", "nam: hai"))
    with pytest.raises(InvalidInput):
        roll_file(source)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["k.yaml"]
