"""English figures: "43.791 million" → 43_791_000; "HK$500 billion" → 5e11 HKD; "RMB 700 million"; "down over 30%"
→ 30 % (direction down, approx ">"); "nearly three years" → 3 years (approx "~"); the counted noun after a number
("117,000 Xiaomi SU7 vehicles"). Numbers glued to letters ("SU7") and model numbers ("iPhone 11") are not figures."""

from __future__ import annotations

import re

from yuqing.nlp._text import words
from yuqing.nlp.extract._common import CUR_SUFFIX, SCALE, Figure, approx_dir, parse_num

_CUR_PREFIX = {"hk$": "HKD", "us$": "USD", "s$": "SGD", "a$": "AUD", "c$": "CAD", "nt$": "TWD", "$": "USD",
               "€": "EUR", "£": "GBP", "¥": "CNY", "rmb": "CNY", "cny": "CNY", "usd": "USD", "hkd": "HKD",
               "eur": "EUR", "gbp": "GBP", "jpy": "JPY", "yuan": "CNY", "rm": "MYR", "rs": "INR", "rs.": "INR",
               "r$": "BRL", "₹": "INR", "₩": "KRW", "nz$": "NZD", "$us": "USD", "$a": "AUD", "chf": "CHF"}  # fmt: skip
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


def en_figures(text: str, ex: list[tuple[int, int]]) -> list[Figure]:
    """Figures of the English rules in ``text``, skipping the spans ``ex``, in text order."""
    out: list[Figure] = []
    for m in _EN_FIG.finditer(text):
        s, e = m.start(), m.end()
        while e > s and text[e - 1] in " \t-":
            e -= 1
        if any(s < b and a < e for a, b in ex) or (m.group("num") is None and m.group("wnum") is None):
            continue
        g = m.groupdict()
        if g["num"]:
            value = parse_num(g["num"])
            if re.match(r"^(?:st|nd|rd|th)\b", text[m.end() : m.end() + 3]):
                continue
        else:
            value = float(_WORDNUM[(g["wnum"] or "").lower().replace("a ", "")])
        unit: str | None = None
        kind = "count"
        scale = g.get("scale")
        gu = g.get("gu")
        if gu in ("M", "B", "K"):
            value *= SCALE[gu.lower()]  # 4.3M, 2B, 50K
            gu = None
        elif scale:
            sc = scale.lower()
            if sc == "m" and not g.get("curp") and text[m.start("scale") - 1].isdigit():
                unit, kind = "m", "quantity"  # 37m: metres
            elif sc in ("m", "b", "k") and not g.get("curp"):
                continue
            else:
                for w in sc.split():
                    value *= SCALE[w]
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
                unit, kind = CUR_SUFFIX[suf.group("c").lower()], "money"
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
        approx, direction, change = approx_dir(text, s, e)
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
