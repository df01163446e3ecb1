"""The relational core, in Ibis: account pairs that acted on the same item within a time window.

An *actions* table has the columns ``account`` (``platform:account_id``), ``post_id``, ``t`` (epoch
seconds, int64) and ``item`` (what was acted on: a reposted post, a link, a hashtag, a text family, a time
bin). :func:`co_action_pairs` returns, for every unordered pair of accounts, the number of distinct items
both acted on within ``window`` seconds of each other (``items``), the number of distinct *occasions*
(item and time bucket: the same template posted together in five different waves counts five), which is
the repetition that separates a campaign from one shared viral repost, the number of co-actions
(``events``) and their time span.

Pairs are generated without a quadratic join per item: time is cut into buckets of ``window`` seconds and
each action meets only the actions of its own and of the next bucket. An (item, bucket) group acted on by
more than ``max_group`` accounts (a viral burst) yields no pairs; :func:`skipped_groups` counts them.
The same expression runs on DuckDB, PostgreSQL and PySpark.
"""

from __future__ import annotations

from typing import Any

import ibis


def _bucketed(actions: Any, window: int, max_group: int) -> Any:
    a = actions.select("account", "post_id", "t", "item").mutate(bucket=(actions.t // window).cast("int64"))
    sizes = a.group_by(["item", "bucket"]).aggregate(n_accounts=a.account.nunique())
    big = sizes.filter(sizes.n_accounts > max_group).select("item", "bucket")
    return a.anti_join(big, ["item", "bucket"])


def skipped_groups(actions: Any, window: int, max_group: int) -> Any:
    """(item, bucket) groups left out because more than ``max_group`` accounts acted in them."""
    a = actions.mutate(bucket=(actions.t // window).cast("int64"))
    sizes = a.group_by(["item", "bucket"]).aggregate(n_accounts=a.account.nunique(), n_posts=a.count())
    return sizes.filter(sizes.n_accounts > max_group)


def co_action_pairs(actions: Any, window: int, max_group: int = 500, min_items: int = 1,
                    repeat: str = "occasions") -> Any:
    """Ibis expression: ``a, b, items, occasions, posts, events, first_t, last_t``; ``a < b``. Pairs are kept
    when ``repeat`` (``"items"``: distinct items, ``"occasions"``: distinct item-windows) reaches ``min_items``
    and so does ``posts``, the fewer of the two accounts' distinct posts in the co-actions (two hashtags in
    one post are not repetition)."""
    if repeat not in ("items", "occasions"):
        raise ValueError(f"repeat must be 'items' or 'occasions', not {repeat!r}")
    window = max(int(window), 1)
    a = _bucketed(actions, window, max_group)
    same = a.mutate(key=a.bucket, same=ibis.literal(True))
    nxt = a.mutate(key=a.bucket + 1, same=ibis.literal(False))
    left = same.union(nxt)
    right = a.select(r_account=a.account, r_post=a.post_id, r_t=a.t, r_item=a.item, r_bucket=a.bucket)
    j = left.join(right, [left.item == right.r_item, left.key == right.r_bucket])
    j = j.filter(
        j.account != j.r_account,
        (j.t - j.r_t).abs() <= window,
        (~j.same) | (j.account < j.r_account),
    )
    j = j.mutate(
        a=ibis.least(j.account, j.r_account),
        b=ibis.greatest(j.account, j.r_account),
        lo=ibis.least(j.t, j.r_t),
        hi=ibis.greatest(j.t, j.r_t),
        occasion=j.item + ":" + ibis.least(j.bucket, j.r_bucket).cast("string"),
        post_a=ibis.ifelse(j.account < j.r_account, j.post_id, j.r_post),
        post_b=ibis.ifelse(j.account < j.r_account, j.r_post, j.post_id),
    )
    pairs = j.group_by(["a", "b"]).aggregate(
        items=j.item.nunique(), occasions=j.occasion.nunique(), events=j.count(), first_t=j.lo.min(),
        last_t=j.hi.max(), posts_a=j.post_a.nunique(), posts_b=j.post_b.nunique(),
    )
    pairs = pairs.mutate(posts=ibis.least(pairs.posts_a, pairs.posts_b)).drop("posts_a", "posts_b")
    pairs = pairs.filter(pairs[repeat] >= min_items, pairs.posts >= min_items)
    return pairs.select("a", "b", "items", "occasions", "posts", "events", "first_t", "last_t").order_by(["a", "b"])
