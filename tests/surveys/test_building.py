"""Building a survey: questions of every kind, texts in every language, settings that freeze."""

from datetime import datetime, timedelta

import pytest
from werkzeug.datastructures import MultiDict

from intranet.domain import DomainError
from intranet.people.models import utcnow
from surveys.forms import SettingsForm
from surveys.models import AudienceMember, Question, ReportingGroup, Response, Survey, SurveySection
from surveys.services import building, feasibility, opening, questions, sections
from surveys.services.questions import QuestionInput
from tests.surveys.conftest import texts


@pytest.fixture
def draft(people):
    survey = building.create_survey(people["hr"], texts("Survey"))
    sections.add_section(people["hr"], survey, texts("Page one"), {})
    return survey


def question(key, kind, **extra):
    return QuestionInput(key=key, kind=kind, texts=texts(f"Text {key}"), helps={}, **extra)


def rows(*words):
    """Rows as the form gives them: no key yet, a label per language ("": a row left blank)."""
    return [{"key": "", "labels": texts(word) if word else {"sq": " ", "en": ""}} for word in words]


def test_building_every_kind_of_question(people, draft, units, db):
    hr, section = people["hr"], draft.sections[0]
    inputs = [
        question("l5", "likert5", dimension="top_down", required=True),
        question("l7", "likert7"),
        question("one", "single", options=rows("Yes, often", "", "No")),
        question("many", "multiple", options=rows("Email", "Teams")),
        question("enps", "rating10", dimension="engagement"),
        question("yn", "yesno"),
        question("short", "short_text"),
        question("long", "long_text"),
        question("grid", "grid", items=rows("Clear"), scale="likert7", options=rows("ignored", "too")),
        question("matrix", "unit_matrix", units=["OWN", "OTH"], scale="likert7"),
        question("cond", "likert5", condition={"question": "yn", "equals": ["yes"]}),
    ]
    for data in inputs:
        questions.save_question(hr, section, data)
    saved = {q.key: q for q in db.session.get(Survey, draft.id).questions}
    assert [q.key for q in db.session.get(Survey, draft.id).questions] == [d.key for d in inputs]
    assert [q.position for q in db.session.get(Survey, draft.id).questions] == list(range(1, 12))
    assert saved["l5"].required and saved["l5"].dimension == "top_down"
    assert saved["one"].options == [{"key": "yes-often-sq", "labels": texts("Yes, often")},
                                    {"key": "no-sq", "labels": texts("No")}]
    assert saved["grid"].scale == "likert7" and saved["grid"].items == [{"key": "clear-sq", "labels": texts("Clear")}]
    assert saved["grid"].options == []  # fields of other kinds are ignored
    assert saved["matrix"].items == [{"key": "OWN"}, {"key": "OTH"}] and saved["matrix"].scale is None
    assert saved["cond"].condition == {"question": "yn", "equals": ["yes"]}
    assert saved["l5"].scale is None and saved["l5"].options == []
    assert building.missing_texts(draft) == []


@pytest.mark.parametrize("data, field", [
    (question("Bad key!", "likert5"), "key"),
    (question("x", "likert9"), "kind"),
    (question("x", "likert5", dimension="nonsense"), "dimension"),
    (question("x", "single", options=rows("A")), "options"),
    (question("x", "single", options=[*rows("A"), {"key": "", "labels": {"sr": "B"}}]), "options-1-text_sq"),
    (question("x", "single", options=rows("A", "a")), "options-1-text_sq"),
    (question("x", "single", options=[{"key": "a b", "labels": texts("A")}, *rows("B")]), "options"),
    (question("x", "single", options=[{"key": "", "labels": {"sq": "A" * 201}}, *rows("B")]), "options-0-text_sq"),
    (question("x", "single", options=rows(*[f"Option {n}" for n in range(61)])), "options"),
    (question("x", "grid", items=rows("A")), "scale"),
    (question("x", "grid", scale="likert5", items=rows("", "")), "items"),
    (question("x", "unit_matrix", units=["NOPE"]), "units"),
    (question("x", "unit_matrix"), "units"),
    (question("x", "likert5", condition={"question": "later", "equals": ["1"]}), "condition_question"),
    (question("x", "likert5", condition={"question": "first", "equals": ["9"]}), "condition_equals"),
    (question("x", "likert5", condition={"question": "first", "equals": []}), "condition_equals"),
    (QuestionInput(key="x", kind="likert5", texts={"en": "Only English"}, helps={}), "text_sq"),
])
def test_a_question_is_refused_naming_the_field(people, draft, units, data, field):
    questions.save_question(people["hr"], draft.sections[0], question("first", "likert5"))
    with pytest.raises(DomainError) as error:
        questions.save_question(people["hr"], draft.sections[0], data)
    assert error.value.field == field
    assert [q.key for q in draft.questions] == ["first"]


