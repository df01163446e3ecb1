"""What an analysis is run about, how a subject fills an analysis's parameters, and where subjects are kept.

A :class:`Subject` names an account (the leader), the organisation it stands for, a share symbol, a market index,
an opinion series and trending terms; a fuller subject also has a display name, the person's aliases in any
language or script, its known accounts per platform, the organisation's aliases, watched keyword groups
(:class:`KeywordGroup`) and competitors (names of other stored subjects). Each analysis declares in
``subject_params`` which of the :data:`SUBJECT_FIELDS` fills which of its parameters; :func:`plan` applies that
for a subject and a date range. A parameter that is required and unknown makes the plan say what is missing;
nothing is guessed.

Subjects are written in YAML (:func:`load_subjects`; errors name the file and line) and stored in the table
``subjects`` (:func:`save_subjects`, :func:`get_subject`, :func:`list_subjects`, :func:`delete_subject`).
The file format and the fields are documented in ``docs/subjects.md``.
"""

from __future__ import annotations

import inspect
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import KW_ONLY, dataclass, field
from datetime import date
from typing import Any

from yuqing.analyses._registry import Analysis
from yuqing.core import UsageError, creator_hash
from yuqing.store.base import Store

SUBJECT_FIELDS: dict[str, str] = {
    "account": "the subject's account (its id or name; the entity when no account is given)",
    "account_target": "'account:' + the account, the target form of mood",
    "organisation": "the organisation (company) name; the entity when none is given",
    "symbol": "the share symbol",
    "index": "the market index symbol",
    "series": "an opinion series spec such as trending:TERM|TERM",
    "platform": "one platform to restrict to",
    "terms": "terms searched in trending lists (given ones, else entity, account and organisation names; "
             "plus the name and every alias when aliases are given)",
    "events": "dated events stored in the range (day precision)",
    "names": "the person's name and aliases (name first)",
    "organisation_names": "the organisation (as 'organisation' gives it) and its aliases",
    "aliases": "the person's aliases (other names, scripts, handles); None when there are none",
    "organisation_aliases": "the organisation's aliases; None when there are none",
    "account_keys": "every known account as 'platform:key', each id also as its creator_hash "
                    "(first 16 hex digits of its sha256); None when no accounts are known",
    "keywords": "the watched keyword groups (KeywordGroup); None when there are none",
    "competitors": "names of other stored subjects (for share of voice); None when there are none",
}

#: the keys of a subject in a subjects file (and in its stored JSON), in the order they are written
SUBJECT_KEYS: tuple[str, ...] = (
    "name", "entity", "account", "aliases", "accounts", "organisation", "organisation_aliases", "symbol",
    "index", "series", "platform", "terms", "keywords", "competitors",
)

PLATFORM_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


def normalise(text: str) -> str:
    """What keyword terms are compared on: NFKC (full-width to ASCII) and case-folded."""
    return unicodedata.normalize("NFKC", text).casefold()


@dataclass(frozen=True)
class KeywordGroup:
    """A watched group of terms. A text matches when every required term (``+word``) occurs in it, no excluded
    term (``!word``) does, and, when the group has plain terms, at least one of them does.

    A term written ``/.../`` is a regular expression (Python syntax, searched anywhere in the text; it may carry
    a ``+`` or ``!`` prefix: ``+/SU ?7/``). Plain terms match as substrings. Both ignore case and compare
    after NFKC normalisation (``ＳＵ７`` matches ``SU7``). ``\\+``, ``\\!`` or ``\\/`` at the start of a term
    stands for the character itself. A group needs at least one plain or required term.
    """

    name: str
    terms: tuple[str, ...]
    _any: tuple[Any, ...] = field(init=False, repr=False, compare=False, hash=False)
    _all: tuple[Any, ...] = field(init=False, repr=False, compare=False, hash=False)
    _none: tuple[Any, ...] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "terms", tuple(self.terms))
        if not str(self.name).strip():
            raise UsageError("a keyword group needs a name")
        kinds: dict[str, list[Any]] = {"any": [], "all": [], "none": []}
        for raw in self.terms:
            kind, matcher = parse_term(self.name, raw)
            kinds[kind].append(matcher)
        if not kinds["any"] and not kinds["all"]:
            raise UsageError(f"keyword group {self.name!r} needs at least one plain or required (+) term")
        object.__setattr__(self, "_any", tuple(kinds["any"]))
        object.__setattr__(self, "_all", tuple(kinds["all"]))
        object.__setattr__(self, "_none", tuple(kinds["none"]))

    @classmethod
    def parse(cls, spec: str) -> KeywordGroup:
        """``'su7=SU7,小米汽车,!模型'`` (the form of ``yuqing subject add --keywords``): name, ``=``, terms
        separated by commas."""
        name, sep, rest = spec.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"--keywords {spec!r}: use GROUP=TERM,TERM,... (+required, !excluded, /regex/)")
        return cls(name.strip(), tuple(t.strip() for t in rest.split(",") if t.strip()))

    def matches(self, text: str) -> bool:
        """Whether ``text`` matches the group (see the class's description)."""
        t = normalise(text or "")
        if any(_hit(m, t) for m in self._none):
            return False
        if not all(_hit(m, t) for m in self._all):
            return False
        return not self._any or any(_hit(m, t) for m in self._any)


