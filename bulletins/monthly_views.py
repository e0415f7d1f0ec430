"""Pages of the monthly consolidated report (under /bulletins/monthly/): thin views on `intranet.pages.Page`;
every rule is in `bulletins.monthly`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.routing import BuildError

from bulletins import monthly as services
from bulletins.blueprint import bp
from bulletins.monthly_forms import DeadlineForm, MonthActionForm, OpenMonthForm, UnitReportForm, consolidated_form
from bulletins.monthly_models import SECTIONS
from intranet.domain import DomainError, show_error
from intranet.i18n import chosen_language, enabled_languages
from intranet.pages import Page, get_or_404
from intranet.people.models import Unit, find_translation
from intranet.permissions import can


def _expired() -> None:
    flash(_("The form has expired; please try again."), "error")


def _month_names() -> list[str]:
    language = chosen_language()
    return [services.month_name(2000, number, language).rsplit(" ", 1)[0] for number in range(1, 13)]


def _unit_or_404(unit_id: int) -> Unit:
    """A unit that files monthly reports, or a 404."""
    if unit_id > 2**31 - 1:
        abort(404)
    unit = get_or_404(Unit, unit_id)
    if unit.kind not in services.FILING_KINDS:
        abort(404)
    return unit


def _period(reporting) -> str:
    return services.month_name(reporting.year, reporting.month, chosen_language())


def _bulletin_url(reporting) -> str | None:
    if reporting.bulletin_id is None:
        return None
    try:
        return url_for("bulletins.read", bulletin_id=reporting.bulletin_id)
    except BuildError:  # the bulletin pages are the core's; link only where they exist
        return None


class MonthPage(Page):
    """A page about one reporting month: loads it from the URL (404 when unknown) and checks against it."""

    permission = "bulletins.monthly.read"

    def load(self, year: int, month: int, *args: Any, **kwargs: Any) -> None:
        if not (2000 <= year <= 2100 and 1 <= month <= 12):
            abort(404)  # also keeps absurd numbers away from the database's integer columns
        self.month = services.get_month(year, month) or abort(404)

    def access_target(self):
        return self.month

    def back(self):
        return redirect(url_for("bulletins.monthly_month", year=self.month.year, month=self.month.month))


class Index(Page):
    """The archive by month (and, for directors, cabinet and communications, by unit)."""

    permission = "bulletins.monthly.read"

    def get(self):
        months = services.list_months(self.person)
        units = services.filing_units() if can(self.person, "bulletins.monthly.units") else []
        return render_template(
            "bulletins/monthly/index.html", months=months, units=units, period=_period,
            pending=services.pending_for(self.person), can_manage=can(self.person, "bulletins.monthly.manage"),
        )


class NewMonth(Page):
    permission = "bulletins.monthly.manage"

    def get(self):
        today = services.local_today()
        # Reports are usually about the month that just ended, due a few days into the next one.
        year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
        form = OpenMonthForm(formdata=None, month_names=_month_names(),
                             data={"year": year, "month": month, "deadline": date(today.year, today.month, 10)})
        return self.render(form)

    def render(self, form, status=200):
        return render_template("bulletins/monthly/new.html", form=form), status

    def post(self):
        form = OpenMonthForm(month_names=_month_names())
        if form.validate_on_submit():
            try:
                reporting = services.open_month(self.person, form.year.data, form.month.data, form.deadline.data)
            except DomainError as error:
                show_error(form, error)
            else:
                flash(_("The month is open: the directors are asked to file their reports."), "success")
                return redirect(url_for("bulletins.monthly_month", year=reporting.year, month=reporting.month))
        return self.render(form, 400)


class Month(MonthPage):
    """The consolidated report; for cabinet and communications also who has filed, and the actions."""

    def get(self, deadline_form=None, status=200):
        manage = can(self.person, "bulletins.monthly.manage", self.month)
        language = chosen_language()
        title, title_language = find_translation(self.month.titles, language)
        body, body_language = find_translation(self.month.bodies, language)
        return render_template(
            "bulletins/monthly/month.html", month=self.month, period=_period(self.month), manage=manage,
            rows=services.overview(self.month) if manage else [], title=title, body=services.render_body(body),
            body_language=body_language, language=language, bulletin_url=_bulletin_url(self.month),
            deadline_form=deadline_form or DeadlineForm(formdata=None, data={"deadline": self.month.deadline}),
            action_form=MonthActionForm(), today=services.local_today(),
            can_read_units=can(self.person, "bulletins.monthly.units"),
            filed=[r for r in self.month.reports if r.filed],
        ), status


class Print(MonthPage):
    def get(self):
        language = chosen_language()
        title = find_translation(self.month.titles, language)[0]
        body, body_language = find_translation(self.month.bodies, language)
        if not body:
            abort(404)  # nothing assembled yet
        return render_template("bulletins/monthly/print.html", month=self.month, period=_period(self.month),
                               title=title, body=services.render_body(body), body_language=body_language)


class Deadline(Month):
    permission = "bulletins.monthly.manage"

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
    permission = "bulletins.monthly.manage"

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
        return redirect(url_for("bulletins.monthly_edit", year=self.month.year, month=self.month.month))


class MonthAction(MonthPage):
    """A button on the month's page: `service(person, month)`, then `done` is said."""

    permission = "bulletins.monthly.manage"
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
    done = _l("The consolidated report is published as a bulletin to all staff.")


