"""The monthly consolidated report: services (every rule and write, callable without HTTP).

The cycle: the cabinet (or communications) opens a month with a deadline; every
active directorate must file; its director writes four sections in their own
language, saves drafts and files, and may edit until the month is assembled. The
daily `flask reports tick` reminds the directors who have not filed:
`REMIND_DAYS_BEFORE` days before the deadline, on it, then every
`OVERDUE_EVERY_DAYS` days while overdue (up to `STALE_AFTER_DAYS` past it), each
reminder once. Cabinet or communications then assemble the consolidated text (per
language, all directorates in unit order, missing ones noted), edit it, and publish
it to all staff through `intranet.announcements` (the bulletins plugin makes it an
all-staff bulletin); the month is then closed.

Who may read what: published consolidated reports are for all staff; the reports
of single units (and the archive by unit) for directors, cabinet and
communications; a draft only for the unit's own director.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date, datetime

from babel.dates import format_date as babel_format_date
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from intranet import announcements
from intranet.audit.services import record
from intranet.database import insert_once, unique_or
from intranet.domain import DomainError
from intranet.extensions import db
from intranet.i18n import LANGUAGE_NAMES, LOCALES, enabled_languages
from intranet.localtime import local_today, to_local
from intranet.markdown import ImageSources, check_images, clean_markdown, render_markdown
from intranet.notifications.emails import in_language
from intranet.notifications.services import clear, notify
from intranet.people.models import Person, Unit, utcnow
from intranet.permissions import acted_units, can, directors_of, require
from intranet.texts import Translated
from reports.models import SECTIONS, MonthStatus, ReportingMonth, ReportReminder, ReportStatus, UnitReport

log = logging.getLogger("ura.reports")

#: unit kinds that file a monthly report
FILING_KINDS = ("directorate",)
REMIND_DAYS_BEFORE = 3
OVERDUE_EVERY_DAYS = 2
#: how long past its deadline a month still asks its directors to file (home page, reminders). Later the
#: month is long past: nagging a director about October in December helps nobody; the cabinet closes it.
STALE_AFTER_DAYS = 28
MAX_SECTION = 20000
MAX_TITLE = 300
MAX_BODY = 200000
REMINDER_KIND = "reports.file"
#: a unit report's body sits under the page's h1 (the month) and the section's h2
BODY_HEADING_LEVEL = 2

SECTION_LABELS = {
    "done": _l("Done this month"),
    "in_progress": _l("In progress"),
    "problems": _l("Problems and needs"),
    "next_month": _l("Next month"),
}


# --- names and paths ------------------------------------------------------------------


def month_name(year: int, month: int, language: str) -> str:
    """"October 2026" in `language` (stand-alone month name)."""
    locale = LOCALES.get(language) or LOCALES[current_app.config["BABEL_DEFAULT_LOCALE"]]
    return babel_format_date(date(year, month, 1), "LLLL y", locale=locale)


def month_names(reporting: ReportingMonth) -> Translated:
    """The month's name in every enabled language: a notification shows the reader's."""
    return Translated({code: month_name(reporting.year, reporting.month, code) for code in enabled_languages()})


def subject(reporting: ReportingMonth, unit: Unit) -> str:
    """What a request or reminder to file is about: "report:2026-11:<unit id>"."""
    return f"report:{reporting.key}:{unit.id}"


def month_path(reporting: ReportingMonth) -> str:
    """The month's page, as a local path (built without a request: the daily tick has none)."""
    return f"/reports/{reporting.year}/{reporting.month}/"


def file_path(reporting: ReportingMonth, unit: Unit) -> str:
    return f"/reports/{reporting.year}/{reporting.month}/units/{unit.id}/file"


# --- reading -------------------------------------------------------------------------


def filing_units() -> list[Unit]:
    """The units that must file, in the organisation's order."""
    return list(db.session.scalars(
        db.select(Unit).where(Unit.kind.in_(FILING_KINDS), Unit.active.is_(True))
        .order_by(Unit.sort_order, Unit.id)
    ))


def get_month(year: int, month: int) -> ReportingMonth | None:
    return db.session.scalar(db.select(ReportingMonth).filter_by(year=year, month=month))