def parse_term(group: str, raw: str) -> tuple[str, Any]:
    """(kind, matcher) of one term: kind any | all | none; the matcher a normalised string or a compiled regex."""
    s = str(raw).strip()
    kind = "any"
    if s[:1] == "+":
        kind, s = "all", s[1:].strip()
    elif s[:1] == "!":
        kind, s = "none", s[1:].strip()
    if not s:
        raise UsageError(f"keyword group {group!r}: empty term {raw!r}")
    if len(s) >= 2 and s[0] == "/" and s[-1] == "/":
        try:
            return kind, re.compile(unicodedata.normalize("NFKC", s[1:-1]), re.IGNORECASE)
        except re.error as exc:
            raise UsageError(f"keyword group {group!r}: bad regular expression {s!r} ({exc})") from exc
    if s[:2] in ("\\+", "\\!", "\\/"):
        s = s[1:]
    return kind, normalise(s)


def _hit(matcher: Any, text: str) -> bool:
    if isinstance(matcher, str):
        return matcher in text
    return matcher.search(text) is not None


@dataclass(frozen=True)
class Subject:
    """What the report is about. ``entity`` is the name given on the command line (an account by default).

    The keyword-only fields are those of a stored subject (``docs/subjects.md``); a subject built without them
    behaves exactly as before they existed.
    """

    entity: str
    account: str | None = None
    company: str | None = None
    symbol: str | None = None
    index: str | None = None
    series: str | None = None
    platform: str | None = None
    terms: tuple[str, ...] = ()
    _: KW_ONLY
    name: str = ""
    aliases: tuple[str, ...] = ()
    accounts: tuple[tuple[str, str], ...] = ()
    organisation_aliases: tuple[str, ...] = ()
    keywords: tuple[KeywordGroup, ...] = ()
    competitors: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.name:
            object.__setattr__(self, "name", self.entity)
        for f in ("terms", "aliases", "organisation_aliases", "keywords", "competitors"):
            object.__setattr__(self, f, tuple(getattr(self, f)))
        object.__setattr__(self, "accounts", tuple((str(p), str(i)) for p, i in self.accounts))

    def match_terms(self) -> tuple[str, ...]:
        """Terms searched in trending lists: the given ones, else the entity and company names; when the subject
        has aliases or organisation aliases, also its name, aliases, organisation and organisation aliases."""
        base = self.terms or tuple(dict.fromkeys(t for t in (self.entity, self.account, self.company) if t))
        if not (self.aliases or self.organisation_aliases):
            return base
        names = (self.name, *self.aliases) if self.aliases else ()
        org = ((self.company,) if self.company else ()) + self.organisation_aliases
        return tuple(dict.fromkeys(t for t in (*base, *names, *org) if t))

    def names(self) -> tuple[str, ...]:
        """The person's name and aliases, name first."""
        return tuple(dict.fromkeys(t for t in (self.name, *self.aliases) if t))

    def organisation_names(self) -> tuple[str, ...]:
        """The organisation (the company, else the entity) and its aliases."""
        return tuple(dict.fromkeys(t for t in (self.company or self.entity, *self.organisation_aliases) if t))

    def account_keys(self) -> Iterator[tuple[str, str]]:
        """(platform, key) for each known account: the id or handle as given, then its ``creator_hash`` (the
        first 16 hex digits of its sha256, what MediaCrawler's 2026 exports store instead of user ids)."""
        seen: set[tuple[str, str]] = set()
        for platform, ident in self.accounts:
            for key in (ident, creator_hash(ident)):
                if (platform, key) not in seen:
                    seen.add((platform, key))
                    yield platform, key

    def matches_account(self, platform: str | None, account_id: str | None) -> bool:
        """Whether a stored (platform, account_id) is one of the subject's accounts (its id or its hash)."""
        if not account_id:
            return False
        return any((platform is None or p == platform) and k == account_id for p, k in self.account_keys())

    def field(self, name: str) -> Any:
        """The value of one of :data:`SUBJECT_FIELDS` (``events`` needs the store: see :func:`plan`)."""
        who = self.account or self.entity
        values: dict[str, Any] = {
            "account": who, "account_target": f"account:{who}", "organisation": self.company or self.entity,
            "symbol": self.symbol, "index": self.index, "series": self.series, "platform": self.platform,
            "terms": self.match_terms(),
            "names": self.names(), "organisation_names": self.organisation_names(),
            "aliases": self.aliases or None, "organisation_aliases": self.organisation_aliases or None,
            "account_keys": tuple(f"{p}:{k}" for p, k in self.account_keys()) or None,
            "keywords": self.keywords or None, "competitors": self.competitors or None,
        }
        return values.get(name)

    def to_dict(self) -> dict[str, Any]:
        """The subject as JSON-able data, keyed as in a subjects file (what the store keeps)."""
        return {
            "name": self.name, "entity": self.entity, "account": self.account, "aliases": list(self.aliases),
            "accounts": [f"{p}:{i}" for p, i in self.accounts], "organisation": self.company,
            "organisation_aliases": list(self.organisation_aliases), "symbol": self.symbol, "index": self.index,
            "series": self.series, "platform": self.platform, "terms": list(self.terms),
            "keywords": {g.name: list(g.terms) for g in self.keywords}, "competitors": list(self.competitors),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], where: str = "<subject>") -> Subject:
        """A subject from :meth:`to_dict`'s form (or a subjects file's entry); errors name ``where``."""
        from yuqing.analyses._subject_file import build_subject, wrap

        return build_subject(wrap(data), where)


