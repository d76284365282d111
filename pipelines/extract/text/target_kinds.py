"""Which target goes with which name where pdftotext prints a run of rows' names and targets apart.

In a (name, target) table the i-th name pairs with the i-th target (`cell_rows`). A row is paired
by the text when its target is the cell printed right after its name; rows that are not form runs
in which the pairing rests on printed order alone, and pdftotext prints the blocks of a run in its
own order. Within such a run the kind of each name and target decides where the text does not:

- a state word that echoes the measure of a name that may take a state ('完备' for …完备性, '及时'
  for …时效性 / …及时性) goes with that name when as many names echo it as it is printed (and they echo nothing else printed);
- the other targets are a percentage (a '%'), a count (a number without one) or a state (no
  number); a rate or satisfaction name (…率, …满意度, …比例, …占比) takes a percentage, a count name
  (…数, …量) a count or a state ('控制在预算范围内'), a name of a quality or situation (…性, …情况,
  …水平, …程度) a state or a percentage, any other name any kind. When exactly one choice of kinds
  gives every name a target, names take the targets of their kind in printed order.

Every row so placed carries a doubt; where the kinds do not decide one way, the printed order stays.
Decides only this pairing.
"""
from __future__ import annotations

import re

from ..assemble import FormBuilder
from ..vocabulary import names_satisfaction
from .cell_pieces import Piece

_DIGIT = re.compile(r"\d")
_RATE = re.compile(r"(?:率|比例|占比)$")
_COUNT = re.compile(r"(?:数|数量|量)$")
_QUALITY = re.compile(r"(?:性|情况|水平|程度)$")
_KINDS = ("pct", "count", "state")
MAX_RUN = 12  # rows: the kind search stays small


def target_kind(text: str) -> str:
    if "%" in text or "％" in text:
        return "pct"
    return "count" if _DIGIT.search(text) else "state"


def name_kinds(text: str) -> set[str]:
    """The kinds of target a name may take, by the measure it names."""
    if names_satisfaction(text) or _RATE.search(text):
        return {"pct"}
    if _COUNT.search(text):
        return {"count", "state"}
    if _QUALITY.search(text):
        return {"state", "pct"}
    return set(_KINDS)


def _echoes(target: str, name: str) -> bool:
    """A short state word sharing an ideograph with the measure a name ends in ('完备' / …完备性), the
    name one that may take a state."""
    return (target_kind(target) == "state" and len(target) <= 4 and "state" in name_kinds(name)
            and bool(set(target) & set(name[-3:])))


def paired_by_kind(b: FormBuilder, ps: list[Piece], items: list[int], names: list[int],
                   targets: list[int | None]) -> list[int | None]:
    """The targets in row order (`targets[r]` pairs with `names[r]`), reordered by kind inside runs of
    rows whose pairing the text does not fix (a row without a target, None, is fixed)."""
    n = min(len(names), len(targets))
    if n < 2:
        return targets
    pos = {k: q for q, k in enumerate(k for k in items if ps[k].kind != "label")}
    fixed = [targets[r] is None or pos.get(targets[r], -1) == pos.get(names[r], -9) + 1 for r in range(n)]
    out = list(targets)
    r = 0
    while r < n:
        if fixed[r]:
            r += 1
            continue
        end = r
        while end < n and not fixed[end]:
            end += 1
        if 2 <= end - r <= MAX_RUN:
            got = _run(ps, names[r:end], targets[r:end])
            if got is not None and got != targets[r:end]:
                moved = [ps[names[r + q]].text for q in range(end - r) if got[q] != targets[r + q]]
                out[r:end] = got
                b.doubt(f"Rows {'/'.join(moved)} are printed apart from their targets; targets given by their kind "
                        "(a percentage to a rate, a state word to the measure it echoes), not by printed order.")
        r = end
    return out


def _run(ps: list[Piece], names: list[int], targets: list[int]) -> list[int] | None:
    """Targets for one run's names, or None when the kinds do not decide one way."""
    m = len(names)
    ntext = [ps[k].text for k in names]
    ttext = [ps[k].text for k in targets]
    got: list[int | None] = [None] * m
    free_t = list(range(m))
    for word in dict.fromkeys(t for t in ttext if target_kind(t) == "state"):
        echo = [q for q in range(m) if _echoes(word, ntext[q])]
        copies = [j for j in free_t if ttext[j] == word]
        if not echo or len(echo) != len(copies):
            continue
        if any(_echoes(other, ntext[q]) for q in echo for other in set(ttext) - {word}):
            continue
        for q, j in zip(echo, copies):
            got[q] = targets[j]
            free_t.remove(j)
    rest = [q for q in range(m) if got[q] is None]
    kinds = _unique_kinds([name_kinds(ntext[q]) for q in rest], [target_kind(ttext[j]) for j in free_t])
    if kinds is None:
        if len(rest) == m:
            return None
        for q, j in zip(rest, free_t):  # the echoes decided; the rest keep their printed order
            got[q] = targets[j]
        return [k for k in got if k is not None]
    for kind in _KINDS:
        qs = [q for q, kd in zip(rest, kinds) if kd == kind]
        js = [j for j in free_t if target_kind(ttext[j]) == kind]
        for q, j in zip(qs, js):
            got[q] = targets[j]
    return [k for k in got if k is not None]


def _unique_kinds(allowed: list[set[str]], kinds: list[str]) -> list[str] | None:
    """The one way to give each name a kind it allows, using each kind as often as it is printed."""
    have = {k: kinds.count(k) for k in _KINDS}
    found: list[list[str]] = []

    def walk(q: int, chosen: list[str]) -> None:
        if len(found) > 1:
            return
        if q == len(allowed):
            found.append(list(chosen))
            return
        for k in _KINDS:
            if k in allowed[q] and have[k]:
                have[k] -= 1
                chosen.append(k)
                walk(q + 1, chosen)
                chosen.pop()
                have[k] += 1

    walk(0, [])
    return found[0] if len(found) == 1 else None