def list_months(person: Person) -> list[ReportingMonth]:
    """Months newest first: all of them for cabinet and communications, else the published ones
    and the months still collecting (a director files from there)."""
    query = db.select(ReportingMonth).order_by(ReportingMonth.year.desc(), ReportingMonth.month.desc())
    if not can(person, "reports.manage"):
        statuses = [MonthStatus.PUBLISHED]
        if can(person, "reports.file"):
            statuses.append(MonthStatus.COLLECTING)
        query = query.where(ReportingMonth.status.in_(statuses))
    return list(db.session.scalars(query))


def open_months() -> list[ReportingMonth]:
    """The months still collecting reports, oldest first."""
    return list(db.session.scalars(db.select(ReportingMonth).where(ReportingMonth.status == MonthStatus.COLLECTING)
                                   .order_by(ReportingMonth.year, ReportingMonth.month)))


def get_report(month: ReportingMonth, unit: Unit) -> UnitReport | None:
    return db.session.scalar(db.select(UnitReport).filter_by(month_id=month.id, unit_id=unit.id))


def unit_archive(unit: Unit) -> list[UnitReport]:
    """A unit's filed reports, newest month first."""
    return list(db.session.scalars(
        db.select(UnitReport).join(ReportingMonth)
        .where(UnitReport.unit_id == unit.id, UnitReport.status == ReportStatus.FILED)
        .order_by(ReportingMonth.year.desc(), ReportingMonth.month.desc())
    ))


@dataclass
class OverviewRow:
    unit: Unit
    report: UnitReport | None
    #: filed, draft or missing
    state: str
    overdue: bool
    late: bool


def overview(month: ReportingMonth, now: datetime | None = None) -> list[OverviewRow]:
    """Every directorate of the month, in order: filed (and when), draft, or missing; overdue marked."""
    today = local_today(now)
    reports = {r.unit_id: r for r in month.reports}
    rows = []
    for unit in filing_units():
        report = reports.get(unit.id)
        state = "missing" if report is None else str(report.status)
        filed_local = to_local(report.filed_at) if report is not None else None
        rows.append(OverviewRow(
            unit=unit, report=report, state=state,
            overdue=state != ReportStatus.FILED and month.overdue_on(today),
            late=filed_local is not None and filed_local.date() > month.deadline,
        ))
    return rows


def unfiled_count(month: ReportingMonth) -> int:
    """How many directorates have not filed the month's report yet."""
    filed = {r.unit_id for r in month.reports if r.filed}
    return sum(unit.id not in filed for unit in filing_units())


def demote(source: str, levels: int) -> str:
    """Markdown with every ATX heading `levels` deeper, so a unit's "#" sits under the page's headings."""
    return re.sub(r"(?m)^( {0,3})(#{1,6})(?=\s|$)", lambda m: m[1] + "#" * min(6, len(m[2]) + levels), source)


def render_section(source: str, levels: int = 1) -> Markup:
    """A unit report section as safe HTML; its headings come below the section's own heading."""
    return render_markdown(demote(source or "", levels), BODY_HEADING_LEVEL, images=ImageSources.of())


def render_body(source: str) -> Markup:
    """A consolidated report body as safe HTML ("#" is a unit, an h2 under the page's h1)."""
    return render_markdown(source, BODY_HEADING_LEVEL, images=ImageSources.of())


# --- the cabinet opens a month ---------------------------------------------------------


def open_month(actor: Person, year: int, month: int, deadline: date, now: datetime | None = None) -> ReportingMonth:
    """Open a reporting month and ask every directorate's director to file by `deadline`.

    :raises DomainError: for a month that exists already, or a deadline before the month starts.
    """
    require(actor, "reports.manage")
    if not 1 <= month <= 12 or not 2000 <= year <= 2100:
        raise DomainError(_("Choose a month and a year between 2000 and 2100."), "month")
    already = DomainError(_("This month is already open."), "month")
    if get_month(year, month) is not None:
        raise already
    if deadline < date(year, month, 1):
        raise DomainError(_("The deadline cannot be before the month starts."), "deadline")
    with unique_or(already):  # a double click: the second request gets the message, not a 500
        reporting = ReportingMonth(year=year, month=month, deadline=deadline, status=MonthStatus.COLLECTING,
                                   opened_by_id=actor.id, opened_at=now or utcnow(), titles={}, bodies={})
        db.session.add(reporting)
    for unit in filing_units():
        for person in directors_of(unit.id):
            ask(person, reporting, unit, "opened")
    record(actor, "reports.opened", reporting, year=year, month=month, deadline=deadline.isoformat())
    db.session.commit()
    return reporting


