"""Category labels of a cell-per-line export → the rows each label spans.

A merged label cell is printed beside the rows it spans, and pdftotext puts its text among the
cells of those rows. Decides each label's place (the rows of the names printed after its first and
its last line), which labels are printed apart from their rows (in a cluster, or among rows of
categories the templates put after them: `label_order`; those are put in the templates' order over
the rows left between the others, by the names' wording where it speaks, `name_categories`), and,
per level, the groups: the split of the rows that fits every label's place best (`label_spans`),
read once as labels printed at the middle of their cells (PDF renders, centred Word and Excel
cells) and once at the top. Of the two readings the one whose 一级/二级 pairs fit the vocabulary
best, puts satisfaction rows (by their names) under satisfaction labels only and fits the printed
places wins; ties go to the middle, as a split that fits every label's middle is seldom chance. A
label the vocabulary allows at both levels (成本指标) takes the level the table's other labels give
it (`label_levels`). A 一级 cell spans whole 二级 groups: the level-1 groups are read off the level-2
groups where the vocabulary says which 二级 stands under which printed 一级
(`vocabulary.stands_under`), else level-1 group edges snap to level-2 edges. The result is one label
per level on the first row of each group, which `rows.assign_levels` carries down.
"""
from __future__ import annotations

from itertools import combinations

from .cell_pieces import Piece
from ..normalize import strip_group_weight
from ..vocabulary import PARENT, category_rank, may_stand_under, names_satisfaction, stands_under
from .label_levels import resolve_levels
from .name_categories import row_costs, spans_by_wording
from .label_order import in_template_order
from .label_spans import Placed, fit_spans
from .rows import Label, RowRec


def place_labels(pieces: list[Piece], names: dict[int, int], rows: list[RowRec], doubt) -> None:
    """Attach each printed label to the first row of the group it spans (in `rows[...].labels`)."""
    n = len(rows)
    if not n:
        return
    name_at = [(pieces[q].line, not pieces[q].first, r) for q, r in sorted(names.items())]

    def row_after(line: int) -> int:
        """The row of the first name printed after `line` (or on it, right of a label)."""
        for ln, right, r in name_at:
            if ln > line or (ln == line and right):
                return r
        return name_at[-1][2] if name_at else 0

    def names_after(line: int) -> int:
        return sum(1 for ln, right, _ in name_at if ln > line or (ln == line and right))

    def inside(p: Piece) -> bool:
        """Printed between two names (not in a cluster before the first or after the last)."""
        before = any(ln < p.line or (ln == p.line and not right) for ln, right, _ in name_at)
        after = any(ln > max(p.end_line, p.line) for ln, _, _ in name_at)
        return before and after

    printed = [p for p in pieces if p.kind == "label" and p.level in (1, 2)]
    for p, level in zip(printed, resolve_levels([(p.text, p.level) for p in printed])):
        if level != p.level:
            doubt(f"'{p.text}' is read as a level-{level} label: the table's other labels "
                  f"({'/'.join(q.text for q in printed if q is not p)}) put it there.")
            p.level = level
    by_level: dict[int, list[tuple[str, Placed, int]]] = {1: [], 2: []}
    names3 = [r.level3 or "" for r in rows]
    for level in (1, 2):
        got = []
        for p in pieces:
            if p.kind == "label" and p.level == level:
                first = row_after(p.line)
                # the row after its last line: as many rows on as names are printed among its lines (names
                # printed out of row order elsewhere do not stretch it)
                last = min(first + names_after(p.line) - names_after(max(p.end_line, p.line)), n - 1)
                level_with = any(ln == p.line and right for ln, right, _ in name_at)
                got.append((p.text, Placed(p.text, first, last, p.end_line > p.line, True, level_with), first,
                            inside(p)))
        by_level[level] = _ordered(got, level, n, doubt, names3)
    models = []
    for name in ("middle", "top"):
        misfit = 0.0
        fitted = {}
        for level in (1, 2):
            placed = [a for _, a, _ in by_level[level]]
            got = fit_spans(placed, n, row_costs([a.text for a in placed], names3), name)
            if got is None:
                fitted[level] = _tops([(t, f) for t, _, f in by_level[level]], n)
                misfit += float(len(placed) > 0)
            else:
                fitted[level] = [(t, s) for (t, _, _), s in zip(by_level[level], got[0])]
                misfit += got[1]
        starts2, starts1 = fitted[2], fitted[1]
        edges2 = sorted({s for _, s in starts2})
        if edges2:
            starts1 = [(t, min(edges2, key=lambda e: (abs(e - s), e))) if s else (t, 0) for t, s in starts1]
        said: list[str] = []
        derived = _level1_from_level2([t for t, _, _ in by_level[1]], starts2, said.append)
        if derived is not None:
            starts1 = derived
        conflicts = _conflicts(starts1, starts2, n, names3)
        models.append((conflicts + misfit, conflicts, name, starts1, starts2, said))
    # a split that fits every label's middle is evidence of centred cells: it wins ties
    _, conflicts, name, starts1, starts2, said = min(models, key=lambda m: (m[0], m[2] != "middle"))
    for message in said:
        doubt(message)
    if by_level[1] or by_level[2]:
        doubt(f"Category labels are printed apart from their rows; read as printed at the {name} of their merged "
              f"cells ({conflicts} rows whose 一级/二级 do not fit together).")
    for level, starts in ((1, starts1), (2, starts2)):
        seen: set[int] = set()
        for text, s in starts:
            if s in seen:
                doubt(f"Level-{level} label '{text}' has no row of its own in the export; ignored.")
                continue
            seen.add(s)
            rows[s].labels.append(Label(text))
    for r in rows:
        r.labels.sort(key=lambda lab: lab.level or 3)


