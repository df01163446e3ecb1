"""Chinese quote rules: ``X表示：“…”``, ``“…”，X说`` and reported ``据X称，…`` (see :mod:`._quotes`; the English
rules are in :mod:`._quotes_en`)."""

from __future__ import annotations

import re

from yuqing.nlp._text import sentences
from yuqing.nlp.extract._common import Quote, quote_spans, trim
from yuqing.nlp.extract._entities import EntityIndex

_ZH_CUE = r"(?:表示|说道|说|称|指出|强调|透露|坦言|回应|写道|介绍|认为|直言|提到|坦承|感慨|回复|解释|补充|宣布|承认|发文|发微博)"
_ZH_BEFORE = re.compile(
    r"(?P<spk>[\u4e00-\u9fffA-Za-z·]{1,12}?)(?:也|还|则|更|再次|曾|随后|此前|公开)?"
    + _ZH_CUE
    + r"[^，。！？“”]{0,8}?[：:，,]?\s*$"
)
_ZH_AFTER = re.compile(r"^[，,]?\s*(?P<spk>[\u4e00-\u9fffA-Za-z·]{1,12}?)(?:也|还|则)?" + _ZH_CUE)
_ZH_REPORTED = re.compile(
    r"(?:^|[。；;，,])(?:据)?(?P<spk>[\u4e00-\u9fffA-Za-z·]{2,12}?)(?:也|还|则|再次|此前)?"
    r"(?P<cue>表示|指出|强调|透露|坦言|认为|称)[，,：:]?(?P<content>[^“”。！？]{6,})"
)


def _zh_speaker(spk: str, ix: EntityIndex, pos: int) -> str:
    spk = re.sub(r"^(?:但|而|并|对此|随后|同时|此外|另外|其中|据)", "", spk)
    spk = re.sub(r"(?:也|还|则|又|再次|随后)$", "", spk) or spk
    names = [
        m
        for m in ix.mentions
        if m.start >= pos and m.end <= pos + len(spk) + 2 and m.type in ("person", "org")
    ]
    if names:
        return names[-1].name
    return ix.resolve(spk, pos)


def _zh_cue(s: str) -> str | None:
    m = re.search(_ZH_CUE, s)
    return m.group() if m else None


def zh_direct(text: str, ix: EntityIndex) -> list[Quote]:
    sents = sentences(text, "zh")
    out: list[Quote] = []
    prev_end = -1
    prev_q: Quote | None = None
    for os_, oe, is_, ie in quote_spans(text):
        sent = next((s for s in sents if s.start <= os_ < s.end), None)
        s0 = sent.start if sent else os_
        left_from = max(s0, prev_end)
        left = text[left_from:os_]
        right = text[oe : oe + 30]
        spk = cue = None
        pos = os_
        b = _ZH_BEFORE.search(left)
        a = _ZH_AFTER.match(right)
        if b:
            spk, pos = b.group("spk"), left_from + b.start("spk")
            cue = _zh_cue(b.group())
        elif a:
            spk, pos = a.group("spk"), oe + a.start("spk")
            cue = _zh_cue(a.group())
        elif prev_q is not None and prev_q.speaker and not text[prev_end:os_].strip(" ，,。"):
            spk, pos, cue = prev_q.speaker_mention, prev_q.speaker_start or os_, prev_q.cue
        if spk is None or ie - is_ < 4:
            prev_end, prev_q = oe, None
            continue
        qs, qe = trim(text, is_, ie)
        q = Quote(
            _zh_speaker(spk, ix, pos),
            text[qs:qe],
            "direct",
            qs,
            qe,
            spk,
            pos,
            cue,
            sent.text if sent else text[os_:oe],
            s0,
        )
        out.append(q)
        prev_end, prev_q = oe, q
    return out


def zh_reported(text: str, ix: EntityIndex) -> list[Quote]:
    out: list[Quote] = []
    for s in sentences(text, "zh"):
        m = _ZH_REPORTED.search(s.text)
        if not m:
            continue
        cs, ce = trim(text, s.start + m.start("content"), s.start + m.end("content"))
        pos = s.start + m.start("spk")
        out.append(
            Quote(
                _zh_speaker(m.group("spk"), ix, pos),
                text[cs:ce],
                "reported",
                cs,
                ce,
                m.group("spk"),
                pos,
                m.group("cue"),
                s.text,
                s.start,
            )
        )
    return out


__all__ = ["zh_direct", "zh_reported"]
