"""Text units for quote matching: language guess, alignment units with their character spans, BM25 tokens,
sentences and clauses, numbers and negation cues. Chinese is handled per character for alignment and with jieba
for retrieval; English (and other space-separated scripts) per lower-cased word."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from yuqing.nlp._text import CJK_RANGES as _CJK
from yuqing.nlp._text import guess_lang
from yuqing.nlp._text import sentences as _sentences
from yuqing.nlp._text import words as word_set

_UNIT_RE = re.compile(rf"[{_CJK}]|[0-9]+(?:[.,][0-9]+)*%?|[^\W\d_{_CJK}]+(?:['\u2019][^\W\d_]+)?", re.UNICODE)
_CLAUSE_SPLIT = re.compile(r"[，,。！？!?；;：:、\n—–]+|\s-\s")
_WORD_RE = re.compile(r"[0-9]+(?:[.,][0-9]+)*%?|[^\W\d_]+(?:['\u2019][^\W\d_]+)?", re.UNICODE)
_CN_NUM = re.compile(r"(?<![0-9.零一二两三四五六七八九十百千万亿])(?!一[个辆位次种件家款名台])[零一二两三四五六七八九十百千万亿]*[零二两三四五六七八九十一][零一二两三四五六七八九十百千万亿]*(?=[个年月日天位次倍%％元万亿辆台款名家公里小时分钟秒])")


_STOP_EN = word_set(
    "a an the of to in on at for and or is are was were be been it its this that with as by from he she they we "
    "i you his her their our my your us them do does did has have had will would can could should so if but"
)
NEGATIONS_ZH = ("没有", "不是", "不会", "不能", "不要", "并非", "绝不", "从不", "不", "没", "无", "非", "未", "别", "勿", "莫")
NEGATIONS_EN = word_set(
    "not no never none nobody nothing neither nor without cannot can't don't doesn't didn't won't isn't aren't "
    "wasn't weren't shouldn't wouldn't couldn't hasn't haven't hadn't n't"
)
QUALIFIERS_ZH = ("但", "但是", "然而", "不过", "前提", "基础", "如果", "只要", "只有", "除非", "首先", "而且", "并且",
                 "同时", "当然", "否则", "虽然", "尽管", "安全")
QUALIFIERS_EN = word_set(
    "but however although though unless if only provided prerequisite foundation first while whereas yet "
    "except safety also"
)


def normalize(text: str) -> str:
    """NFKC, curly quotes to straight, whitespace collapsed."""
    t = unicodedata.normalize("NFKC", text)
    t = t.replace("\u2018", "'").replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", " ", t).strip()


def lang_of(text: str) -> str:
    """``zh`` when at least a fifth of the letters are CJK, else ``en`` (any space-separated script): the shared
    :func:`yuqing.nlp._text.guess_lang` counting every letter."""
    return guess_lang(text, letters="all")


@dataclass(frozen=True)
class Unit:
    """One alignment unit (a CJK character or a lower-cased word/number) and its span in the original text."""

    norm: str
    start: int
    end: int


def units(text: str) -> list[Unit]:
    """Alignment units of ``text``; spans index into ``text`` itself (NFKC is applied per match)."""
    out: list[Unit] = []
    for m in _UNIT_RE.finditer(text):
        n = unicodedata.normalize("NFKC", m.group(0)).lower().replace("\u2019", "'").replace(",", "")
        if n.endswith("'s") and len(n) > 3:  # possessive: "car's" matches "car"
            n = n[:-2]
        out.append(Unit(n, m.start(), m.end()))
    return out


@lru_cache(maxsize=1)
def _jieba() -> object:
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def tokens(text: str) -> list[str]:
    """Retrieval tokens: jieba words for CJK runs, lower-cased non-stopword words elsewhere."""
    t = unicodedata.normalize("NFKC", text).lower()
    out: list[str] = []
    for m in re.finditer(rf"[{_CJK}]+|[^{_CJK}]+", t):
        chunk = m.group(0)
        if re.match(rf"[{_CJK}]", chunk):
            jieba = _jieba()
            out.extend(w for w in jieba.lcut(chunk) if w.strip())  # type: ignore[attr-defined]
        else:
            out.extend(w.replace(",", "") for w in _WORD_RE.findall(chunk) if w not in _STOP_EN)
    return out


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) in ``text``, Chinese and English alike; English full stops split only before a
    space (the shared :func:`yuqing.nlp._text.sentences` with ``mixed=True``)."""
    return [(s.start, s.end) for s in _sentences(text, mixed=True)]


