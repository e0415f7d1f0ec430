"""Recognition's pages, submitting what they draw (PageForm): thanking two colleagues at once, a refused form
keeps what was typed, private thanks, hiding, nominating, scoring (and the conflicted member told why), the
decision against the scores, the certificate; the home page's next actions."""

from __future__ import annotations

from datetime import timedelta

from intranet.extensions import db
from intranet.people.models import utcnow
from recognition.models import Thanks
from recognition.services import committee, cycles
from recognition.services import thanks as service
from tests.forms import PageForm
from tests.recognition.conftest import AFTER, DURING, justify

BASE = "/recognition"


def test_thanking_two_colleagues_at_once_through_the_page(client_as, people):
    client = client_as(people["hr"])
    form = PageForm(client.get(f"{BASE}/thanks/new").get_data(as_text=True), action="", base_url=f"{BASE}/thanks/new")
    employee, communications = str(people["employee"].id), str(people["communications"].id)
    assert {employee, communications} <= set(form.options("receivers"))
    assert str(people["hr"].id) not in form.options("receivers"), "nobody thanks themselves"
    form.fill(receivers=employee, message="Thank you both for the survey.", value="merit")
    form.values.append(("receivers", communications))  # a second option of the multiple select
    response = form.submit(client)
    assert response.status_code == 302
    page = client.get(response.location).get_data(as_text=True)
    assert "Era Employee" in page and "Kaltrina Communications" in page and "Merit" in page
    again = form.submit(client)
    assert again.status_code == 302 and db.session.scalar(db.select(db.func.count()).select_from(Thanks)) == 1
    wall = client_as(people["cabinet"]).get(f"{BASE}/").get_data(as_text=True)
    assert "Thank you both for the survey." in wall


def test_a_refused_thanks_keeps_what_was_typed(client_as, people):
    client = client_as(people["hr"])
    form = PageForm(client.get(f"{BASE}/thanks/new").get_data(as_text=True), action="", base_url=f"{BASE}/thanks/new")
    form.fill(message="Words I do not want to type again.")
    response = form.submit(client)
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "Choose at least one colleague to thank." in page
    assert "Words I do not want to type again." in page


def test_private_thanks_and_hiding_through_the_pages(client_as, people):
    private = service.thank(people["hr"], [people["employee"]], "Just between us.", public=False, token="v1")
    assert client_as(people["employee"]).get(f"{BASE}/thanks/{private.id}").status_code == 200
    assert client_as(people["director"]).get(f"{BASE}/thanks/{private.id}").status_code == 403
    assert "Just between us." not in client_as(people["cabinet"]).get(f"{BASE}/").get_data(as_text=True)
    public = service.thank(people["hr"], [people["employee"]], "A mistaken one.", token="v2")
    client = client_as(people["communications"])
    url = f"{BASE}/thanks/{public.id}"
    form = PageForm(client.get(url).get_data(as_text=True), action=f"{url}/hide")
    assert form.submit(client).status_code == 400
    form.fill(reason="Sent to the wrong person.")
    assert form.submit(client).status_code == 302
    assert "Sent to the wrong person." in client.get(url).get_data(as_text=True)
    assert "A mistaken one." not in client_as(people["cabinet"]).get(f"{BASE}/").get_data(as_text=True)


def test_the_preference_tells_the_director(client_as, people):
    client = client_as(people["employee"])
    form = PageForm(client.get(f"{BASE}/preferences").get_data(as_text=True), action="", base_url=f"{BASE}/preferences")
    form.check("tell_director", "y")
    assert form.submit(client).status_code == 302
    assert service.tells_director(people["employee"])


def test_nominating_scoring_and_the_conflicted_member(client_as, people, make_cycle, committee_people):
    cycle = make_cycle(members=[*committee_people.values(), people["director"]])
    category = cycle.categories[0]
    nominator = client_as(people["cabinet"])
    url = f"{BASE}/cycles/{cycle.id}/categories/{category.id}/nominate"
    # The window is the test's clock (November 2026): the pages read today's, so move it around today.
    cycle.nominations_open_at, cycle.nominations_close_at = utcnow() - timedelta(days=1), utcnow() + timedelta(days=1)
    db.session.commit()
    chooser = PageForm(nominator.get(url).get_data(as_text=True), action="", base_url=url)
    assert str(people["cabinet"].id) not in chooser.options("nominee"), "nobody nominates themselves"
    chooser.fill(nominee=str(people["employee"].id))
    form = PageForm(chooser.submit(nominator).get_data(as_text=True), action="", base_url=url)
    first, second = (f"criterion_{c.id}" for c in category.criteria)
    form.fill(**{first: "Ran the enrolment campaign."})
    refused = form.submit(nominator)
    assert refused.status_code == 400 and "Ran the enrolment campaign." in refused.get_data(as_text=True)
    form.fill(**{second: "Answered every parent."})
    assert form.submit(nominator).status_code == 302
    [nomination] = cycles.nominations_of(cycle)
    cycles.close_nominations(people["hr"], cycle)

    director_page = client_as(people["director"]).get(f"{BASE}/nominations/{nomination.id}").get_data(as_text=True)
    assert "You may not score this nomination: You direct the nominee&#39;s unit." in director_page
    assert 'action="/recognition/nominations/' not in director_page

    member = client_as(committee_people["colleague"])
    page = member.get(f"{BASE}/nominations/{nomination.id}").get_data(as_text=True)
    assert "The scores are shown once every member" in page
    score = PageForm(page, action=f"{BASE}/nominations/{nomination.id}/score")
    score.fill(**{first: "5", second: "4"})
    assert score.submit(member).status_code == 302
    assert "Scored" in member.get(f"{BASE}/cycles/{cycle.id}/committee").get_data(as_text=True)