def set_deadline(actor: Person, reporting: ReportingMonth, deadline: date) -> None:
    """Move the deadline of a month still collecting reports.

    :raises DomainError: once the month is assembled or published, or for a date before the month.
    """
    require(actor, "reports.manage", reporting)
    reporting.require_collecting("deadline")
    if deadline < reporting.first_day:
        raise DomainError(_("The deadline cannot be before the month starts."), "deadline")
    old = reporting.deadline
    reporting.deadline = deadline
    record(actor, "reports.deadline_changed", reporting, old=old.isoformat(), new=deadline.isoformat())
    db.session.commit()


# --- a director files ------------------------------------------------------------------------


def save_report(actor: Person, reporting: ReportingMonth, unit: Unit, language: str, sections: dict[str, str],
                file: bool = False, now: datetime | None = None) -> UnitReport:
    """Save the unit's report as a draft, or file it (`file=True`); a filed report stays filed when edited.

    Filing clears the unit's requests and reminders to file (every director's).

    :raises DomainError: when the month is closed, the unit does not file, a section is too long or has an
        image without a description, or (when filing) a section is empty.
    """
    require(actor, "reports.file", unit)
    reporting.require_collecting()
    if unit.kind not in FILING_KINDS:
        raise DomainError(_("This unit does not file a monthly report."))
    if language not in enabled_languages():
        raise DomainError(_("Choose the language you write in."), "language")
    texts = {}
    for key in SECTIONS:
        text = clean_markdown(sections.get(key))
        if len(text) > MAX_SECTION:
            raise DomainError(_("At most %(num)d characters.", num=MAX_SECTION), key)
        check_images(text, key)
        texts[key] = text
    if not any(texts.values()):
        raise DomainError(_("Write at least one section before saving."), "done")
    report = get_report(reporting, unit)
    if file or (report is not None and report.filed):
        for key in SECTIONS:
            if not texts[key]:
                raise DomainError(_("Write this section before filing (write “none” if there is nothing "
                                    "to report)."), key)
    now = now or utcnow()
    if report is None:
        # Insert-or-nothing: a double-clicked first save must not create the unit's report twice.
        insert_once(UnitReport, month_id=reporting.id, unit_id=unit.id, status=ReportStatus.DRAFT, created_at=now)
        report = get_report(reporting, unit)
        assert report is not None
    newly_filed = file and not report.filed
    for key, text in texts.items():
        setattr(report, key, text)
    report.language = language
    report.updated_by_id = actor.id
    report.updated_at = now
    if newly_filed:
        report.file(actor, now)
        clear(subject(reporting, unit))
    db.session.flush()
    action = "filed" if newly_filed else "saved"
    record(actor, f"reports.report_{action}", report, unit=unit.code, month=reporting.key, status=report.status)
    db.session.commit()
    return report


# --- requests and reminders ----------------------------------------------------------------


def reminder_stage(deadline: date, today: date) -> str | None:
    """Which reminder is due on `today`: "before", "deadline", "overdue-<n>" (every N days late), or None
    (too early, or more than `STALE_AFTER_DAYS` late)."""
    days = (deadline - today).days
    if 0 < days <= REMIND_DAYS_BEFORE:
        return "before"
    if days == 0:
        return "deadline"
    if -STALE_AFTER_DAYS <= days < 0:
        return f"overdue-{(-days + OVERDUE_EVERY_DAYS - 1) // OVERDUE_EVERY_DAYS}"
    return None