def test_keys_are_made_from_the_text_and_kept_when_it_is_corrected(people, draft, db):
    hr, section = people["hr"], draft.sections[0]
    assert questions.make_key("Sa i informuar jeni për vendimet?") == "sa-i-informuar-jeni-per-vendimet"
    assert questions.make_key("Koliko ste obavešteni o odlukama gradonačelnika, đače?", {"x"}) == (
        "koliko-ste-obavesteni-o-odlukama")
    assert questions.make_key("Email", {"email", "email-2"}) == "email-3"
    assert questions.make_key("?!", fallback="option") == "option"
    assert questions.make_key("Një" * 30) == ("nje" * 30)[:40]
    first = questions.save_question(hr, section, QuestionInput(
        key="", kind="single", texts={"sq": "Ku i merrni lajmet?", "en": "Where?"}, helps={},
        options=rows("Email", "Ekipet")))
    again = questions.save_question(hr, section, QuestionInput(
        key=" ", kind="yesno", texts={"sq": "Ku i merrni lajmet?"}, helps={}))
    assert (first.key, again.key) == ("ku-i-merrni-lajmet", "ku-i-merrni-lajmet-2")
    assert [o["key"] for o in first.options] == ["email-sq", "ekipet-sq"]
    # corrected texts and a new option between: existing keys stay, the new option gets its own
    questions.save_question(hr, section, QuestionInput(
        key="", kind="single", texts={"sq": "Nga ku i merrni lajmet?"}, helps={},
        options=[{"key": "email-sq", "labels": {"sq": "E-mail"}}, {"key": "", "labels": {"sq": "Email sq"}},
                 {"key": "ekipet-sq", "labels": {"sq": "Teams"}}]), first)
    question = db.session.get(Question, first.id)
    assert question.key == "ku-i-merrni-lajmet"
    assert [(o["key"], o["labels"]["sq"]) for o in question.options] == [
        ("email-sq", "E-mail"), ("email-sq-2", "Email sq"), ("ekipet-sq", "Teams")]


def test_missing_languages_are_listed_and_block_opening(people, make_survey):
    survey = make_survey()
    survey.questions[2].texts = {"sq": "Vetëm shqip"}
    survey.sections[1].titles = {"sq": "Faqja", "sr": "Strana"}
    survey.questions[2].options[0] = {"key": "email", "labels": {"sq": "Email", "sr": "Email"}}
    from sqlalchemy.orm.attributes import flag_modified

    from intranet.extensions import db

    flag_modified(survey.questions[2], "options")
    db.session.commit()
    missing = {m.place: m.languages for m in building.missing_texts(survey)}
    assert missing == {"Section 2: title": ["en"], "Question channel: text": ["sr", "en"],
                       "Question channel: option email": ["en"]}
    with pytest.raises(DomainError, match="3 texts are missing"):
        opening.open_survey(people["hr"], survey)
    assert survey.status == "draft" and not survey.frozen


def test_an_optional_text_is_missing_only_when_given_in_some_language(make_survey):
    survey = make_survey(intros={})
    assert building.missing_texts(survey) == []
    survey.intros = {"en": "Hello"}
    assert [m.place for m in building.missing_texts(survey)] == ["Survey introduction"]


def test_opening_is_refused_with_clear_reasons(people, draft):
    with pytest.raises(DomainError) as error:
        opening.open_survey(people["hr"], draft)
    message = error.value.message
    assert "The survey has no questions." in message and "Section 1 has no questions" in message
    assert "Set when the survey opens and closes." in message


def test_the_window_must_close_after_it_opens(people, make_survey):
    survey = make_survey()
    now = utcnow()
    with pytest.raises(DomainError) as error:
        settings(people["hr"], survey, opens_at=now, closes_at=now - timedelta(hours=1))
    assert error.value.field == "closes_at"
    survey.closes_at = now - timedelta(hours=1)
    survey.opens_at = now - timedelta(days=2)
    with pytest.raises(DomainError, match="The closing time has passed"):
        opening.open_survey(people["hr"], survey)


