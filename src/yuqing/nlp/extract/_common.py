"""What the English and the Chinese rules share: the types they produce (:class:`DateMention`, :class:`Figure`,
:class:`Quote`) and the helpers both use (date arithmetic, the approximation and direction words around a number,
quotation spans). Nothing here is specific to one language's rules, and nothing here imports them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal, Protocol

# ---------------------------------------------------------------------------------------------------- dates

Precision = Literal["day", "week", "month", "quarter", "half", "year"]


@dataclass(frozen=True)
class DateMention:
    """A date expression: ``value`` is the normalised ISO string ("2025-03-29", "2025-03", "2025-Q1", "2025",
    or "--11-16" when the year is unknown); ``start_date`` its first day (``None`` when the year is unknown);
    ``qualifier`` early | mid | late | end | start when the text narrows a month or year."""

    start: int
    end: int
    text: str
    value: str
    precision: Precision
    start_date: date | None
    qualifier: str | None = None
    relative: bool = False

    def to_dict(self) -> dict[str, object]:
        return {
            "date": self.value,
            "precision": self.precision,
            "text": self.text,
            "qualifier": self.qualifier,
            "span": [self.start, self.end],
        }


class MakeMention(Protocol):
    """Builds the :class:`DateMention` of one match from its resolved value (``None``: no mention)."""

    def __call__(
        self, val: tuple[str, date | None] | None, prec: Precision, qual: str | None = None, rel: bool = False
    ) -> DateMention | None: ...


def mention_maker(m: re.Match[str]) -> MakeMention:
    """The :class:`MakeMention` of match ``m`` (its offsets and text)."""
    text, s, e = m.group(), m.start(), m.end()

    def mk(
        val: tuple[str, date | None] | None, prec: Precision, qual: str | None = None, rel: bool = False
    ) -> DateMention | None:
        if val is None:
            return None
        return DateMention(s, e, text, val[0], prec, val[1], qual, rel)

    return mk


def month_value(y: int | None, m: int) -> tuple[str, date | None]:
    return (f"{y:04d}-{m:02d}", date(y, m, 1)) if y else (f"--{m:02d}", None)


def day_value(y: int | None, m: int, d: int) -> tuple[str, date | None] | None:
    try:
        probe = date(y or 2000, m, d)
    except ValueError:
        return None
    return (probe.isoformat(), probe) if y else (f"--{m:02d}-{d:02d}", None)


def infer_year(m: int, d: int, pub: date | None, future: bool) -> int | None:
    if pub is None:
        return None
    y = pub.year
    try:
        cand = date(y, m, min(d, 28))
    except ValueError:
        return y
    if future:
        return y if cand >= pub - timedelta(days=31) else y + 1
    return y - 1 if cand > pub + timedelta(days=7) else y


def rel_year(word: str | None, pub: date | None) -> int | None:
    if not word or pub is None:
        return None
    return pub.year + {"this": 0, "last": -1, "next": 1, "今": 0, "去": -1, "前": -2, "明": 1}[word.lower()]


def ymd(d: date) -> tuple[int, int, int]:
    return d.year, d.month, d.day


def rel_unit(kind: str, g: dict[str, str | None], pub: date | None, mk: MakeMention) -> DateMention | None:
    if pub is None:
        return None
    unit = (g.get("unit") or "").lower()
    rel = (g.get("rel") or "this").lower()
    off = {"last": -1, "past": -1, "this": 0, "next": 1, "earlier": 0, "later": 0}[rel]
    qual = {"earlier": "early", "later": "late"}.get(rel)
    if unit in ("week", "weekend"):
        wk = pub - timedelta(days=pub.weekday()) + timedelta(weeks=off)
        if unit == "weekend" or kind == "weekend":
            sat = wk + timedelta(days=5)
            if kind == "weekend" and sat > pub:
                sat -= timedelta(weeks=1)
            return mk((sat.isoformat(), sat), "week", "weekend", True)
        return mk((wk.isoformat(), wk), "week", qual, True)
    if unit == "month":
        y, mo = divmod(pub.year * 12 + pub.month - 1 + off, 12)
        return mk(month_value(y, mo + 1), "month", qual, True)
    if unit == "quarter":
        q0 = (pub.month - 1) // 3 + off
        y, q = pub.year + q0 // 4, q0 % 4 + 1
        return mk((f"{y:04d}-Q{q}", date(y, 3 * q - 2, 1)), "quarter", qual, True)
    y = pub.year + off
    return mk((f"{y:04d}", date(y, 1, 1)), "year", qual, True)


# -------------------------------------------------------------------------------------------------- figures

SCALE = {"trillion": 1e12, "billion": 1e9, "million": 1e6, "thousand": 1e3, "hundred": 1e2, "bn": 1e9,
         "mn": 1e6, "m": 1e6, "k": 1e3, "b": 1e9, "tn": 1e12, "万亿": 1e12, "亿": 1e8, "万": 1e4, "千": 1e3,
         "百": 1e2}  # fmt: skip
CUR_SUFFIX = {"yuan": "CNY", "renminbi": "CNY", "hong kong dollars": "HKD", "us dollars": "USD", "dollars": "USD",
              "hkd": "HKD", "rmb": "CNY", "usd": "USD", "euros": "EUR", "pounds": "GBP", "yen": "JPY",
              "元": "CNY", "人民币": "CNY", "港元": "HKD", "港币": "HKD", "美元": "USD", "欧元": "EUR",
              "日元": "JPY"}  # fmt: skip
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


def parse_num(s: str) -> float:
    return float(s.replace(",", ""))


def _left_ctx(text: str, start: int, n: int = 60) -> str:
    left = text[max(0, start - n) : start]
    cut = max(left.rfind(c) for c in ".;:!?。；，\n")
    return left[cut + 1 :] if cut >= 0 else left


def approx_dir(text: str, start: int, end: int) -> tuple[str | None, str | None, bool]:
    """(approximation ~ > < or None, direction up/down or None, whether it is a change) of the number at
    ``text[start:end]``, from the words before it in its clause (English and Chinese cue words alike)."""
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


# --------------------------------------------------------------------------------------------------- quotes

QuoteKind = Literal["direct", "reported"]


@dataclass(frozen=True)
class Quote:
    """One attributed statement. Offsets index the text given to :func:`extract_quotes`.

    ``speaker`` is the resolved name (``None`` when no speaker was found); ``speaker_mention`` the words
    that name the speaker in the text ("he", "Lei"); ``text`` the quoted or reported words without
    quotation marks; ``start``/``end`` their offsets; ``cue`` the speech verb; ``sentence`` the sentence
    (or paragraph piece) it came from, with ``sentence_start`` its offset.
    """

    speaker: str | None
    text: str
    kind: QuoteKind
    start: int
    end: int
    speaker_mention: str | None = None
    speaker_start: int | None = None
    cue: str | None = None
    sentence: str = ""
    sentence_start: int = 0

    def to_dict(self) -> dict[str, object]:
        return {
            "speaker": self.speaker,
            "text": self.text,
            "kind": self.kind,
            "speaker_mention": self.speaker_mention,
            "cue": self.cue,
            "span": [self.start, self.end],
            "source": self.sentence,
        }


# quotation spans: “…”, "…", 「…」, 『…』; ‘…’ only when it cannot be an apostrophe
_QUOTE = re.compile(
    r"“(?P<a>[^“”]{1,3000}?)”|\"(?P<b>[^\"\n]{1,3000}?)\"|「(?P<c>[^「」]{1,3000}?)」|『(?P<d>[^『』]{1,3000}?)』"
    r"|(?<![\w])‘(?P<e>[^‘’\n]{2,3000}?)’(?![\w])"
)


def quote_spans(text: str) -> list[tuple[int, int, int, int]]:
    """(outer start, outer end, inner start, inner end) of every quotation."""
    spans = []
    for m in _QUOTE.finditer(text):
        g = next(k for k in "abcde" if m.group(k) is not None)
        spans.append((m.start(), m.end(), m.start(g), m.end(g)))
    return spans


def trim(text: str, s: int, e: int) -> tuple[int, int]:
    """``(s, e)`` without the whitespace around it (and a trailing comma)."""
    while s < e and text[s] in " \t\n":
        s += 1
    while e > s and text[e - 1] in " \t\n,":
        e -= 1
    return s, e