def clauses(text: str) -> list[str]:
    """Clauses split at commas, stops, semicolons and dashes; empty pieces dropped."""
    return [c.strip() for c in _CLAUSE_SPLIT.split(text) if c and c.strip() and _UNIT_RE.search(c)]


_NUM_RE = re.compile(
    r"(?<![A-Za-z0-9.])([0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?)\s*(%|％|万亿|亿|万|千|百万|"
    r"trillion\b|billion\b|million\b|thousand\b|bn\b|k\b|m\b)?",
    re.I,
)
_SCALE = {"万亿": 1e12, "亿": 1e8, "百万": 1e6, "万": 1e4, "千": 1e3, "trillion": 1e12, "billion": 1e9, "bn": 1e9,
          "million": 1e6, "m": 1e6, "thousand": 1e3, "k": 1e3}
_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def _cn_value(s: str) -> str:
    if len(s) == 1 and s in _CN_DIGITS:
        return str(_CN_DIGITS[s])
    if s == "十":
        return "10"
    return s


def numbers(text: str) -> set[str]:
    """Numbers as canonical values ("21.59万" and "215,900" both give "215900"; percentages keep "%").

    Digits inside names (SU7, iPhone 15 is kept: only digits glued to letters are skipped) and Chinese numerals
    followed by a measure word are included."""
    t = unicodedata.normalize("NFKC", text)
    out: set[str] = set()
    for m in _NUM_RE.finditer(t):
        v = float(m.group(1).replace(",", ""))
        unit = (m.group(2) or "").lower()
        if unit in ("%", "％"):
            out.add(f"{v:g}%")
            continue
        v *= _SCALE.get(unit, 1.0)
        out.add(f"{round(v, 6):.12g}")
    out |= {_cn_value(x) for x in _CN_NUM.findall(re.sub("十分(?!钟)|万分|百分之百", " ", t))}
    return out


# words that contain a negation character without negating anything
NOT_NEGATIONS_ZH = ("非常", "非凡", "除非", "特别", "区别", "分别", "别人", "别的", "级别", "性别", "告别", "无论", "无限",
                    "无数", "无比", "未来", "莫名", "不仅", "不但", "不断", "不错", "不少", "不过", "不久", "不管")


def negation_count(text: str) -> int:
    t = unicodedata.normalize("NFKC", text).lower().replace("\u2019", "'")
    if lang_of(t) == "zh":
        n = 0
        rest = t
        for w in NOT_NEGATIONS_ZH:
            rest = rest.replace(w, " ")
        for w in NEGATIONS_ZH:  # longest first: count each occurrence once
            n += rest.count(w)
            rest = rest.replace(w, " ")
        return n
    words = re.findall(r"[a-z]+(?:'[a-z]+)?", t)
    return sum(1 for w in words if w in NEGATIONS_EN or w.endswith("n't"))


def has_qualifier(text: str) -> bool:
    t = unicodedata.normalize("NFKC", text).lower()
    if lang_of(t) == "zh":
        return any(q in t for q in QUALIFIERS_ZH) or negation_count(t) > 0
    words = set(re.findall(r"[a-z]+", t))
    return bool(words & QUALIFIERS_EN) or negation_count(t) > 0
