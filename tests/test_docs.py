"""The documentation matches the code: every command and analysis is documented, every citation is real.

Driven by the code, like sqlite-utils' ``tests/test_docs.py``: the command tree comes from the real CLI app
(``yuqing.cli.get_app``, the app behind ``yuqing.cli:main``), the analyses from the registry. Each item is its
own test case, so a missing one names itself.

Conventions checked here (stated at the top of ``docs/cli.md``): in ``docs/cli.md`` every ``##`` and ``###``
heading is a command path, written plainly (``## ingest``, ``### coordination show``): ``##`` for a top-level
command or group, ``###`` for a subcommand. In ``docs/analyses.md`` every analysis has a ``## NAME`` heading.
"""

from __future__ import annotations

import glob
import re
import shlex
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import typer

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
README = ROOT / "README.md"
CLI_MD = DOCS / "cli.md"
ANALYSES_MD = DOCS / "analyses.md"
README_LIMIT = 10_240  # bytes


def _doc_files() -> list[Path]:
    return [README, *sorted(DOCS.glob("*.md"))]


def _rel(p: Path) -> str:
    return p.relative_to(ROOT).as_posix()


# ---------------------------------------------------------------------------------------------------------
# The command tree of the real CLI


@cache
def _root() -> Any:
    from yuqing.cli import get_app

    return typer.main.get_command(get_app())


def _subcommands(cmd: Any) -> dict[str, Any]:
    return dict(getattr(cmd, "commands", None) or {})


@cache
def command_paths() -> tuple[str, ...]:
    """Every command path of the CLI, groups included: ``ingest``, ``coordination``, ``coordination show``."""
    out: list[str] = []

    def walk(cmd: Any, path: tuple[str, ...]) -> None:
        for name, sub in _subcommands(cmd).items():
            out.append(" ".join((*path, name)))
            walk(sub, (*path, name))

    walk(_root(), ())
    return tuple(out)


# ---------------------------------------------------------------------------------------------------------
# Markdown helpers

_FENCE = re.compile(r"^(```|~~~)")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


def _split_fences(text: str) -> tuple[list[str], list[str]]:
    """(lines outside fenced code blocks, lines inside them)."""
    prose: list[str] = []
    code: list[str] = []
    fence: str | None = None
    for line in text.splitlines():
        m = _FENCE.match(line.lstrip())
        if m and (fence is None or m.group(1) == fence):
            fence = m.group(1) if fence is None else None
            continue
        (code if fence else prose).append(line)
    return prose, code


def _headings(path: Path) -> list[tuple[int, str]]:
    prose, _ = _split_fences(path.read_text(encoding="utf-8"))
    found = []
    for line in prose:
        m = _HEADING.match(line)
        if m:
            found.append((len(m.group(1)), m.group(2).strip()))
    return found


def _cli_headings() -> dict[str, int]:
    """Command path -> heading level of every ``##``/``###`` heading of docs/cli.md."""
    return {text.strip("`"): level for level, text in _headings(CLI_MD) if level in (2, 3)}


# ---------------------------------------------------------------------------------------------------------
# 1. every command is documented in docs/cli.md, and nothing else is


@pytest.mark.parametrize("path", command_paths())
def test_command_documented_in_cli_md(path: str) -> None:
    headings = _cli_headings()
    level = 1 + len(path.split())
    assert path in headings, f"docs/cli.md has no heading {'#' * level} {path}"
    assert headings[path] == level, f"docs/cli.md: `{path}` should be a level-{level} heading ({'#' * level})"


def test_no_documented_command_that_does_not_exist() -> None:
    unknown = sorted(set(_cli_headings()) - set(command_paths()))
    assert not unknown, f"docs/cli.md documents commands the CLI does not have: {unknown}"


# ---------------------------------------------------------------------------------------------------------
# 2. every registered analysis has a section in docs/analyses.md


def _analysis_names() -> list[str]:
    from yuqing.analyses import analyses

    return list(analyses())


@pytest.mark.parametrize("name", _analysis_names())
def test_analysis_documented(name: str) -> None:
    sections = {text.strip("`") for level, text in _headings(ANALYSES_MD) if level == 2}
    assert name in sections, f"docs/analyses.md has no section ## {name}"


