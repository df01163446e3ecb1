"""Text helpers shared by news extraction (:mod:`yuqing.nlp.extract`) and quote provenance
(:mod:`yuqing.nlp.provenance`): the language guess, sentence spans, and word sets written as one string.

Each has one implementation; where the two subpackages have always counted or split differently, a parameter
keeps each caller's rule (``guess_lang(letters=...)``, ``sentences(mixed=...)``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

#: CJK ideographs: the basic block, extension A and the compatibility block (a regex character-class body)
CJK_RANGES = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_BASIC = re.compile(r"[\u4e00-\u9fff]")
_CJK_ANY = re.compile(rf"[{CJK_RANGES}]")
_LATIN = re.compile(r"[A-Za-z]")


def words(s: str) -> frozenset[str]:
    """A set of words written as one space-separated string (keeps long word lists short)."""
    return frozenset(s.split())


def cjk_share(text: str) -> float:
    """The share of CJK ideographs (any block of :data:`CJK_RANGES`) among the letters of ``text``, any script
    counted as letters; 0.0 when it has none."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if _CJK_ANY.match(c)) / len(letters)


def guess_lang(text: str, *, letters: Literal["latin", "all"] = "latin") -> str:
    """``"zh"`` or ``"en"`` (``"en"`` standing for any space-separated script).

    ``letters="latin"`` (news extraction): ``"zh"`` when the CJK ideographs of the basic block number at least a
    fifth of the ASCII Latin letters; other scripts are not counted.
    ``letters="all"`` (quote provenance): ``"zh"`` when at least a fifth of all letters, any script, are CJK
    ideographs, extension A and compatibility ones included (:func:`cjk_share`).
    """
    if letters == "all":
        return "zh" if cjk_share(text) >= 0.2 else "en"
    if letters != "latin":
        raise ValueError(f"letters must be 'latin' or 'all', not {letters!r}")
    n_cjk = len(_CJK_BASIC.findall(text))
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
# mixed-script text: a piece up to Chinese/English end marks (and a closing quote), else a whole line
_MIXED_SENT = re.compile(r"[^。！？!?；;\n]+(?:[。！？!?；;]+[”\"’']?|$)|[^\n]+")
_MIXED_EN_STOP = re.compile(r".+?(?:\.(?=\s+[A-Z\"“'‘])|$)", re.S)


def sentences(text: str, lang: str | None = None, *, mixed: bool = False) -> list[Span]:
    """Split ``text`` into sentence spans (offsets into ``text``, surrounding whitespace trimmed); blank pieces
    are dropped.

    By language (news extraction; ``lang`` defaults to :func:`guess_lang`): Chinese ends a sentence at 。！？!?；;
    (with the closing quotes or brackets after it) or a line break; English at . ! ? (a closing quote or bracket
    may follow) before whitespace and an upper-case letter, a digit or an opening quote, at a blank line or at a
    line break before such a character, never after a listed abbreviation ("Mr.", "Jan.", "U.S.").

    ``mixed=True`` (quote provenance) ignores ``lang`` and splits mixed-script text in one pass: at the Chinese
    and English end marks (a closing quote after them included) and line breaks, and at an English full stop
    followed by whitespace and a capital or an opening quote.
    """
    if mixed:
        return _mixed_sentences(text)
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


def _mixed_sentences(text: str) -> list[Span]:
    spans: list[Span] = []
    for m in _MIXED_SENT.finditer(text):
        s, e = m.start(), m.end()
        seg = text[s:e]
        # English sentences: split on ". " too.
        pos = s
        for sub in _MIXED_EN_STOP.finditer(seg):
            a, b = pos + sub.start(), pos + sub.end()
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if b > a:
                spans.append(Span(a, b, text[a:b]))
    return spans
