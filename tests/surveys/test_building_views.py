"""The builder's pages: list, overview, settings, sections, questions, feasibility, opening."""

from intranet.extensions import db
from surveys.models import AudienceMember, Question, ReportingGroup, Survey


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
    response = client.post("/surveys/manage/new", data={"start": "blank", "title_en": "Only English"})
    assert response.status_code == 400
    text = page(response)
    assert "Write this in Shqip." in text and 'value="Only English"' in text
    response = client.post("/surveys/manage/new", data={"start": "blank", "title_sq": "Anketa"})
    assert response.status_code == 302
    survey = db.session.scalar(db.select(Survey))
    assert response.headers["Location"].endswith(f"/surveys/{survey.id}/edit")
    assert survey.titles == {"sq": "Anketa"}


def test_new_from_a_copy(client_as, people, make_survey):
    source = make_survey()
    response = client_as(people["hr"]).post("/surveys/manage/new", data={"start": "copy", "source": source.id})
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
    assert client.get(f"/surveys/{survey.id}/settings").status_code == 200
    form = {"title_sq": "Anketa", "title_sr": "Anketa", "title_en": "Survey", "series": "staff-communication",
            "anonymous": "y", "score_threshold": "2", "comment_threshold": "10", "audience": "units",
            "audience_unit_ids": [str(units["own"].id)], "opens_at": "2026-03-02T08:00",
            "closes_at": "2026-03-20T16:00", "reminder_days": "7, 2"}
    response = client.post(f"/surveys/{survey.id}/settings", data=form)
    assert response.status_code == 400
    text = page(response)
    assert 'value="2026-03-02T08:00"' in text and 'value="7, 2"' in text
    assert "Number must be between 3 and 1000." in text
    response = client.post(f"/surveys/{survey.id}/settings", data={**form, "reminder_days": "seven"})
    assert "Write whole numbers separated by commas." in page(response)
    response = client.post(f"/surveys/{survey.id}/settings", data={**form, "score_threshold": "4"})
    assert response.status_code == 302
    db.session.refresh(survey)
    assert survey.opens_at.hour == 7 and survey.closes_at.hour == 15  # Belgrade is UTC+1 in March
    assert survey.audience_all is False and survey.audience_unit_ids == [units["own"].id]
    assert survey.reminder_days == [7, 2] and survey.score_threshold == 4


def test_sections_pages(client_as, people, make_survey):
    survey = make_survey()
    client = client_as(people["hr"])
    assert client.get(f"/surveys/{survey.id}/sections/new").status_code == 200
    response = client.post(f"/surveys/{survey.id}/sections/new", data={"title_en": "Third"})
    assert response.status_code == 400 and 'value="Third"' in page(response)
    response = client.post(f"/surveys/{survey.id}/sections/new", data={"title_sq": "E treta", "title_en": "Third"})
    assert response.status_code == 302
    third = survey.sections[-1]
    assert client.get(f"/surveys/{survey.id}/sections/{third.id}").status_code == 200
    client.post(f"/surveys/{survey.id}/sections/{third.id}/move", data={"direction": "up"})
    db.session.expire_all()
    assert db.session.get(Survey, survey.id).sections[1].id == third.id
    client.post(f"/surveys/{survey.id}/sections/{third.id}/delete")
    db.session.expire_all()
    assert len(db.session.get(Survey, survey.id).sections) == 2
    assert client.get(f"/surveys/{survey.id + 1}/sections/{survey.sections[0].id}").status_code == 404


def test_the_question_form_adapts_to_the_kind_and_keeps_input(client_as, people, make_survey):
    survey = make_survey()
    section = survey.sections[0]
    client = client_as(people["hr"])
    url = f"/surveys/{survey.id}/sections/{section.id}/questions/new"
    text = page(client.get(url + "?kind=single"))
    assert 'name="options"' in text and 'name="items"' not in text
    grid = page(client.get(url + "?kind=grid"))
    assert 'name="items"' in grid and 'name="scale"' in grid
    assert 'name="options"' not in page(client.get(url + "?kind=likert5"))
    data = {"key": "fav", "kind": "single", "text_sq": "Cili?", "text_sr": "Koji?", "text_en": "Which?",
            "options": "a | A\na | B", "dimension": "", "scale": "likert5", "condition_question": ""}
    response = client.post(url, data=data)
    assert response.status_code == 400
    text = page(response)
    assert "Line 2: the key a is used twice." in text and "a | A\na | B" in text and "Cili?</textarea>" in text
    response = client.post(url, data={**data, "options": "a | A | A | A\nb | B | B | B"})
    assert response.status_code == 302
    question = db.session.scalar(db.select(Question).filter_by(key="fav"))
    assert [o["key"] for o in question.options] == ["a", "b"]
    edit = page(client.get(f"/surveys/{survey.id}/questions/{question.id}"))
    assert "a | A | A | A" in edit
    response = client.post(f"/surveys/{survey.id}/questions/{question.id}", data={
        **data, "options": "a | A | A | A\nb | B | B | B", "condition_question": "informed",
        "condition_equals": "9"})
    assert response.status_code == 400 and "Give one or more of these answers: 1, 2, 3, 4, 5." in page(response)