def _level1_from_level2(printed1: list[str], starts2: list[tuple[str, int]], doubt) -> list[tuple[str, int]] | None:
    """Level-1 groups read off the level-2 groups: a 一级 cell spans whole 二级 groups, the 一级 labels
    come in the templates' order (`vocabulary.category_rank`) and each 二级 stands under the 一级 the
    templates give it (`vocabulary.stands_under`). The level-2 groups are shared out in order, every
    printed level-1 label taking at least one, with the fewest 二级 under a 一级 they do not stand
    under. Used when that leaves none and every level-2 group knows its place; None otherwise (the
    level-1 labels are then placed by where they are printed)."""
    groups: list[tuple[str, int]] = []
    for text, start in starts2:
        if not groups or groups[-1][1] != start:
            groups.append((strip_group_weight(text) or text, start))
    seen: set[str] = set()
    labels = []
    for t in printed1:
        k = strip_group_weight(t) or t
        if k not in seen:
            seen.add(k)
            labels.append(t)
    ranks = [category_rank(t, 1) for t in labels]
    if not labels or not groups or groups[0][1] != 0 or len(labels) > len(groups) or None in ranks:
        return None
    labels = [t for _, t in sorted(zip(ranks, labels), key=lambda x: x[0])]
    fit = [[stands_under(strip_group_weight(l1), g) for l1 in labels] for g, _ in groups]
    if any(all(f is None for f in row) for row in fit):
        return None  # a 二级 the vocabulary does not place
    INF = float("inf")
    G, L = len(groups), len(labels)
    cost = [[INF] * L for _ in range(G)]
    back = [[0] * L for _ in range(G)]
    step = [[{True: 0.0, None: 1.0, False: 5.0}[fit[g][l]] for l in range(L)] for g in range(G)]
    cost[0][0] = step[0][0]
    ways = [[0] * L for _ in range(G)]
    ways[0][0] = 1
    for g in range(1, G):
        for l in range(L):
            for prev in (l, l - 1):
                if prev < 0 or cost[g - 1][prev] == INF:
                    continue
                c = cost[g - 1][prev] + step[g][l]
                if c < cost[g][l]:
                    cost[g][l], back[g][l], ways[g][l] = c, prev, ways[g - 1][prev]
                elif c == cost[g][l]:
                    ways[g][l] += ways[g - 1][prev]
    if cost[G - 1][L - 1] > 0:
        return None
    if ways[G - 1][L - 1] > 1:
        doubt(f"Level-1 labels {'/'.join(labels)} could span the level-2 groups in {ways[G - 1][L - 1]} ways "
              "the templates allow; the first is used.")
    chosen = [L - 1]
    for g in range(G - 1, 0, -1):
        chosen.append(back[g][chosen[-1]])
    chosen.reverse()
    out: list[tuple[str, int]] = []
    for (_, start), l in zip(groups, chosen):
        if not out or out[-1][0] != labels[l]:
            out.append((labels[l], start))
    return out


