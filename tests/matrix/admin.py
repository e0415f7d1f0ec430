"""Administration: only admins, for every page and every object.

POST rows as admin succeed (302 after saving, 200 for the import report); every
other role is refused before anything is read from the request.
"""

import io

from tests.matrix import Row, only

ADMIN = only("admin")
ADMIN_REDIRECT = only("admin", ok=302)


def _deactivated(world):
    from intranet.extensions import db
    from intranet.people.models import Person

    world.inactive = Person(name="Ilir Inactive", email="ilir@example.test", active=False)
    db.session.add(world.inactive)
    db.session.commit()


def _person_form(world):
    return {"name": "Era Employee", "email": "era@example.test", "position": "Officer", "phone": "",
            "unit_id": str(world.units["other"].id), "language": "en"}


def _failed_message(world):
    from intranet.extensions import db
    from intranet.notifications.models import OutboxMessage

    world.failed = OutboxMessage(channel="email", recipient="gone@example.test", subject="Hello",
                                 status="failed", attempts=8, last_error="SMTP 550: no such user")
    db.session.add(world.failed)
    db.session.commit()


def _staff_file(world):
    return {"file": (io.BytesIO(b"name,email,unit\nNora New,nora@example.test,OTH\n"), "staff.csv")}


def _previewed(world):
    from intranet.people.import_preview import preview_upload

    world.token = preview_upload(world.people["admin"], b"name,email,unit\nNora New,nora@example.test,OTH\n"
                                 b"Lost Unit,lost@example.test,NOPE\n", "staff.csv").token


ROWS = [
    Row("admin.index", ADMIN),
    Row("admin.units", ADMIN),
    Row("admin.unit_new", ADMIN),
    Row("admin.unit_new", ADMIN_REDIRECT, method="POST",
        data={"code": "NEW", "name_sq": "Zyra e re", "kind": "office", "sort_order": "0", "active": "y"}),
    Row("admin.unit_edit", ADMIN, url=lambda w: f"/admin/units/{w.units['other'].id}"),
    Row("admin.unit_edit", ADMIN, url=lambda w: f"/admin/units/{w.units['own'].id}",
        why="a director may not edit the unit they head"),
    Row("admin.unit_edit", ADMIN_REDIRECT, method="POST", url=lambda w: f"/admin/units/{w.units['other'].id}",
        data={"code": "OTH", "name_sq": "Drejtoria tjetër", "kind": "directorate", "sort_order": "5"}),
    Row("admin.people", ADMIN, url=lambda w: "/admin/people?q=era&status=all"),
    Row("admin.person_new", ADMIN),
    Row("admin.person_new", ADMIN_REDIRECT, method="POST",
        data={"name": "Nora New", "email": "nora@example.test", "language": "sq", "unit_id": "", "active": "y"}),
    Row("admin.person_edit", ADMIN, url=lambda w: f"/admin/people/{w.people['employee'].id}"),
    Row("admin.person_edit", ADMIN, url=lambda w: f"/admin/people/{w.people['admin'].id}",
        why="nobody but an admin sees an admin's record"),
    Row("admin.person_edit", ADMIN_REDIRECT, method="POST",
        url=lambda w: f"/admin/people/{w.people['employee'].id}", data=_person_form),
    Row("admin.person_roles", ADMIN_REDIRECT, method="POST",
        url=lambda w: f"/admin/people/{w.people['employee'].id}/roles", data={"roles": ["hr"]},
        why="hr may not make anyone hr"),
    Row("admin.person_deactivate", ADMIN_REDIRECT, method="POST",
        url=lambda w: f"/admin/people/{w.people['employee'].id}/deactivate"),
    Row("admin.person_reactivate", ADMIN_REDIRECT, method="POST", setup=_deactivated,
        url=lambda w: f"/admin/people/{w.inactive.id}/reactivate"),
    Row("admin.import_staff", ADMIN),
    Row("admin.import_staff", ADMIN, method="POST", data=_staff_file),
    Row("admin.import_confirm", ADMIN, method="POST", setup=_previewed, data=lambda w: {"token": w.token}),
    Row("admin.import_rejected", ADMIN, setup=_previewed, url=lambda w: f"/admin/import/rejected?token={w.token}"),
    Row("admin.import_template", ADMIN),
    Row("admin.audit", ADMIN, url=lambda w: "/admin/audit?action=role&date_from=2020-01-01"),
    Row("admin.settings", ADMIN),
    Row("admin.outbox", ADMIN, setup=_failed_message),
    Row("admin.outbox_retry", ADMIN_REDIRECT, method="POST", setup=_failed_message,
        url=lambda w: f"/admin/outbox/{w.failed.id}/retry"),
    Row("admin.settings", ADMIN_REDIRECT, method="POST",
        data={"org_name_sq": "Komuna e Istogut", "it_contact_email": "ti@example.test"}),
]
