"""Surveys: what hr builds (survey, sections, questions), what is frozen when it opens
(audience, reporting groups), and what people leave behind (participation, drafts,
responses and their answers).

Anonymity lives in the shape of these tables (see surveys/README.md):
- `Participation` (who has answered, to the day) and `Response` (what was answered)
  share no key. A response has a random, unordered id, no person (except in an
  identified survey, which says so before the first question), no time at all and
  only the breakdown attributes snapshotted from the frozen audience: the reporting
  group, and, when the survey collects them, manager or not and years-of-service band.
- One answer per person is the primary key of `Participation` (survey, person); the
  response is written in the same transaction, so a second submission rolls both back.
- Nothing here is numbered in the order of answering; on SQLite the tables written while a
  survey is open are `WITHOUT ROWID`, stored in the order of their keys (person, random id).
- A `Draft` is private to its author and deleted when the response is submitted.
"""

from __future__ import annotations

import enum
import secrets
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from intranet.actions.models import ActionItem
from intranet.domain import DomainError
from intranet.extensions import Model
from intranet.people.models import Person, pick_translation, utcnow


class SurveyStatus(enum.StrEnum):
    """A survey's life cycle, as stored: draft -> open -> closed -> archived.

    Moves go through `Survey.open()`, `.close()` and `.archive()`, which refuse any other.
    """

    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    ARCHIVED = "archived"


class PageFormat(enum.StrEnum):
    """How respondents go through a survey, as hr chose it."""

    #: one section per page, then a review page, then submit (the default)
    SECTIONS = "sections"
    #: every question on one page, checked and submitted there (no separate review)
    ONE_PAGE = "one_page"


#: question kinds
LIKERT5, LIKERT7 = "likert5", "likert7"
SINGLE, MULTIPLE = "single", "multiple"
RATING10 = "rating10"  # 0-10, eNPS-style
YESNO = "yesno"
SHORT_TEXT, LONG_TEXT = "short_text", "long_text"
GRID = "grid"  # several items (question.items) on one Likert scale (question.scale)
UNIT_MATRIX = "unit_matrix"  # one 1-5 rating per unit (question.items: unit codes)
QUESTION_KINDS = (LIKERT5, LIKERT7, SINGLE, MULTIPLE, RATING10, YESNO, SHORT_TEXT, LONG_TEXT, GRID, UNIT_MATRIX)
TEXT_KINDS = (SHORT_TEXT, LONG_TEXT)

#: years-of-service bands a survey may ask respondents for (keys; labels are translated in code)
TENURE_BANDS = ("lt2", "2to5", "6to10", "11to20", "gt20")

#: the floor no survey's score threshold may go under (DESIGN.md)
MIN_THRESHOLD = 3
DEFAULT_SCORE_THRESHOLD = 5
DEFAULT_COMMENT_THRESHOLD = 10


def random_id() -> str:
    """A random, unordered identifier: nothing about when or in which order it was made."""
    return secrets.token_hex(16)


