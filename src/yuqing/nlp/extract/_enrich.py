"""Context for figures and events: which entity a number is about, what it measures, and which date it refers to.

Entity: the nearest kept name before the number in its sentence (platforms such as Weibo/Douyin and currency
codes are skipped: in "Lei Jun's Douyin account lost 740,000 followers" the figure is about Lei Jun), else a
name right after it, else the article's main organisation when the sentence says "the company" / "公司".
Metric, in order: "METRIC was/rose to/of NUM"; "NUM in|of METRIC"; the nearest metric word of a small lexicon
before the number in its clause (revenue, sales, deliveries, share price, ...); a verb right before the number
("delivered" → deliveries); the counted noun; for a percentage, the metric of the previous figure of the
sentence. Date: the date of the sentence nearest before the number; dates after "from/than/较" (a baseline)
and dates after the number come last.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from yuqing.nlp._text import Span
from yuqing.nlp.extract._common import DateMention, Figure
from yuqing.nlp.extract._entities import EntityIndex, Mention

KEEP_TYPES = ("person", "org", "product", "place")
#: names that are never the entity a figure or event is about
NOT_ENTITY = {
    "RMB", "HKD", "USD", "CNY", "EUR", "GBP", "JPY", "HK", "US", "CEO", "EV", "EVs", "AI", "Q1", "Q2", "Q3", "Q4",
    "SUV", "SUVs", "IPO", "GDP", "CFO", "CTO", "COO", "ADAS", "OTA", "NOA", "ETF", "FY", "H1", "H2", "YoY", "PR",
    "Weibo", "Douyin", "WeChat", "Twitter", "X", "TikTok", "Bilibili", "Toutiao", "Xiaohongshu", "Facebook",
    "Instagram", "YouTube", "微博", "抖音", "微信", "头条", "小红书", "B站",
}  # fmt: skip
_COMPANY_WORD = re.compile(
    r"\b(?:[Tt]he|[Ii]ts) (?:company|firm|group|carmaker|automaker|smartphone maker|tech giant|stock|shares)\b"
    r"|公司|该集团"
)

_METRIC_BEFORE = re.compile(
    r"(?<![\w’'])(?:(?:[A-Z][\w]*(?:[ \t]+[A-Z0-9][\w]*)*)[’']s[ \t]+)?(?:the[ \t]+|its[ \t]+|their[ \t]+|his[ \t]+|"
    r"her[ \t]+)?(?:latest[ \t]+|current[ \t]+|total[ \t]+)?(?P<metric>(?:[a-z][\w-]*[ \t]+){0,2}[a-z][\w-]*)[ \t]+"
    r"(?:was|is|were|are|stood at|reached|hit|rose to|fell to|dropped to|dropping to|climbed to|of|at|to|"
    r"totaled|totalled|came in at|amounted to|exceeded|topped)[ \t]+"
    r"(?:(?:more than|over|about|around|nearly|almost|roughly|approximately|just|only|some)[ \t]+)?$"
)
_METRIC_STOP = {
    "which",
    "that",
    "it",
    "and",
    "or",
    "with",
    "by",
    "per",
    "from",
    "as",
    "year",
    "on",
    "this",
    "last",
}
_METRIC_TRAIL = re.compile(
    r"(?:[ \t]+(?:dropping|falling|rising|climbing|reaching|standing|growing|down|up))+$"
)
_LEXICON = (
    r"net profit|net income|net loss|operating profit|gross margin|profit|revenues?|turnover|sales|deliveries|"
    r"shipments|orders|market value|market capitali[sz]ation|market cap|share price|stock price|shares|valuation|"
    r"followers|fans|subscribers|users|price|stock|earnings|losses|investment|funding|spending|budget|recall|output|"
    r"production|fine|compensation|dividend|debt|cash|r&d|research and development"
)
_LEX_RE = re.compile(r"\b(?:" + _LEXICON + r")\b", re.IGNORECASE)
_AFTER_METRIC = re.compile(r"^[ \t]+(?:in|of)[ \t]+(?P<m>" + _LEXICON + r")\b", re.IGNORECASE)
_VERB_METRIC = {
    "delivered": "deliveries", "delivers": "deliveries", "delivering": "deliveries", "sold": "sales",
    "sells": "sales", "selling": "sales", "shipped": "shipments", "ships": "shipments", "recalled": "recall",
    "recalling": "recall", "recalls": "recall", "invested": "investment", "invest": "investment",
    "spent": "spending", "earned": "earnings", "booked": "orders", "raised": "funding", "fined": "fine",
    "deliver": "deliveries", "sell": "sales", "ship": "shipments", "recall": "recall",
}  # fmt: skip
_VERB_RE = re.compile(r"\b(?P<v>" + "|".join(_VERB_METRIC) + r")\b(?:[ \t]+\S+){0,3}[ \t]*$", re.IGNORECASE)
_BASELINE = re.compile(
    r"(?:\b(?:from|than|compared with|compared to|versus|vs\.?|since)[ \t]+(?:the[ \t]+)?|较|比|从|自)$"
)
_ZH_TRAIL = re.compile(
    r"(?:下跌|下降|减少|上涨|增长|增加|提升|上升|流失|蒸发|降至|升至|达到|达|为|至|到|了|超过|超|约|近|逾|将近|接近|共|累计|同比|"
    r"环比|突破|报|录得|实现)+$"
)
_ZH_NOT_METRIC = {
    "增长", "下跌", "上涨", "下降", "减少", "增加", "突破", "达到", "超过", "同比", "环比", "累计", "宣布", "发布", "实现",
    "录得", "我们", "他们", "其中", "已经", "以上", "左右", "全年", "今年", "去年", "公司", "发布会", "流失", "蒸发", "已拨",
}  # fmt: skip


def keep(m: Mention, freq: Counter[str]) -> bool:
    """Typed names, and untyped names mentioned at least twice (or of several words); never NOT_ENTITY."""
    if m.name in NOT_ENTITY or m.text in NOT_ENTITY:
        return False
    return m.type in KEEP_TYPES or (len(m.name) > 2 and (freq[m.name] >= 2 or " " in m.name))


def main_org(ix: EntityIndex) -> str | None:
    orgs = Counter(m.name for m in ix.mentions if m.type == "org" and m.name not in NOT_ENTITY)
    return orgs.most_common(1)[0][0] if orgs else None


def sentence_of(sents: list[Span], pos: int) -> Span | None:
    return next((s for s in sents if s.start <= pos < s.end), None)


def names_in(ix: EntityIndex, s: Span) -> list[str]:
    """Kept names of a sentence in order; "the company" adds the article's main organisation."""
    freq = Counter(m.name for m in ix.mentions)
    names = list(
        dict.fromkeys(m.name for m in ix.mentions if s.start <= m.start and m.end <= s.end and keep(m, freq))
    )
    if _COMPANY_WORD.search(s.text) and not any(
        m.type == "org" and s.start <= m.start < s.end and keep(m, freq) for m in ix.mentions
    ):
        org = main_org(ix)
        if org and org not in names:
            names.append(org)
    return names