def test_opening_freezes_audience_and_groups(people, make_survey, make_person, units, db):
    deputy = make_person("Deputy director", unit=units["other"], roles=["director"])
    inactive = make_person("Gone", unit=units["own"], active=False)
    survey = opening.open_survey(people["hr"], make_survey())
    assert survey.status == "open" and survey.frozen
    groups = {g.key: g for g in survey.groups}
    assert {k: g.headcount for k, g in groups.items()} == {"OWN": 6, "OTH": 1}
    members = db.session.scalars(db.select(AudienceMember).filter_by(survey_id=survey.id)).all()
    assert {m.person_id for m in members} == {p.id for p in people.values()} | {
        db.session.scalar(db.select(AudienceMember.person_id).filter_by(group_id=groups["OTH"].id))}
    assert inactive.id not in {m.person_id for m in members}
    managers = {m.person_id for m in members if m.is_manager}
    assert managers == {people["director"].id, deputy.id}
    late = make_person("Late joiner", unit=units["own"])
    assert late.id not in {m.person_id for m in db.session.scalars(db.select(AudienceMember))}
    assert {p.key: p.headcount for p in feasibility.plan_groups(survey)} == {"OWN": 6, "OTH": 1}
    from intranet.audit.models import AuditEntry

    assert db.session.scalar(db.select(AuditEntry).filter_by(action="surveys.opened")).target_id == str(survey.id)
    with pytest.raises(DomainError, match="Only a draft"):
        opening.open_survey(people["hr"], survey)


def test_a_chosen_unit_includes_its_sub_units(people, make_survey, make_unit, make_person, units):
    sub = make_unit("SUB", parent_id=units["other"].id, kind="unit")
    make_person("In sub", unit=sub)
    make_person("In other", unit=units["other"])
    survey = make_survey(audience_all=False, audience_unit_ids=[units["other"].id, sub.id])
    plans = feasibility.plan_groups(survey)
    assert [(p.key, sorted(p.unit_ids), p.headcount) for p in plans] == [
        ("OTH", sorted([units["other"].id, sub.id]), 2)]
    opening.open_survey(people["hr"], survey)
    assert len(survey.groups) == 1 and survey.groups[0].headcount == 2


def settings(actor, survey, **changes):
    values = dict(titles=survey.titles, intros=survey.intros, series=survey.series, anonymous=survey.anonymous,
                  score_threshold=survey.score_threshold, comment_threshold=survey.comment_threshold,
                  audience_all=survey.audience_all, audience_unit_ids=survey.audience_unit_ids,
                  collect_manager=survey.collect_manager, collect_tenure=survey.collect_tenure,
                  opens_at=survey.opens_at, closes_at=survey.closes_at, reminder_days=survey.reminder_days)
    return building.update_settings(actor, survey, **{**values, **changes})


def test_thresholds_have_floors(people, make_survey):
    survey = make_survey()
    with pytest.raises(DomainError) as error:
        settings(people["hr"], survey, score_threshold=2)
    assert error.value.field == "score_threshold"
    with pytest.raises(DomainError) as error:
        settings(people["hr"], survey, score_threshold=6, comment_threshold=5)
    assert error.value.field == "comment_threshold"
    settings(people["hr"], survey, score_threshold=3, comment_threshold=3)
    assert (survey.score_threshold, survey.comment_threshold) == (3, 3)


def test_thresholds_and_audience_cannot_be_loosened_after_opening(people, open_survey, units):
    hr = people["hr"]
    for changes, field in [({"score_threshold": 4}, "score_threshold"),
                           ({"comment_threshold": 9}, "comment_threshold"),
                           ({"anonymous": False}, "anonymous"),
                           ({"audience_all": False, "audience_unit_ids": [units["own"].id]}, "audience_all"),
                           ({"collect_manager": True}, "collect_manager")]:
        with pytest.raises(DomainError) as error:
            settings(hr, open_survey, **changes)
        assert error.value.field == field
    assert (open_survey.score_threshold, open_survey.comment_threshold, open_survey.anonymous) == (5, 10, True)
    later = open_survey.closes_at + timedelta(days=3)
    settings(hr, open_survey, score_threshold=7, comment_threshold=12, closes_at=later)
    assert (open_survey.score_threshold, open_survey.comment_threshold) == (7, 12)
    with pytest.raises(DomainError, match="frozen"):
        feasibility.merge_groups(hr, open_survey, ["OWN", "OTH"], "ALL", texts("All"))


