"""The monthly consolidated report (the reports plugin): cabinet and communications open, follow, assemble and publish;
a director files for their own directorate; published reports are for everyone; the units' reports
for directors, cabinet and communications; a draft for its director alone.

The setups are idempotent and work on the browser tests' demo data too (the "own" unit is then the
Directorate of Education, whose director is the demo director).
"""

import itertools
from datetime import date

from tests.matrix import Row, but, everyone, only, signed_in

BASE = "/reports"
MANAGE = only("cabinet", "communications")
MANAGE_REDIRECT = only("cabinet", "communications", ok=302)
UNIT_READERS = only("director", "cabinet", "communications")
SECTIONS = {"done": "U hap shkolla e re.", "in_progress": "Ngrohja.", "problems": "Asnjë.",
            "next_month": "Tenderi për transport."}
_years = itertools.count(2040)


def _month(world, month: int, state: str, report: str = "filed"):
    """Month `month` of 2026 in `state` (collecting, assembled, published), the own unit's report as `report`."""
    from reports import services as monthly

    cabinet, director, own = world.people["cabinet"], world.people["director"], world.units["own"]
    reporting = monthly.get_month(2026, month) or monthly.open_month(cabinet, 2026, month, date(2026, month + 1, 5))
    existing = monthly.get_report(reporting, own)
    if reporting.status == "collecting" and (existing is None or (report == "filed" and not existing.filed)):
        monthly.save_report(director, reporting, own, "sq", SECTIONS, file=report == "filed")
    if state in ("assembled", "published") and reporting.status == "collecting":
        monthly.assemble(cabinet, reporting)
    if state == "published" and reporting.status != "published":
        monthly.publish(cabinet, reporting)
    world.month = reporting
    return reporting


def _collecting(world):
    _month(world, 11, "collecting", report="draft")


def _assembled(world):
    _month(world, 8, "assembled")


def _published(world):
    _month(world, 9, "published")


def _url(path: str = ""):
    return lambda w: f"{BASE}/{w.month.year}/{w.month.month}/{path}"


def _own(path: str = ""):
    return lambda w: f"{BASE}/{w.month.year}/{w.month.month}/units/{w.units['own'].id}/{path}"


def _new_month(world):
    return {"month": "1", "year": str(next(_years)), "deadline": "2099-02-05"}


def _consolidated(world):
    from intranet.i18n import enabled_languages

    data = {f"title_{c}": "Raporti mujor" for c in enabled_languages()}
    return data | {f"body_{c}": "# Drejtoria\n\nTekst." for c in enabled_languages()}


ROWS = [
    Row("reports.index", signed_in(), setup=_published),
    Row("reports.new", MANAGE),
    Row("reports.new", MANAGE_REDIRECT, method="POST", data=_new_month),
    Row("reports.month", MANAGE, setup=_collecting, url=_url(),
        why="before publishing: who has filed, for cabinet and communications only"),
    Row("reports.month", signed_in(), setup=_published, url=_url(), why="published: for all staff"),
    Row("reports.print", signed_in(), setup=_published, url=_url("print")),
    Row("reports.print", MANAGE, setup=_assembled, url=_url("print"),
        why="the text being prepared prints for cabinet and communications only"),
    Row("reports.deadline", MANAGE_REDIRECT, method="POST", setup=_collecting, url=_url("deadline"),
        data={"deadline": "2026-12-09"}),
    Row("reports.assemble", MANAGE_REDIRECT, method="POST", setup=_collecting, url=_url("assemble")),
    Row("reports.edit", MANAGE, setup=_assembled, url=_url("edit")),
    Row("reports.edit", MANAGE_REDIRECT, method="POST", setup=_assembled, url=_url("edit"),
        data=_consolidated),
    Row("reports.reopen", MANAGE_REDIRECT, method="POST", setup=_assembled, url=_url("reopen"),
        why="communications reopens; cabinet then finds it open and is told so (a redirect with a message)"),
    Row("reports.publish", MANAGE_REDIRECT, method="POST", setup=_assembled, url=_url("publish"),
        why="communications publishes; cabinet then finds it published and is told so"),
    Row("reports.file", but(only("director"), other_director=403), setup=_collecting, url=_own("file"),
        why="the director of the unit (the head, or the director by role in it)"),
    Row("reports.file", only("other_director"), setup=_collecting,
        url=lambda w: f"{BASE}/{w.month.year}/{w.month.month}/units/{w.units['other'].id}/file",
        why="a director files only for the directorate they direct"),
    Row("reports.file", but(only("director", ok=302), other_director=403), method="POST",
        setup=_collecting, url=_own("file"),
        data={"language": "sq", **SECTIONS, "file": "File"}),
    Row("reports.unit", UNIT_READERS, setup=_published, url=_own()),
    Row("reports.unit", but(only("director"), other_director=403), setup=_collecting, url=_own(),
        why="a draft is its director's alone"),
    Row("reports.unit_print", UNIT_READERS, setup=_published, url=_own("print")),
    Row("reports.unit_archive", UNIT_READERS, setup=_published,
        url=lambda w: f"{BASE}/units/{w.units['own'].id}/"),
    Row("reports.legacy", everyone(301), url=lambda w: "/bulletins/monthly/",
        why="the old address (under bulletins) redirects for good; the new page checks who may see it"),
    Row("reports.legacy", everyone(301), setup=_collecting,
        url=lambda w: f"/bulletins/monthly/{w.month.year}/{w.month.month}/units/{w.units['own'].id}/file"),
]
