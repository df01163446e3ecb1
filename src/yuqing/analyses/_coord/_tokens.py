"""Template-slot masking and token hashing, for one text (:func:`tokens`) and vectorised for many
(:func:`token_hashes`); both give the same token set, hashed the same way (a tested contract).

Masking: lower case; a retweet (``rt @…``) has no own text; the Weibo ``//@`` repost chain is cut; links become
one link token; @mentions are dropped; digit runs become ``0``. Tokens: Chinese character bigrams (a lone
character is a unigram), runs of other letters (words), ``0`` and the link token. A token's hash is the
splitmix64 finaliser of a polynomial hash of its code points (deterministic, unlike Python's ``hash``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np

_SEP = "\x00"
_LINK = "\ue000"
_RETWEET = re.compile(r"\x00[^\S\x00]*rt[^\S\x00]+@[^\x00]*")
_CHAIN = re.compile(r"//\s*@[^\x00]*")
_URLS = (re.compile(r"https?://[^\s\x00]+"), re.compile(r"www\.[^\s\x00]+"))  # two passes: literal prefixes
_MENTION = re.compile(r"@[\w\-\u4e00-\u9fff]+")
_DIGITS = re.compile(r"\d+")
_CJK = "\u3400-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"[{_CJK}]+|(?:(?![{_CJK}])[^\W\d_])+|0|{_LINK}")
_LETTER = re.compile(r"[^\W\d_]")
_P = 1_000_003
_M64 = (1 << 64) - 1


def _mask(joined: str, digits: bool = True) -> str:
    """Mask template slots in one text or in many joined by NUL (no rule crosses a NUL). ``digits=False``
    leaves digit runs to the compiled scan, which reads each run as the token ``0``."""
    s = _RETWEET.sub(_SEP, _SEP + joined.lower())[1:]
    s = _CHAIN.sub("", s)
    for url in _URLS:
        s = url.sub(f" {_LINK} ", s)
    s = _MENTION.sub(" ", s)
    return _DIGITS.sub("0", s) if digits else s


def _is_cjk(c: str) -> bool:
    return "\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff"


def tokens(text: str | None) -> set[str]:
    """The token set of one text after masking (empty for pure retweets); the link token is ``<url>``."""
    if not text:
        return set()
    out: set[str] = set()
    for run in _TOKEN.findall(_mask(text.replace(_SEP, " "))):
        if _is_cjk(run[0]) and len(run) > 1:
            out.update(run[i : i + 2] for i in range(len(run) - 1))
        else:
            out.add("<url>" if run == _LINK else run)
    return out


def mix64(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser (wrapping uint64)."""
    with np.errstate(over="ignore"):
        x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        out: np.ndarray = x ^ (x >> np.uint64(31))
        return out


def token_hash(token: str) -> int:
    """The 64-bit hash :func:`token_hashes` gives ``token`` (``<url>`` is the link token)."""
    poly = sum(ord(c) * pow(_P, k, 1 << 64) for k, c in enumerate(_LINK if token == "<url>" else token)) & _M64
    return int(mix64(np.array([poly], dtype=np.uint64))[0])


def _class_of(u: int) -> int:
    c = chr(u)
    if _is_cjk(c):
        return 1
    if c.isdecimal():  # what the digit mask \\d matches
        return 3
    if c == _LINK:
        return 4
    return 2 if not 0xD800 <= u <= 0xDFFF and _LETTER.match(c) else 0


@functools.cache
def _bmp_classes() -> np.ndarray:
    return np.array([_class_of(u) for u in range(0x10000)], dtype=np.int8)


def _classes(cp: np.ndarray) -> np.ndarray:
    """Per code point: 0 other, 1 Chinese, 2 letter, 3 decimal digit, 4 the link token."""
    out: np.ndarray = _bmp_classes()[np.minimum(cp, 0xFFFF)]
    astral = np.flatnonzero(cp > 0xFFFF)
    if len(astral):
        uniq, inv = np.unique(cp[astral], return_inverse=True)
        out[astral] = np.array([_class_of(int(u)) for u in uniq], dtype=np.int8)[inv]
    return out


def token_hashes(texts: Sequence[str | None], chunk: int = 16384) -> tuple[np.ndarray, np.ndarray]:
    """(text index, token hash) of the distinct tokens of every text, by text then hash.

    ``chunk`` texts are masked at a time (small strings stay in cache and are copied less by each regex
    pass); the compiled scan of one chunk runs in a second thread (it releases the GIL) while the next
    chunk is masked.
    """
    from yuqing.analyses._coord._kernels import scan_tokens

    tids: list[np.ndarray] = []
    hashes: list[np.ndarray] = []
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending: list[tuple[int, Future[tuple[np.ndarray, np.ndarray]]]] = []
        for lo in range(0, len(texts), chunk):
            part = texts[lo : lo + chunk]
            joined = _SEP.join(t or "" for t in part)
            if joined.count(_SEP) != len(part) - 1:  # a text holds a NUL itself
                joined = _SEP.join((t or "").replace(_SEP, " ") for t in part)
            cp = np.frombuffer(_mask(joined, digits=False).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
            pending.append((lo, pool.submit(scan_tokens, cp, _classes(cp))))
        for lo, fut in pending:
            tid, h = fut.result()
            tids.append(tid + lo)
            hashes.append(h)
    if not tids:
        return np.empty(0, np.int64), np.empty(0, np.uint64)
    return np.concatenate(tids), np.concatenate(hashes)


__all__ = ["mix64", "token_hash", "token_hashes", "tokens"]
