"""Figures: numbers with their scale, unit or currency, approximation, direction, entity, metric and date.

"43.791 million" → 43_791_000; "HK$500 billion" → 5e11 HKD; "11.7万辆" → 117_000 辆; "RMB 700 million";
"down over 30%" → 30 % (direction down, approx ">"); "nearly three years" → 3 years (approx "~").
Years, dates, times and numbers glued to letters ("SU7") are not figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from yuqing.nlp.extract._text import guess_lang, words

_SCALE = {"trillion": 1e12, "billion": 1e9, "million": 1e6, "thousand": 1e3, "hundred": 1e2, "bn": 1e9,
          "mn": 1e6, "m": 1e6, "k": 1e3, "b": 1e9, "tn": 1e12, "万亿": 1e12, "亿": 1e8, "万": 1e4, "千": 1e3,
          "百": 1e2}  # fmt: skip
_CUR_PREFIX = {"hk$": "HKD", "us$": "USD", "s$": "SGD", "a$": "AUD", "c$": "CAD", "nt$": "TWD", "$": "USD",
               "€": "EUR", "£": "GBP", "¥": "CNY", "rmb": "CNY", "cny": "CNY", "usd": "USD", "hkd": "HKD",
               "eur": "EUR", "gbp": "GBP", "jpy": "JPY", "yuan": "CNY", "rm": "MYR", "rs": "INR", "rs.": "INR",
               "r$": "BRL", "₹": "INR", "₩": "KRW", "nz$": "NZD", "$us": "USD", "$a": "AUD", "chf": "CHF"}  # fmt: skip
_CUR_SUFFIX = {"yuan": "CNY", "renminbi": "CNY", "hong kong dollars": "HKD", "us dollars": "USD", "dollars": "USD",
               "hkd": "HKD", "rmb": "CNY", "usd": "USD", "euros": "EUR", "pounds": "GBP", "yen": "JPY",
               "元": "CNY", "人民币": "CNY", "港元": "HKD", "港币": "HKD", "美元": "USD", "欧元": "EUR",
               "日元": "JPY"}  # fmt: skip
_WORDNUM = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
            "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
            "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
            "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
            "dozen": 12, "one": 1, "a": 1, "half": 0.5}  # fmt: skip
_NUM = r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
_WNUM = r"(?P<wnum>(?i:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen"
_WNUM += r"|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|a dozen|dozen))"
_CURP = r"(?P<curp>HK\$|US\$|NZ\$|S\$|A\$|C\$|NT\$|R\$|\$US|\$A|\$|€|£|¥|₹|₩|RMB|CNY|USD|HKD|EUR|GBP|JPY|CHF|RM|Rs\.?)"
_SCL = r"(?P<scale>hundred(?:[ \t]+(?:thousand|million|billion))?|trillion|billion|million|thousand|bn|mn|tn|[mkb](?![\w/]))"
# a unit or scale glued to the number: 120Hz, 64GB, 50mph, 4.3M
_GLUED = r"(?P<gu>[kMG]Hz|Hz|GB|TB|MB|mAh|kWh|kW|MW|GW|mph|km/h|kmh|km|kg|mm|cm|ft|lbs|lb|M|B|K)(?![\w/])"
_PCT = r"(?P<pct>%|[ \t]?percentage points?|[ \t]?per[ \t]?cent\b|[ \t]?pct\b|[ \t]?basis points|[ \t]?pp\b)"
_EN_FIG = re.compile(
    r"(?<![\w.$/:])(?<![A-Za-z.$/:-]-)(?<!^-)(?<![\s(]-)(?:"
    + _CURP
    + r"[ \t]?)?(?:"
    + _NUM
    + r"|"
    + _WNUM
    + r"(?=[ \t-]))"
    r"(?:"
    + _GLUED
    + r"|(?:-|[ \t]?)(?:(?:"
    + _SCL
    + r")(?![\w]))?"
    + r"(?:"
    + _PCT
    + r")?)(?![\w/:]|\.\d|,\d{3})"
)
_APPROX = [
    (
        re.compile(
            r"\b(?:more than|over|above|at least|upwards of|exceeding|in excess of|no less than)[ \t]+$", re.I
        ),
        ">",
    ),
    (re.compile(r"\b(?:less than|under|below|fewer than|up to|at most|no more than)[ \t]+$", re.I), "<"),
    (
        re.compile(
            r"\b(?:about|around|approximately|roughly|nearly|almost|some|close to|an estimated|circa|~)[ \t]*$",
            re.I,
        ),
        "~",
    ),
    (re.compile(r"(?:超过|逾|超|多于|以上)$"), ">"),
    (re.compile(r"(?:近|约|大约|将近|接近|左右)$"), "~"),
]
_DOWN = re.compile(
    r"\b(?:down|fell|fall|falls|falling|dropped|drop|drops|dropping|declined|decline|declines|"
    r"decreased|decrease|lost|lose|loses|losing|slid|slumped|plunged|plunge|tumbled|sank|shed|cut|"
    r"lower|shrank|contracted|loss|losses|slump|plummeted|fallen|dipped|dips|eased|slipped|retreated|sheds|"
    r"erased|wiped|cuts|reduced|halved)\b|下跌|下降|减少|跌|降|流失|缩水|蒸发|掉粉",
    re.I,
)
_UP = re.compile(
    r"\b(?:up|rose|rise|rises|rising|gained|gain|gains|increased|increase|increases|grew|grow|growth|"
    r"jumped|jump|surged|surge|soared|climbed|climb|raised|higher|added|adding|rallied|boosted|risen|rebounded|"
    r"advanced|spiked|doubled|tripled|expanded)\b"
    r"|上涨|增长|增加|涨|升|上升|提升|新增|暴涨",
    re.I,
)
_UNIT_STOP = words(
    "and or of to in on the a an from with per than for at by is was were are be been has have had will "
    "would can could should may might as that this these those it its their his her he she they we i you "
    "which who what when where while but if so not no yes more less over under about around nearly almost "
    "up down each every all some any into onto since until after before during between among against s next "
    "last earlier later ago too yet just only also"
)
_EN_UNITS = re.compile(
    r"^[ \t]*(?P<u>km/h|mph|km|kilometers|kilometres|miles|mile|kg|kWh|kW|GW|MW|mAh|GB|TB|"
    r"meters|metres|m|cm|mm|tons|tonnes|seconds|minutes|hours|days|weeks|months|years|year|"
    r"day|week|month|hour|minute|second)\b"
)


@dataclass(frozen=True)
class Figure:
    """A number found in text. ``value`` is the full number (scale applied); ``unit`` the currency code, "%",
    or the counted noun; ``approx`` = ~ > < or None; ``direction`` up | down | None; ``change`` is True when
    the number is a change ("down 30%", "lost 740,000") rather than a level ("dropping to 43.791 million")."""

    start: int
    end: int
    text: str
    value: float
    unit: str | None
    kind: str  # money | percent | count | quantity
    approx: str | None = None
    direction: str | None = None
    change: bool = False
    entity: str | None = None
    metric: str | None = None
    date: str | None = None
    date_precision: str | None = None
    sentence: str = ""
    extra: dict[str, str] = field(default_factory=dict)
    high: float | None = None  # the high end of a range ("15-22 mph")

    def to_dict(self) -> dict[str, object]:
        return {
            "entity": self.entity,
            "metric": self.metric,
            "value": self.value,
            "high": self.high,
            "unit": self.unit,
            "date": self.date,
            "precision": self.date_precision,
            "kind": self.kind,
            "approx": self.approx,
            "direction": self.direction,
            "change": self.change,
            "text": self.text,
            "span": [self.start, self.end],
            "source": self.sentence,
        }


def _num(s: str) -> float:
    return float(s.replace(",", ""))


def extract_figures(
    text: str, lang: str | None = None, *, exclude: list[tuple[int, int]] | None = None
) -> list[Figure]:
    """Numbers in ``text`` with unit, approximation and direction (entity/metric/date are filled by the pipeline).

    ``exclude`` lists spans (dates found by :func:`~yuqing.nlp.extract._dates.extract_dates`) to skip.
    """
    lang = lang or guess_lang(text)
    ex = exclude or []
    out: list[Figure] = []
    if lang == "zh":
        from yuqing.nlp.extract._figures_zh import zh_figures

        out.extend(zh_figures(text, ex))
    out.extend(f for f in _en(text, ex) if not any(f.start < o.end and o.start < f.end for o in out))
    out.sort(key=lambda f: f.start)
    return _ranges(text, out)


_SCALED = re.compile(r"\d[ \t]*(?:hundred|thousand|million|billion|trillion|bn|mn|tn|[mkMBK]\b)|[万亿]")
_RANGE_SEP = re.compile(r"^[ \t]*(?P<sep>-|–|—|to|and|or)[ \t]*$")


def _ranges(text: str, figs: list[Figure]) -> list[Figure]:
    """Join "15-22 mph", "1 to 1.5 degrees", "between 5% and 6%" into one figure (``value`` the low end,
    ``high`` the high end). "from 208 to 193" stays two figures: a change, not a range."""
    out: list[Figure] = []
    i = 0
    while i < len(figs):
        f = figs[i]
        if i + 1 < len(figs):
            g = figs[i + 1]
            sep = _RANGE_SEP.match(text[f.end : g.start])
            left = text[max(0, f.start - 12) : f.start]
            ok = sep is not None and (f.unit is None or f.unit == g.unit) and f.kind in (g.kind, "count")
            if ok and sep is not None:
                w = sep.group("sep")
                if w in ("and", "or"):
                    ok = bool(re.search(r"\bbetween[ \t]+(?:\S+[ \t]+)?$", left, re.I))
                elif w == "to":
                    ok = not re.search(r"\bfrom[ \t]+$", left, re.I) and f.direction is None
            if ok:
                low = f.value
                raw = re.search(r"\d[\d,]*(?:\.\d+)?", g.text)
                if raw and _SCALED.search(g.text) and not _SCALED.search(f.text) and _num(raw.group()):
                    low = (
                        f.value * g.value / _num(raw.group())
                    )  # "1 to 2 thousand": the scale applies to both
                out.append(
                    replace(
                        f,
                        end=g.end,
                        text=text[f.start : g.end],
                        value=low,
                        unit=g.unit,
                        kind=g.kind,
                        high=g.value,
                    )
                )
                i += 2
                continue
        out.append(f)
        i += 1
    return out


def _left_ctx(text: str, start: int, n: int = 60) -> str:
    left = text[max(0, start - n) : start]
    cut = max(left.rfind(c) for c in ".;:!?。；，\n")
    return left[cut + 1 :] if cut >= 0 else left


def _approx_dir(text: str, start: int, end: int) -> tuple[str | None, str | None, bool]:
    left = _left_ctx(text, start)
    approx = next((sym for pat, sym in _APPROX if pat.search(left)), None)
    words = left.split()[-4:]
    near = " ".join(words)
    right = text[end : end + 12]
    direction = None
    d_m, u_m = _DOWN.search(near), _UP.search(near)
    if d_m and (not u_m or d_m.start() > u_m.start()):
        direction = "down"
    elif u_m:
        direction = "up"
    level = (
        bool(
            re.search(
                r"\b(?:to|at|of)[ \t]*(?:over|about|around|nearly|more than|less than|almost)?[ \t]*$",
                left,
                re.I,
            )
        )
        or "至" in left[-3:]
        or "到" in left[-3:]
    )
    if direction is None and re.match(r"^[ \t]*(?:higher|lower)\b", right):
        direction = "up" if "higher" in right else "down"
    return approx, direction, direction is not None and not level


def _en(text: str, ex: list[tuple[int, int]]) -> list[Figure]:
    out: list[Figure] = []
    for m in _EN_FIG.finditer(text):
        s, e = m.start(), m.end()
        while e > s and text[e - 1] in " \t-":
            e -= 1
        if any(s < b and a < e for a, b in ex) or (m.group("num") is None and m.group("wnum") is None):
            continue
        g = m.groupdict()
        if g["num"]:
            value = _num(g["num"])
            if re.match(r"^(?:st|nd|rd|th)\b", text[m.end() : m.end() + 3]):
                continue
        else:
            value = float(_WORDNUM[(g["wnum"] or "").lower().replace("a ", "")])
        unit: str | None = None
        kind = "count"
        scale = g.get("scale")
        gu = g.get("gu")
        if gu in ("M", "B", "K"):
            value *= _SCALE[gu.lower()]  # 4.3M, 2B, 50K
            gu = None
        elif scale:
            sc = scale.lower()
            if sc == "m" and not g.get("curp") and text[m.start("scale") - 1].isdigit():
                unit, kind = "m", "quantity"  # 37m: metres
            elif sc in ("m", "b", "k") and not g.get("curp"):
                continue
            else:
                for w in sc.split():
                    value *= _SCALE[w]
        rest = text[e : e + 60].split("\n")[0]
        if gu:
            unit, kind = gu, "quantity"
        elif unit is not None:
            pass
        elif g.get("pct"):
            unit, kind = ("pp" if "point" in g["pct"] or "pp" in g["pct"] else "%"), "percent"
        elif g.get("curp"):
            unit, kind = _CUR_PREFIX[g["curp"].lower()], "money"
        else:
            suf = re.match(
                r"^[ \t]*(?P<c>Hong Kong dollars|US dollars|yuan|renminbi|dollars|euros|pounds|yen|HKD|RMB|USD)\b",
                rest,
                re.I,
            )
            if suf:
                unit, kind = _CUR_SUFFIX[suf.group("c").lower()], "money"
                e += suf.end()
                rest = text[e : e + 60]
        if unit is None:
            unit, kind = _unit_after(rest)
            if g.get("wnum") and unit is None:
                continue  # "two" alone is not a figure
            if unit is None and not scale and _MODEL.search(text[max(0, s - 30) : s]):
                continue  # a model or item number: iPhone 11, Boeing 787, Unit 3
        elif kind == "money":
            per = re.match(r"^[ \t]*(?:per|a)[ \t]+(share|unit|month|year|car|vehicle)\b", rest)
            if per:
                unit = f"{unit}/{per.group(1)}"
        if (
            g["num"]
            and unit is None
            and 1900 <= value <= 2100
            and "." not in g["num"]
            and "," not in g["num"]
        ):
            continue  # bare year-like number
        approx, direction, change = _approx_dir(text, s, e)
        out.append(Figure(s, e, text[s:e], value, unit, kind, approx, direction, change))
    return out


_MODEL = re.compile(
    r"(?:^|[\s(])(?!(?:In|At|On|By|To|Of|About|Over|Nearly|Almost|From|The|With|And|Or|For|Than|Until|Since|Around"
    r"|Some|All|Top|Just|Only|Up|Down|Under|Between|After|Before|During|Last|Next|This|That|These|Those|Its|Their"
    r"|His|Her|Our|My|Your|But|If|When|While|As|Of|Is|Was|Were|Are)[ \t]+$)(?:[A-Z][\w-]*|[a-z]+[A-Z][\w-]*|No\.|#)"
    r"[ \t]*$"
)


def _unit_after(rest: str) -> tuple[str | None, str]:
    u = _EN_UNITS.match(rest)
    if u:
        return u.group("u"), "quantity"
    toks = re.findall(r"[\w’'+-]+|[^\w\s]", rest)[:5]
    for i, t in enumerate(toks):
        if not re.fullmatch(r"[\w’'-]+", t) or t.lower() in _UNIT_STOP or t.isdigit():
            return None, "count"
        if t[:1].isupper() or any(ch.isdigit() for ch in t):
            continue  # a name before the counted noun: "117,000 Xiaomi SU7 vehicles"
        if i > 0 and toks[i - 1][:1].isupper() and not re.fullmatch(r"[a-z][\w-]*", t):
            return None, "count"
        return _compound(t.strip("-"), toks[i + 1 :]), "count"
    return None, "count"


_PLURALS = {"people", "children", "men", "women", "staff", "police", "personnel", "cattle"}


def _compound(t: str, nxt: list[str]) -> str:
    """The counted noun: "smartphone manufacturers", "electric vehicles"; "technology and auto companies" →
    "companies" (a list of modifiers before one plural noun)."""
    words = [w for w in nxt[:4]]
    if t in _PLURALS:
        return t
    if words and words[0] in ("and", "or") and not t.endswith("s"):
        for k in range(1, min(3, len(words))):
            w = words[k]
            if not re.fullmatch(r"[a-z][\w-]*", w) or w in _UNIT_STOP or w.endswith("ed"):
                break
            if w.endswith("s") and len(w) > 3:
                return w
        return t
    if (
        words
        and not t.endswith("s")
        and re.fullmatch(r"[a-z][\w-]*s", words[0])
        and words[0] not in _UNIT_STOP
        and len(words[0]) > 3
    ):
        return f"{t} {words[0]}"
    return t
