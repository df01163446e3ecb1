"""Charts: standalone HTML with the vendored ECharts, and PNG/SVG through matplotlib for reports.

Every analysis builds an ECharts *option* dict from its computed figures (never from anything else), and
may provide a matplotlib drawing for static output. :func:`echarts_html` embeds the vendored
``echarts.min.js`` inline so the HTML opens offline, from a file, with nothing fetched.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import orjson

_ECHARTS: str | None = None


def echarts_js() -> str:
    """The vendored ECharts library (Apache-2.0) as text."""
    global _ECHARTS
    if _ECHARTS is None:
        _ECHARTS = (
            resources.files("yuqing.web").joinpath("static/vendor/echarts/echarts.min.js").read_text("utf-8")
        )
    return _ECHARTS


def option_json(option: dict[str, Any]) -> str:
    """JSON for embedding in a <script>: ``</`` is escaped so hostile text cannot close the tag."""
    return orjson.dumps(option, default=str).decode().replace("</", "<\\/").replace("<!--", "<\\!--")


def echarts_div(option: dict[str, Any], chart_id: str, height: int = 420) -> str:
    """A <div> and the script that renders ``option`` into it (needs echarts loaded on the page)."""
    return (
        f'<div id="{html.escape(chart_id)}" class="yq-chart" style="width:100%;height:{height}px"></div>\n'
        f"<script>(function(){{var el=document.getElementById({orjson.dumps(chart_id).decode()});"
        f"var c=echarts.init(el,null,{{renderer:'svg'}});c.setOption({option_json(option)});"
        f"el.setAttribute('data-rendered','1');window.addEventListener('resize',function(){{c.resize();}});}})();"
        f"</script>"
    )


def echarts_html(option: dict[str, Any], title: str, height: int = 480) -> str:
    """A complete standalone HTML page (ECharts inlined) showing one chart."""
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title>"
        f"<script>{echarts_js()}</script></head><body style='font-family:sans-serif;margin:16px'>"
        f"<h2>{html.escape(title)}</h2>{echarts_div(option, 'chart', height)}</body></html>"
    )


def save_chart(
    path: str | Path,
    option: dict[str, Any],
    title: str,
    draw: Callable[[Any], None] | None = None,
) -> Path:
    """Write ``path`` as HTML (ECharts) or, for ``.png``/``.svg``, through ``draw(ax)`` with matplotlib."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix in (".html", ".htm"):
        p.write_text(echarts_html(option, title), encoding="utf-8")
        return p
    if suffix not in (".png", ".svg"):
        raise ValueError(f"{p}: chart output must end in .html, .png or .svg")
    if draw is None:
        raise ValueError(f"{p}: this chart has no static rendering")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    _cjk_font()
    fig, ax = plt.subplots(figsize=(10, 4.5), dpi=110)
    draw(ax)
    ax.set_title(title)
    fig.tight_layout()
    fig.savefig(p, format=suffix[1:])
    plt.close(fig)
    return p


def _cjk_font() -> None:
    """Use a CJK-capable font when one is installed (Noto/WenQuanYi), so Chinese labels render."""
    import matplotlib
    from matplotlib import font_manager

    for name in ("Noto Sans CJK SC", "Noto Sans CJK JP", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "AR PL UMing CN"):
        if any(f.name == name for f in font_manager.fontManager.ttflist):
            matplotlib.rcParams["font.sans-serif"] = [name, "DejaVu Sans"]
            break
    matplotlib.rcParams["axes.unicode_minus"] = False
