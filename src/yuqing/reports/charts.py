"""Charts: standalone HTML with the vendored ECharts, and PNG/SVG through matplotlib for reports.

Every analysis builds an ECharts *option* dict from its computed figures (never from anything else), and
may provide a matplotlib drawing for static output. :func:`echarts_html` embeds the vendored
``echarts.min.js`` inline so the HTML opens offline, from a file, with nothing fetched.
"""

from __future__ import annotations

import functools
import html
import logging
import shutil
import subprocess
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import orjson

_log = logging.getLogger(__name__)
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


#: CJK-capable families, most preferred first
CJK_FONT_NAMES = (
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "AR PL UMing CN",
    "Droid Sans Fallback",
    "PingFang SC",
    "Microsoft YaHei",
    "SimHei",
)
#: where the usual CJK font packages put their files (Debian/Ubuntu fonts-wqy-*, fonts-noto-cjk, macOS, Windows)
CJK_FONT_FILES = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/System/Library/Fonts/PingFang.ttc",
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/simhei.ttf",
)
_FONT_SUFFIXES = (".ttf", ".ttc", ".otf")


@functools.cache
def _cjk_font_files() -> tuple[str, ...]:
    """Font files that cover Chinese: the known paths that exist, then what fontconfig lists for ``:lang=zh``."""
    found = [p for p in CJK_FONT_FILES if Path(p).is_file()]
    fc_list = shutil.which("fc-list")
    if fc_list:
        try:
            res = subprocess.run(
                [fc_list, "--format", "%{file}\n", ":lang=zh"], capture_output=True, text=True, timeout=20
            )
        except (OSError, subprocess.SubprocessError) as exc:
            _log.warning("fc-list failed, only the known CJK font paths are tried: %s", exc)
        else:
            found += sorted(
                ln.strip() for ln in res.stdout.splitlines() if ln.strip().lower().endswith(_FONT_SUFFIXES)
            )
    return tuple(dict.fromkeys(found))


def cjk_fonts() -> list[str]:
    """Register every CJK font file found with matplotlib and return the CJK-capable family names it knows.

    The files are added with ``fontManager.addfont`` (each call adds those not yet known), so a font installed
    after matplotlib built its font cache (the cache lists only the fonts present at that time) is still used.
    """
    from matplotlib import font_manager

    fm = font_manager.fontManager
    known = {f.fname for f in fm.ttflist}
    added: set[str] = set()
    for path in _cjk_font_files():
        if path not in known:
            try:
                fm.addfont(path)
            except (OSError, RuntimeError, ValueError) as exc:  # unreadable or unsupported font file
                _log.warning("cannot load font %s: %s", path, exc)
                continue
        added.add(path)
    names = {f.name for f in fm.ttflist}
    preferred = [n for n in CJK_FONT_NAMES if n in names]
    others = sorted({f.name for f in fm.ttflist if f.fname in added} - set(preferred))
    return preferred + others


class _SingleWeightFilter(logging.Filter):
    """Drops matplotlib's "Failed to find font weight normal for <font>, now using 500" for the CJK fonts set
    here: WenQuanYi Zen Hei has one weight (500), so the substitution is expected and not worth a warning on
    every text lookup."""

    def __init__(self, names: frozenset[str]) -> None:
        super().__init__()
        self.names = names

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args if isinstance(record.args, tuple) else ()
        return not (
            str(record.msg).startswith("findfont: Failed to find font weight")
            and len(args) == 3
            and args[1] in self.names
        )


@functools.cache
def _quiet_weight_warnings(names: tuple[str, ...]) -> None:
    logging.getLogger("matplotlib.font_manager").addFilter(_SingleWeightFilter(frozenset(names)))


def _cjk_font() -> None:
    """Use a CJK-capable font when one is installed (Noto/WenQuanYi/...), so Chinese labels render: the CJK
    families go first in ``font.sans-serif``, the previous list stays as the fallback."""
    import matplotlib

    names = cjk_fonts()
    if names:
        _quiet_weight_warnings(tuple(names))
        rest = [n for n in matplotlib.rcParams["font.sans-serif"] if n not in names and n != "DejaVu Sans"]
        matplotlib.rcParams["font.sans-serif"] = [*names, "DejaVu Sans", *rest]
    matplotlib.rcParams["axes.unicode_minus"] = False


def display_option(option: dict[str, Any]) -> dict[str, Any]:
    """An analysis's ECharts option as pages show it: no animation, the legend kept off the title."""
    opt: dict[str, Any] = {**option, "animation": False}
    legend = opt.get("legend")
    if opt.get("title") and isinstance(legend, dict) and "top" not in legend:
        opt["legend"] = {**legend, "top": 28}
        grid = opt.get("grid")
        if grid is None or (isinstance(grid, dict) and "top" not in grid):
            opt["grid"] = {**(grid or {}), "top": 70}
    return opt
