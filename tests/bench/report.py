"""What the benchmarks share to time a page and to print their figures."""

from __future__ import annotations

import statistics
import time


def printer(lines: list[str], capsys, indent: str = ""):
    """A `say(line)` that prints the line at once (past pytest's capture) and keeps it in `lines`."""
    def say(line: str) -> None:
        lines.append(indent + line)
        with capsys.disabled():
            print(indent + line, flush=True)
    return say


def first_and_median(client, url: str, runs: int) -> tuple[float, float]:
    """(first, median) server time in ms of a GET: the first (cold: nothing cached in the process),
    then the median of `runs` more; every body is read in full. A page slower than five seconds is
    measured once more only."""
    def once() -> float:
        start = time.perf_counter()
        response = client.get(url)
        response.get_data()
        assert response.status_code == 200, url
        return (time.perf_counter() - start) * 1000

    first = once()
    runs = 1 if first > 5000 else runs
    return first, statistics.median(once() for _ in range(runs))
