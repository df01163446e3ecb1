"""The situation report on a SYNTHETIC store (tests/_web_data.py): sections, findings, evidence, escaping."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tests._web_data import HOSTILE, HOSTILE2, build
from yuqing.analyses import Analysis, Result, Subject, analyses, get_analysis
from yuqing.cli import get_app
from yuqing.reports import build_report, render_html, resolve_refs, split_ref, write_report
from yuqing.store import Store, open_store

# more examples for a deeper local search: YUQING_FUZZ_EXAMPLES=2000 pytest ...
_EXAMPLES = int(os.environ.get("YUQING_FUZZ_EXAMPLES", "60"))

pytestmark = pytest.mark.xdist_group("report")
SUBJECT = Subject("合成领袖", company="合成科技", symbol="DEMO.HK", index="DEMOIDX")


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> tuple[Store, Any, str, Path]:
    d = tmp_path_factory.mktemp("report")
    store = open_store(str(d / "s.duckdb"))
    build(store)
    out = d / "report.html"
    rep = write_report(store, "合成领袖", None, None, out, subject=SUBJECT)
    return store, rep, out.read_text("utf-8"), d


def test_one_section_per_registered_analysis(world: tuple[Store, Any, str, Path]) -> None:
    _, rep, html, _ = world
    names = [sv.section.name for sv in rep.sections]
    assert sorted(names) == sorted(analyses())
    for sv in rep.sections:
        assert sv.section.status in ("ok", "no_data", "not_configured", "error")
        assert f'id="sec-{sv.section.name}"' in html
    status = {sv.section.name: sv.section.status for sv in rep.sections}
    assert status["cadence"] == status["silences"] == status["followers"] == status["drawdown"] == "ok"
    assert status["trending"] == "no_data"  # no trending lists in the synthetic store: said, not hidden
    assert "no data: no records in the range" in html


def test_findings_quote_the_computed_figures(world: tuple[Store, Any, str, Path]) -> None:
    _, rep, _, _ = world
    by = {sv.section.name: sv for sv in rep.sections}
    sil = by["silences"].section.result
    assert sil is not None
    planted = [s for s in sil.data["silences"] if str(s["start"]).startswith("2025-01-30")]
    assert planted, sil.data["silences"]
    texts = [f.finding.text for f in by["silences"].findings]
    assert any(str(planted[0]["start"]) in t and str(planted[0]["days"]) in t for t in texts)
    cad = by["cadence"].section.result
    assert cad is not None
    assert by["cadence"].findings[0].finding.text.startswith(f"合成领袖 wrote {cad.data['total']} items")
    dd = by["drawdown"].section.result
    assert dd is not None
    assert f"{dd.data['max_drawdown']['change'] * 100:+.1f}%" in " ".join(f.finding.text for f in by["drawdown"].findings)


def test_every_evidence_link_reaches_an_appendix_with_source_lines(world: tuple[Store, Any, str, Path]) -> None:
    _, rep, html, _ = world
    links = re.findall(r'class="evidence-link" href="#([^"]+)"', html)
    assert len(links) >= 3
    for a in links:
        assert f'id="{a}"' in html
    anchors = {item.anchor: item for item in rep.appendix}
    recs = [r for a in links for r in anchors[a].records]
    assert recs and all(r.found for r in recs)
    assert any(r.source.startswith("synthetic/posts.jsonl:") for r in recs)
    assert any(r.source.startswith("synthetic/prices.csv:") for r in recs)


def test_hostile_post_text_is_escaped(world: tuple[Store, Any, str, Path]) -> None:
    _, _, html, _ = world
    for payload in (HOSTILE, HOSTILE2):
        assert payload not in html
    # no script tag other than the inline ECharts library and the chart initialisers
    assert html.count("<script>") == 1 + html.count('class="yq-chart"')
    body = html.split("</script>", 1)[1]  # after the inline ECharts library
    assert "<img" not in body and "&lt;img src=x" in body


def test_hostile_text_in_chart_data_cannot_close_the_script() -> None:
    from yuqing.reports.charts import echarts_div

    div = echarts_div({"title": {"text": HOSTILE2}, "series": []}, "c1")
    assert "</script><script>" not in div
    assert div.count("</script>") == 1


def test_empty_store_gives_no_data_sections(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "e.duckdb"))
    rep = build_report(store, "nobody", names=["cadence", "followers", "drawdown", "trending"])
    assert [sv.section.status for sv in rep.sections] == ["no_data", "no_data", "no_data", "not_configured"]
    assert all(sv.section.reason for sv in rep.sections)
    html = render_html(rep, echarts_inline=False)
    assert html.count('data-status="no_data"') == 3 and "No finding in this report has records" in html


def test_refs_resolve_and_unknown_are_marked(world: tuple[Store, Any, str, Path]) -> None:
    store = world[0]
    got = resolve_refs(store, ["posts/weibo/p0005", "posts/weibo/nope", "bogus/1", "prices/DEMO.HK/2025-01-02/none"])
    assert [r.found for r in got] == [True, False, False, True]
    assert got[0].author == "合成领袖" and got[0].source.startswith("synthetic/posts.jsonl:")
    assert got[3].time == "2025-01-02"
    with pytest.raises(ValueError, match="keyed by"):
        split_ref("posts/only-one-part")


class _Bare(Analysis):  # not registered: only the default findings are under test
    name = "brand_new"

    def run(self, store: Store) -> Result:
        raise NotImplementedError


def test_default_findings_state_rows_and_evidence() -> None:
    res = Result("brand_new", {}, {"x": 1}, [{"a": 1}, {"a": 2}], {"peak": ["posts/weibo/1"]}, None)
    fs = _Bare().findings(res)
    assert fs[0].text == "The analysis returned 2 rows." and fs[1].evidence == "peak"


def test_a_result_of_the_wrong_shape_raises_instead_of_a_fallback() -> None:
    """The old report caught KeyError/TypeError/... in a finder and printed generic sentences instead."""
    cadence = get_analysis("cadence")(account="x")
    wrong = Result("cadence", {}, {"total": 3, "periods": [{"no_period_key": 1}]}, [{"a": 1}], {}, None)
    with pytest.raises(KeyError):
        cadence.findings(wrong)


def test_a_finder_bug_is_an_error_section_not_generic_sentences(world: tuple[Store, Any, str, Path],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    store = world[0]
    cls = get_analysis("cadence")

    def broken(self: Analysis, res: Result) -> list[Any]:
        raise TypeError("finder does not fit the result")

    monkeypatch.setattr(cls, "findings", broken)
    rep = build_report(store, SUBJECT, names=["cadence"])
    sec = rep.sections[0].section
    assert sec.status == "error" and "finder does not fit the result" in sec.reason
    assert rep.sections[0].findings == []


def test_cli_report_json(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.duckdb")
    store = open_store(db)
    build(store)
    store.close()
    out = tmp_path / "cli.html"
    r = CliRunner().invoke(get_app(), ["--db", db, "report", "合成领袖", "--only", "silences", "--only", "trending",
                                       "--since", "2025-01-01", "--until", "2025-03-01", "--out", str(out), "-f", "json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert [s["analysis"] for s in data["sections"]] == ["silences", "trending"]
    assert data["sections"][0]["status"] == "ok" and data["sections"][0]["findings"]
    assert data["since"] == "2025-01-01" and data["html"] == str(out) and out.exists()
    bad = CliRunner().invoke(get_app(), ["--db", db, "report", "x", "--since", "2025-13-01",
                                         "--out", str(out)])
    assert bad.exit_code != 0 and "--since" in bad.output


@settings(max_examples=_EXAMPLES, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>&\"'/!-scriptSCRIPT 合成\u2028")), max_size=40))
def test_any_text_is_escaped_in_tables_and_chart_json(text: str) -> None:
    from yuqing.reports._evidence import EvidenceRecord
    from yuqing.reports.charts import echarts_div, option_json
    from yuqing.reports.report import environment

    tpl = environment().from_string('{% import "_macros.html.j2" as m %}{{ m.records_table(recs) }}')
    out = tpl.render(recs=[EvidenceRecord("posts/weibo/1", "posts", True, "t", text, text, "f", 1)])
    assert "<" not in re.sub(r"</?(table|thead|tbody|tr|th|td|em)\b[^>]*>", "", out)
    js = option_json({"title": {"text": text}})
    assert "</" not in js and "<!--" not in js
    assert json.loads(js.replace("<\\/", "</").replace("<\\!--", "<!--"))["title"]["text"] == text
    assert echarts_div({"t": text}, "c").count("</script>") == 1


def test_data_coverage_table_counts_what_is_stored(world: tuple[Store, Any, str, Path]) -> None:
    store, rep, html, _ = world
    posts = {c["group"]: c["rows"] for c in rep.coverage if c["table"] == "posts"}
    assert sum(posts.values()) == store.counts()["posts"] and posts
    assert {c["table"] for c in rep.coverage} >= {"posts", "trending", "prices", "follower_snapshots", "articles"}
    assert rep.as_dict()["coverage"] == rep.coverage
    assert '<h2 id="coverage">Data coverage</h2>' in html


def test_data_coverage_is_the_same_on_both_backends(any_store: Store) -> None:
    from yuqing.reports import data_coverage

    build(any_store)
    rows = data_coverage(any_store)
    by = {(c["table"], c["group"]): c for c in rows}
    posts = [c for c in rows if c["table"] == "posts"]
    assert sum(c["rows"] for c in posts) == any_store.counts()["posts"]
    assert all(c["first"] <= c["last"] for c in rows if c["rows"])
    assert by[("metrics", "")]["rows"] == 0 or any(c["table"] == "metrics" for c in rows)


def test_a_report_runs_each_analysis_once(world: tuple[Store, Any, str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """The incidents section runs the other analyses; their own sections reuse those results."""
    store = world[0]
    cls = get_analysis("silences")
    calls: list[int] = []
    original = cls.run

    def counted(self: Analysis, st: Store) -> Result:
        calls.append(1)
        return original(self, st)

    monkeypatch.setattr(cls, "run", counted)
    rep = build_report(store, SUBJECT, names=["incidents", "silences"])
    assert [sv.section.name for sv in rep.sections] == ["incidents", "silences"]
    assert rep.sections[1].section.status == "ok" and len(calls) == 1
    monkeypatch.setattr(cls, "run", counted)
    build_report(store, SUBJECT, names=["silences"])
    assert len(calls) == 2  # a new report computes again: nothing is kept across reports
