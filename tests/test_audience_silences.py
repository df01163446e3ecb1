"""silences on SYNTHETIC timelines: a planted multi-day gap is found, nights and weekends are not, mix shifts."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np
import pytest

from tests._audience_data import add_posts, post
from yuqing.analyses.silences import RateModel, Silences, mix_segments
from yuqing.store import Store

PERSONAL = "今天陪女儿去爬山，开心"
NEWS = "【快讯】新华社报道，近日某地发生地震"


def _timeline(seed: int = 3, days: int = 90, gap: tuple[int, int] | None = (50, 56), personal_until: int = 999,
              ) -> list[dict[str, object]]:
    """SYNTHETIC: ~5 posts per weekday between 09:00 and 22:00 local (+08:00), ~1 on weekend days, nothing at night;
    no posts on days gap[0]..gap[1]-1; personal posts only before day ``personal_until``."""
    rng = np.random.default_rng(seed)
    start = datetime(2025, 3, 3)  # a Monday, local midnight
    rows = []
    i = 0
    for d in range(days):
        if gap and gap[0] <= d < gap[1]:
            continue
        day = start + timedelta(days=d)
        n = rng.poisson(5 if day.weekday() < 5 else 1)
        for _ in range(n):
            local = day + timedelta(hours=9 + float(rng.uniform(0, 13)))
            text = PERSONAL if (d < personal_until and rng.random() < 0.5) else NEWS
            rows.append(post(f"s{i}", local - timedelta(hours=8), text))
            i += 1
    return rows


def test_planted_gap_is_the_only_silence(duck: Store) -> None:
    add_posts(duck, _timeline())
    res = Silences(account="A1").run(duck)
    sil = res.data["silences"]
    assert len(sil) == 1
    s = sil[0]
    # the gap: days 50..55 (2025-04-22 .. 2025-04-27) are empty, so the silence spans them
    assert s["start"].date() <= date(2025, 4, 22) and s["end"].date() >= date(2025, 4, 28)
    assert s["days"] > 6 and s["expected_posts"] > 10 and s["expected_events"] > 5 and s["p_adjusted"] < 0.01
    assert s["return"] is not None and s["return"]["at"] == s["end"]
    assert s["return"]["post"].startswith("posts/weibo/") and s["last_before"].startswith("posts/weibo/")
    assert res.evidence[f"silence {s['start'].isoformat()}"] == [s["last_before"], s["return"]["post"]]
    m = res.data["model"]
    # the fitted diurnal profile is low at night and high in the day
    assert m["hour_weights"][3] < 0.2 < 1.0 < m["hour_weights"][15]
    assert m["weekday_weights"][6] < m["weekday_weights"][2]


def test_regular_timeline_has_no_silence(duck: Store) -> None:
    add_posts(duck, _timeline(seed=4, gap=None))
    assert Silences(account="A1").run(duck).data["silences"] == []


def test_ongoing_silence_until_a_given_day(duck: Store) -> None:
    add_posts(duck, _timeline(seed=5, days=60, gap=None))
    res = Silences(account="A1", until=date(2025, 5, 20)).run(duck)  # last post early May
    last = res.data["silences"][-1]
    assert last["ongoing"] and last["return"] is None and last["end"] == datetime(2025, 5, 21)


def test_mix_shift_personal_stops(duck: Store) -> None:
    add_posts(duck, _timeline(seed=6, gap=None, personal_until=45))
    d = Silences(account="A1").run(duck).data
    shifts = d["mix_shifts"]
    assert len(shifts) == 1
    sh = shifts[0]
    assert "personal" in sh["stopped"] and sh["after"]["personal"] == 0.0
    assert abs((sh["at"] - date(2025, 4, 17)).days) <= 2  # day 45
    assert sum(s["posts"] for s in d["mix_segments"]) == d["posts"]


def test_mix_segments_stable_stream_is_one_segment() -> None:
    rng = np.random.default_rng(0)
    counts = rng.multinomial(6, [0.3, 0.2, 0.4, 0.05, 0.05], size=100).astype(float)
    assert mix_segments([date(2025, 1, 1)] * 100, counts) == [(0, 100)]
    assert mix_segments([], np.zeros((0, 5))) == []


def test_rate_model_mass_is_continuous_over_week_boundaries() -> None:
    import pandas as pd

    local = pd.Series(pd.to_datetime(["2025-03-03 10:00", "2025-03-04 11:00", "2025-03-09 20:00"]))
    m = RateModel(local).fit()
    t = np.array([167.999, 168.0, 168.001, 336.0])
    v = m.mass(t)
    assert np.all(np.diff(v) > 0)
    assert v[3] == pytest.approx(2 * 168.0)  # mean-1 profile: one week is 168 hour units


def test_too_few_posts_and_unknown_account(duck: Store) -> None:
    add_posts(duck, [post("only", datetime(2025, 3, 1), PERSONAL)])
    d = Silences(account="A1").run(duck).data
    assert d["silences"] == [] and d["posts"] == 1 and d["model"] is None
    empty = Silences(account="A1", since=date(2030, 1, 1)).run(duck).data
    assert empty["posts"] == 0 and empty["silences"] == []


@pytest.mark.slow
def test_real_ira_accounts_silences(duck: Store) -> None:
    """Real IRA timelines: TodayNYCity went quiet 2016-11-02..11-09 (the US election week); AntonHayHay and
    mrclydepratt both stopped from early May to early July 2017. Few gaps of each account are flagged."""
    from tests._audience_data import load_ira
    from tests.conftest import shared

    load_ira(duck, shared("coordination/ira_tweets.csv.zst"), {"TodayNYCity", "AntonHayHay", "mrclydepratt"})
    nyc = Silences(account="TodayNYCity").run(duck).data
    assert nyc["posts"] == 18534 and len(nyc["silences"]) <= 5
    assert any(s["start"].date() == date(2016, 11, 2) and s["end"].date() == date(2016, 11, 9) for s in nyc["silences"])
    for acc in ("AntonHayHay", "mrclydepratt"):
        d = Silences(account=acc).run(duck).data
        longest = max(d["silences"], key=lambda s: s["days"])
        assert longest["start"].date() >= date(2017, 5, 1) and longest["end"].date() <= date(2017, 7, 10)
        assert longest["days"] > 50 and len(d["silences"]) <= 5
