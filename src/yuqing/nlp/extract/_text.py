"""Text helpers shared by the extractors: language guess, sentence spans, quote-mark normalisation."""

from __future__ import annotations

import re
from dataclasses import dataclass

_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")


def guess_lang(text: str) -> str:
    """``"zh"`` when CJK ideographs outnumber a fifth of the Latin letters, else ``"en"``."""
    n_cjk = len(_CJK.findall(text))
    n_lat = len(_LATIN.findall(text))
    return "zh" if n_cjk > 0 and n_cjk * 5 >= n_lat else "en"


@dataclass(frozen=True)
class Span:
    """A sentence (or any piece) of the input with its character offsets."""

    start: int
    end: int
    text: str


# An English sentence ends at . ! ? (optionally followed by a closing quote/bracket) before whitespace and an
# upper-case letter, a digit or an opening quote; abbreviations below never end a sentence.
_EN_END = re.compile(r"[.!?][\"”’')\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])|\n\s*\n|\n(?=\s*[A-Z“\"0-9])")
_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Sr|Jr|St|Gov|Sen|Rep|Gen|Col|Lt|Inc|Ltd|Co|Corp|No|vs|etc|Jan|Feb|Mar|Apr"
    r"|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|U\.S|U\.K|a\.m|p\.m|e\.g|i\.e)|\b[A-Z])\.$"
)
_ZH_END = re.compile(r"[。！？!?；;][”」』）)]*|\n+")


def sentences(text: str, lang: str | None = None) -> list[Span]:
    """Split ``text`` into sentence spans (offsets into ``text``); blank pieces are dropped."""
    lang = lang or guess_lang(text)
    out: list[Span] = []
    start = 0
    pattern = _ZH_END if lang == "zh" else _EN_END
    for m in pattern.finditer(text):
        end = m.end()
        piece = text[start:end]
        if (
            lang != "zh"
            and m.group().startswith(".")
            and _ABBREV.search(text[max(0, m.start() - 6) : m.start() + 1])
        ):
            continue
        if piece.strip():
            _add(out, text, start, end)
        start = end
    if start < len(text) and text[start:].strip():
        _add(out, text, start, len(text))
    return out


def _add(out: list[Span], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    out.append(Span(start, end, text[start:end]))


def paragraphs(text: str) -> list[Span]:
    """Blank-line (or single newline) separated blocks with offsets."""
    out: list[Span] = []
    for m in re.finditer(r"[^\n]+", text):
        if m.group().strip():
            _add(out, text, m.start(), m.end())
    return out


def sentence_at(spans: list[Span], pos: int) -> Span | None:
    for s in spans:
        if s.start <= pos < s.end:
            return s
    return None


def words(s: str) -> frozenset[str]:
    """A set of words written as one space-separated string (keeps long word lists short)."""
    return frozenset(s.split())