def test_the_decision_page_asks_for_a_reason_against_the_scores(client_as, people, make_cycle, committee_people):
    cycle = make_cycle()
    category = cycle.categories[0]
    high = cycles.nominate(people["hr"], category, people["employee"], justify(category), now=DURING)
    low = cycles.nominate(people["hr"], category, people["director"], justify(category), now=DURING)
    cycles.close_nominations(people["hr"], cycle)
    for member in committee_people.values():
        committee.score(member, high, {c.id: 5 for c in category.criteria}, now=AFTER)
        committee.score(member, low, {c.id: 2 for c in category.criteria}, now=AFTER)
    committee.close_scoring(committee_people["chair"], cycle, now=AFTER)
    client = client_as(people["cabinet"])
    url = f"{BASE}/cycles/{cycle.id}/categories/{category.id}/decide"
    form = PageForm(client.get(url).get_data(as_text=True), action="", base_url=url)
    assert form.get("winner_1") == str(high.id), "the highest score comes first"
    form.fill(winner_1=str(low.id), justification_1_sq="Shërbeu çdo fshat.", justification_1_en="Served every village.")
    refused = form.submit(client)
    assert refused.status_code == 400 and "has a higher score than Dren Director" in refused.get_data(as_text=True)
    form.fill(reason="The committee missed the village work.")
    assert form.submit(client).status_code == 302
    announce = PageForm(client.get(f"{BASE}/cycles/{cycle.id}").get_data(as_text=True),
                        action=f"{BASE}/cycles/{cycle.id}/announce")
    assert announce.submit(client).status_code == 302
    [award] = committee.awards_in(category)
    page = client_as(people["employee"]).get(f"{BASE}/awards/{award.id}/certificate/sq").get_data(as_text=True)
    assert "Dren Director" in page and 'lang="sq"' in page


def test_home_next_actions(client_as, people, make_cycle, committee_people):
    cycle = make_cycle()
    cycle.nominations_open_at, cycle.nominations_close_at = utcnow() - timedelta(days=1), utcnow() + timedelta(days=3)
    db.session.commit()
    assert "Nominate a colleague for Awards 2026" in client_as(people["employee"]).get("/").get_data(as_text=True)
    cycles.nominate(people["hr"], cycle.categories[0], people["employee"], justify(cycle.categories[0]))
    cycles.close_nominations(people["hr"], cycle)
    assert "Score 1 nomination by" in client_as(committee_people["colleague"]).get("/").get_data(as_text=True)


def test_choosing_two_winners_through_the_page(client_as, people, make_cycle, committee_people):
    from tests.recognition.test_cycle import _two_winner_cycle

    cycle, category, found = _two_winner_cycle(people, make_cycle, committee_people)
    client = client_as(people["cabinet"])
    url = f"{BASE}/cycles/{cycle.id}/categories/{category.id}/decide"
    form = PageForm(client.get(url).get_data(as_text=True), action="", base_url=url)
    assert (form.get("winner_1"), form.get("winner_2")) == (str(found["employee"].id), str(found["communications"].id))
    form.fill(winner_2=str(found["director"].id), justification_1_sq="Rezultatet.", justification_2_sq="Fshatrat.")
    refused = form.submit(client)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400 and "has a higher score than Dren Director" in page and "Fshatrat." in page
    form.fill(reason="The villages count.")
    assert form.submit(client).status_code == 302
    awards = committee.awards_in(category)
    assert [a.nomination.nominee.name for a in awards] == ["Era Employee", "Dren Director"]
    assert "The villages count." in client.get(url).get_data(as_text=True)
    for award in awards:  # a certificate per winner
        certificate = client.get(f"{BASE}/awards/{award.id}/certificate/en").get_data(as_text=True)
        assert award.nomination.nominee.name in certificate


def test_a_category_with_two_winners_through_the_page(client_as, people, make_cycle):
    cycle = make_cycle(open_it=False)
    client = client_as(people["hr"])
    url = f"{BASE}/cycles/{cycle.id}/categories/new"
    form = PageForm(client.get(url).get_data(as_text=True), action="", base_url=url)
    assert form.get("winners") == "1"
    form.fill(name_sq="Ekipi më i mirë", criterion_1_sq="Bashkëpunimi", winners="11")
    refused = form.submit(client)
    assert refused.status_code == 400 and "Ekipi më i mirë" in refused.get_data(as_text=True)
    form.fill(winners="2")
    assert form.submit(client).status_code == 302
    assert cycle.categories[-1].winners == 2
