"""Pieces of vertically printed category labels ('可持' '续影' '响指' '标') → whole labels.

Decides how a run of short pieces in the label columns splits into labels: the fewest labels of
the vocabulary, then a piece that completes the previous label (a label cut by a page break), a
trailing piece left open for the next page, or a stray piece dropped.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .rows import Label, in_vocabulary, label_level

@dataclass
class Plan:
    cost: float
    groups: list[str] = field(default_factory=list)  # complete labels, in order
    extension: str | None = None  # text appended to the previous label
    incomplete: str | None = None  # trailing piece of a label that continues later
    dropped: list[str] = field(default_factory=list)


def _group_cost(text: str) -> float | None:
    if label_level(text) is None:
        return None
    return 1.0 if in_vocabulary(text) else 1.5


MAX_LABEL = 16  # characters: no category label is longer, so no group is tried beyond it


def segment(pieces: tuple[str, ...], last_label: str | None) -> Plan:
    """Split vertical-label pieces into labels: fewest labels, then extend/leave open/drop as needed.

    Bottom-up over positions with back-pointers (groups capped at MAX_LABEL characters), so a long
    run of stray pieces costs linear time.
    """
    n = len(pieces)
    cost = [0.0] * (n + 1)
    suffix_len = [0] * (n + 1)
    step: list[tuple[str, int, str]] = [("end", n, "")] * (n + 1)  # (kind, next position, text)
    for pos in range(n - 1, -1, -1):
        options: list[tuple[float, tuple[str, int, str]]] = []
        acc = ""
        for j in range(pos + 1, n + 1):
            acc += pieces[j - 1]
            if len(acc) > MAX_LABEL:
                break
            c = _group_cost(acc)
            if c is not None:
                options.append((c + cost[j], ("group", j, acc)))
        suffix_len[pos] = suffix_len[pos + 1] + len(pieces[pos])
        tail = "".join(pieces[pos:]) if suffix_len[pos] <= MAX_LABEL else ""
        if tail and "指标" not in tail and "目标" not in tail:
            options.append((5.0, ("open", n, tail)))  # a finished label cannot hide inside an open one
        options.append((10.0 + cost[pos + 1], ("drop", pos + 1, pieces[pos])))
        cost[pos], step[pos] = min(options, key=lambda o: o[0])
    start, plan = 0, Plan(cost[0])
    if last_label and pieces:
        acc = ""
        for j in range(1, n + 1):
            acc += pieces[j - 1]
            if len(acc) > MAX_LABEL:
                break
            if label_level(last_label + acc) is not None and label_level(acc) is None and 2.0 + cost[j] < plan.cost:
                start, plan = j, Plan(2.0 + cost[j], extension=acc)
    pos = start
    while pos < n:
        kind, nxt, text = step[pos]
        if kind == "group":
            plan.groups.append(text)
        elif kind == "open":
            plan.incomplete = text
        else:
            plan.dropped.append(text)
        pos = nxt
    return plan


def fill_open(open_labels: list[Label], pieces: list[str]) -> int:
    """Complete labels left open by a page break with the pieces that follow; returns pieces used."""
    used = 0
    for lab in open_labels:
        if lab.level is not None:
            continue
        best_k = 0
        acc = lab.text
        for k in range(used + 1, len(pieces) + 1):
            acc += pieces[k - 1]
            if label_level(acc) is not None:
                best_k = k
        if best_k:
            lab.text = lab.text + "".join(pieces[used:best_k])
            used = best_k
    return used