def _clean_metric(raw: str) -> str | None:
    if set(raw.split()) & _METRIC_STOP:
        return None
    raw = re.split(r"\b(?:the|a|an|its|their|his|her|was|is|were|are|has|had|have|been|be)[ \t]+", raw)[-1]
    raw = _METRIC_TRAIL.sub("", raw.strip())
    return raw or None


def _en_metric(text: str, f: Figure, left: str, date_spans: list[tuple[int, int]]) -> str | None:
    mm = _METRIC_BEFORE.search(left)
    if mm:
        ms = f.start - len(left) + mm.start("metric")
        me = f.start - len(left) + mm.end("metric")
        if not any(ms < b and a < me for a, b in date_spans):
            got = _clean_metric(mm.group("metric"))
            if got and not _LEX_RE.fullmatch(got) and _LEX_RE.search(got):
                got = _LEX_RE.findall(got)[-1]
            if got:
                return got.lower() if _LEX_RE.fullmatch(got) else got
    am = _AFTER_METRIC.match(text[f.end : f.end + 40])
    if am:
        return am.group("m").lower()
    clause = re.split(r"[,;:]", left)[-1]
    lex = list(_LEX_RE.finditer(clause))
    if lex:
        return lex[-1].group().lower()
    vm = _VERB_RE.search(left)
    if vm:
        return _VERB_METRIC[vm.group("v").lower()]
    return None


