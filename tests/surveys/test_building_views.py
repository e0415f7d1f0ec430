"""The builder's pages: list, overview, settings, sections, questions, feasibility, opening.

Forms are sent as the rendered page draws them (tests.forms.PageForm); the question form has
its own file, test_building_questions.py."""

from intranet.extensions import db
from surveys.models import AudienceMember, ReportingGroup, Survey
from tests.forms import PageForm


def page(response) -> str:
    return response.get_data(as_text=True)


def test_the_manage_page_lists_surveys_with_responses(client_as, people, make_survey):
    survey = make_survey()
    response = client_as(people["hr"]).get("/surveys/manage")
    assert response.status_code == 200
    text = page(response)
    assert "Staff survey" in text and "Draft" in text and f"/surveys/{survey.id}/edit" in text
    assert "Create the survey" in text


def test_new_blank_survey_and_its_errors(client_as, people):
    client = client_as(people["hr"])
    form = PageForm(page(client.get("/surveys/manage")), action="/surveys/manage/new")
    response = form.check("start", "blank").fill(title_en="Only English").submit(client)
    assert response.status_code == 400
    text = page(response)
    assert "Write this in Shqip." in text and 'value="Only English"' in text
    form = PageForm(text, action="/surveys/manage/new").fill(title_sq="Anketa", title_en="")
    response = form.submit(client)
    assert response.status_code == 302
    survey = db.session.scalar(db.select(Survey))
    assert response.headers["Location"].endswith(f"/surveys/{survey.id}/edit")
    assert survey.titles == {"sq": "Anketa"}


def test_new_from_a_copy(client_as, people, make_survey):
    source = make_survey()
    client = client_as(people["hr"])
    form = PageForm(page(client.get("/surveys/manage")), action="/surveys/manage/new")
    response = form.check("start", "copy").fill(source=str(source.id)).submit(client)
    assert response.status_code == 302
    copy = db.session.scalar(db.select(Survey).where(Survey.id != source.id))
    assert copy.copied_from_id == source.id and len(copy.questions) == len(source.questions)


def test_the_overview_shows_what_is_missing_per_language(client_as, people, make_survey):
    survey = make_survey()
    survey.questions[0].texts = {"sq": "Pyetja", "sr": "Pitanje"}
    db.session.commit()
    text = page(client_as(people["hr"]).get(f"/surveys/{survey.id}/edit"))
    assert "Missing in some languages" in text
    assert "Question informed: text" in text and "missing in English" in text
    assert "1 text is missing in some language" in text
    assert f"/surveys/{survey.id}/preview?lang=sr" in text
    assert "Open the survey</button>" not in text


def test_settings_keep_the_input_on_error_and_save_local_times(client_as, people, make_survey, units):
    survey = make_survey()
    client = client_as(people["hr"])
    url = f"/surveys/{survey.id}/settings"
    form = PageForm(page(client.get(url)), action=url)
    form.fill(score_threshold="2", comment_threshold="10", opens_at="2026-03-02T08:00",
              closes_at="2026-03-20T16:00", reminder_days="7, 2").check("audience", "units")
    form.check("audience_unit_ids", str(units["own"].id))
    response = form.submit(client)
    assert response.status_code == 400
    text = page(response)
    assert 'value="2026-03-02T08:00"' in text and 'value="7, 2"' in text
    assert "Number must be between 3 and 1000." in text
    form = PageForm(text, action=url).fill(score_threshold="4", reminder_days="seven")
    response = form.submit(client)
    assert "Write whole numbers separated by commas." in page(response)
    response = PageForm(page(response), action=url).fill(reminder_days="7, 2").submit(client)
    assert response.status_code == 302
    db.session.refresh(survey)
    assert survey.opens_at.hour == 7 and survey.closes_at.hour == 15  # Belgrade is UTC+1 in March
    assert survey.audience_all is False and survey.audience_unit_ids == [units["own"].id]
    assert survey.reminder_days == [7, 2] and survey.score_threshold == 4


def test_sections_pages(client_as, people, make_survey):
    survey = make_survey()
    client = client_as(people["hr"])
    url = f"/surveys/{survey.id}/sections/new"
    response = PageForm(page(client.get(url)), action=url).fill(title_en="Third").submit(client)
    assert response.status_code == 400 and 'value="Third"' in page(response)
    response = PageForm(page(response), action=url).fill(title_sq="E treta").submit(client)
    assert response.status_code == 302
    third = survey.sections[-1]
    assert third.titles == {"sq": "E treta", "en": "Third"}
    edit = page(client.get(f"/surveys/{survey.id}/edit"))
    move = f"/surveys/{survey.id}/sections/{third.id}/move"
    PageForm(edit, action=move, index=0).submit(client)  # the first move button: up
    db.session.expire_all()
    assert db.session.get(Survey, survey.id).sections[1].id == third.id
    edit = page(client.get(f"/surveys/{survey.id}/edit"))
    PageForm(edit, action=f"/surveys/{survey.id}/sections/{third.id}/delete").submit(client)
    db.session.expire_all()
    assert len(db.session.get(Survey, survey.id).sections) == 2
    assert client.get(f"/surveys/{survey.id + 1}/sections/{survey.sections[0].id}").status_code == 404