# ---------------------------------------------------------------------------------------------------------
# Filling an analysis's parameters


def stored_events(store: Store, since: date | None, until: date | None) -> tuple[tuple[date, str], ...]:
    """Dated events of the ``events`` table within the range (day precision), for event studies."""
    sql = "SELECT date, label FROM events WHERE date IS NOT NULL AND (precision IS NULL OR precision = 'day')"
    args: list[Any] = []
    if since:
        sql += " AND date >= ?"
        args.append(since)
    if until:
        sql += " AND date <= ?"
        args.append(until)
    rows = store.fetchall(sql + " ORDER BY date, label", args)
    return tuple((r[0], str(r[1] or "event")) for r in rows)


def plan(
    cls: type[Analysis],
    subject: Subject,
    since: date | None,
    until: date | None,
    store: Store | None = None,
    overrides: dict[str, Any] | None = None,
) -> tuple[dict[str, Any] | None, str]:
    """Constructor arguments for ``cls`` from the subject and range, or (None, reason) when some are missing.

    ``since``/``until`` fill the parameters of those names; overrides win over everything.
    """
    sig = inspect.signature(cls.__init__)
    params: dict[str, Any] = {}
    missing: list[str] = []
    for name, p in sig.parameters.items():
        if name == "self" or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            continue
        val: Any = None
        source = cls.subject_params.get(name)
        if overrides and name in overrides:
            val = overrides[name]
        elif name in ("since", "until"):
            val = since if name == "since" else until
        elif source == "events" and store is not None:
            val = stored_events(store, since, until)
            if not val:
                missing.append(f"{name} (no dated events stored in the range)")
                continue
        elif source is not None:
            val = subject.field(source)
        if val is None:
            if p.default is inspect.Parameter.empty or name in cls.required:
                missing.append(name)
            continue
        params[name] = val
    if missing:
        return None, "not configured: needs " + ", ".join(missing)
    return params, ""
