"""The plan format: what a clerk may write in a plan file, and nothing else.

YAML keys are Vietnamese without diacritics and keep one name per idea all
the way into the code (``trich_yeu`` in the file is ``plan.trich_yeu``
here). Every model forbids unknown keys, so a typo is reported, not ignored.
Convenience forms (a single string where a list is expected, a plain text
or a date where a ``thoi_gian`` is expected) are turned into the full form
before validation, so that error messages stay simple.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from kehoach import decree
from kehoach.plan.dates import Ngay, parse_ngay


def _ngay(value: object) -> Ngay:
    if isinstance(value, Ngay):
        return value
    try:
        ngay = parse_ngay(value)
    except ValueError:
        raise ValueError(
            f"`{value}` không phải một ngày. Hãy viết dạng ngày/tháng/năm, ví dụ 15/11/2024 "
            "(hoặc ngày/tháng, ví dụ 05/6, cho hạn trong năm kế hoạch)."
        ) from None
    if not ngay.exists(ngay.year or 2024):  # 29/02 without a year is checked against the plan year
        raise ValueError(f"ngày {ngay.short()} không tồn tại. Hãy kiểm tra lại ngày và tháng.")
    return ngay


NgayField = Annotated[
    Ngay,
    PlainValidator(_ngay),
    WithJsonSchema({"type": "string", "pattern": r"^(\d{1,2}[/.-]\d{1,2}([/.-]\d{4})?|\d{4}-\d{2}-\d{2})$",
                    "title": "Ngày (ngày/tháng/năm)"}),
]


def _as_list(value: object) -> object:
    """A single text where a list is expected is a list of one."""
    return [value] if isinstance(value, str) else value


def _as_lines(value: object) -> object:
    """Header lines may be written as one text with line breaks."""
    if isinstance(value, str):
        return [line for line in value.split("\n") if line.strip()]
    return value


def _document_number(value: object) -> str:
    """The number as written: text, so that the zeros of "0129" are kept ([P1] II.3.c).

    An unquoted number YAML would change (``0204`` read as octal) is refused by
    the loader before it gets here."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not re.fullmatch(r"-?\d{1,6}", value.strip()):
        raise ValueError("cần một số nguyên ở đây (chỉ gồm chữ số). Số có số 0 đứng đầu thì viết trong dấu nháy, "
                         "ví dụ \"0129\".")
    value = value.strip()
    if int(value) < 1:
        raise ValueError("giá trị phải từ 1 trở lên.")
    if int(value) > 99999:
        raise ValueError("giá trị không được vượt quá 99999.")
    return value


SoVanBan = Annotated[
    str,
    PlainValidator(_document_number),
    WithJsonSchema({"anyOf": [{"type": "integer", "minimum": 1, "maximum": 99999},
                              {"type": "string", "pattern": r"^\d{1,6}$"}],
                    "title": "Số văn bản (chữ số; có số 0 đứng đầu thì viết trong dấu nháy)"}),
]


Text = Annotated[str, Field(min_length=1)]

NOTE_NAME = re.compile(r"[A-Za-z0-9_]{1,20}")


def _note_names(value: object) -> object:
    """Footnote names: ``1:``, ``a:``, ``nguon_1:``; a number written as a key is its digits."""
    if not isinstance(value, dict):
        return value
    out = {}
    for name, text in value.items():
        key = str(name) if isinstance(name, int) and not isinstance(name, bool) else name
        if not isinstance(key, str) or not NOTE_NAME.fullmatch(key):
            raise ValueError(f"tên chú thích `{name}` chỉ gồm chữ không dấu, số và '_' (tối đa 20 ký tự), "
                             "ví dụ `1:` hoặc `nguon_kinh_phi:`; trong bài viết [^1] hoặc [^nguon_kinh_phi].")
        out[key] = text
    return out

# The choices the decree gives, taken from rules (Literal[...] of a tuple lists its items).
SizeSet = Literal[decree.SIZE_SETS]  # type: ignore[valid-type]
FirstLineIndent = Literal[decree.FIRST_LINE_INDENTS_CM]  # type: ignore[valid-type]
Marker = Literal[tuple(m for m in decree.SIGNER_MARKERS if m != "TM")]  # type: ignore[valid-type]
TextList = Annotated[list[Text], BeforeValidator(_as_list)]


class Base(BaseModel):
    # allow_inf_nan: `.nan` and `.inf` are YAML numbers, but no measurement of a document is one.
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, arbitrary_types_allowed=True,
                              defer_build=True, allow_inf_nan=False)


# ------------------------------------------------------------ typed content --


class ThoiGian(Base):
    """When something happens: one day, a period, a deadline or plain words."""

    ngay: NgayField | None = Field(None, title="Ngày diễn ra")
    tu_ngay: NgayField | None = Field(None, title="Từ ngày")
    den_ngay: NgayField | None = Field(None, title="Đến ngày")
    han: NgayField | None = Field(None, title="Hạn hoàn thành (trước ngày)")
    mo_ta: str | None = Field(None, title="Mô tả bằng lời, ví dụ 'Thường xuyên', 'Quý IV/2025'")

    @model_validator(mode="before")
    @classmethod
    def _short_forms(cls, value: Any) -> Any:
        if isinstance(value, str):
            try:
                return {"ngay": parse_ngay(value)}
            except ValueError:
                return {"mo_ta": value}
        if isinstance(value, (dt.date, int)) and not isinstance(value, bool):
            return {"ngay": value} if isinstance(value, dt.date) else {"mo_ta": str(value)}
        return value

    @model_validator(mode="after")
    def _one_form(self) -> ThoiGian:
        forms = [self.ngay is not None, self.tu_ngay is not None or self.den_ngay is not None,
                 self.han is not None, self.mo_ta is not None]
        if sum(forms) != 1:
            raise ValueError("hãy ghi đúng một cách: `ngay`, hoặc `tu_ngay` và `den_ngay`, hoặc `han`, hoặc `mo_ta`.")
        if (self.tu_ngay is None) != (self.den_ngay is None):
            raise ValueError("một khoảng thời gian cần cả `tu_ngay` và `den_ngay`.")
        return self  # the order of the two days needs the plan year: plan/lint.py

    def text(self) -> str:
        if self.ngay:
            return f"Ngày {self.ngay}"
        if self.tu_ngay and self.den_ngay:
            return f"Từ ngày {self.tu_ngay} đến ngày {self.den_ngay}"
        if self.han:
            return f"Trước ngày {self.han}"
        return self.mo_ta or ""