def test_move_and_delete_questions(client_as, people, make_survey):
    survey = make_survey()
    client = client_as(people["hr"])
    second = survey.questions[1]
    edit = page(client.get(f"/surveys/{survey.id}/edit"))
    PageForm(edit, action=f"/surveys/{survey.id}/questions/{second.id}/move", index=0).submit(client)
    db.session.expire_all()
    assert db.session.get(Survey, survey.id).questions[0].key == "heard"
    edit = page(client.get(f"/surveys/{survey.id}/edit"))
    form = PageForm(edit, action=f"/surveys/{survey.id}/questions/{survey.questions[5].id}/delete")
    response = form.submit(client, follow_redirects=True)
    assert "depending on this one" in page(response)


def test_feasibility_merge_and_open(client_as, people, make_survey, make_unit, make_person, units):
    small = make_unit("SML", "Small office")
    make_person(unit=small)
    make_person(unit=units["other"])
    survey = make_survey()
    client = client_as(people["hr"])
    text = page(client.get(f"/surveys/{survey.id}/feasibility"))
    assert "too small" in text and "can be shown" in text
    assert "Groups reaching the score threshold: 1 of 3." in text
    merge = f"/surveys/{survey.id}/feasibility/merge"
    response = PageForm(text, action=merge).check("groups", "OTH").fill(key="SMALL", name_sq="Të vogla").submit(client)
    assert response.status_code == 400 and "Choose at least two groups to merge." in page(response)
    assert 'value="SMALL"' in page(response)
    form = PageForm(page(response), action=merge).check("groups", "SML").fill(name_sr="Male", name_en="Small")
    response = form.submit(client)
    assert response.status_code == 302
    assert "Undo the merge" in page(client.get(f"/surveys/{survey.id}/feasibility"))
    edit = page(client.get(f"/surveys/{survey.id}/edit"))
    response = PageForm(edit, action=f"/surveys/{survey.id}/open").submit(client, follow_redirects=True)
    assert "The survey is open." in page(response)
    assert {g.key for g in db.session.scalars(db.select(ReportingGroup))} == {"OWN", "SMALL"}
    assert db.session.scalar(db.select(db.func.count()).select_from(AudienceMember)) == 8
    text = page(client.get(f"/surveys/{survey.id}/edit"))
    assert "Close the survey now" in text and "Add a section" not in text
    response = PageForm(text, action=f"/surveys/{survey.id}/close").submit(client, follow_redirects=True)
    assert "The survey is closed." in page(response)


def test_opening_refused_shows_why(client_as, people, make_survey):
    survey = make_survey()
    survey.titles = {"sq": "Vetëm"}
    db.session.commit()
    client = client_as(people["hr"])
    edit = page(client.get(f"/surveys/{survey.id}/edit"))
    assert f'action="/surveys/{survey.id}/open"' not in edit  # the page says why instead of a button
    response = client.post(f"/surveys/{survey.id}/open", follow_redirects=True)  # a stale page's button
    assert "1 text is missing in some language" in page(response)
    assert db.session.get(Survey, survey.id).status == "draft"


def test_new_from_the_built_in_template(client_as, people):
    client = client_as(people["hr"])
    form = PageForm(page(client.get("/surveys/manage")), action="/surveys/manage/new")
    response = form.check("start", "template").submit(client)
    assert response.status_code == 302
    survey = db.session.scalar(db.select(Survey))
    assert survey.series and len(survey.questions) >= 20 and survey.status == "draft"
    matrix = [q for q in survey.questions if q.kind == "unit_matrix"]
    assert matrix and all(q.items == [{"key": "OTH"}, {"key": "OWN"}] for q in matrix)


def test_copy_without_a_source_says_so(client_as, people):
    client = client_as(people["hr"])
    form = PageForm(page(client.get("/surveys/manage")), action="/surveys/manage/new")
    assert "source" not in form.names()  # no survey to copy yet: the page draws no list
    response = form.check("start", "copy").submit(client)
    assert response.status_code == 400 and "Choose the survey to copy." in page(response)


def test_only_hr_reaches_the_builder(client_as, people, make_survey):
    survey = make_survey()
    for role in ("employee", "director", "cabinet", "admin", "communications"):
        assert client_as(people[role]).get(f"/surveys/{survey.id}/edit").status_code == 403