def test_anonymity_cannot_be_switched_off_once_a_response_exists(people, make_survey, db):
    survey = make_survey()
    group = ReportingGroup(survey=survey, key="OWN", names=texts("Own"), unit_ids=[])
    db.session.add(group)
    db.session.flush()
    db.session.add(Response(survey_id=survey.id, group_id=group.id))
    db.session.commit()
    with pytest.raises(DomainError, match="anonymity cannot be switched off") as error:
        settings(people["hr"], survey, anonymous=False)
    assert error.value.field == "anonymous"
    assert db.session.get(Survey, survey.id).anonymous is True


def test_without_responses_a_draft_may_be_identified(people, make_survey):
    survey = settings(people["hr"], make_survey(), anonymous=False)
    assert survey.anonymous is False


def test_feasibility_and_merging_small_units(people, make_survey, make_unit, make_person, units, db):
    small = make_unit("SML", "Small office")
    for _ in range(2):
        make_person(unit=units["other"])
    make_person(unit=small)
    make_unit("EMPTY")
    survey = make_survey()
    plans = {p.key: p for p in feasibility.plan_groups(survey)}
    assert {k: (p.headcount, p.reaches_scores) for k, p in plans.items()} == {
        "OWN": (6, True), "OTH": (2, False), "SML": (1, False)}
    with pytest.raises(DomainError) as error:
        feasibility.merge_groups(people["hr"], survey, ["OTH"], "SMALL", texts("Small units"))
    assert error.value.field == "groups"
    with pytest.raises(DomainError) as error:
        feasibility.merge_groups(people["hr"], survey, ["OTH", "SML"], "OWN", texts("Small units"))
    assert error.value.field == "key"
    feasibility.merge_groups(people["hr"], survey, ["OTH", "SML"], "SMALL", texts("Small units"))
    plans = {p.key: p for p in feasibility.plan_groups(survey)}
    assert {k: p.headcount for k, p in plans.items()} == {"SMALL": 3, "OWN": 6}
    assert plans["SMALL"].stored and not plans["OWN"].stored
    feasibility.unmerge_group(people["hr"], survey, "SMALL")
    assert {p.key for p in feasibility.plan_groups(survey)} == {"OWN", "OTH", "SML"}
    feasibility.merge_groups(people["hr"], survey, ["OTH", "SML"], "SMALL", texts("Small units"))
    opening.open_survey(people["hr"], survey)
    groups = {g.key: g for g in db.session.get(Survey, survey.id).groups}
    assert {k: g.headcount for k, g in groups.items()} == {"SMALL": 3, "OWN": 6}
    assert set(groups["SMALL"].unit_ids) == {units["other"].id, small.id}
    in_small = db.session.scalar(db.select(db.func.count()).select_from(AudienceMember)
                                 .filter_by(group_id=groups["SMALL"].id))
    assert in_small == 3


def test_questions_are_frozen_after_opening_but_texts_can_be_corrected(people, open_survey):
    hr = people["hr"]
    first = open_survey.questions[0]
    with pytest.raises(DomainError, match="The survey is open"):
        questions.save_question(hr, first.section, question("new", "likert5"))
    with pytest.raises(DomainError, match="The survey is open"):
        questions.delete_question(hr, first)
    with pytest.raises(DomainError, match="The survey is open"):
        sections.add_section(hr, open_survey, texts("More"), {})
    with pytest.raises(DomainError, match="only texts, help and labels"):
        questions.save_question(hr, first.section, question("informed", "likert7", required=True), first)
    questions.save_question(hr, first.section, QuestionInput(
        key="informed", kind="likert5", texts={**texts("x"), "en": "Corrected"}, helps={}, required=True,
        dimension="top_down"), first)
    assert first.texts["en"] == "Corrected"


def test_sections_and_questions_move_and_delete(people, make_survey, db):
    hr = people["hr"]
    survey = make_survey()
    first, second = survey.sections
    questions.move_question(hr, survey.questions[1], -1)
    assert [q.key for q in survey.questions][:2] == ["heard", "informed"]
    with pytest.raises(DomainError, match="meetings_useful depends on meetings"):
        questions.move_question(hr, db.session.get(Question, survey.questions[6].id), -1)
    sections.move_section(hr, second, -1)
    survey = db.session.get(Survey, survey.id)
    assert survey.sections[0].id == second.id and survey.questions[0].key == "meetings"
    with pytest.raises(DomainError, match="depending on this one"):
        questions.delete_question(hr, survey.questions[0])
    questions.delete_question(hr, survey.questions[1])
    sections.delete_section(hr, db.session.get(SurveySection, first.id))
    survey = db.session.get(Survey, survey.id)
    assert [q.position for q in survey.questions] == [1, 2, 3, 4, 5]
    assert len(survey.sections) == 1


