"""Verdicts: how a circulating claim relates to the statement it most likely came from.

Rules, in order (documented in docs/quotes.md):

* same language, lexical evidence (at least half of the claim's words/characters found in order):
  merged when no single statement covers 80% of the claim but two statements together cover 90%, each adding
  at least a fifth; altered when a negation, number or antonym differs inside the matched region; paraphrase
  when other words differ (two or more changed units) or the claim covers less than 80%; exact when the claim
  covers the statement up to non-substantive parts (hashtags, mentions, emoticons, links); else truncated.
* otherwise (other language, or reworded beyond lexical overlap): the candidate must be first by embedding
  with a cosine ``z_min`` standard deviations above the archive's mean (or first three, ``z_min - 1``, with
  shared anchors: numbers, Latin words). Across languages numbers are compared (altered), and a part of the
  statement matching clearly better than the whole gives truncated, else exact (``translated``); in the same
  language it is a paraphrase. Nothing accepted gives not_found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from yuqing.nlp.provenance._align import Alignment
from yuqing.nlp.provenance._index import Hit
from yuqing.nlp.provenance._text import lang_of, numbers, units

VERDICTS = ("exact", "truncated", "merged", "altered", "paraphrase", "not_found")
_NOISE_RE = re.compile(r"#[^#]{1,40}#|@\S{1,30}|\[[^\[\]]{1,8}\]|https?://\S+|【[^】]{0,80}】|//")
_LATIN_RE = re.compile(r"[A-Za-z][A-Za-z0-9]+[0-9]|[A-Z][A-Za-z]{2,}")


@dataclass(frozen=True)
class VerdictParams:
    lexical_min: float = 0.5  # claim share that must align for lexical evidence
    whole_min: float = 0.8  # claim share for exact/truncated
    merged_union: float = 0.9
    merged_part: float = 0.2
    z_min: float = 4.0
    semantic_lexical_min: float = 0.3
    min_cosine: float = 0.3
    truncation_gain: float = 0.03  # cross-lingual: part beats whole by this cosine
    truncation_share: float = 0.75  # ... and is at most this share of the statement


def substantive_units(text: str) -> int:
    return len(units(_NOISE_RE.sub(" ", text)))


def changed_units(al: Alignment) -> int:
    return sum(len(units(c.claim)) for c in al.changes if c.kind != "omission")


def lexical_verdict(al: Alignment, statement: str, p: VerdictParams) -> tuple[str, str]:
    """(verdict, reason) for a candidate with lexical evidence (``al.claim_cov >= p.lexical_min``)."""
    meaning = [c for c in al.changes if c.kind in ("negation", "number", "antonym")]
    if meaning:
        kinds = sorted({c.kind for c in meaning})
        return "altered", "changed " + ", ".join(kinds) + ": " + "; ".join(
            f"{c.original or '∅'} → {c.claim or '∅'}" for c in meaning)
    n_changed = changed_units(al)
    if al.claim_cov < p.whole_min or n_changed >= 2:
        return "paraphrase", f"{al.claim_cov:.0%} of the claim found in order, {n_changed} units reworded"
    omitted, total = _omitted_units(al, statement)
    if omitted < 3 or omitted / total <= 0.1:
        return "exact", "the claim reproduces the statement"
    why = "context cut" + (" including a qualifier" if al.omission_has_qualifier else "")
    return "truncated", f"{why}: the claim is {1 - omitted / total:.0%} of the statement"


def _omitted_units(al: Alignment, statement: str) -> tuple[int, int]:
    """(substantive statement units left out of the match, substantive units of the statement): units inside
    hashtags, mentions, emoticons, links and 【headlines】 do not count."""
    noise = [(m.start(), m.end()) for m in _NOISE_RE.finditer(statement)]
    su = units(statement)
    keep = [not any(a <= u.start < b for a, b in noise) for u in su]
    total = sum(keep)
    if len(al.stmt_mask) != len(su):
        return 0, max(1, total)
    omitted = sum(1 for k, m in zip(keep, al.stmt_mask, strict=True) if k and not m)
    return omitted, max(1, total)


def accept_semantic(hit: Hit, claim: str, statement: str, n: int, p: VerdictParams, al: Alignment) -> bool:
    """Rank plus evidence for a candidate without enough lexical overlap (paraphrase, other language).

    First by embedding with a cosine ``z_min`` deviations above the archive's mean, or among the first three at
    ``z_min - 1`` with shared anchors (numbers, Latin words). In the same language some lexical evidence is
    required as well (a share ``p.semantic_lexical_min`` of the claim aligned)."""
    if hit.rank_emb is None or hit.cosine < p.min_cosine:
        return False
    if lang_of(claim) == lang_of(statement) and al.claim_cov < p.semantic_lexical_min:
        return False
    small = n < 20
    if hit.rank_emb == 1 and (small or hit.z >= p.z_min):
        return True
    anchors = shared_anchors(claim, statement)
    return bool(anchors) and hit.rank_emb <= 3 and (small or hit.z >= p.z_min - 1.0)


def shared_anchors(claim: str, statement: str) -> set[str]:
    a = numbers(claim) & numbers(statement)
    la = {m.lower() for m in _LATIN_RE.findall(claim)} & {m.lower() for m in _LATIN_RE.findall(statement)}
    return a | la


def number_conflict(claim: str, statement: str) -> tuple[set[str], set[str]] | None:
    cn, sn = numbers(claim), numbers(statement)
    digits_c = {x for x in cn if x[:1].isdigit()}
    digits_s = {x for x in sn if x[:1].isdigit()}
    if digits_c and not digits_c <= digits_s:
        return digits_c - digits_s, digits_s
    return None