def _zh_metric(left: str) -> str | None:
    """The word naming what a Chinese number measures: 股价下跌4.5% → 股价, 宣布召回11.7万辆 → 召回."""
    import jieba

    clause = re.split(r"[，。；：,;:\s]", left)[-1]
    clause = re.sub(r"[\d.,%％]+[万亿千百]*[元辆台人%％]?", " ", clause)
    tail = _ZH_TRAIL.sub("", clause.strip())
    words = [w for w in jieba.lcut(tail[-10:]) if re.fullmatch(r"[\u4e00-\u9fff]{2,}", w)]
    words = [w for w in words if w not in _ZH_NOT_METRIC]
    return words[-1] if words else None


def _best_date(text: str, f: Figure, ds: list[DateMention]) -> DateMention | None:
    def cost(d: DateMention) -> tuple[bool, int]:
        base = d.start >= f.end and bool(_BASELINE.search(text[max(0, d.start - 20) : d.start]))
        base = base and not re.match(r"^[ \t]*(?:to|and|through|until|-|–)[ \t]", text[d.end : d.end + 10])
        dist = f.start - d.end if d.end <= f.start else 2 * (d.start - f.end) + 5
        return base, dist

    return min(ds, key=cost) if ds else None


def enrich_figures(
    text: str, figs: list[Figure], dates: list[DateMention], sents: list[Span], ix: EntityIndex, lang: str
) -> list[Figure]:
    """Figures with entity, metric, date and sentence filled in."""
    out: list[Figure] = []
    prev: Figure | None = None
    freq = Counter(m.name for m in ix.mentions)
    date_spans = [(d.start, d.end) for d in dates]
    for f in figs:
        s = sentence_of(sents, f.start)
        s0, s1 = (s.start, s.end) if s else (f.start, f.end)
        sent_text = s.text if s else ""
        before = [m for m in ix.mentions if s0 <= m.start and m.end <= f.start and keep(m, freq)]
        after = [m for m in ix.mentions if f.end <= m.start and m.end <= s1 and keep(m, freq)]
        entity = (
            before[-1].name if before else (after[0].name if after and after[0].start - f.end < 30 else None)
        )
        if entity is None and _COMPANY_WORD.search(sent_text):
            entity = main_org(ix)
        if entity is None:  # "he shared 33 posts": the person the pronoun stands for
            pron = list(re.finditer(r"\b(?:[Hh]e|[Ss]he|[Hh]is|[Hh]er)\b|他|她", text[s0 : f.start]))
            if pron:
                who = ix.resolve(pron[-1].group(), s0 + pron[-1].start())
                entity = who if who.lower() != pron[-1].group().lower() else None
        left = text[s0 : f.start]
        same_sentence_prev = prev is not None and prev.sentence == sent_text and bool(sent_text)
        if lang == "zh":
            metric = _zh_metric(left) or _en_metric(text, f, left, date_spans)
            if same_sentence_prev and prev is not None and "较" in re.split(r"[，。；,;]", left)[-1]:
                metric = prev.metric or metric
        elif f.kind == "quantity" and f.unit:  # 116 km/h, 27 minutes: the unit says what it measures
            mm = _METRIC_BEFORE.search(left)
            metric = (_clean_metric(mm.group("metric")) if mm else None) or f.unit
            if metric and re.fullmatch(r"[a-z]+ing", metric):  # "was traveling at 116 km/h"
                metric = f.unit
        else:
            metric = _en_metric(text, f, left, date_spans)
        if metric is None and f.kind in ("count", "quantity") and f.unit:
            metric = f.unit
        if metric is None and same_sentence_prev and prev is not None and f.kind == "percent":
            metric = prev.metric
            entity = entity or prev.entity
        d_best = _best_date(text, f, [d for d in dates if s0 <= d.start < s1])
        nf = replace(
            f,
            entity=entity,
            metric=metric,
            date=d_best.value if d_best else None,
            date_precision=d_best.precision if d_best else None,
            sentence=sent_text,
        )
        out.append(nf)
        prev = nf
    return out