class HoatDong(Base):
    """An activity: what, who leads, who helps, when.

    Printed in the body as labelled lines (``- Thời gian thực hiện: …``) and,
    when an appendix asks for it, as a row of the task table.
    """

    noi_dung: str | None = Field(None, title="Nội dung hoạt động (mặc định: tiêu đề của mục)")
    chu_tri: TextList = Field(default_factory=list, title="Đơn vị chủ trì")
    phoi_hop: TextList = Field(default_factory=list, title="Đơn vị phối hợp")
    thuc_hien: str | None = Field(None, title="Đơn vị thực hiện (khi không tách chủ trì/phối hợp)")
    thoi_gian: ThoiGian | None = Field(None, title="Thời gian")
    ket_qua: str | None = Field(None, title="Sản phẩm, kết quả")
    ket_qua_thuc_hien: str | None = Field(
        None, title="Kết quả đã thực hiện (báo cáo; để trống \"\" là chưa ghi, kehoach nhắc)")
    trong_noi_dung: bool = Field(True, title="In trong thân văn bản (false: chỉ in ở bảng phụ lục)")


class NguonKinhPhi(Base):
    nguon: Text = Field(title="Nguồn kinh phí")
    so_tien: int | None = Field(None, ge=0, title="Số tiền (đồng)")

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, value: Any) -> Any:
        return {"nguon": value} if isinstance(value, str) else value


class KyBaoCao(Base):
    ten: Text = Field(title="Kỳ báo cáo, ví dụ '6 tháng', 'năm'")
    han: NgayField = Field(title="Hạn gửi báo cáo (trước ngày)")


class BaoCao(Base):
    """A reporting duty: who reports what, for which periods, by when, to whom."""

    don_vi: Text = Field(title="Đơn vị báo cáo")
    noi_dung: Text = Field("báo cáo kết quả thực hiện", title="Nội dung báo cáo")
    ky: list[KyBaoCao] = Field(min_length=1, title="Các kỳ báo cáo")
    gui_ve: Text = Field(title="Gửi báo cáo về")
    ghi_chu: str | None = Field(None, title="Phần câu tiếp theo, ví dụ 'để tổng hợp …'")



class MoDau(Base):
    """One paragraph of the opening, in the order written: a căn cứ, a "Thực hiện …",
    a "Xét đề nghị …" (the bases, punctuated as one sequence), or a paragraph
    (background, the lead-in "… ban hành Kế hoạch …, cụ thể như sau:")."""

    can_cu: Text | None = Field(None, title="Một căn cứ ('Căn cứ …'), in nghiêng")
    thuc_hien: Text | None = Field(None, title="Một dòng 'Thực hiện …' trong chuỗi căn cứ")
    xet_de_nghi: Text | None = Field(None, title="Một dòng 'Xét đề nghị …' / 'Theo đề nghị …' trong chuỗi căn cứ")
    doan: Text | None = Field(None, title="Một đoạn văn (bối cảnh, lời dẫn '… cụ thể như sau:')")
    nghieng: bool | None = Field(None, title="In nghiêng (mặc định: căn cứ nghiêng, còn lại chữ đứng)")

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, value: Any) -> Any:
        return {"doan": value} if isinstance(value, str) else value  # a plain line prints as written

    @model_validator(mode="after")
    def _one(self) -> MoDau:
        given = [k for k in PREAMBLE_KINDS if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("mỗi đoạn mở đầu ghi đúng một trong: `can_cu`, `thuc_hien`, `xet_de_nghi`, `doan`.")
        if self.can_cu is not None and self.nghieng is False:
            raise ValueError("căn cứ ban hành in nghiêng (Phụ lục I, mục II.6.a): hãy bỏ `nghieng: false`.")
        return self

    @property
    def kind(self) -> str:
        return next(k for k in PREAMBLE_KINDS if getattr(self, k) is not None)

    @property
    def text(self) -> str:
        return getattr(self, self.kind)


PREAMBLE_KINDS = ("can_cu", "thuc_hien", "xet_de_nghi", "doan")
PREAMBLE_BASES = ("can_cu", "thuc_hien", "xet_de_nghi")  # punctuated as one sequence ([P1] II.6.b)


class Y(Base):
    """A bullet item (``- …``), optionally with sub-items (``+ …``)."""

    noi_dung: Text = Field(title="Nội dung")
    y: list[Y] = Field(default_factory=list, title="Các ý con")

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, value: Any) -> Any:
        return {"noi_dung": value} if isinstance(value, str) else value


# How a list of items is marked: dashes, pluses, letters a), b)… or a., b)… (Đắk Lắk 0134/KH-UBND,
# II.1.1.1: "a. Thời gian thực hiện", "b. Địa điểm …", each with its own "-" and "+" items).
Bullet = Literal["-", "+", "a", "a."]
BULLET_TITLE = "Ký hiệu của {}: '-', '+', 'a' (a), b), c)…) hoặc 'a.' (a., b., c.… với các ý '-' rồi '+' bên dưới)"


# Keys of a Muc that produce content, in the order the clerk wrote them.
CONTENT_KEYS = ("doan", "y", "hoat_dong", "kinh_phi", "bao_cao", "nhiem_vu", "khoi", "muc")