def test_copy_keeps_keys_and_series_with_an_empty_window(people, open_survey):
    copy = building.copy_survey(people["hr"], open_survey)
    assert copy.id != open_survey.id and copy.status == "draft" and not copy.frozen
    assert copy.series == open_survey.series and copy.copied_from_id == open_survey.id
    assert [q.key for q in copy.questions] == [q.key for q in open_survey.questions]
    assert [q.section.position for q in copy.questions] == [q.section.position for q in open_survey.questions]
    assert copy.opens_at is None and copy.closes_at is None and copy.groups == []
    assert copy.questions[6].condition == {"question": "meetings", "equals": ["yes"]}


TEMPLATE = {
    "series": "staff-communication", "titles": texts("Annual survey"), "intros": texts("Intro"),
    "collect_manager": True, "collect_tenure": False,
    "sections": [{"titles": texts("Lateral"), "intros": {}, "questions": [
        {"key": "q1", "kind": "likert5", "dimension": "lateral", "texts": texts("Q1"), "helps": {},
         "required": True, "options": [], "items": [], "scale": None, "condition": None},
        {"key": "units", "kind": "unit_matrix", "dimension": "horizontal", "texts": texts("Units"), "helps": {},
         "required": False, "options": [], "items": [], "scale": None,
         "condition": {"question": "q1", "equals": ["4", "5"]}},
    ]}],
}


def test_template_creation_fills_the_unit_matrix_with_directorates(people, make_unit, units):
    make_unit("SUBU", kind="unit", parent_id=units["own"].id)
    make_unit("OFF", kind="office")
    survey = building.create_from_template(people["hr"], TEMPLATE)
    assert survey.series == "staff-communication" and survey.collect_manager and survey.status == "draft"
    assert [q.key for q in survey.questions] == ["q1", "units"]
    assert survey.questions[1].items == [{"key": "OTH"}, {"key": "OWN"}]
    assert survey.questions[1].condition == {"question": "q1", "equals": ["4", "5"]}
    assert building.missing_texts(survey) == []


def test_only_hr_builds(people, make_survey):
    with pytest.raises(DomainError):
        building.create_survey(people["director"], texts("Mine"))
    with pytest.raises(DomainError):
        opening.open_survey(people["admin"], make_survey())


def test_closing(people, open_survey, make_survey):
    opening.close_survey(people["hr"], open_survey)
    assert open_survey.status == "closed" and open_survey.closed_at is not None
    with pytest.raises(DomainError, match="Only an open survey"):
        opening.close_survey(people["hr"], open_survey)
    with pytest.raises(DomainError, match="closed"):
        settings(people["hr"], open_survey, score_threshold=9)


def test_the_settings_form_shows_and_takes_local_time(app):
    with app.test_request_context():
        form = SettingsForm(formdata=None, data={"opens_at": datetime(2026, 7, 1, 7, 0)})
        assert form.opens_at._value() == "2026-07-01T09:00"  # Belgrade is UTC+2 in summer
        form = SettingsForm(formdata=MultiDict({"opens_at": "2026-12-01T08:00"}))
        assert form.opens_at.data == datetime(2026, 12, 1, 7, 0)


def test_the_same_question_added_twice_at_once_is_stored_once(app, people, draft, db):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite writes one transaction at a time")
    import threading

    from intranet.people.models import Person

    hr_id, section_id = people["hr"].id, draft.sections[0].id
    db.session.remove()
    barrier, errors, keys = threading.Barrier(2), [], []

    def add() -> None:
        with app.app_context():
            try:
                hr, section = db.session.get(Person, hr_id), db.session.get(SurveySection, section_id)
                list(section.survey.questions), list(section.questions)  # read before the race
                barrier.wait(timeout=30)
                keys.append(questions.save_question(hr, section, QuestionInput(
                    key="", kind="yesno", texts=texts("Do you read the bulletin"), helps={})).key)
            except Exception as error:  # noqa: BLE001 - reported below with the test's failure
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=add) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors and keys == ["do-you-read-the-bulletin-sq"] * 2
    assert db.session.scalar(db.select(db.func.count()).select_from(Question)) == 1
