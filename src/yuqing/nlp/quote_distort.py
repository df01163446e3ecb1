"""Distortions of real statements, for evaluating quote tracing: truncation, merging, negation, number change,
rule-based paraphrase. Deterministic given the ``random.Random`` passed in; each function returns None when the
statement does not lend itself to that distortion (too short, no number, no word to substitute).

The outputs are derived from their inputs: build test sets at test time, never commit them when the inputs are
third-party text.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from yuqing.nlp.provenance._text import lang_of, units

KINDS = ("exact", "truncated", "merged", "altered", "paraphrase", "not_found")
_CLAUSE_RE = re.compile(r"[^，,。！？!?；;：:\n]+[，,。！？!?；;：:]*")
_NOISE_RE = re.compile(r"#[^#]{1,40}#|@\S{1,30}|\[[^\[\]]{1,8}\]|https?://\S+|【[^】]{0,40}】|//")

SYNONYMS_ZH: dict[str, str] = {
    "非常": "十分", "我们": "咱们", "但是": "可是", "因为": "由于", "已经": "已", "现在": "目前", "所以": "因此",
    "觉得": "认为", "真的": "确实", "大家": "各位", "希望": "期望", "一定": "必定", "今天": "今日", "什么": "啥",
    "可以": "能够", "怎么": "如何", "知道": "晓得", "喜欢": "喜爱", "特别": "格外", "马上": "立刻", "开始": "着手",
    "如果": "要是", "自己": "本人", "应该": "应当", "孩子": "小孩", "朋友": "友人", "时候": "时刻", "告诉": "告知",
    "帮助": "帮忙", "突然": "忽然", "立即": "马上", "赶紧": "赶快", "发现": "察觉", "目前": "当前", "还是": "仍然",
    "这个": "此", "那个": "那", "很多": "许多", "为了": "为着", "正在": "在", "看到": "见到", "容易": "轻易",
}
SYNONYMS_EN: dict[str, str] = {
    "very": "really", "said": "stated", "big": "large", "help": "assist", "start": "begin", "buy": "purchase",
    "think": "believe", "important": "crucial", "people": "folks", "car": "vehicle", "many": "numerous",
    "quickly": "rapidly", "show": "demonstrate", "hard": "difficult", "need": "require", "get": "obtain",
    "begin": "start", "always": "constantly", "really": "truly", "difficult": "tough", "best": "finest",
    "improve": "enhance", "believe": "think", "please": "kindly", "tell": "inform", "listen": "pay attention",
    "continuously": "constantly", "deliver": "provide", "ability": "capacity", "lot": "great deal",
}
_NEG_ZH = (("不是", "是"), ("没有", "有"), ("不会", "会"), ("不能", "能"), ("是", "不是"), ("会", "不会"),
           ("能", "不能"), ("要", "不要"), ("有", "没有"))
_NEG_EN = (("is not", "is"), ("are not", "are"), ("cannot", "can"), ("do not", "do"), ("not ", ""),
           ("is", "is not"), ("are", "are not"), ("can", "cannot"), ("will", "will not"), ("was", "was not"))


@dataclass(frozen=True)
class Distorted:
    """A circulating version: ``kind`` (one of :data:`KINDS`), its ``text``, and the indices of the statements
    it was made from (empty for not_found)."""

    kind: str
    text: str
    sources: tuple[int, ...]
    detail: str = ""


def clause_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _CLAUSE_RE.finditer(text) if len(units(m.group(0))) >= 2]


def clean(text: str) -> str:
    """Statement text without hashtags, mentions, emoticons and links (what people quote)."""
    return re.sub(r"\s+", " ", _NOISE_RE.sub(" ", text)).strip()


def eligible(text: str, min_units: int = 12) -> bool:
    return len(units(clean(text))) >= min_units and len(clause_spans(clean(text))) >= 2


def exact(text: str, rng: random.Random) -> str:
    t = clean(text).rstrip("。！？!?.")
    return t.replace("，", ",") if rng.random() < 0.3 else t


def truncate(text: str, rng: random.Random, max_share: float = 0.6) -> str | None:
    """Keep a run of clauses that is at most ``max_share`` of the statement (context cut)."""
    t = clean(text)
    spans = clause_spans(t)
    if len(spans) < 2:
        return None
    total = len(units(t))
    runs = [(i, j) for i in range(len(spans)) for j in range(i, len(spans))
            if 4 <= len(units(t[spans[i][0]:spans[j][1]])) <= max_share * total]
    if not runs:
        return None
    i, j = rng.choice(runs)
    return t[spans[i][0] : spans[j][1]].strip().rstrip("，,；;：:")


def merge(a: str, b: str, rng: random.Random) -> str | None:
    """A part of ``a`` spliced to a part of ``b``."""
    pa, pb = truncate(a, rng, 0.5), truncate(b, rng, 0.5)
    if not pa or not pb:
        return None
    if len(units(pa)) < 5 or len(units(pb)) < 5:
        return None
    sep = "，" if lang_of(pa) == "zh" else rng.choice([", ", " and "])
    return pa.rstrip("。.!！?？") + sep + pb


def negate(text: str, rng: random.Random) -> str | None:
    t = clean(text)
    pairs = _NEG_ZH if lang_of(t) == "zh" else _NEG_EN
    opts: list[tuple[int, str, str]] = []
    for old, new in pairs:
        pat = re.escape(old) if lang_of(t) == "zh" else r"\b" + re.escape(old.strip()) + (r"\b" if old.strip() == old else r"\s")
        for m in re.finditer(pat, t):
            if lang_of(t) == "zh" and new.startswith("不") and t[max(0, m.start() - 1) : m.start()] in ("不", "没", "还", "就", "只", "总", "要"):
                continue
            if lang_of(t) == "zh" and old in ("是", "会", "能", "要", "有") and t[m.start() - 1 : m.start()] in ("不", "没"):
                continue
            opts.append((m.start(), m.group(0), new + (" " if old.endswith(" ") else "")))
        if opts:
            break
    if not opts:
        return None
    pos, old_s, new_s = rng.choice(opts)
    return t[:pos] + new_s + t[pos + len(old_s) :]


def alter_number(text: str, rng: random.Random) -> str | None:
    t = clean(text)
    nums = list(re.finditer(r"(?<![A-Za-z0-9.])[0-9]+(?:\.[0-9]+)?", t))
    if not nums:
        return None
    m = rng.choice(nums)
    s = m.group(0)
    v = float(s)
    new = v * rng.choice([2, 3, 0.5, 10]) if v not in (0.0, 1.0) else v + rng.choice([2, 5])
    out = f"{new:g}" if "." in s else str(round(new))
    if out == s:
        out = str(int(v) + 7)
    return t[: m.start()] + out + t[m.end() :]


def alter(text: str, rng: random.Random) -> tuple[str, str] | None:
    """Negation or number change, whichever applies (number first when both and the coin says so)."""
    order = [("number", alter_number), ("negation", negate)]
    if rng.random() < 0.5:
        order.reverse()
    for name, fn in order:
        out = fn(text, rng)
        if out and out != clean(text):
            return out, name
    return None


def paraphrase(text: str, rng: random.Random, min_subs: int = 2) -> str | None:
    """Synonym substitutions (at least ``min_subs``) and, for Chinese, dropping some 的."""
    t = clean(text)
    table = SYNONYMS_ZH if lang_of(t) == "zh" else SYNONYMS_EN
    hits = [w for w in table if (w in t if lang_of(t) == "zh" else re.search(rf"\b{re.escape(w)}\b", t))]
    if len(hits) < min_subs:
        return None
    rng.shuffle(hits)
    out = t
    for w in hits[: max(min_subs, len(hits) // 2 + 1)]:
        out = out.replace(w, table[w]) if lang_of(t) == "zh" else re.sub(rf"\b{re.escape(w)}\b", table[w], out)
    return out if out != t else None


def make_cases(
    statements: list[str],
    held_out: list[str],
    rng: random.Random,
    per_kind: int = 30,
) -> list[Distorted]:
    """Up to ``per_kind`` cases of each kind from ``statements`` (indices refer to it); not_found cases are
    statements of ``held_out`` (which must not be in the archive)."""
    idx = [i for i, s in enumerate(statements) if eligible(s)]
    rng.shuffle(idx)
    out: list[Distorted] = []
    counts = dict.fromkeys(KINDS, 0)

    def add(d: Distorted) -> None:
        if counts[d.kind] < per_kind:
            out.append(d)
            counts[d.kind] += 1

    for n, i in enumerate(idx):
        s = statements[i]
        add(Distorted("exact", exact(s, rng), (i,)))
        tr = truncate(s, rng)
        if tr:
            add(Distorted("truncated", tr, (i,)))
        al = alter(s, rng)
        if al:
            add(Distorted("altered", al[0], (i,), al[1]))
        pp = paraphrase(s, rng)
        if pp:
            add(Distorted("paraphrase", pp, (i,)))
        j = idx[(n + 1) % len(idx)]
        if j != i:
            mg = merge(s, statements[j], rng)
            if mg:
                add(Distorted("merged", mg, (i, j)))
        if all(counts[k] >= per_kind for k in KINDS if k != "not_found"):
            break
    for s in held_out:
        if eligible(s):
            add(Distorted("not_found", exact(s, rng), ()))
    return out