class Muc(Base):
    """A numbered part of the body: I. → 1. → 1.1. (or a)) → a), up to 4 levels.

    Bullets (``-``, ``+``) below them are the ``y`` lists, giving 6 levels in
    all. Content prints in the order its keys are written in the file.
    """

    so: str | None = Field(None, title="Số thứ tự tự đặt (bỏ trống để tự đánh số)")
    tieu_de: str | None = Field(None, title="Tiêu đề")
    don_vi: str | None = Field(None, title="Đơn vị được giao nhiệm vụ (thay cho tiêu đề)")
    vai_tro: str | None = Field(None, title="Vai trò của đơn vị, in thường sau tên đậm: '(cơ quan thường trực)'")
    noi_dung: str | None = Field(None, title="Nội dung viết liền sau tiêu đề (sau dấu hai chấm)")
    doan: TextList = Field(default_factory=list, title="Các đoạn văn")
    y: list[Y] = Field(default_factory=list, title="Các ý gạch đầu dòng")
    danh_dau: Bullet = Field("-", title=BULLET_TITLE.format("các ý"))
    hoat_dong: list[HoatDong] = Field(default_factory=list, title="Các hoạt động")
    kinh_phi: list[NguonKinhPhi] = Field(default_factory=list, title="Các nguồn kinh phí")
    bao_cao: BaoCao | None = Field(None, title="Chế độ báo cáo")
    nhiem_vu: list[Y] = Field(default_factory=list, title="Nhiệm vụ của đơn vị")
    khoi: list[Khoi] = Field(default_factory=list, title="Nội dung theo đúng thứ tự viết: đoạn văn, nhóm ý, bảng… "
                                                        "lặp lại bao nhiêu lần cũng được")
    muc: list[Muc] = Field(default_factory=list, title="Các mục con")
    ket_qua_thuc_hien: str | None = Field(
        None, title="Kết quả thực hiện phần này (báo cáo; để trống \"\" là chưa ghi, kehoach nhắc)")

    @model_validator(mode="after")
    def _has_heading(self) -> Muc:
        if not (self.tieu_de or self.don_vi or self.noi_dung):
            raise ValueError("mục này cần có `tieu_de`, `don_vi` hoặc `noi_dung`.")
        if self.tieu_de and self.don_vi:
            raise ValueError("chỉ ghi một trong hai: `tieu_de` hoặc `don_vi`.")
        if self.vai_tro and not self.don_vi:
            raise ValueError("`vai_tro` đi kèm `don_vi` (ví dụ don_vi: Sở Nội vụ, vai_tro: cơ quan thường trực).")
        if self.nhiem_vu and not self.don_vi:
            raise ValueError("`nhiem_vu` đi kèm `don_vi` (đơn vị được giao nhiệm vụ).")
        return self

    def content_order(self, written: Any = None) -> tuple[str, ...]:
        """The content keys present, in the order ``written`` (the raw mapping
        from the file) has them; keys not in it follow in the usual order."""
        present = [k for k in CONTENT_KEYS if getattr(self, k)]
        ordered = [k for k in written if k in present] if isinstance(written, dict) else []
        return tuple(ordered + [k for k in present if k not in ordered])


# -------------------------------------------------------------- the header --


class CoQuan(Base):
    chu_quan: Annotated[list[Text], BeforeValidator(_as_lines)] = Field(
        default_factory=list, max_length=2, title="Tên cơ quan chủ quản trực tiếp (nếu có)")
    ten: Annotated[list[Text], BeforeValidator(_as_lines)] = Field(
        min_length=1, max_length=4, title="Tên cơ quan ban hành, mỗi dòng một mục")
    ten_day_du: str | None = Field(None, title="Tên cơ quan viết trong câu, ví dụ 'Ủy ban nhân dân xã Đồng Tuyển'")


class NgayKy(Base):
    """The signing date; the day (or all of it) may be left blank until signing."""

    ngay: int | None = Field(None, ge=1, le=31, title="Ngày ký")
    thang: int | None = Field(None, ge=1, le=12, title="Tháng ký")
    nam: int | None = Field(None, ge=1900, le=2200, title="Năm ký")

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, value: Any) -> Any:
        if isinstance(value, (dt.date, str)):
            ngay = _ngay(value)
            return {"ngay": ngay.day, "thang": ngay.month, "nam": ngay.year}
        if not isinstance(value, dict):
            raise ValueError("ngày ký viết dạng 05/02/2024, hoặc nhóm khóa `thang:` và `nam:` khi chưa có ngày.")
        return value

    @model_validator(mode="after")
    def _exists(self) -> NgayKy:
        if self.ngay is not None and self.thang is None:
            raise ValueError("đã có ngày thì cần ghi cả `thang`.")
        if self.ngay and self.thang and self.nam:
            if not Ngay(self.ngay, self.thang, self.nam).exists(self.nam):
                raise ValueError(f"ngày {self.ngay}/{self.thang}/{self.nam} không tồn tại.")
        return self


def signing_date(ngay_ky: NgayKy | None, plan_year: int) -> tuple[int | None, int | None, int]:
    """(day, month, year) of signing; the year defaults to the plan year."""
    if ngay_ky is None:
        return None, None, plan_year
    return ngay_ky.ngay, ngay_ky.thang, ngay_ky.nam or plan_year


_TM_WRITTEN = re.compile(r"^T\s*/?\s*M\s*\.?\s+", re.IGNORECASE)


