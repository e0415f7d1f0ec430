"""The home page shows a person's unread notifications, and only theirs."""

from intranet.notifications.services import notify


def test_unread_notifications_appear_on_the_home_page_until_read(client_as, people, db):
    person, other = people["employee"], people["hr"]
    notify(person, "intranet.account", "Your roles changed", url="/directory/")
    notify(other, "intranet.account", "Someone else's news")
    db.session.commit()
    client = client_as(person)
    home = client.get("/").get_data(as_text=True)
    assert "Your roles changed" in home
    assert "Someone else&#39;s news" not in home and "Someone else's news" not in home

    note = person_notification(db, person)
    response = client.post(f"/notifications/{note.id}/read")
    assert response.headers["Location"] == "/directory/"
    assert "Your roles changed" not in client.get("/").get_data(as_text=True)


def person_notification(db, person):
    from intranet.notifications.models import Notification

    return db.session.scalars(db.select(Notification).filter_by(person_id=person.id)).one()
