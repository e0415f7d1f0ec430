"""Demo months of the monthly report for Istog: the month before last published, every directorate
filed; last month collecting, about half filed, the Directorate of Education (the demo director's) not yet."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from intranet.announcements import NoPublisher
from intranet.localtime import local_today
from intranet.people.models import Person
from intranet.permissions import directors_of
from reports.services import assemble, filing_units, get_month, open_month, publish, save_report

_DEMO_SECTIONS = {
    "done": "- Realizuam aktivitetet e planifikuara të muajit.\n- Pritëm **{n}** kërkesa të qytetarëve.",
    "in_progress": "Përgatitja e planit të punës për tremujorin e ardhshëm.",
    "problems": "Mungon një zyrtar/e; kërkojmë plotësimin e vendit të punës.",
    "next_month": "Takim me qytetarët dhe raporti tremujor.",
}


def load_demo(people: dict[str, Person], now: datetime | None = None) -> None:
    """Two demo months (idempotent). Without a plugin that publishes announcements the older month
    stays assembled."""
    cabinet = people.get("kryetari")
    if cabinet is None:
        return
    today = local_today(now)
    last = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    before = (last[0], last[1] - 1) if last[1] > 1 else (last[0] - 1, 12)
    for (year, month), state in ((before, "published"), (last, "collecting")):
        if get_month(year, month) is not None:
            continue
        deadline = date(year + (month == 12), month % 12 + 1, 10)
        if state == "collecting":
            deadline = max(deadline, today + timedelta(days=5))  # the open month is not overdue yet
        opened = datetime.combine(deadline - timedelta(days=9), time(8)) if state == "published" else now
        reporting = open_month(cabinet, year, month, deadline, now=opened)
        for index, unit in enumerate(filing_units()):
            directors = directors_of(unit.id)
            if not directors or (state == "collecting" and (index % 2 or unit.code == "DASH")):
                continue
            sections = {k: v.format(n=10 + index * 7) for k, v in _DEMO_SECTIONS.items()}
            filed = datetime.combine(deadline - timedelta(days=index % 4), time(9)) if state == "published" else now
            save_report(directors[0], reporting, unit, "sq", sections, file=True, now=filed)
        if state == "published":
            published = datetime.combine(deadline + timedelta(days=3), time(10))
            assemble(cabinet, reporting, now=published)
            try:
                publish(cabinet, reporting, now=published)
            except NoPublisher:
                pass  # bulletins not enabled: the month stays assembled, ready to publish