class NguoiKy(Base):
    """The signer block, in the forms of [P1] II.7.b (TM., KT., Q., TL., TUQ.)."""

    thay_mat: str | None = Field(None, title="Tập thể được thay mặt (dòng 'TM. …'), ví dụ 'ỦY BAN NHÂN DÂN'")
    quyen_han: Marker | None = Field(
        None, title="Ký thay (KT), quyền (Q), thừa lệnh (TL), thừa ủy quyền (TUQ); bỏ trống khi người đứng đầu ký")
    cap_truong: str | None = Field(None, title="Chức vụ người đứng đầu, ví dụ 'CHỦ TỊCH' (cần khi có quyen_han)")
    chuc_vu: str | None = Field(None, title="Chức vụ của người ký, ví dụ 'PHÓ CHỦ TỊCH'")
    ho_ten: Text = Field(title="Họ và tên người ký")
    dong_duoi_ten: str | None = Field(None, title="Dòng ghi thêm dưới họ tên (nếu có)")

    @field_validator("quyen_han", mode="before")
    @classmethod
    def _marker(cls, value: Any) -> Any:
        return value.strip().rstrip(".").upper() if isinstance(value, str) else value

    @model_validator(mode="after")
    def _form(self) -> NguoiKy:
        if self.quyen_han and not self.cap_truong:
            raise ValueError(f"ký {self.quyen_han}. cần `cap_truong` (chức vụ người đứng đầu, ví dụ 'CHỦ TỊCH').")
        if self.quyen_han == "KT" and not self.chuc_vu:
            raise ValueError("ký KT. cần `chuc_vu` của cấp phó (ví dụ 'PHÓ CHỦ TỊCH').")
        if not (self.thay_mat or self.quyen_han or self.chuc_vu):
            raise ValueError("cần ít nhất `thay_mat`, `quyen_han` hoặc `chuc_vu` để in quyền hạn người ký.")
        return self

    def authority_lines(self) -> list[str]:
        lines = []
        # A marker the clerk already wrote ("TM. …", "T/M. …", "KT. CHỦ TỊCH") is not written twice.
        if self.thay_mat:
            lines.append(self.thay_mat if _TM_WRITTEN.match(self.thay_mat) else f"TM. {self.thay_mat}")
        if self.quyen_han:
            written = re.match(rf"^{self.quyen_han}\s*\.?\s+", self.cap_truong or "", re.IGNORECASE)
            lines.append(self.cap_truong if written else f"{self.quyen_han}. {self.cap_truong}")
        if self.chuc_vu:
            lines.append(self.chuc_vu)
        return lines


class KinhGui(Base):
    """"Kính gửi:" (ô 9a, [P1] II.9.b): who must act on the document.

    A Công văn has it, and a Báo cáo or a plan sent up to a higher body; one
    recipient is printed on the label's line, several each on a "-" line.
    Short forms: one text, or a list of texts.
    """

    noi: Annotated[list[Text], BeforeValidator(_as_list)] = Field(
        min_length=1, title="Cơ quan, tổ chức, cá nhân nhận văn bản (mỗi nơi một mục)")
    ghi_chu: str | None = Field(None, title="Dòng ghi thêm dưới nơi nhận, ví dụ '(Theo Kế hoạch số …)'")

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, value: Any) -> Any:
        return {"noi": value} if isinstance(value, (str, list)) else value


class Dieu(Base):
    """An article of a Quyết định: "Điều 1." in bold, then its text ([P1] II.6.đ).
    Short form: the text alone."""

    tieu_de: str | None = Field(None, title="Tiêu đề của điều (in đậm, nếu có)")
    noi_dung: Text = Field(title="Nội dung của điều")
    doan: TextList = Field(default_factory=list, title="Các đoạn tiếp theo của điều")

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, value: Any) -> Any:
        return {"noi_dung": value} if isinstance(value, str) else value


class KemTheo(Base):
    """The line under the title of a plan that another document issues:
    "(Ban hành kèm theo Quyết định số …/QĐ-… ngày … của …)" (Mẫu 1.3, the
    attached document). Short form: the whole line as written."""

    van_ban: Text = Field("Quyết định", title="Loại văn bản ban hành, ví dụ 'Quyết định', 'Nghị quyết'")
    so: int | None = Field(None, ge=1, le=99999, title="Số của văn bản ban hành (bỏ trống khi chưa có số)")
    ky_hieu: Text = Field(title="Ký hiệu của văn bản ban hành, ví dụ QĐ-UBND")
    ngay: NgayField | None = Field(None, title="Ngày ban hành (bỏ trống khi chưa ký)")
    co_quan: str | None = Field(None, title="Cơ quan ban hành viết trong câu (mặc định: cơ quan của kế hoạch)")
    cum_tu: Text = Field(decree.KEM_THEO_WORDS, title="Cụm từ mở đầu, ví dụ 'Ban hành kèm theo', 'Kèm theo'")

    @field_validator("ky_hieu")
    @classmethod
    def _ky_hieu(cls, value: str) -> str:
        return check_ky_hieu(value)


# ------------------------------------------------------------- appendices --


ALIGNMENTS = {"trai": "left", "giua": "center", "phai": "right", "deu": "both"}


class Cot(Base):
    ten: Text = Field(title="Tên cột")
    rong: float = Field(1.0, gt=0, title="Độ rộng tương đối")
    can_le: Literal["trai", "giua", "phai", "deu"] | None = Field(
        None, title="Căn lề các ô của cột: trai, giua, phai, deu (mặc định: trái; cột tiền, cột số: phải)")
    kieu: Literal["chu", "so", "tien"] = Field(
        "chu", title="Loại cột: chu (chữ), so (số: in 1.500), tien (số tiền: in 1.500.000, cộng được dòng tổng)")

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, value: Any) -> Any:
        return {"ten": value} if isinstance(value, str) else value


class O(Base):
    """A header cell, or a body cell, that may span several columns or rows."""

    noi_dung: str = Field("", title="Nội dung ô")
    gop_cot: int = Field(1, ge=1, title="Số cột gộp")
    gop_dong: int = Field(1, ge=1, title="Số dòng gộp")

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, value: Any) -> Any:
        return {"noi_dung": value} if isinstance(value, (str, int, float)) else value


