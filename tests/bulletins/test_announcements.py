"""Another plugin's announcement (through `intranet.announcements.publish`) becomes a published all-staff
bulletin in its author's name, per language, linking back to the original; its URL is returned."""

from bulletins.models import Bulletin
from bulletins.permissions import may_read
from intranet.announcements import Announcement, publish
from intranet.extensions import db


def test_an_announcement_becomes_an_all_staff_bulletin(people):
    urls = publish(Announcement(author=people["cabinet"], titles={"sq": "Raporti i marsit", "en": "March report",
                                                                   "sr": ""},
                                bodies={"sq": "Teksti", "en": "Text", "sr": "Tekst"},
                                source=("reports", "month:2026-03"), url="/reports/2026/3/"))
    db.session.commit()
    bulletin = db.session.scalar(db.select(Bulletin))
    assert urls == [f"/bulletins/{bulletin.id}"]
    assert (bulletin.status, bulletin.audience_all, bulletin.category) == ("published", True, "news")
    assert bulletin.author_id == people["cabinet"].id and bulletin.original_language == "sq"
    assert set(bulletin.titles) == {"sq", "en"}  # a language without a title is left out
    assert bulletin.bodies["en"] == "Text\n\n[Read the original](/reports/2026/3/)"
    assert bulletin.bodies["sq"].startswith("Teksti\n\n[") and bulletin.bodies["sq"].endswith("(/reports/2026/3/)")
    assert may_read(people["employee"], bulletin)
