"""The JSON Schema of the plan format, for editors that complete keys and show help.

Generated from the pydantic models, then made to say what a clerk may
really write: Vietnamese titles and descriptions everywhere, and the short
forms the models accept (a text where a list is expected, ``thoi_gian:
Thường xuyên``, ``ngay_ky: 05/02/2024``, a bullet as plain text…).
A copy ships in the package (``kehoach.schema.json``); a test keeps it
equal to what this module generates.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any


SCHEMA_ID = "https://kehoach.local/kehoach.schema.json"
PACKAGED_NAME = "kehoach.schema.json"

# Vietnamese descriptions of the models (their docstrings are for developers).
MODEL_TEXT = {
    "Plan": ("Kế hoạch", "Một Kế hoạch hành chính theo Nghị định 30/2020/NĐ-CP, từ phần đầu đến phụ lục. "
                         "Tắt một cảnh báo ngay chỗ nó được báo: thêm chú thích `# kehoach: bo-qua MÃ` ở cuối "
                         "dòng đó (MÃ in trong cảnh báo: lap-tu, phu-luc, phu-luc-chua-nhac, ngoai-nam, tl-tm, "
                         "trich-yeu-in-hoa, bang-ma-cu, da-chuyen-ma, don-vi)."),
    "CoQuan": ("Cơ quan ban hành", "Tên cơ quan ban hành và cơ quan chủ quản (nếu có), mỗi dòng một mục."),
    "NgayKy": ("Ngày ký", "Ngày ký; có thể để trống ngày (hoặc cả ngày và tháng) đến khi ký."),
    "Muc": ("Mục", "Một mục của nội dung: I. → 1. → 1.1. (hoặc a)) → a); nội dung in theo thứ tự viết."),
    "Y": ("Ý", "Một ý gạch đầu dòng '- …', có thể có các ý con '+ …'. Viết gọn: chỉ một dòng chữ."),
    "HoatDong": ("Hoạt động", "Một hoạt động: nội dung, đơn vị chủ trì, phối hợp, thời gian. In thành các dòng "
                              "có nhãn và có thể lập bảng nhiệm vụ ở phụ lục."),
    "ThoiGian": ("Thời gian", "Một ngày (ngay), một khoảng (tu_ngay, den_ngay), một hạn (han), hoặc lời "
                              "(mo_ta). Viết gọn: một ngày '15/11/2024' hoặc lời 'Thường xuyên'."),
    "NguonKinhPhi": ("Nguồn kinh phí", "Một nguồn kinh phí và số tiền (nếu có). Viết gọn: chỉ tên nguồn."),
    "BaoCao": ("Chế độ báo cáo", "Ai báo cáo, nội dung gì, các kỳ và hạn, gửi về đâu."),
    "KyBaoCao": ("Kỳ báo cáo", "Một kỳ báo cáo và hạn gửi."),
    "NguoiKy": ("Người ký", "Khối chữ ký: TM., KT., Q., TL., TUQ. (Phụ lục I, mục II.7)."),
    "PhuLuc": ("Phụ lục", "Một phụ lục sau chữ ký, trang riêng (dọc hoặc ngang), đánh số trang riêng: nhãn như "
                          "cơ quan viết, tên, bảng, các khối, hoặc cả một đề cương có dòng ký riêng."),
    "Bang": ("Bảng", "Bảng trong nội dung hoặc phụ lục: tên bảng, dòng đơn vị, các cột (căn lề, cột tiền), dòng "
                     "tiêu đề, dòng nhóm, các dòng, dòng tổng (tự cộng hoặc kiểm tra), ghi chú, bằng chữ; hoặc lập "
                     "từ các hoạt động."),
    "Cot": ("Cột", "Một cột của bảng. Viết gọn: chỉ tên cột."),
    "O": ("Ô gộp", "Một ô của dòng tiêu đề, hoặc một ô gộp của dòng bảng (các ô nó phủ ở dòng đó và các dòng "
                   "dưới để trống \"\"): có thể gộp cột, gộp dòng. Viết gọn: chỉ nội dung."),
    "DongBang": ("Dòng bảng", "Một dòng: danh sách các ô, hoặc một dòng nhóm (nhom) trải hết chiều ngang; "
                              "dam/nghieng in cả dòng; tong: nhom | tat_ca cho dòng tổng."),
    "MoDau": ("Đoạn mở đầu", "Một đoạn mở đầu theo thứ tự viết: can_cu (in nghiêng), thuc_hien, xet_de_nghi "
                             "(chuỗi căn cứ: kehoach tự thêm ';' và '.' ở dòng cuối chuỗi), hoặc doan (bối cảnh, "
                             "lời dẫn); nghieng: true/false để in nghiêng hay chữ đứng."),
    "KyPhuLuc": ("Dòng ký của phụ lục", "Chức danh ký của một mẫu (in hoa đậm, 'LÃNH ĐẠO ĐƠN VỊ') và ghi chú "
                                       "(nghiêng, '(Ký tên, đóng dấu)'). Viết gọn: chỉ chức danh."),
    "LienHe": ("Liên hệ", "Địa chỉ, điện thoại, fax, thư điện tử, trang thông tin của cơ quan (ô 13, Phụ lục I "
                          "mục III.4): in ở chân trang đầu, dưới một đường kẻ hết chiều ngang."),
    "Khoi": ("Khối nội dung", "Một phần nội dung theo đúng thứ tự viết: một đoạn văn (doan), một nhóm ý (y) hoặc "
                              "một bảng (bang). Viết gọn: chỉ một dòng chữ là một đoạn văn."),
    "TrinhBay": ("Trình bày", "Những điều Nghị định 30 để ngỏ, mỗi điều trong khoảng cho phép."),
    "Le": ("Lề trang", "Lề trang tính bằng mm, trong khoảng Nghị định 30 cho phép."),
    "NhanHoatDong": ("Nhãn hoạt động", "Nhãn in trước mỗi dòng của hoạt động."),
    "KinhGui": ("Kính gửi", "Nơi nhận trực tiếp giải quyết (Phụ lục I, mục II.9.b): một nơi in cùng dòng "
                            "'Kính gửi:', nhiều nơi mỗi nơi một dòng '- …;'. Viết gọn: một dòng chữ hoặc danh sách."),
    "Dieu": ("Điều", "Một điều của quyết định: 'Điều 1.' in đậm rồi nội dung. Viết gọn: chỉ nội dung."),
    "KemTheo": ("Ban hành kèm theo", "Dòng '(Ban hành kèm theo Quyết định số … ngày … của …)' dưới tên kế hoạch "
                                     "do một văn bản khác ban hành. Viết gọn: cả dòng chữ như muốn in."),
}

# Short forms accepted before validation (see the model validators).
SHORT_FORMS: dict[str, list[dict[str, Any]]] = {
    "Y": [{"type": "string", "minLength": 1}],
    "ThoiGian": [{"type": "string"}, {"type": "integer"}],
    "NguonKinhPhi": [{"type": "string", "minLength": 1}],
    "Cot": [{"type": "string", "minLength": 1}],
    "O": [{"type": "string"}, {"type": "number"}],
    "DongBang": [{"type": "array", "items": {"anyOf": [{"type": ["string", "number", "null"]},
                                                       {"$ref": "#/$defs/O"}]}}],
    "NgayKy": [{"type": "string"}],
    "Dieu": [{"type": "string", "minLength": 1}],
    "KinhGui": [{"type": "string", "minLength": 1}, {"type": "array", "items": {"type": "string", "minLength": 1}}],
    "Khoi": [{"type": "string", "minLength": 1}],
    "MoDau": [{"type": "string", "minLength": 1}],
    "KyPhuLuc": [{"type": "string", "minLength": 1}],
}
TEXT_OR_LIST = {"anyOf": [{"type": "string", "minLength": 1},
                          {"type": "array", "items": {"type": "string", "minLength": 1}}]}
LIST_FIELDS_ACCEPTING_TEXT = {
    ("Plan", "can_cu"), ("Plan", "ket_thuc"), ("Plan", "noi_nhan"), ("Muc", "doan"),
    ("HoatDong", "chu_tri"), ("HoatDong", "phoi_hop"), ("Bang", "ghi_chu"), ("PhuLuc", "doan"),
    ("CoQuan", "ten"), ("CoQuan", "chu_quan"), ("Dieu", "doan"), ("KinhGui", "noi"),
}


def generate() -> dict[str, Any]:
    from kehoach.plan import model  # here, not at the top: `kehoach init` needs only the packaged copy

    schema = model.Plan.model_json_schema(ref_template="#/$defs/{model}")
    definitions = schema.setdefault("$defs", {})
    definitions["Plan"] = {k: v for k, v in schema.items() if k not in ("$defs",)}
    for name, definition in definitions.items():
        title, description = MODEL_TEXT.get(name, (definition.get("title", name), ""))
        definition["title"], definition["description"] = title, description
        for key, prop in definition.get("properties", {}).items():
            prop.setdefault("title", key)
            prop.setdefault("description", prop["title"])
            if (name, key) in LIST_FIELDS_ACCEPTING_TEXT:
                kept = {k: prop[k] for k in ("title", "description", "default") if k in prop}
                bounds = {k: prop[k] for k in ("minItems", "maxItems") if k in prop}
                prop.clear()
                prop.update(kept)
                prop["anyOf"] = [TEXT_OR_LIST["anyOf"][0], {**TEXT_OR_LIST["anyOf"][1], **bounds}]
    opening = definitions["Plan"]["properties"]["mo_dau"]
    opening["anyOf"] = [TEXT_OR_LIST["anyOf"][0], {"type": "array", "items": opening.pop("items")}]  # MoDau: text too
    opening.pop("type", None)
    notes = definitions["Plan"]["properties"]["chu_thich"]
    notes["propertyNames"] = {"pattern": "^[A-Za-z0-9_]{1,20}$"}
    notes["description"] = ("Chú thích cuối trang (footnote thật của Word). Mỗi chú thích một tên (`1:`, "
                            "`nguon_kinh_phi:`) và nội dung; trong bài ghi [^tên] ngay sau chữ cần chú thích. "
                            "kehoach tự đánh số 1, 2, 3… theo thứ tự xuất hiện.")
    for name, forms in SHORT_FORMS.items():
        full = definitions[name]
        definitions[name] = {"title": full["title"], "description": full["description"],
                             "anyOf": [{k: v for k, v in full.items() if k not in ("title", "description")},
                                       *forms]}
    plan = definitions.pop("Plan")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **plan,
        "$defs": dict(sorted(definitions.items())),
    }


def schema_text() -> str:
    return json.dumps(generate(), ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def packaged_schema_text() -> str:
    return resources.files("kehoach.plan").joinpath(PACKAGED_NAME).read_text(encoding="utf-8")
