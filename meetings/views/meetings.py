"""The meetings' pages: thin — parse the request, call a service, render."""

from __future__ import annotations

from datetime import time

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from wtforms import SelectChoice

from intranet.domain import DomainError, show_error
from intranet.extensions import db
from intranet.i18n import chosen_language
from intranet.pages import Page, get_or_404
from intranet.people.models import ROLE_LABELS, Person
from intranet.people.services import list_units
from intranet.permissions import can
from meetings.forms import (
    ActionForm,
    AttendanceForm,
    CancelForm,
    DecisionForm,
    DocumentForm,
    HeldForm,
    ItemForm,
    MeetingForm,
    ProposalForm,
    ScheduleParkedForm,
    SeriesForm,
    parse_dates,
)
from meetings.membership import members_of, series_for
from meetings.models import (
    ATTENDANCE_LABELS,
    ITEM_STATUS_LABELS,
    MEETING_STATUS_LABELS,
    RECURRENCE_LABELS,
    SERIES_KIND_LABELS,
    AgendaItem,
    Attendance,
    Meeting,
    MeetingSeries,
)
from meetings.services import agenda, calendar
from meetings.services.series import (
    SeriesFields,
    all_series,
    generate_for,
    parking_lot,
    past,
    save_series,
    upcoming,
)

LABELS = {"kinds": SERIES_KIND_LABELS, "recurrences": RECURRENCE_LABELS, "statuses": MEETING_STATUS_LABELS,
          "item_statuses": ITEM_STATUS_LABELS, "attendance": ATTENDANCE_LABELS}


def _people() -> list[SelectChoice]:
    people = db.session.scalars(select(Person).where(Person.active.is_(True)).order_by(Person.name, Person.id))
    return [SelectChoice(p.id, p.name) for p in people]


def _render(template: str, **context):
    return render_template(f"meetings/{template}", **LABELS, **context)


class Index(Page):
    """My series and their next meetings; every series for the cabinet and admins."""

    permission = "meetings.view"

    def get(self):
        mine = series_for(self.person)
        others = [s for s in all_series() if s not in mine] if can(self.person, "meetings.setup") else []
        return _render("index.html", mine=[(s, upcoming(s, 3)) for s in mine], others=others)


# --- series ------------------------------------------------------------------------------


class SeriesEditor(Page):
    """New and edit share the form; `self.series` is None for a new one."""

    permission = "meetings.setup"
    series: MeetingSeries | None = None

    def form(self) -> SeriesForm:
        data = None
        if self.series is not None:
            s = self.series
            data = {"titles": s.titles, "kind": s.kind, "chair_id": s.chair_id, "secretary_id": s.secretary_id or 0,
                    "members_all": s.members_all, "member_unit_id": s.member_unit_id or 0,
                    "include_sub_units": s.include_sub_units, "member_roles": s.member_roles,
                    "member_ids": [m.person_id for m in s.chosen_members], "default_place": s.default_place,
                    "default_online_url": s.default_online_url, "recurrence": s.recurrence, "weekday": s.weekday,
                    "day_of_month": s.day_of_month, "months": s.months,
                    "session_dates": "\n".join(s.session_dates or []), "start_time": s.start_time,
                    "duration_minutes": s.duration_minutes, "proposal_days": s.proposal_days,
                    "comment_days": s.comment_days,
                    "agenda_template": s.agenda_template}
        form = SeriesForm(data=data) if request.method == "GET" and data else SeriesForm()
        if request.method == "GET" and data is None:
            form.start_time.data = time(9, 0)
        people = _people()
        form.chair_id.choices = people
        form.secretary_id.choices = [SelectChoice(0, "—"), *people]
        form.member_ids.choices = people
        form.member_unit_id.choices = [SelectChoice(0, "—")] + [SelectChoice(u.id, u.name) for u in list_units()]
        form.member_roles.choices = [SelectChoice(r, str(label)) for r, label in ROLE_LABELS.items()]
        return form

    def get(self):
        return _render("series_form.html", form=self.form(), series=self.series)

    def post(self):
        form = self.form()
        if form.validate_on_submit():
            fields = SeriesFields(
                titles=form.titles.data, kind=form.kind.data, chair_id=form.chair_id.data,
                secretary_id=form.secretary_id.data or None, members_all=form.members_all.data,
                member_unit_id=form.member_unit_id.data or None, include_sub_units=form.include_sub_units.data,
                member_roles=form.member_roles.data or [], member_ids=form.member_ids.data or [],
                default_place=form.default_place.data or "", default_online_url=form.default_online_url.data or "",
                recurrence=form.recurrence.data, weekday=form.weekday.data, day_of_month=form.day_of_month.data,
                months=form.months.data or [], session_dates=parse_dates(form.session_dates.data),
                start_time=form.start_time.data, duration_minutes=form.duration_minutes.data,
                agenda_template=form.agenda_template.data or "", proposal_days=form.proposal_days.data,
                comment_days=form.comment_days.data or 0)
            try:
                series = save_series(self.person, fields, self.series)
            except DomainError as error:
                db.session.rollback()
                show_error(form, error)
            else:
                flash(_("The series is saved."), "success")
                return redirect(url_for("meetings.series", series_id=series.id))
        return _render("series_form.html", form=form, series=self.series), 422


