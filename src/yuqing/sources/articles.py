"""News articles, one per file: plain text, Markdown, or HTML -> ``articles``.

Fields read
-----------
* ``article_txt`` (``.txt``): the first line is the title, unless it is a site banner (``Vietnam.vn - ...``:
  a domain followed by a tagline, kept as the outlet when no byline names one). Among the next few short lines
  (the header): a date line (``Nov 16``, ``11/05/2025``, ``November 16, 2025``, ``2025年11月16日``, ...), the outlet
  (a short line just before the date line, or text glued before the date: ``Zing NewsZing News11/05/2025``; a
  doubled name is written once). ``Source: URL`` (or a lone URL line) gives ``url``. The body is the rest.
* ``article_md`` (``.md``): optional front matter (``---`` ``title:``, ``date:``, ``source:``/``outlet:``,
  ``url:``), else the first ``# heading`` is the title; then as for text.
* ``article_html`` (``.html``): title from ``og:title`` / ``<h1>`` / ``<title>``; outlet from ``og:site_name`` /
  ``publisher``; date from ``article:published_time`` / ``<time datetime>`` / ``date`` / ``pubdate`` meta; url from
  ``<link rel=canonical>`` / ``og:url``; body from the paragraphs of ``<article>`` (else of the page).

Dates: ``published_precision`` is ``day``, ``month``, ``year`` or ``none``. A month-day without a year is
resolved only with ``--option year=YYYY`` or a full date elsewhere in the header; otherwise ``published_at`` is
null and the precision ``none`` (years mentioned in the body are not evidence of the publication year). A numeric
``a/b/yyyy`` with both parts <= 12 needs ``--option dayfirst=1|0`` or a country domain known to write day-first
dates in the article's URL (``.vn``, ``.uk``, ...), else it keeps ``year`` precision. Dates are taken at 00:00
UTC. ``lang``: ``--option lang=...``, else ``zh`` when most letters are CJK, ``en`` when most are ASCII.
``article_id`` is the first 16 hex digits of the sha256 of the whitespace-normalised body.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC as UTC_TZ
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

from yuqing.sources._article_dates import FoundDate, dayfirst_from_url, find_date
from yuqing.sources._base import Importer, Rec, Reject, register_importer
from yuqing.sources._io import base_suffix, open_binary
from yuqing.sources._parse import ParseError, parse_time

_BANNER = re.compile(r"^[\w-]+(?:\.[\w-]+)+\s*[-|–—]\s*\S.*$")
_URL_LINE = re.compile(r"^(?:Source|来源|原文|URL)?\s*[:：]?\s*(https?://\S+)\s*$", re.I)
_HEADER_LINES = 8
_SHORT = 60


@dataclass
class ArticleFields:
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    date: FoundDate | None = None
    exact: datetime | None = None  # an exact machine-readable time (HTML meta, front matter)
    body: str = ""


def _undouble(s: str) -> str:
    s = s.strip(" \t-|·,")
    half = len(s) // 2
    if len(s) % 2 == 0 and half and s[:half] == s[half:]:
        return s[:half].strip()
    return s


def _is_short(s: str) -> bool:
    return len(s) <= _SHORT and not s.rstrip().endswith((".", "。", "!", "?", "！", "？"))


def read_text_article(text: str, fields: ArticleFields | None = None) -> ArticleFields:
    """Title, outlet, date line, url and body of a plain-text article (see the module doc)."""
    f = fields or ArticleFields()
    lines = [ln.rstrip() for ln in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    idx = [i for i, ln in enumerate(lines) if ln.strip()]
    used: set[int] = set()
    pos = 0
    if idx and _BANNER.match(lines[idx[0]].strip()) and len(idx) > 1:
        banner = lines[idx[0]].strip()
        used.add(idx[0])
        pos = 1
        site = re.split(r"\s*[-|–—]\s*", banner, maxsplit=1)[0]
    else:
        site = None
    if f.title is None and pos < len(idx):
        f.title = lines[idx[pos]].strip()
        used.add(idx[pos])
        pos += 1
    for k in idx[pos:pos + _HEADER_LINES]:
        s = lines[k].strip()
        if not _is_short(s) and not find_date(s):
            continue
        d = find_date(s) if len(s) <= _SHORT + 20 else None
        if d is None or f.date is not None:
            continue
        f.date = d
        used.add(k)
        glued = s[: d.start].strip()
        if glued and f.outlet is None:
            f.outlet = _undouble(glued)
        prev = [j for j in idx if j < k and j not in used]
        if f.outlet is None and prev and prev[-1] == max(j for j in idx if j < k) and _is_short(lines[prev[-1]]):
            cand = lines[prev[-1]].strip()
            if len(cand.split()) <= 4 and not find_date(cand):
                f.outlet = cand
                used.add(prev[-1])
    if f.outlet is None and site:
        f.outlet = site
    for k in idx:
        m = _URL_LINE.match(lines[k].strip())
        if m and k not in used:
            f.url = f.url or m.group(1)
            used.add(k)
            break
    body_lines = [ln for i, ln in enumerate(lines) if i not in used]
    f.body = re.sub(r"\n{3,}", "\n\n", "\n".join(body_lines)).strip()
    return f


def _exact(value: str) -> datetime | None:
    try:
        return parse_time(value, tz=UTC_TZ, field="published_time")
    except ParseError:
        return None


def _lang(text: str) -> str | None:
    cjk = len(re.findall(r"[\u4e00-\u9fff]", text))
    latin = len(re.findall(r"[A-Za-z]", text))
    if cjk + latin == 0:
        return None
    return "zh" if cjk >= latin else ("en" if latin > 3 * cjk else None)


def _read_text(path: Path) -> str:
    with open_binary(path) as fh:
        data = fh.read()
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


class _ArticleImporter(Importer):
    suffixes: ClassVar[tuple[str, ...]] = ()

    def _fields(self, text: str) -> ArticleFields:
        raise NotImplementedError

    def read(self, path: Path) -> Iterator[Rec | Reject]:
        text = _read_text(path)
        f = self._fields(text)
        if not f.body.strip():
            yield Reject(1, text[:2000], "no article body")
            return
        published, precision = self._published(f)
        norm = " ".join(f.body.split())
        row: dict[str, Any] = {
            "article_id": hashlib.sha256(norm.encode("utf-8")).hexdigest()[:16],
            "title": f.title, "outlet": self.options.get("outlet") or f.outlet,
            "url": self.options.get("url") or f.url, "published_at": published,
            "published_precision": precision, "lang": self.options.get("lang") or _lang(f.body), "body": f.body,
        }
        yield Rec("articles", row, 1, text)

    def _published(self, f: ArticleFields) -> tuple[datetime | None, str]:
        if f.exact is not None:
            return f.exact, "day"
        if f.date is None:
            return None, "none"
        year_opt = self.options.get("year")
        day_opt = self.options.get("dayfirst")
        dayfirst = (str(day_opt).lower() in ("1", "true", "yes")) if day_opt not in (None, "") \
            else dayfirst_from_url(self.options.get("url") or f.url)
        return f.date.resolve(int(year_opt) if year_opt else None, dayfirst)


@register_importer
class ArticleText(_ArticleImporter):
    name = "article_txt"
    version = "1"
    description = "A news article as plain text (title, outlet and date header lines, body)"
    fields = "title line (after an optional site banner), outlet and date header lines, Source: URL, body"
    suffixes: ClassVar[tuple[str, ...]] = (".txt",)

    @classmethod
    def sniff(cls, path: Path, head: str) -> float:
        return 0.5 if base_suffix(path) == ".txt" and head.strip() else 0.0

    def _fields(self, text: str) -> ArticleFields:
        return read_text_article(text)


_FRONT = re.compile(r"^---\s*\n(.*?)\n---\s*\n", re.S)


@register_importer
class ArticleMarkdown(_ArticleImporter):
    name = "article_md"
    version = "1"
    description = "A news article as Markdown (front matter or '# title', then as plain text)"
    fields = "front matter title/date/source|outlet/url, or '# heading' as title; header lines; body"
    suffixes: ClassVar[tuple[str, ...]] = (".md",)

    @classmethod
    def sniff(cls, path: Path, head: str) -> float:
        return 0.5 if base_suffix(path) in (".md", ".markdown") and head.strip() else 0.0

    def _fields(self, text: str) -> ArticleFields:
        f = ArticleFields()
        m = _FRONT.match(text.lstrip("\ufeff"))
        if m:
            meta = {}
            for ln in m.group(1).splitlines():
                k, sep, v = ln.partition(":")
                if sep:
                    meta[k.strip().lower()] = v.strip().strip("\"'")
            text = text.lstrip("\ufeff")[m.end():]
            f.title = meta.get("title") or None
            f.outlet = meta.get("source") or meta.get("outlet") or meta.get("publisher") or None
            f.url = meta.get("url") or None
            if meta.get("date"):
                f.date = find_date(meta["date"])
                if f.date is None:
                    f.exact = _exact(meta["date"])
        if f.title is None:
            h = re.search(r"^#\s+(.+?)\s*#*\s*$", text, re.M)
            if h:
                f.title = h.group(1)
                text = text[: h.start()] + text[h.end():]
        return read_text_article(text, f)


@register_importer
class ArticleHTML(_ArticleImporter):
    name = "article_html"
    version = "1"
    description = "A news article web page (meta tags, <article> paragraphs)"
    fields = ("og:title|h1|title, og:site_name|publisher, article:published_time|time[datetime]|date meta, "
              "canonical|og:url, <article> (else page) paragraphs")
    suffixes: ClassVar[tuple[str, ...]] = (".html", ".htm")

    @classmethod
    def sniff(cls, path: Path, head: str) -> float:
        if base_suffix(path) not in (".html", ".htm", ".xhtml"):
            return 0.0
        low = head[:4096].lower()
        return 0.8 if "<html" in low or "<article" in low or "<!doctype html" in low else 0.4

    def _fields(self, text: str) -> ArticleFields:
        from bs4 import BeautifulSoup

        soup = BeautifulSoup(text, "html.parser")

        def meta(*names: str) -> str | None:
            for n in names:
                tag = soup.find("meta", attrs={"property": n}) or soup.find("meta", attrs={"name": n})
                if tag is not None and str(tag.get("content") or "").strip():
                    return str(tag.get("content")).strip()
            return None

        f = ArticleFields()
        h1 = soup.find("h1")
        f.title = meta("og:title") or (h1.get_text(" ", strip=True) if h1 else None) or (
            soup.title.get_text(strip=True) if soup.title else None)
        f.outlet = meta("og:site_name", "publisher", "article:publisher")
        canon = soup.find("link", attrs={"rel": "canonical"})
        f.url = (str(canon.get("href")) if canon is not None and canon.get("href") else None) or meta("og:url")
        when = meta("article:published_time", "date", "pubdate", "publishdate", "dc.date")
        if when is None:
            t = soup.find("time")
            when = str(t.get("datetime") or t.get_text(strip=True)) if t is not None else None
        if when:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", when.strip()) or (find_date(when) and "T" not in when):
                f.date = find_date(when)
            else:
                f.exact = _exact(when)
        root = soup.find("article") or soup.body or soup
        paras = [p.get_text(" ", strip=True) for p in root.find_all("p")]
        f.body = "\n\n".join(p for p in paras if p)
        return f
