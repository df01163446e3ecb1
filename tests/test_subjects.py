"""Subjects: the YAML file, the table ``subjects`` (DuckDB and PostgreSQL), keyword groups, creator_hash matching,
and ``--subject`` on ``report``, ``run`` and ``serve`` (on the SYNTHETIC store of tests/_web_data.py)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests._web_data import build
from yuqing.analyses import (
    SUBJECT_FIELDS,
    KeywordGroup,
    Subject,
    creator_hash,
    delete_subject,
    get_analysis,
    get_subject,
    list_subjects,
    load_subjects,
    plan,
    save_subjects,
)
from yuqing.cli import get_app
from yuqing.core import InputError, NotFoundError, UsageError
from yuqing.store import Store, open_store

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "subjects" / "leijun.yaml"
runner = CliRunner()


def _invoke(*args: str) -> Any:
    return runner.invoke(get_app(), list(args))


def _write(tmp_path: Path, text: str, name: str = "s.yaml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


# ---------------------------------------------------------------------------------------------------------
# The old-style subject is unchanged


def test_old_style_subject_fields_are_unchanged() -> None:
    s = Subject("周明", company="火星科技", symbol="MARS.HK", index="^HSI", series="trending:周明", platform="weibo")
    assert s.name == "周明" and s.aliases == () and s.accounts == ()
    assert s.field("account") == "周明" and s.field("account_target") == "account:周明"
    assert s.field("organisation") == "火星科技" and s.field("terms") == ("周明", "火星科技")
    assert (s.field("symbol"), s.field("index"), s.field("series"), s.field("platform")) == \
        ("MARS.HK", "^HSI", "trending:周明", "weibo")
    assert Subject("A", account="acc").match_terms() == ("A", "acc")
    assert Subject("A", terms=("x", "y")).match_terms() == ("x", "y")
    assert Subject("A").field("organisation") == "A" and Subject("A").field("keywords") is None
    assert Subject("A") == Subject("A", name="A")
    assert set(SUBJECT_FIELDS) >= {"account", "account_target", "organisation", "symbol", "index", "series",
                                   "platform", "terms", "events", "names", "organisation_names", "account_keys",
                                   "keywords", "competitors"}


def test_alias_aware_terms_and_names() -> None:
    s = Subject("雷军", company="小米", aliases=("Lei Jun", "雷總"), organisation_aliases=("Xiaomi",))
    assert s.match_terms() == ("雷军", "小米", "Lei Jun", "雷總", "Xiaomi")
    assert s.field("names") == ("雷军", "Lei Jun", "雷總")
    assert s.field("organisation_names") == ("小米", "Xiaomi")
    given = Subject("雷军", terms=("SU7",), aliases=("Lei Jun",))
    assert given.match_terms() == ("SU7", "雷军", "Lei Jun")


# ---------------------------------------------------------------------------------------------------------
# Keyword groups


@pytest.mark.parametrize(
    ("terms", "text", "expected"),
    [
        (("SU7", "小米汽车"), "小米SU7发布", True),
        (("SU7", "小米汽车"), "小米手机发布", False),
        (("SU7",), "ｓｕ７ 真好看", True),  # full width and case folded
        (("SU7", "!车模"), "SU7 车模 特价", False),
        (("SU7", "!车模"), "SU7 试驾", True),
        (("+小米", "+SU7"), "小米 SU7", True),
        (("+小米", "+SU7"), "SU7 only", False),
        (("+/SU\\s*7|小米汽车/", "事故", "起火"), "SU 7 高速事故", True),
        (("+/SU\\s*7|小米汽车/", "事故", "起火"), "小米汽车 发布会", False),  # required, but none of the plain terms
        (("+/SU\\s*7|小米汽车/", "事故", "起火"), "某车起火", False),  # plain term, required one missing
        (("/^lei\\s?jun$/",), "Lei Jun", True),
        (("/^lei\\s?jun$/",), "Lei Juno", False),
        (("SU7", "!/车模|模型/"), "SU7 模型", False),
        (("\\+86",), "call +86 10", True),
        (("\\!important",), "!important", True),
        (("+雷军",), "雷军说", True),
    ],
)
def test_keyword_group_semantics(terms: tuple[str, ...], text: str, expected: bool) -> None:
    assert KeywordGroup("g", terms).matches(text) is expected


def test_keyword_group_errors_and_parse() -> None:
    with pytest.raises(UsageError, match="at least one plain or required"):
        KeywordGroup("g", ("!a", "!b"))
    with pytest.raises(UsageError, match="bad regular expression"):
        KeywordGroup("g", ("/(/",))
    with pytest.raises(UsageError, match="empty term"):
        KeywordGroup("g", ("+",))
    g = KeywordGroup.parse("su7=+小米, SU7 ,!车模")
    assert g == KeywordGroup("su7", ("+小米", "SU7", "!车模"))
    assert g.matches("小米 SU7") and not g.matches("小米 SU7 车模")
    with pytest.raises(UsageError, match="GROUP="):
        KeywordGroup.parse("no-equals-sign")


# ---------------------------------------------------------------------------------------------------------
# creator_hash


def test_account_keys_match_creator_hash() -> None:
    uid = "1749127163"
    h = hashlib.sha256(uid.encode()).hexdigest()[:16]
    assert creator_hash(uid) == h and len(h) == 16
    s = Subject("雷军", accounts=(("weibo", uid), ("x", "leijun")))
    keys = list(s.account_keys())
    assert keys[:2] == [("weibo", uid), ("weibo", h)] and ("x", "leijun") in keys
    assert s.matches_account("weibo", h) and s.matches_account("weibo", uid) and s.matches_account(None, h)
    assert not s.matches_account("douyin", h) and not s.matches_account("weibo", "0" * 16)
    assert f"weibo:{h}" in s.field("account_keys")
    assert Subject("x").field("account_keys") is None


# ---------------------------------------------------------------------------------------------------------
# The YAML file and the store


def test_example_file_loads() -> None:
    subs = load_subjects(EXAMPLE)
    lei = subs[0]
    assert lei.name == "雷军" and {"Lei Jun", "雷總", "leijun", "雷总"} <= set(lei.aliases)
    assert lei.accounts == (("weibo", "1749127163"),)
    assert lei.company == "小米" and {"小米集团", "Xiaomi", "Xiaomi Corporation", "小米汽车"} <= set(
        lei.organisation_aliases)
    assert (lei.symbol, lei.index, lei.series) == ("1810.HK", "^HSI", "trending:雷军|小米")
    su7 = next(g for g in lei.keywords if g.name == "su7")
    assert su7.matches("小米SU7交付") and not su7.matches("SU7 车模")
    assert lei.competitors == ("王传福",) and subs[1].name == "王传福"


def test_yaml_round_trip_through_the_store(any_store: Store) -> None:
    subs = load_subjects(EXAMPLE)
    assert save_subjects(any_store, subs) == {"雷军": "added", "王传福": "added"}
    assert list_subjects(any_store) == sorted(subs, key=lambda s: s.name)
    assert get_subject(any_store, "雷军") == subs[0]
    assert get_subject(any_store, "lei jun") == subs[0]  # a unique alias, ignoring case
    assert Subject.from_dict(subs[0].to_dict()) == subs[0]
    changed = Subject("雷军", symbol="1810.HK", aliases=("Lei Jun",))
    assert save_subjects(any_store, [changed]) == {"雷军": "replaced"}
    assert get_subject(any_store, "雷军") == changed
    assert len(list_subjects(any_store)) == 2
    delete_subject(any_store, "雷军")
    assert [s.name for s in list_subjects(any_store)] == ["王传福"]
    with pytest.raises(NotFoundError) as exc:
        get_subject(any_store, "雷军x")
    assert exc.value.exit_code == 4
    with pytest.raises(NotFoundError):
        delete_subject(any_store, "雷军")


def test_accounts_as_mapping_and_single_items(tmp_path: Path) -> None:
    p = _write(tmp_path, "subjects:\n  - name: A\n    aliases: Ay\n    accounts: {weibo: 123, x: [a, b]}\n"
                         "    keywords:\n      - {name: g, terms: [one, '+two']}\n    terms: 2025-01-01\n")
    (s,) = load_subjects(p)
    assert s.aliases == ("Ay",) and s.accounts == (("weibo", "123"), ("x", "a"), ("x", "b"))
    assert s.keywords == (KeywordGroup("g", ("one", "+two")),) and s.terms == ("2025-01-01",)


BAD = [
    ("subjects:\n  - name: A\n    colour: red\n", 3, "unknown subject field 'colour'"),
    ("subjects:\n  - name: A\n  - aliases: [x]\n", 3, "needs a name"),
    ("subjects:\n  - name: A\n    accounts: [weibo-123]\n", 3, "PLATFORM:ID"),
    ("subjects:\n  - name: A\n    keywords:\n      g:\n        - ok\n        - '/(/'\n", 6, "regular expression"),
    ("subjects:\n  - name: A\n    keywords:\n      g: ['!x']\n", 4, "at least one plain"),
    ("subjects:\n  - name: A\n  - name: A\n", 3, "already defined on line 2"),
    ("subjects:\n  - name: A\n    symbol: [1, 2]\n", 3, "symbol must be non-empty text"),
    ("subjects:\n  - name: A\n    aliases: [x, {y: 1}]\n", 3, "an item of aliases"),
    ("subjects:\n  - name: A\n    name: B\n", 3, "duplicate key 'name'"),
    ("subjects:\n  - name: A\n    keywords:\n      g:\n        - x\n        - !y\n", 6, "quote a term"),
    ("subjects:\n  - name: [A\n", 3, "not valid YAML"),
    ("rules: []\n", 1, "'subjects:' list"),
    ("subjects: []\n", 1, "non-empty list"),
    ("subjects:\n  - just a name\n", 2, "must be a mapping"),
]


@pytest.mark.parametrize(("text", "line", "reason"), BAD, ids=[b[2] for b in BAD])
def test_bad_yaml_names_file_and_line(tmp_path: Path, text: str, line: int, reason: str) -> None:
    p = _write(tmp_path, text)
    with pytest.raises(InputError) as exc:
        load_subjects(p)
    assert exc.value.path == str(p) and exc.value.line == line, str(exc.value)
    assert reason in exc.value.reason
    assert str(exc.value).startswith(f"{p}:{line}: ")


def test_bad_file_leaves_the_store_unchanged(tmp_path: Path) -> None:
    db = str(tmp_path / "s.duckdb")
    assert _invoke("--db", db, "subject", "load", str(EXAMPLE)).exit_code == 0
    before = json.loads(_invoke("--db", db, "subject", "list", "-f", "json").stdout)
    bad = _write(tmp_path, "subjects:\n  - name: 雷军\n    symbol: X\n  - name: New\n    oops: 1\n")
    r = _invoke("--db", db, "subject", "load", str(bad))
    assert r.exit_code == 2 and f"{bad}:5: unknown subject field 'oops'" in r.output
    assert json.loads(_invoke("--db", db, "subject", "list", "-f", "json").stdout) == before
    assert _invoke("--db", db, "subject", "load", str(tmp_path / "missing.yaml")).exit_code == 2


def test_save_is_one_transaction(duck: Store) -> None:
    save_subjects(duck, [Subject("A", symbol="1")])

    class Boom(RuntimeError):
        pass

    with pytest.raises(Boom), duck.transaction():
        save_subjects(duck, [Subject("A", symbol="2"), Subject("B")])
        raise Boom
    assert [(s.name, s.symbol) for s in list_subjects(duck)] == [("A", "1")]


# ---------------------------------------------------------------------------------------------------------
# The commands


def test_subject_commands(tmp_path: Path) -> None:
    db = str(tmp_path / "c.duckdb")
    r = _invoke("--db", db, "subject", "add", "雷军", "--alias", "Lei Jun", "--alias", "雷總",
                "--account", "weibo:1749127163", "--organisation", "小米", "--org-alias", "Xiaomi",
                "--symbol", "1810.HK", "--index", "^HSI", "--series", "trending:雷军|小米",
                "--keywords", "su7=SU7,小米汽车,!车模", "--keywords", "safety=+SU7,事故", "-f", "json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["stored"] == "added"
    shown = json.loads(_invoke("--db", db, "subject", "show", "雷军", "-f", "json").stdout)
    assert shown == {
        "name": "雷军", "entity": "雷军", "account": None, "aliases": ["Lei Jun", "雷總"],
        "accounts": ["weibo:1749127163"], "organisation": "小米", "organisation_aliases": ["Xiaomi"],
        "symbol": "1810.HK", "index": "^HSI", "series": "trending:雷军|小米", "platform": None, "terms": [],
        "keywords": {"su7": ["SU7", "小米汽车", "!车模"], "safety": ["+SU7", "事故"]}, "competitors": [],
    }
    table = _invoke("--db", db, "subject", "show", "雷军")
    assert table.exit_code == 0 and creator_hash("1749127163") in table.output
    listed = json.loads(_invoke("--db", db, "subject", "list", "-f", "json").stdout)
    assert [s["name"] for s in listed] == ["雷军"] and listed[0]["updated_at"]
    again = _invoke("--db", db, "subject", "add", "雷军", "--symbol", "1810.HK", "-f", "json")
    assert json.loads(again.stdout)["stored"] == "replaced"
    bad = _invoke("--db", db, "subject", "add", "X", "--account", "nocolon")
    assert bad.exit_code == 2 and "PLATFORM:ID" in bad.output
    bad = _invoke("--db", db, "subject", "add", "X", "--keywords", "g=!only")
    assert bad.exit_code == 2 and "at least one plain" in bad.output
    missing = _invoke("--db", db, "subject", "show", "雷君")
    assert missing.exit_code == 4 and "雷军" in missing.output
    assert _invoke("--db", db, "subject", "remove", "雷军").exit_code == 0
    assert _invoke("--db", db, "subject", "remove", "雷军").exit_code == 4
    assert json.loads(_invoke("--db", db, "subject", "list", "-f", "json").stdout) == []


def test_subject_commands_on_postgres(pg_url: str, tmp_path: Path) -> None:
    r = _invoke("--db", pg_url, "subject", "load", str(EXAMPLE), "-f", "json")
    assert r.exit_code == 0, r.output
    assert [x["stored"] for x in json.loads(r.stdout)] == ["added", "added"]
    shown = json.loads(_invoke("--db", pg_url, "subject", "show", "雷军", "-f", "json").stdout)
    assert Subject.from_dict(shown) == load_subjects(EXAMPLE)[0]


# ---------------------------------------------------------------------------------------------------------
# --subject on report, run and serve (SYNTHETIC store)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> str:
    d = tmp_path_factory.mktemp("subjects")
    db = str(d / "w.duckdb")
    store = open_store(db)
    build(store)
    save_subjects(store, [
        Subject("合成领袖", company="合成科技", symbol="DEMO.HK", index="DEMOIDX"),
        Subject("合成领袖", company="合成科技", symbol="DEMO.HK", index="DEMOIDX", name="领袖",
                aliases=("Synthetic Leader",), accounts=(("weibo", "L1"),), organisation_aliases=("Synth Tech",)),
        Subject("合成领袖", name="bare"),
    ])
    store.close()
    return db


def _report(db: str, out: Path, *args: str) -> dict[str, Any]:
    r = _invoke("--db", db, "report", *args, "--since", "2025-01-01", "--until", "2025-03-01", "--out", str(out),
                "-f", "json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    data.pop("generated_at")
    return dict(data)


def test_report_subject_equals_report_with_the_same_flags(world: str, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    flags = ["--company", "合成科技", "--symbol", "DEMO.HK", "--index", "DEMOIDX"]
    plain = _report(world, out, "合成领袖", *flags)
    assert _report(world, out, "--subject", "合成领袖") == plain
    # a subject with aliases: the same report as the flags plus its alias-aware terms
    s = Subject("合成领袖", company="合成科技", aliases=("Synthetic Leader",), name="领袖",
                organisation_aliases=("Synth Tech",))
    match = [a for t in s.match_terms() for a in ("--match", t)]
    only = [a for n in ("cadence", "followers", "mood", "trending", "timeline", "drawdown") for a in ("--only", n)]
    assert _report(world, out, "--subject", "领袖", *only) == _report(world, out, "合成领袖", *flags, *match, *only)
    # flags override the stored subject's fields
    assert _report(world, out, "--subject", "bare", *flags, *only) == _report(world, out, "合成领袖", *flags, *only)
    other = _report(world, out, "--subject", "合成领袖", "--symbol", "NOPE.HK", "--only", "drawdown")
    assert other["sections"][0]["status"] == "no_data"


def test_report_subject_errors(world: str, tmp_path: Path) -> None:
    r = _invoke("--db", world, "report", "--out", str(tmp_path / "x.html"))
    assert r.exit_code == 2 and "ENTITY or --subject" in r.output
    r = _invoke("--db", world, "report", "--subject", "合成领", "--out", str(tmp_path / "x.html"))
    assert r.exit_code == 4 and "unknown subject '合成领'" in r.output and "合成领袖" in r.output


def _run(db: str, *args: str) -> Any:
    r = _invoke("--db", db, "run", *args, "-f", "json")
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def test_run_subject_fills_parameters_and_param_wins(world: str) -> None:
    assert _run(world, "drawdown", "--subject", "合成领袖") == _run(world, "drawdown", "--param", "symbol=DEMO.HK")
    assert _run(world, "followers", "--subject", "领袖", "--param", "window_days=10") == \
        _run(world, "followers", "--param", "account=合成领袖", "--param", "window_days=10")
    over = _run(world, "drawdown", "--subject", "合成领袖", "--param", "symbol=DEMOIDX")
    assert over == _run(world, "drawdown", "--param", "symbol=DEMOIDX") and over["symbol"] == "DEMOIDX"
    r = _invoke("--db", world, "run", "drawdown", "--subject", "bare")
    assert r.exit_code == 2 and "not configured: needs symbol" in r.output
    r = _invoke("--db", world, "run", "drawdown", "--subject", "合成领袖", "--param", "nope=1")
    assert r.exit_code == 2 and "unknown parameter" in r.output
    r = _invoke("--db", world, "run", "drawdown", "--subject", "nobody")
    assert r.exit_code == 4


def test_plan_with_a_stored_subject(world: str) -> None:
    store = open_store(world, read_only=True)
    try:
        s = get_subject(store, "领袖")
        params, why = plan(get_analysis("trending"), s, None, None, store)
        assert why == "" and params is not None
        assert params["match"] == ("合成领袖", "合成科技", "领袖", "Synthetic Leader", "Synth Tech")
    finally:
        store.close()


def test_serve_subject_builds_the_default_subject(world: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    import yuqing.web.app as web_app

    seen: dict[str, Any] = {}
    monkeypatch.setattr(web_app, "create_app", lambda store, cfg: seen.setdefault("cfg", cfg))
    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: None)
    r = _invoke("--db", world, "serve", "--subject", "领袖", "--symbol", "OTHER.HK")
    assert r.exit_code == 0, r.output
    cfg = seen["cfg"]
    assert cfg.entity == "合成领袖" and cfg.subject.name == "领袖" and cfg.subject.symbol == "OTHER.HK"
    assert cfg.subject.aliases == ("Synthetic Leader",)
    assert _invoke("--db", world, "serve", "--subject", "nobody").exit_code == 4