class NewSeries(SeriesEditor):
    permission = "meetings.setup"


class EditSeries(SeriesEditor):
    permission = "meetings.setup"

    def load(self, series_id):
        self.series = get_or_404(MeetingSeries, series_id)


class SeriesPage(Page):
    permission = "meetings.read"

    def load(self, series_id):
        self.series = get_or_404(MeetingSeries, series_id)

    def access_target(self):
        return self.series

    def get(self):
        s = self.series
        return _render("series.html", series=s, upcoming=upcoming(s, 12), past=past(s, 12),
                       parked=parking_lot(s), members=members_of(s), action_form=ActionForm(),
                       may_plan=can(self.person, "meetings.plan", s), may_chair=can(self.person, "meetings.chair", s),
                       schedule_form=ScheduleParkedForm())


class PlanMeetings(Page):
    permission = "meetings.plan"

    def load(self, series_id):
        self.series = get_or_404(MeetingSeries, series_id)

    def access_target(self):
        return self.series

    def post(self):
        if ActionForm().validate_on_submit():
            created = generate_for(self.person, self.series)
            flash(_("%(num)d meetings added to the calendar.", num=len(created)), "success")
        return redirect(url_for("meetings.series", series_id=self.series.id))


# --- a meeting -------------------------------------------------------------------------------


class MeetingPage(Page):
    permission = "meetings.read"

    def load(self, meeting_id):
        self.meeting = get_or_404(Meeting, meeting_id)

    def access_target(self):
        return self.meeting

    def render(self, status=200, proposal_form=None, item_form=None, decision_forms=None, document_forms=None):
        m = self.meeting
        people = _people()
        if item_form is None:
            item_form = ItemForm()
        item_form.presenter_id.choices = [SelectChoice(0, "—"), *people]
        later = agenda.later_meetings(m)
        decision_forms = decision_forms or {}
        for item in m.proposals:
            form = decision_forms.setdefault(item.id, DecisionForm(prefix=f"item-{item.id}"))
            form.to_meeting.choices = [SelectChoice(0, "—")] + [
                SelectChoice(x.id, f"{x.series.title}") for x in later]
        # a file field for each item the person may attach to (the agenda, their own proposals, the chair's)
        document_forms = document_forms or {}
        for item in m.items:
            if item.id not in document_forms and can(self.person, "meetings.attach", item):
                document_forms[item.id] = DocumentForm(prefix=f"doc-{item.id}", formdata=None)
        held_form = HeldForm()
        held_form.reached.choices = [SelectChoice(i.id, i.title) for i in m.agenda]
        return _render(
            "meeting.html", meeting=m, series=m.series, deadline=agenda.proposal_deadline(m),
            proposals_open=agenda.proposals_open(m), proposal_form=proposal_form or ProposalForm(),
            item_form=item_form, decision_forms=decision_forms, document_forms=document_forms,
            documented=[i for i in m.agenda if i.documents or i.id in document_forms], later=later,
            held_form=held_form,
            cancel_form=CancelForm(), action_form=ActionForm(), mine=agenda.my_proposals(self.person, m),
            may_record=can(self.person, "meetings.record", m), may_chair=can(self.person, "meetings.chair", m),
            may_propose=can(self.person, "meetings.propose", m)), status

    def get(self):
        return self.render()


