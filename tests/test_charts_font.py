"""Static charts (PNG/SVG through matplotlib) render Chinese labels with a CJK font, even when matplotlib's font
cache was built before the font was installed (the cache then lists no CJK font at all)."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import pytest

from yuqing.reports import charts

_NO_FONT = (
    "no CJK-capable font found (looked at {files} and `fc-list :lang=zh`): Chinese chart labels would render as "
    "empty boxes. Install one, e.g. the Debian package fonts-wqy-zenhei (`make deb`, part of `make test`)."
)


def _draw(ax: Any) -> None:
    ax.plot(["3月29日", "3月30日", "3月31日"], [-1, 2, 3], label="雷军 微博粉丝")
    ax.set_xlabel("日期")
    ax.set_ylabel("变化（万）")
    ax.legend()


def _render(tmp_path: Path, suffix: str) -> list[str]:
    """Messages of the glyph warnings raised while rendering a chart with Chinese labels."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = charts.save_chart(tmp_path / f"zh{suffix}", {}, "小米汽车 舆情：粉丝变化", _draw)
    assert out.stat().st_size > 0
    return [str(w.message) for w in caught if "Glyph" in str(w.message) and "missing" in str(w.message)]


def _require_cjk_font() -> list[str]:
    names = charts.cjk_fonts()
    assert names, _NO_FONT.format(files=", ".join(charts.CJK_FONT_FILES[:3]) + ", ...")
    return names


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_chinese_labels_have_glyphs(tmp_path: Path, suffix: str) -> None:
    _require_cjk_font()
    missing = _render(tmp_path, suffix)
    assert missing == [], missing[:3]


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_stale_font_cache(tmp_path: Path, suffix: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A font cache without the CJK fonts (built before they were installed): the fonts are added at render."""
    from matplotlib import font_manager

    _require_cjk_font()
    fm = font_manager.fontManager
    cjk_files = set(charts._cjk_font_files())
    stale = [f for f in fm.ttflist if f.fname not in cjk_files]
    assert len(stale) < len(fm.ttflist)
    monkeypatch.setattr(fm, "ttflist", stale)
    clear = fm._findfont_cached.cache_clear  # type: ignore[attr-defined]  # private matplotlib cache of findfont
    clear()
    try:
        missing = _render(tmp_path, suffix)
        assert {f.fname for f in fm.ttflist} & cjk_files, "the CJK font files were not registered again"
    finally:
        clear()
    assert missing == [], missing[:3]
