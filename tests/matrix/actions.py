"""The action-item register (/actions/): one's own list, an item, its status and comment posts."""

from intranet.actions.services import create_item
from intranet.extensions import db
from intranet.people.models import Person
from tests.matrix import Row, but, only, signed_in

# A missing item (404) is tested in tests/actions/test_views.py: the browser sweep opens every GET row here.


def _employees_item(world):
    """An item of the employee's (in the "own" unit), raised by communications."""
    # The people were made in another app's session: take this app's rows of them.
    creator, owner = (db.session.get(Person, world.people[role].id) for role in ("communications", "employee"))
    world.item = create_item(creator, title="Send the budget table", owner=owner, source_plugin="meetings",
                             source_key="minutes:1:item:1")
    db.session.commit()


def _item_url(suffix=""):
    return lambda w: f"/actions/{w.item.id}{suffix}"


#: who may open and comment on the employee's item: owner, creator, hr/cabinet/admin, the own unit's directors
READERS = but(only("employee", "director", "communications", "hr", "cabinet", "admin"), other_director=403)
#: who may change its status: the owner, the creator, hr/cabinet/admin — not the director
UPDATERS = only("employee", "communications", "hr", "cabinet", "admin", ok=302)

ROWS = [
    Row("actions.index", signed_in()),
    Row("actions.item", READERS, setup=_employees_item, url=_item_url(),
        why="the employee's item: owner, creator, managers and the own unit's directors; not another unit's"),
    Row("actions.status", UPDATERS, method="POST", setup=_employees_item, url=_item_url("/status"),
        data=lambda w: {f"item-{w.item.id}-status": "in_progress", f"item-{w.item.id}-comment": "Started"},
        why="owner, creator and managers change it; directors only read and comment"),
    Row("actions.comment", {**READERS, **{r: 302 for r, code in READERS.items() if code == 200}}, method="POST",
        setup=_employees_item, url=_item_url("/comment"), data=lambda w: {f"item-{w.item.id}-note-comment": "Noted"},
        why="whoever may read the item comments on it; another unit's director may not"),
]
