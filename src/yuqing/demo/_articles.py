"""SYNTHETIC news articles and the manual event list of the demo world (fictional company and people)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from yuqing.demo import _texts as T

_ARTICLES = [
    {
        "article_id": "demo-article-1",
        "title": f"{T.COMPANY_EN} CEO {T.LEADER_EN} responds after M7 crash (synthetic demo article)",
        "outlet": "Demo Daily (synthetic)",
        "published_at": "2025-04-01T09:00:00+08:00",
        "lang": "en",
        "body": (
            f"On March 29th, a {T.COMPANY_EN} M7 crashed on a highway, and the incident quickly topped the "
            f"trending lists. {T.LEADER_EN}, the founder and CEO of {T.COMPANY_EN}, posted on Weibo on March 30th. "
            f"\"We will fully cooperate with the investigation and publish every finding,\" {T.LEADER_EN} said. "
            "He added that safety is the foundation and prerequisite of everything the company does. "
            f"As of March 31st's close, {T.COMPANY_EN}'s share price was HK$41.20, down 8% in one session. "
            f"{T.LEADER_EN} had posted 33 times in the last week of March, mostly about the M7 launch."
        ),
    },
    {
        "article_id": "demo-article-2",
        "title": f"{T.COMPANY_EN} recalls 117,000 M7 cars (synthetic demo article)",
        "outlet": "Demo Auto News (synthetic)",
        "published_at": "2025-09-20T10:30:00+08:00",
        "lang": "en",
        "body": (
            f"On September 19th, {T.COMPANY_EN} announced the recall of nearly 117,000 M7 vehicles to update "
            "their driver-assistance software. The company said the recall covers cars built between February "
            f"and August. \"For a car, appearance matters, but safety is the foundation and prerequisite,\" "
            f"{T.LEADER_EN} said at a press event. He said the update would be delivered over the air. "
            f"{T.LEADER_EN}'s Douyin account has lost over 740,000 followers since the end of March."
        ),
    },
    {
        "article_id": "demo-article-3",
        "title": f"{T.COMPANY_EN} third-quarter results (synthetic demo article)",
        "outlet": "Demo Markets (synthetic)",
        "published_at": "2025-11-18T20:00:00+08:00",
        "lang": "en",
        "body": (
            f"{T.COMPANY_EN} reported third-quarter revenue of RMB 113 billion on November 18th. "
            f"On October 13th, an M7 crash in Chengdu had renewed questions about safety. "
            f"\"Many people on the internet are taking things out of context and smearing us,\" {T.LEADER_EN} told "
            "analysts. The CEO said deliveries would exceed 40,000 cars in November. The shares fell 5% on the day."
        ),
    },
    {
        "article_id": "demo-article-4",
        "title": f"{T.COMPANY}召回{T.CAR}（合成示例文章）",
        "outlet": "示例财经（合成）",
        "published_at": "2025-09-19T18:00:00+08:00",
        "lang": "zh",
        "body": (
            f"2025年9月19日，{T.COMPANY}宣布召回11.7万辆{T.CAR}。{T.LEADER}表示：“所有车主都会得到妥善处理。”"
            f"上周，{T.COMPANY}股价下跌4.5%。"
        ),
    },
]

_EVENTS = [
    ("2025-03-29", "crash", f"{T.CAR} highway crash", T.COMPANY),
    ("2025-09-19", "recall", f"{T.COMPANY} recalls 117,000 {T.CAR}", T.COMPANY),
    ("2025-10-13", "chengdu-crash", f"{T.CAR} crash in Chengdu", T.COMPANY),
    ("2025-11-18", "q3-results", f"{T.COMPANY} Q3 results", T.COMPANY),
]


def articles() -> Iterator[tuple[str, dict[str, Any]]]:
    for a in _ARTICLES:
        yield "articles", {**a, "published_precision": "day"}


def events() -> Iterator[tuple[str, dict[str, Any]]]:
    for d, label, desc, entity in _EVENTS:
        yield "events", {"event_id": f"demo-{label}", "date": d, "precision": "day", "label": label,
                         "description": desc, "entity": entity, "origin": "manual",
                         "evidence": ["articles/demo-article-1"] if label == "crash" else []}