class Invitation(MeetingPage):
    permission = "meetings.read"

    def get(self):
        body = calendar.invitation(self.meeting, chosen_language())
        return Response(body, mimetype="text/calendar", headers={
            "Content-Disposition": f'attachment; filename="meeting-{self.meeting.id}.ics"'})


class Propose(MeetingPage):
    permission = "meetings.propose"

    def post(self):
        form = ProposalForm()
        if form.validate_on_submit():
            try:
                agenda.propose(self.person, self.meeting, title=form.title.data.strip(),
                               note=(form.note.data or "").strip(), minutes_allotted=form.minutes_allotted.data)
            except DomainError as error:
                db.session.rollback()
                show_error(form, error)
            else:
                flash(_("Your proposal is sent to the chair."), "success")
                return redirect(url_for("meetings.meeting", meeting_id=self.meeting.id, _anchor="mine"))
        return self.render(422, proposal_form=form)


class AddItem(MeetingPage):
    permission = "meetings.record"

    def post(self):
        form = ItemForm()
        form.presenter_id.choices = [SelectChoice(0, "—"), *_people()]
        if form.validate_on_submit():
            try:
                agenda.add_item(self.person, self.meeting, title=form.title.data.strip(),
                                presenter_id=form.presenter_id.data or None,
                                minutes_allotted=form.minutes_allotted.data)
            except DomainError as error:
                db.session.rollback()
                show_error(form, error)
            else:
                flash(_("The item is on the agenda."), "success")
                return redirect(url_for("meetings.meeting", meeting_id=self.meeting.id, _anchor="agenda"))
        return self.render(422, item_form=form)


class EditMeeting(MeetingPage):
    permission = "meetings.record"

    def get(self, form=None, status=200):
        m = self.meeting
        form = form or MeetingForm(data={"starts_at": m.starts_at, "duration_minutes": m.duration_minutes,
                                         "place": m.place, "online_url": m.online_url})
        return _render("meeting_form.html", meeting=m, form=form), status

    def post(self):
        form = MeetingForm()
        if form.validate_on_submit() and form.starts_at.data is not None:
            try:
                agenda.update_meeting(self.person, self.meeting, starts_at=form.starts_at.data,
                                      duration_minutes=form.duration_minutes.data, place=form.place.data or "",
                                      online_url=form.online_url.data or "")
            except DomainError as error:
                db.session.rollback()
                show_error(form, error)
            else:
                flash(_("The meeting is changed; calendars will update."), "success")
                return redirect(url_for("meetings.meeting", meeting_id=self.meeting.id))
        return self.get(form, 422)


class ChangeStatus(MeetingPage):
    """Held (with the items reached), cancelled (with a reason), or back on the calendar."""

    permission = "meetings.record"

    def post(self):
        action = request.form.get("action")
        try:
            if action == "held":
                form = HeldForm()
                form.reached.choices = [SelectChoice(i.id, i.title) for i in self.meeting.agenda]
                if form.validate_on_submit():
                    carried = agenda.mark_held(self.person, self.meeting, set(form.reached.data or []))
                    flash(_("The meeting is marked as held; %(num)d items carried forward.", num=len(carried)),
                          "success")
            elif action == "cancel":
                form = CancelForm()
                if not form.validate_on_submit():
                    flash(_("Say why the meeting is cancelled."), "error")
                else:
                    agenda.cancel_meeting(self.person, self.meeting, form.reason.data.strip())
                    flash(_("The meeting is cancelled; calendars will show it."), "success")
            elif action == "reschedule" and ActionForm().validate_on_submit():
                agenda.reschedule_meeting(self.person, self.meeting)
                flash(_("The meeting is back on the calendar."), "success")
        except DomainError as error:
            db.session.rollback()
            flash(str(error.message), "error")
        return redirect(url_for("meetings.meeting", meeting_id=self.meeting.id))


