"""Threshold and complementary suppression: nothing withheld can be recovered by subtraction.

The checker here is independent of surveys.suppression: it writes down every linear
equation a reader has (each row, each column and the totals add up), keeps the shown
figures as known numbers, and asks exact linear algebra whether a withheld figure is
determined — which covers "total − shown siblings" and any row/column arithmetic.
"""

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from surveys.services.suppression import TOTAL, breakdown_is_safe, protect_breakdown, protect_table, table_is_safe


def _rank(rows: list[list[Fraction]]) -> int:
    matrix = [list(r) for r in rows]
    rank, width = 0, len(matrix[0]) if matrix else 0
    for column in range(width):
        pivot = next((i for i in range(rank, len(matrix)) if matrix[i][column] != 0), None)
        if pivot is None:
            continue
        matrix[rank], matrix[pivot] = matrix[pivot], matrix[rank]
        for i in range(len(matrix)):
            if i != rank and matrix[i][column] != 0:
                factor = matrix[i][column] / matrix[rank][column]
                matrix[i] = [a - factor * b for a, b in zip(matrix[i], matrix[rank], strict=True)]
        rank += 1
    return rank


def derivable(unknowns: list, equations: list[list]) -> set:
    """Unknowns fixed by `equations` (each a list of the unknowns it adds up, all with coefficient 1,
    equal to something known): e is determined iff its unit vector lies in the equations' row space."""
    index = {u: i for i, u in enumerate(unknowns)}
    rows = []
    for equation in equations:
        row = [Fraction(0)] * len(unknowns)
        for unknown, coefficient in equation:
            if unknown in index:
                row[index[unknown]] += coefficient
        if any(row):
            rows.append(row)
    if not rows:
        return set()
    base = _rank(rows)
    found = set()
    for unknown in unknowns:
        unit = [Fraction(0)] * len(unknowns)
        unit[index[unknown]] = Fraction(1)
        if _rank([*rows, unit]) == base:
            found.add(unknown)
    return found


def table_equations(row_keys, column_keys):
    """Every row and column of the table with its margins adds up: cells − margin = 0."""
    equations = []
    for r in row_keys:
        equations.append([((r, c), 1) for c in column_keys] + [((r, TOTAL), -1)])
    for c in column_keys:
        equations.append([((r, c), 1) for r in row_keys] + [((TOTAL, c), -1)])
    equations.append([((r, TOTAL), 1) for r in row_keys] + [((TOTAL, TOTAL), -1)])
    equations.append([((TOTAL, c), 1) for c in column_keys] + [((TOTAL, TOTAL), -1)])
    return equations


sizes = st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=12)
thresholds = st.integers(min_value=3, max_value=10)


@settings(max_examples=300, deadline=None)
@given(sizes, thresholds)
def test_one_breakdown_hides_small_groups_and_what_subtraction_would_reveal(counts, threshold):
    groups = {f"g{i}": n for i, n in enumerate(counts)}
    withheld = protect_breakdown(groups, threshold)
    total = sum(counts)
    if total < threshold:
        assert withheld == set(groups)
        return
    assert {g for g, n in groups.items() if n < threshold} <= withheld
    # the reader's equation: total = sum of groups; shown groups are known numbers
    assert not derivable(sorted(withheld), [[(g, 1) for g in groups]])
    if withheld:
        assert sum(groups[g] for g in withheld) >= threshold  # what subtraction gives is itself large enough
    # nothing is withheld that need not be: without the largest complementary group the rule breaks
    complementary = [g for g in withheld if groups[g] >= threshold]
    if complementary:
        largest = max(complementary, key=lambda g: groups[g])
        assert not breakdown_is_safe(groups, threshold, withheld - {largest})
    else:
        assert breakdown_is_safe(groups, threshold, withheld)


def test_a_single_small_group_takes_the_next_smallest_with_it():
    groups = {"finance": 30, "health": 4, "education": 12, "cabinet": 9}
    assert protect_breakdown(groups, 5) == {"health", "cabinet"}
    assert protect_breakdown({"a": 1, "b": 1, "c": 2, "d": 40}, 5) == {"a", "b", "c", "d"}
    assert protect_breakdown({"a": 1, "b": 1, "c": 9, "d": 40}, 5) == {"a", "b", "c"}
    assert protect_breakdown({"a": 20, "b": 30}, 5) == set()
    assert protect_breakdown({"a": 2, "b": 1}, 5) == {"a", "b"}  # the total itself is too small


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.integers(min_value=0, max_value=15), min_size=2, max_size=4), min_size=1, max_size=6),
       thresholds)
