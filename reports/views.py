"""Pages of the monthly consolidated report (under /reports/): thin views on `intranet.pages.Page`;
every rule is in `reports.services`, every URL in `reports.blueprint`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from intranet.domain import DomainError, show_error
from intranet.i18n import enabled_languages
from intranet.localtime import local_today
from intranet.pages import Page, get_or_404
from intranet.people.models import Unit
from intranet.permissions import can
from intranet.texts import Translated
from reports import services
from reports.forms import ConsolidatedForm, DeadlineForm, MonthActionForm, OpenMonthForm, UnitReportForm
from reports.models import SECTIONS


def _expired() -> None:
    flash(_("The form has expired; please try again."), "error")


def _month_names() -> list[str]:
    """January to December in the reader's language (stand-alone names)."""
    return [format_date(date(2000, number, 1), "LLLL") for number in range(1, 13)]


def _unit_or_404(unit_id: int) -> Unit:
    """A unit that files monthly reports, or a 404."""
    if unit_id > 2**31 - 1:
        abort(404)
    unit = get_or_404(Unit, unit_id)
    if unit.kind not in services.FILING_KINDS:
        abort(404)
    return unit


def _period(reporting) -> str:
    """"October 2026" in the reader's language."""
    return format_date(reporting.first_day, "LLLL y")


class MonthPage(Page):
    """A page about one reporting month: loads it from the URL (404 when unknown) and checks against it."""

    permission = "reports.read"

    def load(self, year: int, month: int, *args: Any, **kwargs: Any) -> None:
        if not (2000 <= year <= 2100 and 1 <= month <= 12):
            abort(404)  # also keeps absurd numbers away from the database's integer columns
        self.month = services.get_month(year, month) or abort(404)

    def access_target(self):
        return self.month

    def back(self):
        return redirect(url_for("reports.month", year=self.month.year, month=self.month.month))


class Index(Page):
    """The archive by month (and, for directors, cabinet and communications, by unit)."""

    permission = "reports.read"

    def get(self):
        months = services.list_months(self.person)
        units = services.filing_units() if can(self.person, "reports.units") else []
        return render_template(
            "reports/index.html", months=months, units=units, period=_period,
            pending=services.pending_for(self.person), can_manage=can(self.person, "reports.manage"),
        )


class NewMonth(Page):
    permission = "reports.manage"

    def get(self):
        today = local_today()
        # Reports are usually about the month that just ended, due a few days into the next one.
        year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
        form = OpenMonthForm(formdata=None, month_names=_month_names(),
                             data={"year": year, "month": month, "deadline": date(today.year, today.month, 10)})
        return self.render(form)

    def render(self, form, status=200):
        return render_template("reports/new.html", form=form), status

    def post(self):
        form = OpenMonthForm(month_names=_month_names())
        if form.validate_on_submit():
            try:
                reporting = services.open_month(self.person, form.year.data, form.month.data, form.deadline.data)
            except DomainError as error:
                show_error(form, error)
            else:
                flash(_("The month is open: the directors are asked to file their reports."), "success")
                return redirect(url_for("reports.month", year=reporting.year, month=reporting.month))
        return self.render(form, 400)


class Month(MonthPage):
    """The consolidated report; for cabinet and communications also who has filed, and the actions."""

    def get(self, deadline_form=None, status=200):
        manage = can(self.person, "reports.manage", self.month)
        titles, bodies = Translated(self.month.titles or {}), Translated(self.month.bodies or {})
        return render_template(
            "reports/month.html", month=self.month, period=_period(self.month), manage=manage,
            rows=services.overview(self.month) if manage else [], title=titles.in_language(),
            body=services.render_body(bodies.in_language()), body_language=bodies.language_for(),
            published_url=self.month.published_url or None,
            deadline_form=deadline_form or DeadlineForm(formdata=None, data={"deadline": self.month.deadline}),
            action_form=MonthActionForm(), today=local_today(),
            can_read_units=can(self.person, "reports.units"),
            filed=[r for r in self.month.reports if r.filed],
        ), status


class Print(MonthPage):
    def get(self):
        titles, bodies = Translated(self.month.titles or {}), Translated(self.month.bodies or {})
        if not bodies.in_language():
            abort(404)  # nothing assembled yet
        return render_template("reports/print.html", month=self.month, period=_period(self.month),
                               title=titles.in_language(), body=services.render_body(bodies.in_language()),
                               body_language=bodies.language_for())


class Deadline(Month):
    permission = "reports.manage"

    def post(self):
        form = DeadlineForm()
        if form.validate_on_submit():
            try:
                services.set_deadline(self.person, self.month, form.deadline.data)
            except DomainError as error:
                show_error(form, error)
            else:
                flash(_("The deadline is changed."), "success")
                return self.back()
        return self.get(deadline_form=form, status=400)