class Survey(Model):
    """A staff survey (the annual communication survey, or any other)."""

    __tablename__ = "surveys"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: surveys of one series compare year over year, e.g. "staff-communication"
    series: Mapped[str | None] = mapped_column(String(64), index=True)
    #: per language: {"sq": ..., "sr": ..., "en": ...}
    titles: Mapped[dict] = mapped_column(JSON, default=dict)
    #: the introduction shown before the first question, per language
    intros: Mapped[dict] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(16), default=SurveyStatus.DRAFT, index=True)
    #: True (default): no response is linked to a person. False: "identified", said before the first question
    anonymous: Mapped[bool] = mapped_column(Boolean, default=True)
    score_threshold: Mapped[int] = mapped_column(Integer, default=DEFAULT_SCORE_THRESHOLD)
    comment_threshold: Mapped[int] = mapped_column(Integer, default=DEFAULT_COMMENT_THRESHOLD)
    #: True: all active staff; False: the units in `audience_unit_ids`
    audience_all: Mapped[bool] = mapped_column(Boolean, default=True)
    audience_unit_ids: Mapped[list] = mapped_column(JSON, default=list)
    #: breakdowns collected besides the unit
    collect_manager: Mapped[bool] = mapped_column(Boolean, default=False)
    collect_tenure: Mapped[bool] = mapped_column(Boolean, default=False)
    opens_at: Mapped[datetime | None] = mapped_column()
    closes_at: Mapped[datetime | None] = mapped_column()
    #: days before closing on which reminders go to those who have not answered, e.g. [7, 2]
    reminder_days: Mapped[list] = mapped_column(JSON, default=list)
    #: reminders already sent by the schedule (the day counts from `reminder_days`)
    reminders_sent: Mapped[list] = mapped_column(JSON, default=list)
    copied_from_id: Mapped[int | None] = mapped_column(ForeignKey("surveys.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: when the audience, groups, mode and thresholds were frozen (the survey opened)
    frozen_at: Mapped[datetime | None] = mapped_column()
    closed_at: Mapped[datetime | None] = mapped_column()
    #: moves on with every change to its texts, sections or questions: answering keeps an open
    #: survey's structure per process under (id, this number) (surveys.services.structure)
    structure_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    #: a `PageFormat`: one section per page, or all questions on one page
    page_format: Mapped[str] = mapped_column(String(16), default=PageFormat.SECTIONS, server_default="sections")
    #: set: a public citizen poll, answered without sign-in at /p/<poll_slug> (surveys.services.polls)
    poll_slug: Mapped[str | None] = mapped_column(String(64), unique=True)
    #: a poll's results are on its public results page (communications publishes them; shown once closed)
    results_public: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    sections: Mapped[list[SurveySection]] = relationship(
        back_populates="survey", order_by=lambda: SurveySection.position, cascade="all, delete-orphan"
    )
    questions: Mapped[list[Question]] = relationship(
        back_populates="survey", order_by=lambda: Question.position, cascade="all, delete-orphan",
        overlaps="section,questions",
    )
    groups: Mapped[list[ReportingGroup]] = relationship(
        back_populates="survey", order_by=lambda: ReportingGroup.position, cascade="all, delete-orphan"
    )
    created_by: Mapped[Person | None] = relationship(foreign_keys=[created_by_id])

    @property
    def title(self) -> str:
        return pick_translation(self.titles, fallback=f"#{self.id}")

    @property
    def intro(self) -> str:
        return pick_translation(self.intros, fallback="")

    @property
    def frozen(self) -> bool:
        return self.frozen_at is not None

    @property
    def editable(self) -> bool:
        """A draft, or open (texts may still be corrected); a closed survey no longer changes."""
        return self.status in (SurveyStatus.DRAFT, SurveyStatus.OPEN)

    @property
    def is_poll(self) -> bool:
        return bool(self.poll_slug)

    @property
    def one_page(self) -> bool:
        return self.page_format == PageFormat.ONE_PAGE

    def structure_changed(self) -> None:
        """Say that a text, section or question changed: answering reads the structure again."""
        self.structure_version = (self.structure_version or 1) + 1

    def open(self, now: datetime) -> None:
        """Draft -> open, freezing it at `now` (the opening service freezes the audience and groups).

        :raises DomainError: unless it is a draft that never opened.
        """
        if self.status != SurveyStatus.DRAFT or self.frozen:
            raise DomainError(_("Only a draft survey can be opened."))
        self.status, self.frozen_at = SurveyStatus.OPEN, now

    def close(self, now: datetime) -> None:
        """Open -> closed at `now`: nobody answers any more, the results are released.

        :raises DomainError: unless it is open.
        """
        if self.status != SurveyStatus.OPEN:
            raise DomainError(_("Only an open survey can be closed."))
        self.status, self.closed_at = SurveyStatus.CLOSED, now

    def archive(self) -> None:
        """Closed -> archived: kept for year over year, no longer listed as current.

        :raises DomainError: unless it is closed.
        """
        if self.status != SurveyStatus.CLOSED:
            raise DomainError(_("Only a closed survey can be archived."))
        self.status = SurveyStatus.ARCHIVED

    def __repr__(self) -> str:
        return f"<Survey {self.id} {self.status}>"


class SurveySection(Model):
    """A page of the survey: respondents see one section at a time."""

    __tablename__ = "survey_sections"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=1)
    titles: Mapped[dict] = mapped_column(JSON, default=dict)
    intros: Mapped[dict] = mapped_column(JSON, default=dict)

    survey: Mapped[Survey] = relationship(back_populates="sections")
    questions: Mapped[list[Question]] = relationship(
        back_populates="section", order_by=lambda: Question.position, overlaps="questions,survey"
    )

    @property
    def title(self) -> str:
        return pick_translation(self.titles, fallback="")

    @property
    def intro(self) -> str:
        return pick_translation(self.intros, fallback="")


class Question(Model):
    """One question. Its `key` is stable across copies of a survey, so years compare."""

    __tablename__ = "survey_questions"
    __table_args__ = (UniqueConstraint("survey_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("survey_sections.id", ondelete="CASCADE"), index=True)
    #: order within the whole survey (sections keep theirs; questions are numbered in this order)
    position: Mapped[int] = mapped_column(Integer, default=1)
    key: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    #: e.g. "top_down", "lateral", "bottom_up", "media_quality", "personal_feedback" (see surveys.services.dimensions)
    dimension: Mapped[str | None] = mapped_column(String(32))
    texts: Mapped[dict] = mapped_column(JSON, default=dict)
    helps: Mapped[dict] = mapped_column(JSON, default=dict)
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    #: single/multiple choice: [{"key": "a", "labels": {"sq": ..., ...}}, ...]
    options: Mapped[list] = mapped_column(JSON, default=list)
    #: grid: [{"key": "item", "labels": {...}}, ...]; unit matrix: [{"key": "<unit code>"}, ...]
    items: Mapped[list] = mapped_column(JSON, default=list)
    #: grid: the scale of its items, LIKERT5 or LIKERT7
    scale: Mapped[str | None] = mapped_column(String(16))
    #: show only when an earlier answer matches: {"question": "<key>", "equals": ["<value>", ...]}
    condition: Mapped[dict | None] = mapped_column(JSON)

    survey: Mapped[Survey] = relationship(back_populates="questions", overlaps="questions,section")
    section: Mapped[SurveySection] = relationship(back_populates="questions", overlaps="questions,survey")

    @property
    def text(self) -> str:
        return pick_translation(self.texts, fallback=self.key)

    @property
    def help(self) -> str:
        return pick_translation(self.helps, fallback="")


class ReportingGroup(Model):
    """A group results are reported for: one unit, or small units merged under one name.

    Planned in the feasibility preview, frozen when the survey opens. Responses carry
    the group, never the unit, so a merged small unit cannot be singled out later.
    """

    __tablename__ = "survey_groups"
    __table_args__ = (UniqueConstraint("survey_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    #: stable across years: the unit code, or a key chosen for a merged group
    key: Mapped[str] = mapped_column(String(64))
    names: Mapped[dict] = mapped_column(JSON, default=dict)
    unit_ids: Mapped[list] = mapped_column(JSON, default=list)
    position: Mapped[int] = mapped_column(Integer, default=1)
    #: audience size when the survey opened (the response-rate denominator)
    headcount: Mapped[int] = mapped_column(Integer, default=0)

    survey: Mapped[Survey] = relationship(back_populates="groups")

    @property
    def name(self) -> str:
        return pick_translation(self.names, fallback=self.key)


class AudienceMember(Model):
    """Who the survey was addressed to, frozen when it opened (with their reporting group)."""

    __tablename__ = "survey_audience"
    __table_args__ = (UniqueConstraint("survey_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("survey_groups.id", ondelete="CASCADE"), index=True)
    #: heads a unit or holds the director role when the survey opened
    is_manager: Mapped[bool] = mapped_column(Boolean, default=False)

    person: Mapped[Person] = relationship()
    group: Mapped[ReportingGroup] = relationship()


class Participation(Model):
    """That a person has answered — for one answer per person and for reminders. Never what.

    Keyed by (survey, person), with no number of its own: an auto-numbered id would count the
    respondents in the order they answered. On SQLite the table has no rowid either
    (`WITHOUT ROWID`), so its rows are stored in key order, not in the order of answering.
    """

    __tablename__ = "survey_participations"
    __table_args__ = {"sqlite_with_rowid": False}

    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True,
                                           index=True)
    #: the day only: no time that could be matched to a response
    answered_on: Mapped[date] = mapped_column()


class Draft(Model):
    """A half-answered survey, private to its author; deleted when the response is submitted."""

    __tablename__ = "survey_drafts"
    __table_args__ = (UniqueConstraint("survey_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    #: question key -> the raw answer as the form gave it (str, list of str, or {item: str})
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    #: the section the person was on (1-based)
    page: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Response(Model):
    """One submitted questionnaire. No time, no order, no language, no person in an anonymous survey.

    Its answers are `Answer` rows, and stored together once more in `cells` (for the CSV export).

    On SQLite a `WITHOUT ROWID` table: stored in the order of its random ids, not of submission.
    """

    __tablename__ = "survey_responses"
    #: the index serves the results' response counts per group and breakdown from the index alone
    __table_args__ = (Index("ix_survey_responses_breakdown", "survey_id", "group_id", "is_manager", "tenure_band"),
                      {"sqlite_with_rowid": False})

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=random_id)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("survey_groups.id", ondelete="CASCADE"), index=True)
    #: only when the survey collects it
    is_manager: Mapped[bool | None] = mapped_column(Boolean)
    tenure_band: Mapped[str | None] = mapped_column(String(8))
    #: identified surveys only; always NULL in an anonymous survey
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    #: its answers again, stored together: a JSON array of one text per CSV column, written with the
    #: response (surveys.services.response_rows); what the CSV export reads instead of every answer row
    cells: Mapped[str | None] = mapped_column(Text)

    answers: Mapped[list[Answer]] = relationship(back_populates="response", cascade="all, delete-orphan")


class Answer(Model):
    """One value of a response.

    - scales, 0-10, yes/no (1/0): `item` "", `number`
    - single choice: `item` "", `choice` (the option key)
    - multiple choice: one row per chosen option, `item` the option key, `number` 1
    - grid: one row per item, `item` the item key, `number`
    - unit matrix: one row per rated unit, `item` the unit code, `number` 1-5
    - text: `item` "", `text`

    Keyed by the response's random id (on SQLite `WITHOUT ROWID`: stored in that order).
    """

    __tablename__ = "survey_answers"
    __table_args__ = {"sqlite_with_rowid": False}

    response_id: Mapped[str] = mapped_column(
        ForeignKey("survey_responses.id", ondelete="CASCADE"), primary_key=True
    )
    question_id: Mapped[int] = mapped_column(
        ForeignKey("survey_questions.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    item: Mapped[str] = mapped_column(String(64), primary_key=True, default="")
    number: Mapped[int | None] = mapped_column(Integer)
    choice: Mapped[str | None] = mapped_column(String(64))
    text: Mapped[str | None] = mapped_column(Text)

    response: Mapped[Response] = relationship(back_populates="answers")


class AnswerCount(Model):
    """How many answers of a survey's question (item) in a reporting group had one value.

    Kept up to date in the transaction that submits a response, so results read a table
    of (questions × items × groups × values) rows instead of counting every answer: the
    results page costs the same at 100 responses and at 100,000. It holds nothing the
    results do not show (before suppression) and no time or order.
    - scales, 0-10, yes/no, grid items, unit matrix: `value` is the number as text ("4")
    - single choice: `value` "c:<option key>"; multiple choice: `item` the option key, `value` "1",
      plus one row with `item` "" and `value` "answered" counting the respondents of the question

    Every row a survey can need is created with count 0 when it opens (surveys.services.counting.prepare_counts),
    so answering only updates rows: no row's existence or place says which value was answered first.
    On SQLite a `WITHOUT ROWID` table, stored in key order.
    """

    __tablename__ = "survey_answer_counts"
    __table_args__ = {"sqlite_with_rowid": False}

    question_id: Mapped[int] = mapped_column(
        ForeignKey("survey_questions.id", ondelete="CASCADE"), primary_key=True
    )
    item: Mapped[str] = mapped_column(String(64), primary_key=True, default="")
    group_id: Mapped[int] = mapped_column(ForeignKey("survey_groups.id", ondelete="CASCADE"), primary_key=True)
    value: Mapped[str] = mapped_column(String(72), primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    count: Mapped[int] = mapped_column(Integer, default=0)


class BreakdownCount(Model):
    """The scale answers of a reporting group's respondents with one pair of breakdowns (manager
    or staff, years-of-service band): how many, and how many favourable.

    Kept with each submission like `AnswerCount`, so the cross-tables (heatmap page, XLSX) read a
    few hundred rows instead of every answer. Holds no more than the responses' own breakdown
    columns already do. `manager` is "manager", "staff" or "" (not asked); `tenure_band` is ""
    when not asked or not said. Created with zeros at opening, like `AnswerCount`; `WITHOUT ROWID` on SQLite.
    """

    __tablename__ = "survey_breakdown_counts"
    __table_args__ = {"sqlite_with_rowid": False}

    group_id: Mapped[int] = mapped_column(ForeignKey("survey_groups.id", ondelete="CASCADE"), primary_key=True)
    manager: Mapped[str] = mapped_column(String(8), primary_key=True, default="")
    tenure_band: Mapped[str] = mapped_column(String(16), primary_key=True, default="")
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    answers: Mapped[int] = mapped_column(Integer, default=0)
    favourable: Mapped[int] = mapped_column(Integer, default=0)


class FollowUp(Model):
    """What a follow-up action answers in a survey's results: a question and/or a dimension, and a
    group (None: the organisation). The action itself (title, owner, due day, status) is an item of
    the host's register (`intranet.actions`); this row links it to the survey, so that the results
    pages list it and hide an action on a group the reader may not read."""

    __tablename__ = "survey_followups"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_item_id: Mapped[int] = mapped_column(ForeignKey("action_items.id", ondelete="CASCADE"), unique=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    question_key: Mapped[str | None] = mapped_column(String(64))
    dimension: Mapped[str | None] = mapped_column(String(32))
    group_id: Mapped[int | None] = mapped_column(ForeignKey("survey_groups.id", ondelete="SET NULL"))

    item: Mapped[ActionItem] = relationship()
    survey: Mapped[Survey] = relationship()
    group: Mapped[ReportingGroup | None] = relationship()


__all__ = [
    "Answer", "AnswerCount", "AudienceMember", "Draft", "FollowUp", "PageFormat", "Participation", "Question",
    "ReportingGroup", "Response", "Survey", "SurveySection", "SurveyStatus",
]
