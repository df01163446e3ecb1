"""Reading subjects files (YAML): every value keeps its line, so a bad file names the file, line and reason."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from yuqing.analyses._subject import PLATFORM_NAME, SUBJECT_KEYS, KeywordGroup, Subject, parse_term
from yuqing.core import InputError, UsageError


@dataclass(frozen=True)
class _Node:
    value: Any  # a scalar, list[_Node] or dict[str, tuple[int, _Node]] (key line, value)
    line: int


def wrap(v: Any, line: int = 0) -> _Node:
    if isinstance(v, dict):
        return _Node({str(k): (line, wrap(x, line)) for k, x in v.items()}, line)
    if isinstance(v, list | tuple):
        return _Node([wrap(x, line) for x in v], line)
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
    if not sep or not ident or not PLATFORM_NAME.match(platform):
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
        parse_term(group, str(term))
    except UsageError:
        return True
    return False


def build_subject(n: _Node, path: str) -> Subject:
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
        s = build_subject(item, p)
        if s.name in seen:
            raise InputError(p, item.line, f"subject {s.name!r} is already defined on line {seen[s.name]}")
        seen[s.name] = item.line
        out.append(s)
    return out