class Assemble(MonthPage):
    permission = "reports.manage"

    def post(self):
        if not MonthActionForm().validate_on_submit():
            _expired()
            return self.back()
        try:
            services.assemble(self.person, self.month)
        except DomainError as error:
            flash(error.message, "error")
            return self.back()
        flash(_("The consolidated report is assembled. Check and edit it, then publish it."), "success")
        return redirect(url_for("reports.edit", year=self.month.year, month=self.month.month))


class MonthAction(MonthPage):
    """A button on the month's page: `service(person, month)`, then `done` is said."""

    permission = "reports.manage"
    service: Callable
    done: str

    def post(self):
        if not MonthActionForm().validate_on_submit():
            _expired()
            return self.back()
        try:
            self.service(self.person, self.month)
            flash(str(self.done), "success")
        except DomainError as error:
            flash(error.message, "error")
        return self.back()


class Reopen(MonthAction):
    service = staticmethod(services.reopen)
    done = _l("The month is open again: directors can file and edit their reports.")


class Publish(MonthAction):
    service = staticmethod(services.publish)
    done = _l("The consolidated report is published to all staff.")


class Edit(MonthPage):
    """Edit the assembled consolidated report, per language, before publishing."""

    permission = "reports.manage"

    def get(self):
        return self.render(ConsolidatedForm(formdata=None, data={"title": self.month.titles,
                                                                  "body": self.month.bodies}))

    def render(self, form, status=200):
        return render_template("reports/edit.html", month=self.month, period=_period(self.month),
                               form=form), status

    def post(self):
        form = ConsolidatedForm()
        if form.validate_on_submit():
            try:
                services.save_consolidated(self.person, self.month, form.title.data, form.body.data)
            except DomainError as error:
                show_error(form, error)
            else:
                flash(_("The consolidated report is saved."), "success")
                return self.back()
        return self.render(form, 400)


class UnitMonthPage(MonthPage):
    """A page about one unit's report for a month."""

    def load(self, year: int, month: int, unit_id: int) -> None:
        super().load(year, month)
        self.unit = _unit_or_404(unit_id)
        self.report = services.get_report(self.month, self.unit)


class File(UnitMonthPage):
    """A director writes, saves and files the unit's report."""

    permission = "reports.file"

    def access_target(self):
        return self.unit

    def get(self):
        data = {"language": self.report.language if self.report else self.person.language}
        if self.report is not None:
            data |= {key: self.report.section(key) for key in SECTIONS}
        return self.render(UnitReportForm(formdata=None, data=data, languages=enabled_languages()))

    def render(self, form, status=200):
        return render_template(
            "reports/file.html", month=self.month, unit=self.unit, report=self.report, form=form,
            period=_period(self.month), open=self.month.collecting,
            overdue=self.month.is_overdue,
        ), status

    def post(self):
        form = UnitReportForm(languages=enabled_languages())
        if form.validate_on_submit():
            filing = bool(form.file.data)
            try:
                report = services.save_report(self.person, self.month, self.unit, form.language.data,
                                              form.sections(), file=filing)
            except DomainError as error:
                show_error(form, error)
            else:
                if filing:
                    flash(_("The report is filed. You can still correct it until the month is assembled."),
                          "success")
                    return redirect(url_for("reports.unit", year=self.month.year,
                                            month=self.month.month, unit_id=self.unit.id))
                flash(_("The draft is saved.") if not report.filed else _("The report is saved."), "success")
                return redirect(url_for("reports.file", year=self.month.year, month=self.month.month,
                                        unit_id=self.unit.id))
        return self.render(form, 400)


class UnitReportPage(UnitMonthPage):
    permission = "reports.units"

    def load(self, year: int, month: int, unit_id: int) -> None:
        super().load(year, month, unit_id)
        if self.report is None:
            abort(404)

    def access_target(self):
        return self.report

    def context(self) -> dict:
        report = self.report
        assert report is not None  # `load` answered 404 otherwise
        return {"month": self.month, "unit": self.unit, "report": report, "period": _period(self.month),
                "sections": [(key, services.SECTION_LABELS[key], services.render_section(report.section(key)))
                             for key in SECTIONS]}


class UnitReportView(UnitReportPage):
    def get(self):
        return render_template("reports/unit.html", **self.context(),
                               can_file=self.month.collecting
                               and can(self.person, "reports.file", self.unit))


class UnitReportPrint(UnitReportPage):
    def get(self):
        return render_template("reports/unit_print.html", **self.context())


class UnitArchive(Page):
    """One unit's filed reports, month by month."""

    permission = "reports.units"

    def load(self, unit_id: int) -> None:
        self.unit = _unit_or_404(unit_id)

    def access_target(self):
        return self.unit

    def get(self):
        return render_template("reports/unit_archive.html", unit=self.unit,
                               reports=services.unit_archive(self.unit), period=_period)


class LegacyRedirect(Page):
    """The pages' old addresses under /bulletins/monthly/ (bookmarks, old notifications): moved for good."""

    permission = None

    def load(self, path: str = "") -> None:
        self.path = path

    def get(self):
        query = request.query_string.decode("latin-1")
        target = url_for("reports.index") + self.path + (f"?{query}" if query else "")
        return redirect(target, 301)
