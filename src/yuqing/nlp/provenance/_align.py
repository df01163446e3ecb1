"""Lexical alignment of a circulating claim with an original statement: which words of the claim occur in the
statement, in order (difflib over characters for Chinese, words for English), where in the statement, and what
changed in between (negation, numbers, other words)."""

from __future__ import annotations

import difflib
import itertools
from dataclasses import dataclass, field

from yuqing.nlp._text import words as word_set
from yuqing.nlp.provenance._text import Unit, has_qualifier, negation_count, numbers, units

STOPWORDS = _STOP = word_set("a an the of to in on at for and or is are was were be it this that with as by 的 了 是 在 和 也 就 都")
ANTONYMS = {
    frozenset(p)
    for p in (
        ("高", "低"), ("大", "小"), ("多", "少"), ("好", "坏"), ("增", "减"), ("涨", "跌"), ("上", "下"),
        ("首", "末"), ("最", "不"), ("先", "后"), ("赢", "输"), ("升", "降"), ("快", "慢"), ("安全", "危险"),
        ("first", "last"), ("more", "less"), ("most", "least"), ("increase", "decrease"), ("up", "down"),
        ("rise", "fall"), ("best", "worst"), ("safe", "unsafe"), ("always", "never"), ("high", "low"),
        ("higher", "lower"), ("win", "lose"), ("before", "after"), ("above", "below"), ("all", "none"),
    )
}


@dataclass
class Change:
    """A difference inside the matched region: ``kind`` is negation, number, antonym, word or omission."""

    kind: str
    claim: str
    original: str


@dataclass
class Alignment:
    claim_cov: float  # share of the claim's units found in the statement, in order
    stmt_cov: float  # share of the statement's units covered by the claim
    span: tuple[int, int] | None  # chars of the statement spanned by the matched region
    changes: list[Change] = field(default_factory=list)
    claim_mask: list[bool] = field(default_factory=list)
    stmt_mask: list[bool] = field(default_factory=list)  # statement units inside matched blocks
    omitted_before: str = ""
    omitted_after: str = ""

    @property
    def omission_has_qualifier(self) -> bool:
        return has_qualifier(self.omitted_before) or has_qualifier(self.omitted_after) or any(
            c.kind == "omission" and has_qualifier(c.original) for c in self.changes
        )


def _min_block(u: list[Unit], i: int, size: int) -> bool:
    """A block counts when it is long enough to be evidence: two units, or one non-stopword English word."""
    if size >= 2:
        return True
    w = u[i].norm
    return size == 1 and len(w) > 1 and w.isascii() and w not in _STOP


def _text_of(src: str, u: list[Unit], a: int, b: int) -> str:
    if a >= b:
        return ""
    return src[u[a].start : u[b - 1].end]


def classify_change(claim_part: str, orig_part: str) -> str:
    if not claim_part.strip() and len(units(orig_part)) > 3:  # a longer part left out is an omission
        return "omission"
    if negation_count(claim_part) != negation_count(orig_part):
        return "negation"
    if numbers(claim_part) != numbers(orig_part) and (numbers(claim_part) or numbers(orig_part)):
        return "number"
    c, o = claim_part.strip().lower(), orig_part.strip().lower()
    for pair in ANTONYMS:
        a, b = tuple(pair)
        if (a in c and b in o) or (b in c and a in o):
            return "antonym"
    if not claim_part.strip():
        return "omission"
    return "word"


def align(claim: str, statement: str) -> Alignment:
    cu, su = units(claim), units(statement)
    if not cu or not su:
        return Alignment(0.0, 0.0, None, claim_mask=[False] * len(cu))
    sm = difflib.SequenceMatcher(None, [u.norm for u in cu], [u.norm for u in su], autojunk=False)
    blocks = [b for b in sm.get_matching_blocks() if b.size and _min_block(cu, b.a, b.size)]
    mask = [False] * len(cu)
    smask = [False] * len(su)
    covered_s = 0
    for b in blocks:
        for j in range(b.a, b.a + b.size):
            mask[j] = True
        for j in range(b.b, b.b + b.size):
            smask[j] = True
        covered_s += b.size
    if not blocks:
        return Alignment(0.0, 0.0, None, claim_mask=mask)
    claim_cov = sum(mask) / len(cu)
    first, last = blocks[0], blocks[-1]
    span = (su[first.b].start, su[last.b + last.size - 1].end)
    changes: list[Change] = []
    for prev, nxt in itertools.pairwise(blocks):
        ca, cb = prev.a + prev.size, nxt.a
        sa, sb = prev.b + prev.size, nxt.b
        if ca == cb and sa == sb:
            continue
        c_txt, s_txt = _text_of(claim, cu, ca, cb), _text_of(statement, su, sa, sb)
        changes.append(Change(classify_change(c_txt, s_txt), c_txt, s_txt))
    # unmatched units at the claim's ends that sit next to a matched block: a changed first/last word
    for ca, cb, sa, sb in ((0, first.a, max(0, first.b - first.a - 1), first.b),
                           (last.a + last.size, len(cu), last.b + last.size,
                            min(len(su), last.b + last.size + (len(cu) - last.a - last.size) + 1))):
        if 0 < cb - ca <= 3:
            c_txt, s_txt = _text_of(claim, cu, ca, cb), _text_of(statement, su, sa, sb)
            kind = classify_change(c_txt, s_txt)
            if kind in ("negation", "number", "antonym"):
                changes.append(Change(kind, c_txt, s_txt))
    return Alignment(
        claim_cov=claim_cov,
        stmt_cov=covered_s / len(su),
        span=span,
        changes=changes,
        claim_mask=mask,
        stmt_mask=smask,
        omitted_before=statement[: span[0]].strip(),
        omitted_after=statement[span[1] :].strip(),
    )
