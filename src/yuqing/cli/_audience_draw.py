"""Static (PNG/SVG) renderings of the audience analyses' ECharts options, through matplotlib.

Handles the shapes those analyses build: a calendar heat map (``calendar`` + ``heatmap`` series), and a category
x-axis with bar/line/scatter series, shaded ``markArea`` spans and ``markPoint`` markers.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any


def draw_option(option: dict[str, Any]) -> Callable[[Any], None]:
    if option.get("calendar"):
        return lambda ax: _calendar(ax, option)
    return lambda ax: _category(ax, option)


def _calendar(ax: Any, option: dict[str, Any]) -> None:
    import numpy as np

    pts = [(date.fromisoformat(d), v) for s in option["series"] for d, v in s["data"]]
    if not pts:
        return
    first = min(p[0] for p in pts)
    start = first.toordinal() - first.weekday()
    weeks = (max(p[0] for p in pts).toordinal() - start) // 7 + 1
    grid = np.full((7, weeks), np.nan)
    for d, v in pts:
        o = d.toordinal() - start
        grid[o % 7, o // 7] = v
    im = ax.imshow(grid, aspect="auto", cmap="YlOrRd", interpolation="nearest")
    ax.set_yticks(range(7), ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"])
    ticks = list(range(0, weeks, max(1, weeks // 12)))
    ax.set_xticks(ticks, [date.fromordinal(start + 7 * t).isoformat() for t in ticks], rotation=45, fontsize=7)
    ax.figure.colorbar(im, ax=ax, fraction=0.03)


def _category(ax: Any, option: dict[str, Any]) -> None:
    x = list(option["xAxis"]["data"])
    pos = {v: i for i, v in enumerate(x)}
    axes = {0: ax}
    bottoms: dict[str, list[float]] = {}
    colors = [f"C{i}" for i in range(10)]
    for si, s in enumerate(option["series"]):
        color = colors[si % len(colors)]
        yi = int(s.get("yAxisIndex", 0))
        if yi not in axes:
            axes[yi] = ax.twinx()
            ys = option.get("yAxis")
            if isinstance(ys, list) and len(ys) > yi and ys[yi].get("inverse"):
                axes[yi].invert_yaxis()
        a = axes[yi]
        ys_ = [float("nan") if v is None else float(v) for v in s["data"]]
        if s["type"] == "bar":
            stack = s.get("stack")
            base = bottoms.get(stack, [0.0] * len(ys_)) if stack else [0.0] * len(ys_)
            a.bar(range(len(ys_)), [0 if v != v else v for v in ys_], bottom=base, label=s.get("name"), width=0.9,
                  color=color)
            if stack:
                bottoms[stack] = [b + (0 if v != v else v) for b, v in zip(base, ys_, strict=True)]
        elif s["type"] == "scatter":
            a.scatter(range(len(ys_)), ys_, s=6, label=s.get("name"), color="black")
        else:
            a.plot(range(len(ys_)), ys_, lw=1, label=s.get("name"), color=color)
        for span in (s.get("markArea") or {}).get("data", []):
            lo, hi = pos.get(span[0]["xAxis"]), pos.get(span[1]["xAxis"])
            if lo is not None and hi is not None:
                ax.axvspan(lo - 0.5, hi + 0.5, color="red", alpha=0.15)
        for mp in (s.get("markPoint") or {}).get("data", []):
            if "coord" in mp and mp["coord"][0] in pos:
                a.scatter([pos[mp["coord"][0]]], [mp["coord"][1]], marker="x", color="red", s=40, zorder=5)
                a.annotate(mp.get("name", ""), (pos[mp["coord"][0]], mp["coord"][1]), fontsize=7, color="red")
    step = max(1, len(x) // 12)
    ax.set_xticks(range(0, len(x), step), [x[i] for i in range(0, len(x), step)], rotation=45, fontsize=7, ha="right")
    if len(option["series"]) > 1:
        handles, labels = [], []
        for a in axes.values():
            h, lab = a.get_legend_handles_labels()
            handles += h
            labels += lab
        ax.legend(handles, labels, fontsize=7, loc="upper left")