def ask(person: Person, reporting: ReportingMonth, unit: Unit, stage: str) -> None:
    """Ask `person` to file `unit`'s report for the month ("opened") or remind them (a `reminder_stage`).

    Title and body stay lazy: the month, the deadline and the unit are shown in the reader's language.
    """
    month, deadline = month_names(reporting), reporting.deadline
    if stage == "opened":
        title = _l("Monthly report for %(month)s: please file by %(date)s", month=month, date=deadline)
    elif stage == "before":
        title = _l("Reminder: the monthly report for %(month)s is due on %(date)s", month=month, date=deadline)
    elif stage == "deadline":
        title = _l("Today is the deadline for the monthly report for %(month)s", month=month)
    else:
        title = _l("Overdue: the monthly report for %(month)s was due on %(date)s", month=month, date=deadline)
    body = _l("%(unit)s: what was done this month, what is in progress, problems and needs, and the plan for "
              "next month.", unit=Translated(unit.names or {}) or unit.code)
    notify(person, REMINDER_KIND, title, body, url=file_path(reporting, unit), subject=subject(reporting, unit))


def tick(now: datetime | None = None) -> int:
    """Send the reminders due today to the directors of units that have not filed; each once.

    Called daily by `flask reports tick`. Returns how many units were reminded.
    """
    today = local_today(now)
    count = 0
    for reporting in open_months():
        stage = reminder_stage(reporting.deadline, today)
        if stage is None:
            continue
        filed = {r.unit_id for r in reporting.reports if r.filed}
        sent = set(db.session.scalars(
            db.select(ReportReminder.unit_id).filter_by(month_id=reporting.id, stage=stage)
        ))
        reminded = 0
        for unit in filing_units():
            if unit.id in filed or unit.id in sent:
                continue
            directors = directors_of(unit.id)
            if not directors:
                continue  # nobody to remind yet; a director named later still gets this stage
            # Claim the reminder first (inserted or nothing): a second tick running at the same
            # moment finds it taken and sends nothing. Each unit is committed on its own.
            try:
                if insert_once(ReportReminder, month_id=reporting.id, unit_id=unit.id, stage=stage,
                               recipients=[p.id for p in directors], sent_at=now or utcnow()):
                    for person in directors:
                        ask(person, reporting, unit, stage)
                    reminded += 1
                db.session.commit()
            except Exception:
                db.session.rollback()
                log.exception("monthly report reminder month=%s unit=%s failed", reporting.id, unit.id)
        if reminded:
            record(None, "reports.reminded", reporting, stage=stage, units=reminded)
            db.session.commit()
        count += reminded
    return count


# --- assembling and publishing ------------------------------------------------------------


def consolidated_text(reporting: ReportingMonth, language: str) -> tuple[str, str]:
    """(title, Markdown body) of the consolidated report in `language`, from what each unit filed."""
    reports = {r.unit_id: r for r in reporting.reports if r.filed}
    with in_language(language):
        period = month_name(reporting.year, reporting.month, language)
        title = _("Monthly report of the administration: %(month)s", month=period)
        parts = []
        for unit in filing_units():
            parts.append(f"# {unit.name_in(language)}")
            report = reports.get(unit.id)
            if report is None:
                parts.append("*" + _("No report was filed.") + "*")
                continue
            if report.language != language:
                parts.append("*" + _("Written in %(language)s.", language=LANGUAGE_NAMES.get(report.language,
                                                                                              report.language)) + "*")
            for key in SECTIONS:
                parts.append(f"## {SECTION_LABELS[key]}")
                parts.append(demote(report.section(key), 2) or "—")
    return title, "\n\n".join(parts)


def assemble(actor: Person, reporting: ReportingMonth, now: datetime | None = None) -> None:
    """Build the consolidated report in every enabled language; unit reports are then closed for editing.

    Assembling again (before publishing) rebuilds the text from the reports and drops earlier edits.

    :raises DomainError: once the month is published.
    """
    require(actor, "reports.manage", reporting)
    titles, bodies = {}, {}
    for language in enabled_languages():
        titles[language], bodies[language] = consolidated_text(reporting, language)
    reporting.assemble(titles, bodies, now or utcnow())
    record(actor, "reports.assembled", reporting,
           filed=sum(r.filed for r in reporting.reports), units=len(filing_units()))
    db.session.commit()