def _ordered(labels: list[tuple[str, Placed, int, bool]], level: int, n: int, doubt,
             names: list[str] | None = None) -> list[tuple[str, Placed, int]]:
    """Labels of one level in row order with their anchors. A label printed between two names, alone
    at its anchor, keeps its anchor; labels printed in a cluster (before the first name, after the
    last, or several at one place) say nothing about their rows: when every label is in the
    vocabulary and the anchored ones follow the templates' order (`vocabulary.category_rank`), the
    clustered ones are put in that order between them, spread over the rows left between."""
    plain = [(t, a, f) for t, a, f, _ in labels]
    ranks = [category_rank(t, level) for t, _, _, _ in labels]
    if len(labels) < 2 or any(r is None for r in ranks):
        return plain
    shared = {f for _, _, f, _ in labels if sum(1 for x in labels if x[2] == f) > 1}
    anchored = [ok and f not in shared for _, _, f, ok in labels]
    kept = in_template_order([(f, r) if ok else None for (_, _, f, _), r, ok in zip(labels, ranks, anchored)])
    if kept is None:
        return plain  # the anchored labels break the templates' order in more than one way: keep the printed order
    if kept != anchored:
        doubt(f"Level-{level} labels {'/'.join(labels[k][0] for k in range(len(labels)) if anchored[k] and not kept[k])} "
              "are printed among rows of categories the templates put after them; read as printed apart from their rows.")
    anchored = kept
    if all(anchored):
        return plain
    seen: set[str] = set()
    order = []
    for k in sorted(range(len(labels)), key=lambda k: (ranks[k], not anchored[k])):
        if labels[k][0] not in seen:  # a label printed again (page break, page foot) counts once
            seen.add(labels[k][0])
            order.append(k)
    out: list[tuple[str, Placed, int]] = []
    i = 0
    while i < len(order):
        k = order[i]
        if anchored[k]:
            t, a, f, _ = labels[k]
            out.append((t, a, f))
            i += 1
            continue
        j = i
        while j < len(order) and not anchored[order[j]]:
            j += 1
        lo = out[-1][2] + 1 if out else 0
        hi = labels[order[j]][2] if j < len(order) else n
        texts = [labels[kk][0] for kk in order[i:j]]
        for t, pos in zip(texts, _spread(texts, lo, hi, names or [], out[-1][0] if out else None)):
            out.append((t, Placed(t, int(pos), int(pos), False, False), int(pos)))
        i = j
    doubt(f"Level-{level} labels {'/'.join(labels[k][0] for k in order if not anchored[k])} are printed apart from "
          "the rows they span; placed in the templates' order, spread over the rows between the others (the "
          "export does not show their rows).")
    return out


def _spread(texts: list[str], lo: int, hi: int, names: list[str], prev: str | None = None) -> list[int]:
    """First rows of labels (in order) that share the rows lo..hi-1: as even as possible, except that a
    row whose name speaks of satisfaction (满意) goes under a satisfaction category and one that does not
    goes under another category where the counts allow (`vocabulary.names_satisfaction`), each label's
    first row moved as little as that needs. `prev`: the label placed before them, whose group may run
    on past lo (its first rows left to it) when the names say so."""
    m = len(texts)
    even = [lo + (max(hi - lo, m) * q) // m for q in range(m)]
    worded = spans_by_wording(texts, lo, hi, names) if prev is None else None  # where the names' wording says
    if worded is not None:
        return worded
    if hi - lo < m or hi - lo > 30 or len(names) < hi or (m < 2 and prev is None):
        return even
    sat = [names_satisfaction(t) for t in texts]
    before = names_satisfaction(prev) if prev is not None else None
    if (not any(sat) or all(sat)) and before in (None, sat[0]):
        return even
    best, best_cost = even, None
    for first in (range(lo, hi - m + 1) if prev is not None else (lo,)):
        for cut in combinations(range(first + 1, hi), m - 1):
            starts = [first, *cut, hi]
            cost = sum(0.1 * abs(starts[q] - even[q]) for q in range(m))
            cost += sum(1.0 for r in range(lo, first) if names_satisfaction(names[r]) != before)
            for q in range(m):
                cost += sum(1.0 for r in range(starts[q], starts[q + 1]) if names_satisfaction(names[r]) != sat[q])
            if best_cost is None or cost < best_cost:
                best, best_cost = starts[:-1], cost
    return best


def _tops(labels: list[tuple[str, float]], n: int) -> list[tuple[str, int]]:
    """(label, first row) per label printed at the top of its merged cell: its group starts at its anchor."""
    out: list[tuple[str, int]] = []
    start = -1
    for i, (text, anchor) in enumerate(labels):
        start = 0 if i == 0 else min(max(int(anchor), start + 1), n - 1)
        out.append((text, start))
    return out


def _conflicts(starts1: list[tuple[str, int]], starts2: list[tuple[str, int]], n: int, names: list[str]) -> int:
    """Rows whose 一级 and 二级 labels, carried down, cannot stand together (vocabulary.may_stand_under,
    and the one parent of a 二级 that has one), and rows whose name speaks of satisfaction under a 二级
    that does not, or the other way round (`vocabulary.names_satisfaction`)."""
    l1 = dict((s, t) for t, s in starts1)
    l2 = dict((s, t) for t, s in starts2)
    cur1 = cur2 = None
    bad = 0
    for r in range(n):
        cur1 = l1.get(r, cur1)
        cur2 = l2.get(r, cur2)
        if cur1 and cur2:
            parent = PARENT.get(cur2)
            if not may_stand_under(cur1, cur2) or (parent and cur1.endswith("指标") and parent != cur1):
                bad += 1
        if cur2 and r < len(names) and names[r] and names_satisfaction(names[r]) != names_satisfaction(cur2):
            bad += 1
    return bad
