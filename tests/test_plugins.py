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


def test_without_the_plugin_it_is_absent() -> None:
    from yuqing.analyses import analyses

    assert "plugin_post_count" not in analyses()
