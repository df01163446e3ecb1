"""Options shared by several commands (one definition, one help text)."""

from __future__ import annotations

import typer

from yuqing.cli._output import Format

FMT = typer.Option(Format.table, "--format", "-f", help="table, json (stable) or csv")
EVIDENCE = typer.Option(False, "--evidence", help="Include the record references behind each figure")
SHOW = typer.Option(None, "--show-records", help="Print the stored records behind one figure (evidence key or prefix)")
CHART = typer.Option(None, "--chart", help="Write the chart: .html (ECharts, offline), .png or .svg")
SINCE = typer.Option(None, "--since", help="First local day (YYYY-MM-DD)")
UNTIL = typer.Option(None, "--until", help="Last local day (YYYY-MM-DD)")
PLATFORM = typer.Option(None, "--platform", help="Only this platform (weibo, douyin, twitter, ...)")
