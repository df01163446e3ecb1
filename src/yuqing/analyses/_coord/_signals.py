"""Coordination signals. Each turns posts into *actions* (account acted on item at time t) and account pairs.

A signal is a small object whose constructor only stores its parameters; signals are injected into
:class:`yuqing.analyses.coordination.Coordination` and combined there. The relational part (pairs within a
window, repetition counts) is :func:`~yuqing.analyses._coord._coaction.co_action_pairs`, an Ibis
expression; what cannot be said in portable SQL (MinHash families, JSON lists) is computed in Python and
handed to Ibis as a table.
"""

from __future__ import annotations

import abc
from typing import Any, ClassVar

import ibis
import orjson
import pyarrow as pa

from yuqing.analyses._coord._coaction import co_action_pairs, skipped_groups
from yuqing.analyses._coord._text import TemplateFamilies

ACTIONS_SCHEMA = pa.schema(
    [("account", pa.string()), ("post_id", pa.string()), ("t", pa.int64()), ("item", pa.string())]
)


class Signal(abc.ABC):
    """Base class. ``weight`` scales the signal in the combined network; ``min_items`` is the repetition a
    pair needs, counted as ``repeat``: ``"items"`` (distinct shared items: a conversation in one thread or a
    repost farm hammering one post counts once) or ``"occasions"`` (distinct item-windows: one template
    posted together in five waves counts five); ``max_group`` caps accounts per (item, window) group;
    ``window`` (seconds) overrides the run's window when set."""

    name: ClassVar[str]
    weight: float
    min_items: int
    repeat: str = "items"
    max_group: int
    window: int | None

    def get_params(self) -> dict[str, Any]:
        import inspect

        sig = inspect.signature(type(self).__init__)
        return {p: getattr(self, p) for p in sig.parameters if p != "self"}

    @abc.abstractmethod
    def actions(self, posts: Any) -> Any:
        """Ibis table ``account, post_id, t, item`` from the posts expression (see :func:`base_posts`)."""

    def effective_window(self, run_window: int) -> int:
        return int(self.window if self.window is not None else run_window)

    def pairs(self, actions: Any, run_window: int) -> pa.Table:
        expr = co_action_pairs(actions, self.effective_window(run_window), self.max_group, self.min_items,
                               self.repeat)
        return _to_arrow(expr)

    def skipped(self, actions: Any, run_window: int) -> int:
        expr = skipped_groups(actions, self.effective_window(run_window), self.max_group)
        return int(_to_arrow(expr.count().as_table()).column(0)[0].as_py())


def _to_arrow(expr: Any) -> pa.Table:
    return expr.to_pyarrow()


def _memtable(rows: pa.Table) -> Any:
    return ibis.memtable(rows.cast(ACTIONS_SCHEMA))


class SimilarText(Signal):
    """Near-identical / templated text: accounts posting texts of the same template family within the
    window, repeatedly (``min_items`` distinct families). ``kinds`` selects the post kinds compared."""

    name = "text"

    def __init__(self, threshold: float = 0.8, min_tokens: int = 5, kinds: tuple[str, ...] = ("post", "comment", "repost"),
                 weight: float = 1.0, min_items: int = 2, max_group: int = 500, window: int | None = None,
                 families: TemplateFamilies | None = None, repeat: str = "occasions") -> None:
        self.threshold = threshold
        self.repeat = repeat
        self.min_tokens = min_tokens
        self.kinds = kinds
        self.weight = weight
        self.min_items = min_items
        self.max_group = max_group
        self.window = window
        self.families = families

    def actions(self, posts: Any) -> Any:
        p = posts.filter(posts.kind.isin(list(self.kinds)), posts.text.notnull())
        tab = _to_arrow(p.select("account", "post_id", "t", "text").order_by(["t", "post_id"]))
        fam = self.families or TemplateFamilies(threshold=self.threshold, min_tokens=self.min_tokens)
        texts: list[str | None] = tab.column("text").to_pylist()
        labels = fam.fit_predict(texts).tolist()
        keep = [i for i, lab in enumerate(labels) if lab >= 0]
        sub = tab.take(pa.array(keep, pa.int64()))
        items = pa.array([f"family:{labels[i]}" for i in keep], pa.string())
        return _memtable(pa.table({"account": sub.column("account"), "post_id": sub.column("post_id"),
                                   "t": sub.column("t"), "item": items}))


class CoShare(Signal):
    """Co-repost (``kind="repost"``) or co-reply (``kind="comment"``): the same item reposted or replied to
    within the window, repeatedly. ``target`` is ``parent`` (the post acted on) or ``root`` (the cascade)."""

    def __init__(self, kind: str = "repost", target: str = "parent", weight: float = 1.0, min_items: int = 2,
                 max_group: int = 500, window: int | None = None, repeat: str = "items") -> None:
        self.kind = kind
        self.repeat = repeat
        self.target = target
        self.weight = weight
        self.min_items = min_items
        self.max_group = max_group
        self.window = window

    @property
    def name(self) -> str:  # type: ignore[override]
        return "repost" if self.kind == "repost" else "reply"

    def actions(self, posts: Any) -> Any:
        col = posts.root_id if self.target == "root" else posts.parent_id
        col = col.fill_null(posts.parent_id) if self.target == "root" else col
        p = posts.filter(posts.kind == self.kind, col.notnull())
        return p.select(account=p.account, post_id=p.post_id, t=p.t, item=col)


