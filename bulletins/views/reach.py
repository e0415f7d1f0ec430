"""The author's and communications' view of a published bulletin: reach, acknowledgments, history."""

from __future__ import annotations

from flask import Response, abort, render_template
from flask_babel import gettext as _

from bulletins import reading, reports, services
from bulletins.views.bulletin_page import BulletinPage
from intranet.charts import bar_chart


class Report(BulletinPage):
    """Reach (who opened it) and, for a must-read, who has acknowledged, by unit, with the reminder cadence."""

    permission = "bulletins.manage"

    def get(self):
        b = self.bulletin
        reach = reading.reach(b)
        chart = bar_chart(_("Opened, by unit"), [r.label for r in reach],
                          {_("Opened"): [r.count for r in reach],
                           _("Not opened"): [r.audience - r.count for r in reach]},
                          stacked=True, label_heading=_("Unit"))
        acks = reading.acknowledgment_report(b) if b.must_read else []
        return render_template(
            "bulletins/report.html", bulletin=b, title=b.text_in(self.language)[0], reach=reach,
            reach_total=reading.total(reach), chart=chart, acks=acks, acks_total=reading.total(acks),
            by_unit=reading.reach_by_unit(b),
            schedule=reading.reminder_schedule(b), sent=reading.sent_reminders(b),
        )


class ReportXlsx(BulletinPage):
    permission = "bulletins.manage"

    def get(self):
        if not self.bulletin.must_read:
            abort(404)
        return Response(
            reports.acknowledgment_xlsx(self.bulletin, self.language),
            mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={"Content-Disposition": f'attachment; filename="bulletin-{self.bulletin.id}-acknowledgments.xlsx"'},
        )


class History(BulletinPage):
    permission = "bulletins.manage"

    def get(self):
        b = self.bulletin
        return render_template("bulletins/history.html", bulletin=b, title=b.text_in(self.language)[0],
                               events=services.history(b), versions=services.versions(b), language=self.language)