def reopen(actor: Person, reporting: ReportingMonth) -> None:
    """Back to collecting (a late report can still come in); the assembled text is kept until assembled again.

    :raises DomainError: unless the month is assembled.
    """
    require(actor, "reports.manage", reporting)
    reporting.reopen()
    record(actor, "reports.reopened", reporting)
    db.session.commit()


def save_consolidated(actor: Person, reporting: ReportingMonth, titles: Translated, bodies: Translated) -> None:
    """Store the edited consolidated report (title and Markdown body per language).

    :raises DomainError: unless the month is assembled; for an empty title or body in the default language,
        a text too long or an image without a description (naming the language's input).
    """
    require(actor, "reports.manage", reporting)
    reporting.require_assembled(_("Assemble the month's report before editing it."))
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    clean_titles = Translated({code: " ".join(text.split()) for code, text in Translated.cleaned(titles).items()})
    clean_bodies = Translated({code: clean_markdown(text) for code, text in Translated.cleaned(bodies).items()})
    for code in enabled_languages():
        if len(clean_titles.get(code, "")) > MAX_TITLE:
            raise DomainError(_("At most %(num)d characters.", num=MAX_TITLE), f"title_{code}")
        if len(clean_bodies.get(code, "")) > MAX_BODY:
            raise DomainError(_("At most %(num)d characters.", num=MAX_BODY), f"body_{code}")
        check_images(clean_bodies.get(code, ""), f"body_{code}")
    if not clean_titles.get(default) or not clean_bodies.get(default):
        raise DomainError(_("The report needs a title and a text in the main language."),
                          f"title_{default}" if not clean_titles.get(default) else f"body_{default}")
    reporting.titles, reporting.bodies = dict(clean_titles), dict(clean_bodies)
    record(actor, "reports.edited", reporting, languages=sorted(clean_bodies))
    db.session.commit()


def publish(actor: Person, reporting: ReportingMonth, now: datetime | None = None) -> str:
    """Publish the assembled report to all staff (an announcement); the month is then closed.

    :returns: the local URL of what was published (the all-staff bulletin).
    :raises DomainError: unless the month is assembled; `announcements.NoPublisher` when no enabled
        plugin publishes announcements (nothing is changed then).
    """
    require(actor, "reports.manage", reporting)
    reporting.require_assembled(_("Assemble the month's report before publishing it."))
    titles = Translated.cleaned(reporting.titles)
    bodies = Translated({code: text for code, text in Translated.cleaned(reporting.bodies).items() if code in titles})
    try:
        urls = announcements.publish(announcements.Announcement(
            author=actor, titles=titles, bodies=bodies, source=("reports", f"month:{reporting.key}"),
            url=month_path(reporting),
        ))
    except DomainError:
        db.session.rollback()  # whatever a publisher wrote before refusing goes too
        raise
    # The month closes in the same transaction as the announcement goes live.
    reporting.close(actor, urls[0], now or utcnow())
    record(actor, "reports.published", reporting, url=urls[0])
    db.session.commit()
    return urls[0]


# --- what is still to do -----------------------------------------------------------------------


@dataclass
class Pending:
    month: ReportingMonth
    unit: Unit
    report: UnitReport | None
    overdue: bool


def pending_for(person: Person, now: datetime | None = None) -> list[Pending]:
    """The reports this director still has to file: months collecting, not long past (`STALE_AFTER_DAYS`)."""
    acted = acted_units(person).units
    if not acted:
        return []
    units = list(db.session.scalars(db.select(Unit).where(Unit.id.in_(acted), Unit.kind.in_(FILING_KINDS),
                                                          Unit.active.is_(True)).order_by(Unit.id)))
    if not units:
        return []
    today = local_today(now)
    found = []
    for reporting in open_months():
        if (today - reporting.deadline).days > STALE_AFTER_DAYS:
            continue
        reports = {r.unit_id: r for r in reporting.reports}
        for unit in units:
            report = reports.get(unit.id)
            if report is None or not report.filed:
                found.append(Pending(reporting, unit, report, reporting.overdue_on(today)))
    return found