class DongBang(Base):
    """A table row: its cells, or a group row (``nhom``) spanning all columns.

    A row with ``tong`` is a total: its money cells are the sum of the rows it
    covers (computed when left empty, checked when typed).
    """

    o: list[str | O] = Field(
        default_factory=list,
        title="Các ô; ô gộp viết như ô tiêu đề ({noi_dung: …, gop_dong: 2} hoặc gop_cot), các ô nó phủ để trống \"\"")
    nhom: str | None = Field(None, title="Dòng nhóm trải hết chiều ngang")
    dam: bool = Field(False, title="In đậm cả dòng (dòng nhóm có số liệu, dòng tổng)")
    nghieng: bool = Field(False, title="In nghiêng cả dòng")
    tong: Literal["nhom", "tat_ca"] | None = Field(
        None, title="Dòng tổng: 'nhom' = cộng các dòng bên dưới nó đến dòng nhóm cùng cấp tiếp theo (dòng nhóm "
                    "không có dòng nào bên dưới là một khoản: số ghi ở đó được giữ và được cộng); "
                    "'tat_ca' = cộng mọi dòng chi tiết của bảng")
    cap: int = Field(1, ge=1, le=6, title="Cấp của dòng nhóm có tổng (1: I, II…; 2: 1, 2…; 3: 1.1…; 4: 1.1.1…; "
                                          "5, 6: các cấp sâu hơn của bảng dự toán, như a, b dưới 1.1.1)")

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, value: Any) -> Any:
        if isinstance(value, list):
            value = {"o": value}
        if isinstance(value, dict) and isinstance(value.get("o"), list):
            value = {**value, "o": [v if isinstance(v, dict) else "" if v is None else str(v) for v in value["o"]]}
        return value

    def text(self, column: int) -> str:
        """The words written in a cell (a merged cell's ``noi_dung``)."""
        cell = self.o[column]
        return cell if isinstance(cell, str) else cell.noi_dung

    @model_validator(mode="after")
    def _group_or_cells(self) -> DongBang:
        if self.nhom is not None and self.o:
            # A group row spans every column: cells beside it would be dropped without a word.
            raise ValueError("dòng nhóm (`nhom`) trải hết chiều ngang nên không có `o`. Hãy tách thành hai dòng: "
                             "một dòng `nhom`, rồi một dòng `o` với các ô.")
        return self


def merged_cells(rows: list[DongBang], columns: int) -> dict[tuple[int, int], tuple[int, int]]:
    """The body cells another cell covers, (row, column) → (row, column) of the merged cell written
    there ({noi_dung: …, gop_dong: 2}, as in ``dau``): those cells are written "" and not printed."""
    covered: dict[tuple[int, int], tuple[int, int]] = {}
    for i, row in enumerate(rows):
        for j, cell in enumerate(row.o):
            if isinstance(cell, str) or (cell.gop_cot == 1 and cell.gop_dong == 1):
                continue
            if (i, j) in covered:
                raise ValueError(f"dòng {i + 1}, ô {j + 1}: ô này nằm trong một ô gộp ở trên hay bên trái, không "
                                 "gộp thêm được.")
            if j + cell.gop_cot > columns or i + cell.gop_dong > len(rows):
                raise ValueError(f"dòng {i + 1}, ô {j + 1}: ô gộp {cell.gop_cot} cột, {cell.gop_dong} dòng vượt ra "
                                 f"ngoài bảng ({columns} cột, {len(rows)} dòng). Hãy bớt `gop_cot` hoặc `gop_dong`.")
            for k in range(i, i + cell.gop_dong):
                for m in range(j, j + cell.gop_cot):
                    if (k, m) == (i, j):
                        continue
                    other = rows[k]
                    if other.nhom is not None:
                        raise ValueError(f"dòng {i + 1}, ô {j + 1}: ô gộp {cell.gop_dong} dòng phủ lên dòng nhóm "
                                         f"(dòng {k + 1}). Hãy bớt `gop_dong`.")
                    if (k, m) in covered or other.text(m).strip() or not isinstance(other.o[m], str):
                        raise ValueError(f"dòng {k + 1}, ô {m + 1} nằm trong ô gộp của dòng {i + 1}, ô {j + 1} nên "
                                         "phải để trống \"\" (chữ của ô gộp viết ở ô đầu).")
                    covered[(k, m)] = (i, j)
    return covered


TASK_COLUMNS = ("TT", "Nội dung", "Chủ trì", "Phối hợp", "Thời gian")


class Bang(Base):
    tieu_de: str | None = Field(None, title="Tên bảng in đậm, căn giữa trên bảng, ví dụ 'Biểu 01: …'")
    don_vi_tinh: str | None = Field(None, title="Dòng đơn vị trên bảng, căn phải, nghiêng, ví dụ 'Đơn vị: triệu đồng'")
    co_chu: Literal[11, 12, 13] | None = Field(None, title="Cỡ chữ trong bảng (11–13; mặc định nhỏ hơn chữ nội "
                                                           "dung 1 pt) cho bảng rộng")
    bang_chu: bool = Field(False, title="In dòng 'Bằng chữ: …' của dòng tổng (tong: tat_ca) dưới bảng; số tiền "
                                        "tính bằng đồng")
    cot: list[Cot] = Field(default_factory=list, title="Các cột")
    dau: list[list[O]] = Field(default_factory=list, title="Các dòng tiêu đề (khi cần gộp ô)")
    so_cot: bool = Field(False, title="In dòng đánh số cột (1), (2)…")
    dong: list[DongBang] = Field(default_factory=list, title="Các dòng")
    tu_hoat_dong: bool = Field(False, title="Lập bảng nhiệm vụ từ các hoạt động trong kế hoạch")
    ghi_chu: TextList = Field(default_factory=list, title="Ghi chú dưới bảng")

    @model_validator(mode="after")
    def _shape(self) -> Bang:
        if self.tu_hoat_dong:
            if self.dong:
                raise ValueError("bảng lập từ hoạt động (`tu_hoat_dong`) không ghi thêm `dong`.")
            if self.cot and len(self.cot) != len(TASK_COLUMNS):
                raise ValueError(f"bảng nhiệm vụ có {len(TASK_COLUMNS)} cột: {', '.join(TASK_COLUMNS)}.")
            return self
        if not self.cot:
            raise ValueError("bảng cần `cot` (danh sách các cột).")
        for i, row in enumerate(self.dong):
            if row.nhom is None and len(row.o) != len(self.cot):
                raise ValueError(f"dòng {i + 1} của bảng có {len(row.o)} ô, trong khi bảng có {len(self.cot)} cột.")
            if row.nhom is not None and (row.o or row.tong):
                raise ValueError(f"dòng {i + 1}: dòng `nhom` trải hết chiều ngang nên không có ô hay tổng; dòng "
                                 "nhóm có số liệu hãy viết `o: [...]` với `tong: nhom` (và `dam: true`).")
        merged_cells(self.dong, len(self.cot))  # raises on a merge that overlaps, overflows or covers words
        money = [c.kieu == "tien" for c in self.cot]
        if any(row.tong for row in self.dong) and not any(money):
            raise ValueError("bảng có dòng tổng (`tong`) cần ít nhất một cột `kieu: tien` để cộng.")
        if self.bang_chu and not any(row.tong == "tat_ca" for row in self.dong):
            raise ValueError("`bang_chu: true` đọc số tiền của dòng tổng cộng: hãy thêm một dòng `tong: tat_ca`.")
        return self