# ---------------------------------------------------------------------------------------------------------
# 3. every repository path cited in README.md and docs/*.md exists

# a path starting at the repository root: not inside a longer path, URL or module name
_PATH = re.compile(r"(?<![\w./~$-])((?:tests|docs|bench|src)/[\w./*{},-]*[\w*}/])")


def _expand_braces(p: str) -> list[str]:
    m = re.search(r"\{([^{}]*)\}", p)
    if not m:
        return [p]
    return [x for alt in m.group(1).split(",") for x in _expand_braces(p[: m.start()] + alt + p[m.end() :])]


def cited_paths() -> list[tuple[str, str]]:
    cases: set[tuple[str, str]] = set()
    for doc in _doc_files():
        for m in _PATH.finditer(doc.read_text(encoding="utf-8")):
            p = m.group(1).rstrip(".")
            cases.add((_rel(doc), p))
    return sorted(cases)


@pytest.mark.parametrize(("doc", "path"), cited_paths(), ids=lambda v: v)
def test_cited_path_exists(doc: str, path: str) -> None:
    missing = []
    for p in _expand_braces(path):
        if any(c in p for c in "*?["):
            if not glob.glob(str(ROOT / p)):
                missing.append(p)
        elif not (ROOT / p).exists():
            missing.append(p)
    assert not missing, f"{doc} cites {path}, which does not exist: {missing}"


# ---------------------------------------------------------------------------------------------------------
# 4. every `yuqing COMMAND ...` cited in code names an existing command

_INLINE = re.compile(r"(?<!`)`([^`]+)`(?!`)")
# a token that stands for a value, not a command name: COMMAND, <name>, [OPTIONS], ..., $VAR
_PLACEHOLDER = re.compile(r"^(?:[A-Z][A-Z0-9_]*(?:[|:.][A-Z0-9_]*)*|[<\[{($].*|\.\.\.|…)$")
_SEPARATORS = {"|", "||", "&&", ";", "&", ">", ">>", "<", "2>", "2>&1"}
# words before a bare ``yuqing`` that make it a package or module name, not the program
_NOT_A_RUN = {"install", "uninstall", "import", "from", "add", "remove", "show", "pip", "as", "package"}


def _code_snippets(text: str) -> list[str]:
    """Fenced code lines (continuations joined) and inline code spans of the prose."""
    prose, code = _split_fences(text)
    snippets: list[str] = []
    buf = ""
    for line in code:
        if line.rstrip().endswith("\\"):
            buf += line.rstrip()[:-1] + " "
            continue
        snippets.append(buf + line)
        buf = ""
    if buf:
        snippets.append(buf)
    for paragraph in re.split(r"\n\s*\n", "\n".join(prose)):  # a code span may wrap onto the next line
        snippets += _INLINE.findall(paragraph.replace("\n", " "))
    return snippets


def _tokens(snippet: str) -> list[str]:
    s = snippet.replace("\\|", "|").strip()
    s = re.sub(r"^[$>]\s+", "", s)  # a shell prompt
    try:
        return shlex.split(s, comments=True)
    except ValueError:  # unbalanced quotes in an excerpt
        return s.split()


def _global_options() -> dict[str, bool]:
    """Options of the root command -> whether they take a value."""
    opts = {"--help": False}
    for p in _root().params:
        if getattr(p, "param_type_name", "") == "option":
            for o in [*p.opts, *p.secondary_opts]:
                opts[o] = not p.is_flag
    return opts


def _is_yuqing(tokens: list[str], i: int) -> bool:
    """``tokens[i]`` runs the program ``yuqing`` (``.venv/bin/yuqing``, ``nice -n 5 yuqing``, ``python -m yuqing``),
    not a package name (``pip install yuqing``, ``import yuqing``)."""
    t = tokens[i]
    if t.endswith("/yuqing"):
        return True
    return t == "yuqing" and (i == 0 or tokens[i - 1] not in _NOT_A_RUN)


