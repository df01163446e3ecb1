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

import difflib
import hashlib
import inspect
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import KW_ONLY, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa
import yaml

from yuqing.analyses._registry import Analysis
from yuqing.core import InputError, NotFoundError, UsageError
from yuqing.store.base import Store
from yuqing.store.extra.subjects import SUBJECTS

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

_PLATFORM = re.compile(r"^[a-z][a-z0-9_]*$")


def _norm(text: str) -> str:
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
            kind, matcher = _term(self.name, raw)
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
        t = _norm(text or "")
        if any(_hit(m, t) for m in self._none):
            return False
        if not all(_hit(m, t) for m in self._all):
            return False
        return not self._any or any(_hit(m, t) for m in self._any)


def _term(group: str, raw: str) -> tuple[str, Any]:
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
    return kind, _norm(s)


def _hit(matcher: Any, text: str) -> bool:
    if isinstance(matcher, str):
        return matcher in text
    return matcher.search(text) is not None


def creator_hash(account_id: str) -> str:
    """MediaCrawler's ``creator_hash`` of a platform user id: the first 16 hex digits of its sha256."""
    return hashlib.sha256(str(account_id).encode("utf-8")).hexdigest()[:16]


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
        return _build(_wrap(data), where)


# ---------------------------------------------------------------------------------------------------------
# Reading subjects files: a YAML tree whose every value knows its line


@dataclass(frozen=True)
class _Node:
    value: Any  # a scalar, list[_Node] or dict[str, tuple[int, _Node]] (key line, value)
    line: int


def _wrap(v: Any, line: int = 0) -> _Node:
    if isinstance(v, dict):
        return _Node({str(k): (line, _wrap(x, line)) for k, x in v.items()}, line)
    if isinstance(v, list | tuple):
        return _Node([_wrap(x, line) for x in v], line)
    return _Node(v, line)


class _Loader(yaml.SafeLoader):
    """SafeLoader whose timestamps stay text (a subject has no dates; ``2025-01-01`` is a name then)."""


def _timestamp(loader: _Loader, node: yaml.ScalarNode) -> str:
    return str(loader.construct_scalar(node))


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def _compose(text: str, path: str) -> _Node | None:
    loader = _Loader(text)
    try:
        root = loader.get_single_node()

        def conv(node: yaml.Node) -> _Node:
            line = node.start_mark.line + 1
            if isinstance(node, yaml.MappingNode):
                loader.flatten_mapping(node)
                out: dict[str, tuple[int, _Node]] = {}
                for k, v in node.value:
                    key = conv(k)
                    kline = k.start_mark.line + 1
                    if not isinstance(key.value, str | int) or isinstance(key.value, bool):
                        raise InputError(path, kline, f"a key must be text, got {key.value!r}")
                    name = str(key.value)
                    if name in out:
                        raise InputError(path, kline, f"duplicate key {name!r}")
                    out[name] = (kline, conv(v))
                return _Node(out, line)
            if isinstance(node, yaml.SequenceNode):
                return _Node([conv(x) for x in node.value], line)
            return _Node(loader.construct_object(node, deep=True), line)

        return conv(root) if root is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = str(getattr(exc, "problem", None) or exc)
        if isinstance(exc, yaml.constructor.ConstructorError) and "tag" in problem:
            problem += " (quote a term that starts with '!': '!word')"
        raise InputError(path, mark.line + 1 if mark else 0, f"not valid YAML: {problem}") from exc
    finally:
        loader.dispose()


def _text(n: _Node, path: str, what: str) -> str:
    v = n.value
    if isinstance(v, bool) or not isinstance(v, str | int) or not str(v).strip():
        raise InputError(path, n.line, f"{what} must be non-empty text, got {v!r}")
    return str(v).strip()


def _opt_text(n: _Node | None, path: str, what: str) -> str | None:
    if n is None or n.value is None:
        return None
    return _text(n, path, what)


def _texts(n: _Node | None, path: str, what: str) -> tuple[str, ...]:
    """A list of texts (a single text counts as a list of one)."""
    if n is None or n.value is None:
        return ()
    if isinstance(n.value, dict):
        raise InputError(path, n.line, f"{what} must be a list of texts, got a mapping")
    items = n.value if isinstance(n.value, list) else [n]
    return tuple(dict.fromkeys(_text(x, path, f"an item of {what}") for x in items))


