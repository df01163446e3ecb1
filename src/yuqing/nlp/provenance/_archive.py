"""The speaker's archive of statements: his posts, interview passages and the quotes attributed to him in stored
articles, each with its record reference, date, platform and full original passage."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from yuqing.nlp.extract import extract_quotes
from yuqing.nlp.provenance._text import lang_of, normalize
from yuqing.store.base import Store

_QUOTE_RE = re.compile(r"“([^”]{2,600})”|\"([^\"]{2,600})\"|「([^」]{2,600})」|『([^』]{2,600})』")
_INTERVIEW_RE = re.compile(r"interview|speech|keynote|采访|专访|访谈|演讲|对话", re.I)


@dataclass(frozen=True)
class Statement:
    """One thing the speaker said, where it was recorded, and the passage it came from.

    ``text`` is ``context[start:end]``; ``ref`` names the record (``posts/<platform>/<id>`` or
    ``articles/<id>``) and ``anchor`` the place inside it (``chars 120-168``) when the statement is a part.
    """

    ref: str
    kind: str  # post | quote | passage
    speaker: str | None
    date: datetime | None
    platform: str | None
    context: str
    start: int
    end: int
    lang: str

    @property
    def text(self) -> str:
        return self.context[self.start : self.end]

    @property
    def anchor(self) -> str | None:
        if self.start == 0 and self.end == len(self.context):
            return None
        return f"chars {self.start}-{self.end}"


def name_variants(names: Iterable[str]) -> list[str]:
    """The names given, and for multi-word Latin names each word of three letters or more ("Lei Jun" → "Lei")."""
    out: list[str] = []
    for n in names:
        n = n.strip()
        if not n:
            continue
        out.append(n)
        words = n.split()
        if len(words) > 1:
            out.extend(w for w in words if len(w) >= 3 and w[0].isupper())
    return list(dict.fromkeys(out))


def quotes_in_text(text: str, names: Sequence[str]) -> list[tuple[int, int]]:
    """Spans of the direct quotations in ``text`` that :func:`yuqing.nlp.extract.extract_quotes` attributes to
    one of ``names`` (the resolved speaker contains a name or one of its words, or is part of one; case ignored).

    Reported speech is left out (the journalist's words, not the speaker's). An error of the extractor
    propagates: there is no second, weaker way of attributing quotes.
    """
    variants = [v.lower() for v in name_variants(names)]
    out: list[tuple[int, int]] = []
    for q in extract_quotes(text):
        if q.kind == "reported":
            continue
        speaker = (q.speaker or "").lower()
        if not q.text or not any(v in speaker or (speaker and speaker in v) for v in variants):
            continue
        core = q.text.strip(" \"“”")
        if text[q.start : q.end].strip(" \"“”") and core in text[q.start : q.end]:
            i = text.index(core, q.start)
            out.append((i, i + len(core)))
            continue
        i = text.find(core)
        if i >= 0:
            out.append((i, i + len(core)))
    return out


def _paragraph(text: str, s: int, e: int) -> tuple[int, int]:
    a = text.rfind("\n", 0, s) + 1
    b = text.find("\n", e)
    return a, (len(text) if b < 0 else b)


def load_archive(
    store: Store,
    speaker: str | None,
    aliases: Sequence[str] = (),
    *,
    max_posts: int = 20000,
) -> list[Statement]:
    """Statements of ``speaker`` (an account id or name) and ``aliases`` (other spellings for articles).

    Without a speaker: every quotation in stored articles and original posts (up to ``max_posts``).
    """
    from yuqing.core import NotFoundError, resolve_account

    names = [a for a in aliases if a]
    out: list[Statement] = []
    account = None
    if speaker:
        names.insert(0, speaker)
        try:
            account = resolve_account(store, speaker)
        except NotFoundError:
            if not aliases and not _articles_mention(store, name_variants([speaker])):
                raise
        if account is not None and account.name:
            names.append(account.name)
    names = list(dict.fromkeys(names))
    if account is not None:
        rows = store.fetchall(
            "SELECT platform, post_id, account_name, created_at, text FROM posts "
            "WHERE account_id = ? AND platform = ? AND text IS NOT NULL ORDER BY created_at LIMIT ?",
            [account.account_id, account.platform, max_posts],
        )
        for platform, pid, aname, created, text in rows:
            if str(text).strip():
                out.append(Statement(f"posts/{platform}/{pid}", "post", aname or speaker, created, platform,
                                     str(text), 0, len(str(text)), lang_of(str(text))))
    elif not speaker:
        rows = store.fetchall(
            "SELECT platform, post_id, account_name, created_at, text FROM posts "
            "WHERE kind = 'post' AND text IS NOT NULL ORDER BY created_at LIMIT ?",
            [max_posts],
        )
        for platform, pid, aname, created, text in rows:
            if str(text).strip():
                out.append(Statement(f"posts/{platform}/{pid}", "post", aname, created, platform,
                                     str(text), 0, len(str(text)), lang_of(str(text))))
    out.extend(_article_statements(store, names))
    return out


def _articles_mention(store: Store, variants: Sequence[str]) -> bool:
    for v in variants:
        if store.fetchall("SELECT 1 FROM articles WHERE body LIKE ? OR title LIKE ? LIMIT 1", [f"%{v}%", f"%{v}%"]):
            return True
    return False


def _article_statements(store: Store, names: Sequence[str]) -> list[Statement]:
    variants = name_variants(names)
    out: list[Statement] = []
    if names and not variants:
        return out
    if variants:
        cond = " OR ".join("body LIKE ? OR title LIKE ?" for _ in variants)
        args: list[Any] = [x for v in variants for x in (f"%{v}%", f"%{v}%")]
        rows = store.fetchall(
            f"SELECT article_id, title, outlet, published_at, body FROM articles WHERE {cond} ORDER BY article_id",
            args,
        )
    else:
        rows = store.fetchall("SELECT article_id, title, outlet, published_at, body FROM articles ORDER BY article_id")
    for aid, title, outlet, published, body in rows:
        body = str(body or "")
        ref = f"articles/{aid}"
        interview = bool(variants) and bool(_INTERVIEW_RE.search(str(title or ""))) and any(
            v in str(title or "") for v in variants
        )
        if interview:  # an interview or speech of the speaker: every paragraph is his statement
            pos = 0
            for para in body.split("\n"):
                if len(para.strip()) >= 15:
                    s = body.index(para, pos)
                    out.append(Statement(ref, "passage", names[0], published, outlet, body, s, s + len(para),
                                         lang_of(para)))
                pos += len(para) + 1
            continue
        spans = quotes_in_text(body, names) if variants else _all_quotes(body)
        for s, e in spans:
            if len(normalize(body[s:e])) < 4:
                continue
            out.append(Statement(ref, "quote", names[0] if names else None, published, outlet, body, s, e,
                                 lang_of(body[s:e])))
    return out


def _all_quotes(text: str) -> list[tuple[int, int]]:
    out = []
    for m in _QUOTE_RE.finditer(text):
        g = next(i for i in range(1, 5) if m.group(i) is not None)
        out.append((m.start(g), m.end(g)))
    return out


def passage_of(st: Statement) -> tuple[str, int, int]:
    """The passage shown for a statement (the paragraph around a quote, the whole post) and the statement's
    span inside it."""
    if st.kind == "post":
        return st.context, st.start, st.end
    a, b = _paragraph(st.context, st.start, st.end)
    return st.context[a:b], st.start - a, st.end - a