class Khoi(Base):
    """One piece of content in the order written: a paragraph, a group of bullets or a table.

    The same kind may come back any number of times (a paragraph, bullets,
    another paragraph, more bullets), which separate keys cannot.
    """

    doan: Text | None = Field(None, title="Một đoạn văn")
    y: list[Y] = Field(default_factory=list, title="Một nhóm ý gạch đầu dòng")
    danh_dau: Bullet = Field("-", title=BULLET_TITLE.format("nhóm ý"))
    nghieng: bool = Field(False, title="In nghiêng cả nhóm ý, kể cả dấu '-' đầu dòng (chỉ dùng với `y`)")
    bang: Bang | None = Field(None, title="Một bảng")

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, value: Any) -> Any:
        return {"doan": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _one(self) -> Khoi:
        if sum((self.doan is not None, bool(self.y), self.bang is not None)) != 1:
            raise ValueError("mỗi khối ghi đúng một trong: `doan` (một đoạn văn), `y` (các ý) hoặc `bang` (một bảng).")
        if self.nghieng and not self.y:
            raise ValueError("`nghieng: true` in nghiêng một nhóm ý `y`; đoạn văn nghiêng hãy viết trong dấu *…*.")
        return self


class KyPhuLuc(Base):
    """The signature line of a form given as an appendix ("LÃNH ĐẠO ĐƠN VỊ" / "(Ký tên, đóng dấu)")."""

    chuc_vu: Text = Field(title="Chức danh ký, in hoa đậm, ví dụ 'LÃNH ĐẠO ĐƠN VỊ'")
    ghi_chu: str | None = Field(None, title="Dòng dưới, in nghiêng, ví dụ '(Ký tên, đóng dấu)'")

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, value: Any) -> Any:
        return {"chuc_vu": value} if isinstance(value, str) else value


class PhuLuc(Base):
    so: str | None = Field(None, title="Số phụ lục tự đặt (mặc định I, II…)")
    nhan: str | None = Field(None, title="Nhãn phụ lục như cơ quan viết, thay cho 'Phụ lục I': 'Phụ lục số 01:', "
                                         "'Biểu 01', 'Mẫu biểu số 01'")
    tieu_de: Text = Field(title="Tên phụ lục")
    trich_yeu: str | None = Field(None, title="Dòng dưới tên phụ lục, chữ thường đậm (ví dụ 'kết quả thực hiện …')")
    kem_theo: str | None = Field(None, title="Dòng '(Kèm theo …)' tự viết (mặc định tự lập)")
    ngang: bool = Field(False, title="Trang nằm ngang")
    doan: TextList = Field(default_factory=list, title="Các đoạn văn trước bảng")
    bang: Bang | None = Field(None, title="Bảng")
    khoi: list[Khoi] = Field(default_factory=list, title="Nội dung sau bảng, theo thứ tự: đoạn văn, nhóm ý, "
                                                        "bảng (nhiều bảng: 'Biểu 01', 'Biểu 02'…)")
    phan: list[Muc] = Field(default_factory=list, title="Phụ lục là cả một đề cương (mẫu báo cáo…): các phần "
                                                        "I, II… đánh số riêng")
    ky: KyPhuLuc | None = Field(None, title="Dòng ký của mẫu: chức danh (in hoa đậm) và ghi chú (nghiêng)")


# ------------------------------------------------------------------ layout --


class Le(Base):
    tren: float = Field(decree.MARGINS["tren"].preferred, title="Lề trên (mm)")
    duoi: float = Field(decree.MARGINS["duoi"].preferred, title="Lề dưới (mm)")
    trai: float = Field(decree.MARGINS["trai"].preferred, title="Lề trái (mm)")
    phai: float = Field(decree.MARGINS["phai"].preferred, title="Lề phải (mm)")

    @model_validator(mode="after")
    def _in_range(self) -> Le:
        for name, allowed in decree.MARGINS.items():
            value = getattr(self, name)
            if not allowed.contains(value, tolerance=0):
                raise ValueError(
                    f"lề {name} {value:g} mm nằm ngoài khoảng Nghị định 30 cho phép "
                    f"({allowed.low:g}–{allowed.high:g} mm, {allowed.clause}).")
        return self


NHAN_HOAT_DONG = {
    "noi_dung": "Nội dung thực hiện",
    "chu_tri": "Đơn vị chủ trì",
    "phoi_hop": "Đơn vị phối hợp",
    "thuc_hien": "Đơn vị thực hiện",
    "thoi_gian": "Thời gian thực hiện",
    "ket_qua": "Sản phẩm",
    "ket_qua_thuc_hien": "Kết quả thực hiện",
}


class NhanHoatDong(Base):
    """Labels printed before each field of an activity."""

    noi_dung: str = Field(NHAN_HOAT_DONG["noi_dung"], title="Nhãn dòng nội dung")
    chu_tri: str = Field(NHAN_HOAT_DONG["chu_tri"], title="Nhãn dòng đơn vị chủ trì")
    phoi_hop: str = Field(NHAN_HOAT_DONG["phoi_hop"], title="Nhãn dòng đơn vị phối hợp")
    thuc_hien: str = Field(NHAN_HOAT_DONG["thuc_hien"], title="Nhãn dòng đơn vị thực hiện")
    thoi_gian: str = Field(NHAN_HOAT_DONG["thoi_gian"], title="Nhãn dòng thời gian")
    ket_qua: str = Field(NHAN_HOAT_DONG["ket_qua"], title="Nhãn dòng sản phẩm")
    ket_qua_thuc_hien: str = Field(NHAN_HOAT_DONG["ket_qua_thuc_hien"], title="Nhãn dòng kết quả thực hiện")


