"""The combined account network, Leiden communities and their scores.

Edge weight of a pair = sum over signals of ``signal.weight * log2(1 + occasions)`` where ``occasions`` is the
number of distinct (item, time window) occasions on which the pair co-acted (repetition). A cluster's ``score`` is its internal
weight per member (how strongly and how repeatedly its members act together); ``density`` the share of
member pairs that are linked; ``cohesion`` the share of the members' edge weight that stays inside.
An account's score is its weighted degree inside its cluster.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pyarrow as pa

if TYPE_CHECKING:
    import igraph as ig


@dataclass
class Cluster:
    members: list[str]
    account_score: dict[str, float]
    score: float
    density: float
    cohesion: float
    signals: dict[str, dict[str, Any]] = field(default_factory=dict)
    first_t: int | None = None
    last_t: int | None = None


def merge_dense(g: ig.Graph, membership: list[int], merge_density: float) -> list[int]:
    """Join communities whose members are linked to each other at least as densely as ``merge_density`` (share
    of cross pairs with an edge): modularity cuts one big near-clique (a ring of bots) into parts."""
    if merge_density > 1:
        return membership
    size: dict[int, int] = {}
    for c in membership:
        size[c] = size.get(c, 0) + 1
    cross: dict[tuple[int, int], int] = {}
    for s, t in g.get_edgelist():
        a, b = membership[s], membership[t]
        if a != b:
            k = (min(a, b), max(a, b))
            cross[k] = cross.get(k, 0) + 1
    parent = {c: c for c in size}

    def find(c: int) -> int:
        while parent[c] != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    for (a, b), n in sorted(cross.items()):
        if n >= merge_density * size[a] * size[b]:
            parent[find(a)] = find(b)
    return [find(c) for c in membership]


def build_clusters(pairs: dict[str, tuple[float, pa.Table]], min_size: int = 2, resolution: float = 1.0,
                   seed: int = 0, merge_density: float = 0.3) -> list[Cluster]:
    """``pairs`` maps a signal name to (its weight, its pair table ``a, b, items, events, first_t, last_t``).
    Leiden communities linked to each other with at least ``merge_density`` of their cross pairs are joined
    (``> 1`` switches that off)."""
    edges: dict[tuple[str, str], float] = {}
    per_signal: dict[tuple[str, str], dict[str, tuple[int, int, int, int]]] = {}
    for name, (w, tab) in sorted(pairs.items()):
        if not tab.num_rows:
            continue
        cols = [tab.column(c).to_pylist() for c in ("a", "b", "occasions", "events", "first_t", "last_t")]
        for a, b, items, events, lo, hi in zip(*cols, strict=True):
            key = (a, b)
            edges[key] = edges.get(key, 0.0) + w * math.log2(1 + items)
            per_signal.setdefault(key, {})[name] = (int(items), int(events), int(lo), int(hi))
    if not edges:
        return []
    names = sorted({x for k in edges for x in k})
    index = {n: i for i, n in enumerate(names)}
    keys = sorted(edges)
    import igraph as ig  # heavy (pulls in matplotlib): imported when a network is built
    import leidenalg

    g = ig.Graph(n=len(names), edges=[(index[a], index[b]) for a, b in keys])
    g.es["weight"] = [edges[k] for k in keys]
    part = leidenalg.find_partition(g, leidenalg.RBConfigurationVertexPartition, weights="weight",
                                    resolution_parameter=resolution, seed=seed, n_iterations=-1)
    membership = merge_dense(g, list(part.membership), merge_density)
    strength = g.strength(weights="weight")
    groups: dict[int, list[int]] = {}
    for v, c in enumerate(membership):
        groups.setdefault(c, []).append(v)
    out: list[Cluster] = []
    for vs in groups.values():
        if len(vs) < min_size:
            continue
        vset = set(vs)
        inner: dict[int, float] = {v: 0.0 for v in vs}
        internal_w, n_edges = 0.0, 0
        sig: dict[str, dict[str, Any]] = {}
        first, last = None, None
        for e in g.es.select(_within=vs):
            s, t = e.tuple
            w = float(e["weight"])
            inner[s] += w
            inner[t] += w
            internal_w += w
            n_edges += 1
            for name, (items, events, lo, hi) in per_signal[(names[s], names[t])].items():
                d = sig.setdefault(name, {"pairs": 0, "co_actions": 0, "occasions_sum": 0})
                d["pairs"] += 1
                d["co_actions"] += events
                d["occasions_sum"] += items
                first = lo if first is None else min(first, lo)
                last = hi if last is None else max(last, hi)
        total = sum(strength[v] for v in vs)
        n = len(vs)
        for d in sig.values():
            d["strength"] = round(d.pop("occasions_sum") / n, 4)
        members = sorted(names[v] for v in vset)
        out.append(Cluster(
            members=members,
            account_score={names[v]: round(inner[v], 4) for v in vs},
            score=round(internal_w / n, 4),
            density=round(n_edges / (n * (n - 1) / 2), 4),
            cohesion=round(2 * internal_w / total, 4) if total else 0.0,
            signals=dict(sorted(sig.items())),
            first_t=first,
            last_t=last,
        ))
    out.sort(key=lambda c: (-c.score, -len(c.members), c.members[0]))
    return out