def _account(text: str, line: int, path: str) -> tuple[str, str]:
    platform, sep, ident = text.partition(":")
    platform, ident = platform.strip(), ident.strip()
    if not sep or not ident or not _PLATFORM.match(platform):
        raise InputError(path, line, f"account {text!r}: write PLATFORM:ID, e.g. weibo:1749127163 "
                                     "(platform in lower case)")
    return platform, ident


def _accounts(n: _Node | None, path: str) -> tuple[tuple[str, str], ...]:
    if n is None or n.value is None:
        return ()
    out: list[tuple[str, str]] = []
    if isinstance(n.value, dict):  # {weibo: 1749127163, x: [leijun, ...]}
        for platform, (kline, v) in n.value.items():
            for ident in _texts(v, path, f"accounts.{platform}"):
                out.append(_account(f"{platform}:{ident}", kline, path))
    elif isinstance(n.value, list):
        for item in n.value:
            out.append(_account(_text(item, path, "an account"), item.line, path))
    else:
        out.append(_account(_text(n, path, "accounts"), n.line, path))
    return tuple(dict.fromkeys(out))


def _keywords(n: _Node | None, path: str) -> tuple[KeywordGroup, ...]:
    if n is None or n.value is None:
        return ()
    pairs: list[tuple[str, int, _Node]] = []
    if isinstance(n.value, dict):  # {su7: [SU7, 小米汽车]}
        pairs = [(name, kline, v) for name, (kline, v) in n.value.items()]
    elif isinstance(n.value, list):  # [{name: su7, terms: [...]}]
        for item in n.value:
            if not isinstance(item.value, dict) or set(item.value) - {"name", "terms"} or "name" not in item.value:
                raise InputError(path, item.line, "a keyword group is written NAME: [TERMS] or {name: NAME, terms: "
                                                  "[TERMS]}")
            terms = item.value.get("terms", (item.line, _Node([], item.line)))[1]
            pairs.append((_text(item.value["name"][1], path, "a keyword group's name"), item.line, terms))
    else:
        raise InputError(path, n.line, "keywords must be a mapping GROUP: [TERMS]")
    groups: list[KeywordGroup] = []
    for name, line, terms in pairs:
        items = terms.value if isinstance(terms.value, list) else [terms]
        for t in items:
            if t.value is None or isinstance(t.value, dict | list):
                raise InputError(path, t.line, f"keyword group {name!r}: a term must be text, got {t.value!r}")
        try:
            groups.append(KeywordGroup(str(name), tuple(_text(t, path, "a term") for t in items)))
        except UsageError as exc:
            bad = next((t.line for t in items if _bad_term(str(name), t.value)), terms.line or line)
            raise InputError(path, bad, str(exc)) from exc
    return tuple(groups)


def _bad_term(group: str, term: Any) -> bool:
    try:
        _term(group, str(term))
    except UsageError:
        return True
    return False


def _build(n: _Node, path: str) -> Subject:
    if not isinstance(n.value, dict):
        raise InputError(path, n.line, f"a subject must be a mapping (name: ..., aliases: ...), got {n.value!r}")
    d = n.value
    unknown = [k for k in d if k not in SUBJECT_KEYS]
    if unknown:
        raise InputError(path, d[unknown[0]][0], f"unknown subject field {unknown[0]!r}; known: "
                                                  f"{', '.join(SUBJECT_KEYS)}")
    if "name" not in d:
        raise InputError(path, n.line, "a subject needs a name")

    def get(key: str) -> _Node | None:
        return d[key][1] if key in d else None

    name = _text(d["name"][1], path, "name")
    return Subject(
        _opt_text(get("entity"), path, "entity") or name,
        account=_opt_text(get("account"), path, "account"),
        company=_opt_text(get("organisation"), path, "organisation"),
        symbol=_opt_text(get("symbol"), path, "symbol"),
        index=_opt_text(get("index"), path, "index"),
        series=_opt_text(get("series"), path, "series"),
        platform=_opt_text(get("platform"), path, "platform"),
        terms=_texts(get("terms"), path, "terms"),
        name=name,
        aliases=_texts(get("aliases"), path, "aliases"),
        accounts=_accounts(get("accounts"), path),
        organisation_aliases=_texts(get("organisation_aliases"), path, "organisation_aliases"),
        keywords=_keywords(get("keywords"), path),
        competitors=_texts(get("competitors"), path, "competitors"),
    )


