"""Regenerate src/kehoach/docx/font_metrics.json from Liberation Serif.

Liberation Serif is metric-compatible with Times New Roman (same advance
widths), so its widths stand in for TNR when kehoach sizes the short lines
under the headings (nd30.md §3 rows 3, 6, 11) and checks that the Quốc hiệu
fits its column. Run once when the character set changes:

    apt-get install fonts-liberation2 && pip install fonttools
    python tools/make_metrics.py
"""
import json
import pathlib

from fontTools.ttLib import TTFont

FONT_DIR = pathlib.Path("/usr/share/fonts/truetype/liberation2")
FACES = {
    "regular": "LiberationSerif-Regular.ttf",
    "bold": "LiberationSerif-Bold.ttf",
    "italic": "LiberationSerif-Italic.ttf",
    "bold_italic": "LiberationSerif-BoldItalic.ttf",
}
RANGES = [(0x20, 0x7F), (0xA0, 0x250), (0x300, 0x324), (0x1EA0, 0x1EFA), (0x2010, 0x2027), (0x2030, 0x2040), (0x2264, 0x2266)]


def main() -> None:
    out = {"units_per_em": None, "faces": {}}
    for face, filename in FACES.items():
        font = TTFont(FONT_DIR / filename)
        out["units_per_em"] = font["head"].unitsPerEm
        cmap = font.getBestCmap()
        hmtx = font["hmtx"]
        widths = {}
        for lo, hi in RANGES:
            for cp in range(lo, hi):
                glyph = cmap.get(cp)
                if glyph is not None:
                    widths[chr(cp)] = hmtx[glyph][0]
        out["faces"][face] = widths
    target = pathlib.Path(__file__).resolve().parents[1] / "src" / "kehoach" / "docx" / "font_metrics.json"
    target.write_text(json.dumps(out, ensure_ascii=False, sort_keys=True, separators=(",", ":")), encoding="utf-8")
    print(target, sum(len(w) for w in out["faces"].values()), "widths")


if __name__ == "__main__":
    main()
