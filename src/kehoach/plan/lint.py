"""Lint: content rules of a valid plan, what the schema cannot see.

Errors stop the render; warnings are printed and the document is still
written (``--strict`` makes them errors). Every finding carries the position
of the text it is about.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kehoach.compose.wording import compound_words, roman
from kehoach.errors import Problem
from kehoach.plan.kinds import lint_kind
from kehoach.plan.located import Loaded, iter_strings
from kehoach.plan.model import BaoCao, Muc, Plan, iter_activities
from kehoach.units.places import unit_findings

ERROR, WARNING = "loi", "canh_bao"

# Reduplications that are correct Vietnamese, not slips.
_REDUPLICATION_OK = {"từ", "ngày", "người", "nhà", "đời", "năm", "tháng", "ai", "đâu", "gì", "nào", "chiều",
                     "xa", "dần", "đều", "mãi", "lâu", "khắp", "nơi", "lớp"}
_DOUBLED = re.compile(r"(?<![\w{])(\w{2,})\s+\1(?![\w}])", re.IGNORECASE)
_APPENDIX_REF = re.compile(r"\bphụ lục(?:\s+(?:số\s+)?([IVXLC]+|\d+)\b)?", re.IGNORECASE)


def lint(plan: Plan, loaded: Loaded, strings: list[tuple[tuple, str]] | None = None) -> list[Problem]:
    """All content findings. ``strings`` (path, text) may be given by a caller
    that already has them (a batch keeps the plan's and replaces a row's)."""
    if strings is None:
        strings = [(path, text) for path, text, _, _ in iter_strings(loaded.data)]
    # A plan written in place under a Quyết định's `ke_hoach` is linted as the plan it is (api.prepare_loaded).
    strings = [(path, text) for path, text in strings if path[:1] != ("ke_hoach",)]
    problems: list[Problem] = []

    def add(path: tuple, message: str, severity: str = ERROR, code: str = "") -> None:
        if severity == WARNING and loaded.silenced(path, code):
            return
        problems.append(loaded.problem(path, message, severity, code if severity == WARNING else ""))

    lint_kind(plan, loaded.data, add)
    _lint_dates(plan, add)
    _lint_signer(plan, add)
    _lint_title(plan, add)
    _lint_doubled_words(strings, add)
    _lint_appendix_references(plan, strings, add)
    problems += unit_findings(plan, loaded, strings)  # the official names of administrative units
    return problems


# Warning codes: the names a clerk writes after ``# kehoach: bo-qua`` to silence one.
CODES = {
    "ngoai-nam": "ngày nằm ngoài năm kế hoạch",
    "tl-tm": "ký TL./TUQ. kèm dòng TM.",
    "trich-yeu-in-hoa": "trích yếu viết IN HOA",
    "lap-tu": "một từ lặp lại liền nhau",
    "phu-luc": "nhắc đến một phụ lục kế hoạch không có",
    "phu-luc-chua-nhac": "có phụ lục nhưng nội dung chưa nhắc đến",
    "bang-ma-cu": "chữ có vẻ gõ bằng bảng mã cũ (TCVN3, VNI)",
    "da-chuyen-ma": "đoạn chữ đã được chuyển từ bảng mã cũ",
    "don-vi": "tên đơn vị hành chính không có trong danh mục áp dụng vào ngày ký",
}


def _lint_dates(plan: Plan, add) -> None:
    year = plan.nam

    def one(path: tuple, ngay) -> None:
        if not ngay.exists(year):
            add(path, f"ngày {ngay.day:02d}/{ngay.month:02d} không có trong năm {year}.")

    for path, activity in iter_activities(plan):
        time = activity.thoi_gian
        if time is None:
            continue
        tpath = path + ("thoi_gian",)
        for key in ("ngay", "tu_ngay", "den_ngay", "han"):
            ngay = getattr(time, key)
            if ngay is None:
                continue
            one(tpath + (key,), ngay)
            if ngay.year is not None and ngay.year != year:
                add(tpath + (key,), f"ngày {ngay} nằm ngoài năm kế hoạch {year}. Hãy kiểm tra lại năm.", WARNING,
                    "ngoai-nam")
        if time.tu_ngay and time.den_ngay and time.tu_ngay.exists(year) and time.den_ngay.exists(year):
            if time.den_ngay.to_date(year) < time.tu_ngay.to_date(year):
                add(tpath + ("den_ngay",), f"ngày kết thúc {time.den_ngay} trước ngày bắt đầu {time.tu_ngay}.")

    def reports(muc: Muc, path: tuple) -> None:
        if isinstance(muc.bao_cao, BaoCao):
            for i, ky in enumerate(muc.bao_cao.ky):
                one(path + ("bao_cao", "ky", i, "han"), ky.han)
        for i, child in enumerate(muc.muc):
            reports(child, path + ("muc", i))

    for i, muc in enumerate(plan.phan):
        reports(muc, ("phan", i))


def _lint_signer(plan: Plan, add) -> None:
    signer = plan.nguoi_ky
    path = ("nguoi_ky",)
    if signer.quyen_han == "KT" and signer.chuc_vu and "PHÓ" not in signer.chuc_vu.upper():
        add(path + ("chuc_vu",), f"ký KT. là cấp phó ký thay cấp trưởng, nhưng chức vụ `{signer.chuc_vu}` không "
                                 "phải chức vụ cấp phó (ví dụ 'PHÓ CHỦ TỊCH'). Phụ lục I, mục II.7.b.")
    if signer.cap_truong and signer.chuc_vu and signer.cap_truong.upper() == signer.chuc_vu.upper():
        add(path + ("chuc_vu",), f"`chuc_vu` trùng `cap_truong` ({signer.chuc_vu}). Khi người đứng đầu tự ký, "
                                 "hãy bỏ `quyen_han` và `cap_truong`.")
    if signer.quyen_han in ("TL", "TUQ") and signer.thay_mat:
        add(path + ("thay_mat",), f"ký {signer.quyen_han}. thường không kèm dòng 'TM. …': người ký là người đứng "
                                  "đầu đơn vị, ký theo lệnh hoặc ủy quyền của người đứng đầu cơ quan.", WARNING, "tl-tm")


def _lint_title(plan: Plan, add) -> None:
    letters = [c for c in plan.trich_yeu if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) / len(letters) > 0.9:
        # Printed as written (a changed word is worse); the checker says the same, as a warning.
        add(("trich_yeu",), "trích yếu viết IN HOA; Nghị định 30 trình bày trích yếu bằng chữ in thường, đậm "
                            "(Phụ lục I, mục II.5.b). kehoach in đúng như bạn viết.", WARNING, "trich-yeu-in-hoa")


_WORD_BEFORE = re.compile(r"(?:(\w+)[ \t]+)?(\w+)[ \t]+$")
_WORD_AFTER = re.compile(r"^[ \t]+(\w+)(?:[ \t]+(\w+))?")


def _shared_syllable(before: re.Match | None, word: str, after: re.Match | None) -> bool:
    """``word`` closes a word on its left and opens one on its right: "truyền thông | thông tin"."""
    words = compound_words()
    left = before is not None and any(
        " ".join(w for w in parts if w).lower() in words
        for parts in ((before.group(2), word), (before.group(1), before.group(2), word)) if parts[0])
    if not left or after is None:
        return False
    if word.lower() == "số" and after.group(1)[:1].isdigit():
        return True  # "công nghệ số | số 71/2025/QH15"
    return any(" ".join(w for w in parts if w).lower() in words
               for parts in ((word, after.group(1)), (word, after.group(1), after.group(2))) if parts[-1])


@lru_cache(maxsize=8192)
def _doubled_words(text: str) -> tuple[tuple[str, str], ...]:
    """(word, "word word") for each slip in ``text``; cached, as a batch checks the same texts again and again.

    A syllable written twice is often right in Vietnamese: it closes one word and
    opens the next ("truyền thông | thông tin", "trực tiếp | tiếp nhận", "thi công |
    công trình"). It is a slip ("cho cho", "tổ chức họp họp dân") unless a word of
    the word list ends with it on the left and another starts with it on the right.
    Tested on every real plan of ../shared/examples/real-plans/."""
    found = []
    seen = set()  # one finding per slip and text: the same slip pasted 100,000 times is one thing to fix
    for match in _DOUBLED.finditer(text):
        word = match.group(1)
        if word.lower() in _REDUPLICATION_OK or word.isdigit() or not word[:1].isalpha():
            continue
        if match.group(0).split()[0] != match.group(0).split()[-1]:
            continue  # "Hà hà" differs in case: a name and a word
        if match.group(0) in seen:
            continue
        before = _WORD_BEFORE.search(text, max(0, match.start() - 40), match.start())
        after = _WORD_AFTER.match(text[match.end():match.end() + 40])
        if not _shared_syllable(before, word, after):
            found.append((word, match.group(0)))
            seen.add(match.group(0))
    return tuple(found)


# "Phụ lục I Nghị định số 30/2020/NĐ-CP", "phụ lục ban hành kèm theo Thông tư …": another document's appendix.
_OTHER_DOCUMENT = re.compile(
    r"\s*,?\s*(?:(?:ban hành\s+)?kèm theo|của|tại|thuộc)?\s*(?P<doc>Nghị định|Thông tư|Quyết định|Nghị quyết|Luật|"
    r"Chỉ thị|Công văn|Văn bản|Hướng dẫn|Thông báo|Tờ trình|Báo cáo|Đề án|Chương trình|Kế hoạch)\b(?P<rest>\s*\S*)",
    re.IGNORECASE)


@lru_cache(maxsize=8192)
def _appendix_mentions(text: str) -> tuple[tuple[str, str], ...]:
    """(mention, number) for each appendix of *this* plan the text refers to."""
    found = []
    for m in _APPENDIX_REF.finditer(text):
        other = _OTHER_DOCUMENT.match(text, m.end())
        if other and not (other["doc"].lower() == "kế hoạch" and other["rest"].strip().lower().startswith("này")):
            continue
        found.append((m.group(0), (m.group(1) or "").upper()))
    return tuple(found)


def _lint_doubled_words(strings: list[tuple[tuple, str]], add) -> None:
    for path, text in strings:
        for word, phrase in _doubled_words(text):
            add(path, f"từ `{word}` lặp lại liền nhau (\"{phrase}\"): có phải gõ thừa?", WARNING, "lap-tu")


def _lint_appendix_references(plan: Plan, strings: list[tuple[tuple, str]], add) -> None:
    count = len(plan.phu_luc)
    labels = {(p.so or (roman(i + 1) if count > 1 else "")).strip(" .").upper() for i, p in enumerate(plan.phu_luc)}
    for p in plan.phu_luc:  # a label written as the office does ("Phụ lục số 01:", "Biểu 02") names its number
        found = re.search(r"\b([IVXLC]+|\d+)\b", p.nhan or "")
        if found:
            labels.add(found[1].upper())
    numbers = labels | {x.lstrip("0") or "0" for x in labels if x.isdigit()}  # "Phụ lục số 1" names "01"
    referenced = False
    for path, text in strings:
        if path and path[0] in ("phu_luc", "noi_nhan", "bien"):
            continue
        for mention, number in _appendix_mentions(text):
            referenced = True
            if count == 0:
                add(path, f"nội dung nhắc đến \"{mention}\" nhưng kế hoạch không có `phu_luc` nào (phụ lục gửi "
                          "thành tệp riêng thì bỏ qua cảnh báo này).", WARNING, "phu-luc")
            elif number and number not in numbers and (number.lstrip("0") or "0") not in numbers \
                    and not (count == 1 and number in ("I", "1")):
                known = ", ".join(sorted(x for x in labels if x)) or "một phụ lục không đánh số"
                add(path, f"nội dung nhắc đến \"{mention}\" nhưng kế hoạch chỉ có: {known}.", WARNING, "phu-luc")
    if count and not referenced:
        add(("phu_luc",), "kế hoạch có phụ lục nhưng nội dung chưa nhắc đến phụ lục nào; Nghị định 30 yêu cầu "
                          "văn bản chính có chỉ dẫn về phụ lục kèm theo (Phụ lục I, mục III.1). Ví dụ: "
                          "\"(chi tiết tại Phụ lục kèm theo)\".", WARNING, "phu-luc-chua-nhac")
