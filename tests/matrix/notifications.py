from intranet.extensions import db
from intranet.notifications.models import Notification
from tests.matrix import Row, signed_in


def _employees_notification(world):
    """One notification of the employee's, so the others' requests are object-level refusals."""
    world.note = Notification(person_id=world.people["employee"].id, kind="intranet.account",
                              title="Your roles changed", url="/directory/")
    db.session.add(world.note)
    db.session.commit()



def _every_kind_in_app(world):
    """A choice for every kind the enabled plugins declare (each is required)."""
    from intranet.notifications.forms import field_name
    from intranet.notifications.services import known_kinds

    return {field_name(key): "inapp" for key in known_kinds()}


ROWS = [
    Row("notifications.index", signed_in()),
    Row("notifications.read", {**signed_in(404), "employee": 302}, method="POST",
        setup=_employees_notification, url=lambda w: f"/notifications/{w.note.id}/read",
        why="someone else's notification is not found"),
    Row("notifications.read", signed_in(404), method="POST", url=lambda w: "/notifications/999999/read",
        why="a missing notification"),
    Row("notifications.read_all", signed_in(302), method="POST"),
    Row("notifications.preferences", signed_in()),
    Row("notifications.preferences", signed_in(302), method="POST", data=_every_kind_in_app),
]