class AttendancePage(MeetingPage):
    permission = "meetings.record"

    def get(self, status=200):
        return _render("attendance.html", meeting=self.meeting, members=members_of(self.meeting.series),
                       marks=agenda.attendance_of(self.meeting), form=AttendanceForm(),
                       choices=list(Attendance)), status

    def post(self):
        if not AttendanceForm().validate_on_submit():
            return self.get(422)
        marks = {}
        for person in members_of(self.meeting.series):
            value = request.form.get(f"person-{person.id}")
            if value in set(Attendance):
                marks[person.id] = value
        agenda.record_attendance(self.person, self.meeting, marks)
        flash(_("Attendance is saved."), "success")
        return redirect(url_for("meetings.attendance", meeting_id=self.meeting.id))


# --- proposals and the parking lot ------------------------------------------------------------


class ItemPage(Page):
    def load(self, item_id):
        self.item = get_or_404(AgendaItem, item_id)

    def access_target(self):
        return self.item


class Decide(ItemPage):
    permission = "meetings.chair"

    def post(self):
        meeting = self.item.meeting
        if meeting is None:
            abort(404)
        form = DecisionForm(prefix=f"item-{self.item.id}")
        form.to_meeting.choices = [SelectChoice(0, "—")] + [SelectChoice(x.id, "") for x in
                                                             agenda.later_meetings(meeting)]
        if form.validate_on_submit():
            try:
                agenda.decide(self.person, self.item, form.decision.data, reason=(form.reason.data or "").strip(),
                              to_meeting=db.session.get(Meeting, form.to_meeting.data or 0))
            except DomainError as error:
                db.session.rollback()
                show_error(form, error)
            else:
                flash(_("Decided; the proposer is told."), "success")
                return redirect(url_for("meetings.meeting", meeting_id=meeting.id, _anchor="proposals"))
        page = MeetingPage()
        page.person, page.meeting = self.person, meeting
        return page.render(422, decision_forms={self.item.id: form})


class ScheduleParked(ItemPage):
    permission = "meetings.chair"

    def post(self):
        form = ScheduleParkedForm()
        form.meeting.choices = [SelectChoice(m.id, "") for m in upcoming(self.item.series, 12)]
        target = db.session.get(Meeting, form.meeting.data or 0) if form.validate_on_submit() else None
        if target is not None:
            try:
                agenda.schedule_parked(self.person, self.item, target)
            except DomainError as error:
                db.session.rollback()
                flash(str(error.message), "error")
            else:
                flash(_("The item is on the agenda."), "success")
        return redirect(url_for("meetings.series", series_id=self.item.series_id, _anchor="parking-lot"))


# --- calendars ---------------------------------------------------------------------------------


class CalendarSettings(Page):
    """Create, replace or revoke the personal calendar feed token."""

    permission = "meetings.calendar"

    def get(self, token=None):
        return _render("calendar.html", token=token, has_token=calendar.tokens.token_of(self.person) is not None,
                       action_form=ActionForm())

    def post(self):
        if not ActionForm().validate_on_submit():
            return redirect(url_for("meetings.calendar_settings"))
        if request.form.get("action") == "revoke":
            calendar.tokens.revoke(self.person)
            flash(_("Your calendar address no longer works."), "success")
            return redirect(url_for("meetings.calendar_settings"))
        return self.get(token=calendar.tokens.create(self.person))


class CalendarFeed(Page):
    """The public calendar feed: the token in the URL is the only credential."""

    permission = None

    def load(self, token: str) -> None:
        self.token = token

    def get(self):
        person = calendar.tokens.person_for(self.token)
        if person is None:
            abort(404)
        body = calendar.feed(person, _("Meetings of %(name)s", name=person.name))
        return Response(body, mimetype="text/calendar",
                        headers={"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"})