def load_subjects(path: str | Path) -> list[Subject]:
    """Read a subjects file (YAML with a ``subjects:`` list); raises InputError naming the file, line and reason."""
    p = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(p, 0, f"cannot read the subjects file ({getattr(exc, 'strerror', None) or exc})") from exc
    doc = _compose(text, p)
    if doc is None or not isinstance(doc.value, dict) or "subjects" not in doc.value:
        raise InputError(p, doc.line if doc else 1, "expected a mapping with a 'subjects:' list")
    extra = [k for k in doc.value if k != "subjects"]
    if extra:
        raise InputError(p, doc.value[extra[0]][0], f"unknown top-level key {extra[0]!r} (only 'subjects:')")
    kline, items = doc.value["subjects"]
    if not isinstance(items.value, list) or not items.value:
        raise InputError(p, kline, "'subjects:' must be a non-empty list of subjects")
    out: list[Subject] = []
    seen: dict[str, int] = {}
    for item in items.value:
        s = _build(item, p)
        if s.name in seen:
            raise InputError(p, item.line, f"subject {s.name!r} is already defined on line {seen[s.name]}")
        seen[s.name] = item.line
        out.append(s)
    return out


# ---------------------------------------------------------------------------------------------------------
# The table ``subjects``


def save_subjects(store: Store, subjects: Iterable[Subject]) -> dict[str, str]:
    """Store the subjects (one transaction), replacing stored ones of the same name; returns name → ``added`` or
    ``replaced``."""
    subs = list(subjects)
    if not subs:
        return {}
    names = [s.name for s in subs]
    if len(set(names)) != len(names):
        dup = next(n for n in names if names.count(n) > 1)
        raise UsageError(f"subject {dup!r} given twice")
    now = datetime.now(UTC).replace(tzinfo=None)
    rows = [{"name": s.name, "subject": orjson.dumps(s.to_dict()).decode(), "updated_at": now} for s in subs]
    out: dict[str, str] = {}
    with store.transaction():
        marks = ", ".join("?" for _ in names)
        stored = {str(r[0]) for r in store.fetchall(f"SELECT name FROM subjects WHERE name IN ({marks})", names)}
        store.execute(f"DELETE FROM subjects WHERE name IN ({marks})", names)
        store.append(SUBJECTS, pa.Table.from_pylist(rows, schema=SUBJECTS.arrow_schema()))
    for n in names:
        out[n] = "replaced" if n in stored else "added"
    return out


def _rows(store: Store) -> list[tuple[str, str, datetime | None]]:
    if not store.has_table("subjects"):
        return []
    return [(str(r[0]), str(r[1]), r[2]) for r in
            store.fetchall("SELECT name, subject, updated_at FROM subjects ORDER BY name")]


def _decode(name: str, text: str) -> Subject:
    return Subject.from_dict(orjson.loads(text), f"stored subject {name!r}")


def list_subjects(store: Store) -> list[Subject]:
    """Every stored subject, by name."""
    return [_decode(n, t) for n, t, _ in _rows(store)]


def subject_times(store: Store) -> dict[str, datetime | None]:
    """name → UTC time each stored subject was last added or replaced."""
    return {n: at for n, _, at in _rows(store)}


def _close(name: str, subjects: Sequence[Subject]) -> list[str]:
    candidates = {s.name: s.name for s in subjects}
    for s in subjects:
        for a in (s.entity, *s.aliases):
            candidates.setdefault(a, s.name)
    close = difflib.get_close_matches(name, list(candidates), n=8, cutoff=0.4)
    return list(dict.fromkeys(candidates[c] for c in close)) or [s.name for s in subjects][:8]


def get_subject(store: Store, name: str) -> Subject:
    """The stored subject of this name (else the one subject with this entity or alias, ignoring case);
    raises NotFoundError listing close names."""
    subjects = list_subjects(store)
    for s in subjects:
        if s.name == name:
            return s
    key = _norm(name)
    hits = [s for s in subjects if key in {_norm(a) for a in (s.name, s.entity, *s.aliases)}]
    if len(hits) == 1:
        return hits[0]
    raise NotFoundError("subject", name, [s.name for s in hits] or _close(name, subjects))


def delete_subject(store: Store, name: str) -> None:
    """Remove the stored subject of exactly this name; raises NotFoundError listing close names."""
    with store.transaction():
        found = store.has_table("subjects") and store.fetchall("SELECT count(*) FROM subjects WHERE name = ?",
                                                                [name])[0][0]
        if not found:
            raise NotFoundError("subject", name, _close(name, list_subjects(store)))
        store.execute("DELETE FROM subjects WHERE name = ?", [name])


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