def cited_commands(snippet: str) -> list[list[str]]:
    """The words after each ``yuqing`` (global options skipped) of one code snippet."""
    tokens = _tokens(snippet)
    gopts = _global_options()
    found = []
    for i in range(len(tokens)):
        if not _is_yuqing(tokens, i):
            continue
        j = i + 1
        while j < len(tokens):
            name = tokens[j].split("=", 1)[0]
            if name not in gopts:
                break
            j += 1 if "=" in tokens[j] or not gopts[name] else 2
        words = []
        for t in tokens[j:]:
            if t in _SEPARATORS or t.startswith("-") or _PLACEHOLDER.match(t):
                break
            words.append(t)
        if words:
            found.append(words)
    return found


def resolve(words: list[str]) -> str | None:
    """The command path the words name, or None when the first word (or a subcommand) does not exist.

    ``a|b`` (alternatives written in docs) must all exist. After a group, a further bare word must be one of
    its subcommands; after a leaf command, the remaining words are its arguments.
    """
    cmd = _root()
    path: list[str] = []
    for w in words:
        subs = _subcommands(cmd)
        if not subs:
            break
        alternatives = w.split("|")
        if not all(a in subs for a in alternatives):
            return None
        path.append(w)
        cmd = subs[alternatives[0]]
    return " ".join(path) or None


def _case_key(words: list[str]) -> list[str]:
    """The words that name the command (``coordination show``), without its arguments (one case per command)."""
    first = _subcommands(_root()).get(words[0].split("|")[0])
    return words[:2] if first is not None and _subcommands(first) else words[:1]


def cited_command_cases() -> list[tuple[str, str]]:
    cases: set[tuple[str, str]] = set()
    for doc in _doc_files():
        for snippet in _code_snippets(doc.read_text(encoding="utf-8")):
            for words in cited_commands(snippet):
                cases.add((_rel(doc), " ".join(_case_key(words))))
    return sorted(cases)


@pytest.mark.parametrize(("doc", "words"), cited_command_cases(), ids=lambda v: v)
def test_cited_command_exists(doc: str, words: str) -> None:
    assert resolve(words.split()) is not None, (
        f"{doc} cites `yuqing {words}`, which is not a command (commands: {', '.join(command_paths())})"
    )


# the parser itself, on the forms the docs use


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        ("yuqing --db my.duckdb ingest ./my_weibo_export.csv", [["ingest", "./my_weibo_export.csv"]]),
        ("$ yuqing --db=x.duckdb coordination show c1 -f json", [["coordination", "show", "c1"]]),
        ("printf 'a\\n' | yuqing nlp classify zh-polarity", [["nlp", "classify", "zh-polarity"]]),
        ("YUQING_DB=x .venv/bin/yuqing status", [["status"]]),
        ("nice -n 15 .venv/bin/yuqing nlp evaluate TASK --mode accurate", [["nlp", "evaluate"]]),
        ("/usr/bin/time -v yuqing --db x.duckdb coordination --no-save", [["coordination"]]),
        (
            "yuqing --db x.duckdb sentiment && yuqing --db x.duckdb mood account:A",
            [["sentiment"], ["mood", "account:A"]],
        ),
        ("from yuqing import open_store", []),
        ("python -m yuqing alerts check --rules r.yaml", [["alerts", "check"]]),
        ("yuqing COMMAND --help", []),
        ("yuqing --help", []),
        ("pip install yuqing", []),
        ("yuqing.analyses.register_analysis", []),
        ("yuqing nlp train\\|classify TASK", [["nlp", "train|classify"]]),
    ],
)
def test_command_parser(snippet: str, expected: list[list[str]]) -> None:
    assert cited_commands(snippet) == expected


def test_resolve() -> None:
    assert resolve(["coordination", "show", "c1"]) == "coordination show"
    assert resolve(["coordination"]) == "coordination"
    assert resolve(["ingest", "alerts"]) == "ingest"  # an argument of a leaf command
    assert resolve(["alerts", "nonexistent"]) is None
    assert resolve(["nonexistent"]) is None


# ---------------------------------------------------------------------------------------------------------
# 5. the README stays short


def test_readme_size() -> None:
    size = README.stat().st_size
    assert size < README_LIMIT, (
        f"README.md is {size} bytes; keep it under {README_LIMIT} (details go to docs/)"
    )