class CoLink(Signal):
    """Co-link (``field="urls"``) or co-hashtag (``field="topics"``): the same link or hashtag shared within
    the window, repeatedly. Lists are JSON text in the store, so they are unpacked in Python."""

    def __init__(self, field: str = "urls", weight: float = 1.0, min_items: int = 2, max_group: int = 500,
                 window: int | None = None, kinds: tuple[str, ...] = ("post", "comment"),
                 repeat: str = "items") -> None:
        self.field = field
        self.repeat = repeat
        self.weight = weight
        self.min_items = min_items
        self.max_group = max_group
        self.window = window
        self.kinds = kinds

    @property
    def name(self) -> str:  # type: ignore[override]
        return "link" if self.field == "urls" else "hashtag"

    def actions(self, posts: Any) -> Any:
        col = posts[self.field]
        p = posts.filter(posts.kind.isin(list(self.kinds)), col.notnull(), col != "[]", col != "")
        tab = _to_arrow(p.select("account", "post_id", "t", item=col))
        acc, pid, ts, items = [], [], [], []
        for a, i, t, js in zip(*(tab.column(c).to_pylist() for c in ("account", "post_id", "t", "item")),
                               strict=True):
            try:
                vals = orjson.loads(js)
            except orjson.JSONDecodeError:
                vals = [js]
            for v in dict.fromkeys(str(x).strip().lower() for x in (vals if isinstance(vals, list) else [vals])):
                if v:
                    acc.append(a)
                    pid.append(i)
                    ts.append(t)
                    items.append(v)
        return _memtable(pa.table({"account": acc, "post_id": pid, "t": pa.array(ts, pa.int64()), "item": items},
                                  schema=ACTIONS_SCHEMA))


class SyncTiming(Signal):
    """Synchronised timing / shared rhythm: accounts active in the same ``bin`` seconds far more often than
    their activity explains. Items are time bins; a pair is kept when it shares ``min_items`` bins and
    ``lift`` = shared / (bins_a * bins_b / all_bins) reaches ``min_lift``. Accounts with fewer than
    ``min_posts`` active bins are left out; bins with more than ``max_group`` active accounts give no pairs."""

    name = "timing"

    def __init__(self, bin: int = 60, min_posts: int = 10, min_lift: float = 5.0, weight: float = 0.5,
                 min_items: int = 5, max_group: int = 50) -> None:
        self.bin = bin
        self.min_posts = min_posts
        self.min_lift = min_lift
        self.weight = weight
        self.min_items = min_items
        self.max_group = max_group

    window = None

    def actions(self, posts: Any) -> Any:
        p = posts.mutate(item=(posts.t // self.bin).cast("int64").cast("string"))
        active = p.group_by("account").aggregate(n_bins=p.item.nunique())
        active = active.filter(active.n_bins >= self.min_posts).select("account")
        p = p.semi_join(active, "account")
        return p.select("account", "post_id", "t", "item")

    def effective_window(self, run_window: int) -> int:
        return int(self.bin)

    def pairs(self, actions: Any, run_window: int) -> pa.Table:
        pairs = super().pairs(actions, run_window)
        if not pairs.num_rows:
            return pairs
        per = _to_arrow(actions.group_by("account").aggregate(n=actions.item.nunique()))
        n_of = dict(zip(per.column("account").to_pylist(), per.column("n").to_pylist(), strict=True))
        total = int(_to_arrow(actions.item.nunique().as_table()).column(0)[0].as_py()) or 1
        a, b, items = (pairs.column(c).to_pylist() for c in ("a", "b", "items"))
        keep = [k for k, (x, y, s) in enumerate(zip(a, b, items, strict=True))
                if s * total >= self.min_lift * n_of.get(x, 0) * n_of.get(y, 0)]
        return pairs.take(pa.array(keep, pa.int64()))


SIGNALS: dict[str, type[Signal]] = {"text": SimilarText, "repost": CoShare, "reply": CoShare, "link": CoLink,
                                    "hashtag": CoLink, "timing": SyncTiming}


def make_signal(name: str) -> Signal:
    """A signal with default parameters by name (text, repost, reply, link, hashtag, timing)."""
    if name == "repost":
        return CoShare("repost")
    if name == "reply":
        return CoShare("comment")
    if name == "link":
        return CoLink("urls")
    if name == "hashtag":
        return CoLink("topics")
    if name == "text":
        return SimilarText()
    if name == "timing":
        return SyncTiming()
    from yuqing.core import NotFoundError

    raise NotFoundError("signal", name, [n for n in SIGNALS if n[:1] == name[:1]])