def test_a_cross_table_leaks_no_withheld_cell_by_row_or_column_arithmetic(grid, threshold):
    width = min(len(row) for row in grid)
    cells = {(f"u{i}", f"b{j}"): row[j] for i, row in enumerate(grid) for j in range(width)}
    row_keys = sorted({r for r, _ in cells})
    column_keys = sorted({c for _, c in cells})
    withheld = protect_table(cells, threshold)
    entries = dict(cells)
    for r in row_keys:
        entries[(r, TOTAL)] = sum(cells[(r, c)] for c in column_keys)
    for c in column_keys:
        entries[(TOTAL, c)] = sum(cells[(r, c)] for r in row_keys)
    entries[(TOTAL, TOTAL)] = sum(cells.values())
    assert {e for e, n in entries.items() if n < threshold} <= withheld  # every small figure, margins too
    if entries[(TOTAL, TOTAL)] >= threshold:
        assert not derivable(sorted(withheld, key=str), table_equations(row_keys, column_keys))
    # each row or column whose margin is shown: what subtraction gives is large enough
    for r in [*row_keys, TOTAL]:
        line = [(r, c) for c in column_keys] if r != TOTAL else [(TOTAL, c) for c in column_keys]
        hidden = [e for e in line if e in withheld]
        if hidden and (r, TOTAL) not in withheld:
            assert sum(entries[e] for e in hidden) >= threshold
    # minimal: showing any complementary entry again would break the rules
    for entry in withheld:
        if entries[entry] >= threshold:
            assert not table_is_safe(cells, threshold, withheld - {entry})
    if all(n >= threshold for n in entries.values()):
        assert withheld == set()


def test_a_small_cell_is_protected_across_both_breakdowns():
    # units × manager/staff: one unit has 2 managers; the total of managers and the unit total are shown
    cells = {("fin", "manager"): 2, ("fin", "staff"): 20, ("edu", "manager"): 8, ("edu", "staff"): 30,
             ("hea", "manager"): 6, ("hea", "staff"): 12}
    withheld = protect_table(cells, 5)
    assert ("fin", "manager") in withheld
    assert ("fin", "staff") in withheld  # else fin total − staff gives the 2 managers
    assert ("hea", "manager") in withheld  # the smallest other manager cell, else the managers' total gives it
    assert ("hea", "staff") in withheld  # closes the cycle: hea total − staff would give hea's managers
    assert (TOTAL, TOTAL) not in withheld and ("fin", TOTAL) not in withheld
    assert table_is_safe(cells, 5, withheld)


def test_a_row_margin_decided_elsewhere_is_kept_withheld():
    cells = {("a", "x"): 10, ("a", "y"): 10, ("b", "x"): 10, ("b", "y"): 10}
    withheld = protect_table(cells, 5, forced={("a", TOTAL)})
    assert ("a", TOTAL) in withheld and ("b", TOTAL) in withheld  # else a = total − b
    assert table_is_safe(cells, 5, withheld)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 12), st.integers(0, 12), st.integers(0, 12)), min_size=2, max_size=5),
       thresholds)
def test_two_cross_tables_and_the_groups_leak_nothing_together(rows, threshold):
    """Groups × manager/staff and groups × two tenure bands share the group totals: the reader has the
    one-way table and both cross-tables at once; nothing withheld may follow from all their equations."""
    from types import SimpleNamespace

    from surveys.services.response_rates import suppress_responses

    # each group: (managers with band lt2, staff with band lt2, staff with band gt20)
    groups = [SimpleNamespace(id=i) for i in range(len(rows))]
    survey = SimpleNamespace(groups=groups, collect_manager=True, collect_tenure=True, score_threshold=threshold)
    counts = {}
    for i, (m, s1, s2) in enumerate(rows):
        counts[(i, True, "lt2")] = m
        counts[(i, False, "lt2")] = s1
        counts[(i, False, "gt20")] = s2
    suppressed = suppress_responses(survey, counts)
    total = sum(counts.values())
    by_group = {i: sum(r) for i, r in enumerate(rows)}
    if total < threshold:
        return
    # one set of unknowns: group totals ("g", i) and the grand total are shared by all three tables
    def key(table, r, c):
        if c == TOTAL:
            return ("T",) if r == TOTAL else ("g", r)
        return (table, r, c)

    unknowns = {("g", i) for i in suppressed.groups}
    equations = [[(("g", i), 1) for i in by_group] + [(("T",), -1)]]
    for name, cells in suppressed.cells.items():
        columns = sorted({c for _, c in cells})
        unknowns |= {key(name, r, c) for r, c in suppressed.tables[name]}
        for r in by_group:
            equations.append([(key(name, r, c), 1) for c in columns] + [(key(name, r, TOTAL), -1)])
        for c in columns:
            equations.append([(key(name, r, c), 1) for r in by_group] + [(key(name, TOTAL, c), -1)])
        equations.append([(key(name, TOTAL, c), 1) for c in columns] + [(("T",), -1)])
        # the margins each table withholds agree with the one-way table
        assert {r for r, c in suppressed.tables[name] if c == TOTAL and r != TOTAL} == suppressed.groups
    assert {i for i, n in by_group.items() if n < threshold} <= suppressed.groups
    assert not derivable(sorted(unknowns, key=str), equations)