class Edit(MonthPage):
    """Edit the assembled consolidated report, per language, before publishing."""

    permission = "bulletins.monthly.manage"

    def get(self):
        form_class = consolidated_form(enabled_languages())
        data = {f"title_{c}": (self.month.titles or {}).get(c, "") for c in form_class.languages}
        data |= {f"body_{c}": (self.month.bodies or {}).get(c, "") for c in form_class.languages}
        return self.render(form_class(formdata=None, data=data))

    def render(self, form, status=200):
        return render_template("bulletins/monthly/edit.html", month=self.month, period=_period(self.month),
                               form=form), status

    def post(self):
        form = consolidated_form(enabled_languages())()
        if form.validate_on_submit():
            try:
                services.save_consolidated(self.person, self.month, form.titles(), form.bodies())
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

    permission = "bulletins.monthly.file"

    def access_target(self):
        return self.unit

    def get(self):
        data = {"language": self.report.language if self.report else self.person.language}
        if self.report is not None:
            data |= {key: self.report.section(key) for key in SECTIONS}
        return self.render(UnitReportForm(formdata=None, data=data, languages=enabled_languages()))

    def render(self, form, status=200):
        return render_template(
            "bulletins/monthly/file.html", month=self.month, unit=self.unit, report=self.report, form=form,
            period=_period(self.month), open=self.month.status == "collecting",
            overdue=self.month.status == "collecting" and services.local_today() > self.month.deadline,
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
                    return redirect(url_for("bulletins.monthly_unit", year=self.month.year,
                                            month=self.month.month, unit_id=self.unit.id))
                flash(_("The draft is saved.") if not report.filed else _("The report is saved."), "success")
                return redirect(url_for("bulletins.monthly_file", year=self.month.year, month=self.month.month,
                                        unit_id=self.unit.id))
        return self.render(form, 400)


class UnitReportPage(UnitMonthPage):
    permission = "bulletins.monthly.units"

    def load(self, year: int, month: int, unit_id: int) -> None:
        super().load(year, month, unit_id)
        if self.report is None:
            abort(404)

    def access_target(self):
        return self.report

    def context(self) -> dict:
        return {"month": self.month, "unit": self.unit, "report": self.report, "period": _period(self.month),
                "sections": [(key, services.SECTION_LABELS[key], services.render_section(self.report.section(key)))
                             for key in SECTIONS]}


class UnitReportView(UnitReportPage):
    def get(self):
        return render_template("bulletins/monthly/unit.html", **self.context(),
                               can_file=self.month.status == "collecting"
                               and can(self.person, "bulletins.monthly.file", self.unit))


class UnitReportPrint(UnitReportPage):
    def get(self):
        return render_template("bulletins/monthly/unit_print.html", **self.context())


class UnitArchive(Page):
    """One unit's filed reports, month by month."""

    permission = "bulletins.monthly.units"

    def load(self, unit_id: int) -> None:
        self.unit = _unit_or_404(unit_id)

    def access_target(self):
        return self.unit

    def get(self):
        return render_template("bulletins/monthly/unit_archive.html", unit=self.unit,
                               reports=services.unit_archive(self.unit), period=_period)


_MONTH = "/monthly/<int:year>/<int:month>"
bp.add_url_rule("/monthly/", view_func=Index.as_view("monthly_index"))
bp.add_url_rule("/monthly/new", view_func=NewMonth.as_view("monthly_new"), methods=["GET", "POST"])
bp.add_url_rule("/monthly/units/<int:unit_id>/", view_func=UnitArchive.as_view("monthly_unit_archive"))
bp.add_url_rule(f"{_MONTH}/", view_func=Month.as_view("monthly_month"))
bp.add_url_rule(f"{_MONTH}/print", view_func=Print.as_view("monthly_print"))
bp.add_url_rule(f"{_MONTH}/deadline", view_func=Deadline.as_view("monthly_deadline"), methods=["POST"])
bp.add_url_rule(f"{_MONTH}/assemble", view_func=Assemble.as_view("monthly_assemble"), methods=["POST"])
bp.add_url_rule(f"{_MONTH}/edit", view_func=Edit.as_view("monthly_edit"), methods=["GET", "POST"])
bp.add_url_rule(f"{_MONTH}/reopen", view_func=Reopen.as_view("monthly_reopen"), methods=["POST"])
bp.add_url_rule(f"{_MONTH}/publish", view_func=Publish.as_view("monthly_publish"), methods=["POST"])
bp.add_url_rule(f"{_MONTH}/units/<int:unit_id>/", view_func=UnitReportView.as_view("monthly_unit"))
bp.add_url_rule(f"{_MONTH}/units/<int:unit_id>/print", view_func=UnitReportPrint.as_view("monthly_unit_print"))
bp.add_url_rule(f"{_MONTH}/units/<int:unit_id>/file", view_func=File.as_view("monthly_file"),
                methods=["GET", "POST"])
