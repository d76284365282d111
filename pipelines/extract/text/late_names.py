"""Where names printed after every target go, in a (name, target) table of a cell-per-line export.

pdftotext may print some rows' names after the whole table (their cells in a block read last).
A target printed while no name awaits one belongs to a name printed later; when as many names
stand after the last target as there are such targets, those names take their places, in order
(with a doubt). Satisfaction rows close every template's table, so a satisfaction name printed
last is left where it is. Decides only this order.
"""
from __future__ import annotations

from ..assemble import FormBuilder
from ..vocabulary import names_satisfaction
from .cell_pieces import Piece

def late_names_placed(b: FormBuilder, ps: list[Piece], items: list[int], roles: list[str], names: list[int]) -> list[int]:
    """The names in row order when names are printed after every target: a target printed while no
    name awaits one belongs to a name printed later, so when as many names are left after the last
    target as such targets, those names take their places in order (else the printed order stays).
    Satisfaction rows close every template's table, so a satisfaction name printed last stays last."""
    pending, orphans, order, last_target = 0, [], [], -1
    for q, (k, r) in enumerate(zip(items, roles)):
        if r == "target":
            last_target = q
            if pending:
                pending -= 1
            else:
                orphans.append(len(order))
                order.append(None)
        elif r == "name":
            pending += 1
            order.append(k)
    trailing = [k for q, (k, r) in enumerate(zip(items, roles)) if r == "name" and q > last_target]
    if any(names_satisfaction(ps[k].text) for k in trailing):  # satisfaction rows close the table
        return names
    if not orphans or len(trailing) != len(orphans) or last_target < 0:
        return names
    order = [k for k in order if k not in trailing]
    for slot, k in zip(orphans, trailing):
        order[slot] = k
    placed = [k for k in order if k is not None]
    if len(placed) != len(names):
        return names
    b.doubt(f"Names {'/'.join(ps[k].text for k in trailing)} are printed after every target; placed at the "
            "targets printed before any name awaited them.")
    return placed
