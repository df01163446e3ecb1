"""Chinese date expressions: "2025年3月29日", "3月29日", "去年", "上周", "本月", "第三季度", "年底", "周一"
(the rules and their resolution; the shared helpers are in :mod:`._common`, the English rules in
:mod:`._dates_en`)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from yuqing.nlp.extract._common import (
    DateMention,
    day_value,
    infer_year,
    mention_maker,
    month_value,
    rel_unit,
    rel_year,
    ymd,
)

_ZH_NUM = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
           "十一": 11, "十二": 12}  # fmt: skip
_ZM = r"(?P<m>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_ZD = r"(?P<day>3[01]|[12]\d|0?[1-9])"
_ZY = r"(?:(?P<year>(?:19|20)\d{2})年|(?P<ry>今|去|前|明)年)"
ZH_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("zh_ymd", re.compile(_ZY + r"?" + _ZM + r"月" + _ZD + r"[日号]")),
    ("zh_ym", re.compile(_ZY + r"?" + _ZM + r"月(?:份)?(?P<zq>初|上旬|中旬|下旬|底|末)?(?![\d日号])")),
    (
        "zh_q",
        re.compile(
            _ZY + r"?(?:第(?P<qz>[一二三四1-4])季度|(?<![第前])(?P<qz2>[一二三四])季度|Q(?P<qn>[1-4]))"
        ),
    ),
    ("zh_half", re.compile(_ZY + r"?(?P<zh>上|下)半年")),
    (
        "zh_y",
        re.compile(
            r"(?:(?P<year>(?:19|20)\d{2})年|(?P<ry>今|去|前|明)年)(?P<zq>初|底|末|年底|年末)?(?![\d一二三四五六七八九十]{1,2}月)"
        ),
    ),
    ("zh_yq", re.compile(r"(?P<zq>年底|年末|年初|年中)")),
    (
        "zh_rel",
        re.compile(
            r"(?P<zrel>昨天|昨日|今天|今日|前天|明天|上周|上星期|本周|这周|下周|上个?月|本月|这个月|下个?月|"
            r"近日|日前|周末|上周末)"
        ),
    ),
    ("zh_wd", re.compile(r"(?P<zpre>上|本|这|下)?(?:周|星期)(?P<zwd>[一二三四五六日天])")),
]


def _zm(v: str) -> int:
    return int(v) if v.isdigit() else _ZH_NUM[v]


#: the kinds of :data:`ZH_RULES`, which :func:`resolve_zh` resolves
ZH_KINDS = frozenset(kind for kind, _ in ZH_RULES)


def resolve_zh(kind: str, m: re.Match[str], pub: date | None, future: bool) -> DateMention | None:
    """The mention of match ``m`` of the Chinese rule ``kind`` (``None``: not a date after all)."""
    g: dict[str, str | None] = m.groupdict()
    mk = mention_maker(m)
    year = int(g["year"] or 0) if g.get("year") else rel_year(g.get("ry"), pub)
    zq = g.get("zq")
    qual = {
        "初": "early",
        "上旬": "early",
        "中旬": "mid",
        "下旬": "late",
        "底": "end",
        "末": "end",
        "年底": "end",
        "年末": "end",
    }.get(zq or "")
    if kind == "zh_ymd":
        mo, d = _zm(g["m"] or ""), int(g["day"] or 0)
        y = year or infer_year(mo, d, pub, future)
        return mk(day_value(y, mo, d), "day", None, year is None)
    if kind == "zh_ym":
        mo = _zm(g["m"] or "")
        y = year or infer_year(mo, 1, pub, future)
        return mk(month_value(y, mo), "month", qual, year is None)
    if kind == "zh_half":
        h = 1 if g.get("zh") == "上" else 2
        y = year or (pub.year if pub else None)
        if y is None:
            return mk((f"--H{h}", None), "half", None, True)
        return mk((f"{y:04d}-H{h}", date(y, 6 * h - 5, 1)), "half", None, year is None)
    if kind == "zh_q":
        q = int(g["qn"] or 1) if g.get("qn") else _zm(g.get("qz") or g.get("qz2") or "1")
        y = year or (pub.year if pub else None)
        if y is None:
            return mk((f"--Q{q}", None), "quarter", None, True)
        return mk((f"{y:04d}-Q{q}", date(y, 3 * q - 2, 1)), "quarter", None, True)
    if kind == "zh_yq":
        if pub is None:
            return None
        q2 = {"年底": "end", "年末": "end", "年初": "early", "年中": "mid"}[zq or "年底"]
        return mk((f"{pub.year:04d}", date(pub.year, 1, 1)), "year", q2, True)
    if kind == "zh_y":
        if year is None:
            return None
        return mk((f"{year:04d}", date(year, 1, 1)), "year", qual, g.get("ry") is not None)
    if pub is None:
        return None
    if kind == "zh_rel":
        r = g["zrel"] or ""
        days = {"昨天": -1, "昨日": -1, "今天": 0, "今日": 0, "前天": -2, "明天": 1}
        if r in days:
            return mk(day_value(*ymd(pub + timedelta(days=days[r]))), "day", None, True)
        if r in ("近日", "日前"):
            return None
        unit = "month" if "月" in r else ("weekend" if "周末" in r else "week")
        rel = "last" if r.startswith("上") else ("next" if r.startswith("下") else "this")
        return rel_unit("weekend" if r == "周末" else "rel", {"unit": unit, "rel": rel}, pub, mk)
    if kind == "zh_wd":
        wd = "一二三四五六日".index(g["zwd"] or "日") if g["zwd"] != "天" else 6
        pre = g.get("zpre")
        base = pub - timedelta(days=pub.weekday())
        base += timedelta(weeks={"上": -1, "下": 1}.get(pre or "", 0))
        wday = base + timedelta(days=wd)
        if pre is None and wday > pub and not future:
            wday -= timedelta(weeks=1)
        return mk(day_value(*ymd(wday)), "day", None, True)
    return None


__all__ = ["ZH_KINDS", "ZH_RULES", "resolve_zh"]
