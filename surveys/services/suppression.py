"""Which figures are withheld: threshold and complementary suppression, as pure functions.

Every figure is built from a number of answers (its *count*). A figure whose count is
under the threshold is withheld (primary suppression). Because the organisation total
is shown, a withheld figure could be recovered by subtraction (total − shown siblings),
so more figures are withheld (complementary suppression) until nothing withheld can be
derived by any linear combination of what is shown:

- One breakdown (groups and their total), `protect_breakdown`: if anything is withheld,
  at least two groups are, and together they hold at least `threshold` answers; the
  smallest groups are added first. If the total itself is under the threshold,
  everything is withheld.
- Two breakdowns crossed (groups × manager/staff, groups × years of service), with both
  margins and the grand total shown, `protect_table`: the table with its margins is a
  grid in which every row and column adds up; a withheld entry can be derived exactly
  when it is a *bridge* among the withheld entries (seen as edges between their row and
  column). So every withheld entry must lie on a cycle of withheld entries, and in every
  row and column whose margin is shown the withheld entries hold at least `threshold`
  answers together. Missing cycles are closed along the cheapest path (smallest counts
  first); then every complementary entry that turns out not to be needed is shown again.

Zero counts are treated like any count under the threshold: the figure is withheld.
"""

from __future__ import annotations

import heapq
from collections.abc import Hashable, Mapping
from typing import Any

TOTAL = "__total__"  # the margin's key in `protect_table` results


def protect_breakdown(counts: Mapping[Any, int], threshold: int,
                      forced: set | frozenset = frozenset()) -> set:
    """The keys of `counts` to withhold in one breakdown whose total is shown.

    `forced` keys are withheld whatever their count (e.g. decided by another table).
    When the total is under the threshold every key is returned.
    """
    total = sum(counts.values())
    if total < threshold:
        return set(counts)
    withheld = {key for key, count in counts.items() if count < threshold} | (set(forced) & set(counts))
    # the smallest first; ties in a stable order so the same data always give the same table
    order = sorted((key for key in counts if key not in withheld), key=lambda key: (counts[key], str(key)))
    while withheld and (len(withheld) < 2 or sum(counts[key] for key in withheld) < threshold) and order:
        withheld.add(order.pop(0))
    return withheld


def breakdown_is_safe(counts: Mapping[Hashable, int], threshold: int, withheld: set) -> bool:
    """True when `withheld` satisfies the rule `protect_breakdown` enforces."""
    if sum(counts.values()) < threshold:
        return set(withheld) >= set(counts)
    if any(count < threshold and key not in withheld for key, count in counts.items()):
        return False
    return not withheld or (len(withheld) >= 2 and sum(counts[key] for key in withheld) >= threshold)


def _extended(cells: Mapping[tuple, int]) -> tuple[list, list, dict]:
    """Rows, columns and every entry of the table with its margins (key TOTAL) and grand total."""
    rows = sorted({r for r, _ in cells}, key=str)
    columns = sorted({c for _, c in cells}, key=str)
    entries = {(r, c): cells.get((r, c), 0) for r in rows for c in columns}
    for r in rows:
        entries[(r, TOTAL)] = sum(cells.get((r, c), 0) for c in columns)
    for c in columns:
        entries[(TOTAL, c)] = sum(cells.get((r, c), 0) for r in rows)
    entries[(TOTAL, TOTAL)] = sum(cells.values())
    return rows + [TOTAL], columns + [TOTAL], entries


def _bridges(withheld: set) -> set:
    """Withheld entries that are bridges of the bipartite graph rows–columns (Tarjan, iterative)."""
    adjacency: dict = {}
    for index, (r, c) in enumerate(sorted(withheld, key=str)):
        adjacency.setdefault(("r", r), []).append((("c", c), index, (r, c)))
        adjacency.setdefault(("c", c), []).append((("r", r), index, (r, c)))
    seen: dict = {}
    low: dict = {}
    bridges = set()
    counter = 0
    for root in adjacency:
        if root in seen:
            continue
        seen[root] = low[root] = counter
        counter += 1
        stack = [(root, None, iter(adjacency[root]))]
        while stack:
            node, via, edges = stack[-1]
            advanced = False
            for neighbour, index, _entry in edges:
                if index == via:
                    continue
                if neighbour in seen:
                    low[node] = min(low[node], seen[neighbour])
                else:
                    seen[neighbour] = low[neighbour] = counter
                    counter += 1
                    stack.append((neighbour, index, iter(adjacency[neighbour])))
                    advanced = True
                    break
            if advanced:
                continue
            stack.pop()
            if stack:
                parent = stack[-1][0]
                low[parent] = min(low[parent], low[node])
                if low[node] > seen[parent]:
                    bridges.add(next(e for n, i, e in adjacency[parent] if i == via))
    return bridges


def _short_lines(entries: dict, rows: list, columns: list, withheld: set, threshold: int) -> list:
    """Lines (rows, columns) whose margin is shown but whose withheld entries hold too few answers."""
    short = []
    for r in rows:
        line = [(r, c) for c in columns if c != TOTAL]
        if (r, TOTAL) not in withheld and any(e in withheld for e in line) \
                and sum(entries[e] for e in line if e in withheld) < threshold:
            short.append(line)
    for c in columns:
        line = [(r, c) for r in rows if r != TOTAL]
        if (TOTAL, c) not in withheld and any(e in withheld for e in line) \
                and sum(entries[e] for e in line if e in withheld) < threshold:
            short.append(line)
    return short


