"""What each kind of document (``loai``) needs and refuses, as Phụ lục III draws it.

One Plan model serves every kind (so that a batch row revalidates only its
keys); the keys a kind needs or cannot use are checked here, each finding at
the position of the key in the file.
"""

from __future__ import annotations

from kehoach.plan.model import Muc, Plan

ERROR, WARNING = "loi", "canh_bao"

# Keys only one kind uses, and the kind.
_ONLY = {"tham_quyen": "quyet-dinh", "de_nghi": "quyet-dinh", "dieu": "quyet-dinh", "thi_hanh": "quyet-dinh",
         "ke_hoach": "quyet-dinh"}
_NAMES = {"ke-hoach": "kế hoạch", "quyet-dinh": "quyết định", "bao-cao": "báo cáo", "cong-van": "công văn"}


def lint_kind(plan: Plan, data: object, add) -> None:
    kind = plan.loai
    data = data if isinstance(data, dict) else {}
    name = _NAMES[kind]
    for key, owner in _ONLY.items():
        if key in data and data[key] not in (None, [], "") and kind != owner:
            add((key,), f"`{key}` chỉ dùng cho {_NAMES[owner]} (`loai: {owner}`); {name} không có phần này.")
    if kind in ("ke-hoach", "bao-cao") and not plan.phan:
        if "phan" in data:
            add(("phan",), "`phan` cần ít nhất 1 mục.")
        else:
            add((), "thiếu khóa bắt buộc `phan`.")
    if kind == "quyet-dinh":
        if not plan.tham_quyen:
            add((), "quyết định cần `tham_quyen`: người hoặc tập thể có thẩm quyền ban hành, in dưới trích yếu, ví dụ "
                    "`tham_quyen: CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ …` (Phụ lục III, Mẫu 1.3).")
        for key, why in (("phan", "nội dung kế hoạch đặt dưới `ke_hoach`"), ("kinh_gui", "quyết định không có "
                         "Kính gửi; nơi thi hành ghi ở điều cuối và Nơi nhận"),
                         ("kem_theo", "dòng này thuộc kế hoạch được ban hành, kehoach tự lập")):
            if data.get(key):
                add((key,), f"quyết định không dùng `{key}`: {why}.")
    if kind == "cong-van":
        if plan.kinh_gui is None:
            add((), "công văn cần `kinh_gui`: cơ quan, đơn vị trực tiếp giải quyết (Phụ lục I, mục II.9.b).")
        if "ky_hieu" not in data:
            add((), "công văn cần `ky_hieu`: chữ viết tắt tên cơ quan và đơn vị soạn thảo, ví dụ `ky_hieu: UBND-VP` "
                    "(công văn không có chữ viết tắt tên loại, Phụ lục I, mục II.3.b).")
        if data.get("kem_theo"):
            add(("kem_theo",), "công văn không dùng `kem_theo` (không có tên loại và trích yếu giữa trang).")
    if kind == "bao-cao":
        for path in _empty_results(plan):
            add(path, "chưa ghi kết quả thực hiện: điền nội dung hoặc xóa mục này khỏi báo cáo.", WARNING)
    else:
        for path in _results(plan):
            add(path, f"`ket_qua_thuc_hien` chỉ dùng trong báo cáo (`loai: bao-cao`); {name} không có kết quả.")


def _results(plan: Plan):
    """Path (and text) of every result a report can carry."""

    def walk(muc: Muc, path: tuple):
        if muc.ket_qua_thuc_hien is not None:
            yield path + ("ket_qua_thuc_hien",), muc.ket_qua_thuc_hien
        for i, activity in enumerate(muc.hoat_dong):
            if activity.ket_qua_thuc_hien is not None:
                yield path + ("hoat_dong", i, "ket_qua_thuc_hien"), activity.ket_qua_thuc_hien
        for i, child in enumerate(muc.muc):
            yield from walk(child, path + ("muc", i))

    for i, muc in enumerate(plan.phan):
        for path, _text in walk(muc, ("phan", i)):
            yield path


def _empty_results(plan: Plan):
    def value(path):
        node = plan
        for part in path:
            node = node[part] if isinstance(part, int) else getattr(node, part)
        return node

    return [path for path in _results(plan) if not (value(path) or "").strip()]