def test_a_unit_matrix_question_lists_unit_codes(client_as, people, make_survey):
    survey = make_survey()
    client = client_as(people["hr"])
    url = f"/surveys/{survey.id}/sections/{survey.sections[1].id}/questions/new"
    data = {"key": "m2", "kind": "unit_matrix", "text_sq": "Si?", "items": "OWN\nNOPE", "dimension": "",
            "scale": "likert5", "condition_question": ""}
    response = client.post(url, data=data)
    assert response.status_code == 400 and "Unknown unit codes: NOPE." in page(response)
    assert client.post(url, data={**data, "items": "OWN\nOTH"}).status_code == 302


def test_move_and_delete_questions(client_as, people, make_survey):
    survey = make_survey()
    client = client_as(people["hr"])
    second = survey.questions[1]
    client.post(f"/surveys/{survey.id}/questions/{second.id}/move", data={"direction": "up"})
    db.session.expire_all()
    assert db.session.get(Survey, survey.id).questions[0].key == "heard"
    response = client.post(f"/surveys/{survey.id}/questions/{survey.questions[5].id}/delete", follow_redirects=True)
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
    response = client.post(f"/surveys/{survey.id}/feasibility/merge",
                           data={"groups": ["OTH"], "key": "SMALL", "name_sq": "Të vogla"})
    assert response.status_code == 400 and "Choose at least two groups to merge." in page(response)
    assert 'value="SMALL"' in page(response)
    response = client.post(f"/surveys/{survey.id}/feasibility/merge", data={
        "groups": ["OTH", "SML"], "key": "SMALL", "name_sq": "Të vogla", "name_sr": "Male", "name_en": "Small"})
    assert response.status_code == 302
    assert "Undo the merge" in page(client.get(f"/surveys/{survey.id}/feasibility"))
    response = client.post(f"/surveys/{survey.id}/open", follow_redirects=True)
    assert "The survey is open." in page(response)
    assert {g.key for g in db.session.scalars(db.select(ReportingGroup))} == {"OWN", "SMALL"}
    assert db.session.scalar(db.select(db.func.count()).select_from(AudienceMember)) == 8
    text = page(client.get(f"/surveys/{survey.id}/edit"))
    assert "Close the survey now" in text and "Add a section" not in text
    response = client.post(f"/surveys/{survey.id}/close", follow_redirects=True)
    assert "The survey is closed." in page(response)


def test_opening_refused_shows_why(client_as, people, make_survey):
    survey = make_survey()
    survey.titles = {"sq": "Vetëm"}
    db.session.commit()
    response = client_as(people["hr"]).post(f"/surveys/{survey.id}/open", follow_redirects=True)
    assert "1 text is missing in some language" in page(response)
    assert db.session.get(Survey, survey.id).status == "draft"


def test_new_from_the_built_in_template(client_as, people):
    response = client_as(people["hr"]).post("/surveys/manage/new", data={"start": "template"})
    assert response.status_code == 302
    survey = db.session.scalar(db.select(Survey))
    assert survey.series and len(survey.questions) >= 20 and survey.status == "draft"
    matrix = [q for q in survey.questions if q.kind == "unit_matrix"]
    assert matrix and all(q.items == [{"key": "OTH"}, {"key": "OWN"}] for q in matrix)


def test_copy_without_a_source_says_so(client_as, people):
    response = client_as(people["hr"]).post("/surveys/manage/new", data={"start": "copy"})
    assert response.status_code == 400 and "Choose the survey to copy." in page(response)


def test_only_hr_reaches_the_builder(client_as, people, make_survey):
    survey = make_survey()
    for role in ("employee", "director", "cabinet", "admin", "communications"):
        assert client_as(people[role]).get(f"/surveys/{survey.id}/edit").status_code == 403