def _table_is_safe(entries: dict, rows: list, columns: list, withheld: set, threshold: int) -> bool:
    return not _bridges(withheld) and not _short_lines(entries, rows, columns, withheld, threshold)


def _close_cycle(entries: dict, rows: list, columns: list, withheld: set, bridge: tuple) -> set:
    """The cheapest shown entries that, withheld, put `bridge` on a cycle (Dijkstra over rows and columns)."""
    start, goal = ("r", bridge[0]), ("c", bridge[1])
    best = {start: 0}
    previous: dict = {}
    queue = [(0, 0, start)]
    tie = 0
    while queue:
        cost, _, node = heapq.heappop(queue)
        if node == goal:
            break
        if cost > best.get(node, float("inf")):
            continue
        side, key = node
        for other in (columns if side == "r" else rows):
            entry = (key, other) if side == "r" else (other, key)
            if entry == bridge:
                continue
            step = 0 if entry in withheld else entries[entry] + 1
            target = ("c", other) if side == "r" else ("r", other)
            if cost + step < best.get(target, float("inf")):
                best[target] = cost + step
                previous[target] = (node, entry)
                tie += 1
                heapq.heappush(queue, (cost + step, tie, target))
    added, node = set(), goal
    while node in previous:
        node, entry = previous[node]
        if entry not in withheld:
            added.add(entry)
    return added


def protect_table(cells: Mapping[tuple, int], threshold: int, forced: set | frozenset = frozenset()) -> set:
    """The entries of a cross-table to withhold: `(row, column)` keys of `cells`, and margins
    as `(row, TOTAL)`, `(TOTAL, column)` and `(TOTAL, TOTAL)`.

    `cells` maps (row, column) to a count (missing pairs count 0). `forced` entries are
    withheld whatever their count (the row margins decided by the one-way breakdown).
    """
    rows, columns, entries = _extended(cells)
    if entries[(TOTAL, TOTAL)] < threshold:
        return set(entries)
    primary = {e for e, count in entries.items() if count < threshold} | (set(forced) & set(entries))
    withheld = set(primary)
    while True:
        bridges = _bridges(withheld)
        if bridges:
            bridge = min(bridges, key=lambda e: (entries[e], str(e)))
            withheld |= _close_cycle(entries, rows, columns, withheld, bridge)
            continue
        short = _short_lines(entries, rows, columns, withheld, threshold)
        if not short:
            break
        candidates = [e for e in short[0] if e not in withheld]
        if not candidates:  # cannot happen when the margin is shown: the line then holds enough
            break
        withheld.add(min(candidates, key=lambda e: (entries[e], str(e))))
    # show again every complementary entry the table turns out not to need, largest first
    for entry in sorted(withheld - primary, key=lambda e: (-entries[e], str(e))):
        if _table_is_safe(entries, rows, columns, withheld - {entry}, threshold):
            withheld.discard(entry)
    return withheld


def table_is_safe(cells: Mapping[tuple, int], threshold: int, withheld: set) -> bool:
    """True when `withheld` satisfies the rules `protect_table` enforces (for tests and checks)."""
    rows, columns, entries = _extended(cells)
    if entries[(TOTAL, TOTAL)] < threshold:
        return set(withheld) >= set(entries)
    if any(count < threshold and e not in withheld for e, count in entries.items()):
        return False
    return _table_is_safe(entries, rows, columns, set(withheld), threshold)


WITHHELD = "__withheld__"  # a breakdown value written as "withheld" (`coarsen`)


def coarsen(counts: Mapping[tuple, int], threshold: int) -> dict[tuple, tuple]:
    """How to write each combination of breakdown values so that every combination written occurs at
    least `threshold` times, or is withheld altogether.

    `counts` maps a combination (a tuple of values, the coarsest first: group, manager or staff,
    years-of-service band) to how many rows have it; a value may already be WITHHELD, and None
    stands for a breakdown not collected (it is never written, so never withheld). Where a
    combination is rarer than `threshold`, its last value is withheld, merging it with the others
    that differ only there; then the value before, and so on, until every combination written is
    frequent enough or wholly withheld. If the wholly withheld rows are then fewer than `threshold`
    (and not none), the rarest combinations written are withheld with them until they are not: a
    single withheld row would otherwise be told apart by subtracting what is shown from the
    groups' response counts. Returns combination -> the combination to write.
    """
    written = {combination: combination for combination in counts}
    width = max((len(c) for c in counts), default=0)

    def totals() -> dict:
        found: dict = {}
        for combination, n in counts.items():
            found[written[combination]] = found.get(written[combination], 0) + n
        return found

    for position in range(width - 1, -1, -1):
        small = {shown for shown, n in totals().items() if n < threshold}
        for combination in counts:
            shown = written[combination]
            if shown in small and shown[position] is not None:
                written[combination] = shown[:position] + (WITHHELD,) + shown[position + 1:]

    def hidden(shown: tuple) -> bool:
        return all(value in (WITHHELD, None) for value in shown)

    while True:
        found = totals()
        withheld_rows = sum(n for shown, n in found.items() if hidden(shown))
        rest = sorted(((n, str(shown), shown) for shown, n in found.items() if not hidden(shown)))
        if not withheld_rows or withheld_rows >= threshold or not rest:
            return written
        smallest = rest[0][2]
        for combination in counts:
            if written[combination] == smallest:
                written[combination] = tuple(None if v is None else WITHHELD for v in smallest)
