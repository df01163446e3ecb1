"""Chinese figures: "11.7万辆" → 117,000 辆, "5000亿港元" → 5e11 HKD, "4.5%"; Chinese numerals before a scale or a
counter ("三万人", "两台"). A lone 一 ("一位车主") is an article, not a figure."""

from __future__ import annotations

import re

from yuqing.nlp.extract._common import CUR_SUFFIX, SCALE, Figure, approx_dir, parse_num

_ZH_FIG = re.compile(
    r"(?P<num>\d+(?:,\d{3})*(?:\.\d+)?|[一二两三四五六七八九十百千]+(?=[万亿千百]|[个名辆台部家条位款次人]))"
    r"(?P<scale>万亿|亿|万|千)?(?P<pct>%|％)?"
    r"(?P<unit>元|人民币|港元|港币|美元|欧元|日元|辆|台|部|人|次|个|家|条|位|款|名|粉丝|公里|千米|小时|分钟|秒|天|年|倍|股|份|项|篇|亿元)?"
)
_ZH_DIGIT = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def _zh_num(s: str) -> float:
    if re.fullmatch(r"[\d.,]+", s):
        return parse_num(s)
    total, cur = 0, 0
    for ch in s:
        if ch in _ZH_DIGIT:
            cur = _ZH_DIGIT[ch]
        elif ch in "十百千":
            total += (cur or 1) * {"十": 10, "百": 100, "千": 1000}[ch]
            cur = 0
    return float(total + cur)


def zh_figures(text: str, ex: list[tuple[int, int]]) -> list[Figure]:
    """Figures of the Chinese rules in ``text``, skipping the spans ``ex``, in text order."""
    out: list[Figure] = []
    for m in _ZH_FIG.finditer(text):
        s, e = m.start(), m.end()
        if any(s < b and a < e for a, b in ex):
            continue
        if re.match(r"^(?:年|月|日|号|季度)", text[e : e + 2]) and not m.group("unit"):
            continue
        if not (m.group("scale") or m.group("pct") or m.group("unit")):
            continue
        value = _zh_num(m.group("num"))
        if value <= 1 and not m.group("scale") and not m.group("num")[:1].isdigit():
            continue  # 一位 / 一家: "a", not a figure
        if m.group("scale"):
            value *= SCALE[m.group("scale")]
        unit_raw = m.group("unit")
        if unit_raw == "亿元":
            value *= 1e8
            unit_raw = "元"
        if m.group("pct"):
            unit, kind = "%", "percent"
        elif unit_raw in CUR_SUFFIX:
            unit, kind = CUR_SUFFIX[unit_raw], "money"
        else:
            unit, kind = unit_raw, "count"
        if unit_raw == "年" and not m.group("scale"):
            continue
        approx, direction, change = approx_dir(text, s, e)
        after = text[e : e + 3]
        if approx is None and re.match(r"^(?:多|余|以上)", after):
            approx = ">"
        elif approx is None and after.startswith("左右"):
            approx = "~"
        out.append(Figure(s, e, text[s:e], value, unit, kind, approx, direction, change))
    return out