HeadingStyle = Literal[decree.HEADING_STYLES]  # type: ignore[valid-type]


class TrinhBay(Base):
    """Layout choices the decree leaves open, each inside its allowed range."""

    co_chu: SizeSet = Field(decree.DEFAULT_SIZE_SET, title="Cỡ chữ nội dung (13 hoặc 14)")
    le: Le = Field(default_factory=Le, title="Lề trang (mm)")
    thut_dau_dong: FirstLineIndent = Field(1.0, title="Thụt đầu dòng (cm): 1 hoặc 1,27")
    gian_dong: float = Field(decree.LINE_SPACING.preferred, ge=decree.LINE_SPACING.low, le=decree.LINE_SPACING.high,
                             title="Giãn dòng (1 đến 1,5 dòng)")
    danh_so: list[Literal["I", "1", "1.1", "a", "a."]] = Field(
        default_factory=lambda: list(decree.DEFAULT_NUMBERING), min_length=1, max_length=4,
        title="Cách đánh số theo cấp, ví dụ [I, 1, 1.1, a] hoặc [I, 1, a]; 'a.' in a. b. thay cho a) b)")

    @model_validator(mode="after")
    def _roman_is_upper_bold(self) -> TrinhBay:
        for level, (scheme, style) in enumerate(zip(self.danh_so, self.kieu_tieu_de), start=1):
            if scheme == "I" and style != "in_hoa_dam":
                raise ValueError(f"cấp {level} đánh số La Mã (I, II…) là mục, Nghị định 30 quy định IN HOA, đậm "
                                 "(Phụ lục I, mục V): hãy ghi `in_hoa_dam` cho cấp này.")
        return self
    kieu_tieu_de: list[HeadingStyle] = Field(
        default_factory=list, max_length=4,
        title="Kiểu chữ tiêu đề theo cấp, ví dụ [in_hoa_dam, dam, nghieng]: in_hoa_dam, dam, dam_nghieng, "
              "nghieng, thuong (chữ đứng); cấp La Mã (I, II) luôn IN HOA đậm (Phụ lục I, mục V)")
    so_dam: bool = Field(False, title="In đậm số thứ tự của mục không có tiêu đề ('**15.** Nội dung …')")
    khoang_ky: int = Field(decree.SIGNATURE_LINES, ge=decree.SIGNATURE_LINES_MIN, le=8, title="Số dòng trống để ký")
    nhan_hoat_dong: NhanHoatDong = Field(default_factory=NhanHoatDong, title="Nhãn các dòng của hoạt động")


# --------------------------------------------------- the decree's other marks --

SecrecyMark = Literal[tuple(decree.SECRECY_MARKS)]  # type: ignore[valid-type]
UrgencyMark = Literal[tuple(decree.URGENCY_MARKS)]  # type: ignore[valid-type]


def _upper_mark(value: object) -> object:
    return " ".join(value.split()).upper().replace("HOẢ", "HỎA") if isinstance(value, str) else value


class LienHe(Base):
    """Ô 13 of Phụ lục I: how to reach the issuing office, at the foot of page 1."""

    dia_chi: str | None = Field(None, title="Địa chỉ, ví dụ 'Số 165 Lý Thường Kiệt, phường Yên Bái, tỉnh Lào Cai'")
    dien_thoai: str | None = Field(None, pattern=r"^[0-9+(). -]{6,20}$", title="Số điện thoại")
    fax: str | None = Field(None, pattern=r"^[0-9+(). -]{6,20}$", title="Số fax")
    email: str | None = Field(None, pattern=r"^[^@\s]{1,64}@[^@\s]{1,190}\.[A-Za-z]{2,}$", title="Thư điện tử")
    website: str | None = Field(None, pattern=r"^(https?://)?[A-Za-z0-9.-]{1,190}\.[A-Za-z]{2,}(/[^\s]*)?$",
                                title="Trang thông tin điện tử")

    @model_validator(mode="after")
    def _something(self) -> LienHe:
        if not any((self.dia_chi, self.dien_thoai, self.fax, self.email, self.website)):
            raise ValueError("`lien_he` cần ít nhất một trong: `dia_chi`, `dien_thoai`, `fax`, `email`, `website`.")
        return self


# -------------------------------------------------------------------- plan --

_KY_HIEU = re.compile(r"^[A-ZĐ][A-Za-zĐđ0-9]*(-[A-ZĐ][A-Za-zĐđ0-9]*)+$")


def check_ky_hieu(value: str) -> str:
    value = value.strip().lstrip("/")
    if not _KY_HIEU.match(value):
        raise ValueError(
            f"ký hiệu `{value}` không đúng dạng: viết liền, không dấu cách, các nhóm nối bằng '-', "
            "ví dụ KH-UBND (Phụ lục I, mục II.3.c).")
    return value


Loai = Literal[tuple(decree.KINDS)]  # type: ignore[valid-type]


