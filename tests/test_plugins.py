"""Third-party plugins use the same hooks as the built-ins: an installed distribution's entry points register an
importer, an analysis and a CLI command group, and yuqing picks them up with no change to its code."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

PLUGIN = '''
"""A third-party plugin (test fixture)."""
from __future__ import annotations

from typing import Any

import typer

from yuqing.analyses import Analysis, Result, register_analysis
from yuqing.store.base import Store


@register_analysis
class PostCount(Analysis):
    name = "plugin_post_count"
    description = "Number of stored posts (a third-party analysis)."

    def __init__(self, platform: str | None = None) -> None:
        self.platform = platform

    def run(self, store: Store) -> Result:
        t = store.table("posts")
        if self.platform:
            t = t.filter(t.platform == self.platform)
        n = int(t.count().execute())
        return Result(self.name, self.get_params(), {"posts": n}, [{"posts": n}], {}, None)


def register(app: typer.Typer) -> None:
    @app.command("plugin-hello")
    def hello() -> None:
        """Say hello from a plugin."""
        print("hello from a plugin")
'''


def _install_fake_distribution(site: Path) -> None:
    (site / "yuqing_testplugin.py").write_text(PLUGIN, encoding="utf-8")
    dist = site / "yuqing_testplugin-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: yuqing-testplugin\nVersion: 0.1\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text(
        "[yuqing.analyses]\ncount = yuqing_testplugin\n\n[yuqing.cli]\nhello = yuqing_testplugin\n", encoding="utf-8"
    )


def test_entry_points_register_analysis_and_command(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    _install_fake_distribution(site)
    script = textwrap.dedent(f"""
        import json, sys
        from typer.testing import CliRunner
        from yuqing.analyses import analyses
        from yuqing.cli import get_app
        from yuqing.store import open_store

        names = sorted(analyses())
        store = open_store({str(tmp_path / "p.duckdb")!r})
        res = analyses()["plugin_post_count"]().run(store)
        store.close()
        out = CliRunner().invoke(get_app(), ["plugin-hello"]).output
        print(json.dumps({{"names": names, "data": res.data, "cli": out}}))
    """)
    env = {**os.environ, "PYTHONPATH": str(site) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=300)
    assert r.returncode == 0, r.stderr
    got = json.loads(r.stdout.strip().splitlines()[-1])
    assert "plugin_post_count" in got["names"] and "impact" in got["names"]
    assert got["data"] == {"posts": 0}
    assert got["cli"].strip() == "hello from a plugin"


FULL_PLUGIN = '''
"""A third-party analysis written against the public contract only (test fixture)."""
from __future__ import annotations

from datetime import date
from typing import ClassVar

from yuqing.analyses import Analysis, Detection, Finding, Result, register_analysis
from yuqing.core import ref
from yuqing.store.base import Store


@register_analysis
class DailyPosts(Analysis):
    name = "plugin_daily_posts"
    title = "Plugin: posts per day"
    order = 5
    description = "Posts per UTC day of one account (a third-party analysis)."
    subject_params: ClassVar[dict[str, str]] = {"account": "account"}
    required = ("account",)

    def __init__(self, account: str = "", min_posts: int = 2) -> None:
        self.account = account
        self.min_posts = min_posts

    def run(self, store: Store) -> Result:
        got = store.fetchall(
            "SELECT CAST(created_at AS DATE) AS d, platform, post_id FROM posts WHERE account_name = ? "
            "ORDER BY 1, 3", [self.account])
        by_day: dict[str, list[str]] = {}
        for d, platform, pid in got:
            by_day.setdefault(d.isoformat(), []).append(ref("posts", platform, pid))
        rows = [{"day": d, "posts": len(refs)} for d, refs in by_day.items()]
        chart = {"xAxis": {"type": "category", "data": list(by_day)}, "yAxis": {"type": "value"},
                 "series": [{"type": "bar", "data": [r["posts"] for r in rows]}]}
        return Result(self.name, self.get_params(), {"days": rows}, rows, by_day, chart if rows else None)

    def findings(self, res: Result) -> list[Finding]:
        top = max(res.rows, key=lambda r: r["posts"])
        return [Finding(f"PLUGIN-FINDING: the busiest day was {top['day']} with {top['posts']} posts.", top["day"])]

    def signals(self, res: Result) -> list[Detection]:
        return [Detection(self.name, "busy_day", date.fromisoformat(r["day"]), date.fromisoformat(r["day"]),
                          float(r["posts"]), f"{r['posts']} posts", r["day"])
                for r in res.rows if r["posts"] >= self.min_posts]
'''

POSTS = [
    {"platform": "weibo", "post_id": f"P{i}", "account_id": "42", "account_name": "测试者", "kind": "post",
     "created_at": f"2025-03-{day:02d}T04:00:00+00:00", "text": f"synthetic post {i}"}
    for i, day in enumerate([1, 1, 1, 2, 3, 3], start=1)
]


def test_a_plugin_analysis_appears_in_cli_report_dashboard_api_and_alerts(tmp_path: Path) -> None:
    """The acceptance test of the analysis contract: one entry point, no other edit anywhere."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "yuqing_fullplugin.py").write_text(FULL_PLUGIN, encoding="utf-8")
    dist = site / "yuqing_fullplugin-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: yuqing-fullplugin\nVersion: 0.1\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text("[yuqing.analyses]\ndaily = yuqing_fullplugin\n", encoding="utf-8")
    data = tmp_path / "posts.jsonl"
    data.write_text('{"yuqing":"native","version":1,"synthetic":true}\n' + "".join(
        json.dumps({"table": "posts", "row": p}, ensure_ascii=False) + "\n" for p in POSTS), encoding="utf-8")
    db = str(tmp_path / "p.duckdb")
    (tmp_path / "rules.yaml").write_text(
        "rules:\n  - name: busy\n    type: signal\n    analysis: plugin_daily_posts\n"
        "    params: {account: 测试者, min_posts: 2}\n", encoding="utf-8")
    script = textwrap.dedent(f"""
        import json
        from fastapi.testclient import TestClient
        from typer.testing import CliRunner
        from yuqing.cli import get_app
        from yuqing.store import open_store

        db, out = {db!r}, {{}}
        cli = get_app()
        def invoke(*args):
            r = CliRunner().invoke(cli, ["--db", db, *args])
            assert r.exit_code == 0, (args, r.output)
            return r.stdout
        invoke("ingest", {str(data)!r})
        out["run"] = json.loads(invoke("run", "plugin_daily_posts", "-p", "account=测试者", "-f", "json"))
        out["run_findings"] = json.loads(invoke("run", "plugin_daily_posts", "-p", "account=测试者", "--findings",
                                                "--signals", "-f", "json"))
        out["listed"] = invoke("run", "-f", "json")
        out["report"] = json.loads(invoke("report", "测试者", "-o", {str(tmp_path / "r.html")!r}, "-f", "json"))
        out["html"] = open({str(tmp_path / "r.html")!r}, encoding="utf-8").read()
        out["alerts"] = json.loads(invoke("alerts", "check", "-r", {str(tmp_path / "rules.yaml")!r}, "--dry-run",
                                          "-f", "json"))
        from yuqing.web.app import create_app
        store = open_store(db)
        with TestClient(create_app(store)) as c:
            out["api_list"] = c.get("/api/analyses").json()
            r = c.get("/api/analysis/plugin_daily_posts", params={{"account": "测试者"}})
            out["api"] = [r.status_code, r.json()]
            r = c.get("/analysis/plugin_daily_posts", params={{"account": "测试者"}})
            out["page"] = [r.status_code, r.text]
            out["overview"] = c.get("/entity/测试者").text
        store.close()
        print(json.dumps(out, ensure_ascii=False))
    """)
    env = {**os.environ, "PYTHONPATH": str(site) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=600)
    assert r.returncode == 0, r.stderr[-4000:]
    got = json.loads(r.stdout.strip().splitlines()[-1])
    want_rows = [{"day": "2025-03-01", "posts": 3}, {"day": "2025-03-02", "posts": 1}, {"day": "2025-03-03", "posts": 2}]
    # CLI: the generic command runs it, lists it, prints its findings and signals
    assert got["run"]["days"] == want_rows
    assert "plugin_daily_posts" in got["listed"]
    assert got["run_findings"]["findings"][0]["evidence"] == "2025-03-01"
    assert [s["start"] for s in got["run_findings"]["signals"]] == ["2025-03-01", "2025-03-03"]
    # report: its section in its order (5), parameters filled from the subject, its finding and evidence shown
    names = [s["analysis"] for s in got["report"]["sections"]]
    assert names.index("plugin_daily_posts") < names.index("cadence")  # order 5: before the built-ins' 10
    sec = got["report"]["sections"][names.index("plugin_daily_posts")]
    assert (sec["title"], sec["status"]) == ("Plugin: posts per day", "ok")
    assert sec["findings"][0]["text"].startswith("PLUGIN-FINDING: the busiest day was 2025-03-01 with 3 posts")
    assert sec["findings"][0]["records"] == 3
    assert "PLUGIN-FINDING" in got["html"] and "Plugin: posts per day" in got["html"]
    # alerts: a generic signal rule fires on its detections
    assert sorted(a["figures"]["start"] for a in got["alerts"]["new"]) == ["2025-03-01", "2025-03-03"]
    # dashboard and API
    assert "plugin_daily_posts" in [a["name"] for a in got["api_list"]]
    assert got["api"][0] == 200 and got["api"][1]["rows"] == want_rows
    assert got["api"][1]["findings"][0]["text"].startswith("PLUGIN-FINDING")
    assert got["page"][0] == 200 and "Plugin: posts per day" in got["page"][1] and "PLUGIN-FINDING" in got["page"][1]
    assert "Plugin: posts per day" in got["overview"] and "/analysis/plugin_daily_posts" in got["overview"]


def test_without_the_plugin_it_is_absent() -> None:
    from yuqing.analyses import analyses

    assert "plugin_post_count" not in analyses()