class Plan(Base):
    """A document, from header to appendices: a Kế hoạch, or (``loai``) the
    Quyết định that issues one, the Báo cáo of its results, a Công văn.

    One model for every kind: the keys a kind does not use are refused for it
    by ``lint`` (with the file position), not here, so that a batch row can
    revalidate only the keys it changes (``validation.revalidate``).
    """

    loai: Loai = Field(decree.DEFAULT_KIND, title="Loại văn bản: ke-hoach (mặc định), quyet-dinh, bao-cao, cong-van")
    bien: dict[str, str | int] = Field(default_factory=dict, title="Biến dùng trong nội dung, ví dụ ten_xa")
    co_quan: CoQuan = Field(title="Cơ quan ban hành")
    so: SoVanBan | None = Field(None, title="Số văn bản (bỏ trống khi chưa có số); có số 0 đứng đầu thì viết trong "
                                            "dấu nháy, ví dụ \"0129\"")
    ky_hieu: str = Field("KH-UBND", title="Ký hiệu, ví dụ KH-UBND")
    dia_danh: Text = Field(title="Địa danh, ví dụ 'Đồng Tuyển'")
    nam: int = Field(ge=2000, le=2100, title="Năm kế hoạch")
    ngay_ky: NgayKy | None = Field(None, title="Ngày ký (có thể để trống ngày)")
    trich_yeu: Text = Field(title="Trích yếu nội dung")
    kem_theo: str | KemTheo | None = Field(
        None, title="Dòng '(Ban hành kèm theo Quyết định số … ngày … của …)' dưới tên kế hoạch")
    kinh_gui: KinhGui | None = Field(None, title="Kính gửi (công văn, báo cáo, kế hoạch gửi cấp trên)")
    can_cu: TextList = Field(default_factory=list, title="Căn cứ ban hành")
    mo_dau: Annotated[list[MoDau], BeforeValidator(_as_list)] = Field(
        default_factory=list, title="Các đoạn mở đầu theo thứ tự: một dòng chữ (in như viết), hoặc can_cu / "
                                    "thuc_hien / xet_de_nghi (chuỗi căn cứ, tự chấm câu) / doan")
    phan: list[Muc] = Field(default_factory=list, title="Các phần nội dung (I, II, …); bắt buộc với kế hoạch, "
                                                         "báo cáo")
    ket_thuc: TextList = Field(default_factory=list, title="Đoạn kết")
    noi_nhan: TextList = Field(min_length=1, title="Nơi nhận; dòng cuối là 'Lưu: VT, …'")
    nguoi_ky: NguoiKy = Field(title="Người ký")
    phu_luc: list[PhuLuc] = Field(default_factory=list, title="Các phụ lục")
    du_thao: bool | str = Field(False, title="Bản dự thảo: true in khung 'DỰ THẢO'; hoặc ghi 'Dự thảo lần 2'")
    do_mat: Annotated[SecrecyMark | None, BeforeValidator(_upper_mark)] = Field(
        None, title="Độ mật (ô 10a): MẬT, TỐI MẬT hoặc TUYỆT MẬT")
    do_khan: Annotated[UrgencyMark | None, BeforeValidator(_upper_mark)] = Field(
        None, title="Mức độ khẩn (ô 10b): KHẨN, THƯỢNG KHẨN hoặc HỎA TỐC")
    nguoi_soan: str | None = Field(None, pattern=r"^[A-Za-zĐđ]{1,6}$",
                                   title="Ký hiệu người soạn thảo (ô 12), chữ in hoa, ví dụ PL; in sau 'Lưu:'")
    so_ban: int | None = Field(None, ge=1, le=99999, title="Số lượng bản phát hành (ô 12), ví dụ 300: in 'PL.(300)'")
    lien_he: LienHe | None = Field(None, title="Địa chỉ, điện thoại, fax, thư điện tử, trang thông tin (ô 13), "
                                              "in ở chân trang đầu")
    chu_thich: Annotated[dict[str, Text], BeforeValidator(_note_names)] = Field(
        default_factory=dict, title="Chú thích cuối trang: tên → nội dung; trong bài viết ghi [^tên] ngay sau chữ "
                                    "cần chú thích, ví dụ 'Chính phủ[^1]'")
    trinh_bay: TrinhBay = Field(default_factory=TrinhBay, title="Trình bày")
    # Quyết định ban hành kế hoạch (Phụ lục III, Mẫu 1.3)
    tham_quyen: str | None = Field(None, title="Thẩm quyền ban hành, ví dụ 'CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ …'")
    de_nghi: str | None = Field(None, title="Dòng 'Theo đề nghị của …' sau căn cứ")
    dieu: list[Dieu] = Field(default_factory=list, title="Các điều (mặc định: ban hành, hiệu lực, thi hành)")
    thi_hanh: str | None = Field(None, title="Ai chịu trách nhiệm thi hành (điều cuối mặc định)")
    ke_hoach: str | dict[str, Any] | None = Field(
        None, title="Kế hoạch ban hành kèm theo: tên tệp kế hoạch (cùng thư mục), hoặc nội dung viết tại chỗ")

    @field_validator("ky_hieu")
    @classmethod
    def _ky_hieu(cls, value: str) -> str:
        return check_ky_hieu(value)

    @field_validator("du_thao")
    @classmethod
    def _draft(cls, value: bool | str) -> bool | str:
        if isinstance(value, str) and not re.fullmatch(r"(?i)dự thảo( lần (\d{1,2}|thứ \w+))?", " ".join(value.split())):
            raise ValueError("`du_thao` ghi `true`, hoặc dạng 'Dự thảo lần 2'.")
        return " ".join(value.split()) if isinstance(value, str) else value

    @field_validator("bien")
    @classmethod
    def _variable_names(cls, value: dict) -> dict:
        for name in value:
            if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
                raise ValueError(f"tên biến `{name}` chỉ gồm chữ thường không dấu, số và '_'.")
        return value

    @field_validator("noi_nhan")
    @classmethod
    def _luu_last(cls, value: list[str]) -> list[str]:
        if not re.match(r"^-?\s*Lưu\b", value[-1]):
            raise ValueError("dòng cuối của nơi nhận phải là 'Lưu: VT, …' (Phụ lục I, mục II.9.d).")
        return value


def iter_activities(plan: Plan) -> Any:
    """Every activity with its path, in document order."""

    def walk(muc: Muc, path: tuple) -> Any:
        for i, activity in enumerate(muc.hoat_dong):
            yield path + ("hoat_dong", i), activity
        for i, child in enumerate(muc.muc):
            yield from walk(child, path + ("muc", i))

    for i, muc in enumerate(plan.phan):
        yield from walk(muc, ("phan", i))
